"""`/drumbeat organizers add @a`, `remove @a`, `list`: who may steer Drumbeat."""

from __future__ import annotations

from slack_bolt import App

from core import mentions, roles
from handlers.request import Reply, Request, say, split_command
from handlers.routes import routes_of
from runtime.deps import Deps
from views.status import note
from views.text import esc


def register(app: App) -> None:
    routes_of(app).command(["organizers", "organizer"], organizers, organizers=True)


def organizers(request: Request, deps: Deps) -> Reply | None:
    verb, targets_text = split_command(request.args)
    targets = mentions.parse_targets(targets_text)
    if verb in ("", "list"):
        with deps.db.reading() as session:
            added = roles.added(session, request.team_id)
        configured = sorted(deps.settings.organizers)
        people = ", ".join(f"<@{u}>" for u in configured + [a for a in added if a not in configured]) or "nobody yet"
        return say(note(f"*Organizers:* {people}, and workspace admins and owners."))
    if verb not in ("add", "remove") or not targets.users or targets.unknown or targets.channels:
        bad = f" I couldn't read `{esc(targets.unknown[0])}` as a person." if targets.unknown else ""
        return say(note(f"Try `/drumbeat organizers add @ana`, `/drumbeat organizers remove @ana` or `list`.{bad}"))
    changed = []
    with deps.db.transaction() as session:
        for user_id in targets.users:
            if verb == "add" and roles.add(session, request.team_id, user_id, request.user_id, deps.now()):
                changed.append(user_id)
            if verb == "remove" and roles.remove(session, request.team_id, user_id):
                changed.append(user_id)
    names = ", ".join(f"<@{u}>" for u in changed)
    if verb == "add":
        return say(note(f"Added {names} as organizers." if changed else "They were organizers already."))
    in_settings = [u for u in targets.users if u in deps.settings.organizers]
    extra = (
        " " + ", ".join(f"<@{u}>" for u in in_settings) + " stay organizers: they are named in DRUMBEAT_ORGANIZERS."
        if in_settings
        else ""
    )
    return say(note((f"Removed {names}." if changed else "Nobody was removed.") + extra))
