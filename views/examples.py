"""Dates in examples (help, hints, usage lines), worked out from the clock in the coalition's zone: an
example never suggests a moment that has passed, whatever day someone reads it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from core.timing import zone


@dataclass(frozen=True)
class Examples:
    today: date  # in the coalition's zone

    @property
    def day(self) -> date:
        """A week ahead: the day most examples are about."""
        return self.today + timedelta(days=7)

    @property
    def at(self) -> str:
        """A moment to send or move a call to action to."""
        return f"{self.day.isoformat()}T10:00"

    @property
    def due(self) -> str:
        return (self.day + timedelta(days=4)).isoformat()

    @property
    def event(self) -> str:
        """When an example event starts."""
        return f"{(self.day + timedelta(days=2)).isoformat()}T18:00"

    @property
    def pause_until(self) -> str:
        return (self.today + timedelta(days=40)).isoformat()

    @property
    def since(self) -> str:
        """A report's start: the first of last month (a date in the past, as a report's start is)."""
        return (self.today.replace(day=1) - timedelta(days=1)).replace(day=1).isoformat()


def examples(now: datetime, tz: str) -> Examples:
    return Examples(now.astimezone(zone(tz)).date())
