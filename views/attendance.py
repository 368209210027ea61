"""Events: the invitation's extra lines, answers to RSVPs, reminders, "Were you there?", the roster."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.attendance import ATTENDEE, GOING, SPEAKER, Due, Roster, Taken
from core.calls import Card
from core.invalid import Errors
from core.oneline import ParseError
from models.vocab import NoticeKind
from views.checkins import EVENT_MISSED, EVENT_THERE, call_to_action, local_time
from views.examples import Examples
from views.invalid import texts_of
from views.invalid import unreadable as unreadable_part
from views.text import answer, button, context, counted, esc, listing, section

SPEAKERS_LEAD = "Speakers are drawn from those who lead. *I'll be there* saves you a place to attend."
STOPPED = "You asked Drumbeat to stop messaging you, so nothing changed. `/drumbeat join` brings you back."


def event_section(starts: datetime, place: str, speakers: int, attendees: int, tz: str) -> dict[str, Any]:
    slots = ", ".join(
        p for p in (f"{speakers} speakers" if speakers else "", f"{attendees} attendees" if attendees else "") if p
    )
    return section(f"*An event:* {local_time(starts, tz)} at {esc(place)}; places for {slots}.")


CANT_MAKE_IT = (
    ":pause_button: *You can't make it.* Thanks for telling us: if you had a place, it goes to the next in line."
)


def invitation(card: Card, delivery_id: int, choice: str, tz: str) -> dict[str, Any]:
    """The invitation as it stands after an RSVP: the card, their choice, and the buttons to change it."""
    message = call_to_action(card, delivery_id, tz)
    blocks = list(message["blocks"])
    buttons = next(i for i, b in enumerate(blocks) if b.get("type") == "actions")
    blocks.insert(buttons, section(choice))
    blocks[-1] = context("Changed your mind? Pick another answer. Reply STOP to stop all messages.")
    return {**message, "blocks": blocks}


def taken_text(taken: Taken) -> str:
    role = "speak" if taken.role == SPEAKER else "attend"
    if taken.state == GOING:
        return (
            f":white_check_mark: *You're in:* a place to {role} is yours. We'll remind you the day before and an "
            "hour before. *Can't make it* frees it for someone else."
        )
    return (
        f":hourglass: *It's full:* you're number {taken.position} on the waiting list to {role}; we'll tell you "
        "if a place opens."
    )


def moved_up(objective: str) -> dict[str, Any]:
    text = f"A place opened up: you're going to *{esc(objective)}*. Thank you!"
    return {"text": "A place opened up for you", "blocks": [section(text)]}


def reminder(due: Due, tz: str) -> dict[str, Any]:
    when = "coming up" if due.kind == NoticeKind.EVENT_DAY else "in an hour"
    text = f"Reminder: *{esc(due.objective)}* is {when}: {local_time(due.starts_at, tz)} at {esc(due.place)}."
    return {"text": f"Reminder: an event {when}", "blocks": [section(text), context("Thank you for showing up.")]}


def were_you_there(due: Due) -> dict[str, Any]:
    value = str(due.rsvp_id)
    return {
        "text": "Were you there?",
        "blocks": [
            section(f"Were you at *{esc(due.objective)}*?"),
            {
                "type": "actions",
                "elements": [
                    button("Yes, I was there", EVENT_THERE, value, "primary"),
                    button("No", EVENT_MISSED, value),
                ],
            },
        ],
    }


def roster_message(found: Roster, tz: str) -> dict[str, Any]:
    heading = f"*#{found.call_id} {esc(found.objective)}*: {local_time(found.starts_at, tz)} at {esc(found.place)}"
    lines = []
    for role, label in ((SPEAKER, "Speakers"), (ATTENDEE, "Attendees")):
        if not found.slots[role]:
            continue
        going = ", ".join(f"<@{u}>" for u in found.going[role]) or "nobody yet"
        line = f"*{label}*: {len(found.going[role])} of {found.slots[role]}: {going}"
        if found.waiting[role]:
            line += f"\n      waiting list ({len(found.waiting[role])}): " + ", ".join(
                f"<@{u}>" for u in found.waiting[role]
            )
        lines.append(line)
    if found.attended:
        lines.append(f"*Were there*: {found.attended}")
    blocks = listing(lines, heading=heading, max_blocks=10)
    blocks.append(context(f'`/drumbeat event {found.call_id} message "..."` writes to everyone signed up.'))
    return {"response_type": "ephemeral", "text": f"Event #{found.call_id}", "blocks": blocks}


def organizer_message(found: Roster, organizer: str, text: str) -> dict[str, Any]:
    return {
        "text": "About an event you signed up for",
        "blocks": [
            section(f"*About {esc(found.objective)}*, from <@{organizer}>:\n{esc(text)}"),
            context("Reply here: it reaches the organizers."),
        ],
    }


def message_sent(call_id: int, people: int) -> dict[str, Any]:
    """The organizer's message to everyone signed up: how many it goes to (each in their daytime)."""
    return answer(
        f"Sent to {counted(people, 'person', 'people')} signed up for #{call_id} "
        "(in their quiet hours: when those end)."
    )


def example(ex: Examples) -> str:
    return f'`/drumbeat event "Town hall on ID cards" on={ex.event} place="City Hall" speakers=2 attendees=25`'


def event_needs(ex: Examples) -> dict[str, Any]:
    return answer(f"An event needs a title, `on=` (its date and time) and `place=`. For example: {example(ex)}")


def unreadable(error: ParseError, ex: Examples) -> dict[str, Any]:
    return answer(f"I couldn't read {unreadable_part(error)}. For example: {example(ex)}")


def places_needed(ex: Examples) -> dict[str, Any]:
    return answer(f"`speakers=` and `attendees=` are numbers of places, at least one of them. {example(ex)}")


def too_many_places() -> dict[str, Any]:
    return answer("At most 100 speakers and 10,000 attendees.")


def time_passed(ex: Examples) -> dict[str, Any]:
    return answer(f"That time has passed. {example(ex)}")


def almost(errors: Errors) -> dict[str, Any]:
    return answer("Almost: " + " ".join(texts_of(errors).values()))


def no_event(typed: str) -> dict[str, Any]:
    return answer(f"There is no event #{esc(typed.lstrip('#')[:20])}. `/drumbeat actions` lists calls to action.")


def not_an_event(call_id: int) -> dict[str, Any]:
    return answer(f"Call to action #{call_id} is not an event. `/drumbeat actions` lists them.")


def no_longer_open() -> dict[str, Any]:
    return answer("That invitation is no longer open.")


def speakers_lead() -> dict[str, Any]:
    return answer(SPEAKERS_LEAD)


def stopped() -> dict[str, Any]:
    return answer(STOPPED)


def taken(taken_: Taken) -> dict[str, Any]:
    return answer(taken_text(taken_))


def cant_make_it() -> dict[str, Any]:
    return answer(CANT_MAKE_IT)


def attendance_noted(there: bool) -> dict[str, Any]:
    return answer("Thank you for being there: it counts." if there else "Thanks for telling us.")
