"""`python -m playground [--port 3000] [--demo] [--data DIR]`: a small Slack in a web page, with the real bot."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m playground",
        description="Try Drumbeat in a web page, against a practice Slack workspace on this computer.",
    )
    parser.add_argument("--port", type=int, default=3000, help="the page's port (default 3000)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="the page's address (default 127.0.0.1: this computer only)"
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="start with a sample coalition: 40 messengers, two campaigns, weeks of history",
    )
    parser.add_argument(
        "--data", type=Path, help="keep the playground's database in this folder (default: a new one each time)"
    )
    args = parser.parse_args(argv)

    from playground.server import Playground, PlaygroundError
    from runtime.signals import stop_on_signals

    started = time.monotonic()
    temporary = args.data is None
    data = Path(tempfile.mkdtemp(prefix="drumbeat-playground-")) if temporary else args.data.resolve()
    playground = Playground(data, port=args.port, host=args.host, demo=args.demo)
    stopping = threading.Event()
    stop_on_signals(stopping)
    try:
        playground.start()
    except OSError as error:
        print(
            f"playground: cannot serve the page on port {args.port} ({error.strerror}); try --port 3001",
            file=sys.stderr,
        )
        playground.stop()
        return 1
    except PlaygroundError as error:
        print(f"playground: {error}", file=sys.stderr)
        playground.stop()
        return 1
    print(f"Drumbeat playground: {playground.url}  (ready in {time.monotonic() - started:.1f} s)", flush=True)
    print(
        "A practice Slack on this computer; nothing reaches a real workspace. To connect a real workspace "
        "instead, copy .env.example to .env and follow the README.",
        flush=True,
    )
    kept = "deleted when the playground stops; --data DIR keeps it" if temporary else "kept in the data folder"
    print(f"Drumbeat's log: {data / 'bot.log'} ({kept})", flush=True)
    stopping.wait()
    code = playground.stop()
    if temporary:
        shutil.rmtree(data, ignore_errors=True)
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
