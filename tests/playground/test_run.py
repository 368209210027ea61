"""`scripts/run` without Slack credentials starts the playground; with them, bot.py. (`python bot.py`
itself never falls back to the playground: tests/test_bot_process.py checks it exits 2 without a token.)"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import waiting
from tests.playground.conftest import start_playground
from tests.processes import ROOT, clean_env

pytestmark = pytest.mark.slow


def _dotenv_has_a_token() -> bool:
    dotenv = ROOT / ".env"
    return dotenv.exists() and any(
        line.strip().startswith("SLACK_BOT_TOKEN") and line.split("=", 1)[-1].strip()
        for line in dotenv.read_text().splitlines()
    )


@pytest.mark.skipif(
    _dotenv_has_a_token(), reason="this checkout's .env has a SLACK_BOT_TOKEN: scripts/run runs the bot"
)
def test_scripts_run_without_a_token_prints_the_playground_address(tmp_path: Path) -> None:
    running = start_playground(tmp_path / "data", command=["bash", str(ROOT / "scripts" / "run")])
    try:
        output = "\n".join(running.first_lines)
        assert "No SLACK_BOT_TOKEN in the environment or .env: starting the playground" in output
        assert running.url.startswith("http://127.0.0.1:")
        assert running.url.endswith("/")
        assert "copy .env.example to .env and follow the README" in running.first_lines[-1]
        with urllib.request.urlopen(running.url) as answer:
            assert answer.status == 200
            assert b"<title>Drumbeat playground</title>" in answer.read()
        assert (tmp_path / "data" / "playground.db").exists(), "the bot's SQLite database is in the data folder"
        log = tmp_path / "data" / "bot.log"
        waiting.wait_for(lambda: any("Drumbeat's log:" in line for line in running.later_lines), "where the log is")
        told = next(line for line in running.later_lines if "Drumbeat's log:" in line)
        assert f"Drumbeat's log: {log.resolve()} (kept in the data folder)" == told
    finally:
        assert running.stop() == 0
    assert log.stat().st_size > 0, "the bot's log stays after the playground stops"


@pytest.mark.skipif((ROOT / ".env").exists(), reason="this checkout has a .env, which would supply settings")
def test_scripts_run_with_a_token_runs_bot_py(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "run")],
        env=clean_env(SLACK_BOT_TOKEN="xoxb-from-the-environment"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 2, "bot.py refuses to start without a signing secret: it was bot.py that ran"
    assert "SLACK_SIGNING_SECRET is not set" in result.stderr
    assert "playground" not in result.stderr


def test_python_m_playground_help_names_its_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "playground", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0
    for option in ("--port", "--demo", "--data"):
        assert option in result.stdout


def test_the_page_answers_only_requests_addressed_to_it(tmp_path: Path) -> None:
    running = start_playground(tmp_path / "data")
    try:
        port = running.url.rsplit(":", 1)[1].strip("/")
        with urllib.request.urlopen(f"http://localhost:{port}/api/state?user=U0ORGANIZER") as answer:
            assert answer.status == 200
        rebound = urllib.request.Request(running.url + "api/state", headers={"Host": f"evil.example:{port}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(rebound)
        assert refused.value.code == 403
        simple = urllib.request.Request(
            running.url + "api/clock", data=b'{"move": "day"}', headers={"Content-Type": "text/plain"}
        )
        with pytest.raises(urllib.error.HTTPError) as not_json:
            urllib.request.urlopen(simple)  # what another site's page may send without asking first (no CORS)
        assert not_json.value.code == 400
        with urllib.request.urlopen(running.url + "api/state") as answer:
            assert json.loads(answer.read())["clock"]["offset"] == 0, "the clock did not move"
        long = json.dumps({"user": "U0ORGANIZER", "channel": "D0ORGANIZER", "text": "x" * 4001}).encode()
        too_long = urllib.request.Request(
            running.url + "api/write", data=long, headers={"Content-Type": "application/json"}
        )
        with pytest.raises(urllib.error.HTTPError) as refused_long:
            urllib.request.urlopen(too_long)
        said = json.loads(refused_long.value.read())["error"]
        assert "holds 4,000 characters and this one has 4,001" in said, "the limit, and how far over"
    finally:
        assert running.stop() == 0
