"""`/drumbeat districts` (the coalition's districts or wards) and `/drumbeat roster` (counts for planning):
organizers only."""

from __future__ import annotations

from slack_bolt import App

from core import campaigns, districts, reports
from handlers.request import Reply, Request, say, split_command
from handlers.routes import routes_of
from runtime.deps import Deps
from views import districts as views
from views.status import note
from views.text import esc


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["districts", "district", "wards"], districts_command, organizers=True)
    routes.command(["roster"], roster, organizers=True)


def districts_command(request: Request, deps: Deps) -> Reply | None:
    verb, rest = split_command(request.args)
    if verb in ("", "list"):
        with deps.db.reading() as session:
            return say(views.district_list(districts.overview(session, request.team_id)))
    if verb == "add" and rest:
        try:
            with deps.db.transaction() as session:
                added = districts.add(session, request.team_id, districts.names_in(rest), deps.now())
        except ValueError as error:
            return say(note(f"Nothing was added: {esc(str(error))}."))
        names = ", ".join(esc(n) for n in added)
        return say(note(f"Added {names}." if added else "They were there already."))
    if verb == "remove" and rest:
        with deps.db.transaction() as session:
            removed = districts.remove(session, request.team_id, districts.names_in(rest))
        return say(note(f"Removed {', '.join(esc(n) for n in removed)}." if removed else "No such district."))
    if verb == "set" and "=" in rest:
        return say(note(_assign(deps, request.team_id, rest)))
    return say(note(views.USAGE))


def _assign(deps: Deps, team_id: str, text: str) -> str:
    """`Council Member Diaz = Ward 3`: which district a decision maker represents."""
    who, _, where = (part.strip() for part in text.partition("="))
    key = campaigns.decision_maker_key(who)
    with deps.db.transaction() as session:
        known = {p.key: p.name for p in campaigns.decision_makers(session, team_id)}
        if key not in known:
            listed = list(known.values())
            names = ", ".join(esc(n) for n in listed[:10]) or "none yet"
            names += f", and {len(listed) - 10} more" if len(listed) > 10 else ""
            return f"No campaign names a decision maker `{esc(who[:60])}`. Decision makers: {names}."
        district = None
        if where.casefold() not in ("", "none", "-"):
            district = districts.find(session, team_id, where)
            if district is None:
                return f"`{esc(where[:60])}` is not one of the coalition's districts. " + views.USAGE
        districts.assign(session, team_id, key, district)
    return f"{esc(known[key])} represents {esc(district.name) if district else 'no district'}."


def roster(request: Request, deps: Deps) -> Reply | None:
    with deps.db.reading() as session:
        return say(views.roster_message(reports.roster(session, request.team_id)))
