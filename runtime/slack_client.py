"""The one WebClient through which every Slack call goes: base URL from settings, retries installed.

Rate limits, twice over:
- a `Pacer` keeps every method below Slack's published limits before Slack has to say so: Drumbeat's own
  pace never earns a 429;
- when Slack answers 429 anyway (another app, a limit Slack does not publish), no call of that method
  (of chat.postMessage: to that channel) leaves this process before Retry-After has passed, from any
  thread (a `RateGate`), and the call is retried after it.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, ServerErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web import SlackResponse

from runtime.settings import Settings

log = logging.getLogger(__name__)


# Slack's published limits (https://docs.slack.dev/apis/web-api/rate-limits): per method, per app, per
# workspace, in calls per minute by tier: Tier 1 "1+", Tier 2 "20+", Tier 3 "50+", Tier 4 "100+". Each
# method's tier is on its reference page (https://docs.slack.dev/reference/methods/<method>).
PER_MINUTE = {1: 1, 2: 20, 3: 50, 4: 100}
TIERS: dict[str, int] = {
    "users.list": 2,
    "conversations.history": 3,  # Tier 3 for internal apps (non-Marketplace distributed apps: less)
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
# chat.postMessage is "special": "generally allows posting one message per second per channel, while also
# maintaining a workspace-wide limit" (same page; short bursts allowed, no guarantee). The workspace-wide
# number is not published: `posts_per_minute` is ours (Settings.posts_per_minute, 500 by default).
# Per channel: "one per second", bursts allowed but not numbered: we take 10 in any 10 s as the limit (the
# test Slack server enforces that) and stay at `fraction` of it (9 in any 10 s by default).
POSTS_PER_CHANNEL, POST_WINDOW = 10, 10.0
# Never held back: views.open and views.push carry a trigger that dies 3 s after the click (Tier 4's
# "generous burst behavior"; a person's clicks are the pace); apps.connections.open (Tier 1, "a small amount
# of burst behavior is tolerated") replaces a dropped Socket Mode connection, which must not wait a minute.
UNPACED = frozenset({"views.open", "views.push", "apps.connections.open"})


BULK_SHARE = 0.8  # bulk work (sending to everyone, invites) may use this much of a limit; people, all of it
_bulk = threading.local()


@contextmanager
def bulk() -> Iterator[None]:
    """Calls made inside are bulk work: they leave a fifth of each limit to what answers a person (a STOP's
    confirmation, a form), so that never queues behind a send to a thousand."""
    before = getattr(_bulk, "on", False)
    _bulk.on = True
    try:
        yield
    finally:
        _bulk.on = before


class Window:
    """At most `limit` events in any `seconds`-long window (bulk work: `BULK_SHARE` of them)."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = max(1, limit)
        self.bulk_limit = max(1, math.floor(self.limit * BULK_SHARE))
        self.seconds = seconds
        self.times: deque[float] = deque()

    def wait(self, now: float, *, for_bulk: bool = False) -> float:
        """Seconds until one more event may happen (0: now)."""
        while self.times and self.times[0] <= now - self.seconds:
            self.times.popleft()
        limit = self.bulk_limit if for_bulk else self.limit
        if len(self.times) < limit:
            return 0.0
        return self.times[len(self.times) - limit] + self.seconds - now


