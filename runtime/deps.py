"""What handlers and jobs need, built once per process and handed to them (never imported globals)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from slack_sdk import WebClient

from core.calls import Card
from models.db import Database
from runtime.cache import Recent
from runtime.executor import ListenerExecutor
from runtime.notices import Notices
from runtime.settings import Settings
from runtime.slack import Slack


def utc_now() -> datetime:
    return datetime.now(UTC)


class Jobs(Protocol):
    """What Slack's side may ask of the scheduler. `scheduler.Scheduler` installs the real one while this
    process leads; otherwise nothing is woken here and the leader's sweep finds the work in the tables."""

    @property
    def leading(self) -> bool: ...

    def wake(self, call_id: int, at: datetime) -> None: ...

    def reconcile(self) -> None: ...


class NotLeading:
    leading = False

    def wake(self, call_id: int, at: datetime) -> None:
        return None

    def reconcile(self) -> None:
        return None


@dataclass(frozen=True)
class DeliveryOptions:
    """How the sender drains the outbox (see scheduler.delivery); tests and benchmarks change them."""

    pool: int = 100  # messages in flight at most (measured: 50, 100, 150, 200 against 50 ms of latency)
    batch: int = 50
    retry_base: float = 5.0  # seconds before the first retry; doubles each time
    # seconds between edits of the organizer's progress message: chat.update is Tier 3 (about 50 a minute,
    # shared with everything else Drumbeat edits), so two sends at once stay far below it
    progress_every: float = 30.0


@dataclass(eq=False)  # compared and hashed by identity: one per process
class Deps:
    settings: Settings
    db: Database
    client: WebClient  # the one WebClient; everything but the sender goes through `slack`
    clock: Callable[[], datetime] = field(default=utc_now)
    bot_user_id: str | None = None
    team_id: str | None = None  # the workspace, from auth.test
    # Work that follows an acknowledgement runs here, never in the request's thread, which answers Slack.
    background: ListenerExecutor = field(default_factory=lambda: ListenerExecutor(max_workers=2, name="work"))
    # What Slack sends unasked (its Events API events): their own pool, so a burst never delays a click.
    incoming: ListenerExecutor = field(default_factory=lambda: ListenerExecutor(max_workers=8, name="incoming"))
    # Long work an organizer started (a channel invite of thousands): its own thread, so nothing a person
    # asks for (STOP, delete-me, a form) ever waits behind it.
    long_work: ListenerExecutor = field(default_factory=lambda: ListenerExecutor(max_workers=1, name="long"))
    jobs: Jobs = field(default_factory=NotLeading)
    delivery: DeliveryOptions = field(default_factory=DeliveryOptions)
    # Slack's word on who is an admin, trusted for five minutes; a call to action's card, for five minutes.
    admins: Recent[tuple[str, str], bool] = field(default_factory=lambda: Recent(300.0))
    cards: Recent[int, Card] = field(default_factory=lambda: Recent(300.0, size=1000))
    slack: Slack = field(init=False)
    notices: Notices = field(init=False)  # short notices to channels, on their own thread (runtime.notices)
    stopping: threading.Event = field(default_factory=threading.Event)  # set on shutdown: long work winds up

    def __post_init__(self) -> None:
        self.slack = Slack(self.client)
        self.notices = Notices(self.slack)

    def now(self) -> datetime:
        return self.clock()

    def drain(self, timeout: float = 30.0, *, long_work: bool = True, notices: bool = True) -> bool:
        """Wait until acknowledged work is done (shutdown; tests), with long work and channel notices unless
        told not to. True if it finished in time."""
        pools = [self.incoming, self.background]
        pools += [self.long_work] if long_work else []
        pools += [self.notices.poster] if notices else []
        finished = True
        for _ in range(3):  # work may hand on more work
            finished = all(pool.wait_idle(timeout) for pool in pools)
        return finished

    def close(self) -> None:
        """Finish acknowledged work (long work stops early, saying so), then stop the pools."""
        self.stopping.set()
        self.drain()
        for pool in (self.incoming, self.background, self.long_work, self.notices.poster):
            pool.shutdown(wait=True)


# Jobs run in the scheduler's threads and can carry only ids; they find the process's Deps here.
_current: Deps | None = None


def install(deps: Deps) -> None:
    global _current
    _current = deps


def current() -> Deps:
    if _current is None:
        raise RuntimeError("Drumbeat's dependencies are not installed; start through bot.py")
    return _current
