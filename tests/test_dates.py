"""The guard against tests that depend on the calendar: no test names a date that can be in the future on
one day and in the past on another. Tests derive their moments from the real now (`tests.when`);
`FrozenClock` refuses a moment far from it. Dates before 2025 stay in the past and are allowed (a test of
"that date has passed"), as are dates past 2199."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests import when
from tests.conftest import FrozenClock

TESTS = Path(__file__).parent
YEAR = r"(?:202[5-9]|20[3-9]\d|21\d\d)"
FIXED = [
    re.compile(rf"\b(?:datetime|date)\(\s*{YEAR}\s*,"),  # datetime(YYYY, ...), date(YYYY, ...)
    re.compile(rf"(?<![\d-]){YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)"),  # YYYY-MM-DD, also inside text
    re.compile(rf"(?<![\d-]){YEAR}-(?:0[1-9]|1[0-2])(?![\d-])"),  # a month: YYYY-MM
]


def fixed_dates(text: str) -> list[tuple[int, str]]:
    return [
        (number, line.strip())
        for number, line in enumerate(text.splitlines(), 1)
        if any(pattern.search(line) for pattern in FIXED)
    ]


def test_no_test_names_a_fixed_date() -> None:
    found = [
        f"{path.relative_to(TESTS.parent)}:{number}: {line}"
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__)  # its own examples
        for number, line in fixed_dates(path.read_text(encoding="utf-8"))
    ]
    assert not found, "derive these from tests.when (START, day, local, typed):\n" + "\n".join(found)


def test_no_word_a_person_reads_names_a_fixed_date() -> None:
    """Examples in help and hints come from the clock (views.examples): a fixed one goes stale, and
    suggests a moment already past."""
    views = TESTS.parent / "views"
    found = [
        f"{path.relative_to(TESTS.parent)}:{number}: {line}"
        for path in sorted(views.rglob("*.py"))
        for number, line in fixed_dates(path.read_text(encoding="utf-8"))
    ]
    assert not found, "work these out with views.examples:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)",
        "bot.clock.now = datetime(2027,1,1, 9, 30, tzinfo=CHICAGO)",
        "NEXT_WEEK = [date(2026, 12, 7) + timedelta(days=i) for i in range(5)]",
        """send_action(bot, '"Call Mayor Lee" tactic=outreach due=2026-12-04')""",
        'olivia.command("reschedule 10 2030-06-30T10:00")',
        'assert heat["weeks"][-1] == "2026-11-30"',
        'month = "2026-12"',
    ],
)
def test_the_guard_finds_fixed_dates(line: str) -> None:
    assert fixed_dates(line), line


@pytest.mark.parametrize(
    "line",
    [
        '("pause until 2020-01-01", "not in the future")',  # stays past
        "event … on=9999-12-31T23:59",  # stays future
        "bot.clock.now = when.local(2, 10)",
        'value = "U02026-12-31X"',  # not a date on its own
        "port = 2026",
    ],
)
def test_the_guard_lets_lasting_dates_and_derived_ones_pass(line: str) -> None:
    assert not fixed_dates(line), line


def test_a_test_clock_refuses_a_moment_far_from_the_real_now() -> None:
    clock = FrozenClock(when.START)
    with pytest.raises(ValueError, match="far from the real now"):
        clock.now = when.REAL_NOW - timedelta(days=5)  # a fixed date put back, days after it was written
    with pytest.raises(ValueError, match="far from the real now"):
        clock.advance(days=800)
    with pytest.raises(ValueError, match="far from the real now"):
        FrozenClock(datetime.now(UTC) - timedelta(days=400))
    assert clock.advance(days=400) == when.local(400, 9)


def test_the_start_is_a_tuesday_morning_in_chicago_a_few_days_ahead() -> None:
    start = when.START.astimezone(when.CHICAGO)
    assert (start.weekday(), start.hour, start.minute) == (1, 9, 0)
    assert timedelta(days=1) < when.START - when.REAL_NOW <= timedelta(days=8, hours=2)
    assert when.monday(1).weekday() == 0
    assert when.monday(1) == when.day(6)
    assert when.first_of_month(1).day == 1
    assert when.first_of_month(1) > when.START_DAY


def test_advancing_by_days_keeps_the_time_of_day_in_chicago() -> None:
    """Tests say "8 days later" and mean the same time of day there: 250 days always cross a change of
    daylight saving time, where adding 24-hour days would land an hour off."""
    clock = FrozenClock(when.START)
    later = clock.advance(days=250).astimezone(when.CHICAGO)
    assert (later.hour, later.minute) == (9, 0)
    assert clock.advance(hours=3).astimezone(when.CHICAGO).hour == 12
