"""SIGTERM stops a process even when it arrives at the worst moment."""

from __future__ import annotations

import subprocess
import sys

from tests.processes import ROOT

WORST_MOMENT = """
import os, signal, threading, time
from runtime.signals import stop_on_signals

stopping = threading.Event()
stop_on_signals(stopping)
with stopping._cond:  # where the main thread is, now and then, inside stopping.wait(0.5)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(0.2)  # the handler runs here, on this thread, while it holds the Event's lock
assert stopping.wait(10), "SIGTERM set the Event"
print("stopped")
"""


def test_sigterm_while_the_main_thread_holds_the_events_lock_still_stops() -> None:
    """Event.set() in the handler itself would wait forever for the lock its own thread holds."""
    done = subprocess.run(
        [sys.executable, "-c", WORST_MOMENT], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
    )
    assert (done.returncode, done.stdout.strip()) == (0, "stopped"), done.stderr
