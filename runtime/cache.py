"""A small cache of recent answers, kept per process on `Deps` (never keyed by `id()` of anything)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """Answers trusted for `seconds`; at most `size` kept (the oldest half goes when full)."""

    def __init__(self, seconds: float, size: int = 5000, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.size = size
        self._clock = clock
        self._items: dict[K, tuple[float, V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K, compute: Callable[[], V | None]) -> V | None:
        """The cached answer, or `compute()`'s (cached unless it is None: None means "could not tell")."""
        now = self._clock()
        with self._lock:
            found = self._items.get(key)
        if found is not None and now - found[0] < self.seconds:
            return found[1]
        value = compute()
        if value is not None:
            with self._lock:
                if len(self._items) >= self.size:
                    for old in sorted(self._items, key=lambda k: self._items[k][0])[: self.size // 2]:
                        del self._items[old]
                self._items[key] = (now, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
