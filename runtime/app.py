"""The Bolt app: built once with our WebClient, with Deps placed in every request's context."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext

from runtime.deps import Deps
from runtime.executor import ListenerExecutor

log = logging.getLogger(__name__)


class _QuietTokenWarning(logging.Filter):
    """Bolt warns that SLACK_BOT_TOKEN is unused when given a client; we give it the client on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


def build_app(deps: Deps, executor: ListenerExecutor | None = None) -> App:
    settings = deps.settings
    bolt_logger = logging.getLogger("slack_bolt.drumbeat")
    if not any(isinstance(f, _QuietTokenWarning) for f in bolt_logger.filters):
        bolt_logger.addFilter(_QuietTokenWarning())
    app = App(
        listener_executor=executor or ListenerExecutor(),
        client=deps.slack,
        # Socket Mode needs no signing secret; Bolt still wants a value.
        signing_secret=settings.slack_signing_secret or "socket-mode",
        request_verification_enabled=not settings.socket_mode,
        process_before_response=False,
        raise_error_for_unhandled_request=False,
        logger=bolt_logger,
    )

    @app.middleware
    def provide_deps(context: BoltContext, next: Any) -> Any:
        context["deps"] = deps
        return next()

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> None:
        kind = body.get("type") if isinstance(body, dict) else None
        log.error("unhandled error in a %s request: %s", kind, type(error).__name__, exc_info=error)

    return app
