"""The test Slack server's Socket Mode, alone: a plain WebSocket client plays the app."""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from slacksim import Outcome, SlackDriver, SlackSim, SocketConnection
from tests import waiting

BOT_TOKEN = "xoxb-sim-test"
APP_TOKEN = "xapp-1-A0SIMTEST-1-0123456789abcdef"
COMMAND = {"command": "/drumbeat", "text": "help", "user_id": "U1", "channel_id": "DU1", "trigger_id": "1.x"}


@pytest.fixture
def sim() -> Iterator[SlackSim]:
    with SlackSim(bot_token=BOT_TOKEN, app_token=APP_TOKEN, socket_ping_interval=0.1) as server:
        server.add_user("U1", name="alice")
        yield server


def sockets(sim: SlackSim) -> Any:
    assert sim.socket_mode is not None
    return sim.socket_mode


def open_url(sim: SlackSim, token: str = APP_TOKEN) -> str:
    client = WebClient(token=token, base_url=sim.api_url, retry_handlers=[])
    return str(client.apps_connections_open(app_token=token)["url"])


def wait_for(check: Callable[[], Any], what: str, timeout: float = 10.0) -> Any:
    return waiting.wait_for(check, what, timeout)


class App:
    """A Socket Mode app: connects, reads the hello, then records every message and acks envelopes
    (with `answer(message)` as the payload, or not at all when `acks` is False)."""

    def __init__(self, sim: SlackSim, *, acks: bool = True, answer: Callable[[dict[str, Any]], Any] = lambda m: None):
        self.ws: ClientConnection = connect(open_url(sim), legacy=True, ping_interval=None, open_timeout=5)
        self.hello = json.loads(self.ws.recv(timeout=5))
        self.received: list[dict[str, Any]] = []
        self.acks = acks
        self.answer = answer
        self.closed: int | None = None  # the close code, once the connection has closed
        self.connection: SocketConnection = wait_for(lambda: self._mine(sim), "the server to list the connection")
        threading.Thread(target=self._read, daemon=True).start()

    def _mine(self, sim: SlackSim) -> SocketConnection | None:
        port = self.ws.local_address[1]
        return next((c for c in sockets(sim).open_connections() if c.client_port == port), None)

    def _read(self) -> None:
        try:
            for raw in self.ws:
                message = json.loads(raw)
                self.received.append(message)
                if self.acks and "envelope_id" in message:
                    answer = self.answer(message)
                    ack = {"envelope_id": message["envelope_id"]} | ({"payload": answer} if answer else {})
                    self.ws.send(json.dumps(ack))
        except ConnectionClosed:
            pass
        self.closed = self.ws.close_code or 1006

    def envelopes(self) -> list[dict[str, Any]]:
        return [m for m in self.received if "envelope_id" in m]


def in_thread(call: Callable[[], Outcome]) -> Callable[[], Outcome]:
    """Run a delivery in the background; the returned function waits for its outcome."""
    result: list[Outcome] = []
    thread = threading.Thread(target=lambda: result.append(call()), daemon=True)
    thread.start()

    def outcome() -> Outcome:
        thread.join(30)
        assert result, "the delivery finished"
        return result[0]

    return outcome


# ----- apps.connections.open and the handshake --------------------------------------------------


def test_apps_connections_open_takes_the_app_token_only(sim: SlackSim) -> None:
    url = open_url(sim)
    assert re.fullmatch(r"ws://127\.0\.0\.1:\d+/link/\?ticket=[0-9a-f-]{36}&app_id=[0-9a-f]{64}", url), url

    def error_of(token: str, method: str = "apps.connections.open") -> str:
        with pytest.raises(SlackApiError) as raised:
            WebClient(token=token, base_url=sim.api_url, retry_handlers=[]).api_call(method)
        return str(raised.value.response["error"])

    assert error_of(BOT_TOKEN) == "not_allowed_token_type", "the bot token cannot open connections"
    assert error_of("xapp-1-A0OTHER-1-ffff") == "invalid_auth"
    assert error_of(APP_TOKEN, "auth.test") == "not_allowed_token_type", "the app token does nothing else"
    with pytest.raises(SlackApiError) as raised:
        WebClient(base_url=sim.api_url, retry_handlers=[]).api_call("apps.connections.open")
    assert raised.value.response["error"] == "not_authed"


def test_without_an_app_token_there_is_no_socket_mode() -> None:
    with SlackSim(bot_token=BOT_TOKEN) as plain:
        assert plain.socket_mode is None
        with pytest.raises(SlackApiError) as raised:
            WebClient(token=BOT_TOKEN, base_url=plain.api_url).apps_connections_open(app_token=BOT_TOKEN)
        assert raised.value.response["error"] == "not_allowed_token_type"


