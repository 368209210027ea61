"""The report's chart: actions completed per week, by tactic, as a PNG drawn headless with matplotlib."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date

import matplotlib

matplotlib.use("Agg")  # headless: no display, no GUI toolkit

from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from models.vocab import METHOD_KEYS, METHOD_LABELS, Method

COLORS = {
    Method.OUTREACH: "#1d3557",
    Method.EDUCATION: "#457b9d",
    Method.MEETINGS: "#2a9d8f",
    Method.SOCIAL: "#e9c46a",
    Method.MEDIA: "#e76f51",
}


def weekly_done_png(weekly: dict[date, Counter[Method]], title: str = "Actions completed per week") -> bytes:
    """Stacked bars: one bar per week, one colour per tactic.

    The PNG carries, in its "Drumbeat-Bars" text chunk, the heights of the bars as drawn (read back
    from the figure, not copied from the input), so a test can hold the picture against the data.
    """
    weeks = sorted(weekly)
    figure: Figure = plt.figure(figsize=(8, 4.5), dpi=100)
    try:
        axes = figure.add_subplot(1, 1, 1)
        labels = [week.strftime("%b %-d") for week in weeks]
        bottoms = [0] * len(weeks)
        drawn: dict[str, list[float]] = {}
        for method in Method:
            heights = [weekly[week][method] for week in weeks]
            if not any(heights):
                continue
            bars = axes.bar(labels, heights, bottom=bottoms, color=COLORS[method], label=METHOD_LABELS[method][0])
            drawn[METHOD_KEYS[method]] = [float(patch.get_height()) for patch in bars.patches]
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        axes.set_title(title)
        axes.set_ylabel("Completed")
        axes.set_xlabel("Week of")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        if drawn:
            axes.legend(loc="upper left", fontsize="small")
        else:
            axes.text(0.5, 0.5, "Nothing completed yet", ha="center", va="center", transform=axes.transAxes)
        figure.tight_layout()
        buffer = io.BytesIO()
        bars_text = json.dumps({"weeks": [w.isoformat() for w in weeks], "bars": drawn})
        figure.savefig(buffer, format="png", metadata={"Drumbeat-Bars": bars_text, "Software": "Drumbeat"})
        return buffer.getvalue()
    finally:
        plt.close(figure)
