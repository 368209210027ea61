"""What people write in their DM with Drumbeat: STOP (and its variants) opts them out at once."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from core import messengers
from handlers.common import deps_of, once_per_event, team_of
from handlers.status import opt_out


def register(app: App) -> None:
    app.event("message")(on_message)


def on_message(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
        return  # edits, joins, our own posts: not a person writing to us
    user_id = str(event.get("user") or "")
    if not user_id:
        return
    deps = deps_of(context)
    if not once_per_event(deps, body, lambda _session: True):
        return
    if messengers.is_stop_word(event.get("text")):
        opt_out(deps, team_of(body), user_id, via="dm_stop")
