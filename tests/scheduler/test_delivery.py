"""The sender against the test Slack server: retries, rate limits, permanent errors, recovery."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

from sqlalchemy import select, update

from core import calls, outbox
from core.calls import Draft
from core.matching import Targeting
from models import Delivery
from models.vocab import Audience, DeliveryState, Method
from scheduler.delivery import Sender
from slacksim import SlackSim
from tests.conftest import Bot
from tests.factories import TEAM, add_campaign, add_messenger
from tests.waiting import wait_for


def schedule(bot: Bot, n: int) -> list[str]:
    campaign = add_campaign(bot.db, bot.clock.now)
    users = [f"U0P{i:04d}" for i in range(n)]
    for user_id in users:
        add_messenger(bot.db, bot.sim, user_id, bot.clock.now)
    draft = Draft(
        campaign_id=campaign.id,
        tactic=Method.OUTREACH,
        objective="Call Mayor Lee",
        audience=Audience.PUBLIC,
        targeting=Targeting(),
    )
    with bot.db.transaction() as s:
        call_id = calls.save_draft(s, TEAM, draft, "U0ORGANIZER", bot.clock.now)
        assert calls.schedule(s, call_id, bot.clock.now, "America/Chicago").planned == n
    return users


def copies(sim: SlackSim) -> Counter[int]:
    """How many messages Slack holds for each delivery id."""
    counts: Counter[int] = Counter()
    for message in sim.messages:
        if message.metadata:
            counts[message.metadata["event_payload"]["delivery_id"]] += 1
    return counts


def states(bot: Bot) -> Counter[DeliveryState]:
    with bot.db.transaction() as s:
        return Counter(s.scalars(select(Delivery.state)))


def drain(bot: Bot, rounds: int = 30, pool: int = 8) -> None:
    """Run the sender, moving the clock past each retry, until nothing is left to send."""
    sender = Sender(bot.deps, pool=pool, retry_base=1.0)
    for _ in range(rounds):
        sender.run()
        if not states(bot)[DeliveryState.PENDING]:
            return
        bot.clock.advance(minutes=31)
    raise AssertionError(f"still pending: {states(bot)}")


def test_everyone_gets_exactly_one(bot: Bot) -> None:
    schedule(bot, 40)
    drain(bot)
    assert states(bot) == {DeliveryState.SENT: 40}
    assert set(copies(bot.sim).values()) == {1}
    with bot.db.transaction() as s:
        for d in s.scalars(select(Delivery)):
            assert d.channel
            assert d.channel.startswith("D")
            assert d.ts is not None
            assert d.attempts == 1


def test_429_storm_every_message_arrives_and_retry_after_is_respected(bot: Bot) -> None:
    schedule(bot, 30)
    bot.sim.inject("chat.postMessage", "rate_limited", retry_after=0.1, every=4, times=5)
    # One post at a time, so that a call made before Retry-After passed is certainly one the sender made
    # knowing of the 429 (with many in flight, some are legitimately on the wire when it arrives).
    bot.sim.rate_limit_grace = 0.0
    drain(bot, pool=1)
    assert set(copies(bot.sim).values()) == {1}
    assert len(copies(bot.sim)) == 30
    assert bot.sim.early_calls == [], "nothing was sent before Retry-After had passed"


def test_5xx_outage_then_all_arrive_once(bot: Bot) -> None:
    schedule(bot, 20)
    outage = bot.sim.inject("*", "server_error", status=503, times=12)  # counted in calls, not seconds
    Sender(bot.deps, pool=8, retry_base=1.0).run()
    assert outage.fired == 12
    assert states(bot)[DeliveryState.SENT] < 20, "the outage held some back"
    drain(bot)
    assert states(bot) == {DeliveryState.SENT: 20}
    assert set(copies(bot.sim).values()) == {1}


def test_dropped_after_slack_posted_is_not_sent_twice(bot: Bot) -> None:
    schedule(bot, 10)
    bot.sim.inject("chat.postMessage", "drop_after", times=3)
    drain(bot)
    assert states(bot) == {DeliveryState.SENT: 10}
    assert set(copies(bot.sim).values()) == {1}, "the sender looked before sending again"
    assert len(bot.sim.calls_to("conversations.history")) >= 3


def test_permanent_errors_are_recorded_not_retried(bot: Bot) -> None:
    users = schedule(bot, 5)
    bot.sim.users[users[0]]["deleted"] = True
    del bot.sim.users[users[1]]
    drain(bot)
    with bot.db.transaction() as s:
        by_user = {d.messenger.user_id: d for d in s.scalars(select(Delivery))}  # type: ignore[union-attr]
    assert by_user[users[0]].state is DeliveryState.FAILED
    assert by_user[users[0]].last_error == "account_inactive"
    assert by_user[users[1]].last_error == "user_not_found"
    assert by_user[users[0]].attempts == 1, "not retried"
    assert states(bot) == {DeliveryState.SENT: 3, DeliveryState.FAILED: 2}


def test_restart_mid_send_resumes_without_second_copies(bot: Bot) -> None:
    """A crash after claiming: some claimed messages reached Slack, some did not. Nobody gets two."""
    schedule(bot, 20)
    with bot.db.transaction() as s:
        claimed, _ = outbox.claim_due(s, bot.clock.now, 10)
    sender = Sender(bot.deps)
    for claim in claimed[:6]:  # these went out just before the crash; the results were never recorded
        sender._send(claim)
    assert states(bot)[DeliveryState.SENDING] == 10
    with bot.db.transaction() as s:
        assert outbox.recover_in_flight(s, bot.clock.now) == 0, "too fresh: a sender may still be posting"
        bot.clock.advance(seconds=31)
        assert outbox.recover_in_flight(s, bot.clock.now) == 10
    stats = Sender(bot.deps, pool=8).run()
    assert stats.sent == 20
    assert set(copies(bot.sim).values()) == {1}
    assert len(copies(bot.sim)) == 20


def test_quiet_hours_at_send_time_wait(bot: Bot) -> None:
    schedule(bot, 1)
    with bot.db.transaction() as s:
        s.execute(update(Delivery).values(due_at=bot.clock.now + timedelta(hours=13, minutes=30)))
    bot.clock.advance(hours=13, minutes=30)  # 22:30 in Chicago: quiet until 7:00
    Sender(bot.deps).run()
    assert copies(bot.sim) == Counter()
    bot.clock.advance(hours=10)
    Sender(bot.deps).run()
    assert sum(copies(bot.sim).values()) == 1


def test_cancel_stops_rows_that_come_back_from_a_retry(bot: Bot) -> None:
    schedule(bot, 5)
    with bot.db.transaction() as s:
        claimed, _ = outbox.claim_due(s, bot.clock.now, 5)
    with bot.db.transaction() as s:
        assert calls.cancel(s, TEAM, 1) is not None  # the organizer cancels while they are in flight
    results = [outbox.Result(c.delivery_id, error="ratelimited", wait=1) for c in claimed]
    with bot.db.transaction() as s:
        outbox.record(s, {c.delivery_id: c for c in claimed}, results, bot.clock.now, 1.0)
    bot.clock.advance(minutes=5)
    Sender(bot.deps).run()
    assert copies(bot.sim) == Counter()
    assert states(bot) == {DeliveryState.CANCELLED: 5}


def test_a_late_result_from_a_scheduler_that_lost_its_lock(bot: Bot) -> None:
    """Another scheduler recovered the rows; the old one's failures no longer count, its successes do."""
    schedule(bot, 2)
    with bot.db.transaction() as s:
        claimed, _ = outbox.claim_due(s, bot.clock.now, 2)
    bot.clock.advance(seconds=31)
    with bot.db.transaction() as s:
        assert outbox.recover_in_flight(s, bot.clock.now) == 2  # the new leader takes them over
    first, second = claimed
    late = [
        outbox.Result(first.delivery_id, error="http_503", ambiguous=True),
        outbox.Result(second.delivery_id, channel="D0P0001", ts="1.5"),
    ]
    with bot.db.transaction() as s:
        outbox.record(s, {c.delivery_id: c for c in claimed}, late, bot.clock.now, 1.0)
        rows = {d.id: d for d in s.scalars(select(Delivery))}
    assert rows[first.delivery_id].state is DeliveryState.PENDING
    assert rows[first.delivery_id].needs_check, "still to be checked by the new leader"
    assert rows[second.delivery_id].state is DeliveryState.SENT, "it went out: recorded, never sent again"


