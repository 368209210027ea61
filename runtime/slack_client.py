"""The one WebClient through which every Slack call goes: base URL from settings, retries installed.

Rate limits are shared: when Slack answers 429 with Retry-After, no call of that method leaves this
process before the time has passed, from any thread (a `RateGate`), and the call is retried after it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler, ServerErrorRetryHandler
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web import SlackResponse

from runtime.settings import Settings

log = logging.getLogger(__name__)


class RateGate:
    """Per-method "not before" times shared by all threads."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self._clock = clock
        self._sleep = sleep
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()
        self.waits = 0

    def block(self, method: str, seconds: float) -> None:
        with self._lock:
            until = self._clock() + seconds
            if until > self._until.get(method, 0.0):
                self._until[method] = until

    def remaining(self, method: str) -> float:
        with self._lock:
            return max(0.0, self._until.get(method, 0.0) - self._clock())

    def wait(self, method: str) -> None:
        while (left := self.remaining(method)) > 0:
            self.waits += 1
            self._sleep(left + 0.01)


def _method_of(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?", 1)[0]


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
        return response is not None and response.status_code == 429

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
        self.gate.block(method, retry_after(response.headers))
        log.warning("Slack rate-limited %s; waiting as Retry-After asks", method)
        self.gate.wait(method)
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
    """A WebClient that waits at the rate gate before each call."""

    gate: RateGate

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:
        self.gate.wait(api_method)
        return super().api_call(api_method, **kwargs)


def build_client(
    settings: Settings, *, timeout: int = 10, gate: RateGate | None = None, retry_backoff: float = 0.5
) -> DrumbeatClient:
    """The one WebClient. `retry_backoff`: seconds before the first repeat after a 5xx or a dropped
    connection, doubling (the SDK's exponential backoff with jitter)."""
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
    return client
