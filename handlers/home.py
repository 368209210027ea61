"""The App Home: a messenger's profile, open asks, history and controls; organizers see more."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.errors import SlackClientError

from core import calls, campaigns, checkins, messengers, reports
from handlers.common import Reply, acknowledged_first, deps_of, is_organizer, slack_error, team_of, user_of
from handlers.routes import routes_of
from handlers.status import opt_out
from runtime.deps import Deps
from views.home import PAUSE_ACTION, RESUME_ACTION, STOP_ACTION, OrganizerPanel, home_view

log = logging.getLogger("drumbeat.home")


def register(app: App) -> None:
    routes = routes_of(app)
    app.event("app_home_opened")(on_home_opened)
    routes.action(PAUSE_ACTION, acknowledged_first(pause_button))
    routes.action(RESUME_ACTION, acknowledged_first(resume_button))
    routes.action(STOP_ACTION, acknowledged_first(stop_button))


def publish_home(deps: Deps, team_id: str, user_id: str) -> None:
    organizer = is_organizer(deps, team_id, user_id)
    now = deps.now()
    with deps.db.reading() as session:
        messenger = messengers.find(session, team_id, user_id)
        has_profile = messenger is not None and messenger.onboarded_at is not None
        asks = []
        for ask in checkins.asks_of(session, team_id, user_id, now):
            card = calls.card(session, ask.call_id)
            if card is not None:
                asks.append((ask, card))
        panel = None
        if organizer:
            panel = OrganizerPanel(
                campaigns=[(c.name, c.status) for c in campaigns.all_of(session, team_id)],
                upcoming=reports.upcoming(session, team_id),
                recent=reports.report(session, team_id, since=now - timedelta(days=30)).total,
                attention=reports.attention(session, team_id, now),
            )
        view = home_view(
            profile=messengers.Profile.of(messenger) if messenger is not None and has_profile else None,
            tz=messenger.tz if messenger else "UTC",
            status=messenger.status if messenger else None,
            paused_until=messenger.paused_until if messenger else None,
            asks=asks,
            organizer=panel,
        )
    try:
        deps.slack.views_publish(user_id=user_id, view=view)
    except (SlackClientError, OSError) as error:
        log.warning("views.publish failed: %s", slack_error(error))


def on_home_opened(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    if event.get("tab") not in (None, "home"):
        return
    publish_home(deps_of(context), team_of(body), str(event.get("user", "")))


def pause_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    now = deps.now()
    try:
        with deps.db.transaction() as session:
            messengers.pause(session, team_of(body), user_of(body), now + timedelta(days=14), now, via="home")
    except messengers.NotJoined:
        pass
    publish_home(deps, team_of(body), user_of(body))
    return None


def resume_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    try:
        with deps.db.transaction() as session:
            messengers.resume(session, team_of(body), user_of(body), deps.now(), via="home")
    except messengers.NotJoined:
        pass
    publish_home(deps, team_of(body), user_of(body))
    return None


def stop_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    opt_out(deps, team_of(body), user_of(body), via="home")
    publish_home(deps, team_of(body), user_of(body))
    return None