class Pacer:
    """Keeps Drumbeat below Slack's limits: a call waits here until its method's window (and, for a post,
    its channel's and the workspace's posting windows) has room. `fraction` of each published tier.
    `time_scale`: how long one of Slack's seconds lasts, in real seconds (1 against Slack; less against a
    test server whose limits run faster, slacksim's `time_scale`)."""

    def __init__(
        self,
        fraction: float = 0.9,
        posts_per_minute: int = 500,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        time_scale: float = 1.0,
    ) -> None:
        self.fraction = fraction
        self.posts_per_minute = posts_per_minute
        self.time_scale = time_scale
        self._clock = clock
        self._sleep = sleep
        self._windows: dict[tuple[str, str], Window] = {}
        self._lock = threading.Lock()
        self.waited = 0.0  # seconds spent waiting, all threads (benchmarks print it)

    def _windows_for(self, method: str, channel: str | None) -> list[Window]:
        found = []
        if method == "chat.postMessage":
            found.append(self._window((method, ""), self.posts_per_minute, 60.0))
            # and smoothly within the minute: at most twice the average rate in any one second
            found.append(self._window((method, "1s"), math.ceil(self.posts_per_minute / 30), 1.0))
            if channel:
                limit = math.floor(POSTS_PER_CHANNEL * self.fraction)
                found.append(self._window((method, channel), limit, POST_WINDOW))
        elif method in TIERS:
            found.append(self._window((method, ""), math.floor(PER_MINUTE[TIERS[method]] * self.fraction), 60.0))
        return found

    def _window(self, key: tuple[str, str], limit: int, seconds: float) -> Window:
        if key not in self._windows:
            self._windows[key] = Window(limit, seconds * self.time_scale)
        return self._windows[key]

    def acquire(self, method: str, channel: str | None = None) -> None:
        if method in UNPACED:
            return
        for_bulk = getattr(_bulk, "on", False)
        while True:
            with self._lock:
                now = self._clock()
                windows = self._windows_for(method, channel)
                left = max((w.wait(now, for_bulk=for_bulk) for w in windows), default=0.0)
                if left <= 0:
                    for window in windows:
                        window.times.append(now)
                    return
            self.waited += left
            self._sleep(left)


_look = threading.local()


class NotPosted(SlackClientError):
    """A post stopped before it left: its last look said no (see `last_look`)."""


@contextmanager
def last_look(may_post: Callable[[], bool]) -> Iterator[None]:
    """Posts made inside ask `may_post()` just before they leave (after any wait at the gate or the
    pacer) and raise NotPosted if it says no; a 429 is not retried inside the SDK (the caller decides)."""
    before = getattr(_look, "fn", None)
    _look.fn = may_post
    try:
        yield
    finally:
        _look.fn = before


def _guarded(method: str) -> bool:
    return method == "chat.postMessage" and getattr(_look, "fn", None) is not None


class RateGate:
    """ "Not before" times after a 429, per method (and per channel for posting), shared by all threads."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self._clock = clock
        self._sleep = sleep
        self._until: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()
        self.waits = 0

    def block(self, method: str, seconds: float, channel: str | None = None) -> None:
        key = (method, channel or "")
        with self._lock:
            until = self._clock() + seconds
            if until > self._until.get(key, 0.0):
                self._until[key] = until

    def remaining(self, method: str, channel: str | None = None) -> float:
        with self._lock:
            return max(0.0, self._until.get((method, channel or ""), 0.0) - self._clock())

    def wait(self, method: str, channel: str | None = None) -> None:
        while (left := self.remaining(method, channel)) > 0:
            self.waits += 1
            self._sleep(left + 0.01)


def _method_of(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?", 1)[0]


def posting_channel(method: str, args: dict[str, Any] | None) -> str | None:
    """The channel a chat.postMessage goes to (its limits are per channel); None for other methods."""
    if method != "chat.postMessage" or not args:
        return None
    channel = args.get("channel")
    return str(channel) if channel else None


def _channel_of_request(method: str, request: HttpRequest) -> str | None:
    if method != "chat.postMessage":
        return None
    args: dict[str, Any] = dict(request.body_params or {})
    if not args and request.data:
        text = request.data.decode("utf-8", "replace")
        try:
            loaded = json.loads(text)
            args = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            args = dict(parse_qsl(text))
    return posting_channel(method, args)


class GateRateLimitHandler(RetryHandler):
    """On 429: close the gate for that method for Retry-After seconds, wait, retry."""

    def __init__(self, gate: RateGate, max_retry_count: int = 5) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.gate = gate

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is None or response.status_code != 429:
            return False
        method = _method_of(request.url)
        if _guarded(method):  # its caller retries it later through the outbox: close the gate for others
            self.gate.block(method, retry_after(response.headers), _channel_of_request(method, request))
            return False
        return True

    def prepare_for_next_attempt(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        assert response is not None
        method = _method_of(request.url)
        channel = _channel_of_request(method, request)
        self.gate.block(method, retry_after(response.headers), channel)
        log.warning("Slack rate-limited %s; waiting as Retry-After asks", method)
        self.gate.wait(method, channel)
        state.next_attempt_requested = True
        state.increment_current_attempt()


# Methods that do the same thing when repeated: safe to retry after an error that left us unsure
# whether Slack acted. Posting is not: a repeat could be a second copy (the outbox checks instead).
IDEMPOTENT = frozenset(
    {
        "auth.test",
        "users.info",
        "users.list",
        "conversations.open",
        "conversations.history",
        "conversations.members",
        "chat.update",
        "views.publish",
        "views.update",
    }
)


def _never_reached_slack(error: Exception | None) -> bool:
    reason = getattr(error, "reason", error)
    return isinstance(reason, ConnectionRefusedError)


class HarmlessRepeatsOnly(RetryHandler):
    """Mixed into a retry handler: retry only when a repeat cannot make a second copy, that is, when
    the request never reached Slack (a refused connection) or the method is idempotent."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        return _never_reached_slack(error) or _method_of(request.url) in IDEMPOTENT


