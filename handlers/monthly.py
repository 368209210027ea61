"""The monthly "your drumbeat" note's one-click opt-out, and `/drumbeat monthly on|off`."""

from __future__ import annotations

from slack_bolt import App

from core import monthly
from handlers.request import Reply, Request, replace, say
from handlers.routes import routes_of
from runtime.deps import Deps
from views import monthly as views
from views.status import note

OFF_TEXT = "Done: no more monthly notes. `/drumbeat monthly on` brings them back."
STOPPED_TEXT = (
    "You asked Drumbeat to stop messaging you, so nothing changed and nothing is sent, the monthly note "
    "included. `/drumbeat join` brings you back."
)


def register(app: App) -> None:
    routes = routes_of(app)
    routes.action(views.OFF, monthly_off)
    routes.command(["monthly"], monthly_command)


def monthly_off(request: Request, deps: Deps) -> Reply | None:
    with deps.db.transaction() as session:
        choice = monthly.set_wanted(session, request.team_id, request.user_id, False)
    if choice is monthly.Choice.STOPPED:
        return say(note(STOPPED_TEXT))  # the note they clicked stays as it was
    return replace(note(OFF_TEXT))


def monthly_command(request: Request, deps: Deps) -> Reply | None:
    word = request.args.strip().lower()
    if word not in ("on", "off"):
        return say(note("`/drumbeat monthly off` stops the monthly note; `/drumbeat monthly on` brings it back."))
    with deps.db.transaction() as session:
        choice = monthly.set_wanted(session, request.team_id, request.user_id, word == "on")
    if choice is monthly.Choice.NOT_JOINED:
        return say(note("Join first: `/drumbeat join`."))
    if choice is monthly.Choice.STOPPED:
        return say(note(STOPPED_TEXT))
    return say(note("The monthly note is on: the 1st of each month." if word == "on" else OFF_TEXT))
