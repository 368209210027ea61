"""One scheduler per database: the second process waits; it takes over when the first lets go."""

from __future__ import annotations

from models.db import Database
from scheduler.lock import SchedulerLock


def test_only_one_holder_at_a_time(db: Database) -> None:
    other = Database(db.url)  # a second process's engine
    first, second = SchedulerLock(db), SchedulerLock(other)
    try:
        assert first.try_acquire()
        assert first.held()
        assert not second.try_acquire()
        first.release()
        assert second.try_acquire()
        assert not first.try_acquire()
    finally:
        first.release()
        second.release()
        other.dispose()