class SafeConnectionErrorRetryHandler(HarmlessRepeatsOnly, ConnectionErrorRetryHandler):
    """Dropped or refused connections."""


class SafeServerErrorRetryHandler(HarmlessRepeatsOnly, ServerErrorRetryHandler):
    """5xx answers (a 5xx means Slack was reached, so only idempotent methods are repeated)."""


def retry_after(headers: dict[str, Any]) -> float:
    for key, value in headers.items():
        if key.lower() == "retry-after":
            raw = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                break
    return 1.0


class DrumbeatClient(WebClient):
    """A WebClient that waits at the rate gate, then the pacer, before each call."""

    gate: RateGate
    pacer: Pacer | None

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        args = kwargs.get("json") or kwargs.get("params") or kwargs.get("data")
        channel = posting_channel(api_method, args if isinstance(args, dict) else None)
        self.gate.wait(api_method, channel)
        if self.pacer is not None:
            self.pacer.acquire(api_method, channel)
        if _guarded(api_method) and not _look.fn():
            raise NotPosted(f"{api_method} not sent: its last look said no")
        return super().api_call(api_method, **kwargs)


def build_client(
    settings: Settings,
    *,
    timeout: int = 10,
    gate: RateGate | None = None,
    retry_backoff: float = 0.5,
    time_scale: float = 1.0,
) -> DrumbeatClient:
    """The one WebClient. `retry_backoff`: seconds before the first repeat after a 5xx or a dropped
    connection, doubling (the SDK's exponential backoff with jitter). The pace comes from settings
    (`slack_pace`: the fraction of each published limit to stay under; None: no pacing); `time_scale` is the
    test Slack server's, when its limits run faster than Slack's (Pacer)."""
    gate = gate or RateGate()
    backoff = BackoffRetryIntervalCalculator(backoff_factor=retry_backoff)
    client = DrumbeatClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=timeout,
        logger=logging.getLogger("drumbeat.slack"),
        retry_handlers=[
            GateRateLimitHandler(gate),
            SafeServerErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
            SafeConnectionErrorRetryHandler(max_retry_count=2, interval_calculator=backoff),
        ],
    )
    client.gate = gate
    client.pacer = (
        None
        if settings.slack_pace is None
        else Pacer(settings.slack_pace, settings.posts_per_minute, time_scale=time_scale)
    )
    return client