def test_hello_on_connect(sim: SlackSim) -> None:
    first = App(sim)
    assert first.hello == {
        "type": "hello",
        "num_connections": 1,
        "debug_info": {"host": "applink-slacksim-1", "build_number": 1, "approximate_connection_time": 18060},
        "connection_info": {"app_id": sim.app_id},
    }
    second = App(sim)
    assert second.hello["num_connections"] == 2


def test_a_ticket_opens_one_connection_once(sim: SlackSim) -> None:
    url = open_url(sim)
    connect(url, legacy=True, ping_interval=None).close()
    with pytest.raises(InvalidStatus) as again:
        connect(url, legacy=True, ping_interval=None)
    assert again.value.response.status_code == 401
    with pytest.raises(InvalidStatus):
        connect(url.replace("ticket=", "ticket=0"), legacy=True, ping_interval=None)
    assert sockets(sim).refused == ["unknown or used ticket", "unknown or used ticket"]


def test_at_most_ten_connections(sim: SlackSim) -> None:
    apps = [App(sim) for _ in range(10)]
    assert apps[-1].hello["num_connections"] == 10
    eleventh = connect(open_url(sim), legacy=True, ping_interval=None)
    assert json.loads(eleventh.recv(timeout=5))["reason"] == "too_many_websockets"
    with pytest.raises(ConnectionClosed):
        eleventh.recv(timeout=5)


# ----- envelopes and acks ------------------------------------------------------------------------


def test_envelopes_as_slack_sends_them_and_their_acks(sim: SlackSim) -> None:
    app = App(sim, answer=lambda m: {"text": "hi"} if m["type"] == "slash_commands" else None)
    command = sockets(sim).deliver("slash_commands", COMMAND)
    assert command.ok
    assert command.ack is not None
    assert command.ack.payload == {"text": "hi"}
    assert 0 < command.ack.latency < 3

    event = {"type": "event_callback", "event_id": "Ev1", "event": {"type": "app_home_opened", "user": "U1"}}
    assert sockets(sim).deliver("events_api", event).ok
    click = {"type": "block_actions", "actions": [{"action_id": "a", "type": "button"}]}
    assert sockets(sim).deliver("interactive", click).ok

    sent_command, sent_event, sent_click = app.envelopes()
    assert set(sent_command) == {"envelope_id", "payload", "type", "accepts_response_payload"}
    assert sent_command["type"] == "slash_commands"
    assert sent_command["payload"] == COMMAND, "the command's form fields, as a dict"
    assert sent_command["accepts_response_payload"] is True
    assert sent_event == {
        "envelope_id": sent_event["envelope_id"],
        "payload": event,
        "type": "events_api",
        "accepts_response_payload": False,
        "retry_attempt": 0,
        "retry_reason": "",
    }
    assert sent_click["type"] == "interactive"
    assert sent_click["payload"] == click
    assert len({m["envelope_id"] for m in app.envelopes()}) == 3, "every envelope has its own id"
    assert [a.kind for a in sockets(sim).acks] == ["slash_commands", "events_api", "interactive"]
    assert sockets(sim).problems == []


def test_a_missing_ack_is_a_failure_and_a_late_one_is_noted(sim: SlackSim) -> None:
    app = App(sim, acks=False)
    outcome = sockets(sim).deliver("slash_commands", COMMAND, timeout=0.3)
    assert not outcome.ok
    assert outcome.error == "no_ack"
    app.ws.send(json.dumps({"envelope_id": app.envelopes()[0]["envelope_id"]}))
    late = wait_for(lambda: sockets(sim).acks, "the late ack")
    assert late[0].late
    assert sockets(sim).problems == []


def test_acks_slack_would_not_accept_are_recorded(sim: SlackSim) -> None:
    app = App(sim, acks=False)
    app.ws.send("not json")
    app.ws.send(json.dumps({"envelope_id": "never-sent"}))
    app.ws.send(json.dumps({"payload": {}}))
    wait_for(lambda: len(sockets(sim).problems) == 3, "three problems")
    event = in_thread(lambda: sockets(sim).deliver("events_api", {"type": "event_callback"}, timeout=5))
    envelope_id = wait_for(app.envelopes, "the event")[0]["envelope_id"]
    app.ws.send(json.dumps({"envelope_id": envelope_id, "payload": {"text": "events take no payload"}}))
    assert event().ok
    assert "a payload in the ack of a events_api envelope" in sockets(sim).problems[-1]


def test_no_connection_fails_a_command_at_once(sim: SlackSim) -> None:
    started = time.monotonic()
    outcome = sockets(sim).deliver("slash_commands", COMMAND, timeout=5)
    assert (outcome.ok, outcome.error) == (False, "no_connection")
    assert time.monotonic() - started < 1


# ----- pings -------------------------------------------------------------------------------------


