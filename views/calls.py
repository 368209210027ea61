"""Calls to action, the organizer's side: the form, the preview, progress, the list and one call.

(The messenger's side, the ask in their DM and its answers, is in `views.checkins`.)"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from babel.dates import format_datetime, format_time

from core import numbers
from core.calls import (
    ASK_MAX,
    LINKS_MAX,
    OBJECTIVE_MAX,
    CallSummary,
    Cancelled,
    Card,
    Draft,
    Editing,
    Preview,
    Progress,
    Scheduled,
)
from core.campaigns import Suggested
from core.invalid import Errors
from core.matching import Match, Moved, Reason, Targeting
from core.oneline import ParseError
from core.timing import local_moment, zone
from models import Campaign
from models.vocab import (
    AUDIENCE_LABELS,
    CONNECTION_KEYS,
    CONNECTION_LABELS,
    EFFORT_LABELS,
    LEVEL_LABELS,
    METHOD_KEYS,
    METHOD_LABELS,
    N_,
    NO_CONNECTIONS,
    NO_METHODS,
    NO_SKILLS,
    SKILL_KEYS,
    SKILL_LABELS,
    Audience,
    CallStatus,
    Connection,
    Effort,
    Level,
    Method,
    ScheduleKind,
    Skill,
    levels_for,
)
from views.examples import Examples
from views.i18n import SPANISH, _, language, n_, p_
from views.invalid import texts_of, unreadable
from views.text import (
    MESSAGE_BLOCKS,
    answer,
    button,
    context,
    esc,
    hhmm,
    input_block,
    listing,
    minutes_of,
    option,
    person,
    plain,
    section,
    shorten,
    state_value,
)

# Slack ids of forms and buttons; each is also the name of its listener in handlers.calls.
CALL_FORM = "call_form"
CAMPAIGN_SELECT = "campaign"  # the form's external selects (their suggestions: handlers.calls)
AUDIENCE_SELECT = "audience"
SHOWN_OPTIONS = 100  # options an external select shows
PREVIEW_FORM = "call_preview"
SCHEDULE_BUTTON = "call_schedule"
DISCARD_BUTTON = "call_discard"
EDIT_BUTTON = "call_edit"
CANCEL_BUTTON = "call_cancel"

Block = dict[str, Any]


def audience_text(card: Card) -> str:
    if card.audience == Audience.DECISION_MAKER and card.decision_maker:
        return esc(card.decision_maker)
    if card.audience == Audience.PUBLIC:
        return _("The public")
    if card.audience == Audience.PRESS:
        return _("The press")
    return _("Decision makers")


# ----- organizer: the form --------------------------------------------------------------------


def campaign_suggestions(found: list[Campaign], total: int) -> list[dict[str, Any]]:
    """What the campaign picker offers; a group label says how many matched if not all are shown."""
    options = [option(str(c.id), c.name) for c in found]
    if total <= len(found):
        return options
    label = _("Newest {shown} of {total}: type to find the others", shown=len(found), total=total)
    return [{"label": plain(label), "options": options}]


def audience_suggestions(makers: list[Suggested], total: int) -> list[dict[str, Any]]:
    """The audience picker: the public, the press and the coalition always, then decision makers under
    their campaigns; if not all that matched fit, the last group's label says how many were left out."""
    everyone = [option(a.value, _(AUDIENCE_LABELS[a])) for a in (Audience.PUBLIC, Audience.PRESS, Audience.COALITION)]
    groups: list[dict[str, Any]] = [{"label": plain(_("Everyone else")), "options": everyone}]
    shown = makers[: SHOWN_OPTIONS - len(everyone)]
    by_campaign: dict[str, list[dict[str, Any]]] = {}
    for maker in shown:
        by_campaign.setdefault(maker.campaign, []).append(option(f"dm:{maker.id}", maker.name, maker.role))
    groups += [{"label": plain(name, 75), "options": options} for name, options in by_campaign.items()]
    hidden = total - len(shown)
    if hidden > 0:
        name = str(groups[-1]["label"]["text"])
        groups[-1]["label"] = plain(
            _("{name} · {hidden} more not shown: type to narrow", name=name[:40], hidden=hidden), 75
        )
    return groups


def new_call_form(campaigns: list[Campaign], coalition_tz: str, edit: Editing | None = None) -> dict[str, Any]:
    """The organizer's form: what (campaign, tactic, objective, audience, ask), who, when. `edit`: a draft
    to change (the preview's Edit), shown as the organizer filled it in."""
    blocks = [*_what_blocks(campaigns), *_who_blocks(), *_when_blocks(coalition_tz)]
    view = {
        "type": "modal",
        "callback_id": CALL_FORM,
        "title": plain(_("New call to action"), 24),
        "submit": plain(_("Preview")),
        "close": plain(_("Cancel")),
        "blocks": blocks,
    }
    if edit is not None:
        _fill(blocks, edit, coalition_tz)
        view["title"] = plain(_("Edit #{call_id}", call_id=edit.call_id), 24)
        view["private_metadata"] = json.dumps({"editing": edit.call_id})
    return view


