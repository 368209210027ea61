"""What handlers and jobs need, built once per process and handed to them (never imported globals)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from slack_sdk import WebClient

from models.db import Database
from runtime.executor import ListenerExecutor
from runtime.settings import Settings


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Deps:
    settings: Settings
    db: Database
    slack: WebClient
    clock: Callable[[], datetime] = field(default=utc_now)
    bot_user_id: str | None = None
    team_id: str | None = None  # the workspace, from auth.test
    # Work that follows an acknowledgement runs here, not on Bolt's threads, which stay free to acknowledge.
    background: ListenerExecutor = field(default_factory=lambda: ListenerExecutor(max_workers=2, name="work"))

    def now(self) -> datetime:
        return self.clock()


# Jobs run in the scheduler's threads and can carry only ids; they find the process's Deps here.
_current: Deps | None = None


def install(deps: Deps) -> None:
    global _current
    _current = deps


def current() -> Deps:
    if _current is None:
        raise RuntimeError("Drumbeat's dependencies are not installed; start through bot.py")
    return _current
