"""`/drumbeat help`, a bare `/drumbeat`, and anything unknown: the commands for the caller's role."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from handlers.common import deps_of, is_organizer, split_command, team_of, user_of
from views import help as help_view


def register(app: App) -> None:
    app.command("/drumbeat")(show_help)  # registered last: takes whatever no other module claimed


def show_help(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    name, _ = split_command(body.get("text"))
    organizer = is_organizer(deps_of(context), team_of(body), user_of(body))
    ack(**help_view.help_message(unknown=name if name not in ("", "help") else None, organizer=organizer))
