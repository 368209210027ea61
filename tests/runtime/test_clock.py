"""The playground's clock: real time plus an offset read from a file, and a callback when it moves."""

from __future__ import annotations

import threading
from datetime import timedelta
from pathlib import Path

from runtime.clock import OffsetClock, write_offset
from tests import when

START = when.START


def test_no_file_means_real_time(tmp_path: Path) -> None:
    clock = OffsetClock(tmp_path / "offset", real=lambda: START)
    assert clock() == START


def test_reads_the_offset_and_notices_a_change(tmp_path: Path) -> None:
    path = tmp_path / "offset"
    write_offset(path, 3600)
    clock = OffsetClock(path, recheck=0, real=lambda: START)
    assert clock() == START + timedelta(hours=1)
    write_offset(path, 86400.5)
    assert clock() == START + timedelta(days=1, seconds=0.5)


def test_reads_are_cached_for_recheck_seconds(tmp_path: Path) -> None:
    path = tmp_path / "offset"
    write_offset(path, 60)
    clock = OffsetClock(path, recheck=3600, real=lambda: START)
    assert clock() == START + timedelta(minutes=1)
    write_offset(path, 120)
    assert clock() == START + timedelta(minutes=1), "not read again within the recheck interval"
    assert clock.reload()
    assert clock() == START + timedelta(minutes=2)


def test_an_unreadable_file_keeps_the_last_offset(tmp_path: Path) -> None:
    path = tmp_path / "offset"
    write_offset(path, 60)
    clock = OffsetClock(path, recheck=0, real=lambda: START)
    assert clock() == START + timedelta(minutes=1)
    path.write_text("soon")
    assert clock() == START + timedelta(minutes=1)


def test_watch_calls_back_on_every_write_even_of_the_same_offset(tmp_path: Path) -> None:
    path = tmp_path / "offset"
    write_offset(path, 0)
    clock = OffsetClock(path, real=lambda: START)
    calls: list[float] = []
    moved = threading.Event()

    def on_change() -> None:
        calls.append(clock.offset())
        moved.set()

    stop = clock.watch(on_change, interval=0.01)
    try:
        write_offset(path, 7200)
        assert moved.wait(10)
        moved.clear()
        write_offset(path, 7200)  # "skip to the next send" when it is already due: run the due work again
        assert moved.wait(10)
    finally:
        stop()
    assert calls == [7200, 7200]


def test_only_the_playground_setting_turns_it_on(tmp_path: Path) -> None:
    from runtime.settings import load_settings

    base = {"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_SIGNING_SECRET": "s"}
    assert load_settings(base, dotenv=None).clock_offset_file is None
    moved = load_settings({**base, "DRUMBEAT_CLOCK_OFFSET_FILE": str(tmp_path / "offset")}, dotenv=None)
    assert moved.clock_offset_file == str(tmp_path / "offset")


def test_watch_calls_back_when_another_reader_noticed_the_change_first(tmp_path: Path) -> None:
    """Every reader of the time may reload the file; the watch must not miss a change someone else read
    (the scheduler's own job, reading the time, used to swallow the playground's "skip ahead")."""
    path = tmp_path / "offset"
    write_offset(path, 0)
    clock = OffsetClock(path, recheck=0, real=lambda: START)
    moved = threading.Event()
    stop = clock.watch(moved.set, interval=0.5)
    try:
        write_offset(path, 3600)
        assert clock() == START + timedelta(hours=1), "a reader sees the change before the watch wakes"
        assert moved.wait(10), "the watch still calls back"
    finally:
        stop()
