"""One engine and one sessionmaker per database; callers open one short transaction per event or job."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
# "Drum": serializes concurrent start-ups on PostgreSQL, per schema (advisory locks span the database)
_MIGRATION_LOCK = 0x44_72_75_6D


def normalize_url(url: str) -> str:
    """Accept the usual `postgresql://` and `postgres://` spellings and use psycopg 3 for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Database:
    """The engine, its sessions, health and migrations for one DATABASE_URL."""

    def __init__(self, url: str, *, pool_size: int = 10, compiled_sql: MutableMapping[Any, Any] | None = None) -> None:
        """`compiled_sql`: where compiled statements are kept instead of the engine's own cache (the tests
        share one among the hundreds of engines they make; compiling is a fifth of a quick test's time)."""
        self.url = normalize_url(url)
        backend = make_url(self.url).get_backend_name()
        self.is_sqlite = backend == "sqlite"
        # hide_parameters: a database error's message would otherwise quote the bound values (a note's words).
        kwargs: dict[str, Any] = {"future": True, "hide_parameters": True}
        if self.is_sqlite:
            kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        else:
            # pre-ping: after a database restart, a dead pooled connection is replaced, not handed out
            kwargs.update(pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size * 2, pool_recycle=1800)
            kwargs["connect_args"] = {"connect_timeout": 5}
        if compiled_sql is not None:
            kwargs["execution_options"] = {"compiled_cache": compiled_sql}
        self.engine: Engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin_immediate)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time, and its busy handler waits by sleeping in growing steps (up
        # to 100 ms) however soon the lock frees. Drumbeat on SQLite is one process, so its threads
        # take turns on a lock instead: the next one goes the moment the last one commits.
        self._turn: threading.Lock | None = threading.Lock() if self.is_sqlite else None

    @property
    def backend(self) -> str:
        return "sqlite" if self.is_sqlite else "postgresql"

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One short unit of work: commits on success, rolls back on any error."""
        with self._taking_turns(), self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work. On SQLite it neither waits for nor blocks writers (WAL readers run
        beside the one writer); writing in it is a mistake that SQLite will refuse."""
        # Closing ends the transaction (the pool rolls the connection back) without expiring what was read:
        # objects a read returns stay usable after it, detached.
        with self.sessions() as session:
            session.connection(execution_options={"drumbeat_read_only": True})
            yield session

    @contextmanager
    def _taking_turns(self) -> Iterator[None]:
        if self._turn is None:
            yield
            return
        with self._turn:
            yield

    def ping(self) -> bool:
        """True when the database answers a trivial query now."""
        try:  # a read: on SQLite it neither waits for nor blocks the writer
            with self.engine.connect().execution_options(drumbeat_read_only=True) as conn:
                conn.execute(text("SELECT 1"))
            return True
        except SQLAlchemyError:
            return False

    def migrate(self) -> None:
        """Bring the schema to the newest migration (an empty database just works)."""
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        config = _alembic_config()
        with self.engine.connect() as conn:
            if self.is_sqlite:
                # SQLite rebuilds a table to change it (alembic's batch mode): dropping the old copy with foreign
                # keys on would delete, by cascade, the rows that refer to it. Off for the migration (it can only
                # be set outside a transaction), checked after it, and on again for every other connection.
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")  # type: ignore[union-attr]
            try:
                with conn.begin():
                    if not self.is_sqlite:
                        conn.execute(
                            text("SELECT pg_advisory_xact_lock(:k, hashtext(current_schema()))"),
                            {"k": _MIGRATION_LOCK},
                        )
                    if MigrationContext.configure(conn).get_current_revision() == _newest_migration():
                        return  # current: nothing to read or run (every test's database, most restarts)
                    config.attributes["connection"] = conn
                    command.upgrade(config, "head")
                    if self.is_sqlite and conn.exec_driver_sql("PRAGMA foreign_key_check").first() is not None:
                        raise RuntimeError("a migration left rows whose foreign keys point nowhere")
            finally:
                if self.is_sqlite:
                    conn.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")  # type: ignore[union-attr]

    def dispose(self) -> None:
        self.engine.dispose()


def _alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@functools.cache
def _newest_migration() -> str | None:
    """The head revision, read from migrations/ once per process (reading the scripts costs more than
    checking a database)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, decide when transactions begin (see _sqlite_begin_immediate).
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # Take the write lock at the start: concurrent writers then queue instead of failing mid-transaction
    # with "database is locked" when a read lock cannot be upgraded. Read-only work just begins.
    read_only = conn.get_execution_options().get("drumbeat_read_only", False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
