"""The HTTP front door: Slack's requests at /slack/events, health at /healthz."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from models.db import Database
from runtime.web import HttpServer, wsgi_app
from tests.conftest import Bot


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_healthz_when_the_database_answers(bot: Bot) -> None:
    assert get(bot.url + "/healthz") == (200, {"ok": True, "database": "up"})


def test_healthz_when_the_database_does_not(bot: Bot) -> None:
    dead = Database("postgresql://nobody@127.0.0.1:1/none")
    server = HttpServer(wsgi_app(bot.app, dead, "secret"), host="127.0.0.1", port=0).start()
    try:
        assert get(f"http://127.0.0.1:{server.port}/healthz") == (503, {"ok": False, "database": "down"})
    finally:
        server.stop()


def test_unknown_path_is_404(bot: Bot) -> None:
    assert get(bot.url + "/nope")[0] == 404


def test_signed_command_is_answered_and_bad_signatures_refused(bot: Bot) -> None:
    reply = bot.driver.command("U0ALICE", "help")
    assert reply.status == 200
    assert "/drumbeat join" in bot.person("U0ALICE").last_ephemeral_text
    forged = bot.driver.post(
        b"command=%2Fdrumbeat&text=help", "application/x-www-form-urlencoded", signature="v0=" + "0" * 64
    )
    assert forged.status == 401


def test_the_signature_check_never_answers_500_whatever_the_headers(bot: Bot) -> None:
    body = b"command=%2Fdrumbeat&text=help"
    form = "application/x-www-form-urlencoded"
    # Header values travel as Latin-1: "²" (U+00B2) and "¹" are digits to str.isdigit(), not to int().
    for timestamp in ["²", "1²3", "¹", "-5", "1e9", "", " 123", "9" * 40, "12.5"]:
        request = urllib.request.Request(bot.url + "/slack/events", data=body, method="POST")
        request.add_header("Content-Type", form)
        request.add_header("X-Slack-Request-Timestamp", timestamp)
        request.add_header("X-Slack-Signature", bot.driver.sign(timestamp, body))
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == 401, repr(timestamp)
