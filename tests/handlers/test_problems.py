"""Reporting a problem with a won change any time, and what a flag leads to: a follow-up call to action."""

from __future__ import annotations

from sqlalchemy import func, select

from models import CheckIn, ImplementationCheck
from slacksim import message_text, view_text
from tests.conftest import Bot, told
from tests.factories import add_campaign, add_messenger

PROBLEM = {"what": "The ID office still turns people away", "where": "City Hall, window 3"}


def test_a_problem_lands_in_the_ledger_and_the_inbox_and_a_flag_drafts_a_follow_up(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    for user_id, name, credit in [("U0ALICE", "alice", True), ("U0BOB", "bob", False), ("U0CARMEN", "carmen", False)]:
        add_messenger(bot.db, bot.sim, user_id, bot.clock.now, name=name, credit_ok=credit)
    alice = bot.person("U0ALICE")
    alice.command("problem")
    assert "No change has been won yet" in told(alice)
    alice.close()

    olivia = bot.person("U0ORGANIZER")
    olivia.answer('campaign 1 won checks=30,90 "Mayor Lee funded ID cards in the 2027 budget"')
    alice.command("problem")
    assert "Reentry ID cards" in view_text(alice.modal)
    alice.submit({**PROBLEM, "link": "javascript:alert(1)"})
    assert "link" in alice.modal_errors
    alice.submit({**PROBLEM, "link": "https://example.org/photo"})
    assert alice.modal is None
    assert "is in its accountability ledger and with the organizers" in message_text(alice.last_dm)

    ledger = olivia.answer("ledger 1")
    assert "30-day check" in ledger
    assert "problems reported" in ledger
    assert "alice" in ledger, "credited: named"
    assert "said no: “The ID office still turns people away (where: City Hall, window 3)”" in ledger
    assert "<https://example.org/photo|link>" in ledger
    assert "Problem report on Reentry ID cards: The ID office still turns people away" in olivia.answer("inbox")

    for user_id in ("U0BOB", "U0CARMEN"):  # three reports, all "no": the check is flagged, once
        person = bot.person(user_id)
        person.command("problem")
        person.submit({**PROBLEM})
    (flag,) = [m for m in bot.sim.messages_in("C0REPORTS") if "implementation check" in (m.text or "")]
    with bot.db.reading() as s:
        check_id = s.scalar(select(func.min(ImplementationCheck.id)))
        assert s.scalar(select(ImplementationCheck.flagged_at).where(ImplementationCheck.id == check_id))
    olivia.click(f"followup_draft:{check_id}", message=flag)
    preview = told(olivia)
    assert "Hold Mayor Lee to the promise on Reentry ID cards" in preview
    ask = preview.split("(counts, never names):", 1)[1].split("\n", 2)[1]
    assert "Mayor Lee funded ID cards in the 2027 budget" in ask, "the commitment"
    assert "3 of 3 messengers said it is not carried out as promised" in ask, "counts"
    assert "alice" not in ask.lower(), "never names"
    olivia.click("call_schedule")
    assert "Scheduled call to action #1" in told(olivia)


def test_only_messengers_who_joined_may_report(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    bot.person("U0ORGANIZER").answer("campaign 1 won")
    stranger = bot.person("U0STRANGER")
    stranger.command("problem")
    stranger.submit({**PROBLEM})
    assert "Join first" in stranger.modal_errors["what"], "their words would have no owner to erase them"
    with bot.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(CheckIn)) == 0


def test_after_stop_a_problem_form_changes_nothing(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    bot.person("U0ORGANIZER").answer("campaign 1 won")
    alice = bot.person("U0ALICE")
    alice.say("STOP")
    alice.command("problem")
    assert "stop" in view_text(alice.modal).lower()
    with bot.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(CheckIn)) == 0
