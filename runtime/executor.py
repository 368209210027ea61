"""The thread pool Bolt runs listeners on after they ack, with a way to wait until it is idle.

Production uses `wait_idle` to finish in-flight work on shutdown; tests use it to wait for a
listener's effects instead of sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


class ListenerExecutor(ThreadPoolExecutor):
    def __init__(self, max_workers: int = 32, name: str = "listener") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=name)
        self._pending = 0
        self._idle = threading.Condition()

    def submit(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        with self._idle:
            self._pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._idle:
            self._pending -= 1
            self._idle.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._idle:
            while self._pending:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True


class Acknowledgements:
    """How many Slack requests are waiting for their acknowledgement right now.

    Work that follows an acknowledgement gives way to requests still waiting for theirs (for a few
    milliseconds at most, so it always makes progress): Slack allows three seconds to acknowledge,
    and Python runs one thread at a time, so every millisecond of follow-up work that runs first is a
    millisecond added to someone's acknowledgement.
    """

    MAX_WAIT = 0.02

    def __init__(self) -> None:
        self._pending = 0
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        with self._lock:
            self._pending += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._pending -= 1

    def give_way(self) -> None:
        deadline = time.monotonic() + self.MAX_WAIT
        while self._pending and time.monotonic() < deadline:
            time.sleep(0.001)


acknowledgements = Acknowledgements()
