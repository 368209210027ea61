"""Onboarding: `/drumbeat join`, `/drumbeat profile`, the welcome DM's and App Home's buttons, the form."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from core import contact, messengers
from handlers.common import (
    Reply,
    acknowledged_first,
    deps_of,
    open_modal,
    post_channel,
    post_dm,
    team_of,
    user_info,
    user_of,
)
from handlers.routes import routes_of
from runtime.deps import Deps
from views import onboarding as views
from views.status import note

log = logging.getLogger("drumbeat.onboarding")


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["join", "start"], acknowledged_first(join))
    routes.command(["profile", "edit"], acknowledged_first(edit_profile))
    routes.action(views.START_ACTION, acknowledged_first(start_button))
    routes.action(views.EDIT_ACTION, acknowledged_first(start_button))
    routes.action(views.DECLINE_ACTION, acknowledged_first(decline_button))
    routes.view(views.PROFILE_CALLBACK, save_profile)


def _open_form(deps: Deps, team_id: str, user_id: str, trigger_id: str, *, joining: bool) -> bool:
    """Open the profile form. Opening changes nothing: only saving it may (see save_profile)."""
    with deps.db.reading() as session:
        stopped = not contact.may_start_conversation(session, team_id, user_id)
        messenger = messengers.find(session, team_id, user_id)
        has_profile = messenger is not None and messenger.onboarded_at is not None
        profile = messengers.Profile.of(messenger) if messenger is not None and has_profile else None
        tz = messenger.tz if messenger is not None else None
    if stopped and not joining:  # an old Edit or Get started button after STOP or deletion
        return open_modal(deps, trigger_id, views.stopped_modal())
    if tz in (None, "UTC"):
        tz = (user_info(deps, user_id) or {}).get("tz") or "UTC"
    modal = views.profile_modal(profile, tz=tz, first_time=not has_profile, joining=joining)
    return open_modal(deps, trigger_id, modal)


def join(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if not _open_form(deps, team_of(body), user_of(body), body["trigger_id"], joining=True):
        return note("Slack didn't let me open the form just now. Please try `/drumbeat join` again.")
    return None


def edit_profile(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if not _open_form(deps, team_of(body), user_of(body), body["trigger_id"], joining=False):
        return note("Slack didn't let me open the form just now. Please try `/drumbeat profile` again.")
    return None


def start_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    _open_form(deps, team_of(body), user_of(body), body["trigger_id"], joining=False)
    return None


def decline_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    with deps.db.transaction() as session:
        messengers.decline(session, team_of(body), user_of(body), deps.now())
    return {"replace_original": True, **views.declined_message()}


def save_profile(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    profile = views.read_profile_form(view.get("state", {}).get("values", {}))
    errors = messengers.validate_profile(profile)
    if errors:
        ack(**views.modal_errors(errors))  # the form stays open with what they typed
        return
    deps = deps_of(context)
    team_id, user_id = team_of(body), user_of(body)
    joining = views.joining_form(view.get("private_metadata"))
    try:
        with deps.db.transaction() as session:
            saved = messengers.save_profile(session, team_id, user_id, profile, deps.now(), joining=joining)
    except contact.StoppedMessages:  # a form left open across a STOP: it restarts nothing
        ack(response_action="update", view=views.stopped_modal())
        return
    ack()
    info = user_info(deps, user_id) or {}
    with deps.db.transaction() as session:
        tz = messengers.set_identity(session, team_id, user_id, tz=info.get("tz"), name=info.get("name"))
    log.info("profile saved for messenger %d (first=%s)", saved.messenger_id, saved.first_time)
    post_dm(deps, user_id, views.profile_summary(saved.profile, tz, first_time=saved.first_time))
    if saved.first_time:
        post_channel(deps, deps.settings.report_channel, views.new_messenger_notice(saved.profile))