def test_the_server_pings_and_answers_pings(sim: SlackSim) -> None:
    app = App(sim)  # the client library answers the server's pings with pongs
    wait_for(lambda: app.connection.pongs_received >= 3, "pongs to the server's pings (every 0.1 s)")
    assert app.connection.pings_sent >= 3
    assert app.ws.ping().wait(2), "the server answers the client's ping"
    # websockets sends the pong before it hands the ping frame on, so the count may trail the pong a moment
    wait_for(lambda: app.connection.pings_received == 1, "the server to count the client's one ping")


# ----- refresh, drop, redelivery -----------------------------------------------------------------


def test_refresh_asks_to_reconnect_then_closes(sim: SlackSim) -> None:
    old = App(sim)
    sockets(sim).refresh(old.connection, close_after=0.3)
    disconnect = wait_for(lambda: [m for m in old.received if m.get("type") == "disconnect"], "the disconnect")
    assert disconnect == [
        {"type": "disconnect", "reason": "refresh_requested", "debug_info": {"host": "applink-slacksim-1"}}
    ]
    new = App(sim)
    assert sockets(sim).deliver("slash_commands", COMMAND).ack.connection == new.connection.id  # type: ignore[union-attr]
    assert old.envelopes() == [], "no new envelopes to a connection asked to leave while another is open"
    wait_for(lambda: old.closed is not None, "Slack to close the old connection")
    assert old.closed == 1000, "with a closing handshake"


def test_refresh_with_a_warning_first(sim: SlackSim) -> None:
    app = App(sim)
    sockets(sim).refresh(warning=0.2, close_after=0.1)
    wait_for(lambda: app.closed is not None, "the close")
    reasons = [m["reason"] for m in app.received if m.get("type") == "disconnect"]
    assert reasons == ["warning", "refresh_requested"]


def test_drop_goes_silent_without_closing(sim: SlackSim) -> None:
    app = App(sim)
    sockets(sim).drop(app.connection)
    assert not app.ws.ping().wait(1), "nothing answers any more"
    assert app.closed is None, "no close frame came in that second"
    assert app.received == []
    with pytest.raises(BlockingIOError):  # no FIN either: the socket has nothing to read, not even EOF
        app.ws.socket.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    assert sockets(sim).open_connections() == [], "the server counts it as gone"
    assert sockets(sim).deliver("slash_commands", COMMAND).error == "no_connection"


def test_an_event_on_a_lost_connection_is_delivered_again_elsewhere(sim: SlackSim) -> None:
    lost, other = App(sim, acks=False), App(sim)
    event = {"type": "event_callback", "event_id": "Ev42", "event": {"type": "team_join"}}
    outcome = in_thread(lambda: sockets(sim).deliver("events_api", event, connection=lost.connection))
    first = wait_for(lost.envelopes, "the first delivery")[0]
    sockets(sim).drop(lost.connection)
    result = outcome()
    assert result.ok
    assert result.attempts == 2
    again = other.envelopes()[0]
    assert again["payload"] == event
    assert (again["retry_attempt"], again["retry_reason"]) == (1, "timeout")
    assert again["envelope_id"] != first["envelope_id"]
    assert result.ack is not None
    assert result.ack.connection == other.connection.id


def test_a_command_on_a_lost_connection_fails_and_is_not_repeated(sim: SlackSim) -> None:
    lost, other = App(sim, acks=False), App(sim)
    outcome = in_thread(lambda: sockets(sim).deliver("slash_commands", COMMAND, connection=lost.connection))
    wait_for(lost.envelopes, "the delivery")
    sockets(sim).drop(lost.connection)
    result = outcome()
    assert (result.ok, result.error, result.attempts) == (False, "connection_lost", 1)
    assert other.envelopes() == [], "Slack does not retry commands: the user sees an error"


# ----- the driver over Socket Mode ---------------------------------------------------------------


def test_the_driver_speaks_socket_mode_when_the_app_does(sim: SlackSim) -> None:
    App(sim, answer=lambda m: {"response_type": "ephemeral", "text": "Here is help"})
    driver = SlackDriver(sim)
    assert driver.over_socket
    reply = driver.command("U1", "help")
    assert reply.status == 200
    assert reply.json() == {"response_type": "ephemeral", "text": "Here is help"}
    assert [m.text for m in sim.ephemerals_to("U1")] == ["Here is help"], "shown like an HTTP answer"
    sent = sockets(sim).acks[-1]
    assert sent.kind == "slash_commands"
    events = driver.send_event({"type": "app_home_opened", "user": "U1"}, retries=1)
    assert [r.status for r in events] == [200, 200]
    assert [a.retry_attempt for a in sockets(sim).acks[-2:]] == [0, 1]


def test_the_driver_reports_a_missing_ack(sim: SlackSim) -> None:
    App(sim, acks=False)
    reply = SlackDriver(sim, ack_timeout=0.3).command("U1", "help")
    assert reply.status == 0
    assert reply.json() == {"error": "no_ack"}
