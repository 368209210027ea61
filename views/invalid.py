"""What to fix, in words: every `core.invalid.Invalid` code a person can meet, said once, here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core.invalid import Invalid
from core.oneline import ParseError
from views.text import esc, shorten

Say = Callable[[Mapping[str, Any]], str]

TEXTS: dict[str, Say] = {
    # pausing
    "pause_empty": lambda v: "Say for how long.",
    "pause_not_a_date": lambda v: f"`{esc(v['typed']) or '?'}` is not a date like {v['example']}.",
    "pause_not_future": lambda v: f"{v['day']} is not in the future.",
    "pause_unreadable": lambda v: f"`{esc(v['typed'])}` is not a length of time I understand.",
    "pause_zero": lambda v: "Pause for at least one day.",
    "pause_too_long": lambda v: f"You can pause for up to {v['days']} days at a time.",
    # a call to action
    "call_campaign": lambda v: "Choose the campaign this serves.",
    "call_tactic": lambda v: "Choose one tactic.",
    "call_objective_missing": lambda v: "Every call to action needs a clear objective.",
    "call_objective_long": lambda v: f"Keep the objective under {v['max']} characters.",
    "call_audience": lambda v: "Choose who this is aimed at.",
    "call_audience_maker": lambda v: "Choose one of this campaign's decision makers, the public, or the press.",
    "call_connected_needs_maker": lambda v: "“Connected to the decision maker” needs a decision maker as the audience.",
    "call_constituents_needs_maker": lambda v: "“Constituents only” needs a decision maker as the audience.",
    "call_maker_no_district": lambda v: (
        f"{esc(v['name'])} has no district yet: `/drumbeat districts set {esc(v['name'])} = Ward 3`."
    ),
    "call_ask_long": lambda v: f"Keep the ask under {v['max']} characters.",
    "call_links_long": lambda v: f"Keep the links under {v['max']} characters.",
    "call_links_plain": lambda v: "Links are plain addresses starting with http:// or https://, separated by spaces.",
    "call_too_many_named": lambda v: f"Name at most {v['max']} people, or target by level and method.",
    "call_limit_range": lambda v: "The number of messengers must be from 1 to 100,000.",
    "call_spread_range": lambda v: f"Spread over 0 to {v['max']} working days.",
    "call_when_missing": lambda v: "Pick the date and time to send.",
    "call_time_passed": lambda v: "That time has passed. Pick a time from now on, or choose “now”.",
    "call_local_missing": lambda v: "Pick the local time (for example 10:00 where each messenger is).",
    "call_day_passed": lambda v: "That day has passed.",
    "call_due_before_send": lambda v: "The due date must be on or after the day it is sent.",
    # a profile
    "profile_level": lambda v: "Choose how you'd like to take part.",
    "profile_methods": lambda v: "Choose at least one way you'd like to help.",
    "profile_skills_note": lambda v: "Tell us which languages you translate, or your other skills.",
    "text_long": lambda v: f"Please keep this under {v['max']} characters.",
    "control_chars": lambda v: "Please remove special control characters.",
    "quiet_same": lambda v: "Quiet hours must start and end at different times.",
    "time_of_day": lambda v: "Pick a time of day.",
    # districts
    "district_name_long": lambda v: f"keep a district's name under {v['max']} characters",
    "districts_many": lambda v: f"a coalition can keep up to {v['max']} districts",
    # a campaign
    "campaign_name": lambda v: "Give the campaign a short name.",
    "campaign_name_long": lambda v: f"Keep the name under {v['max']} characters.",
    "campaign_change_type": lambda v: "Is this a change of policy, practice or funding?",
    "campaign_goal_long": lambda v: f"Keep this under {v['max']} characters.",
    "campaign_makers": lambda v: "Name at least one decision maker, one per line, e.g. “Mayor Lee, Mayor”.",
    "campaign_makers_many": lambda v: f"List at most {v['max']} decision makers.",
    "campaign_district_unknown": lambda v: (
        f"“{esc(v['district'])}” is not one of the coalition's districts. Add it with "
        "`/drumbeat districts add`, or leave the third part out."
    ),
    "campaign_no_districts": lambda v: (
        "Districts come after the role (“Council Member Diaz, Council Member, Ward 3”) once the "
        "coalition has some: `/drumbeat districts add Ward 3`."
    ),
    "checks_days": lambda v: f"`{esc(v['typed'])}` is not a number of days from 1 to 3650",
    "checks_many": lambda v: f"set at most {v['max']} checks",
    # a plan row
    "row_campaign_gone": lambda v: "That campaign no longer exists.",
    "row_tactic": lambda v: "Pick a tactic.",
    "row_audience": lambda v: "Pick an audience.",
    "row_audience_maker": lambda v: "Pick one of this campaign's decision makers.",
    "row_objective": lambda v: "Say what this row is for, e.g. “Council Member Diaz hears from constituents”.",
    "row_effort": lambda v: "Pick the effort it asks.",
    "whole_number": lambda v: f"A whole number from {v['low']} to {v['high']}.",
    "row_first_week": lambda v: "Pick the first week.",
    "row_past": lambda v: f"Those weeks have all passed (the last ended {v['last']}): pick a first week from now on.",
    "row_templates": lambda v: f"At most {v['max']} templates (separate them with a line of ---).",
    # the one-line form of a call to action
    "line_names": lambda v: f"{v['what']} must be any of {', '.join(v['known'])}",
    "line_time": lambda v: f"{v['what']} must be a date and time (YYYY-MM-DDTHH:MM) or a date (YYYY-MM-DD)",
    "line_quote_open": lambda v: 'a quote is not closed: put the objective in "double quotes"',
    "line_needs_quotes": lambda v: "put text with spaces in quotes, or write key=value",
    "line_key_unknown": lambda v: f"unknown key `{esc(v['key'])}`; keys are {', '.join(v['keys'])}",
    "line_key_twice": lambda v: f"`{esc(v['key'])}` is given twice",
    "line_objective_first": lambda v: 'start with the objective in quotes, e.g. "Call Mayor Lee about ID cards"',
    "line_tactic_missing": lambda v: f"say which tactic: tactic={'|'.join(v['tactics'])}",
    "line_tactic_unknown": lambda v: f"tactic must be one of {', '.join(v['tactics'])}",
    "line_audience": lambda v: (
        "to= must be public, press, coalition, or one of this campaign's decision makers: "
        + (", ".join(esc(n) for n in v["names"]) or "none yet")
    ),
    "line_people": lambda v: "people= takes @mentions, e.g. people=@ana,@ben",
    "line_limit": lambda v: "limit must be a whole number of people, e.g. limit=40",
    "line_effort": lambda v: f"effort must be one of {', '.join(v['efforts'])}",
    "line_yes_no": lambda v: f"{v['key']} must be yes or no",
    "line_local": lambda v: "local must be a time like 10:00",
    "line_spread": lambda v: "spread is a number of working days, e.g. spread=5",
    "line_due": lambda v: "due must be a date (YYYY-MM-DD)",
    "line_no_campaigns": lambda v: "there is no campaign yet; start one with /drumbeat campaign new",
    "line_which_campaign": lambda v: (
        "say which campaign: campaign= one of "
        + ", ".join(f"{i} ({esc(n)})" for i, n in v["shown"])
        + (f", and {v['more']} more (`/drumbeat campaigns`)" if v["more"] else "")
    ),
    "line_campaign_unknown": lambda v: "no campaign has that number or name; /drumbeat campaigns lists them",
}


def text_of(why: Invalid) -> str:
    """The sentence for `why` (escaped where it quotes what was typed)."""
    return TEXTS[why.code](why.values)


def texts_of(errors: Mapping[str, Invalid]) -> dict[str, str]:
    """A form's errors, field by field, in words (Slack shows them under each field)."""
    return {name: text_of(why) for name, why in errors.items()}


def unreadable(error: ParseError) -> str:
    """What part of a one-line command could not be read, and why: "`tactic=phone`: tactic must be one of ..."."""
    return f"`{esc(shorten(error.part, 60))}`: {text_of(error.why)}"
