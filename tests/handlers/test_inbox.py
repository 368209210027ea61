"""The open line: a DM that is not a command or an answer reaches the organizers' inbox; a reply comes
back signed; words are erased after the retention period, at deletion, and never kept after STOP.
Decisions are read from the listeners' Replies (tests.replies); the whole path runs once over the test
Slack server."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from handlers.request import Reply
from models import CheckIn, Database, InboxMessage, InboxThread
from runtime import deps as runtime_deps
from runtime.effects import DM
from scheduler import jobs
from slacksim import iter_blocks, message_text, view_text
from tests.conftest import Bot
from tests.factories import add_campaign, add_messenger
from tests.handlers.test_reports import opened_home
from tests.replies import ORGANIZER, Desk, button_value, effects_of, errors_of, schedule, sent, text_of
from tests.replies import message_text as said
from views.inbox import RECEIVED


def words_kept(db: Database) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(InboxMessage)) or 0)


# ----- decisions, read from the Reply -----------------------------------------------------------------


def told(reply: Reply) -> list[tuple[str, str]]:
    """The DMs a Reply sends: (to whom, what they read)."""
    return [(dm.user_id, said(dm.message)) for dm in effects_of(reply, DM)]


def thread_of(inbox: Reply, user_id: str) -> str:
    """The thread id on the Reply button under `user_id`'s messages in the inbox list."""
    after_them = False
    for block in (inbox.message or {}).get("blocks") or []:
        if block.get("type") == "section":
            after_them = f"<@{user_id}>" in str(block)
        elif after_them:
            return next(
                str(n["value"]) for n in iter_blocks([block]) if n.get("action_id", "").startswith("inbox_reply")
            )
    raise LookupError(f"no thread of {user_id} in the inbox")


def test_a_stray_dm_reaches_the_inbox_and_a_signed_reply_goes_back(desk: Desk) -> None:
    add_messenger(desk.db, None, "U0ALICE", desk.now(), name="alice")
    first = desk.dm("U0ALICE", "The council hearing moved to Thursday <!channel>")
    assert told(first) == [("U0ALICE", RECEIVED)], "an immediate, honest acknowledgement"
    assert told(desk.dm("U0ALICE", "Also: the room is 204")) == [], "one acknowledgement per thread"

    shown = desk.command(ORGANIZER, "inbox")
    inbox = text_of(shown)
    assert "1 open" in inbox
    assert "<@U0ALICE>" in inbox
    assert "“The council hearing moved to Thursday &lt;!channel&gt;”" in inbox, "escaped"
    assert "“Also: the room is 204”" in inbox
    form = desk.click(ORGANIZER, "inbox_reply", button_value(shown, "inbox_reply")).view
    assert form is not None
    assert "To <@U0ALICE>" in view_text(dict(form))
    assert "reply" in errors_of(desk.submit(ORGANIZER, form, {"reply": ""}))
    replied = desk.submit(ORGANIZER, form, {"reply": "Thank you! We'll update the call to action. <!here>"})
    assert (replied.errors, replied.view) == (None, None), "the form closes"
    (dm,) = effects_of(replied, DM)
    assert dm.user_id == "U0ALICE"
    assert (dm.daytime, dm.author) == (True, ORGANIZER), "in her daytime; the organizer's words, erased with her"
    reply = said(dm.message)
    assert "From <@U0ORGANIZER>, an organizer:" in reply, "signed with the organizer's name"
    assert "We'll update the call to action. &lt;!here&gt;" in reply
    assert dm.receipt is not None
    assert dm.receipt.user_id == ORGANIZER
    assert "Your reply reached their DM" in said(dm.receipt.sent)
    assert "↳ <@U0ORGANIZER>: Thank you!" in text_of(desk.command(ORGANIZER, "inbox"))

    shown = desk.command(ORGANIZER, "inbox")
    closed = desk.click(ORGANIZER, "inbox_done", button_value(shown, "inbox_done"))
    assert closed.replace, "the list changes in place"
    assert "The inbox is empty" in text_of(closed)
    assert "The inbox is empty" in text_of(desk.command(ORGANIZER, "inbox"))
    assert told(desk.dm("U0ALICE", "One more thing")) == [("U0ALICE", RECEIVED)], "a new thread, acknowledged"


