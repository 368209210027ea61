"""SIGTERM and SIGINT stop a process by setting a `threading.Event`, which no signal can fail to set.

Two traps of Python's signal handlers: a handler runs only on the main thread, between two bytecodes, so a
signal that the kernel delivers to another thread while the main thread sleeps in `Event.wait()` (no
timeout) is not handled until something else wakes it, perhaps never; and a handler calling `Event.set()`
can wait forever for the Event's lock, held by its own thread inside `Event.wait()`. So the handler does
nothing: Python's C-level handler, in whichever thread the signal lands, writes the signal's number to a
pipe (`signal.set_wakeup_fd`), and a small thread reading that pipe sets the Event.
"""

from __future__ import annotations

import os
import signal
import threading
from types import FrameType


def stop_on_signals(stopping: threading.Event, signals: tuple[int, ...] = (signal.SIGTERM, signal.SIGINT)) -> None:
    """From now on, each of `signals` sets `stopping`. Call it on the main thread, once per process."""
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)

    def relay() -> None:
        while not any(number in signals for number in os.read(read_end, 64)):
            pass  # another signal with a Python handler (SIGCHLD, say): not a stop
        stopping.set()

    def ignore(_signum: int, _frame: FrameType | None) -> None:
        """Python-level: nothing to do here (the wakeup byte already went to the relay)."""

    signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    threading.Thread(target=relay, name="stop-signals", daemon=True).start()
    for number in signals:
        signal.signal(number, ignore)
