"""Every word of views.invalid (what to fix, for forms and slash commands) and of the words views.text writes
goes through the catalog (tests.pseudo). Sample values have no plain vowels, so only words that bypassed
the catalog are found."""

from __future__ import annotations

from typing import Any

import pytest

from core.invalid import Invalid
from core.oneline import ParseError
from core.privacy import ANONYMOUS
from tests import when
from tests.pseudo import in_pseudo
from views import invalid
from views.text import answer, clock_time, counted, listing, person

# One sample of what core says for each code (what views.invalid puts in words).
SAMPLES: dict[str, dict[str, Any]] = {
    "pause_empty": {},
    "pause_not_a_date": {"typed": "xyz", "example": when.typed(40)},
    "pause_not_future": {"day": when.typed(-3)},
    "pause_unreadable": {"typed": "xyz"},
    "pause_zero": {},
    "pause_too_long": {"days": 365},
    "call_campaign": {},
    "call_tactic": {},
    "call_objective_missing": {},
    "call_objective_long": {"max": 300},
    "call_audience": {},
    "call_audience_maker": {},
    "call_connected_needs_maker": {},
    "call_constituents_needs_maker": {},
    "call_maker_no_district": {"name": "Lynn Smyth"},
    "call_ask_long": {"max": 2500},
    "call_links_long": {"max": 1000},
    "call_links_plain": {},
    "call_too_many_named": {"max": 100},
    "call_limit_range": {},
    "call_spread_range": {"max": 60},
    "call_when_missing": {},
    "call_time_passed": {},
    "call_local_missing": {},
    "call_day_passed": {},
    "call_due_before_send": {},
    "profile_level": {},
    "profile_methods": {},
    "profile_skills_note": {},
    "text_long": {"max": 200},
    "control_chars": {},
    "quiet_same": {},
    "time_of_day": {},
    "district_name_long": {"max": 80},
    "districts_many": {"max": 200},
    "campaign_name": {},
    "campaign_name_long": {"max": 150},
    "campaign_change_type": {},
    "campaign_goal_long": {"max": 2000},
    "campaign_makers": {},
    "campaign_makers_many": {"max": 50},
    "campaign_district_unknown": {"district": "Brr"},
    "campaign_no_districts": {},
    "checks_days": {"typed": "xyz"},
    "checks_many": {"max": 10},
    "row_campaign_gone": {},
    "row_tactic": {},
    "row_audience": {},
    "row_audience_maker": {},
    "row_objective": {},
    "row_effort": {},
    "whole_number": {"low": 1, "high": 100},
    "row_first_week": {},
    "row_past": {"last": when.typed(-7)},
    "row_templates": {"max": 10},
    "line_names": {"what": "skll", "known": ["wrtng", "xyz"]},
    "line_time": {"what": "the time"},
    "line_quote_open": {},
    "line_needs_quotes": {},
    "line_key_unknown": {"key": "xyz", "keys": ["t", "cmpgn"]},
    "line_key_twice": {"key": "xyz"},
    "line_objective_first": {},
    "line_tactic_missing": {"tactics": ["xyz", "brr"]},
    "line_tactic_unknown": {"tactics": ["xyz", "brr"]},
    "line_audience": {"names": ["Lynn Smyth", "Brr"]},
    "line_people": {},
    "line_limit": {},
    "line_effort": {"efforts": ["qck", "lmnt"]},
    "line_yes_no": {"key": "cnnctd"},
    "line_local": {},
    "line_spread": {},
    "line_due": {},
    "line_no_campaigns": {},
    "line_which_campaign": {"shown": [(1, "Crwth nymph"), (2, "Brr")], "more": 0},
    "line_campaign_unknown": {},
}

# The branches inside a sentence: nobody named yet, more campaigns than shown, the other named times.
MORE_SAMPLES: list[tuple[str, dict[str, Any]]] = [
    ("line_audience", {"names": []}),
    ("line_which_campaign", {"shown": [(1, "Crwth nymph")], "more": 12}),
    ("line_time", {"what": "the event's time"}),
    ("line_time", {"what": "t="}),
    ("pause_not_a_date", {"typed": "", "example": when.typed(40)}),
]


def test_every_code_has_a_sample() -> None:
    assert set(SAMPLES) == set(invalid.TEXTS)


@pytest.mark.parametrize(("code", "values"), [*SAMPLES.items(), *MORE_SAMPLES])
def test_what_to_fix_is_all_in_the_catalog(code: str, values: dict[str, Any]) -> None:
    why = Invalid(code, values)
    assert in_pseudo(lambda: invalid.text_of(why)) == []


def test_a_forms_errors_and_an_unreadable_part_are_all_in_the_catalog() -> None:
    errors = {"name": Invalid("campaign_name"), "goal": Invalid("campaign_goal_long", {"max": 2000})}
    assert in_pseudo(lambda: list(invalid.texts_of(errors).values())) == []
    error = ParseError("tctc=phn", Invalid("line_tactic_unknown", {"tactics": ["xyz"]}))
    assert in_pseudo(lambda: invalid.unreadable(error)) == []


def test_the_words_views_text_writes_are_all_in_the_catalog() -> None:
    assert in_pseudo(lambda: [clock_time(0), clock_time(9 * 60 + 5), clock_time(12 * 60), clock_time(23 * 60)]) == []
    assert in_pseudo(lambda: [counted(1, "rw"), counted(1200, "prsn", "ppl")]) == []
    assert in_pseudo(lambda: [person(ANONYMOUS), person(None), person("Lynn Smyth")]) == []
    lines = [f"• Crwth nymph {i}" for i in range(200)]
    assert in_pseudo(lambda: listing(lines, heading="*Brr*", max_lines=5)) == []
    assert in_pseudo(lambda: listing(lines * 20, max_blocks=2)) == []
    assert in_pseudo(lambda: answer("\n".join(lines * 30))) == []


def test_english_stays_as_it_was() -> None:
    assert clock_time(600) == "10:00 am"
    assert clock_time(0) == "12:00 am"
    assert clock_time(12 * 60 + 30) == "12:30 pm"
    assert listing([f"{i}" for i in range(9)], max_lines=4, more=" (brr)")[-1]["text"]["text"].endswith(
        "\n…and 5 more (brr)"
    )
    assert invalid.text_of(Invalid("line_audience", {"names": []})).endswith("decision makers: none yet")
    assert invalid.text_of(Invalid("line_which_campaign", {"shown": [(1, "Rent")], "more": 3})) == (
        "say which campaign: campaign= one of 1 (Rent), and 3 more (`/drumbeat campaigns`)"
    )
    assert invalid.text_of(Invalid("pause_too_long", {"days": 365})) == "You can pause for up to 365 days at a time."
