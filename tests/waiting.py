"""Waiting for something to happen, never for a length of time: a test that waits polls a condition, and
the timeout is only there to turn a hang into a failure that says what never came."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def wait_for(check: Callable[[], Any], what: str, timeout: float = 60.0) -> Any:
    """Until `check()` is truthy (returned); fails naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)
    return found
