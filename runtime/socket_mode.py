"""Socket Mode: Slack's envelopes over a WebSocket, dispatched by Bolt, and /healthz on PORT.

What it guarantees, and tests/test_socket_mode.py checks against slacksim:
- an envelope is acknowledged as soon as Bolt's listener acks, also right after Slack's routine
  `disconnect` (a replacement connection is opened at once, on its own thread, while the old one keeps
  being read until Slack closes it);
- a connection that goes silent (a dropped TCP connection sends no FIN) is noticed by its missing pong
  within PING_INTERVAL + PING_TIMEOUT + CLOSE_TIMEOUT seconds and replaced at once;
- /healthz is 200 only while the database answers and something (a message, a ping, a pong) came from
  Slack within STALE_AFTER seconds.

Why our own client rather than one of the SDK's (bench/socket_mode.py against slacksim, medians of 3 runs:
ack of the first command after a refresh / time to a new connection after a drop):
- the built-in client (Bolt's SocketModeHandler, what Drumbeat used): 3.10 s / 48 s. It handles a
  `disconnect` on its only message thread, which then waits for the old socket's 3 s read timeout (not a
  constructor option; python-slack-sdk#1701), and calls a connection stale only after 4 ping intervals
  without a pong, checked once per interval;
- the same with ping_interval=2, its only relevant knob: 3.10 s / 9.0 s;
- the websocket-client one: 0.012 s / never (no ping timeout: a silent connection is never noticed);
- the asyncio `websockets` one (through Bolt's adapter; needs aiohttp): 0.011 s / 50 s, and it runs our
  synchronous Bolt app on its event loop;
- this one: 0.011 s / 6.0 s (the worst case: the drop just after a pong).
It is small because `websockets` (pinned; slacksim's Socket Mode server uses it too) does the protocol, the
keepalive pings with a timeout and the closing handshake; this module only keeps a connection open and
hands envelopes to Bolt (`run_bolt_app`, Bolt's own Socket Mode entry point).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltResponse
from slack_bolt.adapter.socket_mode.internals import run_bolt_app
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.request import SocketModeRequest
from websockets.exceptions import ConnectionClosed
from websockets.frames import Frame
from websockets.protocol import Event
from websockets.sync.client import ClientConnection, connect

from models.db import Database
from runtime.deps import Deps
from runtime.executor import acknowledgements
from runtime.web import HttpServer, WSGIApp

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)

PING_INTERVAL = 2.0  # seconds between our pings; Slack answers each with a pong
PING_TIMEOUT = 3.0  # no pong this long after a ping: the connection is dead
CLOSE_TIMEOUT = 1.0  # a dead connection's closing handshake is given this long before its socket is closed
OPEN_TIMEOUT = 5.0  # for the WebSocket handshake and Slack's hello
STALE_AFTER = 10.0  # /healthz: unhealthy when nothing came from Slack for this long
RETIRE_AFTER = 30.0  # Slack closes a connection it asked us to leave; if it has not after this, we do
MAX_BACKOFF = 8.0  # between failed attempts to open a connection
ENVELOPE_THREADS = 16  # each waits only for Bolt's ack; the work after it runs on Bolt's and Deps' pools

# Slack's answers to apps.connections.open that no retry will change: the token is wrong.
_TOKEN_REFUSED = {
    "invalid_auth",
    "not_authed",
    "not_allowed_token_type",
    "token_revoked",
    "token_expired",
    "account_inactive",
    "missing_scope",
}


class AppTokenRejected(Exception):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class _SlackConnection(ClientConnection):
    """A WebSocket client connection that remembers when anything (message, ping, pong) last came in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_heard = time.monotonic()

    def process_event(self, event: Event) -> None:
        if isinstance(event, Frame):
            self.last_heard = time.monotonic()
        super().process_event(event)


class _Link:
    """One connection to Slack, numbered for the log."""

    def __init__(self, number: int, ws: _SlackConnection) -> None:
        self.number = number
        self.ws = ws
        self.replaced = False  # a replacement was asked for (Slack's disconnect, or this one was lost)


