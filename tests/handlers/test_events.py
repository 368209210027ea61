"""Events: slots by role, first come; a waiting list that moves up; reminders the day before and an hour
before; "Were you there?" counts as a contact; the roster; a message to all signed up.

The whole story, with the reminders the scheduler sends, runs over the test Slack server; decisions are read
from the listeners' Replies (tests.replies).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from core import attendance, checkins
from core.timing import zone
from handlers.request import Reply
from models import Rsvp
from models.vocab import Level, NoticeKind
from runtime.effects import DM
from scheduler import jobs
from scheduler.delivery import Sender
from slacksim import message_text
from tests import when
from tests.conftest import Bot, told
from tests.factories import add_campaign, add_messenger
from tests.handlers.test_checkins import ask_of
from tests.replies import ORGANIZER, Ask, Desk, button_value, effects_of, sent, text_of
from tests.replies import message_text as said
from views import attendance as attendance_views

CHICAGO = zone("America/Chicago")


def texts(bot: Bot, user_id: str) -> list[str]:
    return [message_text(m) for m in bot.person(user_id).dms]


def test_an_event_fills_its_slots_keeps_a_waiting_list_reminds_and_records_attendance(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    for user_id, level in [
        ("U0L1", Level.LEAD),
        ("U0L2", Level.LEAD),
        ("U0P1", Level.PARTICIPATE),
        ("U0P2", Level.PARTICIPATE),
        ("U0P3", Level.PARTICIPATE),
        ("U0O1", Level.OCCASIONAL),
    ]:
        add_messenger(bot.db, bot.sim, user_id, bot.clock.now, level=level)
    olivia = bot.person("U0ORGANIZER")
    olivia.command(f'event "Town hall" on={when.typed(9, 18)} place="City Hall"')
    assert "`speakers=` and `attendees=`" in told(olivia), "a clear message, nothing made"
    olivia.command(
        f'event "Town hall on ID cards" to=Lee on={when.typed(9, 18)} place="City Hall, room 2" speakers=1 attendees=2'
    )
    preview = told(olivia)
    assert "An event:" in preview
    assert "places for 1 speakers, 2 attendees" in preview
    olivia.click("call_schedule")
    Sender(bot.deps, pool=4, retry_base=1.0).run()
    invited = {
        u for u in ("U0L1", "U0L2", "U0P1", "U0P2", "U0P3", "U0O1") if any(m.metadata for m in bot.person(u).dms)
    }
    assert invited == {"U0L1", "U0L2", "U0P1", "U0P2", "U0P3"}, "taking part: Participate and up"
    assert "City Hall, room 2" in message_text(ask_of(bot.person("U0P1")))

    def click(user_id: str, action: str) -> str:
        """What they see after the click: the invitation, which shows their choice, or a note."""
        person = bot.person(user_id)
        notes = len(person.ephemerals)
        person.click(action, message=ask_of(person))
        return message_text(ask_of(person)) if len(person.ephemerals) == notes else person.last_ephemeral_text

    assert "You're in" in click("U0P1", "event_going")
    assert "You're in" in click("U0P2", "event_going")
    assert "number 1 on the waiting list to attend" in click("U0P3", "event_going")
    assert "Speakers are drawn from those who lead" in click("U0P1", "event_speak")
    assert "a place to speak is yours" in click("U0L1", "event_speak")
    assert "number 1 on the waiting list to speak" in click("U0L2", "event_speak")
    click("U0P2", "event_cancel")
    assert any("A place opened up" in t for t in texts(bot, "U0P3")), "the first in line moves up, and hears so"

    roster = olivia.answer("event 1")
    assert "*Attendees*: 2 of 2: <@U0P1>, <@U0P3>" in roster
    assert "*Speakers*: 1 of 1: <@U0L1>" in roster
    assert "waiting list (1): <@U0L2>" in roster

    going = ("U0P1", "U0P3", "U0L1")
    bot.clock.now = when.local(8, 18, 30)  # the day before
    jobs.event_reminders()
    jobs.event_reminders()
    for user_id in going:
        assert sum("is coming up" in t for t in texts(bot, user_id)) == 1, user_id
    assert not any("is coming up" in t for t in texts(bot, "U0L2")), "the waiting list is not reminded"
    assert not any("is coming up" in t for t in texts(bot, "U0P2")), "cancelled"
    bot.clock.now = when.local(9, 17, 15)
    jobs.event_reminders()
    assert all(sum("in an hour" in t for t in texts(bot, u)) == 1 for u in going)
    bot.clock.now = when.local(9, 20, 30)
    jobs.event_reminders()
    p1 = bot.person("U0P1")
    question = next(m for m in p1.dms if "Were you there?" in (m.text or ""))
    p1.click("event_there", message=question)
    coverage = olivia.answer("coverage 1")
    assert "*Mayor Lee* (Reentry ID cards)" in coverage
    assert "1 contact from 5 asks" in coverage, "being there is a contact with the decision maker"
    with bot.db.transaction() as s:  # "No" after "Yes" (from an older copy of the question, say)
        rsvp_id = s.scalars(select(Rsvp.id).where(Rsvp.user_id == "U0P1")).one()
        assert attendance.attended(s, "T0DRUMBEAT", "U0P1", rsvp_id, False, bot.clock.now)
    assert "0 contacts from 5 asks" in olivia.answer("coverage 1"), "the Done no longer stands"
    with bot.db.transaction() as s:
        assert attendance.attended(s, "T0DRUMBEAT", "U0P1", rsvp_id, True, bot.clock.now)
    assert "*Were there*: 1" in olivia.answer("event 1")

    assert "Sent to 4 people" in olivia.answer('event 1 message "Doors open at 5:30 <!channel>"')
    assert any("Doors open at 5:30 &lt;!channel&gt;" in t for t in texts(bot, "U0L2"))
    assert not any("Doors open" in t for t in texts(bot, "U0P2"))


# ----- decisions, read from the Reply -----------------------------------------------------------------


def invited(desk: Desk, places: int, *people: str) -> dict[str, Ask]:
    """An event with `places` attendee places, scheduled by an organizer; each of `people`'s invitation, as sent."""
    add_campaign(desk.db, desk.now())
    for user_id in people:
        add_messenger(desk.db, None, user_id, desk.now())
    return event_sent(desk, f'"Rally" on={when.typed(9, 18)} place="The park" attendees={places}')