def _fill(blocks: list[Block], edit: Editing, tz: str) -> None:
    """Each input as `edit` chose it: what `read_call_form` reads back as the same draft."""
    draft, targeting = edit.draft, edit.draft.targeting
    element = {b["block_id"]: b["element"] for b in blocks if b.get("type") == "input"}

    def pick(block_id: str, values: list[str]) -> None:
        chosen = [o for o in element[block_id]["options"] if o["value"] in values]
        if element[block_id]["type"] in ("static_select", "radio_buttons"):
            if chosen:
                element[block_id]["initial_option"] = chosen[0]
        elif chosen:
            element[block_id]["initial_options"] = chosen
        else:
            element[block_id].pop("initial_options", None)

    def text(block_id: str, value: str | int | None) -> None:
        if value not in (None, ""):
            element[block_id]["initial_value"] = str(value)

    element[CAMPAIGN_SELECT]["initial_option"] = option(str(draft.campaign_id), edit.campaign)
    if draft.tactic is not None:
        pick("tactic", [METHOD_KEYS[draft.tactic]])
    pick("effort", [draft.effort.value if draft.effort else SUGGESTED])
    text("objective", draft.objective)
    if draft.audience == Audience.DECISION_MAKER and draft.decision_maker_id is not None:
        element[AUDIENCE_SELECT]["initial_option"] = option(f"dm:{draft.decision_maker_id}", edit.decision_maker or "")
    elif draft.audience is not None:
        element[AUDIENCE_SELECT]["initial_option"] = option(draft.audience.value, _(AUDIENCE_LABELS[draft.audience]))
    text("ask", draft.ask)
    text("objective_es", draft.objective_es)
    text("ask_es", draft.ask_es)
    text("links", draft.links)
    pick("levels", [lv.value for lv in targeting.levels])
    pick("methods", [METHOD_KEYS[m] for m in Method if m in targeting.methods])
    pick("widen", ["any_method"] if draft.any_method else [])
    pick("communities", [CONNECTION_KEYS[c] for c in Connection if c in targeting.communities])
    pick("skills", [SKILL_KEYS[k] for k in Skill if k in targeting.skills])
    pick("who", [w for w, on in (("connected", draft.connected), ("constituents", draft.constituents)) if on])
    if targeting.user_ids:
        element["people"]["initial_users"] = list(targeting.user_ids)
    text("limit", targeting.limit)
    pick("when", [{ScheduleKind.AT: "at", ScheduleKind.LOCAL: "local"}.get(draft.schedule, "now")])
    if draft.at is not None:
        element["when_date"]["initial_date"] = draft.at.astimezone(zone(tz)).date().isoformat()
        if draft.schedule == ScheduleKind.AT:
            element["when_time"]["initial_time"] = draft.at.astimezone(zone(tz)).strftime("%H:%M")
    if draft.local_minute is not None:
        element["when_time"]["initial_time"] = hhmm(draft.local_minute)
    text("spread", draft.spread_days or None)
    if draft.due_date is not None:
        element["due"]["initial_date"] = draft.due_date.isoformat()