class SocketModeClient:
    """Keeps a Socket Mode connection to Slack open and hands every envelope to Bolt."""

    def __init__(
        self,
        app: App,
        app_token: str,
        web_client: WebClient,
        *,
        ping_interval: float = PING_INTERVAL,
        ping_timeout: float = PING_TIMEOUT,
    ) -> None:
        self.app = app
        self.app_token = app_token
        self.web_client = web_client
        self.ping_interval = ping_interval
        self.ping_timeout = ping_timeout
        self._lock = threading.Lock()
        self._links: set[_Link] = set()
        self._current: _Link | None = None
        self._numbers = 0
        self._heard_before = float("-inf")  # last_heard of connections already closed
        self._wanted = threading.Event()  # set: open a (new) connection
        self._stopping = threading.Event()
        self._pool = ThreadPoolExecutor(max_workers=ENVELOPE_THREADS, thread_name_prefix="envelope")
        self._supervisor = threading.Thread(target=self._supervise, name="socket-mode", daemon=True)

    # ----- lifecycle ---------------------------------------------------------------------------

    def start(self) -> None:
        """Open the first connection, then keep one open. Raises AppTokenRejected if Slack refuses the token;
        other failures are retried in the background."""
        try:
            self._adopt(self._open())
        except AppTokenRejected:
            raise
        except Exception as error:
            log.warning("could not open a Socket Mode connection (%s); retrying", _reason(error))
            self._wanted.set()
        self._supervisor.start()

    def close(self) -> None:
        """Stop taking envelopes, let those in flight get their acks out, then close the connections."""
        self._stopping.set()
        self._wanted.set()
        self._pool.shutdown(wait=True)
        with self._lock:
            links = list(self._links)
        for link in links:
            link.ws.close()
        self._supervisor.join(timeout=OPEN_TIMEOUT + 1)

    # ----- health ------------------------------------------------------------------------------

    def last_heard(self) -> float:
        """time.monotonic() when anything last came from Slack (never: minus infinity)."""
        with self._lock:
            return max([self._heard_before] + [link.ws.last_heard for link in self._links])

    def connected(self, within: float = STALE_AFTER) -> bool:
        """Slack was heard from within `within` seconds. Not "a connection is open": that is briefly false
        between a dead connection and its replacement, and a health check should not flap then."""
        return time.monotonic() - self.last_heard() < within

    # ----- connections -------------------------------------------------------------------------

    def _open(self) -> _Link:
        """apps.connections.open, the WebSocket handshake and Slack's hello."""
        try:
            url = str(self.web_client.apps_connections_open(app_token=self.app_token)["url"])
        except SlackApiError as error:
            code = str(error.response.get("error", "unknown")) if error.response is not None else "unknown"
            if code in _TOKEN_REFUSED:
                raise AppTokenRejected(code) from None
            raise
        ws = connect(
            url,
            legacy=True,
            create_connection=_SlackConnection,
            open_timeout=OPEN_TIMEOUT,
            ping_interval=self.ping_interval,
            ping_timeout=self.ping_timeout,
            close_timeout=CLOSE_TIMEOUT,
            logger=_websockets_log,
        )
        assert isinstance(ws, _SlackConnection)
        try:
            hello = json.loads(ws.recv(timeout=OPEN_TIMEOUT))
        except (TimeoutError, ValueError, ConnectionClosed):
            ws.close()
            raise
        if not isinstance(hello, dict) or hello.get("type") != "hello":
            reason = hello.get("reason") if isinstance(hello, dict) else None
            ws.close()
            raise ConnectionError(f"Slack sent {reason or 'something else'} instead of hello")
        with self._lock:
            self._numbers += 1
            link = _Link(self._numbers, ws)
        log.info("Socket Mode connection %d open (%s open for this app)", link.number, hello.get("num_connections"))
        return link

    def _adopt(self, link: _Link) -> None:
        with self._lock:
            old, self._current = self._current, link
            self._links.add(link)
        threading.Thread(target=self._read, args=(link,), name=f"socket-mode-{link.number}", daemon=True).start()
        if old is not None:
            retire = threading.Timer(RETIRE_AFTER, self._retire, (old,))
            retire.daemon = True
            retire.start()

    def _retire(self, link: _Link) -> None:
        with self._lock:
            still_open = link in self._links
        if still_open:
            log.info("Slack left connection %d open after asking us to leave it; closing it", link.number)
            link.ws.close()

    def _replace(self, link: _Link) -> None:
        """Open a replacement for `link` (once), on the supervisor's thread: never on a reader's."""
        with self._lock:
            if link is not self._current or link.replaced:
                return
            link.replaced = True
        self._wanted.set()

    def _supervise(self) -> None:
        backoff = 0.5
        while True:
            self._wanted.wait()
            if self._stopping.is_set():
                return
            self._wanted.clear()
            try:
                link = self._open()
            except Exception as error:
                delay = MAX_BACKOFF if isinstance(error, AppTokenRejected) else backoff
                log.warning("could not open a Socket Mode connection (%s); retrying in %.1f s", _reason(error), delay)
                backoff = min(backoff * 2, MAX_BACKOFF)
                if self._stopping.wait(delay):
                    return
                self._wanted.set()
                continue
            backoff = 0.5
            if self._stopping.is_set():
                link.ws.close()
                return
            self._adopt(link)

    def _read(self, link: _Link) -> None:
        try:
            for raw in link.ws:
                self._on_message(link, raw)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._links.discard(link)
                self._heard_before = max(self._heard_before, link.ws.last_heard)
                lost = link is self._current and not link.replaced and not self._stopping.is_set()
            if lost:  # not after Slack's disconnect, nor on our way out: silent or broken
                code = link.ws.close_code
                log.warning("Socket Mode connection %d lost (code %s); opening another", link.number, code)
                self._replace(link)
            else:
                log.info("Socket Mode connection %d closed (code %s)", link.number, link.ws.close_code)

    def _on_message(self, link: _Link, raw: str | bytes) -> None:
        try:
            message = json.loads(raw)
        except ValueError:
            log.warning("connection %d: a message that is not JSON (%d bytes); ignored", link.number, len(raw))
            return
        if not isinstance(message, dict):
            return
        kind = message.get("type")
        if kind == "disconnect":
            # warning, refresh_requested, link_disabled, too_many_websockets: Slack's codes, not user text
            log.info("Slack asked connection %d to reconnect (%s)", link.number, message.get("reason"))
            self._replace(link)
        elif kind != "hello" and message.get("envelope_id"):
            if self._stopping.is_set():
                return  # not acknowledged: Slack delivers events again, to the next process
            try:
                self._pool.submit(self._dispatch, link, message)
            except RuntimeError:  # the pool shut down in between: as above
                return

    # ----- envelopes ---------------------------------------------------------------------------

    def _dispatch(self, link: _Link, message: dict[str, Any]) -> None:
        envelope_id, kind = message.get("envelope_id"), message.get("type")
        started = time.perf_counter()
        try:
            request = SocketModeRequest.from_dict(message)
            if request is None:
                log.warning("envelope %s (%s) has no payload; ignored", envelope_id, kind)
                return
            with acknowledgements:
                response: BoltResponse = run_bolt_app(self.app, request)
                ack = acknowledgement(request, response)
                if ack is not None:
                    link.ws.send(json.dumps(ack))
            log.debug(
                "envelope %s (%s): Bolt answered %d, %s in %.0f ms",
                envelope_id,
                kind,
                response.status,
                "acknowledged" if ack is not None else "not acknowledged",
                (time.perf_counter() - started) * 1000,
            )
        except ConnectionClosed:
            log.warning("envelope %s (%s) not acknowledged: connection %d closed first", envelope_id, kind, link.number)
        except Exception as error:
            log.error("envelope %s (%s) failed: %s", envelope_id, kind, type(error).__name__, exc_info=error)


