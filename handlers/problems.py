"""Reporting a problem with a won change any time (`/drumbeat problem`, the Home's button), and what a
flag leads to: *Draft a follow-up* (on the channel's flag notice and in the ledger) drafts a call to
action to the responsible decision maker with the commitment and what messengers reported, in counts."""

from __future__ import annotations

import logging

from core import accountability, calls, contact
from core.calls import Draft
from core.text import clean, plain_link
from handlers.request import Reply, Request, form_errors, say, show
from handlers.routes import Routes
from models.vocab import N_, Audience, Method
from runtime.deps import Deps
from runtime.effects import DM, ChannelNotice
from runtime.languages import coalitions
from views import calls as call_views
from views import checkins as checkin_views
from views import problems as views
from views.i18n import _
from views.onboarding import stopped_modal

log = logging.getLogger("drumbeat.problems")


def register(routes: Routes) -> None:
    routes.command(["problem"], problem, form=N_("Report a problem"))
    routes.action(views.OPEN, problem_open, form=N_("Report a problem"))
    routes.form(views.PROBLEM_FORM, problem_form)
    routes.action(checkin_views.FOLLOW_UP, followup_draft, organizers=True)


def problem(request: Request, deps: Deps) -> Reply | None:
    if not contact.may_message(deps.db, request.team_id, request.user_id):
        return show(stopped_modal())  # opening a form changes nothing, and says so
    won = accountability.won(deps.db, request.team_id)
    return show(views.problem_form(won)) if won else say(views.nothing_won())


def problem_open(request: Request, deps: Deps) -> Reply | None:
    return problem(request, deps)


def problem_form(request: Request, deps: Deps) -> Reply | None:
    campaign_id, what, where, link = views.read_problem_form(request.values)
    errors = {}
    if campaign_id is None:
        errors["campaign"] = _(views.PICK_CHANGE)
    if not what:
        errors["what"] = _(views.SAY_WHAT)
    if link and plain_link(link) is None:
        errors["link"] = _(checkin_views.LINK_ERROR)
    if errors:
        return form_errors(errors)
    assert campaign_id is not None
    try:
        found = accountability.report_with_note(
            deps.db,
            request.team_id,
            request.user_id,
            campaign_id,
            what,
            where,
            link,
            deps.now(),
            lambda campaign: views.inbox_text(campaign, what, where, link),
        )
    except contact.StoppedMessages:
        return show(stopped_modal())
    except contact.NotJoined:
        return form_errors({"what": _(views.JOIN_FIRST)})
    except accountability.NotWon:
        return form_errors({"campaign": _(views.NOT_WON_NOW)})
    log.info("problem reported on check %s (flagged now: %s)", found.check_id, found.newly_flagged)
    thanks = DM(request.team_id, request.user_id, views.reported(found.campaign))
    channel = deps.settings.report_channel
    if found.newly_flagged and channel and found.check_id is not None and found.days_after_win is not None:
        with coalitions(deps):
            notice = checkin_views.flag_notice(found.campaign, found.days_after_win, found.check_id)
        return Reply(effects=(ChannelNotice(channel, notice), thanks))
    return Reply(effects=(thanks,))


def followup_draft(request: Request, deps: Deps) -> Reply | None:
    """*Draft a follow-up*: a draft call to action, previewed for the organizer to schedule or discard."""
    check_id = request.number
    if check_id is None:
        return None
    tz, now = deps.settings.timezone, deps.now()
    found = accountability.follow_up_of(deps.db, request.team_id, check_id)
    if found is None:
        return say(views.check_gone())
    objective, ask = views.follow_up_words(found)
    draft = Draft(
        campaign_id=found.campaign_id,
        tactic=Method.OUTREACH,
        objective=clean(objective, calls.OBJECTIVE_MAX),
        audience=Audience.DECISION_MAKER if found.decision_maker_id else Audience.PUBLIC,
        decision_maker_id=found.decision_maker_id,
        ask=clean(ask, calls.ASK_MAX),
    )
    try:
        drafted = calls.save_and_preview(deps.db, request.team_id, request.user_id, draft, now, tz)
    except calls.NotValid as error:
        return say(views.cannot_draft(error.errors))
    log.info("follow-up drafted for check %d: call to action #%d", check_id, drafted.call_id)
    message = call_views.preview_message(drafted.call_id, drafted.objective, drafted.story, tz)
    message["blocks"] = [message["blocks"][0], views.follow_up_section(draft.ask), *message["blocks"][1:]]
    return say(message)