def test_a_dm_just_after_an_ask_is_an_answer_not_an_inbox_message(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ALICE", desk.now())
    ask = sent(desk.db, schedule(desk, '"Call Mayor Lee" tactic=outreach'))["U0ALICE"]
    desk.dm("U0ALICE", "Called, voicemail", thread_ts=ask.ts)
    assert words_kept(desk.db) == 0
    with desk.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(CheckIn)) == 1, "kept as a note on the ask"
    desk.clock.advance(days=3)
    desk.dm("U0ALICE", "Is there a meeting next week?")
    assert words_kept(desk.db) == 1, "more than 48 hours after the ask: the open line"


def test_words_are_erased_after_the_retention_period(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    add_messenger(desk.db, None, "U0ALICE", desk.now())
    desk.dm("U0ALICE", "Please call me about the hearing")
    shown = desk.command(ORGANIZER, "inbox")
    desk.click(ORGANIZER, "inbox_done", button_value(shown, "inbox_done"))
    monkeypatch.setattr(runtime_deps, "_current", desk.deps)  # the jobs' Deps: housekeeping calls no Slack
    desk.clock.advance(days=89)
    jobs.housekeeping()
    assert words_kept(desk.db) == 1, "closed 89 days ago: kept (DRUMBEAT_INBOX_DAYS is 90)"
    desk.clock.advance(days=2)
    jobs.housekeeping()
    assert words_kept(desk.db) == 0
    with desk.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(InboxThread)) == 0


def test_stop_and_deletion_end_the_open_line(desk: Desk) -> None:
    add_messenger(desk.db, None, "U0ALICE", desk.now())
    add_messenger(desk.db, None, "U0BOB", desk.now())
    desk.dm("U0ALICE", "I have a question")
    desk.dm("U0BOB", "Me too")
    assert words_kept(desk.db) == 2
    alices = thread_of(desk.command(ORGANIZER, "inbox"), "U0ALICE")
    desk.dm("U0ALICE", "STOP")
    assert desk.dm("U0ALICE", "hello again").effects == (), "no acknowledgement after STOP: that would be a message"
    assert words_kept(desk.db) == 2, "nothing more kept from her"
    form = desk.click(ORGANIZER, "inbox_reply", alices).view
    refused = desk.submit(ORGANIZER, form, {"reply": "Happy to help"})
    assert "asked Drumbeat to stop messaging them" in errors_of(refused)["reply"]
    assert refused.effects == (), "nothing sent to her"
    desk.command("U0BOB", "delete-me")
    desk.click("U0BOB", "delete_confirm")
    assert words_kept(desk.db) == 1, "bob's words are gone at once; alice's stay until closed and erased"
    assert "<@U0BOB>" not in text_of(desk.command(ORGANIZER, "inbox"))


def test_the_organizer_home_shows_the_inbox(desk: Desk) -> None:
    add_messenger(desk.db, None, "U0ALICE", desk.now())
    desk.dm("U0ALICE", "Can I speak at the rally?")
    home = opened_home(desk, ORGANIZER)
    assert "Inbox*: 1 open" in home
    assert "“Can I speak at the rally?”" in home


def test_a_question_written_soon_after_an_answer_reaches_the_inbox_with_reply(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ALICE", desk.now())
    ask = sent(desk.db, schedule(desk, '"Call Mayor Lee" tactic=outreach'))["U0ALICE"]
    form = desk.click("U0ALICE", "checkin_done", ask.delivery_id, **ask.place).view
    desk.submit("U0ALICE", form, {"told": ""})
    question = desk.dm("U0ALICE", "Is there anyone who can give me a ride to the hearing?")
    assert told(question) == [("U0ALICE", RECEIVED)], "she hears it reached someone who can answer"
    shown = desk.command(ORGANIZER, "inbox")
    assert "give me a ride to the hearing" in text_of(shown)
    form = desk.click(ORGANIZER, "inbox_reply", button_value(shown, "inbox_reply")).view
    replied = desk.submit(ORGANIZER, form, {"reply": "Yes: Dee drives at 5"})
    ((to, text),) = told(replied)
    assert to == "U0ALICE"
    assert "Dee drives at 5" in text


# ----- over the test Slack server --------------------------------------------------------------------


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
