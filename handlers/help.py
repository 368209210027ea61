"""`/drumbeat help`, a bare `/drumbeat`, and anything unknown: the commands for the caller's role."""

from __future__ import annotations

from handlers.request import Reply, Request, say
from handlers.routes import Routes
from runtime.deps import Deps
from views import help as views
from views.examples import examples


def register(routes: Routes) -> None:
    routes.other_commands(show_help, role=True)  # takes whatever subcommand no module claimed


def show_help(request: Request, deps: Deps) -> Reply | None:
    unknown = request.command if request.command not in ("", "help") else None
    ex = examples(deps.now(), deps.settings.timezone)
    return say(views.help_message(ex, unknown=unknown, organizer=request.organizer))
