"""Slack's Socket Mode, served on loopback: `apps.connections.open` tickets, the WebSocket, envelopes and acks.

What Slack documents (docs.slack.dev/apis/events-api/using-socket-mode) and does, as far as a test needs:

- `apps.connections.open`, called with the app-level token, answers a `ws://…/link/?ticket=…&app_id=…` URL; a
  ticket opens one connection, once. At most 10 connections per app are open at a time (the 11th is told
  `too_many_websockets` and closed).
- On connect: `{"type": "hello", "num_connections": N, "debug_info": {...}, "connection_info": {"app_id": ...}}`.
- Envelopes: `events_api` (payload: the Events API callback body; with `retry_attempt` and `retry_reason`),
  `slash_commands` (payload: the command's form fields as a dict) and `interactive` (block_actions,
  view_submission, block_suggestion payloads), each with `envelope_id` and `accepts_response_payload`. The app
  acknowledges with `{"envelope_id": ..., "payload": {...}}` (payload optional); each ack's latency is recorded.
- WebSocket pings from the server every `ping_interval` seconds; the client's pings are answered.
- `refresh()`: `{"type": "disconnect", "reason": "refresh_requested", ...}` (optionally a `warning` first), and
  the connection is closed a few seconds later. Slack leaves it open longer than the SDK's 3 s read timeout
  (python-slack-sdk#1701 shows that timeout elapsing on it), so `close_after` defaults to 5 s.
- `drop()`: the connection goes silent: no close frame, no FIN, nothing read or written. A small relay sits
  between the client and the WebSocket server for this: it can stop forwarding while keeping the client's
  socket open, which is what a dead NAT entry or a pulled cable looks like from the client.
- An event on a connection that goes away before its ack is delivered again on another connection with
  `retry_attempt` + 1 (Slack's retries of Socket Mode events carry `retry_reason: "timeout"`); slash commands
  and interactions are not retried: the sender is told they failed.

Server side: the `websockets` package's threading server (`websockets.sync.server`), pinned in
requirements.txt. It is the reference WebSocket implementation for Python (RFC 6455 compliant, maintained,
typed), offers the same blocking threads model as the rest of this server, and handles pings and the closing
handshake itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import logging
import socket
import threading
import time
import uuid
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from websockets.exceptions import ConnectionClosed
from websockets.frames import Frame, Opcode
from websockets.http11 import Request, Response
from websockets.protocol import Event
from websockets.sync.server import Server, ServerConnection, serve

if TYPE_CHECKING:
    from slacksim.server import SlackSim

log = logging.getLogger(__name__)

MAX_CONNECTIONS = 10  # per app, as Slack allows
ENVELOPE_KINDS = ("events_api", "slash_commands", "interactive")
# Interactions whose acknowledgement may carry a payload (the docs' examples); events never do.
_RESPONSE_PAYLOAD = {"block_actions", "view_submission", "block_suggestion"}


@dataclass
class Ack:
    """One acknowledged envelope, as the server saw it."""

    envelope_id: str
    kind: str
    connection: int
    retry_attempt: int
    latency: float  # seconds from sending the envelope to reading its ack
    payload: dict[str, Any] | None
    late: bool = False  # arrived after the sender stopped waiting


@dataclass
class Outcome:
    """What happened to one delivery (an envelope, and for events its redeliveries)."""

    ok: bool
    ack: Ack | None = None
    error: str | None = None  # "no_connection" | "connection_lost" | "no_ack"
    attempts: int = 0
    elapsed: float = 0.0


class _Envelope:
    def __init__(self, kind: str, payload: dict[str, Any], retry_attempt: int, retry_reason: str) -> None:
        self.id = str(uuid.uuid4())
        self.kind = kind
        self.payload = payload
        self.retry_attempt = retry_attempt
        self.retry_reason = retry_reason
        self.sent_at = 0.0
        self.done = threading.Event()
        self.ack: Ack | None = None
        self.lost = False

    @property
    def accepts_response_payload(self) -> bool:
        if self.kind == "slash_commands":
            return True
        if self.kind == "interactive":
            return self.payload.get("type") in _RESPONSE_PAYLOAD
        return False

    def message(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "envelope_id": self.id,
            "payload": self.payload,
            "type": self.kind,
            "accepts_response_payload": self.accepts_response_payload,
        }
        if self.kind == "events_api":
            body["retry_attempt"] = self.retry_attempt
            body["retry_reason"] = self.retry_reason
        return body


class _TrackedConnection(ServerConnection):
    """Counts pings and pongs each way, and when the client was last heard from."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pings_sent = 0
        self.pongs_received = 0
        self.pings_received = 0
        self.last_heard = time.monotonic()

    def ping(self, data: Any = None, *, ack_on_close: bool = False) -> threading.Event:
        self.pings_sent += 1
        return super().ping(data, ack_on_close=ack_on_close)

    def process_event(self, event: Event) -> None:
        if isinstance(event, Frame):
            self.last_heard = time.monotonic()
            if event.opcode is Opcode.PONG:
                self.pongs_received += 1
            elif event.opcode is Opcode.PING:
                self.pings_received += 1
        super().process_event(event)


