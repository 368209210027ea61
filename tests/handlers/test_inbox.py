"""The open line: a DM that is not a command or an answer reaches the organizers' inbox; a reply comes
back signed; words are erased after the retention period, at deletion, and never kept after STOP."""

from __future__ import annotations

from sqlalchemy import func, select

from models import CheckIn, InboxMessage, InboxThread
from scheduler import jobs
from slacksim import message_text, view_text
from tests.conftest import Bot
from tests.factories import add_campaign, add_messenger
from tests.handlers.test_checkins import ask_of, send_action
from views.inbox import RECEIVED


def words_kept(bot: Bot) -> int:
    with bot.db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(InboxMessage)) or 0)


def test_a_stray_dm_reaches_the_inbox_and_a_signed_reply_comes_back(bot: Bot) -> None:
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now, name="alice")
    alice = bot.person("U0ALICE")
    alice.say("The council hearing moved to Thursday <!channel>")
    assert message_text(alice.last_dm) == RECEIVED, "an immediate, honest acknowledgement"
    alice.say("Also: the room is 204")
    assert [m.text for m in alice.dms].count(RECEIVED) == 1, "one acknowledgement per thread"

    olivia = bot.person("U0ORGANIZER")
    inbox = olivia.answer("inbox")
    assert "1 open" in inbox
    assert "<@U0ALICE>" in inbox
    assert "“The council hearing moved to Thursday &lt;!channel&gt;”" in inbox, "escaped"
    assert "“Also: the room is 204”" in inbox
    olivia.click("inbox_reply:1")
    assert "To <@U0ALICE>" in view_text(olivia.modal)
    olivia.submit({"reply": ""})
    assert "reply" in olivia.modal_errors
    olivia.submit({"reply": "Thank you! We'll update the call to action. <!here>"})
    reply = message_text(alice.last_dm)
    assert "From <@U0ORGANIZER>, an organizer:" in reply, "signed with the organizer's name"
    assert "We'll update the call to action. &lt;!here&gt;" in reply
    assert "Your reply reached their DM" in message_text(olivia.last_dm)
    assert "↳ <@U0ORGANIZER>: Thank you!" in olivia.answer("inbox")

    olivia.command("inbox")
    olivia.click("inbox_done:1")
    assert "The inbox is empty" in olivia.answer("inbox")
    alice.say("One more thing")
    assert [m.text for m in alice.dms].count(RECEIVED) == 2, "a new thread, acknowledged"


def test_a_dm_just_after_an_ask_is_an_answer_not_an_inbox_message(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    alice = bot.person("U0ALICE")
    send_action(bot, '"Call Mayor Lee" tactic=outreach')
    alice.say("Called, voicemail", thread_ts=ask_of(alice).ts)
    assert words_kept(bot) == 0
    with bot.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(CheckIn)) == 1, "kept as a note on the ask"
    bot.clock.advance(days=3)
    alice.say("Is there a meeting next week?")
    assert words_kept(bot) == 1, "more than 48 hours after the ask: the open line"


def test_words_are_erased_after_the_retention_period(bot: Bot) -> None:
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    bot.person("U0ALICE").say("Please call me about the hearing")
    olivia = bot.person("U0ORGANIZER")
    olivia.command("inbox")
    olivia.click("inbox_done:1")
    bot.clock.advance(days=89)
    jobs.housekeeping()
    assert words_kept(bot) == 1, "closed 89 days ago: kept (DRUMBEAT_INBOX_DAYS is 90)"
    bot.clock.advance(days=2)
    jobs.housekeeping()
    assert words_kept(bot) == 0
    with bot.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(InboxThread)) == 0


def test_stop_and_deletion_end_the_open_line(bot: Bot) -> None:
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0BOB", bot.clock.now)
    alice, bob = bot.person("U0ALICE"), bot.person("U0BOB")
    alice.say("I have a question")
    bob.say("Me too")
    assert words_kept(bot) == 2
    olivia = bot.person("U0ORGANIZER")
    olivia.command("inbox")
    alice.say("STOP")
    before = len(alice.dms)
    alice.say("hello again")
    assert len(alice.dms) == before, "no acknowledgement after STOP: that would be a message"
    assert words_kept(bot) == 2, "nothing more kept from her"
    olivia.click("inbox_reply:1")
    olivia.submit({"reply": "Happy to help"})
    assert "asked Drumbeat to stop messaging them" in olivia.modal_errors["reply"]
    assert len(alice.dms) == before
    olivia.close()
    bob.command("delete-me")
    bob.click("delete_confirm")
    assert words_kept(bot) == 1, "bob's words are gone at once; alice's stay until closed and erased"
    assert "<@U0BOB>" not in olivia.answer("inbox")


def test_the_organizer_home_shows_the_inbox(bot: Bot) -> None:
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    bot.person("U0ALICE").say("Can I speak at the rally?")
    olivia = bot.person("U0ORGANIZER")
    olivia.open_home()
    home = view_text(olivia.home)
    assert "Inbox*: 1 open" in home
    assert "“Can I speak at the rally?”" in home


def test_a_question_written_soon_after_an_answer_reaches_the_inbox_with_reply(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    alice = bot.person("U0ALICE")
    send_action(bot, '"Call Mayor Lee" tactic=outreach')
    alice.click("checkin_done", message=ask_of(alice))
    alice.submit({"told": ""})
    alice.say("Is there anyone who can give me a ride to the hearing?")
    assert message_text(alice.last_dm) == RECEIVED, "she hears it reached someone who can answer"
    olivia = bot.person("U0ORGANIZER")
    inbox = olivia.answer("inbox")
    assert "give me a ride to the hearing" in inbox
    olivia.click("inbox_reply:1")
    olivia.submit({"reply": "Yes: Dee drives at 5"})
    assert "Dee drives at 5" in message_text(alice.last_dm)
