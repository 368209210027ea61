"""Start-up checks that fail with one clear line, and serving in HTTP or Socket Mode."""

from __future__ import annotations

import logging
import threading
import urllib.error
from pathlib import Path

from slack_bolt import App
from slack_sdk.errors import SlackApiError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from models.db import Database
from runtime import deps as runtime_deps
from runtime.clock import OffsetClock
from runtime.deps import Deps
from runtime.logs import configure_logging
from runtime.settings import Settings
from runtime.slack_client import build_client
from runtime.web import CannotListen, HttpServer, wsgi_app

log = logging.getLogger("drumbeat")


class StartupError(Exception):
    pass


def prepare(settings: Settings) -> Deps:
    secrets = [s for s in (settings.slack_bot_token, settings.slack_signing_secret, settings.slack_app_token) if s]
    configure_logging(settings.log_level, secrets=secrets)

    db = Database(settings.database_url)
    shown_url = make_url(db.url).render_as_string(hide_password=True)
    try:
        db.migrate()
    except (SQLAlchemyError, OSError) as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0][:200]
        raise StartupError(
            f"cannot open the database at {shown_url} ({reason}); check DATABASE_URL and that the server is running."
        ) from None

    slack = build_client(settings)
    try:
        auth = slack.auth_test()
    except SlackApiError as error:
        code = error.response.get("error", "unknown") if error.response is not None else "unknown"
        raise StartupError(
            f"Slack rejected SLACK_BOT_TOKEN (auth.test: {code}); copy the Bot User OAuth Token again from "
            "your app's 'OAuth & Permissions' page, and reinstall the app if its scopes changed."
        ) from None
    except (urllib.error.URLError, OSError) as error:
        raise StartupError(
            f"cannot reach Slack at {settings.slack_api_url} ({error}); check the network or SLACK_API_URL."
        ) from None

    deps = Deps(settings=settings, db=db, client=slack, bot_user_id=auth.get("user_id"), team_id=auth.get("team_id"))
    if settings.clock_offset_file:  # the playground moves time forward; see runtime.clock
        deps.clock = OffsetClock(Path(settings.clock_offset_file))
        log.info("reading time through the playground's clock offset file")
    runtime_deps.install(deps)
    log.info("connected to Slack team %s as %s; database %s", auth.get("team_id"), auth.get("user_id"), db.backend)
    return deps


def serve(app: App, deps: Deps, *, until: threading.Event) -> None:
    try:
        _serve(app, deps, until=until)
    except CannotListen as error:
        raise StartupError(str(error)) from None


def _serve(app: App, deps: Deps, *, until: threading.Event) -> None:
    settings = deps.settings
    if settings.socket_mode:
        from runtime import socket_mode

        try:
            socket_mode.serve(app, deps, until=until)
        except socket_mode.AppTokenRejected as error:
            raise StartupError(
                f"Slack rejected SLACK_APP_TOKEN (apps.connections.open: {error.code}); generate an app-level "
                "token with the scope connections:write under your app's 'Basic Information' > App-Level Tokens, "
                "and check that Socket Mode is on."
            ) from None
        return
    assert settings.slack_signing_secret is not None, "settings require it in HTTP mode"
    server = HttpServer(wsgi_app(app, deps.db, settings.slack_signing_secret), port=settings.port).start()
    log.info("listening for Slack on http://0.0.0.0:%d/slack/events (health: /healthz)", server.port)
    # A timed wait: a SIGTERM the kernel hands to another thread does not interrupt a wait without one
    # (Python runs signal handlers in the main thread only when it next runs bytecode).
    while not until.wait(0.5):
        pass
    server.stop()
