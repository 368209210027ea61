"""The drumbeat plan's benchmark: drafting a week, and a year of coverage, on SQLite.

    .venv/bin/python bench/plan.py                        # 10,000 messengers, 50 plan rows, 7 runs
    .venv/bin/python bench/plan.py --messengers 2000 --runs 3

The data: 10,000 messengers (four levels, mixed methods, every ask frequency, five zones, quiet hours,
ten districts, some paused), three campaigns with 30 decision makers, 50 plan rows (tactic x audience),
and a year of history: a call to action a day to 7% of the roster: 255,500 asks, 115,000 answers.

Timed (wall clock, median of the runs after one warm-up), each beside a naive version in the same run:

- draft:    `core.plan.draft_week`: next week for all 50 rows, drafts saved (then rolled back);
            naive: per row, the ORM's Messenger objects that fit, then per person, queries for their
            asks in the limit window and their year of answers, until the row's target is met.
- coverage: `core.coverage.coverage` over 52 weeks for every campaign;
            naive: one count query per audience and week.

Targets (issue 14): draft <= 2 s, coverage <= 500 ms (medians, SQLite).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from core import coverage, plan  # noqa: E402
from core.timing import zone  # noqa: E402
from models import Call, Campaign, CheckIn, Database, DecisionMaker, Delivery, District, Messenger, PlanRow  # noqa: E402
from models.vocab import (  # noqa: E402
    FREQUENCY_LIMITS,
    Audience,
    CallStatus,
    ChangeType,
    CheckInSource,
    DeliveryState,
    Effort,
    Frequency,
    Level,
    MessengerStatus,
    Method,
    Outcome,
    ScheduleKind,
    levels_for,
)

TEAM = "T0DRUMBEAT"
TZ = "America/Chicago"
NOW = datetime(2026, 12, 3, 16, 0, tzinfo=UTC)  # Thursday, 10:00 in Chicago: the autopilot's moment
ZONES = ["America/Chicago", "America/New_York", "America/Los_Angeles", "America/Denver", "UTC"]


def populate(db: Database, messengers: int, rows: int, seed: int = 14) -> tuple[int, int]:
    """Returns (asks, answers) made."""
    rng = random.Random(seed)
    with db.transaction() as session:
        session.execute(
            insert(District), [{"team_id": TEAM, "name": f"Ward {n}", "created_at": NOW} for n in range(1, 11)]
        )
        people = []
        for n in range(messengers):
            status = rng.choices([MessengerStatus.ACTIVE, MessengerStatus.PAUSED], [94, 6])[0]
            people.append(
                {
                    "team_id": TEAM,
                    "user_id": f"U{n:08d}",
                    "tz": rng.choice(ZONES),
                    "level": rng.choice(list(Level)),
                    "methods": Method(rng.randint(1, 31)),
                    "district_id": rng.randint(1, 10) if rng.random() < 0.7 else None,
                    "frequency": rng.choice(list(Frequency)),
                    "quiet_start": rng.choice([20 * 60, 21 * 60, 22 * 60]),
                    "quiet_end": rng.choice([7 * 60, 8 * 60, 9 * 60, 11 * 60]),
                    "status": status,
                    "paused_until": NOW + timedelta(days=30) if status == MessengerStatus.PAUSED else None,
                    "status_changed_at": NOW,
                    "onboarded_at": NOW - timedelta(days=400),
                    "created_at": NOW - timedelta(days=400),
                }
            )
        session.execute(insert(Messenger), people)
        campaigns = []
        for c in range(3):
            campaign = Campaign(
                team_id=TEAM,
                name=f"Campaign {c}",
                change_type=ChangeType.POLICY,
                created_by="U0ORGANIZER",
                created_at=NOW - timedelta(days=400),
                status_changed_at=NOW,
            )
            campaign.decision_makers = [
                DecisionMaker(name=f"Member {c}-{k}", key=f"member {c}-{k}", district_id=rng.randint(1, 10))
                for k in range(10)
            ]
            session.add(campaign)
            campaigns.append(campaign)
        session.flush()
        audiences = [(Audience.PUBLIC, None), (Audience.PRESS, None), (Audience.COALITION, None)]
        for r in range(rows):
            campaign = campaigns[r % 3]
            audience, maker = (Audience.DECISION_MAKER, campaign.decision_makers[r % 10]) if r % 5 else audiences[r % 3]
            session.add(
                PlanRow(
                    team_id=TEAM,
                    campaign_id=campaign.id,
                    tactic=list(Method)[r % 5],
                    audience=audience,
                    decision_maker_id=maker.id if maker else None,
                    objective=f"Row {r}",
                    effort=[Effort.QUICK, Effort.QUICK, Effort.TAKE_PART, Effort.ORGANIZE][r % 4],
                    per_week=rng.randint(2, 6),
                    constituents_first=True,
                    starts_on=date(2026, 1, 5),
                    weeks=104,
                    asks=[{"ask": "Call them", "links": "https://example.org"}],
                    created_by="U0ORGANIZER",
                    created_at=NOW - timedelta(days=340),
                )
            )
        session.flush()
        # A year of history: a call a day, each to 700 people (7%), 30% of whom answer Done.
        asks = answers = 0
        for day in range(1, 366):
            at = NOW - timedelta(days=day)
            campaign = campaigns[day % 3]
            maker = campaign.decision_makers[day % 10]
            call = Call(
                team_id=TEAM,
                campaign_id=campaign.id,
                tactic=list(Method)[day % 5],
                objective=f"Past {day}",
                audience=Audience.DECISION_MAKER if day % 2 else Audience.PUBLIC,
                decision_maker_id=maker.id if day % 2 else None,
                schedule_kind=ScheduleKind.AT,
                send_at=at,
                status=CallStatus.DONE,
                created_by="U0ORGANIZER",
                created_at=at,
            )
            session.add(call)
            session.flush()
            chosen = rng.sample(range(1, messengers + 1), min(700 * messengers // 10_000, messengers))
            first = (session.scalar(select(func.max(Delivery.id))) or 0) + 1
            session.execute(
                insert(Delivery),
                [
                    {
                        "call_id": call.id,
                        "messenger_id": m,
                        "due_at": at,
                        "sent_at": at,
                        "state": DeliveryState.SENT,
                        "attempts": 1,
                        "needs_check": False,
                    }
                    for m in chosen
                ],
            )
            said = []
            for offset, m in enumerate(chosen):
                roll = rng.random()
                if roll < 0.45:
                    outcome = Outcome.DONE if roll < 0.3 else (Outcome.CANT if roll < 0.4 else Outcome.WILL_DO)
                    said.append(
                        {
                            "delivery_id": first + offset,
                            "messenger_id": m,
                            "outcome": outcome,
                            "source": CheckInSource.BUTTON,
                            "created_at": at + timedelta(hours=rng.randint(1, 48)),
                        }
                    )
            session.execute(insert(CheckIn), said)
            asks += len(chosen)
            answers += len(said)
    return asks, answers


# ----- the naive versions ----------------------------------------------------------------------------------


def naive_draft(db: Database) -> int:
    """The obvious ORM version, person by person."""
    week = plan.working_days(plan.next_monday(NOW, TZ))
    since_year = NOW - timedelta(days=365)
    drafted = 0
    with db.sessions() as session:
        rows = plan.active_rows(session, TEAM, week[0])
        taken: dict[int, set[date]] = {}
        for row in rows:
            levels = levels_for(row.effort)
            fitting = [
                m
                for m in session.scalars(
                    select(Messenger)
                    .where(Messenger.team_id == TEAM, Messenger.status == MessengerStatus.ACTIVE)
                    .order_by(Messenger.last_asked_at, Messenger.id)
                )
                if m.methods & row.tactic and m.level in levels
            ]
            expected = 0.0
            for m in fitting:
                if expected >= row.per_week:
                    break
                allowed, window = FREQUENCY_LIMITS[m.frequency]
                recent = session.scalar(
                    select(func.count()).where(
                        Delivery.messenger_id == m.id,
                        Delivery.due_at >= NOW - timedelta(days=window),
                    )
                )
                if (recent or 0) + len(taken.get(m.id, ())) >= allowed:
                    continue
                sent = session.scalar(
                    select(func.count()).where(Delivery.messenger_id == m.id, Delivery.sent_at >= since_year)
                )
                done = session.scalar(
                    select(func.count()).where(
                        CheckIn.messenger_id == m.id, CheckIn.outcome == Outcome.DONE, CheckIn.created_at >= since_year
                    )
                )
                day = next((d for d in week if d not in taken.get(m.id, set())), None)
                if day is None:
                    continue
                taken.setdefault(m.id, set()).add(day)
                expected += ((done or 0) + 0.9) / ((sent or 0) + 3)
                drafted += 1
        session.rollback()
    return drafted


def naive_coverage(db: Database, weeks: list[date]) -> int:
    total = 0
    with db.reading() as session:
        keys = session.execute(select(Call.campaign_id, Call.audience, Call.decision_maker_id).distinct()).all()
        for campaign_id, audience, maker in keys:
            for week in weeks:
                start = datetime(week.year, week.month, week.day, 6, tzinfo=UTC)
                total += int(
                    session.scalar(
                        select(func.count())
                        .select_from(CheckIn)
                        .join(Delivery, Delivery.id == CheckIn.delivery_id)
                        .join(Call, Call.id == Delivery.call_id)
                        .where(
                            Call.campaign_id == campaign_id,
                            Call.audience == audience,
                            Call.decision_maker_id == maker if maker else Call.decision_maker_id.is_(None),
                            CheckIn.outcome == Outcome.DONE,
                            CheckIn.created_at >= start,
                            CheckIn.created_at < start + timedelta(days=7),
                        )
                    )
                    or 0
                )
    return total


# ----- timing ------------------------------------------------------------------------------------------------


def timed(fn: Callable[[], int], runs: int) -> tuple[float, int]:
    fn()  # warm-up
    times, result = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messengers", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="drumbeat-plan-"))
    db = Database(args.database_url or f"sqlite:///{workdir / 'plan.db'}")
    db.migrate()
    started = time.perf_counter()
    asks, answers = populate(db, args.messengers, args.rows)
    print(
        f"drumbeat plan: {args.messengers:,} messengers, {args.rows} plan rows, a year of history "
        f"({asks:,} asks, {answers:,} answers), {db.backend} (set up in {time.perf_counter() - started:.1f} s); "
        f"median of {args.runs} runs\n"
    )
    week_start = plan.next_monday(NOW, TZ)
    today = NOW.astimezone(zone(TZ)).date()
    weeks = coverage.weeks_between(today - timedelta(weeks=51), today)

    def draft() -> int:
        with db.sessions() as session:
            planned_week = plan.draft_week(session, TEAM, week_start, NOW, TZ)
            assert planned_week is not None
            made = sum(int(r["asks"]) for r in planned_week.summary["rows"])
            session.rollback()
        return made

    def cover() -> int:
        with db.reading() as session:
            return sum(line.contacts for line in coverage.coverage(session, TEAM, weeks, TZ))

    print("case        drumbeat (ms)   result    naive (ms)   ratio")
    results = {}
    for name, ours, theirs, target in (
        ("draft", draft, lambda: naive_draft(db), 2000.0),
        ("coverage", cover, lambda: naive_coverage(db, weeks), 500.0),
    ):
        ms, result = timed(ours, args.runs)
        base_ms, _ = timed(theirs, max(3, args.runs // 2))
        results[name] = (ms, target)
        print(f"{name:10s} {ms:13.1f}   {result:7,d}   {base_ms:10.1f}   {base_ms / ms:5.1f}x faster")
    ok = all(ms <= target for ms, target in results.values())
    summary = ", ".join(f"{name} {ms:.0f} ms (target <= {target:.0f})" for name, (ms, target) in results.items())
    print(f"\n{'PASS' if ok else 'MISS'}  {summary}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
