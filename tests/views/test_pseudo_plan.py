"""Every word of views.plan and views.chart goes through the catalog (tests.pseudo): the plan, its forms, the
autopilot's draft DM, coverage, gap alerts, the tactics chart (CSV) and the two charts' titles, axes and legends.

The sample data has no plain vowels, so a word that keeps one bypassed the catalog. Days are written as
English reads them in the pseudo-language ("Mon Dec 7"): their words are allowed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from core.calls import Scheduled
from core.coverage import Gap, Line
from core.plan import Decided
from models import Call, Campaign, DecisionMaker, PlannedWeek, PlanRow
from models.vocab import Audience, Effort, Method, WeekState
from tests import when
from tests.pseudo import in_pseudo
from views import chart, plan
from views.i18n import speaking

DATE_WORDS = (
    *("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    *("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
)
MONDAY = when.monday(1)


def campaign(makers: int = 1) -> Campaign:
    found = Campaign(id=3, name="Crwth Nymph")
    found.decision_makers = [
        DecisionMaker(id=10 + i, name=f"Lynn Smyth {i}", role="Clrk" if i % 2 else None) for i in range(makers)
    ]
    return found


def row(
    row_id: int = 5,
    *,
    audience: Audience = Audience.DECISION_MAKER,
    asks: int = 2,
    per_week: int = 3,
    first: bool = True,
    objective: str = "Crwth nymph 2",
) -> PlanRow:
    owner = campaign()
    return PlanRow(
        id=row_id,
        campaign=owner,
        campaign_id=owner.id,
        tactic=Method.OUTREACH,
        audience=audience,
        decision_maker=owner.decision_makers[0] if audience == Audience.DECISION_MAKER else None,
        objective=objective,
        effort=Effort.QUICK,
        per_week=per_week,
        constituents_first=first,
        starts_on=MONDAY,
        weeks=8,
        asks=[{"ask": f"Cll Mr Smyth {i}", "links": "https://xmpl.rg/scrpt"} for i in range(asks)],
    )


def rows() -> list[PlanRow]:
    return [
        row(1),
        row(2, audience=Audience.PUBLIC, asks=0, per_week=1),
        row(3, asks=1, first=False),
        row(4, audience=Audience.PRESS, asks=1),
        row(6, audience=Audience.COALITION),
    ]


def planned_week(row_id: int | None = None, *, summary_rows: int = 2, decided_by: str | None = None) -> PlannedWeek:
    shorts: list[dict[str, int | str] | None] = [
        {"why": "nobody"},
        {"why": "few", "fit": 9, "busy": 1, "without_time": 1},
        {"why": "cap", "cap": 90},
        None,
    ]
    audiences = ["decision_maker", "public", "press", "coalition"]
    summary = [
        {
            "row": i,
            "campaign": "Crwth Nymph",
            "tactic": "outreach",
            "audience": audiences[i % 4],
            "maker": "Lynn Smyth",
            "target": 3,
            "asks": i,
            "expected": 0.3 * i,
            "short": shorts[i % 4],
        }
        for i in range(1, summary_rows + 1)
    ]
    if summary_rows:  # a week drafted before the summary held facts: its English label and reason, as stored
        summary[0] = {**summary[0], "tactic": None, "label": "Drct trch t Lynn Smyth", "short": "nbdy fts"}
    return PlannedWeek(
        id=7,
        first_day=MONDAY,
        row_id=row_id,
        state=WeekState.DRAFTED,
        summary={"rows": summary},
        decided_by=decided_by,
    )


def call(call_id: int, people: int) -> Call:
    return Call(
        id=call_id,
        objective="Crwth nymph",
        send_at=when.local(1 + call_id % 5, 15),
        targeting={"user_ids": [f"U{i}" for i in range(people)]},
    )


def line(audience: Audience, label: str, *, contacts: int = 2, asks: int = 5, constituents: int = 1) -> Line:
    weeks = [MONDAY - timedelta(weeks=w) for w in range(5, -1, -1)]
    found = Line(3, "Crwth Nymph", audience, 10 if audience == Audience.DECISION_MAKER else None, label)
    found.weekly = {weeks[-1]: contacts, weeks[-3]: 1}
    found.targets = {weeks[-1]: 3, weeks[-2]: 3}
    found.by_tactic = Counter({Method.OUTREACH: contacts, Method.SOCIAL: 1})
    found.constituents = constituents
    found.asks = asks
    return found


def lines() -> list[Line]:
    return [
        line(Audience.DECISION_MAKER, "Lynn Smyth"),
        line(Audience.DECISION_MAKER, "Lynn Smyth", contacts=0, asks=1),
        line(Audience.PUBLIC, "The public", contacts=1, asks=1),
        line(Audience.PRESS, "The press", contacts=0, asks=0),
    ]


WEEKS = [MONDAY - timedelta(weeks=w) for w in range(5, -1, -1)]


def test_the_plan_and_its_form_are_all_in_the_catalog() -> None:
    assert in_pseudo(lambda: plan.row_line(row()), allowed=DATE_WORDS) == []
    for shown in ([], [row()], rows()):
        assert in_pseudo(lambda shown=shown: plan.plan_message(campaign(), shown), allowed=DATE_WORDS) == []
        assert in_pseudo(lambda shown=shown: plan.removed(campaign(), 4, shown), allowed=DATE_WORDS) == []
    assert in_pseudo(lambda: plan.row_added(campaign(), row(), rows()), allowed=DATE_WORDS) == []
    assert in_pseudo(lambda: plan.plans_message([], {})) == []
    assert in_pseudo(lambda: plan.plans_message([campaign(), Campaign(id=4, name="Brr")], {3: 1, 4: 12})) == []
    for makers in (0, 1, 3, plan.MAKERS_SHOWN + 4):
        assert in_pseudo(lambda makers=makers: plan.plan_form(campaign(makers), rows(), MONDAY)) == []


def test_the_autopilots_draft_and_its_answers_are_all_in_the_catalog() -> None:
    for week in (
        planned_week(),
        planned_week(9, summary_rows=1),
        planned_week(summary_rows=0),
        planned_week(summary_rows=5),
    ):
        assert in_pseudo(lambda week=week: plan.draft_message(week)) == []
    scheduled = [Scheduled(1, 3, None), Scheduled(2, 1, None)]
    decisions = [
        Decided(7, WeekState.APPROVED, scheduled),
        Decided(7, WeekState.APPROVED, scheduled[:1], dropped=1),
        Decided(7, WeekState.APPROVED, [Scheduled(1, 1, None)], dropped=4),
        Decided(7, WeekState.SKIPPED),
    ] + [Decided(7, state, already=True) for state in WeekState]
    for decided in decisions:
        for week in (planned_week(), planned_week(decided_by="U0LYNN")):
            assert in_pseudo(lambda week=week, decided=decided: plan.decided_message(week, decided, "UTC")) == []
    for drafts in ([], [call(1, 1)], [call(i, i % 3) for i in range(1, plan.DRAFTS_SHOWN + 3)]):
        assert in_pseudo(lambda drafts=drafts: plan.keep_form(planned_week(), drafts, "UTC"), DATE_WORDS) == []
    for state in [*(s.value for s in WeekState), "gne"]:
        assert in_pseudo(lambda state=state: plan.draft_decided(state)) == []
    for left in (None, 0, 1, 3):
        assert in_pseudo(lambda left=left: plan.kept(left)) == []


def test_coverage_and_gap_alerts_are_all_in_the_catalog() -> None:
    for shown in ([], lines()):
        for spanned in (0, 1, 6):
            for title in ("Crwth Nymph", None):
                assert (
                    in_pseudo(
                        lambda shown=shown, spanned=spanned, title=title: plan.coverage_message(
                            shown, WEEKS, title, spanned
                        )
                    )
                    == []
                )
    for label, asks in (("Lynn Smyth", 0), ("The public", 1), ("The coalition's own leaders", 6)):
        gap = Gap(5, "U0LYNN", "Crwth Nymph", label, MONDAY, 14, 3, asks)
        assert in_pseudo(lambda gap=gap: plan.gap_message(gap)) == []


def test_the_short_answers_are_all_in_the_catalog() -> None:
    answers: list[Callable[[], Any]] = [
        lambda: plan.unknown_campaign("Brr"),
        plan.which_row,
        plan.campaign_gone,
        plan.draft_gone,
        plan.row_gone,
        lambda: plan.unknown_coverage_campaign("Brr"),
        lambda: plan.chart_uploaded(0),
        lambda: plan.chart_uploaded(1),
        lambda: plan.chart_uploaded(1200),
        plan.upload_failed,
    ]
    for build in answers:
        assert in_pseudo(build) == []


def test_the_tactics_charts_words_are_in_the_catalog() -> None:
    def body() -> list[str]:  # the column names are keys a spreadsheet keeps: not translated
        return plan.tactics_chart_csv(rows()).decode("utf-8").splitlines()[1:]

    assert in_pseudo(body) == []
    assert plan.tactics_chart_csv(rows()).decode("utf-8").splitlines()[0].split(",") == plan.CHART_COLUMNS


def drawn(monkeypatch: pytest.MonkeyPatch, draw: Callable[[], bytes]) -> Callable[[], list[str]]:
    """Every text a chart draws (titles, axes, ticks, legend, notes), read from the figure as saved."""
    texts: list[str] = []
    save = Figure.savefig

    def savefig(figure: Figure, *args: Any, **kwargs: Any) -> None:
        save(figure, *args, **kwargs)
        texts.extend(t.get_text() for t in figure.findobj(Text) if isinstance(t, Text))

    def build() -> list[str]:
        monkeypatch.setattr(Figure, "savefig", savefig)
        try:
            assert draw()[:8] == b"\x89PNG\r\n\x1a\n"
        finally:
            monkeypatch.setattr(Figure, "savefig", save)
        return [t for t in texts if t]

    return build


def test_the_charts_words_are_all_in_the_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    weekly: dict[date, Counter[Method]] = {
        WEEKS[0]: Counter({Method.OUTREACH: 2, Method.MEDIA: 1}),
        WEEKS[1]: Counter(),
        WEEKS[2]: Counter({m: 1 for m in Method}),
    }
    drawings: list[Callable[[], bytes]] = [
        lambda: chart.weekly_done_png(weekly),
        lambda: chart.weekly_done_png({w: Counter() for w in WEEKS}, chart.weekly_done_title()),
        lambda: chart.weekly_done_png({}, chart.weekly_done_title("Crwth Nymph")),
        lambda: chart.coverage_png(lines(), WEEKS),
        lambda: chart.coverage_png([], WEEKS, chart.coverage_title()),
        lambda: chart.coverage_png(lines()[:1], WEEKS[-1:], chart.coverage_title("Crwth Nymph")),
    ]
    for draw in drawings:
        found = in_pseudo(drawn(monkeypatch, draw), allowed=DATE_WORDS)
        assert found == []
    words = drawn(monkeypatch, lambda: chart.weekly_done_png(weekly))()
    assert "Direct outreach" in words, "the check sees the legend"
    assert "Completed" in words, "and the axes"


def test_english_reads_as_before() -> None:
    with speaking("en"):
        assert chart.weekly_done_title() == "Actions completed per week: all campaigns"
        assert chart.coverage_title("Brr") == "Completed contacts against the target: Brr"
        assert plan.row_line(row(objective="Crwth nymph <&> 2")) == (
            "*#5* Direct outreach to *Lynn Smyth 0*: Crwth nymph &lt;&amp;&gt; 2\n"
            "      3 completed contacts a week, constituents first; quick action; "
            f"{MONDAY.strftime('%a %b %-d')} to {(MONDAY + timedelta(days=55)).strftime('%a %b %-d')}; 2 ask templates"
        )
        gap = Gap(5, "U0LYNN", "Crwth Nymph", "The public", MONDAY, 14, 3, 1)
        assert plan.gap_message(gap)["text"] == (
            "*The public* (Crwth Nymph): 0 completed contacts in 14 days (target 3 a week); 1 ask went out, 0 done."
        )


def test_spanish_reads_its_days_and_audiences() -> None:
    with speaking("es"):
        text = plan.row_line(row(audience=Audience.PUBLIC))
        assert f"lun {MONDAY.day} " in text, "a Monday as Spanish writes it"
        assert "El público" in text
        gap = Gap(5, "U0LYNN", "Crwth Nymph", "The press", MONDAY, 14, 3, 2)
        assert "La prensa" in plan.gap_message(gap)["text"]
