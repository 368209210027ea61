"""The playground's clock: real time plus an offset in seconds kept in a small file.

Only the playground sets DRUMBEAT_CLOCK_OFFSET_FILE (see `playground/`): it writes the offset there
to move time forward, so that a person can watch a spread drumbeat, reminders and implementation
checks unfold in minutes. The file is read at most every `recheck` seconds; a missing or unreadable
file means no offset. `watch` calls back whenever the file changes (also when the same offset is
written again), so that the bot runs its due work at once instead of at the next real-time trigger.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from runtime.deps import utc_now

log = logging.getLogger(__name__)


class OffsetClock:
    def __init__(self, path: Path, *, recheck: float = 0.05, real: Callable[[], datetime] = utc_now) -> None:
        self.path = path
        self.recheck = recheck
        self._real = real
        self._offset = 0.0
        self._stamp: tuple[int, int, int] | None = None
        self._checked = float("-inf")
        self._lock = threading.Lock()
        self.generation = 0  # how many times the file changed since this clock was made

    def __call__(self) -> datetime:
        return self._real() + timedelta(seconds=self.offset())

    def offset(self) -> float:
        if time.monotonic() - self._checked >= self.recheck:
            self.reload()
        return self._offset

    def reload(self) -> bool:
        """Read the file if it changed; True if it did."""
        with self._lock:
            self._checked = time.monotonic()
            try:
                status = self.path.stat()
                stamp = (status.st_ino, status.st_mtime_ns, status.st_size)  # a rewrite is a new file
            except OSError:
                stamp = None
            if stamp == self._stamp:
                return False
            self._stamp = stamp
            offset = 0.0
            if stamp is not None:
                try:
                    offset = float(self.path.read_text().strip() or 0)
                except (OSError, ValueError):
                    log.warning("clock offset file unreadable; keeping an offset of %.0f s", self._offset)
                    offset = self._offset
            self._offset = offset
            self.generation += 1
            return True

    def watch(self, on_change: Callable[[], None], interval: float = 0.1) -> Callable[[], None]:
        """Call `on_change` (in a thread of its own) each time the file changes; returns a stop function."""
        stop = threading.Event()
        self.reload()
        seen = self.generation

        def loop() -> None:
            nonlocal seen
            while not stop.wait(interval):
                # Any thread reading the time may be the one that notices the change (`offset` reloads), so
                # the watch compares generations rather than trusting its own reload to see it.
                self.reload()
                if self.generation != seen:
                    seen = self.generation
                    log.info("clock moved: offset now %.0f s", self._offset)
                    try:
                        on_change()
                    except Exception:
                        log.exception("work after the clock moved failed")

        thread = threading.Thread(target=loop, name="clock-watch", daemon=True)
        thread.start()

        def halt() -> None:
            stop.set()
            thread.join(timeout=30)

        return halt


def write_offset(path: Path, seconds: float) -> None:
    """Set the offset (atomically: the bot never reads half a number)."""
    scratch = path.with_name(path.name + ".new")
    scratch.write_text(f"{seconds:.3f}\n")
    scratch.replace(path)
