"""`python bot.py` as a real process: settings errors, start-up checks, HTTP mode end to end."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from slacksim import SlackDriver, SlackSim
from tests.conftest import BOT_TOKEN, SIGNING_SECRET
from tests.processes import ROOT, BotProcess, clean_env, free_port

pytestmark = pytest.mark.slow


def bot_env(**values: str) -> dict[str, str]:
    return clean_env(**values)


def run_bot(env: dict[str, str], cwd: Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "bot.py")], env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout
    )


def test_no_settings_exits_2_naming_the_token(tmp_path: Path) -> None:
    result = run_bot(bot_env(), tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "SLACK_BOT_TOKEN" in lines[0]
    assert "Traceback" not in result.stderr


def test_malformed_setting_exits_2(tmp_path: Path) -> None:
    result = run_bot(bot_env(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET="x", PORT="http"), tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "PORT" in result.stderr


def test_rejected_token_is_a_clear_error(tmp_path: Path) -> None:
    with SlackSim(bot_token=BOT_TOKEN) as sim:
        env = bot_env(SLACK_BOT_TOKEN="xoxb-revoked", SLACK_SIGNING_SECRET="x", SLACK_API_URL=sim.api_url)
        result = run_bot(env, tmp_path)
    assert result.returncode == 1
    assert "Slack rejected SLACK_BOT_TOKEN (auth.test: invalid_auth)" in result.stderr
    assert "xoxb-revoked" not in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    env = bot_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET="x",
        DATABASE_URL=f"postgresql://nobody:hunter2@127.0.0.1:{free_port()}/none",
    )
    result = run_bot(env, tmp_path)
    assert result.returncode == 1
    assert "cannot open the database" in result.stderr
    assert "hunter2" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with SlackSim(bot_token=BOT_TOKEN) as sim, socket.socket() as taken:
        taken.bind(("0.0.0.0", 0))  # noqa: S104 - where the bot listens
        taken.listen()
        port = taken.getsockname()[1]
        env = bot_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET="x",
            SLACK_API_URL=sim.api_url,
            DATABASE_URL=f"sqlite:///{tmp_path / 'drumbeat.db'}",
            PORT=str(port),
        )
        result = run_bot(env, tmp_path)
    assert result.returncode == 1
    assert f"cannot listen on port {port}" in result.stderr
    assert "set PORT to a free port" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def running_bot(tmp_path: Path, database_url: str) -> Iterator[tuple[SlackSim, str]]:
    with SlackSim(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET) as sim:
        sim.add_user("U0ALICE", name="alice")
        env = bot_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=sim.api_url,
            DATABASE_URL=database_url,
        )
        bot = BotProcess(env, tmp_path).start()
        try:
            yield sim, bot.url
        finally:
            assert bot.stop() == 0, "bot did not stop cleanly on SIGTERM"


def test_http_mode_end_to_end(running_bot: tuple[SlackSim, str]) -> None:
    sim, url = running_bot
    with urllib.request.urlopen(url + "/healthz") as answer:
        assert answer.status == 200
    driver = SlackDriver(sim, url, SIGNING_SECRET)

    signed = driver.command("U0ALICE", "help")
    assert signed.status == 200
    deadline = time.monotonic() + 10
    while not any("/drumbeat join" in (m.text or "") for m in sim.ephemerals_to("U0ALICE")):
        assert time.monotonic() < deadline, "the help arrived through the response URL"
        time.sleep(0.05)

    wrong = SlackDriver(sim, url, "not-the-secret").command("U0ALICE", "help")
    assert wrong.status == 401
    stale = driver.post(
        b"token=x&command=%2Fdrumbeat&text=help",
        "application/x-www-form-urlencoded",
        timestamp=int(time.time()) - 6 * 60,
    )
    assert stale.status == 401
    unsigned = driver.post(b"command=%2Fdrumbeat", "application/x-www-form-urlencoded", signature="")
    assert unsigned.status == 401
    assert sim.calls_to("auth.test"), "start-up checks the token with auth.test"