def _what_blocks(campaigns: list[Campaign]) -> list[Block]:
    """Campaign and audience are searched as the organizer types (external selects: a static one holds
    100 options, and a coalition can have more campaigns and decision makers than that)."""
    campaign: dict[str, Any] = {
        "type": "external_select",
        "min_query_length": 0,
        "placeholder": plain(_("Type to search; open and newest first")),
    }
    if len(campaigns) == 1:
        campaign["initial_option"] = option(str(campaigns[0].id), campaigns[0].name)
    audience = {"type": "external_select", "min_query_length": 0, "placeholder": plain(_("Type a name, or pick"))}
    efforts = effort_options()
    tactics = [option(METHOD_KEYS[m], _(METHOD_LABELS[m][0]), _(METHOD_LABELS[m][1])) for m in Method]
    return [
        input_block(CAMPAIGN_SELECT, _("Campaign"), campaign),
        input_block("tactic", _("Tactic"), {"type": "static_select", "options": tactics}),
        input_block(
            "effort",
            _("Effort"),
            {"type": "static_select", "options": efforts, "initial_option": efforts[0]},
            hint=_("Messengers get asks at or below what their level signed up for."),
        ),
        input_block(
            "objective",
            _("Objective"),
            {"type": "plain_text_input", "max_length": OBJECTIVE_MAX},
            hint=_("What should this achieve? e.g. “Mayor Lee commits to fund reentry ID cards in the budget.”"),
        ),
        input_block(
            AUDIENCE_SELECT,
            _("Target audience"),
            audience,
            hint=_("The public, the press and the coalition are always offered; type to find a decision maker."),
        ),
        input_block(
            "ask",
            _("The ask"),
            {"type": "plain_text_input", "multiline": True, "max_length": ASK_MAX},
            optional=True,
            hint=_("What to do and say: the message, talking points."),
        ),
        input_block("links", _("Links"), {"type": "plain_text_input", "max_length": LINKS_MAX}, optional=True),
        input_block(
            "objective_es",
            _("Objective in Spanish"),
            {"type": "plain_text_input", "max_length": OBJECTIVE_MAX},
            optional=True,
            hint=_("If you write it, people who read Drumbeat in Spanish get it; if not, they get yours as written."),
        ),
        input_block(
            "ask_es",
            _("The ask in Spanish"),
            {"type": "plain_text_input", "multiline": True, "max_length": ASK_MAX},
            optional=True,
        ),
    ]


def _who_blocks() -> list[Block]:
    return [
        {"type": "header", "text": plain(_("Who"))},
        input_block(
            "levels",
            _("Levels"),
            {"type": "checkboxes", "options": [option(lv.value, _(LEVEL_LABELS[lv][0])) for lv in Level]},
            optional=True,
            hint=_("None ticked: every level."),
        ),
        input_block(
            "methods",
            _("Who chose these ways of helping"),
            {"type": "checkboxes", "options": [option(METHOD_KEYS[m], _(METHOD_LABELS[m][0])) for m in Method]},
            optional=True,
            hint=_("None ticked: those who chose the tactic's."),
        ),
        input_block(
            "widen",
            _("Widen"),
            {
                "type": "checkboxes",
                "options": [option("any_method", _("Also people who did not choose this method"))],
            },
            optional=True,
        ),
        input_block(
            "communities",
            _("From these communities"),
            {
                "type": "checkboxes",
                "options": [option(CONNECTION_KEYS[c], _(CONNECTION_LABELS[c])) for c in Connection],
            },
            optional=True,
        ),
        input_block(
            "skills",
            _("With any of these skills"),
            {
                "type": "multi_static_select",
                "options": [option(SKILL_KEYS[s], _(SKILL_LABELS[s])) for s in Skill],
            },
            optional=True,
        ),
        input_block(
            "who",
            _("Only"),
            {
                "type": "checkboxes",
                "options": [
                    option("connected", _("People who know the targeted decision maker")),
                    option("constituents", _("Constituents of the targeted decision maker")),
                ],
            },
            optional=True,
        ),
        input_block("people", _("Or these people only"), {"type": "multi_users_select"}, optional=True),
        input_block(
            "limit",
            _("At most this many"),
            {"type": "number_input", "is_decimal_allowed": False, "min_value": "1"},
            optional=True,
            hint=_("Empty: everyone who matches."),
        ),
    ]


SUGGESTED = "suggested"


def effort_options() -> list[dict[str, Any]]:
    """The effort picker's options, the tactic's suggestion first (the form's initial choice)."""
    return [
        option(
            SUGGESTED,
            _("Suggested for the tactic"),
            _("Quick for calls and posts, take part for visits, lead for media"),
        ),
        *[option(effort.value, _(EFFORT_LABELS[effort][0]), _(EFFORT_LABELS[effort][1])) for effort in Effort],
    ]


def _when_blocks(coalition_tz: str) -> list[Block]:
    return [
        {"type": "header", "text": plain(_("When"))},
        input_block(
            "when",
            _("Send"),
            {
                "type": "radio_buttons",
                "options": [
                    option("now", _("Now")),
                    option("at", _("At a date and time ({zone})", zone=coalition_tz)),
                    option("local", _("At a time on each messenger's own clock")),
                ],
                "initial_option": option("now", _("Now")),
            },
        ),
        input_block("when_date", _("Date"), {"type": "datepicker"}, optional=True),
        input_block("when_time", p_("form field", "Time"), {"type": "timepicker"}, optional=True),
        input_block(
            "spread",
            _("Spread over working days"),
            {"type": "number_input", "is_decimal_allowed": False, "min_value": "0", "max_value": "60"},
            optional=True,
            hint=_("e.g. 5: the asks go out steadily over five working days instead of all at once."),
        ),
        input_block("due", _("Due date"), {"type": "datepicker"}, optional=True),
    ]


