"""The autopilot's choices, as plain functions over plain values (no database, no Slack)."""

from __future__ import annotations

from datetime import date

from core.plan import Person, draft, templates_of
from models import Campaign, PlanRow
from models.vocab import Audience, Effort, Level, Method
from tests import when

MONDAY = when.monday(1)
TUESDAY, WEDNESDAY, THURSDAY = (when.day(7), when.day(8), when.day(9))
LAST_WEDNESDAY = when.day(1)


def rows(n: int) -> list[PlanRow]:
    campaign = Campaign(id=1, name="ID cards")
    return [
        PlanRow(
            id=i + 1,
            campaign=campaign,
            campaign_id=1,
            tactic=Method.OUTREACH,
            audience=Audience.PUBLIC,
            decision_maker=None,
            per_week=1,
            effort=Effort.QUICK,
            constituents_first=False,
            asks=[],
        )
        for i in range(n)
    ]


def person(allowed: int = 2, window: int = 7, asked: list[date] | None = None) -> Person:
    return Person(
        id=1,
        user_id="U0A",
        level=Level.LEAD,
        methods=Method.OUTREACH.value,
        district_id=None,
        allowed=allowed,
        window=window,
        tz="UTC",
        quiet_start=0,
        quiet_end=0,
        last_asked=0.0,
        yield_=1.0,
        asked_days=sorted(d.toordinal() for d in asked or []),
    )


def test_never_two_asks_to_one_person_in_a_day() -> None:
    week = draft(rows(2), [person()], [MONDAY])
    assert [len(r.asks) for r in week.rows] == [1, 0], "one working day: one ask, though the limit allows two"
    week = draft(rows(2), [person()], [MONDAY, TUESDAY])
    assert sorted(a.day for r in week.rows for a in r.asks) == [MONDAY, TUESDAY]


def test_every_rolling_window_that_holds_the_day_counts() -> None:
    """Once a week: an ask last Wednesday rules out Monday and Tuesday, not Wednesday on."""
    days = [MONDAY, TUESDAY, WEDNESDAY]
    week = draft(rows(1), [person(allowed=1, asked=[LAST_WEDNESDAY])], days)
    assert [a.day for a in week.rows[0].asks] == [WEDNESDAY]
    week = draft(rows(1), [person(allowed=1, asked=[THURSDAY])], days)
    assert week.rows[0].asks == [], "an ask already planned for Thursday rules out the days before it"


def test_templates_are_split_on_a_line_of_dashes_and_links_kept_apart() -> None:
    assert templates_of("Call the Mayor\nhttps://example.org/a\n---\n\n---\nEmail her https://x.org") == [
        {"ask": "Call the Mayor", "links": "https://example.org/a"},
        {"ask": "Email her https://x.org", "links": ""},
    ]
