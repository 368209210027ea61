"""`--demo`: a realistic coalition written through Drumbeat's own core functions, the same every time."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from core import accountability, campaigns, reports
from models import CheckIn, Database, Delivery, Messenger
from models.vocab import DeliveryState, Level, MessengerStatus
from playground.seed import TEAM, demo_people, seed_demo
from tests import when

NOW = when.START


def _snapshot(db: Database) -> list[tuple[object, ...]]:
    with db.reading() as s:
        people = s.execute(
            select(Messenger.user_id, Messenger.level, Messenger.methods, Messenger.skills, Messenger.tz)
        ).all()
        asks = s.execute(select(Delivery.call_id, Delivery.messenger_id, Delivery.due_at, Delivery.state)).all()
        answers = s.execute(select(CheckIn.delivery_id, CheckIn.outcome, CheckIn.barrier, CheckIn.created_at)).all()
    return sorted(map(tuple, people)) + sorted(map(tuple, asks)) + sorted(map(tuple, answers), key=str)


def test_the_demo_coalition_has_something_to_show(db: Database) -> None:
    people = seed_demo(db, NOW)
    assert len(people) == 40
    with db.reading() as s:
        levels = set(s.scalars(select(Messenger.level)))
        assert levels == set(Level), "every level is there"
        statuses = list(s.scalars(select(Messenger.status)))
        assert statuses.count(MessengerStatus.PAUSED) == 2
        assert statuses.count(MessengerStatus.OPTED_OUT) == 1
        assert len({m.tz for m in s.scalars(select(Messenger))}) > 1
        found = campaigns.all_of(s, TEAM)
        assert [c.name for c in found] == ["Reentry ID cards", "Fair chance hiring in county jobs"]
        assert all(c.decision_makers for c in found)
        report = reports.report(s, TEAM, tz="America/Chicago")
        assert report.total.sent > 50
        assert report.total.done > 20
        assert report.total.cant > 5
        assert len(report.weekly_done) >= 4, "a few weeks of history for the chart"
        upcoming = reports.upcoming(s, TEAM)
        assert len(upcoming) == 1
        assert 10 <= upcoming[0].pending <= 15, "the outreach drumbeat reaches those who fit, at most 15"
        assert upcoming[0].next_due > NOW
        ledger = accountability.ledger(s, found[0].id)
        assert ledger is not None
        assert ledger.commitment
        assert len(ledger.checks) == 3
        pending = s.scalar(select(func.count()).where(Delivery.state == DeliveryState.PENDING))
        assert pending == upcoming[0].pending, "only the upcoming drumbeat is left to send"


def test_seeding_is_deterministic(tmp_path: Path) -> None:
    snapshots = []
    for name in ("one", "two"):
        db = Database(f"sqlite:///{tmp_path / name}.db")
        db.migrate()
        seed_demo(db, NOW)
        snapshots.append(_snapshot(db))
        db.dispose()
    assert snapshots[0] == snapshots[1]
    assert demo_people() == demo_people()