def _lease(bot: Bot) -> object:
    with bot.db.reading() as s:
        return s.scalar(select(Delivery.claimed_at))


def test_a_row_that_waits_past_the_grace_is_renewed_not_taken_over(bot: Bot) -> None:
    """A claimed row may wait long before its post leaves (in the pacer, or a slow look at the DM): its
    sender renews the lease, so the sweep does not take the row over and post a second copy."""
    schedule(bot, 1)
    with bot.db.transaction() as s:  # it may have reached Slack before: the sender looks first
        s.execute(update(Delivery).values(needs_check=True))
    looking = bot.sim.hold("conversations.history")
    sender = threading.Thread(target=Sender(bot.deps, renew_every=0).run)
    sender.start()
    assert looking.wait_for_waiting()
    bot.clock.advance(seconds=31)  # past the grace: without a renewal, the row is anybody's
    wait_for(lambda: _lease(bot) == bot.clock.now, "the sender renews the lease of the row it holds", 30)
    with bot.db.transaction() as s:
        assert outbox.recover_in_flight(s, bot.clock.now) == 0
    looking.release()
    sender.join()
    assert states(bot) == {DeliveryState.SENT: 1}
    assert list(copies(bot.sim).values()) == [1]


def test_a_row_whose_lease_ran_out_is_not_posted(bot: Bot) -> None:
    """A sender that could not renew (its database went away) must not post once another scheduler may
    have taken the row over: its last look, just before the post, says no."""
    schedule(bot, 1)
    with bot.db.transaction() as s:
        s.execute(update(Delivery).values(needs_check=True))
    looking = bot.sim.hold("conversations.history")
    sender = threading.Thread(target=Sender(bot.deps, renew_every=3600).run)
    sender.start()
    assert looking.wait_for_waiting()
    bot.clock.advance(seconds=31)
    with bot.db.transaction() as s:
        assert outbox.recover_in_flight(s, bot.clock.now) == 1  # the new leader takes it over
    looking.release()
    sender.join()
    assert copies(bot.sim) == Counter(), "the old sender let it go"
    Sender(bot.deps).run()  # the new leader looks, finds nothing, posts
    assert list(copies(bot.sim).values()) == [1]


def test_a_429_on_a_post_goes_back_to_the_outbox(bot: Bot) -> None:
    """Not retried inside the SDK, where the wait could outlast the lease: due again after Retry-After."""
    schedule(bot, 1)
    bot.sim.inject("chat.postMessage", "rate_limited", retry_after=2, times=1)
    Sender(bot.deps, retry_base=1.0).run()
    assert len(bot.sim.calls_to("chat.postMessage")) == 1
    with bot.db.reading() as s:
        row = s.scalars(select(Delivery)).one()
        assert (row.state, row.last_error) == (DeliveryState.PENDING, "ratelimited")
        assert row.due_at == bot.clock.now + timedelta(seconds=2)
    assert bot.deps.client.gate.remaining("chat.postMessage", "U0P0000") > 0, "others wait too"
    bot.clock.advance(seconds=2)
    Sender(bot.deps).run()
    assert list(copies(bot.sim).values()) == [1]
