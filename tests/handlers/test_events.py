"""Events through Slack: slots by role, first come; a waiting list that moves up; reminders the day before
and an hour before; "Were you there?" counts as a contact; the roster; a message to all signed up."""

from __future__ import annotations

from sqlalchemy import select

from core import attendance
from core.timing import zone
from models import Rsvp
from models.vocab import Level
from scheduler import jobs
from scheduler.delivery import Sender
from slacksim import message_text
from tests import when
from tests.conftest import Bot, told
from tests.factories import add_campaign, add_messenger
from tests.handlers.test_checkins import ask_of

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


def test_after_stop_an_rsvp_changes_nothing(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0P1", bot.clock.now)
    olivia = bot.person("U0ORGANIZER")
    olivia.command(f'event "Rally" on={when.typed(9, 18)} place="The park" attendees=5')
    olivia.click("call_schedule")
    Sender(bot.deps, pool=4, retry_base=1.0).run()
    p1 = bot.person("U0P1")
    ask = ask_of(p1)
    p1.say("STOP")
    p1.click("event_going", message=ask)
    assert "nothing changed" in told(p1)
    assert "nobody yet" in olivia.answer("event 1")


def test_deletion_takes_a_person_off_every_roster(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0P1", bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0P2", bot.clock.now)
    olivia = bot.person("U0ORGANIZER")
    olivia.command(f'event "Rally" on={when.typed(9, 18)} place="The park" attendees=1')
    olivia.click("call_schedule")
    Sender(bot.deps, pool=4, retry_base=1.0).run()
    p1 = bot.person("U0P1")
    p1.click("event_going", message=ask_of(p1))
    assert "<@U0P1>" in olivia.answer("event 1")
    p2 = bot.person("U0P2")
    p2.click("event_going", message=ask_of(p2))
    assert "waiting list (1): <@U0P2>" in olivia.answer("event 1")
    p1.command("delete-me")
    p1.click("delete_confirm")
    roster = olivia.answer("event 1")
    assert "<@U0P1>" not in roster
    assert "*Attendees*: 1 of 1: <@U0P2>" in roster, "the place goes to the next in line"
    assert any("A place opened up" in t for t in texts(bot, "U0P2")), "and they hear so"


def rally(bot: Bot, places: int, *people: str) -> None:
    """An event with `places` attendee places; each of `people` says I'll be there, in order."""
    add_campaign(bot.db, bot.clock.now)
    for user_id in people:
        add_messenger(bot.db, bot.sim, user_id, bot.clock.now)
    olivia = bot.person("U0ORGANIZER")
    olivia.command(f'event "Rally" on={when.typed(9, 18)} place="The park" attendees={places}')
    olivia.click("call_schedule")
    Sender(bot.deps, pool=4, retry_base=1.0).run()
    for user_id in people:
        person = bot.person(user_id)
        person.click("event_going", message=ask_of(person))


def test_stop_gives_up_a_place_at_once_and_the_next_in_line_hears(bot: Bot) -> None:
    rally(bot, 1, "U0P1", "U0P2", "U0P3")
    olivia = bot.person("U0ORGANIZER")
    assert "waiting list (2): <@U0P2>, <@U0P3>" in olivia.answer("event 1")
    bot.person("U0P2").say("STOP")  # in line: off the list
    bot.person("U0P1").say("STOP")  # the only place: to the next in line who still wants it
    roster = olivia.answer("event 1")
    assert "*Attendees*: 1 of 1: <@U0P3>" in roster, roster
    assert "<@U0P1>" not in roster
    assert "<@U0P2>" not in roster, "someone who said STOP is never handed a place"
    assert any("A place opened up" in t for t in texts(bot, "U0P3"))
    assert not any("A place opened up" in t for t in texts(bot, "U0P2"))


def test_after_stop_the_attendance_question_records_nothing(bot: Bot) -> None:
    rally(bot, 5, "U0P1")
    bot.clock.now = when.local(9, 20, 30)
    jobs.event_reminders()
    p1 = bot.person("U0P1")
    question = next(m for m in p1.dms if "Were you there?" in (m.text or ""))
    p1.say("STOP")
    p1.click("event_there", message=question)
    assert "nothing changed" in told(p1), "a note says why"
    kept = bot.sim.find_message(question.channel, question.ts)
    assert kept is not None
    assert "Yes, I was there" in message_text(kept), "the question stays as it was"
    assert "0 contacts from 1 ask " in bot.person("U0ORGANIZER").answer("coverage 1"), "no Done"
    p1.click("event_cancel", message=ask_of(p1))
    assert "nothing changed" in told(p1)


def test_an_rsvp_is_an_answer_and_shows_on_the_invitation(bot: Bot) -> None:
    rally(bot, 1, "U0P1", "U0P2", "U0P3")
    p1, p2 = bot.person("U0P1"), bot.person("U0P2")
    assert "You're in" in message_text(ask_of(p1)), "the invitation shows her choice"
    assert "number 1 on the waiting list" in message_text(ask_of(p2))
    assert "I'll be there" in message_text(ask_of(p1)), "and keeps its buttons, to change it"
    p3 = bot.person("U0P3")
    p3.click("event_cancel", message=ask_of(p3))
    assert "You can't make it" in message_text(ask_of(p3))
    report = bot.person("U0ORGANIZER").answer("report 1")
    assert "silent 0; response rate 100%" in report, "an RSVP is an answer, not silence"
    bot.clock.advance(days=3)
    jobs.remind()
    for person in (p1, p2, p3):
        assert not any("Any answer helps" in message_text(m) for m in person.dms), person.user_id
