"""Matching benchmark: `core.matching.match` over 100,000 messengers on SQLite.

    .venv/bin/python bench/match.py                  # 100,000 messengers, 7 timed runs per case
    .venv/bin/python bench/match.py --messengers 20000 --runs 3

The data is varied like a real roster: four levels, mixed methods, skills and community connections,
several time zones, ten districts (most people said theirs), some people who picked decision makers
they know, some paused and opted out, and 30,000 recent asks that count toward ask limits. Each case is
timed (wall clock, median of the runs after one warm-up):

- everyone:     the worst case, no targeting and no role fit (every messenger is read and checked);
- role:         an ask as `/drumbeat new` makes it by default: the tactic's method, its effort;
- targeted:     two levels and two methods, at most 500 people;
- constituents: role fit, constituents of one district only;
- connected:    role fit, only people who picked the targeted decision maker;
- community:    role fit, two community connections;
- spread:       role fit, spread over 5 working days.

For comparison in the same run, a baseline does the obvious thing with the ORM: load every Messenger
object and filter in Python, with the same ask-limit data. Target (issues 4 and 12): median <= 200 ms.
Before role fit (stop 7, the same machine): everyone 167 ms, targeted 79 ms, spread 188 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, select  # noqa: E402

from core.matching import Targeting, When, match  # noqa: E402
from models import Acquaintance, Call, Campaign, Database, Delivery, District, Messenger  # noqa: E402
from models.vocab import (  # noqa: E402
    Audience,
    CallStatus,
    ChangeType,
    Connection,
    DeliveryState,
    Effort,
    Frequency,
    Level,
    MessengerStatus,
    Method,
    ScheduleKind,
    Skill,
    levels_for,
)

TEAM = "T0DRUMBEAT"
DISTRICTS = 10
NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
ZONES = ["America/Chicago", "America/New_York", "America/Los_Angeles", "America/Denver", "UTC"]


def populate(db: Database, messengers: int, asks: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    rows = []
    for n in range(messengers):
        status = rng.choices([MessengerStatus.ACTIVE, MessengerStatus.PAUSED, MessengerStatus.OPTED_OUT], [90, 6, 4])[0]
        rows.append(
            {
                "team_id": TEAM,
                "user_id": f"U{n:08d}",
                "display_name": f"messenger{n}",
                "tz": rng.choice(ZONES),
                "level": rng.choice(list(Level)),
                "methods": Method(rng.randint(1, 31)),
                "skills": Skill(rng.randint(0, 16383)),
                "connections": Connection(rng.randint(0, 63)),
                "district_id": rng.randint(1, DISTRICTS) if rng.random() < 0.7 else None,
                "frequency": rng.choice(list(Frequency)),
                "quiet_start": 20 * 60,
                "quiet_end": 9 * 60,
                "status": status,
                "paused_until": NOW + timedelta(days=10) if status == MessengerStatus.PAUSED else None,
                "status_changed_at": NOW,
                "onboarded_at": NOW,
                "last_asked_at": NOW - timedelta(days=rng.randint(1, 60)) if rng.random() < 0.7 else None,
                "created_at": NOW,
            }
        )
    with db.transaction() as session:
        session.execute(
            insert(District), [{"team_id": TEAM, "name": f"Ward {n}", "created_at": NOW} for n in range(1, 11)]
        )
        session.execute(insert(Messenger), rows)
        picks = [
            {"messenger_id": n, "key": f"decision maker {k}"}
            for n in range(1, messengers + 1)
            if rng.random() < 0.2
            for k in rng.sample(range(20), rng.randint(1, 2))
        ]
        session.execute(insert(Acquaintance), picks)
        campaign = Campaign(
            team_id=TEAM,
            name="ID cards",
            change_type=ChangeType.FUNDING,
            created_by="U0",
            created_at=NOW,
            status_changed_at=NOW,
        )
        session.add(campaign)
        session.flush()
        past = Call(
            team_id=TEAM,
            campaign_id=campaign.id,
            tactic=Method.OUTREACH,
            objective="Earlier",
            audience=Audience.PUBLIC,
            schedule_kind=ScheduleKind.AT,
            send_at=NOW,
            status=CallStatus.DONE,
            created_by="U0",
            created_at=NOW,
        )
        session.add(past)
        session.flush()
        ids = rng.sample(range(1, messengers + 1), min(asks, messengers))
        session.execute(
            insert(Delivery),
            [
                {
                    "call_id": past.id,
                    "messenger_id": i,
                    "due_at": NOW - timedelta(days=rng.randint(0, 20)),
                    "state": DeliveryState.SENT,
                    "attempts": 1,
                    "needs_check": False,
                }
                for i in ids
            ],
        )


def baseline(db: Database, targeting: Targeting) -> int:
    """The obvious ORM version: every Messenger object, filtered in Python."""
    from core.matching import _at_limit, _recent_asks
    from models.vocab import FREQUENCY_LIMITS

    with db.transaction() as session:
        everyone = session.scalars(select(Messenger).where(Messenger.team_id == TEAM)).all()
        knows = set(session.scalars(select(Acquaintance.messenger_id).where(Acquaintance.key == targeting.knows)))
        levels = levels_for(targeting.effort) if targeting.effort else set(Level)
        fit = [
            m
            for m in everyone
            if m.status == MessengerStatus.ACTIVE
            and (not targeting.levels or m.level in targeting.levels)
            and (not targeting.methods or m.methods & targeting.methods)
            and m.level in levels
            and (targeting.district_id is None or m.district_id == targeting.district_id)
            and (not targeting.communities or m.connections & targeting.communities)
            and (targeting.knows is None or m.id in knows)
        ]
        asks = _recent_asks(session, NOW, timedelta(days=2), None)
        limits = {f: (n, days * 86400.0) for f, (n, days) in FREQUENCY_LIMITS.items()}
        chosen = [m for m in fit if not _at_limit(asks.get(m.id, []), NOW.timestamp(), *limits[m.frequency])]
        chosen.sort(key=lambda m: (m.last_asked_at is not None, m.last_asked_at or NOW, m.id))
        if targeting.limit:
            chosen = chosen[: targeting.limit]
        return len(chosen)


def timed(fn, runs: int) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    fn()  # warm-up
    times, result = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messengers", type=int, default=100_000)
    parser.add_argument("--asks", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="drumbeat-match-"))
    db = Database(args.database_url or f"sqlite:///{workdir / 'match.db'}")
    db.migrate()
    started = time.perf_counter()
    populate(db, args.messengers, args.asks)
    print(
        f"matching: {args.messengers:,} messengers, {args.asks:,} recent asks, {db.backend} "
        f"(set up in {time.perf_counter() - started:.1f} s); median of {args.runs} runs\n"
    )

    now_when = When(ScheduleKind.NOW, NOW, coalition_tz="America/Chicago")
    spread = When(ScheduleKind.NOW, NOW, spread_days=5, coalition_tz="America/Chicago")
    targeted = Targeting(
        levels=frozenset({Level.OCCASIONAL, Level.PARTICIPATE}), methods=Method.OUTREACH | Method.SOCIAL, limit=500
    )
    role = Targeting(methods=Method.OUTREACH, effort=Effort.QUICK)
    constituents = Targeting(methods=Method.OUTREACH, effort=Effort.QUICK, district_id=3)
    connected = Targeting(methods=Method.OUTREACH, effort=Effort.QUICK, knows="decision maker 7")
    community = Targeting(
        methods=Method.SOCIAL, effort=Effort.TAKE_PART, communities=Connection.FAITH | Connection.SCHOOLS
    )

    def run(targeting: Targeting, when: When):  # type: ignore[no-untyped-def]
        def go() -> int:
            with db.transaction() as session:
                return len(match(session, TEAM, targeting, when, NOW))

        return go

    cases = [
        ("everyone", run(Targeting(), now_when), lambda: baseline(db, Targeting())),
        ("role", run(role, now_when), lambda: baseline(db, role)),
        ("targeted", run(targeted, now_when), lambda: baseline(db, targeted)),
        ("constituents", run(constituents, now_when), lambda: baseline(db, constituents)),
        ("connected", run(connected, now_when), lambda: baseline(db, connected)),
        ("community", run(community, now_when), lambda: baseline(db, community)),
        ("spread", run(role, spread), None),
    ]
    worst = 0.0
    print("case          drumbeat (ms)   matched   baseline ORM (ms)   ratio")
    for name, ours, theirs in cases:
        ms, matched = timed(ours, args.runs)
        worst = max(worst, ms)
        if theirs is not None:
            base_ms, _ = timed(theirs, max(3, args.runs // 2))
            print(f"{name:12s} {ms:12.1f}   {matched:8,d}   {base_ms:17.1f}   {base_ms / ms:5.1f}x faster")
        else:
            print(f"{name:12s} {ms:12.1f}   {matched:8,d}")
    ok = worst <= 200
    print(f"\n{'PASS' if ok else 'MISS'}  slowest median {worst:.1f} ms (target <= 200 ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
