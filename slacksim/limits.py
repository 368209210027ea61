"""Slack's rate limits, as the test server enforces them (strict: the documented minimum, no more).

From https://docs.slack.dev/apis/web-api/rate-limits and each method's page: limits apply per method,
per app, per workspace, in calls per minute by tier (Tier 1: 1+, Tier 2: 20+, Tier 3: 50+, Tier 4: 100+).
chat.postMessage is "special": about one message per second per channel, short bursts allowed. A 429
carries Retry-After: seconds until the call would be allowed.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

PER_MINUTE = {1: 1, 2: 20, 3: 50, 4: 100}
METHOD_TIERS: dict[str, int] = {
    "apps.connections.open": 1,
    "users.list": 2,
    "conversations.history": 3,
    "conversations.info": 3,
    "conversations.open": 3,
    "chat.update": 3,
    "chat.postEphemeral": 4,
    "conversations.members": 4,
    "files.completeUploadExternal": 4,
    "files.getUploadURLExternal": 4,
    "users.info": 4,
    "views.open": 4,
    "views.publish": 4,
    "views.push": 4,
    "views.update": 4,
}
# chat.postMessage: "1 per second, short bursts >1 allowed" (no number for the burst): at most this many per
# channel in any this many seconds, so one a second on average and bursts of up to ten.
POSTS_PER_CHANNEL = 10
POST_WINDOW = 10.0


class Window:
    """At most `limit` events in any `seconds`-long window."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self.times: deque[float] = deque()

    def wait(self, now: float) -> float:
        """0 if one more event may happen now (and records it), else seconds until it may."""
        while self.times and self.times[0] <= now - self.seconds:
            self.times.popleft()
        if len(self.times) >= self.limit:
            return self.times[0] + self.seconds - now
        self.times.append(now)
        return 0.0


class RateLimits:
    """The limits above, per method (and per channel for posting). `check` returns None when the call may
    go ahead, or the Retry-After seconds (whole, at least 1, as Slack sends them).

    `time_scale`: how long one of Slack's seconds lasts here, in real seconds. At 0.1 a minute's window
    lasts 6 s and Retry-After counts tenths (whole Slack seconds, times 0.1): the same limits, sooner, so a
    test of pacing waits on the limits' scale, not on its own patience. The app is told the same scale
    (runtime.slack_client.Pacer)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, time_scale: float = 1.0) -> None:
        if not 0 < time_scale <= 1:
            raise ValueError("time_scale: a fraction of a second, 0 < time_scale <= 1")
        self.clock = clock
        self.time_scale = time_scale
        self.enabled = True
        self._windows: dict[tuple[str, str], Window] = {}
        self._lock = threading.Lock()

    def check(self, method: str, channel: str | None) -> float | None:
        if not self.enabled:
            return None
        if method == "chat.postMessage" and channel:
            key, limit, seconds = (method, channel), POSTS_PER_CHANNEL, POST_WINDOW
        elif method in METHOD_TIERS:
            key, limit, seconds = (method, ""), PER_MINUTE[METHOD_TIERS[method]], 60.0
        else:
            return None
        with self._lock:
            window = self._windows.setdefault(key, Window(limit, seconds * self.time_scale))
            left = window.wait(self.clock()) / self.time_scale  # in Slack's seconds
        if left <= 0:
            return None
        whole = max(1, math.ceil(left))
        return whole if self.time_scale == 1 else whole * self.time_scale
