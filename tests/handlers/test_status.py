"""A messenger's own controls: pause and resume (also by date), STOP, delete-me, and help. Decisions are read
from the listeners' Replies (tests.replies); a pause that ends by itself, and what only Slack's side can show
(Slack's retries, answers only the asker sees, no DM of any kind after STOP), run over the test Slack server."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from models import CheckIn, Database, Delivery, Messenger, Notice, StatusChange
from models.vocab import CheckInSource, DeliveryState, MessengerStatus, Outcome
from runtime.effects import DM
from scheduler import jobs
from slacksim import message_text
from tests import when
from tests.conftest import Bot
from tests.handlers.test_onboarding import join, joined, stored
from tests.replies import ORGANIZER, Desk, effects_of, text_of
from tests.replies import message_text as said

# ----- end to end ------------------------------------------------------------------------------------


def test_pause_until_a_date_then_resume_by_itself(bot: Bot) -> None:
    alice = join(bot, "U0ALICE")
    until = when.day(45)
    assert f"{until:%B} {until.day}, {until.year}" in alice.answer(f"pause until {when.typed(45)}")
    m = stored(bot, "U0ALICE")
    assert m is not None
    assert m.paused_until == when.local(45, 0), "midnight in Chicago"
    bot.clock.now = when.local(44, 23, 59)
    jobs.resume_paused()
    assert stored(bot, "U0ALICE").status is MessengerStatus.PAUSED  # type: ignore[union-attr]
    bot.clock.now = when.local(45, 0)
    jobs.resume_paused()
    assert stored(bot, "U0ALICE").status is MessengerStatus.ACTIVE  # type: ignore[union-attr]
    with bot.db.transaction() as s:
        vias = [c.via for c in s.scalars(select(StatusChange).order_by(StatusChange.id))]
    assert vias[-2:] == ["slash", "pause_ended"]


def test_stop_in_the_dm_is_confirmed_once_though_slack_retries(bot: Bot) -> None:
    alice = join(bot, "U0ALICE")
    before = len(alice.dms)
    alice.say("STOP", retries=2)
    assert stored(bot, "U0ALICE").status is MessengerStatus.OPTED_OUT  # type: ignore[union-attr]
    assert len(alice.dms) == before + 1
    assert "opted out" in message_text(alice.last_dm)
    alice.say("STOP")
    assert len(alice.dms) == before + 1, "confirmed once"


def test_after_stop_no_invite_or_welcome_reaches_them(bot: Bot) -> None:
    """The invite (long work) and the welcome (an effect) ask the do-not-contact list as they go."""
    alice = join(bot, "U0ALICE")
    alice.command("stop")
    assert "opted out" in message_text(alice.last_dm)
    dms = len(alice.dms)
    organizer = bot.person("U0ORGANIZER")
    organizer.command("invite <@U0ALICE|alice>")
    bot.driver.send_event({"type": "team_join", "user": dict(bot.sim.users["U0ALICE"])})
    assert len(alice.dms) == dms, "no DM of any kind after STOP"


def test_help_is_for_their_eyes_only(bot: Bot) -> None:
    bob = bot.person("U0BOB")
    answer = bob.answer("fly me to the moon")
    assert bob.ephemerals[-1].ephemeral_to == "U0BOB", "only they see it"
    assert "I don't know" in answer


# ----- decisions, read from the Reply ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [("pause 2w", 14), ("pause 10d", 10), ("pause 1 month", 30), ("pause 3 days", 3)],
)
def test_pause_for_a_while(desk: Desk, text: str, days: int) -> None:
    joined(desk, "U0ALICE")
    assert "Paused" in text_of(desk.command("U0ALICE", text))
    m = stored(desk, "U0ALICE")
    assert m is not None
    assert m.status is MessengerStatus.PAUSED
    assert m.paused_until == desk.now() + timedelta(days=days)


def test_resume(desk: Desk) -> None:
    joined(desk, "U0ALICE")
    desk.command("U0ALICE", "pause 2w")
    assert "Welcome back" in text_of(desk.command("U0ALICE", "resume"))
    assert stored(desk, "U0ALICE").status is MessengerStatus.ACTIVE  # type: ignore[union-attr]
    assert "not paused" in text_of(desk.command("U0ALICE", "resume"))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("pause", "how long"),
        ("pause forever", "`forever` is not a length of time"),
        ("pause 0d", "at least one day"),
        ("pause 500d", "up to 365 days"),
        ("pause until 2020-01-01", "not in the future"),
        ("pause until next tuesday", "not a date"),
    ],
)
def test_bad_pause_is_explained_with_examples(desk: Desk, text: str, says: str) -> None:
    joined(desk, "U0ALICE")
    answer = text_of(desk.command("U0ALICE", text))
    assert says in answer
    assert "/drumbeat pause 2w" in answer
    assert stored(desk, "U0ALICE").status is MessengerStatus.ACTIVE  # type: ignore[union-attr]


def test_pause_before_joining(desk: Desk) -> None:
    assert "haven't joined" in text_of(desk.command("U0BOB", "pause 2w"))


@pytest.mark.parametrize("word", ["STOP", "stop", "Stop.", "unsubscribe", "opt out", "  OPT OUT "])
def test_stop_in_the_dm_opts_out_and_is_confirmed_once(desk: Desk, word: str) -> None:
    joined(desk, "U0ALICE")
    stopped = desk.dm("U0ALICE", word)
    assert stored(desk, "U0ALICE").status is MessengerStatus.OPTED_OUT  # type: ignore[union-attr]
    (confirmation,) = effects_of(stopped, DM)
    assert (confirmation.user_id, confirmation.to_stopped) == ("U0ALICE", True), "the one DM after STOP"
    assert "opted out" in said(confirmation.message)
    again = desk.dm("U0ALICE", "STOP")
    assert again.effects == (), "confirmed once"


def test_stop_only_when_alone_in_the_message(desk: Desk) -> None:
    joined(desk, "U0ALICE")
    heard = desk.dm("U0ALICE", "I can't stop thinking about the hearing")
    assert stored(desk, "U0ALICE").status is MessengerStatus.ACTIVE  # type: ignore[union-attr]
    assert not any(dm.to_stopped for dm in effects_of(heard, DM)), "no opt-out confirmation"


def test_slash_stop_then_nothing_until_join(desk: Desk) -> None:
    joined(desk, "U0ALICE")
    stopped = desk.command("U0ALICE", "stop")
    assert stopped.message is None, "the confirmation is a DM"
    (confirmation,) = effects_of(stopped, DM)
    assert (confirmation.user_id, confirmation.to_stopped) == ("U0ALICE", True)
    assert "opted out" in said(confirmation.message)
    again = desk.command("U0ALICE", "stop")
    assert "already opted out" in text_of(again)
    assert again.effects == ()
    opened = desk.command("U0ALICE", "join")
    assert opened.view is not None
    assert stored(desk, "U0ALICE").status is MessengerStatus.OPTED_OUT, "opening the form changes nothing"  # type: ignore[union-attr]
    desk.submit("U0ALICE", opened.view)
    assert stored(desk, "U0ALICE").status is MessengerStatus.ACTIVE, "saving it does"  # type: ignore[union-attr]


def _plan_delivery(db: Database, now: datetime, messenger_id: int) -> int:
    from tests.models.test_tables import call, campaign

    with db.transaction() as s:
        a = call(campaign())
        s.add(a)
        s.flush()
        d = Delivery(call_id=a.id, messenger_id=messenger_id, due_at=now + timedelta(days=1))
        s.add(d)
        s.flush()
        s.add(
            CheckIn(
                delivery_id=d.id,
                messenger_id=messenger_id,
                outcome=Outcome.DONE,
                note="Talked to Mayor Lee's aide",
                source=CheckInSource.FORM,
                created_at=now,
            )
        )
        return d.id


def test_stop_skips_deliveries_already_planned(desk: Desk) -> None:
    joined(desk, "U0ALICE")
    m = stored(desk, "U0ALICE")
    assert m is not None
    delivery_id = _plan_delivery(desk.db, desk.now(), m.id)
    desk.dm("U0ALICE", "STOP")
    with desk.db.transaction() as s:
        assert s.get(Delivery, delivery_id).state is DeliveryState.SKIPPED  # type: ignore[union-attr]


def test_delete_me_asks_then_erases(desk: Desk) -> None:
    joined(desk, "U0ALICE")
    m = stored(desk, "U0ALICE")
    assert m is not None
    delivery_id = _plan_delivery(desk.db, desk.now(), m.id)
    asked = desk.command("U0ALICE", "delete-me")
    assert "Delete your Drumbeat data?" in text_of(asked)
    assert asked.effects == ()
    assert stored(desk, "U0ALICE") is not None, "nothing happens before confirming"
    confirmed = desk.click("U0ALICE", "delete_confirm")
    assert confirmed.replace, "in place of the question"
    assert "deleted" in text_of(confirmed)
    assert stored(desk, "U0ALICE") is None
    with desk.db.transaction() as s:
        delivery = s.get(Delivery, delivery_id)
        assert delivery is not None, "counts survive"
        assert delivery.messenger_id is None
        assert delivery.state is DeliveryState.CANCELLED
        (check_in,) = s.scalars(select(CheckIn)).all()
        assert check_in.note is None
        assert check_in.messenger_id is None
        assert check_in.outcome is Outcome.DONE
        assert s.scalars(select(Notice).where(Notice.user_id == "U0ALICE")).all() == []
        assert s.scalars(select(StatusChange)).all() == []
        assert s.scalars(select(Messenger)).all() == []


def test_delete_cancel_keeps_everything(desk: Desk) -> None:
    joined(desk, "U0ALICE")
    desk.command("U0ALICE", "delete-me")
    cancelled = desk.click("U0ALICE", "delete_cancel")
    assert cancelled.replace
    assert "Nothing was deleted" in text_of(cancelled)
    assert stored(desk, "U0ALICE") is not None


@pytest.mark.parametrize("text", ["", "help", "fly me to the moon", "<@U0BOB> hi"])
def test_help_on_bad_input(desk: Desk, text: str) -> None:
    helped = desk.command("U0BOB", text)
    assert (helped.replace, helped.effects) == (False, ()), "an answer to them alone"
    answer = text_of(helped)
    assert "/drumbeat join" in answer
    assert "For organizers" not in answer
    if text not in ("", "help"):
        assert "I don't know" in answer
    organizer_help = text_of(desk.command(ORGANIZER, text))
    assert "For organizers" in organizer_help
    assert "/drumbeat invite" in organizer_help
