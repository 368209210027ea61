"""SIGTERM and SIGINT stop a process by setting a `threading.Event`, never from the signal handler itself.

Python runs a handler on the main thread between two bytecodes, possibly while that thread holds the lock
inside the very Event (`event.wait()` takes it on the way in and out), and `Event.set()` takes that lock
too: set from the handler, the process can hang forever on SIGTERM. So the handler only writes a byte to a
pipe (no lock), and a small thread reads it and sets the Event.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from types import FrameType


def stop_on_signals(stopping: threading.Event, signals: tuple[int, ...] = (signal.SIGTERM, signal.SIGINT)) -> None:
    """From now on, each of `signals` sets `stopping` (call it on the main thread)."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)

    def handler(_signum: int, _frame: FrameType | None) -> None:
        with contextlib.suppress(BlockingIOError):  # the pipe is full: a signal is already on its way
            os.write(write_end, b"!")

    def relay() -> None:
        os.read(read_end, 1)
        stopping.set()

    threading.Thread(target=relay, name="stop-signals", daemon=True).start()
    for number in signals:
        signal.signal(number, handler)