@dataclass
class SocketConnection:
    """One app connection, from the server's side."""

    id: int
    ws: _TrackedConnection
    relay_port: int  # the relay's port toward the server, which tells the relay's pipes apart
    client_port: int  # the app's own port (its socket's local address), for tests to find their connection
    opened: float = field(default_factory=time.monotonic)
    leaving: bool = False  # told to reconnect (refresh) or dropped: gets no new envelopes if avoidable
    dropped: bool = False
    closed: threading.Event = field(default_factory=threading.Event)
    pending: dict[str, _Envelope] = field(default_factory=dict)

    @property
    def open(self) -> bool:
        return not self.closed.is_set() and not self.dropped

    @property
    def pings_sent(self) -> int:
        return self.ws.pings_sent

    @property
    def pongs_received(self) -> int:
        return self.ws.pongs_received

    @property
    def pings_received(self) -> int:
        return self.ws.pings_received


class _Pipe:
    """One client connection through the relay: bytes both ways, until silenced or closed."""

    def __init__(self, client: socket.socket, upstream: socket.socket) -> None:
        self.client = client
        self.upstream = upstream
        self.silent = False
        self._finished = 0
        self._lock = threading.Lock()

    def start(self) -> None:
        for source, sink in ((self.client, self.upstream), (self.upstream, self.client)):
            threading.Thread(target=self._pump, args=(source, sink), name="slacksim-relay", daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                if self.silent:
                    return  # read once more and drop it; nothing is read after this
                sink.sendall(data)
            if not self.silent:
                with contextlib.suppress(OSError):
                    sink.shutdown(socket.SHUT_WR)  # pass the FIN on
        except OSError:
            if not self.silent:
                self.close()
            return
        with self._lock:
            self._finished += 1
            both = self._finished == 2
        if both and not self.silent:
            self.close()

    def silence(self) -> None:
        """No more bytes either way, and no FIN or RST to the client: its socket stays open, unread."""
        self.silent = True
        with contextlib.suppress(OSError):
            self.upstream.shutdown(socket.SHUT_RDWR)  # the server's side ends; the client's does not
        with contextlib.suppress(OSError):
            self.upstream.close()

    def close(self) -> None:
        for sock in (self.client, self.upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()


class _Relay:
    """A TCP relay in front of the WebSocket server, so that a connection can be silenced (see `drop`)."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = int(self.listener.getsockname()[1])
        self.pipes: dict[int, _Pipe] = {}  # the upstream socket's local port -> pipe
        self._lock = threading.Lock()
        self._up = True
        threading.Thread(target=self._accept, name="slacksim-relay", daemon=True).start()

    def _accept(self) -> None:
        while self._up:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            for sock in (client, upstream):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            pipe = _Pipe(client, upstream)
            with self._lock:  # registered before a byte is forwarded, so before the handshake
                self.pipes[int(upstream.getsockname()[1])] = pipe
            pipe.start()

    def client_port(self, upstream_port: int) -> int:
        with self._lock:
            pipe = self.pipes.get(upstream_port)
        return int(pipe.client.getpeername()[1]) if pipe is not None else 0

    def silence(self, upstream_port: int) -> None:
        with self._lock:
            pipe = self.pipes.get(upstream_port)
        if pipe is not None:
            pipe.silence()

    def stop(self) -> None:
        self._up = False
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        with self._lock:
            pipes = list(self.pipes.values())
            self.pipes.clear()
        for pipe in pipes:
            pipe.close()


class SocketModeServer:
    """Socket Mode for one app. Created by `SlackSim(app_token=...)` and reached as `sim.socket_mode`."""

    def __init__(
        self,
        sim: SlackSim,
        *,
        ping_interval: float | None = 10.0,
        ping_timeout: float | None = 20.0,
        close_after: float = 5.0,
    ) -> None:
        self.sim = sim
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self.close_after = close_after  # seconds between `refresh_requested` and closing the connection
        self.connections: dict[int, SocketConnection] = {}  # every connection ever opened, by id
        self.acks: list[Ack] = []
        self.problems: list[str] = []  # what the app sent that Slack would not accept
        self.tickets: set[str] = set()
        self.refused: list[str] = []  # why handshakes were refused
        self._changed = threading.Condition(threading.RLock())
        self._ids = itertools.count(1)
        self._turn = itertools.count()
        self._expired: dict[str, _Envelope] = {}
        self._server: Server | None = None
        self._relay: _Relay | None = None
        self._timers: list[threading.Timer] = []

    # ----- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        self._server = serve(
            self._handle,
            "127.0.0.1",
            0,
            process_request=self._check_ticket,
            ping_interval=self.ping_interval,
            ping_timeout=self.ping_timeout,
            close_timeout=2,
            compression=None,
            create_connection=_TrackedConnection,
            logger=log,
        )
        threading.Thread(target=self._server.serve_forever, name="slacksim-socket-mode", daemon=True).start()
        self._relay = _Relay(int(self._server.socket.getsockname()[1]))

    def stop(self) -> None:
        for timer in self._timers:
            timer.cancel()
        if self._relay is not None:
            self._relay.stop()
            self._relay = None
        if self._server is not None:
            self._server.shutdown()
            self._server = None

    # ----- apps.connections.open ---------------------------------------------------------------

    def open_url(self) -> str:
        """A new single-use WebSocket URL, as `apps.connections.open` answers."""
        assert self._relay is not None, "start() the server first"
        ticket = str(uuid.uuid4())
        with self._changed:
            self.tickets.add(ticket)
        app_hash = hashlib.sha256(self.sim.app_id.encode()).hexdigest()  # Slack's app_id here is opaque
        return f"ws://127.0.0.1:{self._relay.port}/link/?ticket={ticket}&app_id={app_hash}"

    def _check_ticket(self, connection: ServerConnection, request: Request) -> Response | None:
        parts = urlsplit(request.path)
        tickets = parse_qs(parts.query).get("ticket", [])
        with self._changed:
            if parts.path not in ("/link", "/link/") or len(tickets) != 1 or tickets[0] not in self.tickets:
                self.refused.append("unknown or used ticket")
                return connection.respond(HTTPStatus.UNAUTHORIZED, "invalid ticket\n")
            self.tickets.discard(tickets[0])  # single use
        return None

    # ----- connections -------------------------------------------------------------------------

    def _handle(self, ws: ServerConnection) -> None:
        assert isinstance(ws, _TrackedConnection)
        relay_port = int(ws.remote_address[1])
        client_port = self._relay.client_port(relay_port) if self._relay is not None else 0
        connection = SocketConnection(id=next(self._ids), ws=ws, relay_port=relay_port, client_port=client_port)
        with self._changed:
            open_now = [c for c in self.connections.values() if c.open]
            if len(open_now) >= MAX_CONNECTIONS:
                self.refused.append("too_many_websockets")
                refusal = {"type": "disconnect", "reason": "too_many_websockets", "debug_info": self._debug_info()}
                with contextlib.suppress(ConnectionClosed):
                    ws.send(json.dumps(refusal))
                return
        hello = {
            "type": "hello",
            "num_connections": len(open_now) + 1,
            "debug_info": {**self._debug_info(), "build_number": 1, "approximate_connection_time": 18060},
            "connection_info": {"app_id": self.sim.app_id},
        }
        try:
            ws.send(json.dumps(hello))
        except ConnectionClosed:
            return
        with self._changed:  # eligible for envelopes only once it has said hello, as Slack does
            self.connections[connection.id] = connection
            self._changed.notify_all()
        try:
            while True:
                self._on_message(connection, ws.recv())
        except ConnectionClosed:
            pass
        finally:
            with self._changed:
                connection.closed.set()
                lost = list(connection.pending.values())
                connection.pending.clear()
                self._changed.notify_all()
            for envelope in lost:
                envelope.lost = True
                envelope.done.set()

    def _debug_info(self) -> dict[str, Any]:
        return {"host": "applink-slacksim-1"}

    def _on_message(self, connection: SocketConnection, raw: str | bytes) -> None:
        if isinstance(raw, bytes):
            self._problem(f"connection {connection.id}: a binary frame; Slack expects JSON text")
            return
        try:
            message = json.loads(raw)
        except ValueError:
            self._problem(f"connection {connection.id}: a frame that is not JSON")
            return
        envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
        if not isinstance(envelope_id, str):
            self._problem(f"connection {connection.id}: a message without an envelope_id")
            return
        payload = message.get("payload")
        with self._changed:
            envelope = connection.pending.pop(envelope_id, None)
            late = envelope is None and envelope_id in self._expired
            if late:
                envelope = self._expired.pop(envelope_id)
        if envelope is None:
            self._problem(f"connection {connection.id}: an ack for envelope {envelope_id}, not pending on it")
            return
        if payload is not None and not isinstance(payload, dict):
            self._problem(f"envelope {envelope_id}: the ack's payload is not an object")
            payload = None
        if payload and not envelope.accepts_response_payload:
            self._problem(f"envelope {envelope_id}: a payload in the ack of a {envelope.kind} envelope")
        ack = Ack(
            envelope_id=envelope_id,
            kind=envelope.kind,
            connection=connection.id,
            retry_attempt=envelope.retry_attempt,
            latency=time.monotonic() - envelope.sent_at,
            payload=payload,
            late=late,
        )
        with self._changed:
            self.acks.append(ack)
        envelope.ack = ack
        envelope.done.set()

    def _problem(self, what: str) -> None:
        with self._changed:
            self.problems.append(what)

    def open_connections(self) -> list[SocketConnection]:
        with self._changed:
            return [c for c in self.connections.values() if c.open]

    def wait_for_connection(
        self, timeout: float = 10.0, *, newer_than: int = 0, eligible: bool = False
    ) -> SocketConnection | None:
        """The first open connection with an id above `newer_than` (for `eligible`, not told to leave)."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for connection in sorted(self.connections.values(), key=lambda c: c.id):
                    if connection.id > newer_than and connection.open and not (eligible and connection.leaving):
                        return connection
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._changed.wait(left)

    def latest_id(self) -> int:
        with self._changed:
            return max(self.connections, default=0)

    # ----- envelopes ---------------------------------------------------------------------------

    def _choose(self, wait_until: float | None, only: SocketConnection | None) -> SocketConnection | None:
        with self._changed:
            while True:
                if only is not None:
                    return only if only.open else None
                open_now = [c for c in self.connections.values() if c.open]
                staying = [c for c in open_now if not c.leaving] or open_now
                if staying:
                    return staying[next(self._turn) % len(staying)]  # any connection may get any envelope
                left = (wait_until or 0) - time.monotonic()
                if wait_until is None or left <= 0:
                    return None
                self._changed.wait(left)

    def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        timeout: float = 10.0,
        retry_attempt: int = 0,
        retry_reason: str = "",
        connection: SocketConnection | None = None,
    ) -> Outcome:
        """Send one envelope and wait for its ack.

        Events wait (until `timeout`) for a connection if none is open, and are delivered again on another
        connection if theirs goes away before the ack. Commands and interactions fail at once without a
        connection and are not delivered again. `connection` chooses the first attempt's connection.
        """
        if kind not in ENVELOPE_KINDS:
            raise ValueError(f"unknown envelope type {kind!r}")
        started = time.monotonic()
        deadline = started + timeout
        attempts = 0
        while True:
            chosen = self._choose(deadline if kind == "events_api" else None, None if attempts else connection)
            if chosen is None:
                error = "connection_lost" if attempts else "no_connection"
                return Outcome(ok=False, error=error, attempts=attempts, elapsed=time.monotonic() - started)
            envelope = _Envelope(kind, payload, retry_attempt, retry_reason)
            with self._changed:
                chosen.pending[envelope.id] = envelope
            envelope.sent_at = time.monotonic()
            attempts += 1
            try:
                chosen.ws.send(json.dumps(envelope.message()))
            except ConnectionClosed:
                with self._changed:
                    chosen.pending.pop(envelope.id, None)
                envelope.lost = True
                envelope.done.set()
            envelope.done.wait(max(0.0, deadline - time.monotonic()))
            if envelope.ack is not None:
                return Outcome(ok=True, ack=envelope.ack, attempts=attempts, elapsed=time.monotonic() - started)
            if envelope.lost and kind == "events_api" and time.monotonic() < deadline:
                retry_attempt, retry_reason = retry_attempt + 1, "timeout"
                continue
            with self._changed:
                if chosen.pending.pop(envelope.id, None) is not None:
                    self._expired[envelope.id] = envelope  # an ack may still come: recorded as late
            error = "connection_lost" if envelope.lost else "no_ack"
            return Outcome(ok=False, error=error, attempts=attempts, elapsed=time.monotonic() - started)

    # ----- Slack's side of the lifecycle -------------------------------------------------------

    def _targets(self, connection: SocketConnection | None) -> list[SocketConnection]:
        return [connection] if connection is not None else self.open_connections()

    def _later(self, seconds: float, action: Any, *args: Any) -> None:
        timer = threading.Timer(seconds, action, args)
        timer.daemon = True
        self._timers.append(timer)
        timer.start()

    def refresh(
        self,
        connection: SocketConnection | None = None,
        *,
        warning: float | None = None,
        close_after: float | None = None,
    ) -> list[SocketConnection]:
        """Ask a connection (default: every open one) to reconnect, then close it `close_after` seconds later.

        With `warning=N`, first send a `warning` disconnect and the `refresh_requested` one N seconds later
        (Slack: "about 10 seconds before the disconnect"). Returns at once; the rest happens on timers.
        """
        targets = self._targets(connection)
        for target in targets:
            if warning is not None:
                self._send_disconnect(target, "warning")
                self._later(warning, self._refresh_now, target, close_after)
            else:
                self._refresh_now(target, close_after)
        return targets

    def _refresh_now(self, connection: SocketConnection, close_after: float | None) -> None:
        with self._changed:
            connection.leaving = True
            self._changed.notify_all()
        self._send_disconnect(connection, "refresh_requested")
        self._later(self.close_after if close_after is None else close_after, self._close, connection)

    def _send_disconnect(self, connection: SocketConnection, reason: str) -> None:
        with contextlib.suppress(ConnectionClosed):
            connection.ws.send(json.dumps({"type": "disconnect", "reason": reason, "debug_info": self._debug_info()}))

    def _close(self, connection: SocketConnection) -> None:
        connection.ws.close()

    def drop(self, connection: SocketConnection | None = None) -> list[SocketConnection]:
        """A dropped TCP connection (default: every open one): from now on the client hears nothing, not even
        a close, and nothing it sends arrives. The server counts the connection as gone at once."""
        targets = self._targets(connection)
        for target in targets:
            with self._changed:
                target.dropped = target.leaving = True
                self._changed.notify_all()
            if self._relay is not None:
                self._relay.silence(target.relay_port)
        return targets

    def close(self, connection: SocketConnection | None = None) -> None:
        """Close connections (default: every open one) with a normal closing handshake, without warning."""
        for target in self._targets(connection):
            self._close(target)
