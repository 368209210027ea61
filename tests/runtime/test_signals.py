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


ANOTHER_THREAD = """
import signal, threading, time
from runtime.signals import stop_on_signals

stopping = threading.Event()
stop_on_signals(stopping)

def another() -> None:
    time.sleep(0.2)  # the main thread is asleep in stopping.wait() by now
    signal.pthread_kill(threading.get_ident(), signal.SIGTERM)  # the kernel may pick any thread

threading.Thread(target=another).start()
stopping.wait()  # no timeout: nothing else would wake the main thread to run a Python handler
print("stopped")
"""


def run(script: str) -> tuple[int, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=30, check=False
    )
    return done.returncode, done.stdout.strip(), done.stderr


def test_sigterm_to_another_thread_wakes_a_main_thread_that_waits_without_a_timeout() -> None:
    code, out, err = run(ANOTHER_THREAD)
    assert (code, out) == (0, "stopped"), err


def test_sigterm_while_the_main_thread_holds_the_events_lock_still_stops() -> None:
    """Event.set() in the handler itself would wait forever for the lock its own thread holds."""
    code, out, err = run(WORST_MOMENT)
    assert (code, out) == (0, "stopped"), err