def event_sent(desk: Desk, line: str) -> dict[str, Ask]:
    """`/drumbeat event <line>`, then Schedule; the invitations, recorded as sent, by person."""
    preview = desk.command(ORGANIZER, f"event {line}")
    call_id = int(button_value(preview, "call_schedule"))
    assert "Scheduled call to action #" in text_of(desk.click(ORGANIZER, "call_schedule", call_id))
    return sent(desk.db, call_id)


def click(desk: Desk, user_id: str, action_id: str, ask: Ask) -> Reply:
    """A click on the invitation in their DM."""
    return desk.click(user_id, action_id, ask.delivery_id, channel_id=ask.channel, message_ts=ask.ts)


def rally(desk: Desk, places: int, *people: str) -> tuple[dict[str, Ask], dict[str, Reply]]:
    """An event with `places` attendee places; each of `people` says I'll be there, in order."""
    asks = invited(desk, places, *people)
    return asks, {user_id: click(desk, user_id, "event_going", asks[user_id]) for user_id in people}


def roster(desk: Desk) -> str:
    return text_of(desk.command(ORGANIZER, "event 1"))


def moved_up(*replies: Reply) -> list[str]:
    """Whom the Replies tell that a place opened up for them (in their daytime: held through quiet hours)."""
    dms = [dm for r in replies for dm in effects_of(r, DM) if "A place opened up" in said(dm.message)]
    assert all(dm.daytime for dm in dms), "a place that opened up is news for the morning, not the night"
    return [dm.user_id for dm in dms]


def attendance_question(desk: Desk, user_id: str) -> Mapping[str, Any]:
    """The "Were you there?" question, as `scheduler.jobs.event_reminders` would DM it to them now (that the job
    sends it is end to end above)."""
    (due,) = [
        d for d in attendance.due_now(desk.db, desk.now()) if d.user_id == user_id and d.kind == NoticeKind.EVENT_AFTER
    ]
    return attendance_views.were_you_there(due)


