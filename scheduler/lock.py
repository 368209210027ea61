"""Exactly one scheduler per database: whoever holds the lock runs jobs; the others only serve Slack.

PostgreSQL: a session advisory lock held on a dedicated connection (it vanishes with the process, so
another takes over), keyed by Drumbeat's number and the schema Drumbeat's tables live in: advisory locks
belong to the whole database, and two installs in two schemas of one database each have their own
scheduler. SQLite: an exclusive lock on a file beside the database (one process).
"""

from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path
from typing import IO, Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import SQLAlchemyError

from models.db import Database

log = logging.getLogger(__name__)
LOCK_KEY = 0x44_42_53_43  # "DBSC": Drumbeat scheduler
# the second half of the key: this schema (the first in the search path, where the tables are)
SCHEMA_KEY = "hashtext(current_schema())"


class SchedulerLock:
    def __init__(self, db: Database) -> None:
        self.db = db
        self._conn: Connection | None = None
        self._file: IO[Any] | None = None

    def try_acquire(self) -> bool:
        if self.held():
            return True
        if self.db.is_sqlite:
            return self._acquire_file()
        try:
            conn = self.db.engine.connect()
            got = bool(conn.execute(text(f"SELECT pg_try_advisory_lock(:k, {SCHEMA_KEY})"), {"k": LOCK_KEY}).scalar())
            conn.commit()
        except SQLAlchemyError:
            log.warning("scheduler lock: database unreachable; will retry")
            return False
        if got:
            self._conn = conn
        else:
            conn.close()
        return got

    def _acquire_file(self) -> bool:
        database = make_url(self.db.url).database
        if not database or database == ":memory:":
            return True
        path = Path(database).with_suffix(Path(database).suffix + ".scheduler.lock")
        handle = path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle
        return True

    def held(self) -> bool:
        """Still ours? On PostgreSQL, checks the lock's connection is alive."""
        if self._file is not None:
            return True
        if self._conn is None:
            return False
        try:
            self._conn.execute(text("SELECT 1"))
            self._conn.commit()
            return True
        except SQLAlchemyError:
            log.warning("scheduler lock: lost the database connection that held the lock")
            self._drop()
            return False

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.invalidate()
                self._conn.close()
            except SQLAlchemyError:
                pass
            self._conn = None

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        if self._conn is not None:
            try:
                self._conn.execute(text(f"SELECT pg_advisory_unlock(:k, {SCHEMA_KEY})"), {"k": LOCK_KEY})
                self._conn.commit()
                self._conn.close()
            except SQLAlchemyError:
                self._drop()
            self._conn = None
