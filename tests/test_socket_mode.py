"""`python bot.py` in Socket Mode as a real process, against the test Slack server's Socket Mode:
commands and forms over the WebSocket, Slack's routine refresh, a dropped connection, and /healthz."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from models import Database
from slacksim import Person, SlackDriver, SlackSim, SocketModeServer, message_text
from tests.conftest import BACKENDS, BOT_TOKEN, make_database_url
from tests.netfault import FlakyProxy
from tests.processes import ROOT, BotProcess, clean_env
from tests.waiting import wait_for

# One bot process per backend serves the tests that leave it as they found it (each counts only what it
# caused); scripts/test keeps a module on one pytest-xdist worker, so that bot starts once.
pytestmark = pytest.mark.slow

APP_TOKEN = "xapp-1-A0DRUMBEAT-1-0123456789abcdef"
FORM = {"level": "participate", "methods": ["outreach"], "quiet_start": "21:00", "quiet_end": "08:00"}


@dataclass
class SocketBot:
    sim: SlackSim
    bot: BotProcess
    driver: SlackDriver
    backend: str = "sqlite"

    @property
    def sockets(self) -> SocketModeServer:
        assert self.sim.socket_mode is not None
        return self.sim.socket_mode


@contextmanager
def running(tmp_path: Path, database_url: str) -> Iterator[SocketBot]:
    with SlackSim(bot_token=BOT_TOKEN, app_token=APP_TOKEN) as sim:
        sim.add_user("U0ALICE", name="alice")
        env = clean_env(  # no SLACK_SIGNING_SECRET: Socket Mode needs none
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_APP_TOKEN=APP_TOKEN,
            SLACK_API_URL=sim.api_url,
            DATABASE_URL=database_url,
        )
        bot = BotProcess(env, tmp_path).start()  # returns once /healthz is 200: connected, database up
        try:
            yield SocketBot(sim, bot, SlackDriver(sim))
        finally:
            assert bot.stop() == 0, "bot did not stop cleanly on SIGTERM"
        log = bot.log()
        assert APP_TOKEN not in log, "no token in the log"
        assert "ticket=" not in log, "no connection URL (its ticket opens a connection) in the log"
        assert sim.socket_mode is not None
        assert sim.socket_mode.problems == [], "every ack was one Slack accepts"


@pytest.fixture(scope="module", params=BACKENDS)
def socket_bot(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SocketBot]:
    tmp_path = tmp_path_factory.mktemp("socket_bot")
    database_url, drop = make_database_url(str(request.param), tmp_path)
    try:
        with running(tmp_path, database_url) as started:
            started.backend = str(request.param)
            yield started
    finally:
        drop()


def healthz(url: str) -> tuple[int, dict[str, Any]]:
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=10) as answer:
            return int(answer.status), json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return int(error.code), json.loads(error.read())


def help_arrived(sim: SlackSim, before: int = 0) -> bool:
    return any("/drumbeat join" in (m.text or "") for m in sim.ephemerals_to("U0ALICE")[before:])


def test_a_slash_command_is_acknowledged_and_answered(socket_bot: SocketBot) -> None:
    acks, helps = len(socket_bot.sockets.acks), len(socket_bot.sim.ephemerals_to("U0ALICE"))
    reply = socket_bot.driver.command("U0ALICE", "help")
    assert reply.status == 200, reply.text
    assert reply.elapsed < 3.0
    wait_for(lambda: help_arrived(socket_bot.sim, helps), "the help, through the response URL")
    assert [a.kind for a in socket_bot.sockets.acks[acks:]] == ["slash_commands"]


def test_what_nobody_handles_is_still_acknowledged(socket_bot: SocketBot) -> None:
    """As in HTTP mode: no listener (Bolt's 404) is no reason for Slack to deliver it again and again."""
    event = socket_bot.driver.send_event({"type": "reaction_added", "user": "U0ALICE", "reaction": "tada"})[0]
    assert event.status == 200, event.text
    assert event.body == b"", "events take no payload"
    command = socket_bot.driver.command("U0ALICE", "x", command="/not-drumbeat")
    assert command.status == 200, command.text


def test_a_person_joins_through_the_form(socket_bot: SocketBot) -> None:
    """Person works unchanged over Socket Mode: a command, a modal, its submission (an interactive envelope
    whose ack carries the answer), and the DM that follows."""
    alice = Person(socket_bot.driver, "U0ALICE")
    acks = len(socket_bot.sockets.acks)
    assert alice.command("join").status == 200
    # the form opens at once ("one moment"), then fills in
    wait_for(lambda: any(b.get("type") == "input" for b in (alice.modal or {}).get("blocks", [])), "the profile form")
    reply = alice.submit(FORM)
    assert reply.status == 200, reply.text
    assert alice.modal_errors == {}
    wait_for(lambda: alice.dms, "the summary DM")
    assert "Thank you for joining" in message_text(alice.last_dm)
    assert {a.kind for a in socket_bot.sockets.acks[acks:]} == {"slash_commands", "interactive"}


def test_acknowledged_within_3s_right_after_slack_refreshes_the_connection(socket_bot: SocketBot) -> None:
    sockets = socket_bot.sockets
    for _ in range(2):  # twice: the second refresh is of a connection that replaced the first
        newest = sockets.latest_id()
        refreshed = time.monotonic()
        old = sockets.refresh()  # Slack closes the old connection sockets.close_after (5) seconds later
        replacement = sockets.wait_for_connection(10, newer_than=newest, eligible=True)
        assert replacement is not None, "a new connection after the refresh"
        opened = time.monotonic() - refreshed
        assert all(not c.closed.is_set() for c in old), "the new connection opened before Slack closed the old"
        before = len(socket_bot.sim.ephemerals_to("U0ALICE"))
        reply = socket_bot.driver.command("U0ALICE", "help")
        print(
            f"\nSocket Mode: the first command after a refresh was acknowledged in {reply.elapsed:.3f} s "
            f"(new connection {opened:.3f} s after the refresh)"
        )
        assert reply.status == 200, reply.text
        assert reply.elapsed < 3.0, "Slack's limit"
        assert reply.outcome is not None
        assert reply.outcome.ack is not None
        assert reply.outcome.ack.connection == replacement.id
        wait_for(lambda b=before: help_arrived(socket_bot.sim, b), "the help")


def test_a_dropped_connection_is_replaced_within_10s(socket_bot: SocketBot) -> None:
    sockets = socket_bot.sockets
    newest = sockets.latest_id()
    dropped = time.monotonic()
    sockets.drop()
    replacement = sockets.wait_for_connection(30, newer_than=newest)
    took = time.monotonic() - dropped
    print(f"\nSocket Mode: a dropped connection was replaced {took:.3f} s after it went silent")
    assert replacement is not None, "a new connection after the drop"
    assert took < 10.0
    helps = len(socket_bot.sim.ephemerals_to("U0ALICE"))
    reply = socket_bot.driver.command("U0ALICE", "help")
    assert reply.status == 200, reply.text
    wait_for(lambda: help_arrived(socket_bot.sim, helps), "the help")
    status, health = healthz(socket_bot.bot.url)
    assert (status, health["slack"]) == (200, "connected")


def test_healthz_in_socket_mode(socket_bot: SocketBot) -> None:
    assert healthz(socket_bot.bot.url) == (200, {"ok": True, "database": "up", "slack": "connected"})
    with pytest.raises(urllib.error.HTTPError) as not_here:
        urllib.request.urlopen(socket_bot.bot.url + "/slack/events", data=b"x", timeout=10)
    assert not_here.value.code == 404, "Socket Mode serves no Slack requests over HTTP"


def test_healthz_503_while_slack_is_silent(socket_bot: SocketBot) -> None:
    """Last of the shared bot's tests: it ends connected again, as it began."""
    if socket_bot.backend != "sqlite":
        pytest.skip("Slack's silence is the same whatever the database: once is enough (SQLite)")
    sim, url = socket_bot.sim, socket_bot.bot.url
    sim.inject("apps.connections.open", "error", error="internal_error")  # no new connection for now
    socket_bot.sockets.drop()
    wait_for(lambda: healthz(url)[0] == 503, "/healthz to report the silence", timeout=30)
    assert healthz(url)[1] == {"ok": False, "database": "up", "slack": "silent"}
    sim.clear_faults()
    wait_for(lambda: healthz(url)[0] == 200, "200 once a connection is open again", timeout=30)
    assert socket_bot.driver.command("U0ALICE", "help").status == 200


def test_healthz_503_while_the_database_is_unreachable(tmp_path: Path, database_url: str, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("cutting the database is a PostgreSQL matter (a proxy in front of the server)")
    db = Database(database_url)
    db.migrate()
    parts = urlsplit(db.url.replace("postgresql+psycopg", "http"))
    db.dispose()
    proxy = FlakyProxy((parts.hostname or "127.0.0.1", parts.port or 5432)).start()
    proxied = database_url.replace(f"{parts.hostname}:{parts.port}", f"127.0.0.1:{proxy.port}")
    try:
        with running(tmp_path, proxied) as started:
            proxy.cut()
            wait_for(lambda: healthz(started.bot.url)[0] == 503, "/healthz to report the outage", timeout=30)
            assert healthz(started.bot.url)[1] == {"ok": False, "database": "down", "slack": "connected"}
            during = started.driver.command("U0ALICE", "pause 2w")
            assert during.status == 200
            assert "can't reach its database" in during.json()["text"], "told at once, in the ack"
            event = {"type": "team_join", "user": dict(started.sim.users["U0ALICE"])}
            unacked = started.driver.send_event(event, event_id="EvDURING", timeout=2.0)[0]
            assert unacked.json() == {"error": "no_ack"}, "not acknowledged, so Slack delivers it again later"
            proxy.restore()
            wait_for(lambda: healthz(started.bot.url)[0] == 200, "/healthz to recover", timeout=60)
            again = started.driver.send_event(event, event_id="EvDURING", headers={"X-Slack-Retry-Num": "1"})[0]
            assert again.status == 200, "acknowledged once the database is back"
    finally:
        proxy.cut()


def test_a_rejected_app_token_is_a_clear_error(tmp_path: Path) -> None:
    with SlackSim(bot_token=BOT_TOKEN, app_token=APP_TOKEN) as sim:
        env = clean_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_APP_TOKEN="xapp-1-A0DRUMBEAT-1-revoked",
            SLACK_API_URL=sim.api_url,
            DATABASE_URL=f"sqlite:///{tmp_path / 'drumbeat.db'}",
        )
        result = subprocess.run(
            [sys.executable, str(ROOT / "bot.py")], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
        )
    assert result.returncode == 1
    assert "Slack rejected SLACK_APP_TOKEN (apps.connections.open: invalid_auth)" in result.stderr
    assert "revoked" not in result.stderr
    assert "Traceback" not in result.stderr
