"""Time in tests: every moment a test uses is derived from the real now, never written as a fixed date.

A fixed date in a test goes stale: a call "3 hours ahead" of a clock that says last Tuesday is days late to
everything that keeps real time (APScheduler, Slack's signatures), and a date typed in a command stops being
in the future. So tests start from `START`, the first Tuesday at 9:00 in Chicago (the coalition's zone) at
least a day after the real now, and name other moments by their distance from it: `day(6)` is the Monday
after, `local(2, 10)` is Thursday at 10:00 in Chicago, `typed(6, 10)` is what an organizer types for the
Monday at 10:00. Local times are built in the zone they are about, so a test that spans a change of
daylight saving time still means 9:00 where it says 9:00.

`tests/test_dates.py` refuses a date literal anywhere under tests/, and `FrozenClock` refuses a moment
before the real now: both guards fail on the day a fixed date is put back, not on the day it goes stale.
`DRUMBEAT_TEST_DAYS_AHEAD=400` runs the tests with the wall clock that far ahead (time-machine moves
Python's wall clock in every thread; monotonic time, and so every timeout, stays real): `.ci/run` does,
for the tests that start no other process, to catch what the guards miss.
"""

from __future__ import annotations

import calendar
import os
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from core.timing import zone

CHICAGO = zone("America/Chicago")
DAYS_AHEAD = int(os.environ.get("DRUMBEAT_TEST_DAYS_AHEAD") or 0)
if DAYS_AHEAD:
    import time_machine

    time_machine.travel(datetime.now(UTC) + timedelta(days=DAYS_AHEAD), tick=True).start()
REAL_NOW = datetime.now(UTC)  # when the test run began


def _first_tuesday_after(moment: datetime) -> datetime:
    day = moment.astimezone(CHICAGO).date()
    while True:
        candidate = datetime.combine(day, time(9, 0), tzinfo=CHICAGO)
        if candidate.weekday() == 1 and candidate > moment:
            return candidate.astimezone(UTC)
        day += timedelta(days=1)


START = _first_tuesday_after(REAL_NOW + timedelta(days=1))  # a Tuesday, 9:00 in Chicago
START_DAY = START.astimezone(CHICAGO).date()


def day(n: int) -> date:
    """The date `n` days after START's (in Chicago): day(0) is a Tuesday, day(6) the next Monday."""
    return START_DAY + timedelta(days=n)


def local(n: int, hour: int, minute: int = 0, tz: tzinfo = CHICAGO) -> datetime:
    """`hour:minute` on day(n), in `tz` (Chicago unless said), as an aware UTC datetime."""
    return datetime.combine(day(n), time(hour, minute), tzinfo=tz).astimezone(UTC)


def typed(n: int, hour: int | None = None, minute: int = 0) -> str:
    """What a person types for day(n) (`YYYY-MM-DD`), or for a time that day (`YYYY-MM-DDTHH:MM`)."""
    text = day(n).isoformat()
    return text if hour is None else f"{text}T{hour:02d}:{minute:02d}"


def monday(weeks: int = 0) -> date:
    """The Monday of START's week, or of the week `weeks` after it."""
    return day(-1 + 7 * weeks)


def first_of_month(months: int) -> date:
    """The 1st of the month `months` after START's month."""
    index = START_DAY.year * 12 + START_DAY.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def days_until(when: date) -> int:
    """How many days after START's date `when` is (for `local` and `typed`)."""
    return (when - START_DAY).days


def month_name(when: date) -> str:
    return calendar.month_name[when.month]
