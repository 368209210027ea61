"""Fixtures: a fresh migrated database per test (SQLite always, PostgreSQL when TEST_DATABASE_URL is
set), the test Slack server, and the real Bolt app behind the real HTTP server."""

from __future__ import annotations

import os
import shutil
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import handlers
from models.db import Database, normalize_url
from runtime import channels
from runtime import deps as runtime_deps
from runtime.app import build_app
from runtime.deps import Deps
from runtime.settings import Settings
from runtime.slack_client import build_client
from runtime.web import HttpServer, wsgi_app
from slacksim import Person, SlackDriver, SlackSim, view_text
from tests import when
from tests.compiled_sql import COMPILED_SQL
from tests.replies import Desk, deciding_deps

PG_URL = os.environ.get("TEST_DATABASE_URL") or None
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
SIGNING_SECRET = "test-signing-secret-0123456789"
BOT_TOKEN = "xoxb-test-0000-drumbeat"

_ran: dict[str, int] = {}
_property_cases: Counter[str] = Counter()  # what tests/test_properties.py tried, printed at the end


def pytest_report_header() -> list[str]:
    lines = [
        f"database backends: {', '.join(BACKENDS)}" + ("" if PG_URL else " (set TEST_DATABASE_URL for PostgreSQL)")
    ]
    if when.DAYS_AHEAD:
        lines.append(f"the wall clock runs {when.DAYS_AHEAD} days ahead: it says {when.REAL_NOW:%Y-%m-%d %H:%M} UTC")
    return lines


@pytest.fixture
def property_cases(request: pytest.FixtureRequest) -> Iterator[Counter[str]]:
    """Count the cases a property test tries; the count rides on the test's report, so the summary
    adds up under pytest-xdist too (each worker is its own process)."""
    counted: Counter[str] = Counter()
    yield counted
    request.node.user_properties.append(("property_cases", dict(counted)))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that start processes go first (stable otherwise): spread over pytest-xdist's workers from the
    start, they overlap with the quick ones instead of running alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    for name, value in report.user_properties:
        if name == "property_cases" and report.when == "teardown":
            _property_cases.update(value)
    if report.when == "call" and report.passed:
        for backend in BACKENDS:
            if f"[{backend}" in report.nodeid or f"-{backend}]" in report.nodeid or f"-{backend}-" in report.nodeid:
                _ran[backend] = _ran.get(backend, 0) + 1


def pytest_terminal_summary(terminalreporter: Any) -> None:
    parts = [f"{backend}: {_ran.get(backend, 0)} passed" for backend in BACKENDS]
    terminalreporter.write_line("database-backed tests by backend: " + "; ".join(parts))
    if _property_cases:
        tried = ", ".join(f"{count} {kind}" for kind, count in sorted(_property_cases.items()))
        terminalreporter.write_line(f"property-based cases tried: {tried}")


def make_database_url(backend: str, tmp_path: Path) -> tuple[str, Callable[[], None]]:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'drumbeat.db'}", lambda: None
    assert PG_URL is not None
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in PG_URL else "?"
    url = f"{PG_URL}{separator}options=-csearch_path%3D{schema}"

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return url, drop


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    url, drop = make_database_url(backend, tmp_path)
    yield url
    drop()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite database migrated for real, once per run; each test gets a copy of the file (a copy
    takes a millisecond, migrating takes 50-150 ms)."""
    path = tmp_path_factory.mktemp("template") / "drumbeat.db"
    template = Database(f"sqlite:///{path}")
    template.migrate()
    raw = template.engine.raw_connection()  # outside a transaction, so the checkpoint can run
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
    finally:
        raw.close()
    template.dispose()
    return path


@pytest.fixture
def db(database_url: str, backend: str, sqlite_template: Path) -> Iterator[Database]:
    """A fresh database with every migration applied: a copy of the migrated template on SQLite, the
    migrations run in a new schema on PostgreSQL."""
    if backend == "sqlite":
        shutil.copyfile(sqlite_template, make_url(database_url).database or "")
    database = Database(database_url, compiled_sql=COMPILED_SQL)
    database.migrate()  # on a copy of the template: finds it current and does nothing
    yield database
    database.dispose()


# Slack's rate limits in the test server run ten times faster (a minute's window lasts 6 s), and the bot is
# told so: pacing is tested at the limits' scale, not at the test's patience (slacksim.limits.RateLimits).
TIME_SCALE = 0.1


@pytest.fixture
def sim() -> Iterator[SlackSim]:
    with SlackSim(
        bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, poll_interval=0.005, time_scale=TIME_SCALE
    ) as server:
        for user_id, name, tz in [
            ("U0ORGANIZER", "olivia", "America/Chicago"),
            ("U0ALICE", "alice", "America/Chicago"),
            ("U0BOB", "bob", "America/New_York"),
            ("U0CARMEN", "carmen", "America/Los_Angeles"),
        ]:
            server.add_user(user_id, name=name, tz=tz)
        server.add_user("U0ADMIN", name="adele", is_admin=True)
        server.add_user("U0STRANGER", name="sam")
        yield server


class FrozenClock:
    """Time as the test says; `advance` moves it. It refuses a moment before the real now or more than two
    years after it: a test clock is derived from the real now (`tests.when`), so a fixed date put back
    into a test fails on the day it is written, not on the day it goes stale."""

    LATEST = timedelta(days=2 * 366)

    def __init__(self, start: datetime) -> None:
        self.now = start

    @property
    def now(self) -> datetime:
        return self._now

    @now.setter
    def now(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a test clock keeps aware datetimes")
        if not when.REAL_NOW <= moment <= when.REAL_NOW + self.LATEST:
            raise ValueError(
                f"a test clock set to {moment.isoformat()}, far from the real now ({when.REAL_NOW.isoformat()}):"
                " derive test times from tests.when.START, never from a fixed date"
            )
        self._now = moment

    def __call__(self) -> datetime:
        return self._now

    def advance(self, days: int = 0, **elapsed: float) -> datetime:
        """Move on `days` by the calendar in Chicago (the same time of day there, across a change of daylight
        saving time too), then by `elapsed` time (hours=, minutes=)."""
        local = self._now.astimezone(when.CHICAGO)
        wall = datetime.combine(local.date() + timedelta(days=days), local.timetz().replace(tzinfo=None))
        self.now = wall.replace(tzinfo=when.CHICAGO).astimezone(self._now.tzinfo) + timedelta(**elapsed)
        return self._now


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(when.START)  # a Tuesday, 9:00 in Chicago, within a week or so of the real now


@pytest.fixture
def desk(db: Database, clock: FrozenClock, settings_overrides: dict[str, Any]) -> Iterator[Desk]:
    """Listeners' decisions as values: no bot, no HTTP, no Slack (tests.replies)."""
    deps = deciding_deps(db, clock, **settings_overrides)
    yield Desk(deps)
    deps.close()


