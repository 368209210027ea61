"""Pause, resume, stop and delete-me: a messenger's own controls, effective at once."""

from __future__ import annotations

import logging

from slack_bolt import App

from core import messengers
from handlers.request import Reply, Request, replace, say
from handlers.routes import routes_of
from runtime import daytime
from runtime.deps import Deps
from views import attendance as attendance_views
from views import status as views

log = logging.getLogger("drumbeat.status")


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["pause"], pause)
    routes.command(["resume", "unpause"], resume)
    routes.command(["stop", "unsubscribe", "opt-out", "optout"], stop)
    routes.command(["delete-me", "deleteme", "delete"], delete_me)
    routes.action(views.DELETE_CONFIRM_ACTION, delete_confirm)
    routes.action(views.DELETE_CANCEL_ACTION, delete_cancel)


def pause(request: Request, deps: Deps) -> Reply | None:
    now = deps.now()
    with deps.db.transaction() as session:
        found = messengers.find(session, request.team_id, request.user_id)
        tz = found.tz if found else "UTC"
        try:
            until = messengers.parse_pause(request.args, now, tz)
            messengers.pause(session, request.team_id, request.user_id, until, now, via="slash")
        except messengers.PauseError as error:
            return say(views.bad_pause(str(error)))
        except messengers.NotJoined:
            return say(views.not_joined())
    log.info("messenger paused by slash command")
    return say(views.paused(until, tz))


def resume(request: Request, deps: Deps) -> Reply | None:
    with deps.db.transaction() as session:
        try:
            changed = messengers.resume(session, request.team_id, request.user_id, deps.now(), via="slash")
        except messengers.NotJoined:
            return say(views.not_joined())
    return say(views.resumed(changed))


def opt_out(deps: Deps, team_id: str, user_id: str, via: str) -> bool:
    """Opt out now; the one confirmation goes by DM the first time. True if this opted them out."""
    with deps.db.transaction() as session:
        left = messengers.opt_out(session, team_id, user_id, deps.now(), via=via)
    if left.changed:
        log.info("messenger opted out via %s", via)
        deps.slack.dm(user_id, views.opted_out_confirmation())
    tell_moved_up(deps, team_id, left)
    return left.changed


def tell_moved_up(deps: Deps, team_id: str, left: messengers.Left) -> None:
    """Places at events that someone gave up went to the next in line: each hears so (in their daytime)."""
    for moved in left.moved_up:
        daytime.dm(deps, team_id, moved.user_id, attendance_views.moved_up(moved.objective), kind="moved_up")
    if left.moved_up:
        log.info("%d people moved up into event places that were given up", len(left.moved_up))


def stop(request: Request, deps: Deps) -> Reply | None:
    if opt_out(deps, request.team_id, request.user_id, via="slash"):
        return None  # the confirmation arrives as a DM, once
    return say(views.already_opted_out())


def delete_me(request: Request, deps: Deps) -> Reply | None:
    return say(views.delete_prompt())  # a fixed prompt; nothing happens until they confirm


def delete_confirm(request: Request, deps: Deps) -> Reply | None:
    with deps.db.transaction() as session:
        left = messengers.delete_data(session, request.team_id, request.user_id, deps.now())
    log.info("a messenger deleted their data")
    tell_moved_up(deps, request.team_id, left)
    return replace(views.deleted())


def delete_cancel(request: Request, deps: Deps) -> Reply | None:
    return replace(views.delete_cancelled())
