"""Events: the invitation's extra lines, answers to RSVPs, reminders, "Were you there?", the roster."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.attendance import ATTENDEE, GOING, SPEAKER, Due, Roster, Taken
from core.calls import Card
from core.invalid import Errors
from core.oneline import ParseError
from models.vocab import N_, NoticeKind
from views.checkins import EVENT_MISSED, EVENT_THERE, call_to_action, local_time
from views.examples import Examples
from views.i18n import _, n_
from views.invalid import texts_of
from views.invalid import unreadable as unreadable_part
from views.text import answer, button, context, esc, listing, section

SPEAKERS_LEAD = N_("Speakers are drawn from those who lead. *I'll be there* saves you a place to attend.")
STOPPED = N_("You asked Drumbeat to stop messaging you, so nothing changed. `/drumbeat join` brings you back.")


def event_section(starts: datetime, place: str, speakers: int, attendees: int, tz: str) -> dict[str, Any]:
    # English says "1 speakers" as it always has (a count of places); other languages may agree with 1
    counts = (
        n_("{n} speakers", "{n} speakers", speakers) if speakers else "",
        n_("{n} attendees", "{n} attendees", attendees) if attendees else "",
    )
    slots = ", ".join(p for p in counts if p)
    return section(
        _(
            "*An event:* {when} at {place}; places for {slots}.",
            when=local_time(starts, tz),
            place=esc(place),
            slots=slots,
        )
    )


CANT_MAKE_IT = N_(  # shown as _(CANT_MAKE_IT)
    ":pause_button: *You can't make it.* Thanks for telling us: if you had a place, it goes to the next in line."
)


def invitation(card: Card, delivery_id: int, choice: str, tz: str) -> dict[str, Any]:
    """The invitation as it stands after an RSVP: the card, their choice, and the buttons to change it."""
    message = call_to_action(card, delivery_id, tz)
    blocks = list(message["blocks"])
    buttons = next(i for i, b in enumerate(blocks) if b.get("type") == "actions")
    blocks.insert(buttons, section(choice))  # in the reader's words already
    blocks[-1] = context(_("Changed your mind? Pick another answer. Reply STOP to stop all messages."))
    return {**message, "blocks": blocks}


def taken_text(taken: Taken) -> str:
    if taken.state == GOING:
        if taken.role == SPEAKER:
            return _(
                ":white_check_mark: *You're in:* a place to speak is yours. We'll remind you the day before and an "
                "hour before. *Can't make it* frees it for someone else."
            )
        return _(
            ":white_check_mark: *You're in:* a place to attend is yours. We'll remind you the day before and an "
            "hour before. *Can't make it* frees it for someone else."
        )
    if taken.role == SPEAKER:
        return _(
            ":hourglass: *It's full:* you're number {position} on the waiting list to speak; we'll tell you "
            "if a place opens.",
            position=taken.position,
        )
    return _(
        ":hourglass: *It's full:* you're number {position} on the waiting list to attend; we'll tell you "
        "if a place opens.",
        position=taken.position,
    )


def moved_up(objective: str) -> dict[str, Any]:
    text = _("A place opened up: you're going to *{objective}*. Thank you!", objective=esc(objective))
    return {"text": _("A place opened up for you"), "blocks": [section(text)]}


def reminder(due: Due, tz: str) -> dict[str, Any]:
    fields = {"objective": esc(due.objective), "when": local_time(due.starts_at, tz), "place": esc(due.place)}
    if due.kind == NoticeKind.EVENT_DAY:
        headline = _("Reminder: an event coming up")
        text = _("Reminder: *{objective}* is coming up: {when} at {place}.", **fields)
    else:
        headline = _("Reminder: an event in an hour")
        text = _("Reminder: *{objective}* is in an hour: {when} at {place}.", **fields)
    return {"text": headline, "blocks": [section(text), context(_("Thank you for showing up."))]}


def were_you_there(due: Due) -> dict[str, Any]:
    value = str(due.rsvp_id)
    return {
        "text": _("Were you there?"),
        "blocks": [
            section(_("Were you at *{objective}*?", objective=esc(due.objective))),
            {
                "type": "actions",
                "elements": [
                    button(_("Yes, I was there"), EVENT_THERE, value, "primary"),
                    button(_("No"), EVENT_MISSED, value),
                ],
            },
        ],
    }


def roster_message(found: Roster, tz: str) -> dict[str, Any]:
    heading = _(
        "*#{call_id} {objective}*: {when} at {place}",
        call_id=found.call_id,
        objective=esc(found.objective),
        when=local_time(found.starts_at, tz),
        place=esc(found.place),
    )
    lines = []
    for role, label in ((SPEAKER, _("Speakers")), (ATTENDEE, _("Attendees"))):
        if not found.slots[role]:
            continue
        going = ", ".join(f"<@{u}>" for u in found.going[role]) or _("nobody yet")
        line = _(
            "*{label}*: {going} of {places}: {names}",
            label=label,
            going=len(found.going[role]),
            places=found.slots[role],
            names=going,
        )
        if found.waiting[role]:
            waiting = ", ".join(f"<@{u}>" for u in found.waiting[role])
            line += "\n      " + _("waiting list ({n}): {names}", n=len(found.waiting[role]), names=waiting)
        lines.append(line)
    if found.attended:
        lines.append(_("*Were there*: {n}", n=found.attended))
    blocks = listing(lines, heading=heading, max_blocks=10)
    blocks.append(
        context(_('`/drumbeat event {call_id} message "..."` writes to everyone signed up.', call_id=found.call_id))
    )
    return {"response_type": "ephemeral", "text": _("Event #{call_id}", call_id=found.call_id), "blocks": blocks}


def organizer_message(found: Roster, organizer: str, text: str) -> dict[str, Any]:
    return {
        "text": _("About an event you signed up for"),
        "blocks": [
            section(
                _(
                    "*About {objective}*, from <@{organizer}>:\n{text}",
                    objective=esc(found.objective),
                    organizer=organizer,
                    text=esc(text),
                )
            ),
            context(_("Reply here: it reaches the organizers.")),
        ],
    }


def message_sent(call_id: int, people: int) -> dict[str, Any]:
    """The organizer's message to everyone signed up: how many it goes to (each in their daytime)."""
    return answer(
        n_(
            "Sent to {n} person signed up for #{call_id} (in their quiet hours: when those end).",
            "Sent to {n} people signed up for #{call_id} (in their quiet hours: when those end).",
            people,
            call_id=call_id,
        )
    )


