"""HTTP mode: Slack's requests at POST /slack/events and GET /healthz, on cheroot (a production WSGI server).

One process, several threads: the scheduler lives in the same process, so no worker forking.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from cheroot import wsgi
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from models.db import Database
from runtime.executor import acknowledgements

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)
WSGIApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


MAX_BODY = 1024 * 1024  # Slack's payloads are far smaller; anything bigger is not from Slack


def wsgi_app(app: App, db: Database | None, signing_secret: str) -> WSGIApp:
    bolt = SlackRequestHandler(app)
    if not signing_secret:
        raise ValueError("HTTP mode needs the signing secret: every request's signature is checked here")
    secret = signing_secret.encode()

    def slack(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Slack's requests: signed (401 if not), then Bolt; what Bolt cannot read gets 400.

        Signed requests Bolt has no listener for get 200, not 404: Slack retries events that fail.
        """
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            return _answer(start_response, 413 if length > MAX_BODY else 400, {"error": "bad_length"})
        body = environ["wsgi.input"].read(length) if length else b""
        timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
        signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
        if not signed_by_slack(secret, timestamp, signature, body):
            log.info("refused a request with a missing, wrong or stale signature")
            return _answer(start_response, 401, {"error": "invalid_signature"})
        environ["wsgi.input"] = io.BytesIO(body)
        status_line = ""

        def remember(status: str, response_headers: Any, exc_info: Any = None) -> Any:
            nonlocal status_line
            status_line = status
            return None

        try:
            with acknowledgements:
                result = b"".join(bolt(environ, remember))
        except Exception as error:  # a body that is not JSON, or a payload Bolt cannot read (a view with no type)
            log.warning("refused a malformed request (%d bytes): %s", len(body), type(error).__name__)
            return _answer(start_response, 400, {"error": "malformed_request"})
        if status_line.startswith("404"):
            log.info("no listener for a signed request; answered 200 so Slack does not retry it")
            return _answer(start_response, 200, {})
        start_response(status_line, [("Content-Type", "application/json"), ("Content-Length", str(len(result)))])
        return [result]

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/slack/events" and method == "POST":
            return slack(environ, start_response)
        if path == "/healthz" and method in ("GET", "HEAD"):
            healthy = db is None or db.ping()
            body = json.dumps({"ok": healthy, "database": "up" if healthy else "down"}).encode()
            start_response("200 OK" if healthy else "503 Service Unavailable", _json_headers(body))
            return [body]
        body = b'{"ok": false, "error": "not_found"}'
        start_response("404 Not Found", _json_headers(body))
        return [body]

    return application


MAX_AGE = 5 * 60  # Slack's advice: refuse requests signed more than five minutes ago (replays)


def signed_by_slack(secret: bytes, timestamp: str, signature: str, body: bytes, now: float | None = None) -> bool:
    """Slack's v0 signature over the raw bytes: HMAC-SHA256 of `v0:{timestamp}:{body}`, fresh, compared in
    constant time. Works on bytes, so a body that is not UTF-8 is simply refused, never a crash."""
    # isascii: "²" and other Unicode digits pass isdigit() but are no number int() reads.
    if not (timestamp.isascii() and timestamp.isdigit() and len(timestamp) <= 12) or not signature.startswith("v0="):
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > MAX_AGE:
        return False
    expected = hmac.new(secret, b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest("v0=" + expected, signature)


def _answer(start_response: StartResponse, status: int, payload: dict[str, Any]) -> list[bytes]:
    body = json.dumps(payload).encode()
    reasons = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 413: "Payload Too Large"}
    start_response(f"{status} {reasons.get(status, 'Error')}", _json_headers(body))
    return [body]


def _json_headers(body: bytes) -> list[tuple[str, str]]:
    return [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]


class CannotListen(Exception):
    """The port is taken by another program (or not ours to take)."""

    def __init__(self, port: int, why: str) -> None:
        super().__init__(f"cannot listen on port {port} ({why}); set PORT to a free port")
        self.port = port


class HttpServer:
    """cheroot serving one WSGI app; start() returns once the port is bound."""

    def __init__(
        self,
        application: WSGIApp,
        host: str = "0.0.0.0",  # noqa: S104 - Slack must reach it
        port: int = 3000,
        threads: int = 32,
        *,
        wake_every: float = 0.1,
    ) -> None:
        # A deep listen backlog: with cheroot's default of 5, a burst of Slack requests overflows it and the
        # kernel drops connections, which clients retry only after a second.
        self.server = wsgi.Server(
            (host, port), application, numthreads=threads, max=-1, timeout=10, request_queue_size=1024
        )
        self.server.shutdown_timeout = 2
        # How often the accept loop wakes to notice stop() and expire idle connections (stop() waits for it).
        self.server.expiration_interval = wake_every
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        address: Any = self.server.bind_addr
        return int(address[1])

    def start(self) -> HttpServer:
        """Listen and serve; raises CannotListen if the port is taken (or not ours to take)."""
        try:
            self.server.prepare()
        except OSError as error:
            raise CannotListen(self.port, error.strerror or type(error).__name__) from None
        self._thread = threading.Thread(target=self.server.serve, name="http", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.stop()
