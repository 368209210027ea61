"""When asks may go out: quiet hours in each messenger's zone, spreading over working days, local times.

Pure functions over aware datetimes; nothing here reads a clock.
"""

from __future__ import annotations

import bisect
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

WORKDAY_START = 9 * 60  # minutes after midnight, coalition zone
WORKDAY_END = 17 * 60


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def in_quiet_hours(minute_of_day: int, quiet_start: int, quiet_end: int) -> bool:
    if quiet_start == quiet_end:
        return False
    if quiet_start < quiet_end:  # e.g. 13:00 to 14:00
        return quiet_start <= minute_of_day < quiet_end
    return minute_of_day >= quiet_start or minute_of_day < quiet_end  # across midnight, e.g. 20:00 to 9:00


def next_allowed(moment: datetime, tz: str, quiet_start: int, quiet_end: int) -> datetime:
    """`moment`, or the first minute after it that is outside the messenger's quiet hours."""
    local = moment.astimezone(zone(tz))
    minute = local.hour * 60 + local.minute
    if not in_quiet_hours(minute, quiet_start, quiet_end):
        return moment
    end_day = local.date()
    if quiet_start > quiet_end and minute >= quiet_start:
        end_day += timedelta(days=1)
    end = datetime.combine(end_day, time(quiet_end // 60, quiet_end % 60), tzinfo=zone(tz))
    # Round trip through UTC: across a DST change the wall-clock minute may not exist; this normalizes it.
    allowed = end.astimezone(moment.tzinfo)
    if allowed <= moment:  # the hour repeated when clocks go back: quiet hours end in its second pass
        allowed = end.replace(fold=1).astimezone(moment.tzinfo)
    return allowed if allowed > moment else moment


def local_moment(day: date, minute_of_day: int, tz: str) -> datetime:
    """`day` at `minute_of_day` on the wall clock in `tz`."""
    return datetime.combine(day, time(minute_of_day // 60, minute_of_day % 60), tzinfo=zone(tz))


def _working_windows(start: datetime, days: int, tz: str) -> list[tuple[datetime, datetime]]:
    """The working-hours windows of `days` working days (Mon-Fri) from `start`, in the coalition's zone."""
    windows: list[tuple[datetime, datetime]] = []
    local = start.astimezone(zone(tz))
    day = local.date()
    while len(windows) < days:
        if day.weekday() < 5:
            opens = local_moment(day, WORKDAY_START, tz)
            closes = local_moment(day, WORKDAY_END, tz)
            opens = max(opens, start)
            if opens < closes:
                windows.append((opens, closes))
        day += timedelta(days=1)
    return windows


def spread_windows(start: datetime, days: int, tz: str) -> list[tuple[float, float]]:
    """The working-hours windows a spread uses, as (start, end) epoch seconds."""
    return [(a.timestamp(), b.timestamp()) for a, b in _working_windows(start, days, tz)]


def spread_epochs(start: datetime, count: int, days: int, tz: str) -> list[float]:
    """`count` moments (epoch seconds) evenly spaced through `days` working days of working hours.

    40 asks over 5 working days is 8 a day, about one an hour: a steady drumbeat, not a burst.
    """
    if count <= 0:
        return []
    if days <= 0:
        return [start.timestamp()] * count
    windows = spread_windows(start, days, tz)
    step = sum(b - a for a, b in windows) / count
    slots: list[float] = []
    offset = step / 2  # centre each ask in its share of the time
    index, consumed = 0, 0.0
    for _ in range(count):
        while index < len(windows) - 1 and offset >= consumed + windows[index][1] - windows[index][0]:
            consumed += windows[index][1] - windows[index][0]
            index += 1
        slots.append(float(int(windows[index][0] + offset - consumed)))
        offset += step
    return slots


def spread_slots(start: datetime, count: int, days: int, tz: str) -> list[datetime]:
    """`spread_epochs` as datetimes."""
    return [datetime.fromtimestamp(e, UTC) for e in spread_epochs(start, count, days, tz)]


class QuietCalendar:
    """One set of quiet hours in one zone, over a stretch of days, for fast "when may we ask?" lookups."""

    def __init__(self, tz: str, quiet_start: int, quiet_end: int, first: datetime, last: datetime) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []
        if quiet_start == quiet_end:
            return
        local_first = first.astimezone(zone(tz)).date() - timedelta(days=1)
        local_last = last.astimezone(zone(tz)).date() + timedelta(days=1)
        day = local_first
        while day <= local_last:
            begin = local_moment(day, quiet_start, tz)
            end_day = day + timedelta(days=1) if quiet_start > quiet_end else day
            end = local_moment(end_day, quiet_end, tz)
            if end.timestamp() <= begin.timestamp():  # clocks went back inside the quiet hours
                end = end.replace(fold=1)
            self.starts.append(begin.timestamp())
            self.ends.append(max(end.timestamp(), begin.timestamp()))
            day += timedelta(days=1)

    def overlaps(self, windows: list[tuple[float, float]]) -> bool:
        """Do these quiet hours reach into any of these (start, end) windows?"""
        return any(
            start < window_end and end > window_start
            for start, end in zip(self.starts, self.ends, strict=True)
            for window_start, window_end in windows
        )

    def next_allowed(self, epoch: float) -> float:
        index = bisect.bisect_right(self.starts, epoch) - 1
        if index >= 0 and epoch < self.ends[index]:
            return self.ends[index]
        return epoch
