"""Every word of views.calls (the organizer's side of a call to action) goes through the catalog (tests.pseudo).

Sample data has no plain vowels, so whatever keeps one bypassed the catalog. Dates are written by strftime in
English (Babel in Spanish), so the day and month names around the sample moments are allowed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import Any

import pytest

from core.calls import CallSummary, Cancelled, Card, Draft, Editing, Preview, Progress, Scheduled
from core.campaigns import Suggested
from core.invalid import invalid
from core.matching import Match, Moved, Reason, Targeting
from core.oneline import ParseError
from core.reports import Expected
from models import Campaign
from models.vocab import Audience, CallStatus, Effort, Level, Method, ScheduleKind
from tests import when
from tests.pseudo import in_pseudo
from views import calls
from views.examples import Examples

TZ = "CST6CDT"  # a zone whose name has no vowels
NOW = when.local(2, 15, 40)  # a Thursday, 3:40 PM in TZ
DUE = when.day(10)
EX = Examples(when.day(0))
AROUND = [NOW + timedelta(days=n) for n in range(-3, 12)]
DATES = tuple(  # longest first: "Thursday" before "Thu"
    sorted({moment.strftime(f) for moment in AROUND for f in ("%A", "%B", "%a", "%b")}, key=len, reverse=True)
)


def clean(build: Callable[[], Any]) -> list[str]:
    return in_pseudo(build, allowed=DATES)


def card(audience: Audience = Audience.DECISION_MAKER, maker: str | None = "Cllr Wynn") -> Card:
    return Card(
        call_id=7,
        campaign="Brr Pvt",
        tactic=Method.OUTREACH,
        objective="Crwth nymph",
        audience=audience,
        decision_maker=maker,
        ask="Cll th crwth",
        links=None,
        due_date=DUE,
    )


def match(n: int, **changes: Any) -> Match:
    due = [(NOW + timedelta(minutes=10 * i)).timestamp() for i in range(n)]
    found = Match(ids=list(range(1, n + 1)), due=due, levels=[Level.LEAD] * n, names=["Lynn Smyth", "Glyn"][:n])
    for key, value in changes.items():
        setattr(found, key, value)
    return found


def expected(asked: int, likely: float | None = None, rates: dict[Level | None, float] | None = None) -> Expected:
    return Expected(likely=likely, asked=asked, history=12, rates=rates or {})


def preview(matched: Match, **changes: Any) -> Preview:
    story = Preview(
        matched=matched,
        tactic=Method.OUTREACH,
        effort=None,
        widened=False,
        district=None,
        constituents=None,
        expected=expected(len(matched)),
    )
    return replace(story, **changes)


EVERY_REASON = Counter(
    {
        Reason.PAUSED: 1,
        Reason.OPTED_OUT: 2,
        Reason.AT_LIMIT: 3,
        Reason.NOT_JOINED: 4,
        Reason.OVER_LIMIT_N: 5,
        Reason.METHOD: 6,
        Reason.EFFORT: 7,
        Reason.CONSTITUENT: 1,
    }
)

STORIES = [
    preview(match(0)),
    preview(match(1)),
    preview(
        match(
            5,
            quiet_delayed=2,
            left_out=EVERY_REASON,
            asked_for=(NOW - timedelta(hours=1)).timestamp(),
            moved=frozenset({Moved.PASSED, Moved.SPREAD, Moved.QUIET}),
            spacing=600.0,
        ),
        effort=Effort.TAKE_PART,
        widened=True,
        district="Wrd 3",
        constituents=2,
        expected=expected(5, 2.4, {Level.LEAD: 0.5, Level.PARTICIPATE: 0.25, None: 0.1}),
        card=card(),
    ),
    preview(
        match(2, asked_for=(NOW - timedelta(days=1)).timestamp(), moved=frozenset({Moved.QUIET})),
        picked=("W1", "W2"),
        expected=expected(2, None),
        card=card(Audience.PUBLIC, None),
    ),
]


def summary(status: CallStatus, **changes: Any) -> CallSummary:
    item = CallSummary(
        id=3,
        campaign="Brr Pvt",
        tactic=Method.SOCIAL,
        objective="Crwth nymph",
        status=status,
        send_at=NOW,
        next_due=NOW + timedelta(days=1),
        due_date=DUE,
        total=12,
        sent=4,
        failed=1,
        pending=7,
    )
    return replace(item, **changes)


@pytest.fixture(autouse=True)
def _form_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """What to fix is said by views.invalid (its own test): here only what views.calls adds around it."""
    monkeypatch.setattr(calls, "texts_of", lambda errors: {field: "Brr." for field in errors})
    monkeypatch.setattr(calls, "unreadable", lambda error: "`brr`")


def test_the_form_and_its_pickers_are_all_in_the_catalog() -> None:
    campaigns = [Campaign(id=1, name="Brr Pvt"), Campaign(id=2, name="Crwth")]
    makers = [Suggested(4, "Cllr Wynn", "Cllr", "Brr Pvt"), Suggested(5, "Lynn Smyth", None, "Crwth")]
    draft = Draft(
        campaign_id=1,
        tactic=Method.MEETINGS,
        objective="Crwth nymph",
        audience=Audience.DECISION_MAKER,
        decision_maker_id=4,
        ask="Cll",
        targeting=Targeting(levels=frozenset({Level.LEAD}), methods=Method.SOCIAL, user_ids=("W1",), limit=5),
        connected=True,
        schedule=ScheduleKind.AT,
        at=NOW,
        spread_days=3,
        due_date=DUE,
        effort=Effort.LEAD,
        any_method=True,
    )
    assert clean(lambda: calls.campaign_suggestions(campaigns, 2)) == []
    assert clean(lambda: calls.campaign_suggestions(campaigns, 140)) == []
    assert clean(lambda: calls.audience_suggestions(makers, 2)) == []
    assert clean(lambda: calls.audience_suggestions(makers, 900)) == []
    assert clean(lambda: calls.audience_suggestions([], 9)) == []
    assert clean(lambda: calls.new_call_form([], TZ)) == []
    assert clean(lambda: calls.new_call_form(campaigns[:1], TZ)) == []
    assert clean(lambda: calls.new_call_form(campaigns, TZ, Editing(9, draft, "Brr Pvt", "Cllr Wynn"))) == []
    assert clean(calls.effort_options) == []
    for audience in Audience:
        assert clean(partial(calls.audience_text, card(audience))) == []
    assert clean(lambda: calls.audience_text(card(Audience.DECISION_MAKER, None))) == []


def test_one_line_answers_are_all_in_the_catalog() -> None:
    error = ParseError("brr", invalid("call_tactic"))
    for build in (
        calls.no_campaigns,
        lambda: calls.one_line_example(EX),
        lambda: calls.unreadable_line(error, EX),
        lambda: calls.almost({"tactic": invalid("call_tactic"), "objective": invalid("call_objective_missing")}, EX),
        lambda: calls.scheduled(Scheduled(3, 1, NOW), TZ),
        lambda: calls.scheduled(Scheduled(3, 1200, None), TZ),
        lambda: calls.not_a_draft(3),
        calls.nobody_matches,
        lambda: calls.already_scheduled(3),
        calls.discarded,
        lambda: calls.which_call("cancel"),
        lambda: calls.no_such_call(3),
        lambda: calls.cancelled(3, Cancelled(cancelled=4, already_sent=0)),
        lambda: calls.cancelled(3, Cancelled(cancelled=1, already_sent=2)),
        lambda: calls.reschedule_example(EX, 3),
        lambda: calls.reschedule_usage(EX),
        lambda: calls.reschedule_unreadable(error, EX),
        lambda: calls.reschedule_passed(EX),
        lambda: calls.already_started(3),
        lambda: calls.moved(3, 1, NOW, TZ),
        lambda: calls.moved(3, 5, NOW, TZ),
        lambda: calls.not_editable(3),
    ):
        assert clean(build) == []


def test_the_preview_is_all_in_the_catalog() -> None:
    for story in STORIES:
        assert clean(partial(calls.preview_lines, story, TZ)) == []
        assert clean(partial(calls.expected_text, story)) == []
        assert clean(partial(calls.preview_modal, 3, "Crwth nymph", story, TZ)) == []
        assert clean(partial(calls.preview_message, 3, "Crwth nymph", story, TZ)) == []
    for seconds in (30, 600, 3600, 3 * 3600 + 1200, 86400, 5 * 86400):
        assert clean(partial(calls.every, seconds)) == []
    assert clean(lambda: calls.when_text(NOW, TZ)) == []
    assert clean(lambda: calls.clock(NOW, TZ)) == []


def test_progress_and_the_list_of_calls_are_all_in_the_catalog() -> None:
    for progress in (
        Progress(total=0, sent=0, failed=0, pending=0, skipped=0, cancelled=0),
        Progress(total=10, sent=3, failed=0, pending=7, skipped=0, cancelled=0),
        Progress(total=10, sent=5, failed=1, pending=0, skipped=2, cancelled=2),
    ):
        assert clean(partial(calls.progress_text, 3, "Crwth nymph", progress)) == []
        assert clean(partial(calls.progress_message, 3, "Crwth nymph", progress)) == []
    items = [summary(status) for status in CallStatus] + [summary(CallStatus.DONE, failed=0, next_due=None)]
    assert clean(lambda: calls.call_list([], TZ)) == []
    assert clean(lambda: calls.call_list([], TZ, start=30, total=30)) == []
    assert clean(lambda: calls.call_list(items[:1], TZ)) == []
    assert clean(lambda: calls.call_list(items, TZ)) == []
    assert clean(lambda: calls.call_list(items, TZ, start=30, total=37)) == []
    assert clean(lambda: calls.call_list(items, TZ, start=0, total=7)) == []
    for item in items:
        for due in (item.due_date, None):
            assert clean(partial(calls.call_detail, item, replace(card(), due_date=due), TZ, EX)) == []