def no_campaigns() -> dict[str, Any]:
    return answer(_("There is no campaign yet. Start with `/drumbeat campaign new`."))


def one_line_example(ex: Examples) -> str:
    return _(
        '`/drumbeat new "Call Mayor Lee about ID cards" tactic=outreach level=occasional,participate '
        "at={at} due={due}`",
        at=ex.at,
        due=ex.due,
    )


def unreadable_line(error: ParseError, ex: Examples) -> dict[str, Any]:
    return answer(
        _(
            "I couldn't read {what}.\nFor example: {example}\n`/drumbeat help` has the rest.",
            what=unreadable(error),
            example=one_line_example(ex),
        )
    )


def almost(errors: Errors, ex: Examples) -> dict[str, Any]:
    """A one-line call that reads but cannot be saved: what to fix."""
    problems = " ".join(texts_of(errors).values())
    return answer(_("Almost: {errors}\nFor example: {example}", errors=problems, example=one_line_example(ex)))


def scheduled(result: Scheduled, tz: str) -> dict[str, Any]:
    when = when_text(result.first_due, tz) if result.first_due else _("when their quiet hours end")
    return answer(
        n_(
            "Scheduled call to action #{call_id}: {n} messenger, first one {when}.",
            "Scheduled call to action #{call_id}: {n} messengers, first one {when}.",
            result.planned,
            call_id=result.call_id,
            when=when,
        )
    )


def not_a_draft(call_id: int) -> dict[str, Any]:
    return answer(_("Call to action #{call_id} was already scheduled or discarded.", call_id=call_id))


def nobody_matches() -> dict[str, Any]:
    return answer(_(NOBODY_MATCHES))


def already_scheduled(call_id: int) -> dict[str, Any]:
    return answer(
        _("Call to action #{call_id} was already scheduled; `/drumbeat cancel {call_id}` stops it.", call_id=call_id)
    )


def discarded() -> dict[str, Any]:
    return answer(_("Discarded. Nothing was sent."))


def which_call(verb: str) -> dict[str, Any]:
    return answer(_("Which one? `/drumbeat {verb} 12`; `/drumbeat actions` lists them.", verb=verb))


def no_such_call(call_id: int) -> dict[str, Any]:
    return answer(_("There is no call to action #{call_id}.", call_id=call_id))


def cancelled(call_id: int, result: Cancelled) -> dict[str, Any]:
    if result.already_sent:
        return answer(
            _(
                "Cancelled call to action #{call_id}: {cancelled} not sent; {sent} had already gone out.",
                call_id=call_id,
                cancelled=result.cancelled,
                sent=result.already_sent,
            )
        )
    return answer(
        _("Cancelled call to action #{call_id}: {cancelled} not sent.", call_id=call_id, cancelled=result.cancelled)
    )


def reschedule_example(ex: Examples, call_id: int = 12) -> str:
    return f"`/drumbeat reschedule {call_id} {ex.at}`"


def _reschedule_usage(ex: Examples) -> str:
    return _("Try {example} (your coalition's time zone).", example=reschedule_example(ex))


def reschedule_usage(ex: Examples) -> dict[str, Any]:
    return answer(_reschedule_usage(ex))


def reschedule_unreadable(error: ParseError, ex: Examples) -> dict[str, Any]:
    return answer(_("I couldn't read {what}. {usage}", what=unreadable(error), usage=_reschedule_usage(ex)))


def reschedule_passed(ex: Examples) -> dict[str, Any]:
    return answer(_("That time has passed. {example}", example=_reschedule_usage(ex)))


def already_started(call_id: int) -> dict[str, Any]:
    return answer(_("Call to action #{call_id} has started sending; cancel what's left instead.", call_id=call_id))


def moved(call_id: int, planned: int, moment: datetime, tz: str) -> dict[str, Any]:
    return answer(
        n_(
            "Moved #{call_id}: {n} messenger, first one {when}.",
            "Moved #{call_id}: {n} messengers, first one {when}.",
            planned,
            call_id=call_id,
            when=when_text(moment, tz),
        )
    )


def _names(matched: Match) -> str:
    more = len(matched) - len(matched.names)
    names = ", ".join(person(n) for n in matched.names)
    return _("{names} and {more} more", names=names, more=more) if more > 0 else names


def _match(n: int) -> str:
    return n_("{n} messenger matches.", "{n} messengers match.", n)