def reminded(desk: Desk) -> set[str]:
    """Whom `scheduler.jobs.remind` would remind of an ask now."""
    now = desk.now()
    return {i.user_id for i in checkins.reminders_now(desk.db, now) if checkins.reminder_of(desk.db, i, now)}


def test_an_event_needs_its_time_place_and_places(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0L1", desk.now(), level=Level.LEAD)
    refused = desk.command(ORGANIZER, f'event "Town hall" on={when.typed(9, 18)} place="City Hall"')
    assert "`speakers=` and `attendees=`" in text_of(refused), "a clear message"
    assert "call_schedule" not in str(refused.message), "nothing made"
    preview = desk.command(
        ORGANIZER,
        f'event "Town hall on ID cards" to=Lee on={when.typed(9, 18)} place="City Hall, room 2" speakers=1 attendees=2',
    )
    assert "An event:" in text_of(preview)
    assert "places for 1 speakers, 2 attendees" in text_of(preview)
    assert button_value(preview, "call_schedule") == "1"


def test_places_go_by_role_first_come_and_the_first_in_line_moves_up(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    for user_id, level in [("U0L1", Level.LEAD), ("U0L2", Level.LEAD), ("U0P1", Level.PARTICIPATE)]:
        add_messenger(desk.db, None, user_id, desk.now(), level=level)
    add_messenger(desk.db, None, "U0P2", desk.now())
    add_messenger(desk.db, None, "U0P3", desk.now())
    add_messenger(desk.db, None, "U0O1", desk.now(), level=Level.OCCASIONAL)
    asks = event_sent(desk, f'"Town hall" to=Lee on={when.typed(9, 18)} place="City Hall" speakers=1 attendees=2')
    assert set(asks) == {"U0L1", "U0L2", "U0P1", "U0P2", "U0P3"}, "taking part: Participate and up"

    def shown(user_id: str, action_id: str) -> str:
        reply = click(desk, user_id, action_id, asks[user_id])
        return said(reply.message)

    assert "You're in" in shown("U0P1", "event_going")
    assert "You're in" in shown("U0P2", "event_going")
    assert "number 1 on the waiting list to attend" in shown("U0P3", "event_going")
    speak = click(desk, "U0P1", "event_speak", asks["U0P1"])
    assert "Speakers are drawn from those who lead" in said(speak.message)
    assert not speak.replace, "a note: the invitation keeps her place to attend"
    assert "a place to speak is yours" in shown("U0L1", "event_speak")
    assert "number 1 on the waiting list to speak" in shown("U0L2", "event_speak")
    cancelled = click(desk, "U0P2", "event_cancel", asks["U0P2"])
    assert moved_up(cancelled) == ["U0P3"], "the first in line moves up, and hears so"
    text = roster(desk)
    assert "*Attendees*: 2 of 2: <@U0P1>, <@U0P3>" in text
    assert "*Speakers*: 1 of 1: <@U0L1>" in text
    assert "waiting list (1): <@U0L2>" in text


def test_a_message_to_everyone_signed_up_goes_in_their_daytime(desk: Desk) -> None:
    asks, _ = rally(desk, 1, "U0P1", "U0P2", "U0P3")
    click(desk, "U0P3", "event_cancel", asks["U0P3"])
    answered = desk.command(ORGANIZER, 'event 1 message "Doors open at 5:30 <!channel>"')
    assert "Sent to 2 people" in text_of(answered)
    dms = effects_of(answered, DM)
    assert [dm.user_id for dm in dms] == ["U0P1", "U0P2"], "going and waiting; not who can't make it"
    assert all("Doors open at 5:30 &lt;!channel&gt;" in said(dm.message) for dm in dms), "escaped"
    assert all(dm.daytime and dm.author == ORGANIZER for dm in dms), "held through quiet hours; erased with her"


def test_after_stop_an_rsvp_changes_nothing(desk: Desk) -> None:
    asks = invited(desk, 5, "U0P1")
    desk.dm("U0P1", "STOP")
    going = click(desk, "U0P1", "event_going", asks["U0P1"])
    assert "nothing changed" in text_of(going)
    assert (going.replace, going.effects) == (False, ())
    assert "nobody yet" in roster(desk)


def test_deletion_takes_a_person_off_every_roster(desk: Desk) -> None:
    asks = invited(desk, 1, "U0P1", "U0P2")
    click(desk, "U0P1", "event_going", asks["U0P1"])
    assert "<@U0P1>" in roster(desk)
    click(desk, "U0P2", "event_going", asks["U0P2"])
    assert "waiting list (1): <@U0P2>" in roster(desk)
    desk.command("U0P1", "delete-me")
    deleted = desk.click("U0P1", "delete_confirm")
    text = roster(desk)
    assert "<@U0P1>" not in text
    assert "*Attendees*: 1 of 1: <@U0P2>" in text, "the place goes to the next in line"
    assert moved_up(deleted) == ["U0P2"], "and they hear so"


def test_stop_gives_up_a_place_at_once_and_the_next_in_line_hears(desk: Desk) -> None:
    rally(desk, 1, "U0P1", "U0P2", "U0P3")
    assert "waiting list (2): <@U0P2>, <@U0P3>" in roster(desk)
    in_line = desk.dm("U0P2", "STOP")  # in line: off the list
    had_it = desk.dm("U0P1", "STOP")  # the only place: to the next in line who still wants it
    text = roster(desk)
    assert "*Attendees*: 1 of 1: <@U0P3>" in text, text
    assert "<@U0P1>" not in text
    assert "<@U0P2>" not in text, "someone who said STOP is never handed a place"
    assert moved_up(in_line, had_it) == ["U0P3"]


def test_after_stop_the_attendance_question_records_nothing(desk: Desk) -> None:
    asks, _ = rally(desk, 5, "U0P1")
    desk.clock.now = when.local(9, 20, 30)
    question = attendance_question(desk, "U0P1")
    assert "Yes, I was there" in said(question)
    desk.dm("U0P1", "STOP")
    there = desk.click("U0P1", "event_there", button_value(Reply(message=question), "event_there"))
    assert "nothing changed" in text_of(there), "a note says why"
    assert (there.replace, there.effects) == (False, ()), "the question stays as it was"
    assert "0 contacts from 1 ask " in text_of(desk.command(ORGANIZER, "coverage 1")), "no Done"
    assert "nothing changed" in text_of(click(desk, "U0P1", "event_cancel", asks["U0P1"]))


def test_an_rsvp_is_an_answer_and_shows_on_the_invitation(desk: Desk) -> None:
    asks, going = rally(desk, 1, "U0P1", "U0P2", "U0P3")
    assert going["U0P1"].replace, "the invitation changes in place"
    assert "You're in" in said(going["U0P1"].message), "the invitation shows her choice"
    assert "number 1 on the waiting list" in said(going["U0P2"].message)
    assert "I'll be there" in said(going["U0P1"].message), "and keeps its buttons, to change it"
    starts = when.local(9, 18)
    fallback = starts.astimezone(zone("America/Chicago")).strftime("%A, %B %-d, 6:00 PM %Z>")
    assert f"<!date^{int(starts.timestamp())}^" in said(going["U0P1"].message), "Slack shows it in her own zone"
    assert fallback in said(going["U0P1"].message), "and where it cannot, in the coalition's, not UTC"
    cancelled = click(desk, "U0P3", "event_cancel", asks["U0P3"])
    assert cancelled.replace
    assert "You can't make it" in said(cancelled.message)
    report = text_of(desk.command(ORGANIZER, "report 1"))
    assert "silent 0; response rate 100%" in report, "an RSVP is an answer, not silence"
    desk.clock.advance(days=3)
    # No ask reminder ("Any answer helps") either; note that invitations to events never get one (events have
    # reminders of their own, core.checkins.reminders_due), answered or not.
    assert reminded(desk) & {"U0P1", "U0P2", "U0P3"} == set()