def example(ex: Examples) -> str:
    return _('`/drumbeat event "Town hall on ID cards" on={on} place="City Hall" speakers=2 attendees=25`', on=ex.event)


def event_needs(ex: Examples) -> dict[str, Any]:
    return answer(
        _(
            "An event needs a title, `on=` (its date and time) and `place=`. For example: {example}",
            example=example(ex),
        )
    )


def unreadable(error: ParseError, ex: Examples) -> dict[str, Any]:
    return answer(_("I couldn't read {what}. For example: {example}", what=unreadable_part(error), example=example(ex)))


def places_needed(ex: Examples) -> dict[str, Any]:
    return answer(
        _("`speakers=` and `attendees=` are numbers of places, at least one of them. {example}", example=example(ex))
    )


def too_many_places() -> dict[str, Any]:
    return answer(_("At most 100 speakers and 10,000 attendees."))


def time_passed(ex: Examples) -> dict[str, Any]:
    return answer(_("That time has passed. {example}", example=example(ex)))


def almost(errors: Errors) -> dict[str, Any]:
    return answer(_("Almost: {errors}", errors=" ".join(texts_of(errors).values())))


def no_event(typed: str) -> dict[str, Any]:
    return answer(
        _(
            "There is no event #{typed}. `/drumbeat actions` lists calls to action.",
            typed=esc(typed.lstrip("#")[:20]),
        )
    )


def not_an_event(call_id: int) -> dict[str, Any]:
    return answer(_("Call to action #{call_id} is not an event. `/drumbeat actions` lists them.", call_id=call_id))


def no_longer_open() -> dict[str, Any]:
    return answer(_("That invitation is no longer open."))


def speakers_lead() -> dict[str, Any]:
    return answer(_(SPEAKERS_LEAD))


def stopped() -> dict[str, Any]:
    return answer(_(STOPPED))


def taken(taken_: Taken) -> dict[str, Any]:
    return answer(taken_text(taken_))


def cant_make_it() -> dict[str, Any]:
    return answer(_(CANT_MAKE_IT))


def attendance_noted(there: bool) -> dict[str, Any]:
    return answer(_("Thank you for being there: it counts.") if there else _("Thanks for telling us."))