def _left_out(reason: str, count: int) -> str:
    """How many were left out for one reason (`core.matching.Reason`), in words."""
    if reason == Reason.PAUSED:
        return n_("{count} paused", "{count} paused", count, count=count)
    if reason == Reason.OPTED_OUT:
        return n_("{count} opted out", "{count} opted out", count, count=count)
    if reason == Reason.AT_LIMIT:
        return n_("{count} at their ask limit", "{count} at their ask limit", count, count=count)
    if reason == Reason.NOT_JOINED:
        return n_("{count} not joined yet", "{count} not joined yet", count, count=count)
    if reason == Reason.OVER_LIMIT_N:
        return n_("{count} beyond the number asked for", "{count} beyond the number asked for", count, count=count)
    if reason == Reason.METHOD:
        return n_("{count} did not choose this method", "{count} did not choose this method", count, count=count)
    if reason == Reason.EFFORT:
        return n_("{count} above their level", "{count} above their level", count, count=count)
    if reason == Reason.CONSTITUENT:
        return n_("{count} not a constituent", "{count} not a constituent", count, count=count)
    return f"{count} {reason}"


def preview_lines(story: Preview, coalition_tz: str) -> str:
    matched = story.matched
    lines = [f"*{_match(len(matched))}*"]
    if story.effort is not None:
        levels = ", ".join(_(LEVEL_LABELS[lv][0]) for lv in Level if lv in levels_for(story.effort))
        effort = _(EFFORT_LABELS[story.effort][0]).lower()
        lines.append(_("Effort: {effort}, so {levels}.", effort=effort, levels=levels))
    if story.widened:
        method = _(METHOD_LABELS[story.tactic][0]).lower()
        lines.append(_("Widened: also people who did not choose {method}.", method=method))
    if story.picked:
        lines.append(_("Picked by you: {people}.", people=", ".join(f"<@{user_id}>" for user_id in story.picked)))
    elif matched.ids:
        lines.append(_("Including {names}.", names=_names(matched)))
    if matched.first_due is not None:
        when = when_text(matched.first_due, coalition_tz)
        lines.append(_("First ask goes out {when}{moved}.", when=when, moved=_moved(matched, coalition_tz)))
    if matched.quiet_delayed:
        lines.append(
            n_(
                "{count} are in quiet hours then, so they get it later.",
                "{count} are in quiet hours then, so they get it later.",
                matched.quiet_delayed,
                count=matched.quiet_delayed,
            )
        )
    if story.constituents is not None and story.district:
        lines.append(
            _(
                "*Constituents* of {district}: {constituents} of the {total}.",
                district=esc(story.district),
                constituents=story.constituents,
                total=len(matched),
            )
        )
    if story.spanish:
        lines.append(
            n_(
                "{n} of them reads Drumbeat in Spanish and gets your Spanish words.",
                "{n} of them read Drumbeat in Spanish and get your Spanish words.",
                story.spanish,
            )
            if story.in_spanish
            else n_(
                "{n} of them reads Drumbeat in Spanish and gets your words as written (*Edit* to add them in Spanish).",
                "{n} of them read Drumbeat in Spanish and get your words as written (*Edit* to add them in Spanish).",
                story.spanish,
            )
        )
    left = [(reason, count) for reason, count in matched.left_out.items() if count]
    if left:
        lines.append(_("*Left out:* {reasons}.", reasons="; ".join(_left_out(reason, count) for reason, count in left)))
    lines.append(expected_text(story))
    return "\n".join(lines)


def every(seconds: float) -> str:
    """A spacing in words: "10 min", "3 h 20 min", "2 days"."""
    minutes = max(1, round(seconds / 60))
    if minutes < 60:
        return _("{minutes} min", minutes=minutes)
    if minutes < 24 * 60:
        hours, rest = divmod(minutes, 60)
        return _("{hours} h {minutes} min", hours=hours, minutes=rest) if rest else _("{hours} h", hours=hours)
    return n_("{n} day", "{n} days", round(minutes / 1440))


def _moved(matched: Match, tz: str) -> str:
    """Why the first ask goes out later than asked, e.g. ", not 10:00 AM: ..." (empty if it does not)."""
    if not matched.moved or matched.asked_for is None:
        return ""
    asked = datetime.fromtimestamp(matched.asked_for, UTC)
    reasons = []
    if Moved.PASSED in matched.moved:
        reasons.append(_("that time has passed, so it starts now"))
    if Moved.SPREAD in matched.moved:
        reasons.append(
            _(
                "the {asks} asks are spread through working hours, about one every {every}, "
                "each in the middle of its share",
                asks=len(matched.due),
                every=every(matched.spacing),
            )
        )
    if Moved.QUIET in matched.moved:
        reasons.append(_("the first people are in their quiet hours then"))
    first = matched.first_due
    same_day = first is not None and first.astimezone(zone(tz)).date() == asked.astimezone(zone(tz)).date()
    said = clock(asked, tz) if same_day else when_text(asked, tz)
    return _(", not {said}: {reasons}", said=said, reasons="; ".join(reasons))


