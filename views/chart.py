"""The report's chart: actions completed per week, by tactic, as a PNG drawn headless with matplotlib.

Every word drawn (titles, axes, legends, weeks) is in the reader's language: the charts are drawn inside the
reader's `speaking(...)`, and a title is built with `weekly_done_title` or `coverage_title`."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date

import matplotlib
from babel.dates import format_date

matplotlib.use("Agg")  # headless: no display, no GUI toolkit

from matplotlib import pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from core.coverage import Line
from models.vocab import METHOD_KEYS, METHOD_LABELS, Method
from views.i18n import SPANISH, _, language
from views.plan import audience_name
from views.text import shorten

# Names are plain text whatever they hold: with maths parsing on, "Cut $100 #fees to $0" is read as a formula
# (an error, or mangled text). No chart of ours draws a formula.
matplotlib.rcParams["text.parse_math"] = False

LABEL_CHARS = 60  # an audience's name on the heat map, cut at a word beyond that
DARK_FROM = 0.6  # a shade this dark or darker takes white numbers

COLORS = {
    Method.OUTREACH: "#1d3557",
    Method.EDUCATION: "#457b9d",
    Method.MEETINGS: "#2a9d8f",
    Method.SOCIAL: "#e9c46a",
    Method.MEDIA: "#e76f51",
}


def _week(week: date) -> str:
    """A week's Monday on an axis: "Dec 7", "7 dic"."""
    if language() == SPANISH:
        return format_date(week, "d MMM", locale=SPANISH)
    return week.strftime("%b %-d")  # English (and the test pseudo-language)


def weekly_done_title(campaign: str | None = None) -> str:
    """The report chart's title: for one campaign (its name), or for all of them (None)."""
    if campaign is None:
        return _("Actions completed per week: all campaigns")
    return _("Actions completed per week: {campaign}", campaign=campaign)


def coverage_title(campaign: str | None = None) -> str:
    """The heat map's title: for one campaign (its name), or for every campaign (None)."""
    if campaign is None:
        return _("Completed contacts against the target: every campaign")
    return _("Completed contacts against the target: {campaign}", campaign=campaign)


def weekly_done_png(weekly: dict[date, Counter[Method]], title: str | None = None) -> bytes:
    """Stacked bars: one bar per week, one colour per tactic. `title`: see `weekly_done_title` (None: a
    plain "Actions completed per week").

    The PNG carries, in its "Drumbeat-Bars" text chunk, the heights of the bars as drawn (read back
    from the figure, not copied from the input), so a test can hold the picture against the data.
    """
    weeks = sorted(weekly)
    figure: Figure = plt.figure(figsize=(8, 4.5), dpi=100)
    try:
        axes = figure.add_subplot(1, 1, 1)
        labels = [_week(week) for week in weeks]
        bottoms = [0] * len(weeks)
        drawn: dict[str, list[float]] = {}
        for method in Method:
            heights = [weekly[week][method] for week in weeks]
            if not any(heights):
                continue
            bars = axes.bar(labels, heights, bottom=bottoms, color=COLORS[method], label=_(METHOD_LABELS[method][0]))
            drawn[METHOD_KEYS[method]] = [float(patch.get_height()) for patch in bars.patches]
            bottoms = [b + h for b, h in zip(bottoms, heights, strict=True)]
        axes.set_title(title if title is not None else _("Actions completed per week"))
        axes.set_ylabel(_("Completed"))
        axes.set_xlabel(_("Week of"))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        legend = None
        if drawn:  # beside the bars, never over them
            legend = axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small", borderaxespad=0)
        else:
            axes.text(0.5, 0.5, _("Nothing completed yet"), ha="center", va="center", transform=axes.transAxes)
        figure.tight_layout()
        covered = False
        if legend is not None:
            renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
            box = legend.get_window_extent(renderer)
            covered = any(box.overlaps(patch.get_window_extent(renderer)) for patch in axes.patches)
        buffer = io.BytesIO()
        bars_text = json.dumps(
            {
                "title": axes.get_title(),
                "weeks": [w.isoformat() for w in weeks],
                "bars": drawn,
                "legend_covers": covered,
            }
        )
        figure.savefig(buffer, format="png", metadata={"Drumbeat-Bars": bars_text, "Software": "Drumbeat"})
        return buffer.getvalue()
    finally:
        plt.close(figure)


def coverage_png(lines: list[Line], weeks: list[date], title: str | None = None) -> bytes:
    """A heat map: one row per audience, one column per week; the shade is completed contacts against the
    week's target (full green at the target, pale at none). A week without a target has no shade at all
    (its contacts are written in the cell): a shade claims a share of a target. The cell numbers are
    "contacts/target", white on the darker shades. `title`: see `coverage_title` (None: a plain "Completed
    contacts against the target").

    The PNG carries, in its "Drumbeat-Heat" text chunk, the audiences, the weeks and the shades as drawn
    (read back from the image, not copied from the input), so a test can hold the picture against the data.
    """
    labels = [
        shorten(f"{audience_name(line.label, line.audience)} ({line.campaign})", LABEL_CHARS) for line in lines
    ] or [_("No audiences yet")]
    shades: list[list[float]] = []
    for line in lines:
        row = []
        for week in weeks:
            got, target = line.weekly.get(week, 0), line.targets.get(week)
            row.append(min(1.0, got / target) if target else float("nan"))
        shades.append(row)
    if not shades:
        shades = [[0.0] * len(weeks)]
    height = max(2.5, 0.45 * len(labels) + 1.5)
    room = 0.08 * max(len(label) for label in labels)  # inches for the audiences' names, left of the map
    figure: Figure = plt.figure(figsize=(max(6.0, 0.6 * len(weeks) + 2.5 + room), height), dpi=100)
    try:
        axes = figure.add_subplot(1, 1, 1)
        white: list[list[int]] = []  # cells whose number is written in white
        greens = matplotlib.colormaps["Greens"].with_extremes(bad="white")  # no target: no shade
        image = axes.imshow(shades, cmap=greens, vmin=0.0, vmax=1.0, aspect="auto")
        axes.set_xticks(range(len(weeks)), [_week(w) for w in weeks], rotation=45, ha="right")
        axes.set_yticks(range(len(labels)), labels)
        for y, line in enumerate(lines):
            for x, week in enumerate(weeks):
                target = line.targets.get(week)
                got = line.weekly.get(week, 0)
                text = f"{got}/{target}" if target else (str(got) if got else "")
                dark = bool(target) and shades[y][x] >= DARK_FROM
                axes.text(x, y, text, ha="center", va="center", fontsize="x-small", color="white" if dark else "black")
                if dark and text:
                    white.append([y, x])
        axes.set_title(title if title is not None else _("Completed contacts against the target"))
        figure.colorbar(image, ax=axes, label=_("Share of the target reached"))
        figure.tight_layout()
        array = image.get_array()
        assert array is not None
        drawn = [[None if v is None else round(float(v), 3) for v in row] for row in array.tolist()]  # as drawn
        shown = [label.get_text() for label in axes.get_yticklabels()]
        heat = json.dumps(
            {
                "title": axes.get_title(),
                "audiences": shown,
                "weeks": [w.isoformat() for w in weeks],
                "shades": drawn,
                "white_text": white,
            }
        )
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", metadata={"Drumbeat-Heat": heat, "Software": "Drumbeat"})
        return buffer.getvalue()
    finally:
        plt.close(figure)
