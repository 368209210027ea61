"""One scheduler per database: the second process waits; it takes over when the first lets go."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.db import Database
from scheduler.lock import SchedulerLock
from tests.conftest import PG_URL, make_database_url


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


@pytest.mark.postgres_only
def test_two_schemas_of_one_postgres_database_each_have_their_scheduler(tmp_path: Path) -> None:
    """Advisory locks belong to the whole database: the key includes the schema, so two installs (or two
    test runs side by side) in one database do not take each other's scheduler."""
    if PG_URL is None:
        pytest.skip("PostgreSQL only (set TEST_DATABASE_URL)")
    (one_url, drop_one), (two_url, drop_two) = (make_database_url("postgresql", tmp_path) for _ in range(2))
    one, two, one_again = Database(one_url), Database(two_url), Database(one_url)
    locks = [SchedulerLock(one), SchedulerLock(two), SchedulerLock(one_again)]
    try:
        for database in (one, two):
            database.migrate()
        assert locks[0].try_acquire()
        assert locks[1].try_acquire(), "another schema: its own scheduler"
        assert not locks[2].try_acquire(), "the same schema: one scheduler"
    finally:
        for lock in locks:
            lock.release()
        for database in (one, two, one_again):
            database.dispose()
        drop_one()
        drop_two()
