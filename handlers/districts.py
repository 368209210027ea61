"""`/drumbeat districts` (the coalition's districts or wards) and `/drumbeat roster` (counts for planning):
organizers only."""

from __future__ import annotations

from core import districts, reports
from core.invalid import Refused
from handlers.request import Reply, Request, say, split_command
from handlers.routes import Routes
from runtime.deps import Deps
from views import districts as views


def register(routes: Routes) -> None:
    routes.command(["districts", "district", "wards"], districts_command, organizers=True)
    routes.command(["roster"], roster, organizers=True)


def districts_command(request: Request, deps: Deps) -> Reply | None:
    verb, rest = split_command(request.args)
    if verb in ("", "list"):
        return say(views.district_list(districts.listing(deps.db, request.team_id)))
    if verb == "add" and rest:
        try:
            return say(views.added(districts.add_named(deps.db, request.team_id, rest, deps.now())))
        except Refused as error:
            return say(views.nothing_added(error.why))
    if verb == "remove" and rest:
        return say(views.removed(districts.remove_named(deps.db, request.team_id, rest)))
    if verb == "set" and "=" in rest:
        who, _, where = (part.strip() for part in rest.partition("="))
        return say(views.assigned(who, districts.assign_named(deps.db, request.team_id, who, where), where))
    return say(views.usage())


def roster(request: Request, deps: Deps) -> Reply | None:
    return say(views.roster_message(reports.roster_of(deps.db, request.team_id)))
