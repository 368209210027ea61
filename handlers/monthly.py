"""The monthly "your drumbeat" note's one-click opt-out, and `/drumbeat monthly on|off`."""

from __future__ import annotations

from core import monthly
from core.monthly import Choice
from handlers.request import Reply, Request, replace, say
from handlers.routes import Routes
from runtime.deps import Deps
from views import monthly as views


def register(routes: Routes) -> None:
    routes.action(views.OFF, monthly_off)
    routes.command(["monthly"], monthly_command)


def monthly_off(request: Request, deps: Deps) -> Reply | None:
    choice = monthly.set_wanted(deps.db, request.team_id, request.user_id, False)
    if choice is Choice.STOPPED:
        return say(views.stopped())  # the note they clicked stays as it was
    return replace(views.turned_off())


def monthly_command(request: Request, deps: Deps) -> Reply | None:
    word = request.args.strip().lower()
    if word not in ("on", "off"):
        return say(views.usage())
    choice = monthly.set_wanted(deps.db, request.team_id, request.user_id, word == "on")
    if choice is Choice.NOT_JOINED:
        return say(views.join_first())
    if choice is Choice.STOPPED:
        return say(views.stopped())
    return say(views.turned_on() if word == "on" else views.turned_off())
