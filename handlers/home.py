"""The App Home: a messenger's profile, open asks, history and controls; organizers see more."""

from __future__ import annotations

from datetime import timedelta

from slack_bolt import App

from core import home, messengers
from handlers.request import Reply, Request
from handlers.routes import routes_of
from handlers.status import opt_out
from runtime.deps import Deps
from runtime.organizers import is_organizer
from views import home as views


def register(app: App) -> None:
    routes = routes_of(app)
    routes.event("app_home_opened", on_home_opened)
    routes.action(views.PAUSE_ACTION, home_pause)
    routes.action(views.RESUME_ACTION, home_resume)
    routes.action(views.STOP_ACTION, home_stop)


def publish_home(deps: Deps, team_id: str, user_id: str) -> None:
    organizer = is_organizer(deps, team_id, user_id)
    with deps.db.reading() as session:
        found = home.gather(session, team_id, user_id, deps.now(), organizer=organizer, tz=deps.settings.timezone)
    deps.slack.publish_home(user_id, views.home_view(found, deps.settings.timezone))


def on_home_opened(request: Request, deps: Deps) -> None:
    if request.event.get("tab") in (None, "home"):
        publish_home(deps, request.team_id, request.user_id)


def home_pause(request: Request, deps: Deps) -> Reply | None:
    now = deps.now()
    try:
        with deps.db.transaction() as session:
            messengers.pause(session, request.team_id, request.user_id, now + timedelta(days=14), now, via="home")
    except messengers.NotJoined:
        pass
    publish_home(deps, request.team_id, request.user_id)
    return None


def home_resume(request: Request, deps: Deps) -> Reply | None:
    try:
        with deps.db.transaction() as session:
            messengers.resume(session, request.team_id, request.user_id, deps.now(), via="home")
    except messengers.NotJoined:
        pass
    publish_home(deps, request.team_id, request.user_id)
    return None


def home_stop(request: Request, deps: Deps) -> Reply | None:
    opt_out(deps, request.team_id, request.user_id, via="home")
    publish_home(deps, request.team_id, request.user_id)
    return None