def expected_text(story: Preview) -> str:
    """The expected yield, with the rates it used, or why there is none."""
    found, tactic = story.expected, _(METHOD_LABELS[story.tactic][0]).lower()
    if not found.asked:
        return _("*Likely to act:* nobody is asked.")
    if found.likely is None:
        return _(
            "*Likely to act:* no estimate yet: too few past {tactic} asks ({history}) to go on.",
            tactic=tactic,
            history=found.history,
        )
    other = _("Other")
    rates = ", ".join(
        f"{_(LEVEL_LABELS[level][0]) if level else other} {rate:.0%}"
        for level, rate in sorted(found.rates.items(), key=lambda item: item[1], reverse=True)
    )
    return _(
        "*Likely to act:* about {likely} of {asked} "
        "(done per ask sent, by level: {rates}; from {history} past {tactic} asks).",
        likely=round(found.likely),
        asked=found.asked,
        rates=rates,
        history=found.history,
        tactic=tactic,
    )


def when_text(moment: datetime, tz: str) -> str:
    """A day and time in the coalition's zone: "Thu Dec 10, 3:40 PM", "jueves 10 de diciembre, 3:40 p. m."."""
    there = moment.astimezone(zone(tz))
    if language() == SPANISH:
        return format_datetime(there, "EEEE d 'de' MMMM, h:mm a", locale=SPANISH)
    return there.strftime("%a %b %-d, %-I:%M %p")


def clock(moment: datetime, tz: str) -> str:
    """A time of day in the coalition's zone: "3:40 PM", "3:40 p. m."."""
    there = moment.astimezone(zone(tz))
    if language() == SPANISH:
        return format_time(there, "h:mm a", locale=SPANISH)
    return there.strftime("%-I:%M %p")


NOBODY_MATCHES = N_(
    "Nobody matches, so there is nothing to schedule. Widen it (`method=any`, more levels, fewer filters) "
    "or discard it."
)


def _as_they_get_it(story: Preview, tz: str) -> list[dict[str, Any]]:
    from views.checkins import as_they_get_it  # views.checkins reads audience_text from here

    return as_they_get_it(story.card, tz) if story.card is not None and story.matched.ids else []


def preview_modal(call_id: int, objective: str, story: Preview, tz: str) -> dict[str, Any]:
    blocks = [
        section(f"*{esc(objective)}*"),
        section(preview_lines(story, tz)),
        *_as_they_get_it(story, tz),
        {"type": "actions", "block_id": "edit", "elements": [button(_("Edit"), EDIT_BUTTON, str(call_id))]},
    ]
    view = {
        "type": "modal",
        "callback_id": PREVIEW_FORM,
        "private_metadata": json.dumps({"call_id": call_id}),
        "title": plain(_("Preview"), 24),
        "submit": plain(_("Schedule")),
        "close": plain(_("Discard")),
        "blocks": blocks,
    }
    if not story.matched.ids:  # nothing to schedule: no Schedule button, and why
        view.pop("submit")
        view["close"] = plain(_("Close"))
        blocks.append(section(f"*{_(NOBODY_MATCHES)}*"))
    return view


def preview_message(call_id: int, objective: str, story: Preview, tz: str) -> dict[str, Any]:
    value = str(call_id)
    return {
        "response_type": "ephemeral",
        "text": _("Preview: {match}", match=_match(len(story.matched))),
        "blocks": [
            section(
                _("*Preview of call to action #{call_id}:* {objective}", call_id=call_id, objective=esc(objective))
            ),
            section(preview_lines(story, tz)),
            *([section(f"*{_(NOBODY_MATCHES)}*")] if not story.matched.ids else []),
            *_as_they_get_it(story, tz),
            {
                "type": "actions",
                "block_id": "preview",
                "elements": [
                    *([button(_("Schedule"), SCHEDULE_BUTTON, value, style="primary")] if story.matched.ids else []),
                    button(_("Edit"), EDIT_BUTTON, value),
                    button(_("Discard"), DISCARD_BUTTON, value),
                ],
            },
        ],
    }


def progress_text(call_id: int, objective: str, progress: Progress) -> str:
    head = _("Call to action #{call_id} ({objective})", call_id=call_id, objective=objective[:80])
    if progress.total == 0:
        return _("{head}: nobody to send to.", head=head)
    parts = [_("sent {sent} of {total}", sent=progress.sent, total=progress.total)]
    if progress.failed:
        parts.append(_("{failed} failed", failed=progress.failed))
    if progress.skipped:
        parts.append(_("{skipped} skipped (opted out or paused)", skipped=progress.skipped))
    if progress.cancelled:
        parts.append(_("{cancelled} cancelled", cancelled=progress.cancelled))
    if progress.finished:
        return _("{head}: done: {parts}.", head=head, parts=", ".join(parts))
    return _("{head}: {parts}.", head=head, parts=", ".join(parts))


