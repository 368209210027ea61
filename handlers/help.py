"""`/drumbeat help`, a bare `/drumbeat`, and anything unknown: the commands for the caller's role."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from handlers.common import Reply, acknowledged_first, is_organizer, split_command, team_of, user_of
from handlers.routes import routes_of
from runtime.deps import Deps
from views import help as help_view


def register(app: App) -> None:
    routes = routes_of(app)
    routes.other_commands(acknowledged_first(show_help))  # registered last: takes what no module claimed


def show_help(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    name, _ = split_command(body.get("text"))
    organizer = is_organizer(deps, team_of(body), user_of(body))
    return help_view.help_message(unknown=name if name not in ("", "help") else None, organizer=organizer)
