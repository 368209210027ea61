"""Pause, resume, stop and delete-me: a messenger's own controls, effective at once."""

from __future__ import annotations

import logging
from datetime import timedelta

from core import contact, messengers
from core.invalid import Refused
from handlers.request import Reply, Request, replace, say
from handlers.routes import Routes
from handlers.stopping import after_stop, moved_up
from runtime.deps import Deps
from views import status as views

log = logging.getLogger("drumbeat.status")


def register(routes: Routes) -> None:
    routes.command(["pause"], pause)
    routes.command(["resume", "unpause"], resume)
    routes.command(["stop", "unsubscribe", "opt-out", "optout"], stop)
    routes.command(["delete-me", "deleteme", "delete"], delete_me)
    routes.action(views.DELETE_CONFIRM_ACTION, delete_confirm)
    routes.action(views.DELETE_CANCEL_ACTION, delete_cancel)


def pause(request: Request, deps: Deps) -> Reply | None:
    now = deps.now()
    try:
        paused = messengers.pause_for(deps.db, request.team_id, request.user_id, request.args, now, via="slash")
    except Refused as error:
        return say(views.bad_pause(error.why, (now + timedelta(days=30)).date().isoformat()))
    except contact.NotJoined:
        return say(views.not_joined())
    log.info("messenger paused by slash command")
    return say(views.paused(paused.until, paused.tz))


def resume(request: Request, deps: Deps) -> Reply | None:
    try:
        changed = messengers.resume_now(deps.db, request.team_id, request.user_id, deps.now(), via="slash")
    except contact.NotJoined:
        return say(views.not_joined())
    return say(views.resumed(changed))


def stop(request: Request, deps: Deps) -> Reply | None:
    left = messengers.stop(deps.db, request.team_id, request.user_id, deps.now(), via="slash")
    if left.changed:
        log.info("messenger opted out via slash")
        return Reply(effects=after_stop(deps, request.team_id, request.user_id, left))  # the confirmation is a DM
    return say(views.already_opted_out(), *moved_up(deps, request.team_id, left))


def delete_me(request: Request, deps: Deps) -> Reply | None:
    return say(views.delete_prompt())  # a fixed prompt; nothing happens until they confirm


def delete_confirm(request: Request, deps: Deps) -> Reply | None:
    left = messengers.delete_everything(deps.db, request.team_id, request.user_id, deps.now())
    log.info("a messenger deleted their data")
    return replace(views.deleted(), *moved_up(deps, request.team_id, left))


def delete_cancel(request: Request, deps: Deps) -> Reply | None:
    return replace(views.delete_cancelled())