@dataclass
class Bot:
    """The real Bolt app served over real HTTP, wired to the test Slack server."""

    deps: Deps
    server: HttpServer
    sim: SlackSim
    driver: SlackDriver
    clock: FrozenClock
    app: App
    people: dict[str, Person] = field(default_factory=dict)
    # After each request, wait for long work (an invite) and channel notices too; a test of what must not
    # wait for them says no.
    waits_for_long_work: bool = True
    waits_for_notices: bool = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def person(self, user_id: str) -> Person:
        return self.people.setdefault(user_id, self.driver.person(user_id))

    @property
    def db(self) -> Database:
        return self.deps.db


def told(person: Person) -> str:
    """What Drumbeat just told them: in the form that opened, if their command or click opens one (it opens
    first, and says there what it would otherwise have said), else in an ephemeral message."""
    if person.modal is not None:
        blocks = person.modal.get("blocks") or []
        assert not any(b.get("type") == "input" for b in blocks), "a form to fill in, not a notice"
        return view_text(person.modal)
    return person.last_ephemeral_text


def make_settings(sim: SlackSim, database_url: str, **overrides: Any) -> Settings:
    settings = Settings(
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=sim.api_url,
        database_url=database_url,
        port=0,
        organizers=frozenset({"U0ORGANIZER"}),
        timezone="America/Chicago",
        report_channel="C0REPORTS",
        run_scheduler=False,
        # Slack limits posting per workspace without publishing the number, and the test server has no such
        # limit: the tests' sends are not slowed to the default 500 a minute. Every published limit holds.
        posts_per_minute=100_000,
    )
    return replace(settings, **overrides)


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {}


@pytest.fixture
def bot(sim: SlackSim, db: Database, clock: FrozenClock, settings_overrides: dict[str, Any]) -> Iterator[Bot]:
    # Someone ran `/invite @Drumbeat` in both, as the README asks.
    sim.add_channel("C0REPORTS", "drumbeat-organizers", [sim.bot_user_id])
    sim.add_channel("C0COALITION", "reentry-coalition", [sim.bot_user_id])
    settings = make_settings(sim, db.url, **settings_overrides)
    deps = Deps(
        settings=settings,
        db=db,
        client=build_client(settings, retry_backoff=0.01, time_scale=sim.time_scale),
        clock=clock,
        bot_user_id=sim.bot_user_id,
        team_id=sim.team_id,
    )
    runtime_deps.install(deps)
    app = build_app(deps)
    handlers.serve(app)
    channels.watch(deps)
    server = HttpServer(wsgi_app(app, db, SIGNING_SECRET), host="127.0.0.1", port=0, threads=16, wake_every=0.005)
    server.start()
    driver = SlackDriver(sim, f"http://127.0.0.1:{server.port}", SIGNING_SECRET)

    bot = Bot(deps=deps, server=server, sim=sim, driver=driver, clock=clock, app=app)

    def settle() -> None:
        """Wait for the work acknowledged requests handed on (which may hand on more)."""
        finished = deps.drain(10, long_work=bot.waits_for_long_work, notices=bot.waits_for_notices)
        assert finished, "acknowledged work finished"

    driver.after_request = settle
    try:
        yield bot
    finally:
        server.stop()
        deps.close()
