"""Quiet hours, spreading and local times: pure functions."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from itertools import pairwise

import pytest

from core.timing import in_quiet_hours, local_moment, next_allowed, spread_slots, zone
from tests import when

CHICAGO = "America/Chicago"


@pytest.mark.parametrize(
    ("minute", "quiet", "expected"),
    [
        (21 * 60, (20 * 60, 9 * 60), True),
        (3 * 60, (20 * 60, 9 * 60), True),
        (9 * 60, (20 * 60, 9 * 60), False),
        (12 * 60, (20 * 60, 9 * 60), False),
        (13 * 60, (13 * 60, 14 * 60), True),
        (14 * 60, (13 * 60, 14 * 60), False),
    ],
)
def test_in_quiet_hours(minute: int, quiet: tuple[int, int], expected: bool) -> None:
    assert in_quiet_hours(minute, *quiet) is expected


def test_next_allowed_moves_to_the_end_of_quiet_hours_in_their_zone() -> None:
    evening = when.local(0, 21)
    assert next_allowed(evening, CHICAGO, 20 * 60, 9 * 60) == when.local(1, 9)
    early = when.local(1, 8)
    assert next_allowed(early, CHICAGO, 20 * 60, 9 * 60) == when.local(1, 9)
    noon = when.local(1, 12)
    assert next_allowed(noon, CHICAGO, 20 * 60, 9 * 60) == noon


def test_spread_is_a_steady_stream_over_working_days() -> None:
    start = when.local(3, 9)  # Friday 9:00 in Chicago
    slots = spread_slots(start, 40, 5, CHICAGO)
    days = Counter(s.astimezone(zone(CHICAGO)).date() for s in slots)
    assert sorted(days.values()) == [8] * 5, "8 a day over 5 days"
    assert all(d.weekday() < 5 for d in days), "no weekend asks"
    hours = [s.astimezone(zone(CHICAGO)).hour for s in slots]
    assert min(hours) >= 9
    assert max(hours) < 17
    assert slots == sorted(slots)
    gaps = {(b - a).total_seconds() for a, b in pairwise(slots) if a.date() == b.date()}
    assert gaps == {3600.0}, "evenly spaced: one an hour"


def test_spread_starts_no_earlier_than_the_start() -> None:
    start = when.local(0, 14)  # Tuesday 14:00 in Chicago
    slots = spread_slots(start, 10, 2, CHICAGO)
    assert min(slots) >= start


def test_local_moment_is_wall_clock_in_their_zone() -> None:
    berlin = zone("Europe/Berlin")
    assert local_moment(when.day(1), 10 * 60, "Europe/Berlin") == when.local(1, 10, tz=berlin)
    assert local_moment(when.day(1), 10 * 60, "Europe/Berlin").astimezone(berlin).hour == 10
    assert local_moment(when.day(1), 10 * 60, CHICAGO) == when.local(1, 10)
    assert local_moment(when.day(1), 10 * 60, CHICAGO).astimezone(zone(CHICAGO)).hour == 10


def test_quiet_hours_ending_in_the_repeated_hour_when_clocks_go_back() -> None:
    # The next autumn night in Chicago: at 02:00 Central Daylight Time clocks go back to 01:00, so
    # 01:00-02:00 happens twice. `back` is the first moment of the repeat (01:00 CST).
    back = fall_back(CHICAGO)
    assert back.astimezone(zone(CHICAGO)).hour == 1
    first_pass = back - timedelta(minutes=50)  # 01:10 CDT
    allowed = next_allowed(first_pass, CHICAGO, 20 * 60, 90)  # quiet until 01:30
    assert allowed == back - timedelta(minutes=30), "01:30 CDT"
    second_pass = back + timedelta(minutes=10)  # 01:10 CST, the repeat
    allowed = next_allowed(second_pass, CHICAGO, 20 * 60, 90)
    assert allowed > second_pass, "never a moment in the past"
    assert allowed == back + timedelta(minutes=30), "01:30 CST"


def fall_back(tz: str) -> datetime:
    """The next moment after the test clock's start at which `tz`'s clocks go back (found, not written)."""
    moment, place = when.START.replace(minute=0), zone(tz)
    for _ in range(24 * 400):
        later = moment + timedelta(hours=1)
        before, after = moment.astimezone(place).utcoffset(), later.astimezone(place).utcoffset()
        assert before is not None
        assert after is not None
        if after < before:
            return later
        moment = later
    raise AssertionError(f"{tz} does not go back within a year")
