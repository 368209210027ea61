"""Delivery across real `python bot.py` processes: killed mid-send, and two processes on one database."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core import calls
from core.calls import Draft
from core.matching import Targeting
from models import Database, Delivery
from models.vocab import Audience, DeliveryState, Method
from slacksim import SlackSim
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.factories import TEAM, add_campaign, add_messenger
from tests.processes import BotProcess, clean_env

pytestmark = pytest.mark.slow


@pytest.fixture
def sim() -> Iterator[SlackSim]:
    """Slack without rate limits, and the bots below without their pacer: these tests are about each
    message going exactly once across crashes and processes; at Slack's pace (500 posts a minute, and
    45 checks a minute after a crash) they would take minutes. Pacing has its own tests."""
    with SlackSim(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, latency=0.005, poll_interval=0.005) as server:
        server.rate_limits.enabled = False
        yield server


def prepare(database_url: str, sim: SlackSim, n: int) -> Database:
    """n messengers and one call to action to all of them, due now (as `/drumbeat new` would leave it)."""
    db = Database(database_url)
    db.migrate()
    now = datetime.now(UTC)
    campaign = add_campaign(db, now)
    for i in range(n):
        add_messenger(db, sim, f"U0K{i:05d}", now, tz="UTC", quiet=(0, 0))
    draft = Draft(campaign.id, Method.OUTREACH, "Call Mayor Lee about ID cards", Audience.PUBLIC, targeting=Targeting())
    with db.transaction() as s:
        call_id = calls.save_draft(s, TEAM, draft, "U0ORGANIZER", now)
        assert calls.schedule(s, call_id, now, "UTC").planned == n
    return db


def copies(sim: SlackSim) -> Counter[int]:
    with sim.lock:
        return Counter(m.metadata["event_payload"]["delivery_id"] for m in sim.messages if m.metadata)


def count(db: Database, *states: DeliveryState) -> int:
    with db.transaction() as s:
        return int(s.scalar(select(func.count()).where(Delivery.state.in_(states))) or 0)


def wait_until(check, timeout: float, what: str, bots: list[BotProcess]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            logs = "\n".join(b.log()[-2000:] for b in bots)
            raise AssertionError(f"timed out waiting for {what}\n{logs}")
        time.sleep(0.05)


def bot_env(database_url: str, sim: SlackSim) -> dict[str, str]:
    return clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=sim.api_url,
        DATABASE_URL=database_url,
        DRUMBEAT_SLACK_PACE="off",
    )


def test_sigkill_mid_send_then_restart_sends_each_message_once(
    tmp_path: Path, database_url: str, sim: SlackSim
) -> None:
    n = 1000
    db = prepare(database_url, sim, n)
    # A third of the posts are answered; the rest wait in the test Slack server, unanswered, so the bot
    # is certainly killed mid-send with posts in flight, however fast this machine is.
    held = sim.hold("chat.postMessage", after=n // 3)
    bot = BotProcess(bot_env(database_url, sim), tmp_path, "first").start()
    assert held.wait_for_waiting(1), "the bot reached the held posts"
    bot.kill()
    in_flight = count(db, DeliveryState.SENDING)
    sent_before = len(copies(sim))
    assert held.release(), "the held posts were answered (Slack acted on them; the bot never heard)"
    print(f"\nkilled after {sent_before} of {n} messages; {in_flight} deliveries were in flight at the kill")
    assert 0 < sent_before <= n // 3
    assert 0 < in_flight <= 100, "posts were in flight, at most one pool's worth"

    again = BotProcess(bot_env(database_url, sim), tmp_path, "second").start()
    try:
        wait_until(lambda: count(db, DeliveryState.PENDING, DeliveryState.SENDING) == 0, 90, "every delivery", [again])
    finally:
        again.stop()
    received = copies(sim)
    duplicates = sum(c - 1 for c in received.values())
    print(f"after restart: {len(received)} of {n} messengers got it; {duplicates} duplicates")
    assert len(received) == n, "every messenger got the call to action"
    assert duplicates == 0, "nobody got two copies: in-flight rows were checked, not resent blindly"
    assert count(db, DeliveryState.SENT) == n
    db.dispose()


def test_two_processes_on_one_postgres_database_send_each_message_once(
    tmp_path: Path, database_url: str, sim: SlackSim, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("several processes share one database on PostgreSQL (SQLite: one process)")
    n = 400
    db = prepare(database_url, sim, n)
    held = sim.hold("chat.postMessage", after=n // 4)  # the leader is killed with work certainly left
    env = bot_env(database_url, sim)
    first = BotProcess(env, tmp_path, "a").start()
    second = BotProcess(bot_env(database_url, sim), tmp_path, "b").start()
    bots = [first, second]
    try:
        assert held.wait_for_waiting(1), "the leader reached the held posts"
        wait_until(lambda: any("this process runs the jobs" in b.log() for b in bots), 30, "the leader's log", bots)
        leaders = [b for b in bots if "this process runs the jobs" in b.log()]
        assert len(leaders) == 1, "exactly one scheduler acts per database"
        leader = leaders[0]
        follower = second if leader is first else first
        leader.kill()  # the follower takes over the lock and finishes the job
        assert count(db, DeliveryState.PENDING, DeliveryState.SENDING) > 0, "work was left when the leader died"
        assert held.release()
        wait_until(lambda: count(db, DeliveryState.PENDING, DeliveryState.SENDING) == 0, 90, "takeover", bots)
        assert "this process runs the jobs" in follower.log(), "the follower took over"
    finally:
        for bot in bots:
            bot.stop()
    received = copies(sim)
    assert len(received) == n
    assert set(received.values()) == {1}, "each message exactly once"
    db.dispose()
