"""`/drumbeat organizers add @a`, `remove @a`, `list`: who may steer Drumbeat."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from core import mentions, roles
from handlers.common import Reply, acknowledged_first, is_organizer, split_command, team_of, user_of
from handlers.routes import routes_of
from runtime.deps import Deps
from views.status import note
from views.text import esc

REFUSAL = "Sorry, that's for organizers. Ask an organizer in the coalition channel if you'd like to help steer."


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["organizers", "organizer"], acknowledged_first(organizers))


def organizers(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    team_id, caller = team_of(body), user_of(body)
    if not is_organizer(deps, team_id, caller):
        return note(REFUSAL)
    _, rest = split_command(body.get("text"))
    verb, targets_text = split_command(rest)
    targets = mentions.parse_targets(targets_text)
    now = deps.now()
    if verb in ("", "list"):
        with deps.db.transaction() as session:
            added = roles.added(session, team_id)
        configured = sorted(deps.settings.organizers)
        people = ", ".join(f"<@{u}>" for u in configured + [a for a in added if a not in configured]) or "nobody yet"
        return note(f"*Organizers:* {people}, and workspace admins and owners.")
    if verb not in ("add", "remove") or not targets.users or targets.unknown or targets.channels:
        bad = f" I couldn't read `{esc(targets.unknown[0])}` as a person." if targets.unknown else ""
        return note(f"Try `/drumbeat organizers add @ana`, `/drumbeat organizers remove @ana` or `list`.{bad}")
    changed = []
    with deps.db.transaction() as session:
        for user_id in targets.users:
            if verb == "add" and roles.add(session, team_id, user_id, caller, now):
                changed.append(user_id)
            if verb == "remove" and roles.remove(session, team_id, user_id):
                changed.append(user_id)
    names = ", ".join(f"<@{u}>" for u in changed)
    if verb == "add":
        return note(f"Added {names} as organizers." if changed else "They were organizers already.")
    in_settings = [u for u in targets.users if u in deps.settings.organizers]
    extra = (
        " " + ", ".join(f"<@{u}>" for u in in_settings) + " stay organizers: they are named in DRUMBEAT_ORGANIZERS."
        if in_settings
        else ""
    )
    return note((f"Removed {names}." if changed else "Nobody was removed.") + extra)
