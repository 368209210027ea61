"""Reporting a problem with a won change any time (`/drumbeat problem`, the Home's button), and what a
flag leads to: *Draft a follow-up* (on the channel's flag notice and in the ledger) drafts a call to
action to the responsible decision maker with the commitment and what messengers reported, in counts."""

from __future__ import annotations

import logging

from slack_bolt import App

from core import accountability, calls, contact, inbox
from core.calls import Draft
from core.text import plain_link
from handlers.request import Reply, Request, say, show, then
from handlers.routes import routes_of
from models.vocab import Audience, Method
from runtime.deps import Deps
from views import calls as call_views
from views import checkins as checkin_views
from views import problems as views
from views.onboarding import stopped_modal
from views.status import note
from views.text import esc, section

log = logging.getLogger("drumbeat.problems")


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["problem"], problem, form="Report a problem")
    routes.action(views.OPEN, problem_open, form="Report a problem")
    routes.form(views.PROBLEM_FORM, problem_form)
    routes.action(checkin_views.FOLLOW_UP, followup_draft, organizers=True)


def problem(request: Request, deps: Deps) -> Reply | None:
    with deps.db.reading() as session:
        if not contact.may_start_conversation(session, request.team_id, request.user_id):
            return show(stopped_modal())  # opening a form changes nothing, and says so
        won = accountability.won_campaigns(session, request.team_id)
        return show(views.problem_form(won)) if won else say(views.nothing_won())


def problem_open(request: Request, deps: Deps) -> Reply | None:
    return problem(request, deps)


def problem_form(request: Request, deps: Deps) -> Reply | None:
    campaign_id, what, where, link = views.read_problem_form(request.values)
    errors = {}
    if campaign_id is None:
        errors["campaign"] = "Pick the change."
    if not what:
        errors["what"] = "Say what you see, in a sentence or two."
    if link and plain_link(link) is None:
        errors["link"] = checkin_views.LINK_ERROR
    if errors:
        return Reply(errors=errors)
    assert campaign_id is not None
    now = deps.now()
    try:
        with deps.db.transaction() as session:
            found = accountability.report_problem(
                session, request.team_id, request.user_id, campaign_id, what, where, link, now
            )
            inbox.receive(
                session, request.team_id, request.user_id, views.inbox_text(found.campaign, what, where, link), now
            )
    except contact.StoppedMessages:
        return show(stopped_modal())
    except accountability.NotJoined:
        return Reply(errors={"what": "Join first (`/drumbeat join`): then your report is yours to change or erase."})
    except accountability.NotWon:
        return Reply(errors={"campaign": "That campaign is no longer a won one; pick another."})
    log.info("problem reported on check %s (flagged now: %s)", found.check_id, found.newly_flagged)
    channel = deps.settings.report_channel
    if found.newly_flagged and channel and found.check_id is not None and found.days_after_win is not None:
        deps.notices.post(channel, checkin_views.flag_notice(found.campaign, found.days_after_win, found.check_id))

    def thank() -> None:
        deps.slack.dm(request.user_id, views.reported(found.campaign))

    return then(thank)


def followup_draft(request: Request, deps: Deps) -> Reply | None:
    """*Draft a follow-up*: a draft call to action, previewed for the organizer to schedule or discard."""
    check_id = request.number
    if check_id is None:
        return None
    tz, now = deps.settings.timezone, deps.now()
    with deps.db.transaction() as session:
        found = accountability.follow_up(session, request.team_id, check_id)
        if found is None:
            return say(note("That implementation check no longer exists."))
        draft = Draft(
            campaign_id=found.campaign_id,
            tactic=Method.OUTREACH,
            objective=found.objective,
            audience=Audience.DECISION_MAKER if found.decision_maker_id else Audience.PUBLIC,
            decision_maker_id=found.decision_maker_id,
            ask=found.ask,
        )
        errors = calls.validate(session, request.team_id, draft, now, tz)
        if errors:
            return say(note("I couldn't draft it: " + " ".join(errors.values())))
        call_id = calls.save_draft(session, request.team_id, draft, request.user_id, now)
    with deps.db.reading() as session:
        story = calls.preview_story(session, call_id, deps.now(), tz)
    log.info("follow-up drafted for check %d: call to action #%d", check_id, call_id)
    message = call_views.preview_message(call_id, found.objective, story, tz)
    drafted = section(f"*The ask, drafted from the ledger* (counts, never names):\n{esc(found.ask)}")
    message["blocks"] = [message["blocks"][0], drafted, *message["blocks"][1:]]
    return say(message)
