"""Faults against a real `python bot.py` on PostgreSQL: the database restarting under it, and Slack
answering 5xx then unreachable for a minute."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from core import calls
from core.calls import Draft
from core.matching import Targeting
from models import Database, Delivery, Messenger
from models.vocab import Audience, DeliveryState, MessengerStatus, Method, ScheduleKind
from slacksim import SlackDriver, SlackSim, message_text
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.factories import TEAM, add_campaign, add_messenger
from tests.netfault import FlakyProxy
from tests.processes import BotProcess, clean_env
from tests.waiting import wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def postgres_url(database_url: str, backend: str) -> str:
    if backend != "postgresql":
        pytest.skip("a database restart is a PostgreSQL matter (CI runs it there)")
    return database_url


def healthz(url: str) -> int:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_database_restart_while_the_bot_runs(tmp_path: Path, postgres_url: str) -> None:
    db = Database(postgres_url)
    db.migrate()
    add_messenger(db, None, "U0ALICE", datetime.now(UTC))
    parts = urlsplit(db.url.replace("postgresql+psycopg", "http"))
    proxy = FlakyProxy((parts.hostname or "127.0.0.1", parts.port or 5432)).start()
    proxied = postgres_url.replace(f"{parts.hostname}:{parts.port}", f"127.0.0.1:{proxy.port}")
    with SlackSim(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET) as sim:
        sim.add_user("U0ALICE", name="alice")
        sim.add_user("U0NEW", name="nadia")
        env = clean_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=sim.api_url,
            DATABASE_URL=proxied,
        )
        bot = BotProcess(env, tmp_path).start()
        driver = SlackDriver(sim, bot.url, SIGNING_SECRET)
        try:
            assert healthz(bot.url) == 200
            proxy.cut()
            wait_for(lambda: healthz(bot.url) == 503, "/healthz to report the outage", 30)

            event = {"type": "team_join", "user": dict(sim.users["U0NEW"])}
            during = driver.send_event(event, event_id="EvDURING")[0]
            assert during.status == 503, "not acknowledged: Slack will deliver it again"
            paused = driver.command("U0ALICE", "pause 2w")
            assert paused.status == 200
            assert "can't reach its database" in paused.json()["text"], "told, and nothing was changed"
            assert sim.dms_to("U0NEW") == []

            proxy.restore()
            wait_for(lambda: healthz(bot.url) == 200, "/healthz to recover", 60)
            retry = driver.send_event(event, event_id="EvDURING", retries=0, headers={"X-Slack-Retry-Num": "1"})
            assert retry[0].status == 200
            wait_for(lambda: len(sim.dms_to("U0NEW")) == 1, "the welcome after the retry", 30)
            driver.send_event(event, event_id="EvDURING", headers={"X-Slack-Retry-Num": "2"})
            driver.command("U0ALICE", "pause 2w")
            wait_for(lambda: any("Paused" in (m.text or "") for m in sim.ephemerals_to("U0ALICE")), "the answer", 30)
        finally:
            assert bot.stop() == 0
            proxy.cut()
        assert len(sim.dms_to("U0NEW")) == 1, "nothing acknowledged was lost, nothing doubled"
        assert "Welcome to Drumbeat" in message_text(sim.dms_to("U0NEW")[0])
    with db.transaction() as s:
        alice = s.scalar(select(Messenger).where(Messenger.user_id == "U0ALICE"))
        assert alice is not None
        assert alice.status is MessengerStatus.PAUSED, "the pause asked for after recovery was stored"
    db.dispose()


@pytest.fixture
def slow_sim() -> Iterator[SlackSim]:
    with SlackSim(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET) as server:
        yield server


def test_slack_down_for_a_minute_then_everything_arrives_once(
    tmp_path: Path, postgres_url: str, slow_sim: SlackSim
) -> None:
    sim, n = slow_sim, 40
    db = Database(postgres_url)
    db.migrate()
    now = datetime.now(UTC)
    campaign = add_campaign(db, now)
    for i in range(n):
        add_messenger(db, sim, f"U0S{i:03d}", now, tz="UTC", quiet=(0, 0))
    draft = Draft(
        campaign.id,
        Method.OUTREACH,
        "Call Mayor Lee",
        Audience.PUBLIC,
        targeting=Targeting(),
        schedule=ScheduleKind.AT,
        at=now + timedelta(seconds=4),
    )
    with db.transaction() as s:
        call_id = calls.save_draft(s, TEAM, draft, "U0ORGANIZER", now)
        calls.schedule(s, call_id, now, "UTC")
    env = clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=sim.api_url,
        DATABASE_URL=postgres_url,
    )
    bot = BotProcess(env, tmp_path).start()
    port = sim.port
    try:
        sim.inject("*", "server_error", status=503, seconds=30)  # 5xx for half a minute...
        time.sleep(30)
        sim.stop()  # ...then unreachable for the other half
        time.sleep(30)
        sim.clear_faults()
        sim.start(port)
        sent = lambda: _count(db, DeliveryState.SENT)  # noqa: E731
        wait_for(lambda: sent() == n, "every delivery after Slack came back", 240)
    finally:
        bot.stop()
    copies = Counter(m.metadata["event_payload"]["delivery_id"] for m in sim.messages if m.metadata)
    assert len(copies) == n, "all scheduled deliveries arrived"
    assert set(copies.values()) == {1}, "none twice"
    failed_calls = sum(1 for c in sim.calls_to("chat.postMessage") if not c.ok)
    print(f"\nSlack down 60 s: {failed_calls} refused posts, then {n} of {n} delivered, 0 duplicates")
    db.dispose()


def _count(db: Database, state: DeliveryState) -> int:
    with db.transaction() as s:
        return int(s.scalar(select(func.count()).where(Delivery.state == state)) or 0)
