"""The monthly "your drumbeat" note: once, to active messengers who still want it, with their own part.
The answers to `/drumbeat monthly` and to the note's button are read from the Replies; the job posting the
notes runs over the test Slack server."""

from __future__ import annotations

from core import monthly
from core.timing import zone
from scheduler import jobs
from slacksim import message_text
from tests import when
from tests.conftest import Bot, told
from tests.factories import TEAM, add_campaign, add_messenger
from tests.handlers.test_checkins import ask_of, send_action
from tests.replies import Desk, text_of

CHICAGO = zone("America/Chicago")


def notes(bot: Bot, user_id: str) -> list[str]:
    return [message_text(m) for m in bot.person(user_id).dms if "Your drumbeat in" in (m.text or "")]


# ----- decisions, read from the Reply -----------------------------------------------------------------


def test_monthly_off_and_on_say_what_changed(desk: Desk) -> None:
    add_messenger(desk.db, None, "U0DAN", desk.now())
    off = desk.command("U0DAN", "monthly off")
    assert "no more monthly notes" in text_of(off)
    assert (off.replace, off.effects) == (False, ())
    assert not monthly.wanted(desk.db, TEAM, "U0DAN")
    on = desk.command("U0DAN", "monthly on")
    assert "The monthly note is on" in text_of(on)
    assert monthly.wanted(desk.db, TEAM, "U0DAN")
    clicked = desk.click("U0DAN", "monthly_off", "off")  # the note's button, in their DM
    assert clicked.replace, "the note they clicked says so in its place"
    assert "no more monthly notes" in text_of(clicked)
    assert not monthly.wanted(desk.db, TEAM, "U0DAN")


def test_after_stop_monthly_on_says_nothing_will_come(desk: Desk) -> None:
    add_messenger(desk.db, None, "U0ALICE", desk.now())
    desk.dm("U0ALICE", "STOP")
    said = text_of(desk.command("U0ALICE", "monthly on"))
    assert "The monthly note is on" not in said, "an answer never claims what STOP prevents"
    assert "asked Drumbeat to stop" in said
    assert "/drumbeat join" in said
    clicked = desk.click("U0ALICE", "monthly_off", "off")
    assert not clicked.replace, "the note she clicked stays as it was"
    assert "asked Drumbeat to stop" in text_of(clicked)


# ----- the job, over the test Slack server -------------------------------------------------------------


def test_the_monthly_note_reaches_active_messengers_once_and_stops_with_one_click(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    for user_id in ("U0ALICE", "U0BOB", "U0CARMEN", "U0DAN"):
        add_messenger(bot.db, bot.sim, user_id, bot.clock.now)
    send_action(bot, '"Call Mayor Lee" tactic=outreach')
    for user_id in ("U0ALICE", "U0BOB"):
        person = bot.person(user_id)
        person.click("checkin_done", message=ask_of(person))
        person.submit({"told": ""})
    bot.person("U0CARMEN").say("STOP")
    dan = bot.person("U0DAN")
    dan.command("monthly off")
    assert "no more monthly notes" in told(dan)

    this_month, next_month = when.START_DAY, when.first_of_month(1)
    following = when.first_of_month(2)
    bot.clock.now = when.local(when.days_until(next_month), 9, 30)
    jobs.monthly_notes()
    assert notes(bot, "U0ALICE") == [], "not before 10:00 on the 1st"
    bot.clock.now = when.local(when.days_until(next_month), 10, 30)
    jobs.monthly_notes()
    jobs.monthly_notes()
    (note,) = notes(bot, "U0ALICE")
    assert f"Your drumbeat in {when.month_name(this_month)}" in note
    assert "You made *1* of the coalition's 2 completed contacts" in note
    assert notes(bot, "U0CARMEN") == [], "said STOP"
    assert notes(bot, "U0DAN") == [], "turned it off"

    alice = bot.person("U0ALICE")
    alice.click("monthly_off", message=next(m for m in alice.dms if "Your drumbeat in" in (m.text or "")))
    bot.clock.now = when.local(when.days_until(following), 11)
    jobs.monthly_notes()
    month = when.month_name(next_month)
    assert all(month not in n for n in notes(bot, "U0ALICE"))
    assert any(month in n for n in notes(bot, "U0BOB")), "bob still gets his"


def test_a_note_about_a_month_goes_only_to_people_who_were_there_in_it(bot: Bot) -> None:
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    first = when.first_of_month(1)
    bot.clock.now = when.local(when.days_until(first), 9)
    add_messenger(bot.db, bot.sim, "U0NEW", bot.clock.now)  # joins on the 1st, before the notes go
    bot.clock.now = when.local(when.days_until(first), 10, 30)
    jobs.monthly_notes()
    assert len(notes(bot, "U0ALICE")) == 1
    assert notes(bot, "U0NEW") == [], f"she was not there in {when.month_name(when.START_DAY)}"
