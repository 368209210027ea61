"""HTTP mode: Slack's requests at POST /slack/events and GET /healthz, on cheroot (a production WSGI server).

One process, several threads: the scheduler lives in the same process, so no worker forking.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from cheroot import wsgi
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from models.db import Database

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIEnvironment

log = logging.getLogger(__name__)
WSGIApp = Callable[["WSGIEnvironment", "StartResponse"], Iterable[bytes]]


def wsgi_app(app: App, db: Database | None) -> WSGIApp:
    bolt = SlackRequestHandler(app)

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/slack/events" and method == "POST":
            return bolt(environ, start_response)
        if path == "/healthz" and method in ("GET", "HEAD"):
            healthy = db is None or db.ping()
            body = json.dumps({"ok": healthy, "database": "up" if healthy else "down"}).encode()
            start_response("200 OK" if healthy else "503 Service Unavailable", _json_headers(body))
            return [body]
        body = b'{"ok": false, "error": "not_found"}'
        start_response("404 Not Found", _json_headers(body))
        return [body]

    return application


def _json_headers(body: bytes) -> list[tuple[str, str]]:
    return [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]


class HttpServer:
    """cheroot serving one WSGI app; start() returns once the port is bound."""

    def __init__(self, application: WSGIApp, host: str = "0.0.0.0", port: int = 3000, threads: int = 32) -> None:  # noqa: S104
        self.server = wsgi.Server((host, port), application, numthreads=threads, max=-1, timeout=10)
        self.server.shutdown_timeout = 2
        # How often the accept loop wakes to notice stop() and expire idle connections.
        self.server.expiration_interval = 0.1
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        address: Any = self.server.bind_addr
        return int(address[1])

    def start(self) -> HttpServer:
        self.server.prepare()
        self._thread = threading.Thread(target=self.server.serve, name="http", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.server.prepare()
        self.server.serve()

    def stop(self) -> None:
        self.server.stop()