def progress_message(call_id: int, objective: str, progress: Progress) -> dict[str, Any]:
    text = progress_text(call_id, esc(objective), progress)
    return {"text": text, "blocks": [section(text)]}


CALLS_PAGE = 30  # calls to action on one page of `/drumbeat actions`
CALLS_MORE = "calls_more"


def call_list(items: list[CallSummary], tz: str, *, start: int = 0, total: int | None = None) -> dict[str, Any]:
    """One page of calls to action, latest first: the page says which of how many, and a More button
    brings the next."""
    total = len(items) if total is None else total
    if not items:
        return answer(
            _("No calls to action yet. `/drumbeat new` starts one.") if not start else _("No more calls to action.")
        )
    lines = []
    for item in items:
        fields = {
            "id": item.id,
            "objective": esc(shorten(item.objective, 80)),
            "campaign": esc(item.campaign),
            "tactic": _(METHOD_LABELS[item.tactic][0]),
            "status": _listed_status(item.status),
            "when": when_text(item.next_due or item.send_at, tz),
            "sent": item.sent,
            "total": item.total,
            "failed": item.failed,
        }
        if item.failed:
            line = _(
                "*#{id}* {objective} ({campaign}, {tactic}): {status}, {when}; sent {sent} of {total}, {failed} failed",
                **fields,
            )
        else:
            line = _("*#{id}* {objective} ({campaign}, {tactic}): {status}, {when}; sent {sent} of {total}", **fields)
        lines.append(line)
    end = start + len(items)
    heading = (
        _("*Calls to action* ({first}–{last} of {total}, latest first)", first=start + 1, last=end, total=total)
        if total > len(items)
        else _("*Calls to action*")
    )
    blocks = listing(lines, heading=heading, max_blocks=MESSAGE_BLOCKS - 2)
    blocks.append(context(_("`/drumbeat action 12` shows one.")))
    if end < total:
        older = total - end
        more = button(n_("More ({count} older)", "More ({count} older)", older, count=older), CALLS_MORE, str(end))
        blocks.append({"type": "actions", "block_id": "calls_more", "elements": [more]})
    return {"response_type": "ephemeral", "text": heading, "blocks": blocks}


def _listed_status(status: CallStatus) -> str:
    """A call's status as the list of calls says it."""
    if status == CallStatus.SCHEDULED:
        return _("upcoming")
    if status == CallStatus.SENDING:
        return _("sending")
    if status == CallStatus.DONE:
        return _("sent")
    if status == CallStatus.CANCELLED:
        return _("cancelled")
    return _status(status)


def _status(status: CallStatus) -> str:
    """A call's status as one call's detail says it."""
    if status == CallStatus.DRAFT:
        return _("draft")
    if status == CallStatus.SCHEDULED:
        return _("scheduled")
    if status == CallStatus.SENDING:
        return _("sending")
    if status == CallStatus.DONE:
        return _("done")
    if status == CallStatus.CANCELLED:
        return _("cancelled")
    return status.value


def call_detail(item: CallSummary, card: Card, tz: str, ex: Examples) -> dict[str, Any]:
    first = when_text(item.send_at, tz)
    lines = [
        f"*#{item.id}: {esc(card.objective)}*",
        _(
            "Campaign: {campaign}; tactic: {tactic}; audience: {audience}",
            campaign=esc(card.campaign),
            tactic=_(METHOD_LABELS[card.tactic][0]),
            audience=audience_text(card),
        ),
        _(
            "Status: {status}; first send {first}; next {next}",
            status=_status(item.status),
            first=first,
            next=when_text(item.next_due, tz),
        )
        if item.next_due
        else _("Status: {status}; first send {first}", status=_status(item.status), first=first),
        _(
            "Sent {sent} of {total}; {failed} failed; {pending} waiting.",
            sent=item.sent,
            total=item.total,
            failed=item.failed,
            pending=item.pending,
        ),
    ]
    if card.due_date:
        lines.append(_("Due {day}.", day=card.due_date.isoformat()))
    blocks: list[Block] = [section("\n".join(lines))]
    if item.status in (CallStatus.SCHEDULED, CallStatus.SENDING):
        blocks.append(
            {
                "type": "actions",
                "block_id": "action_detail",
                "elements": [button(_("Cancel what's left"), CANCEL_BUTTON, str(item.id), style="danger")],
            }
        )
        blocks.append(context(_("Move it: {example} (before it starts).", example=reschedule_example(ex, item.id))))
    return {"response_type": "ephemeral", "text": lines[0], "blocks": blocks}


