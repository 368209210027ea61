"""Fan-out benchmark: Drumbeat's outbox sender against a plain sequential chat_postMessage loop.

    .venv/bin/python bench/fanout.py                 # 10,000 messengers, 3 runs each
    .venv/bin/python bench/fanout.py --messengers 2000 --repeats 1

The test Slack server runs in its own process (its CPU is not ours) with 50 ms latency per call and a
429 (Retry-After: 1) on every 1,000th chat.postMessage. Each run gets a fresh server and database, and
runs in its own process, so CPU time and peak RSS are that run's alone.

Prints, for both: throughput (messages/s), CPU ms per message, peak RSS, duplicates, lost; then the
medians and Drumbeat's throughput as a multiple of the sequential loop's.
Targets (issue 4): >= 20x throughput, <= 2 ms CPU per message, <= 250 MB peak RSS at 10,000, 0 duplicates,
0 lost. The sequential loop is timed over a sample (default 200 messages: at 50 ms a call, 10,000 would
take over 8 minutes); its per-message figures do not depend on the count.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "xoxb-slacksim"


def start_sim(users: int, latency: float, every: int) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "slacksim",
            "--users",
            str(users),
            "--latency",
            str(latency),
            "--rate-limit-every",
            str(every),
            "--token",
            TOKEN,
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    url = process.stdout.readline().strip()
    return process, url


def sim_stats(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url + "/_sim/stats", timeout=30) as answer:
        stats: dict[str, object] = json.loads(answer.read())
        return stats


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----- the two phases, each run in a fresh process ---------------------------------------------------


def phase_drumbeat(api_url: str, messengers: int, database_url: str | None) -> dict[str, float]:
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from core import calls
    from core.calls import Draft
    from core.matching import Targeting
    from models import Database, Messenger
    from models.vocab import Audience, ChangeType, Frequency, Level, MessengerStatus, Method
    from runtime.deps import Deps
    from runtime.settings import Settings
    from runtime.slack_client import build_client
    from scheduler.delivery import Sender

    workdir = Path(tempfile.mkdtemp(prefix="drumbeat-fanout-"))
    db = Database(database_url or f"sqlite:///{workdir / 'fanout.db'}")
    db.migrate()
    now = datetime.now(UTC)
    rows = [
        {
            "team_id": "T0DRUMBEAT",
            "user_id": f"U{n:07d}",
            "display_name": f"messenger{n}",
            "tz": "UTC",
            "level": Level.PARTICIPATE,
            "methods": Method.OUTREACH,
            "frequency": Frequency.TWICE_WEEKLY,
            "quiet_start": 0,
            "quiet_end": 0,
            "status": MessengerStatus.ACTIVE,
            "status_changed_at": now,
            "onboarded_at": now,
            "created_at": now,
        }
        for n in range(1, messengers + 1)
    ]
    with db.transaction() as session:
        session.execute(insert(Messenger), rows)
        from core import campaigns

        campaign = campaigns.create(
            session,
            "T0DRUMBEAT",
            campaigns.CampaignInput("ID cards", ChangeType.FUNDING, "", "Mayor Lee, Mayor"),
            "U0",
            now,
        )
        draft = Draft(
            campaign.id,
            Method.OUTREACH,
            "Call Mayor Lee about ID cards",
            Audience.PUBLIC,
            ask="Call 555-0100 and ask the Mayor to fund reentry ID cards.",
            targeting=Targeting(),
        )
        call_id = calls.save_draft(session, "T0DRUMBEAT", draft, "U0", now)
        planned = calls.schedule(session, call_id, now, "UTC").planned
    assert planned == messengers, planned
    settings = Settings(
        slack_bot_token=TOKEN, slack_signing_secret="x", slack_api_url=api_url + "/api/", database_url=db.url
    )
    deps = Deps(settings=settings, db=db, client=build_client(settings))
    cpu, wall = time.process_time(), time.perf_counter()
    stats = Sender(deps).run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "messages": stats.sent,
        "seconds": wall,
        "per_second": stats.sent / wall,
        "cpu_ms_per_message": cpu * 1000 / max(stats.sent, 1),
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_sequential(api_url: str, count: int) -> dict[str, float]:
    from datetime import date

    from slack_sdk import WebClient
    from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

    from core.calls import Card
    from models.vocab import Audience, Method
    from views.checkins import call_to_action

    client = WebClient(token=TOKEN, base_url=api_url + "/api/", retry_handlers=[RateLimitErrorRetryHandler(5)])
    card = Card(
        1,
        "ID cards",
        Method.OUTREACH,
        "Call Mayor Lee about ID cards",
        Audience.PUBLIC,
        None,
        "Call 555-0100 and ask the Mayor to fund reentry ID cards.",
        None,
        date(2026, 12, 5),
    )
    cpu, wall = time.process_time(), time.perf_counter()
    for n in range(1, count + 1):
        client.chat_postMessage(channel=f"U{n:07d}", **call_to_action(card, n, "America/Chicago"))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return {
        "messages": count,
        "seconds": wall,
        "per_second": count / wall,
        "cpu_ms_per_message": cpu * 1000 / count,
        "peak_rss_mb": peak_rss_mb(),
    }


# ----- orchestration -----------------------------------------------------------------------------------


def run_phase(args: argparse.Namespace, phase: str) -> dict[str, float]:
    users = args.messengers if phase == "drumbeat" else args.sequential_sample
    sim, url = start_sim(users, args.latency, args.rate_limit_every)
    try:
        command = [
            sys.executable,
            __file__,
            "--phase",
            phase,
            "--api",
            url,
            "--messengers",
            str(args.messengers),
            "--sequential-sample",
            str(args.sequential_sample),
        ]
        if args.database_url:
            command += ["--database-url", args.database_url]
        out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
        result: dict[str, float] = json.loads(out.strip().splitlines()[-1])
        stats = sim_stats(url)
        result["duplicates"] = float(stats["duplicates"])  # type: ignore[arg-type]
        result["lost"] = float(users - int(stats["deliveries_received"]))  # type: ignore[call-overload]
        result["rate_limited"] = float(stats["rate_limited"])  # type: ignore[arg-type]
        result["early_calls"] = float(stats["early_calls"])  # type: ignore[arg-type]
        if stats["early_calls"]:
            print(f"    early calls, seconds of Retry-After left when they arrived: {stats['early_by']}")
        return result
    finally:
        sim.terminate()
        sim.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messengers", type=int, default=10_000)
    parser.add_argument("--sequential-sample", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--rate-limit-every", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--phase", choices=["drumbeat", "sequential"])
    parser.add_argument("--api")
    args = parser.parse_args()

    if args.phase == "drumbeat":
        print(json.dumps(phase_drumbeat(args.api, args.messengers, args.database_url)))
        return 0
    if args.phase == "sequential":
        print(json.dumps(phase_sequential(args.api, args.sequential_sample)))
        return 0

    print(
        f"fan-out: {args.messengers} messengers, {args.latency * 1000:.0f} ms per call, "
        f"429 every {args.rate_limit_every} calls; {args.repeats} runs each; database "
        f"{'SQLite' if not args.database_url else args.database_url.split(':')[0]}"
    )
    runs: dict[str, list[dict[str, float]]] = {"sequential": [], "drumbeat": []}
    for repeat in range(args.repeats):
        for phase in ("sequential", "drumbeat"):
            result = run_phase(args, phase)
            runs[phase].append(result)
            print(
                f"  run {repeat + 1} {phase:10s}: {result['messages']:6.0f} msgs in {result['seconds']:6.1f} s = "
                f"{result['per_second']:7.1f}/s, {result['cpu_ms_per_message']:.2f} ms CPU/msg, "
                f"peak RSS {result['peak_rss_mb']:.0f} MB, {result['duplicates']:.0f} dup, "
                f"{result['lost']:.0f} lost, {result['rate_limited']:.0f} x 429, "
                f"{result['early_calls']:.0f} early",
                flush=True,
            )
    med = {phase: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for phase, rs in runs.items()}
    ratio = med["drumbeat"]["per_second"] / med["sequential"]["per_second"]
    print("\nmedians               throughput   CPU/msg   peak RSS   duplicates  lost")
    for phase in ("sequential", "drumbeat"):
        m = med[phase]
        print(
            f"  {phase:18s} {m['per_second']:8.1f}/s  {m['cpu_ms_per_message']:6.2f} ms  {m['peak_rss_mb']:6.0f} MB"
            f"   {m['duplicates']:8.0f}  {m['lost']:5.0f}"
        )
    print(f"\nthroughput ratio drumbeat/sequential: {ratio:.1f}x (target >= 20x)")
    checks = {
        "throughput >= 20x sequential": ratio >= 20,
        "CPU <= 2 ms/message": med["drumbeat"]["cpu_ms_per_message"] <= 2.0,
        "peak RSS <= 250 MB": med["drumbeat"]["peak_rss_mb"] <= 250,
        "0 duplicates": max(r["duplicates"] for r in runs["drumbeat"]) == 0,
        "0 lost": max(r["lost"] for r in runs["drumbeat"]) == 0,
        "nothing sent before Retry-After passed": max(r["early_calls"] for r in runs["drumbeat"]) == 0,
    }
    for name, ok in checks.items():
        print(f"  {'PASS' if ok else 'MISS'}  {name}")
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
