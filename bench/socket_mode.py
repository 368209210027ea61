"""Socket Mode benchmark: the ack time right after Slack's routine refresh, and the time until a dropped
connection is replaced, for the SDK's Socket Mode clients and for Drumbeat's (runtime/socket_mode.py).

    .venv/bin/python bench/socket_mode.py                       # default and drumbeat, 3 runs each
    .venv/bin/python bench/socket_mode.py --clients default,tuned,drumbeat --runs 5

Each client runs in its own process: a bare Bolt app with one slash command that acknowledges at once,
connected to slacksim's Socket Mode server in this process. One run:
1. Slack asks the connection to reconnect (`disconnect`, `refresh_requested`; the old connection is closed
   5 s later); once the client's new connection has said hello, a slash command is sent and its ack timed
   (Slack allows 3 s);
2. the connection is dropped (it goes silent: no close, no FIN); the time until a new connection says
   hello is measured, and a slash command must be acknowledged on it.

Clients (`--clients`):
- default: Bolt's SocketModeHandler as the SDK ships it (the built-in client, Bolt's ping_interval=10);
  what Drumbeat used before;
- tuned: the same with ping_interval=2, the only relevant constructor knob;
- websocket-client: the SDK's client on the websocket-client package (only if installed);
- websockets-asyncio: the SDK's asyncio client on `websockets`, through Bolt's adapter for a sync App (it
  needs aiohttp for its AsyncWebClient; only if installed);
- drumbeat: runtime.socket_mode.SocketModeClient.

Prints each client's median (and every run) side by side.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BOT_TOKEN = "xoxb-bench-socket-mode"
APP_TOKEN = "xapp-1-ABENCH-1-0123456789abcdef"
CLIENTS = ("default", "tuned", "websocket-client", "websockets-asyncio", "drumbeat")


def serve(client: str, api_url: str) -> int:
    """The child process: a bare Bolt app over one Socket Mode client, until SIGTERM."""
    from typing import Any

    from slack_bolt import Ack, App
    from slack_sdk import WebClient

    from runtime.signals import stop_on_signals

    app = App(
        client=WebClient(token=BOT_TOKEN, base_url=api_url),
        signing_secret="unused-in-socket-mode",
        request_verification_enabled=False,
        token_verification_enabled=False,
    )

    @app.command("/drumbeat")
    def command(ack: Ack, **_: Any) -> None:
        ack()

    stop = threading.Event()
    stop_on_signals(stop, (signal.SIGTERM,))
    closer: Any
    if client in ("default", "tuned"):
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        options = {"ping_interval": 2} if client == "tuned" else {}
        closer = SocketModeHandler(app, APP_TOKEN, **options)  # type: ignore[arg-type]
        closer.connect()
    elif client == "websocket-client":
        from slack_bolt.adapter.socket_mode.websocket_client import SocketModeHandler as WebsocketClientHandler

        closer = WebsocketClientHandler(app, APP_TOKEN)
        closer.connect()
    elif client == "websockets-asyncio":
        import asyncio

        from slack_bolt.adapter.socket_mode.websockets import SocketModeHandler as AsyncioHandler
        from slack_sdk.web.async_client import AsyncWebClient

        async def run() -> None:
            handler = AsyncioHandler(app, APP_TOKEN, web_client=AsyncWebClient(token=BOT_TOKEN, base_url=api_url))
            await handler.connect_async()
            await asyncio.get_running_loop().run_in_executor(None, stop.wait)
            await handler.close_async()

        asyncio.run(run())
        return 0
    else:
        from runtime.socket_mode import SocketModeClient

        closer = SocketModeClient(app, APP_TOKEN, app.client)
        closer.start()
    stop.wait()
    closer.close()
    return 0


def available(client: str) -> bool:
    import importlib.util

    needs = {"websocket-client": "websocket", "websockets-asyncio": "aiohttp"}.get(client)
    return needs is None or importlib.util.find_spec(needs) is not None


def one_client(client: str, runs: int) -> tuple[list[float | None], list[float | None]]:
    from slacksim import SlackDriver, SlackSim

    acks: list[float | None] = []
    reconnects: list[float | None] = []
    with SlackSim(bot_token=BOT_TOKEN, app_token=APP_TOKEN) as sim:
        sim.add_user("U0BENCH", name="bench")
        sockets = sim.socket_mode
        assert sockets is not None
        driver = SlackDriver(sim)
        child = subprocess.Popen(
            [sys.executable, __file__, "--serve", client, sim.api_url],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            if sockets.wait_for_connection(30) is None:
                raise SystemExit(f"{client}: no connection within 30 s")
            assert driver.command("U0BENCH", "help").status == 200, f"{client}: the first command"
            for run in range(1, runs + 1):
                newest = sockets.latest_id()
                sockets.refresh()
                replacement = sockets.wait_for_connection(60, newer_than=newest, eligible=True)
                reply = driver.command("U0BENCH", "help") if replacement else None
                acks.append(reply.elapsed if reply is not None and reply.status == 200 else None)

                newest = sockets.latest_id()
                dropped_at = time.monotonic()
                sockets.drop()
                replacement = sockets.wait_for_connection(120, newer_than=newest)
                reconnects.append(time.monotonic() - dropped_at if replacement else None)
                after = driver.command("U0BENCH", "help") if replacement else None
                ok = after is not None and after.status == 200
                print(
                    f"  {client} run {run}: ack after refresh {_fmt(acks[-1])}, new connection after drop "
                    f"{_fmt(reconnects[-1])}, then a command {'acknowledged' if ok else 'NOT acknowledged'}",
                    flush=True,
                )
                if not replacement:
                    break
                time.sleep(0.2)  # let the old connections' timers finish before the next run
        finally:
            child.terminate()
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
    return acks, reconnects


def _fmt(value: float | None) -> str:
    return "none" if value is None else f"{value:.3f} s"


def _median(values: list[float | None]) -> str:
    if not values:
        return "-"
    if any(v is None for v in values):
        return "failed"
    return f"{statistics.median(v for v in values if v is not None):.3f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--clients", default="default,drumbeat", help=f"comma-separated, from {', '.join(CLIENTS)}")
    parser.add_argument("--serve", nargs=2, metavar=("CLIENT", "API_URL"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        return serve(*args.serve)
    clients = [c.strip() for c in args.clients.split(",") if c.strip()]
    unknown = [c for c in clients if c not in CLIENTS]
    if unknown:
        parser.error(f"unknown clients {unknown}; choose from {', '.join(CLIENTS)}")
    results: dict[str, tuple[list[float | None], list[float | None]]] = {}
    for client in clients:
        if not available(client):
            print(f"  {client}: not installed, skipped")
            continue
        results[client] = one_client(client, args.runs)
    print(f"\nSocket Mode, median of {args.runs} runs (Slack wants acks within 3 s)")
    print(f"{'client':<18}{'ack after refresh':>20}{'reconnect after drop':>24}")
    for client, (acks, reconnects) in results.items():
        print(f"{client:<18}{_median(acks):>20}{_median(reconnects):>24}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
