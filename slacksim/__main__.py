"""Run the test Slack server on its own: `python -m slacksim --port 8900 --users 100 --latency 0.05`.

Point Drumbeat at it with SLACK_API_URL=http://127.0.0.1:8900/api/ and SLACK_BOT_TOKEN=xoxb-slacksim.
With `--app-token xapp-slacksim` the app is in Socket Mode: set SLACK_APP_TOKEN=xapp-slacksim too.
It prints its URL on the first line of output, then serves until interrupted.
"""

from __future__ import annotations

import argparse
import sys
import threading


def main(argv: list[str] | None = None) -> int:
    from runtime.signals import stop_on_signals
    from slacksim.server import SlackSim

    parser = argparse.ArgumentParser(prog="python -m slacksim", description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default="xoxb-slacksim")
    parser.add_argument("--app-token", default=None, help="an xapp- token: the app uses Socket Mode")
    parser.add_argument("--users", type=int, default=0, help="add this many users U0000001, U0000002, ...")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to every Web API call")
    parser.add_argument("--rate-limit-every", type=int, default=0, help="answer 429 to every Nth chat.postMessage")
    parser.add_argument("--retry-after", type=int, default=1)
    args = parser.parse_args(argv)

    sim = SlackSim(bot_token=args.token, latency=args.latency, app_token=args.app_token)
    for n in range(1, args.users + 1):
        sim.add_user(f"U{n:07d}", name=f"messenger{n}", tz="America/Chicago")
    if args.rate_limit_every:
        sim.inject("chat.postMessage", "rate_limited", every=args.rate_limit_every, retry_after=args.retry_after)
    sim.start(args.port)
    print(sim.url, flush=True)
    stop = threading.Event()
    stop_on_signals(stop)
    stop.wait()
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
