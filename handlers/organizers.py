"""`/drumbeat organizers add @a`, `remove @a`, `list`: who may steer Drumbeat."""

from __future__ import annotations

from core import mentions, roles
from handlers.request import Reply, Request, say, split_command
from handlers.routes import Routes
from runtime.deps import Deps
from views import organizers as views


def register(routes: Routes) -> None:
    routes.command(["organizers", "organizer"], organizers, organizers=True)


def organizers(request: Request, deps: Deps) -> Reply | None:
    verb, targets_text = split_command(request.args)
    targets = mentions.parse_targets(targets_text)
    configured = deps.settings.organizers
    if verb in ("", "list"):
        return say(views.listed(roles.listed(deps.db, request.team_id, configured=configured)))
    if verb not in ("add", "remove") or not targets.users or targets.unknown or targets.channels:
        return say(views.usage(targets.unknown[0] if targets.unknown else None))
    if verb == "add":
        return say(views.added(roles.add_many(deps.db, request.team_id, targets.users, request.user_id, deps.now())))
    changed = roles.remove_many(deps.db, request.team_id, targets.users)
    return say(views.removed(changed, [u for u in targets.users if u in configured]))
