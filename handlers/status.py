"""Pause, resume, stop and delete-me: a messenger's own controls, effective at once."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from core import messengers
from handlers.common import deps_of, post_dm, split_command, subcommand, team_of, user_of
from runtime.deps import Deps
from views import status as views

log = logging.getLogger("drumbeat.status")


def register(app: App) -> None:
    app.command("/drumbeat", matchers=[subcommand("pause")])(pause)
    app.command("/drumbeat", matchers=[subcommand("resume", "unpause")])(resume)
    app.command("/drumbeat", matchers=[subcommand("stop", "unsubscribe", "opt-out", "optout")])(stop)
    app.command("/drumbeat", matchers=[subcommand("delete-me", "deleteme", "delete")])(delete_me)
    app.action(views.DELETE_CONFIRM_ACTION)(confirm_delete)
    app.action(views.DELETE_CANCEL_ACTION)(cancel_delete)


def pause(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
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
            ack(**views.bad_pause(str(error)))
            return
        except messengers.NotJoined:
            ack(**views.not_joined())
            return
    log.info("messenger paused by slash command")
    ack(**views.paused(until, tz))


def resume(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    with deps.db.transaction() as session:
        try:
            changed = messengers.resume(session, team_of(body), user_of(body), deps.now(), via="slash")
        except messengers.NotJoined:
            ack(**views.not_joined())
            return
    ack(**views.resumed(changed))


def opt_out(deps: Deps, team_id: str, user_id: str, via: str) -> bool:
    """Opt out now; the one confirmation goes by DM the first time. True if this opted them out."""
    with deps.db.transaction() as session:
        changed = messengers.opt_out(session, team_id, user_id, deps.now(), via=via)
    if changed:
        log.info("messenger opted out via %s", via)
        post_dm(deps, user_id, views.opted_out_confirmation())
    return changed


def stop(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    if opt_out(deps, team_of(body), user_of(body), via="slash"):
        ack()  # the confirmation arrives as a DM, once
    else:
        ack(**views.already_opted_out())


def delete_me(ack: Ack) -> None:
    ack(**views.delete_prompt())


def confirm_delete(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    ack()
    deps = deps_of(context)
    with deps.db.transaction() as session:
        messengers.delete_data(session, team_of(body), user_of(body))
    log.info("a messenger deleted their data")
    respond(replace_original=True, **views.deleted())


def cancel_delete(ack: Ack, respond: Respond) -> None:
    ack()
    respond(replace_original=True, **views.delete_cancelled())
