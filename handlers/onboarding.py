"""Onboarding: `/drumbeat join`, `/drumbeat profile`, the welcome DM's and App Home's buttons, the form."""

from __future__ import annotations

import logging

from slack_bolt import App

from core import campaigns, contact, messengers
from handlers.request import Reply, Request, replace, show, then
from handlers.routes import routes_of
from runtime.deps import Deps
from views import onboarding as views

log = logging.getLogger("drumbeat.onboarding")


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["join", "start"], join, form=FORM_TITLE)
    routes.command(["profile", "edit"], profile, form=FORM_TITLE)
    routes.action(views.START_ACTION, onboard_start, form=FORM_TITLE)
    routes.action(views.EDIT_ACTION, profile_edit, form=FORM_TITLE)
    routes.action(views.DECLINE_ACTION, onboard_decline)
    routes.form(views.PROFILE_CALLBACK, profile_form)
    routes.options(views.KNOWS_SELECT, suggest_knows)
    routes.options(views.DISTRICT_SELECT, suggest_districts)


FORM_TITLE = "Your Drumbeat profile"


def _form(deps: Deps, request: Request, *, joining: bool) -> Reply:
    """The profile form (opened first by the route). Opening changes nothing: only saving it may (see
    profile_form)."""
    with deps.db.reading() as session:
        stopped = not contact.may_start_conversation(session, request.team_id, request.user_id)
        found = messengers.find(session, request.team_id, request.user_id)
        saved = messengers.Profile.of(found) if found is not None and found.onboarded_at is not None else None
        tz = found.tz if found is not None else None
        lists = messengers.choices(session, request.team_id)
    if stopped and not joining:  # an old Edit or Get started button after STOP or deletion
        return show(views.stopped_modal())
    if tz in (None, "UTC"):
        tz = (deps.slack.user(request.user_id) or {}).get("tz") or "UTC"
    return show(views.profile_modal(saved, tz=tz, first_time=saved is None, joining=joining, found=lists))


def join(request: Request, deps: Deps) -> Reply | None:
    return _form(deps, request, joining=True)


def profile(request: Request, deps: Deps) -> Reply | None:
    return _form(deps, request, joining=False)


def onboard_start(request: Request, deps: Deps) -> Reply | None:
    return _form(deps, request, joining=False)


def profile_edit(request: Request, deps: Deps) -> Reply | None:
    return _form(deps, request, joining=False)


def onboard_decline(request: Request, deps: Deps) -> Reply | None:
    with deps.db.transaction() as session:
        messengers.decline(session, request.team_id, request.user_id, deps.now())
    return replace(views.declined_message())


def suggest_knows(request: Request, deps: Deps) -> Reply | None:
    """The "decision makers you know" picker, as they type."""
    with deps.db.reading() as session:
        found, total = campaigns.suggest_people(session, request.team_id, request.query)
    return Reply(options=views.people_suggestions(found, total))


def suggest_districts(request: Request, deps: Deps) -> Reply | None:
    with deps.db.reading() as session:
        found, total = messengers.suggest_districts(session, request.team_id, request.query)
    return Reply(options=views.district_suggestions(found, total))


def profile_form(request: Request, deps: Deps) -> Reply | None:
    found = views.read_profile_form(request.values)
    errors = messengers.validate_profile(found)
    if errors:
        return Reply(errors=errors)  # the form stays open with what they typed
    joining = views.joining_form(request.private_metadata)
    try:
        with deps.db.transaction() as session:
            saved = messengers.save_profile(
                session, request.team_id, request.user_id, found, deps.now(), joining=joining
            )
    except contact.StoppedMessages:  # a form left open across a STOP: it restarts nothing
        return show(views.stopped_modal())

    def after() -> None:
        info = deps.slack.user(request.user_id) or {}
        with deps.db.transaction() as session:
            tz = messengers.set_identity(
                session, request.team_id, request.user_id, tz=info.get("tz"), name=info.get("name")
            )
            lists = messengers.choices(session, request.team_id)
        log.info("profile saved for messenger %d (first=%s)", saved.messenger_id, saved.first_time)
        summary = views.profile_summary(saved.profile, tz, first_time=saved.first_time, found=lists)
        deps.slack.dm(request.user_id, summary)
        if saved.first_time and deps.settings.report_channel:
            deps.notices.post(deps.settings.report_channel, views.new_messenger_notice(saved.profile))

    return then(after)
