"""Reporting a problem with a won change any time, and what a flag leads to: a follow-up call to action.
Decisions are read from the listeners' Replies (tests.replies); one scenario runs over the test Slack
server, from the form to the flag posted in the organizers' channel and the follow-up scheduled from it."""

from __future__ import annotations

from sqlalchemy import func, select

from handlers.request import Reply
from models import CheckIn, Database, ImplementationCheck
from runtime.effects import DM, ChannelNotice
from slacksim import message_text, view_text
from tests.conftest import Bot, told
from tests.factories import add_campaign, add_messenger
from tests.replies import ORGANIZER, Desk, button_value, effects_of, errors_of, text_of
from tests.replies import message_text as said

PROBLEM = {"what": "The ID office still turns people away", "where": "City Hall, window 3"}
REPORTERS = [("U0ALICE", "alice", True), ("U0BOB", "bob", False), ("U0CARMEN", "carmen", False)]
WON = 'campaign 1 won checks=30,90 "Mayor Lee funded ID cards in the 2027 budget"'


def flagged_check(db: Database) -> int:
    """The campaign's first implementation check, which must be flagged."""
    with db.reading() as s:
        check_id = s.scalar(select(func.min(ImplementationCheck.id)))
        assert check_id is not None
        assert s.scalar(select(ImplementationCheck.flagged_at).where(ImplementationCheck.id == check_id))
        return check_id


def check_ins(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(CheckIn)) or 0


# ----- end to end ------------------------------------------------------------------------------------


def test_reports_through_the_form_flag_the_check_in_the_channel_and_a_follow_up_is_drafted(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    for user_id, name, credit in REPORTERS:
        add_messenger(bot.db, bot.sim, user_id, bot.clock.now, name=name, credit_ok=credit)
    olivia = bot.person("U0ORGANIZER")
    olivia.answer(WON)
    alice = bot.person("U0ALICE")
    alice.command("problem")
    assert "Reentry ID cards" in view_text(alice.modal)
    alice.submit({**PROBLEM, "link": "https://example.org/photo"})
    assert alice.modal is None
    assert "is in its accountability ledger and with the organizers" in message_text(alice.last_dm)

    for user_id in ("U0BOB", "U0CARMEN"):  # three reports, all "no": the check is flagged, once
        person = bot.person(user_id)
        person.command("problem")
        person.submit({**PROBLEM})
    (flag,) = [m for m in bot.sim.messages_in("C0REPORTS") if "implementation check" in (m.text or "")]
    check_id = flagged_check(bot.db)
    olivia.click(f"followup_draft:{check_id}", message=flag)
    preview = told(olivia)
    assert "Hold Mayor Lee to the promise on Reentry ID cards" in preview
    olivia.click("call_schedule")
    assert "Scheduled call to action #1" in told(olivia)


# ----- decisions, read from the Reply ----------------------------------------------------------------


def report(desk: Desk, user_id: str, **typed: str) -> Reply:
    """`/drumbeat problem`, then Send with what they typed."""
    form = desk.command(user_id, "problem").view
    assert form is not None, "the problem form"
    return desk.submit(user_id, form, typed)


def test_a_problem_lands_in_the_ledger_and_the_inbox_and_a_flag_drafts_a_follow_up(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    for user_id, name, credit in REPORTERS:
        add_messenger(desk.db, None, user_id, desk.now(), name=name, credit_ok=credit)
    nothing = desk.command("U0ALICE", "problem")
    assert nothing.view is None
    assert "No change has been won yet" in text_of(nothing)

    desk.command(ORGANIZER, WON)
    form = desk.command("U0ALICE", "problem").view
    assert "Reentry ID cards" in text_of(Reply(view=form))
    refused = desk.submit("U0ALICE", form, {**PROBLEM, "link": "javascript:alert(1)"})
    assert "link" in errors_of(refused)
    assert check_ins(desk.db) == 0, "nothing stored as typed"
    sent = desk.submit("U0ALICE", form, {**PROBLEM, "link": "https://example.org/photo"})
    assert (sent.errors, sent.view) == (None, None), "the form closes"
    (thanks,) = effects_of(sent, DM)
    assert thanks.user_id == "U0ALICE"
    assert "is in its accountability ledger and with the organizers" in said(thanks.message)
    assert effects_of(sent, ChannelNotice) == [], "one report is no flag"

    ledger = text_of(desk.command(ORGANIZER, "ledger 1"))
    assert "30-day check" in ledger
    assert "problems reported" in ledger
    assert "alice" in ledger, "credited: named"
    assert "said no: “The ID office still turns people away (where: City Hall, window 3)”" in ledger
    assert "<https://example.org/photo|link>" in ledger
    assert "Problem report on Reentry ID cards: The ID office still turns people away" in text_of(
        desk.command(ORGANIZER, "inbox")
    )

    notices = []
    for user_id in ("U0BOB", "U0CARMEN"):  # three reports, all "no": the check is flagged, once
        reported = report(desk, user_id, **PROBLEM)
        assert errors_of(reported) == {}
        assert [dm.user_id for dm in effects_of(reported, DM)] == [user_id]
        notices += effects_of(reported, ChannelNotice)
    (flag,) = notices
    assert flag.channel == "C0REPORTS"
    assert "implementation check" in flag.message["text"]
    check_id = flagged_check(desk.db)
    assert button_value(Reply(message=flag.message), "followup_draft") == str(check_id)
    drafted = desk.click(ORGANIZER, "followup_draft", check_id, channel_id="C0REPORTS")
    preview = text_of(drafted)
    assert "Hold Mayor Lee to the promise on Reentry ID cards" in preview
    ask = preview.split("(counts, never names):", 1)[1].split("\n", 2)[1]
    assert "Mayor Lee funded ID cards in the 2027 budget" in ask, "the commitment"
    assert "3 of 3 messengers said it is not carried out as promised" in ask, "counts"
    assert "alice" not in ask.lower(), "never names"
    scheduled = desk.click(ORGANIZER, "call_schedule", button_value(drafted, "call_schedule"))
    assert "Scheduled call to action #1" in text_of(scheduled)


def test_only_messengers_who_joined_may_report(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    desk.command(ORGANIZER, "campaign 1 won")
    refused = report(desk, "U0STRANGER", **PROBLEM)
    assert "Join first" in errors_of(refused)["what"], "their words would have no owner to erase them"
    assert refused.effects == ()
    assert check_ins(desk.db) == 0


def test_after_stop_a_problem_form_changes_nothing(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ALICE", desk.now())
    desk.command(ORGANIZER, "campaign 1 won")
    desk.dm("U0ALICE", "STOP")
    opened = desk.command("U0ALICE", "problem")
    assert opened.view is not None
    assert "stop" in text_of(opened).lower()
    assert check_ins(desk.db) == 0
