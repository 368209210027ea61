"""The App Home: the profile, or a Get started button."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.errors import SlackClientError

from core import messengers
from handlers.common import deps_of, slack_error, team_of
from runtime.deps import Deps
from views.home import home_view

log = logging.getLogger("drumbeat.home")


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)


def publish_home(deps: Deps, team_id: str, user_id: str) -> None:
    with deps.db.transaction() as session:
        messenger = messengers.find(session, team_id, user_id)
        has_profile = messenger is not None and messenger.onboarded_at is not None
        view = home_view(
            profile=messengers.Profile.of(messenger) if messenger is not None and has_profile else None,
            tz=messenger.tz if messenger else "UTC",
            status=messenger.status if messenger else None,
            paused_until=messenger.paused_until if messenger else None,
        )
    try:
        deps.slack.views_publish(user_id=user_id, view=view)
    except (SlackClientError, OSError) as error:
        log.warning("views.publish failed: %s", slack_error(error))


def on_home_opened(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    if event.get("tab") not in (None, "home"):
        return
    publish_home(deps_of(context), team_of(body), str(event.get("user", "")))
