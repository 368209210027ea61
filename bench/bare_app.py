"""The baseline for bench/ack.py: a bare Bolt app that only acknowledges, on the same HTTP server as
Drumbeat (cheroot, the same thread count). Run by bench/ack.py; not part of Drumbeat.

    python bench/bare_app.py PORT SIGNING_SECRET SLACK_API_URL
"""

from __future__ import annotations

import re
import signal
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from slack_bolt import Ack, App
from slack_sdk import WebClient

from runtime.web import HttpServer, wsgi_app


def main() -> int:
    port, secret, api_url = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    app = App(  # like Drumbeat's: auth.test once at start-up, against the same test Slack server
        client=WebClient(token="xoxb-slacksim", base_url=api_url),
        signing_secret=secret,
        raise_error_for_unhandled_request=False,
    )

    @app.command("/drumbeat")
    def command(ack: Ack) -> None:
        ack()

    @app.action(re.compile(".*"))
    def action(ack: Ack, body: dict[str, Any]) -> None:
        ack()

    server = HttpServer(wsgi_app(app, None, secret), host="127.0.0.1", port=port).start()
    print(f"listening on {server.port}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
