"""Quiet hours, spreading and local times: pure functions."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from itertools import pairwise

import pytest

from core.timing import in_quiet_hours, local_moment, next_allowed, spread_slots, zone

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
    evening = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 21:00 in Chicago
    assert next_allowed(evening, CHICAGO, 20 * 60, 9 * 60) == datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    early = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)  # 8:00 in Chicago
    assert next_allowed(early, CHICAGO, 20 * 60, 9 * 60) == datetime(2026, 12, 2, 15, 0, tzinfo=UTC)
    noon = datetime(2026, 12, 2, 18, 0, tzinfo=UTC)
    assert next_allowed(noon, CHICAGO, 20 * 60, 9 * 60) == noon


def test_spread_is_a_steady_stream_over_working_days() -> None:
    start = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)  # Friday 9:00 in Chicago
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
    start = datetime(2026, 12, 1, 20, 0, tzinfo=UTC)  # Tuesday 14:00 in Chicago
    slots = spread_slots(start, 10, 2, CHICAGO)
    assert min(slots) >= start


def test_local_moment_is_wall_clock_in_their_zone() -> None:
    from datetime import date

    assert local_moment(date(2026, 12, 2), 10 * 60, "Europe/Berlin") == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    assert local_moment(date(2026, 12, 2), 10 * 60, CHICAGO) == datetime(2026, 12, 2, 16, 0, tzinfo=UTC)


def test_quiet_hours_ending_in_the_repeated_hour_when_clocks_go_back() -> None:
    # 2026-11-01: at 02:00 Central Daylight Time clocks go back to 01:00; 01:00-02:00 happens twice.
    first_pass = datetime(2026, 11, 1, 6, 10, tzinfo=UTC)  # 01:10 CDT
    allowed = next_allowed(first_pass, CHICAGO, 20 * 60, 90)  # quiet until 01:30
    assert allowed == datetime(2026, 11, 1, 6, 30, tzinfo=UTC), "01:30 CDT"
    second_pass = datetime(2026, 11, 1, 7, 10, tzinfo=UTC)  # 01:10 CST, the repeat
    allowed = next_allowed(second_pass, CHICAGO, 20 * 60, 90)
    assert allowed > second_pass, "never a moment in the past"
    assert allowed == datetime(2026, 11, 1, 7, 30, tzinfo=UTC), "01:30 CST"
