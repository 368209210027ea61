"""The Bolt app: built once with our WebClient, with Deps placed in every request's context."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from runtime.deps import Deps
from runtime.executor import ListenerExecutor
from views.forms import NO_DATABASE, SORRY
from views.i18n import _, speaking

log = logging.getLogger(__name__)


class _QuietTokenWarning(logging.Filter):
    """Bolt warns that SLACK_BOT_TOKEN is unused when given a client; we give it the client on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def build_app(deps: Deps) -> App:
    settings = deps.settings
    bolt_logger = logging.getLogger("slack_bolt.drumbeat")
    if not any(isinstance(f, _QuietTokenWarning) for f in bolt_logger.filters):
        bolt_logger.addFilter(_QuietTokenWarning())
    app = App(
        # Our listeners only acknowledge and hand work on (handlers.routes), so Bolt runs them in the
        # request's own thread: the answer leaves as soon as they return. (Run on Bolt's pool instead, the
        # request thread polls for the acknowledgement every 10 ms.)
        listener_executor=ListenerExecutor(max_workers=2, name="bolt"),
        client=deps.client,
        # Socket Mode needs no signing secret; Bolt still wants a value.
        signing_secret=settings.slack_signing_secret or "socket-mode",
        # runtime.web checks every HTTP request's signature before Bolt sees it (on the raw bytes);
        # Socket Mode needs none.
        request_verification_enabled=False,
        process_before_response=True,
        raise_error_for_unhandled_request=False,
        logger=bolt_logger,
    )

    guard = DatabaseGuard(deps)

    @app.middleware
    def provide_deps(context: BoltContext, body: dict[str, Any], next: Any) -> Any:
        context["deps"] = deps
        if not guard.ok():
            return guard.refusal(body)
        return next()

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse:
        kind = body.get("type") if isinstance(body, dict) else None
        log.error("unhandled error in a %s request: %s", kind or "slash command", type(error).__name__, exc_info=error)
        return failure_response(body, deps.settings.language)

    return app


def _ephemeral(text: str, language: str) -> BoltResponse:
    """A short answer to a slash command, in `language` (the coalition's: the person's may be unknowable
    when this is said)."""
    with speaking(language):
        said = _(text)
    body = json.dumps({"response_type": "ephemeral", "text": said})
    return BoltResponse(status=200, body=body, headers={"content-type": "application/json"})


def failure_response(body: dict[str, Any], language: str = "en") -> BoltResponse:
    """What Slack gets when a listener failed before acknowledging.

    A slash command gets a plain apology (nothing was changed). A form gets a 500, so Slack keeps it
    open with its "trouble connecting" notice and nothing typed is lost. Events and clicks get 200:
    the same payload again would fail the same way.
    """
    if isinstance(body, dict) and body.get("command"):
        return _ephemeral(SORRY, language)
    if isinstance(body, dict) and body.get("type") == "view_submission":
        return BoltResponse(status=500, body="")
    return BoltResponse(status=200, body="")


class DatabaseGuard:
    """Refuse work while the database is down, instead of acknowledging what cannot be stored.

    Events get 503 so that Slack delivers them again later; a slash command gets a clear message;
    forms and clicks get 503 (Slack keeps the form and shows a warning). A success is trusted for a
    second, so a busy bot does not ask the database before every request.
    """

    TRUST_SECONDS = 1.0

    def __init__(self, deps: Deps) -> None:
        self.deps = deps
        self._last_ok = 0.0

    def ok(self) -> bool:
        if time.monotonic() - self._last_ok < self.TRUST_SECONDS:
            return True
        if self.deps.db.ping():
            self._last_ok = time.monotonic()
            return True
        log.warning("database unreachable: refusing Slack requests until it answers")
        return False

    def refusal(self, body: dict[str, Any]) -> BoltResponse:
        if isinstance(body, dict) and body.get("command"):
            return _ephemeral(NO_DATABASE, self.deps.settings.language)
        return BoltResponse(status=503, body="")
