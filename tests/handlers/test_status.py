"""A messenger's own controls: pause and resume (also by date), STOP, delete-me, and help."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from models import CheckIn, Delivery, Messenger, Notice, StatusChange
from models.vocab import CheckInSource, DeliveryState, MessengerStatus, Outcome
from scheduler import jobs
from slacksim import message_text
from tests import when
from tests.conftest import Bot
from tests.handlers.test_onboarding import join, stored


@pytest.mark.parametrize(
    ("text", "days"),
    [("pause 2w", 14), ("pause 10d", 10), ("pause 1 month", 30), ("pause 3 days", 3)],
)
def test_pause_for_a_while(bot: Bot, text: str, days: int) -> None:
    alice = join(bot, "U0ALICE")
    assert "Paused" in alice.answer(text)
    m = stored(bot, "U0ALICE")
    assert m is not None
    assert m.status is MessengerStatus.PAUSED
    assert m.paused_until == bot.clock.now + timedelta(days=days)


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


def test_resume(bot: Bot) -> None:
    alice = join(bot, "U0ALICE")
    alice.command("pause 2w")
    assert "Welcome back" in alice.answer("resume")
    assert stored(bot, "U0ALICE").status is MessengerStatus.ACTIVE  # type: ignore[union-attr]
    assert "not paused" in alice.answer("resume")


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
def test_bad_pause_is_explained_with_examples(bot: Bot, text: str, says: str) -> None:
    alice = join(bot, "U0ALICE")
    answer = alice.answer(text)
    assert says in answer
    assert "/drumbeat pause 2w" in answer
    assert stored(bot, "U0ALICE").status is MessengerStatus.ACTIVE  # type: ignore[union-attr]


def test_pause_before_joining(bot: Bot) -> None:
    assert "haven't joined" in bot.person("U0BOB").answer("pause 2w")


@pytest.mark.parametrize("word", ["STOP", "stop", "Stop.", "unsubscribe", "opt out", "  OPT OUT "])
def test_stop_in_the_dm_opts_out_and_is_confirmed_once(bot: Bot, word: str) -> None:
    alice = join(bot, "U0ALICE")
    before = len(alice.dms)
    alice.say(word, retries=2)
    assert stored(bot, "U0ALICE").status is MessengerStatus.OPTED_OUT  # type: ignore[union-attr]
    assert len(alice.dms) == before + 1
    assert "opted out" in message_text(alice.last_dm)
    alice.say("STOP")
    assert len(alice.dms) == before + 1, "confirmed once"


def test_stop_only_when_alone_in_the_message(bot: Bot) -> None:
    alice = join(bot, "U0ALICE")
    alice.say("I can't stop thinking about the hearing")
    assert stored(bot, "U0ALICE").status is MessengerStatus.ACTIVE  # type: ignore[union-attr]


def test_slash_stop_then_nothing_until_join(bot: Bot) -> None:
    alice = join(bot, "U0ALICE")
    alice.command("stop")
    assert "opted out" in message_text(alice.last_dm)
    assert "already opted out" in alice.answer("stop")
    dms = len(alice.dms)
    organizer = bot.person("U0ORGANIZER")
    organizer.command("invite <@U0ALICE|alice>")
    bot.driver.send_event({"type": "team_join", "user": dict(bot.sim.users["U0ALICE"])})
    assert len(alice.dms) == dms, "no DM of any kind after STOP"
    alice.command("join")
    assert stored(bot, "U0ALICE").status is MessengerStatus.OPTED_OUT, "opening the form changes nothing"  # type: ignore[union-attr]
    alice.submit()
    assert stored(bot, "U0ALICE").status is MessengerStatus.ACTIVE, "saving it does"  # type: ignore[union-attr]


def test_stop_skips_deliveries_already_planned(bot: Bot) -> None:
    join(bot, "U0ALICE")
    m = stored(bot, "U0ALICE")
    assert m is not None
    delivery_id = _plan_delivery(bot, m.id)
    bot.person("U0ALICE").say("STOP")
    with bot.db.transaction() as s:
        assert s.get(Delivery, delivery_id).state is DeliveryState.SKIPPED  # type: ignore[union-attr]


def _plan_delivery(bot: Bot, messenger_id: int) -> int:
    from tests.models.test_tables import call, campaign

    with bot.db.transaction() as s:
        a = call(campaign())
        s.add(a)
        s.flush()
        d = Delivery(call_id=a.id, messenger_id=messenger_id, due_at=bot.clock.now + timedelta(days=1))
        s.add(d)
        s.flush()
        s.add(
            CheckIn(
                delivery_id=d.id,
                messenger_id=messenger_id,
                outcome=Outcome.DONE,
                note="Talked to Mayor Lee's aide",
                source=CheckInSource.FORM,
                created_at=bot.clock.now,
            )
        )
        return d.id


def test_delete_me_asks_then_erases(bot: Bot) -> None:
    alice = join(bot, "U0ALICE")
    m = stored(bot, "U0ALICE")
    assert m is not None
    delivery_id = _plan_delivery(bot, m.id)
    assert "Delete your Drumbeat data?" in alice.answer("delete-me")
    assert stored(bot, "U0ALICE") is not None, "nothing happens before confirming"
    alice.click("delete_confirm")
    assert "deleted" in alice.last_ephemeral_text
    assert stored(bot, "U0ALICE") is None
    with bot.db.transaction() as s:
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


def test_delete_cancel_keeps_everything(bot: Bot) -> None:
    alice = join(bot, "U0ALICE")
    alice.command("delete-me")
    alice.click("delete_cancel")
    assert "Nothing was deleted" in alice.last_ephemeral_text
    assert stored(bot, "U0ALICE") is not None


@pytest.mark.parametrize("text", ["", "help", "fly me to the moon", "<@U0BOB> hi"])
def test_help_on_bad_input(bot: Bot, text: str) -> None:
    bob = bot.person("U0BOB")
    answer = bob.answer(text)
    assert bob.ephemerals[-1].ephemeral_to == "U0BOB", "only they see it"
    assert "/drumbeat join" in answer
    assert "For organizers" not in answer
    if text not in ("", "help"):
        assert "I don't know" in answer
    organizer_help = bot.person("U0ORGANIZER").answer(text)
    assert "For organizers" in organizer_help
    assert "/drumbeat invite" in organizer_help
