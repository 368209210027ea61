"""Pause, resume, stop and delete-me: a messenger's own controls, effective at once."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from core import messengers
from handlers.common import Reply, acknowledged_first, post_dm, split_command, team_of, user_of
from handlers.routes import routes_of
from runtime.deps import Deps
from views import status as views

log = logging.getLogger("drumbeat.status")


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["pause"], acknowledged_first(pause))
    routes.command(["resume", "unpause"], acknowledged_first(resume))
    routes.command(["stop", "unsubscribe", "opt-out", "optout"], acknowledged_first(stop))
    routes.command(["delete-me", "deleteme", "delete"], delete_me)
    routes.action(views.DELETE_CONFIRM_ACTION, acknowledged_first(confirm_delete))
    routes.action(views.DELETE_CANCEL_ACTION, acknowledged_first(cancel_delete))


def pause(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    team_id, user_id = team_of(body), user_of(body)
    _, rest = split_command(body.get("text"))
    now = deps.now()
    with deps.db.transaction() as session:
        found = messengers.find(session, team_id, user_id)
        tz = found.tz if found else "UTC"
        try:
            until = messengers.parse_pause(rest, now, tz)
            messengers.pause(session, team_id, user_id, until, now, via="slash")
        except messengers.PauseError as error:
            return views.bad_pause(str(error))
        except messengers.NotJoined:
            return views.not_joined()
    log.info("messenger paused by slash command")
    return views.paused(until, tz)


def resume(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    with deps.db.transaction() as session:
        try:
            changed = messengers.resume(session, team_of(body), user_of(body), deps.now(), via="slash")
        except messengers.NotJoined:
            return views.not_joined()
    return views.resumed(changed)


def opt_out(deps: Deps, team_id: str, user_id: str, via: str) -> bool:
    """Opt out now; the one confirmation goes by DM the first time. True if this opted them out."""
    with deps.db.transaction() as session:
        changed = messengers.opt_out(session, team_id, user_id, deps.now(), via=via)
    if changed:
        log.info("messenger opted out via %s", via)
        post_dm(deps, user_id, views.opted_out_confirmation())
    return changed


def stop(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if opt_out(deps, team_of(body), user_of(body), via="slash"):
        return None  # the confirmation arrives as a DM, once
    return views.already_opted_out()


def delete_me(ack: Ack) -> None:
    ack(**views.delete_prompt())  # a fixed prompt; nothing happens until they confirm


def confirm_delete(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    with deps.db.transaction() as session:
        messengers.delete_data(session, team_of(body), user_of(body), deps.now())
    log.info("a messenger deleted their data")
    return {"replace_original": True, **views.deleted()}


def cancel_delete(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    return {"replace_original": True, **views.delete_cancelled()}
