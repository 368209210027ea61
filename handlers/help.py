"""`/drumbeat help`, a bare `/drumbeat`, and anything unknown: the commands for the caller's role."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from handlers.common import split_command
from views import help as help_view


def register(app: App) -> None:
    app.command("/drumbeat")(show_help)


def show_help(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    name, _ = split_command(body.get("text"))
    unknown = name not in ("", "help")
    ack(**help_view.help_message(unknown=name if unknown else None))
