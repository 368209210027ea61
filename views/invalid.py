"""What to fix, in words: every `core.invalid.Invalid` code a person can meet, said once, here, in the
reader's language (views.i18n). Key names, option values and command words (`to=`, `public`, `/drumbeat
campaigns`) are what people type, so they stay as they are in every language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from core.invalid import Invalid
from core.oneline import ParseError
from models.vocab import N_
from views.i18n import _, n_
from views.text import esc, shorten

Say = Callable[[Mapping[str, Any]], str]

# What core and handlers call a time they could not read (`oneline.moment(..., what)`), in words; anything
# else (`at=`) is a key as typed.
MOMENTS = {"the time": N_("the time"), "the event's time": N_("the event's time")}


def _moment(what: str) -> str:
    return _(MOMENTS[what]) if what in MOMENTS else what


def _listed(words: list[str], sep: str = ", ") -> str:
    return sep.join(words)


def _which_campaign(v: Mapping[str, Any]) -> str:
    shown = ", ".join(f"{i} ({esc(n)})" for i, n in v["shown"])
    more = n_(", and {n} more (`/drumbeat campaigns`)", ", and {n} more (`/drumbeat campaigns`)", v["more"])
    return _("say which campaign: campaign= one of {campaigns}", campaigns=shown) + (more if v["more"] else "")


TEXTS: dict[str, Say] = {
    # pausing
    "pause_empty": lambda v: _("Say for how long."),
    "pause_not_a_date": lambda v: _(
        "`{typed}` is not a date like {example}.", typed=esc(v["typed"]) or "?", example=v["example"]
    ),
    "pause_not_future": lambda v: _("{day} is not in the future.", day=v["day"]),
    "pause_unreadable": lambda v: _("`{typed}` is not a length of time I understand.", typed=esc(v["typed"])),
    "pause_zero": lambda v: _("Pause for at least one day."),
    "pause_too_long": lambda v: n_(
        "You can pause for up to {n} day at a time.", "You can pause for up to {n} days at a time.", v["days"]
    ),
    # a call to action
    "call_campaign": lambda v: _("Choose the campaign this serves."),
    "call_tactic": lambda v: _("Choose one tactic."),
    "call_objective_missing": lambda v: _("Every call to action needs a clear objective."),
    "call_objective_long": lambda v: _("Keep the objective under {max} characters.", max=v["max"]),
    "call_audience": lambda v: _("Choose who this is aimed at."),
    "call_audience_maker": lambda v: _("Choose one of this campaign's decision makers, the public, or the press."),
    "call_connected_needs_maker": lambda v: _(
        "“Connected to the decision maker” needs a decision maker as the audience."
    ),
    "call_constituents_needs_maker": lambda v: _("“Constituents only” needs a decision maker as the audience."),
    "call_maker_no_district": lambda v: _(
        "{name} has no district yet: `/drumbeat districts set {name} = Ward 3`.", name=esc(v["name"])
    ),
    "call_ask_long": lambda v: _("Keep the ask under {max} characters.", max=v["max"]),
    "call_links_long": lambda v: _("Keep the links under {max} characters.", max=v["max"]),
    "call_links_plain": lambda v: _(
        "Links are plain addresses starting with http:// or https://, separated by spaces."
    ),
    "call_too_many_named": lambda v: _("Name at most {max} people, or target by level and method.", max=v["max"]),
    "call_limit_range": lambda v: _("The number of messengers must be from 1 to 100,000."),
    "call_spread_range": lambda v: _("Spread over 0 to {max} working days.", max=v["max"]),
    "call_when_missing": lambda v: _("Pick the date and time to send."),
    "call_time_passed": lambda v: _("That time has passed. Pick a time from now on, or choose “now”."),
    "call_local_missing": lambda v: _("Pick the local time (for example 10:00 where each messenger is)."),
    "call_day_passed": lambda v: _("That day has passed."),
    "call_due_before_send": lambda v: _("The due date must be on or after the day it is sent."),
    # a profile
    "profile_level": lambda v: _("Choose how you'd like to take part."),
    "profile_methods": lambda v: _("Choose at least one way you'd like to help."),
    "profile_skills_note": lambda v: _("Tell us which languages you translate, or your other skills."),
    "text_long": lambda v: _("Please keep this under {max} characters.", max=v["max"]),
    "control_chars": lambda v: _("Please remove special control characters."),
    "quiet_same": lambda v: _("Quiet hours must start and end at different times."),
    "time_of_day": lambda v: _("Pick a time of day."),
    # districts
    "district_name_long": lambda v: _("keep a district's name under {max} characters", max=v["max"]),
    "districts_many": lambda v: _("a coalition can keep up to {max} districts", max=v["max"]),
    # a campaign
    "campaign_name": lambda v: _("Give the campaign a short name."),
    "campaign_name_long": lambda v: _("Keep the name under {max} characters.", max=v["max"]),
    "campaign_change_type": lambda v: _("Is this a change of policy, practice or funding?"),
    "campaign_goal_long": lambda v: _("Keep this under {max} characters.", max=v["max"]),
    "campaign_makers": lambda v: _("Name at least one decision maker, one per line, e.g. “Mayor Lee, Mayor”."),
    "campaign_makers_many": lambda v: _("List at most {max} decision makers.", max=v["max"]),
    "campaign_district_unknown": lambda v: _(
        "“{district}” is not one of the coalition's districts. Add it with `/drumbeat districts add`, or leave "
        "the third part out.",
        district=esc(v["district"]),
    ),
    "campaign_no_districts": lambda v: _(
        "Districts come after the role (“Council Member Diaz, Council Member, Ward 3”) once the coalition has "
        "some: `/drumbeat districts add Ward 3`."
    ),
    "checks_days": lambda v: _("`{typed}` is not a number of days from 1 to 3650", typed=esc(v["typed"])),
    "checks_many": lambda v: _("set at most {max} checks", max=v["max"]),
    # a plan row
    "row_campaign_gone": lambda v: _("That campaign no longer exists."),
    "row_tactic": lambda v: _("Pick a tactic."),
    "row_audience": lambda v: _("Pick an audience."),
    "row_audience_maker": lambda v: _("Pick one of this campaign's decision makers."),
    "row_objective": lambda v: _("Say what this row is for, e.g. “Council Member Diaz hears from constituents”."),
    "row_effort": lambda v: _("Pick the effort it asks."),
    "whole_number": lambda v: _("A whole number from {low} to {high}.", low=v["low"], high=v["high"]),
    "row_first_week": lambda v: _("Pick the first week."),
    "row_past": lambda v: _(
        "Those weeks have all passed (the last ended {last}): pick a first week from now on.", last=v["last"]
    ),
    "row_templates": lambda v: _("At most {max} templates (separate them with a line of ---).", max=v["max"]),
    # the one-line form of a call to action
    "line_names": lambda v: _("{what} must be any of {known}", what=v["what"], known=_listed(v["known"])),
    "line_time": lambda v: _(
        "{what} must be a date and time (YYYY-MM-DDTHH:MM) or a date (YYYY-MM-DD)", what=_moment(v["what"])
    ),
    "line_quote_open": lambda v: _('a quote is not closed: put the objective in "double quotes"'),
    "line_needs_quotes": lambda v: _("put text with spaces in quotes, or write key=value"),
    "line_key_unknown": lambda v: _("unknown key `{key}`; keys are {keys}", key=esc(v["key"]), keys=_listed(v["keys"])),
    "line_key_twice": lambda v: _("`{key}` is given twice", key=esc(v["key"])),
    "line_objective_first": lambda v: _('start with the objective in quotes, e.g. "Call Mayor Lee about ID cards"'),
    "line_tactic_missing": lambda v: _("say which tactic: tactic={tactics}", tactics=_listed(v["tactics"], "|")),
    "line_tactic_unknown": lambda v: _("tactic must be one of {tactics}", tactics=_listed(v["tactics"])),
    "line_audience": lambda v: _(
        "to= must be public, press, coalition, or one of this campaign's decision makers: {names}",
        names=", ".join(esc(n) for n in v["names"]) or _("none yet"),
    ),
    "line_people": lambda v: _("people= takes @mentions, e.g. people=@ana,@ben"),
    "line_limit": lambda v: _("limit must be a whole number of people, e.g. limit=40"),
    "line_effort": lambda v: _("effort must be one of {efforts}", efforts=_listed(v["efforts"])),
    "line_yes_no": lambda v: _("{key} must be yes or no", key=v["key"]),
    "line_local": lambda v: _("local must be a time like 10:00"),
    "line_spread": lambda v: _("spread is a number of working days, e.g. spread=5"),
    "line_due": lambda v: _("due must be a date (YYYY-MM-DD)"),
    "line_no_campaigns": lambda v: _("there is no campaign yet; start one with /drumbeat campaign new"),
    "line_which_campaign": _which_campaign,
    "line_campaign_unknown": lambda v: _("no campaign has that number or name; /drumbeat campaigns lists them"),
}


def text_of(why: Invalid) -> str:
    """The sentence for `why` (escaped where it quotes what was typed), in the reader's language."""
    return TEXTS[why.code](why.values)


def texts_of(errors: Mapping[str, Invalid]) -> dict[str, str]:
    """A form's errors, field by field, in words (Slack shows them under each field)."""
    return {name: text_of(why) for name, why in errors.items()}


def unreadable(error: ParseError) -> str:
    """What part of a one-line command could not be read, and why: "`tactic=phone`: tactic must be one of ..."."""
    return f"`{esc(shorten(error.part, 60))}`: {text_of(error.why)}"
