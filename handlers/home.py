"""The App Home: a messenger's profile, open asks, history and controls; organizers see more."""

from __future__ import annotations

import contextlib

from core import contact, messengers
from handlers.request import Reply, Request, only
from handlers.routes import Routes
from handlers.stopping import after_stop
from runtime.deps import Deps
from runtime.effects import RefreshHome
from views import home as views

PAUSE_DAYS = 14


def register(routes: Routes) -> None:
    routes.event("app_home_opened", on_home_opened)
    routes.action(views.PAUSE_ACTION, home_pause)
    routes.action(views.RESUME_ACTION, home_resume)
    routes.action(views.STOP_ACTION, home_stop)


def on_home_opened(request: Request, deps: Deps) -> Reply | None:
    if request.event.get("tab") not in (None, "home"):
        return None
    return only(RefreshHome(request.team_id, request.user_id))


def home_pause(request: Request, deps: Deps) -> Reply | None:
    messengers.pause_days(deps.db, request.team_id, request.user_id, PAUSE_DAYS, deps.now(), via="home")
    return only(RefreshHome(request.team_id, request.user_id))


def home_resume(request: Request, deps: Deps) -> Reply | None:
    with contextlib.suppress(contact.NotJoined):
        messengers.resume_now(deps.db, request.team_id, request.user_id, deps.now(), via="home")
    return only(RefreshHome(request.team_id, request.user_id))


def home_stop(request: Request, deps: Deps) -> Reply | None:
    left = messengers.stop(deps.db, request.team_id, request.user_id, deps.now(), via="home")
    return only(
        *after_stop(deps, request.team_id, request.user_id, left), RefreshHome(request.team_id, request.user_id)
    )