def read_call_form(values: Mapping[str, Any], coalition_tz: str, now: datetime) -> Draft:
    """The submitted new-call-to-action form, as a Draft (validation happens in core.calls)."""

    def selected(block_id: str) -> str | None:
        chosen = state_value(values, block_id).get("selected_option") or {}
        value = chosen.get("value")
        return str(value) if value is not None else None

    def many(block_id: str) -> list[str]:
        return [str(o["value"]) for o in state_value(values, block_id).get("selected_options") or []]

    def number(block_id: str) -> int | None:
        raw = state_value(values, block_id).get("value")
        try:
            return int(str(raw)) if raw not in (None, "") else None
        except ValueError:
            return -1  # validation explains

    campaign = selected("campaign")
    tactic_key = selected("tactic")
    audience_value = selected("audience") or ""
    audience: Audience | None = None
    maker_id = None
    if audience_value.startswith("dm:") and (found := numbers.an_id(audience_value[3:])) is not None:
        audience, maker_id = Audience.DECISION_MAKER, found
    elif audience_value in (Audience.PUBLIC, Audience.PRESS, Audience.COALITION):
        audience = Audience(audience_value)
    methods = NO_METHODS
    for key in many("methods"):
        methods |= next((m for m, k in METHOD_KEYS.items() if k == key), NO_METHODS)
    skills = NO_SKILLS
    for key in many("skills"):
        skills |= next((s for s, k in SKILL_KEYS.items() if k == key), NO_SKILLS)
    communities = NO_CONNECTIONS
    for key in many("communities"):
        communities |= next((c for c, k in CONNECTION_KEYS.items() if k == key), NO_CONNECTIONS)
    effort_value = selected("effort")
    levels = frozenset(lv for lv in Level if lv.value in many("levels"))
    people = tuple(str(u) for u in state_value(values, "people").get("selected_users") or [])
    kind = {"at": ScheduleKind.AT, "local": ScheduleKind.LOCAL}.get(selected("when") or "now", ScheduleKind.NOW)
    day_text = state_value(values, "when_date").get("selected_date")
    time_text = state_value(values, "when_time").get("selected_time")
    minute = minutes_of(time_text)
    day = _date(day_text)
    at: datetime | None = None
    if kind == ScheduleKind.AT and day is not None:
        at = local_moment(day, 9 * 60 if minute is None else minute, coalition_tz)
    elif kind == ScheduleKind.LOCAL:
        at = local_moment(day, 12 * 60, coalition_tz) if day is not None else now
    due_text = state_value(values, "due").get("selected_date")
    return Draft(
        campaign_id=numbers.an_id(campaign),
        tactic=next((m for m, k in METHOD_KEYS.items() if k == tactic_key), None),
        objective=state_value(values, "objective").get("value") or "",
        audience=audience,
        decision_maker_id=maker_id,
        ask=state_value(values, "ask").get("value") or "",
        objective_es=state_value(values, "objective_es").get("value") or "",
        ask_es=state_value(values, "ask_es").get("value") or "",
        links=state_value(values, "links").get("value") or "",
        targeting=Targeting(
            levels=levels,
            methods=methods,
            skills=skills,
            communities=communities,
            user_ids=people,
            limit=number("limit"),
        ),
        connected="connected" in many("who"),
        constituents="constituents" in many("who"),
        any_method="any_method" in many("widen"),
        effort=next((e for e in Effort if e.value == effort_value), None),
        schedule=kind,
        at=at,
        local_minute=minute if kind == ScheduleKind.LOCAL else None,
        spread_days=number("spread") or 0,
        due_date=_date(due_text),
    )


def _date(text: Any) -> date | None:
    """A datepicker's value; anything that is not a date reads as no date (validation then says so)."""
    try:
        return date.fromisoformat(text) if isinstance(text, str) and text else None
    except ValueError:
        return None


def draft_id(private_metadata: str | None, key: str = "call_id") -> int | None:
    """The draft a preview (`call_id`) or an edited form (`editing`) is about."""
    try:
        value = json.loads(private_metadata or "{}").get(key)
    except (ValueError, AttributeError):
        return None
    return int(value) if isinstance(value, int) else None


def not_editable(call_id: int) -> dict[str, Any]:
    return answer(
        _(
            "Call to action #{call_id} was already scheduled or discarded, so there is no draft to edit.",
            call_id=call_id,
        )
    )