def acknowledgement(request: SocketModeRequest, response: BoltResponse) -> dict[str, Any] | None:
    """The ack for Bolt's answer, or None for no ack.

    As in HTTP mode (runtime.web): 200 is acknowledged with its body as the payload when Slack accepts one;
    404 (no listener) is acknowledged too, so Slack does not deliver it again and again; anything else (503
    while the database is down, 500 for a form that failed) is not, so Slack delivers events again later and
    keeps a form open.
    """
    if response.status not in (200, 404):
        return None
    ack: dict[str, Any] = {"envelope_id": request.envelope_id}
    if response.status == 200 and response.body and request.accepts_response_payload:
        content_type = response.headers.get("content-type", [""])[0]
        ack["payload"] = (
            json.loads(response.body) if content_type.startswith("application/json") else {"text": response.body}
        )
    return ack


def _reason(error: Exception) -> str:
    """An error code or an exception's class name: never a URL (it holds the connection's ticket)."""
    if isinstance(error, AppTokenRejected):
        return f"Slack said {error.code}"
    if isinstance(error, SlackApiError) and error.response is not None:
        return f"Slack said {error.response.get('error')}"
    return type(error).__name__


class _QuietKeepalive(logging.Filter):
    """websockets logs a dead connection's keepalive timeout as an error with a traceback; it is routine here
    (we notice it, log one line and reconnect)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "keepalive ping failed" not in record.getMessage()


_websockets_log = logging.getLogger("websockets.client.drumbeat")
_websockets_log.addFilter(_QuietKeepalive())


def health_app(db: Database, client: SocketModeClient) -> WSGIApp:
    """GET /healthz: 200 while the database answers and Slack was heard from recently; 503 otherwise."""

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz" and environ.get("REQUEST_METHOD", "GET") in ("GET", "HEAD"):
            database, slack = db.ping(), client.connected()
            healthy = database and slack
            body = json.dumps(
                {"ok": healthy, "database": "up" if database else "down", "slack": "connected" if slack else "silent"}
            ).encode()
            start_response("200 OK" if healthy else "503 Service Unavailable", _json_headers(body))
            return [body]
        body = b'{"ok": false, "error": "not_found"}'
        start_response("404 Not Found", _json_headers(body))
        return [body]

    return application


def _json_headers(body: bytes) -> list[tuple[str, str]]:
    return [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]


def serve(app: App, deps: Deps, *, until: threading.Event) -> None:
    """Socket Mode until `until` is set: the connection to Slack, and /healthz on PORT."""
    settings = deps.settings
    assert settings.slack_app_token is not None, "Socket Mode needs SLACK_APP_TOKEN"
    client = SocketModeClient(app, settings.slack_app_token, deps.client)
    client.start()
    try:
        server = HttpServer(health_app(deps.db, client), port=settings.port, threads=4).start()
        log.info("listening to Slack over Socket Mode (health: http://0.0.0.0:%d/healthz)", server.port)
        # A timed wait: Python runs signal handlers only in the main thread, and a SIGTERM the kernel hands to
        # another thread does not interrupt a wait without a timeout (seen: about 1 stop in 8 hung for good).
        while not until.wait(0.5):
            pass
        server.stop()
    finally:
        client.close()
