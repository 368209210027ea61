"""Joining and the profile: `/drumbeat join`, `/drumbeat profile`, the welcome DM's *Get started* and
*Not now*, the summary's *Edit*, and the profile form (with decision makers and districts searched as
people type)."""

from __future__ import annotations

import logging

from core import campaigns, contact, languages, messengers
from handlers.request import Reply, Request, form_errors, only, replace, show
from handlers.routes import Routes
from models.vocab import N_
from runtime.deps import Deps
from runtime.effects import DM, ChannelNotice, Effect, LearnIdentity
from runtime.languages import coalitions
from views import onboarding as views
from views.i18n import speaking
from views.invalid import texts_of

log = logging.getLogger("drumbeat.onboarding")


def register(routes: Routes) -> None:
    routes.command(["join", "start"], join, form=FORM_TITLE)
    routes.command(["profile", "edit"], profile, form=FORM_TITLE)
    routes.action(views.START_ACTION, onboard_start, form=FORM_TITLE)
    routes.action(views.EDIT_ACTION, profile_edit, form=FORM_TITLE)
    routes.action(views.DECLINE_ACTION, onboard_decline)
    routes.form(views.PROFILE_CALLBACK, profile_form)
    routes.options(views.KNOWS_SELECT, suggest_knows)
    routes.options(views.DISTRICT_SELECT, suggest_districts)


FORM_TITLE = N_("Your Drumbeat profile")


def _form(deps: Deps, request: Request, *, joining: bool) -> Reply:
    """The profile form (opened first by the route). Opening changes nothing: only saving it may (see
    profile_form)."""
    facts = messengers.form_facts(deps.db, request.team_id, request.user_id)
    if facts.stopped and not joining:  # an old Edit or Get started button after STOP or deletion
        return show(views.stopped_modal())
    form = views.profile_modal(
        facts.saved, tz=facts.tz, first_time=facts.saved is None, joining=joining, found=facts.choices
    )
    return show(form)


def join(request: Request, deps: Deps) -> Reply | None:
    return _form(deps, request, joining=True)


def profile(request: Request, deps: Deps) -> Reply | None:
    return _form(deps, request, joining=False)


def onboard_start(request: Request, deps: Deps) -> Reply | None:
    return _form(deps, request, joining=False)


def profile_edit(request: Request, deps: Deps) -> Reply | None:
    return _form(deps, request, joining=False)


def onboard_decline(request: Request, deps: Deps) -> Reply | None:
    messengers.decline_now(deps.db, request.team_id, request.user_id, deps.now())
    return replace(views.declined_message())


def suggest_knows(request: Request, deps: Deps) -> Reply | None:
    """The "decision makers you know" picker, as they type."""
    found, total = campaigns.people_suggestions(deps.db, request.team_id, request.query)
    return Reply(options=views.people_suggestions(found, total))


def suggest_districts(request: Request, deps: Deps) -> Reply | None:
    found, total = messengers.districts_like(deps.db, request.team_id, request.query)
    return Reply(options=views.district_suggestions(found, total))


def profile_form(request: Request, deps: Deps) -> Reply | None:
    found = views.read_profile_form(request.values)
    joining = views.joining_form(request.private_metadata)
    try:
        joined = messengers.join(deps.db, request.team_id, request.user_id, found, deps.now(), joining=joining)
    except messengers.NotValid as error:
        return form_errors(texts_of(error.errors))  # the form stays open with what they typed
    except contact.StoppedMessages:  # a form left open across a STOP: it restarts nothing
        return show(views.stopped_modal())
    saved = joined.saved
    log.info("profile saved for messenger %d (first=%s)", saved.messenger_id, saved.first_time)
    chosen = views.chosen_language(request.values)
    if chosen is not None and chosen != request.language:  # their own choice, from now on
        languages.learn(deps.db, request.team_id, request.user_id, chosen, chosen=True)
    with speaking(chosen or request.language):
        summary = views.profile_summary(saved.profile, joined.tz, first_time=saved.first_time, found=joined.choices)
    effects: list[Effect] = [
        LearnIdentity(request.team_id, request.user_id),  # their Slack time zone and name, kept current
        DM(request.team_id, request.user_id, summary),
    ]
    if saved.first_time and deps.settings.report_channel:
        with coalitions(deps):
            notice = views.new_messenger_notice(saved.profile)
        effects.append(ChannelNotice(deps.settings.report_channel, notice))
    return only(*effects)
