"""Answering calls to action (Done, I'll do it, Can't this time, and their forms) and implementation
checks after a win (Yes, No, Not sure, what they see). Buttons work in the DM and on the App Home."""

from __future__ import annotations

import dataclasses
import logging

from core import accountability, calls, checkins, contact, privacy
from core.calls import Card
from core.checkins import Answer
from core.text import plain_link
from handlers.request import Kind, Reply, Request, form_errors, only, replace, say, show
from handlers.routes import Routes
from models.vocab import N_, Barrier, CheckInSource, Outcome
from runtime.deps import Deps
from runtime.effects import ChannelNotice, Effect, RefreshHome, Rewrite
from runtime.languages import coalitions
from views import checkins as views
from views.i18n import _
from views.onboarding import STOPPED_TEXT, stopped_modal
from views.text import answer

log = logging.getLogger("drumbeat.checkins")


def register(routes: Routes) -> None:
    routes.action(views.DONE_ACTION, checkin_done, form=N_("Thank you!"))
    routes.action(views.WILL_ACTION, checkin_will)
    routes.action(views.CANT_ACTION, checkin_cant, form=N_("Not this time"))
    routes.action(views.DETAILS_ACTION, checkin_details, form=N_("Thank you!"))
    routes.form(views.DONE_FORM, checkin_done_form)
    routes.form(views.CANT_FORM, checkin_cant_form)
    routes.action(views.IMPL_YES, impl_yes)
    routes.action(views.IMPL_NO, impl_no)
    routes.action(views.IMPL_UNSURE, impl_unsure)
    routes.action(views.IMPL_DETAILS, impl_details, form=N_("On the ground"))
    routes.form(views.IMPL_FORM, impl_form)


def _card(deps: Deps, call_id: int) -> Card | None:
    """A call to action's text, kept for a few minutes: every answer to it shows the same card."""
    return deps.cards.get(call_id, lambda: calls.card_of(deps.db, call_id))


def _shown(deps: Deps, request: Request, answer_: Answer, response_url: str | None) -> Reply:
    """The ask in the messenger's DM, rewritten to show the answer that stands: through the click's response
    URL when there is one (no rate tier; chat.update is Tier 3, about 50 a minute for everyone), else by
    chat.update (a click on the Home, whose own view is refreshed too)."""
    card = _card(deps, answer_.call_id)
    if card is None:
        return Reply()
    shown = views.answered(card, answer_.delivery_id, answer_.outcome, answer_.barrier, deps.settings.timezone)
    if request.kind == Kind.ACTION and response_url and not request.on_home:
        return replace(shown)
    effects: tuple[Effect, ...] = (Rewrite(shown, response_url, answer_.channel, answer_.ts),)
    if request.on_home:
        effects += (RefreshHome(request.team_id, request.user_id),)
    return only(*effects)


def _record(
    deps: Deps,
    request: Request,
    delivery_id: int,
    outcome: Outcome,
    *,
    barrier: Barrier | None = None,
    words: str | None = None,
    evidence: str | None = None,
) -> Answer:
    """Raises checkins.NotYours, or contact.StoppedMessages for someone who stopped."""
    source = CheckInSource.FORM if request.kind == Kind.FORM else CheckInSource.BUTTON
    return checkins.record(
        deps.db,
        delivery_id,
        request.team_id,
        request.user_id,
        outcome,
        deps.now(),
        source,
        barrier=barrier,
        note=words,
        evidence=evidence,
    )


def _stopped(request: Request, *, form: bool = False) -> Reply | None:
    """A click on an old message from someone who stopped: nothing is recorded or sent, and the message they
    clicked stays as it was (their ask's words are theirs to keep). A note just for them says why; the form
    the click opened says it instead, if any. On the App Home nothing changes."""
    if form:
        return show(stopped_modal())
    return None if request.on_home else say(answer(_(STOPPED_TEXT)))


def _answer_click(deps: Deps, request: Request, outcome: Outcome, *, form: bool = False) -> tuple[Answer | None, Reply]:
    """The answer a click records (None if it records nothing), and what should happen: the ask shows it (a
    repeat of the standing answer changes nothing: the DM shows it already), or why nothing happened."""
    delivery_id = request.number
    if delivery_id is None:
        return None, say(views.not_yours()) if form else Reply()
    try:
        found = _record(deps, request, delivery_id, outcome)
    except checkins.NotYours:
        return None, say(views.not_yours())
    except contact.StoppedMessages:
        return None, _stopped(request, form=form) or Reply()
    if not found.recorded:
        return found, Reply()
    log.info("delivery %d answered %s", delivery_id, outcome.value)
    return found, _shown(deps, request, found, request.response_url)


def checkin_done(request: Request, deps: Deps) -> Reply | None:
    found, reply = _answer_click(deps, request, Outcome.DONE, form=True)
    if found is None:
        return reply
    return dataclasses.replace(reply, view=views.done_form(found.delivery_id, request.response_url))


def checkin_will(request: Request, deps: Deps) -> Reply | None:
    return _answer_click(deps, request, Outcome.WILL_DO)[1]


def checkin_cant(request: Request, deps: Deps) -> Reply | None:
    found, reply = _answer_click(deps, request, Outcome.CANT, form=True)
    if found is None:
        return reply
    return dataclasses.replace(reply, view=views.cant_form(found.delivery_id, request.response_url))


def checkin_details(request: Request, deps: Deps) -> Reply | None:
    delivery_id = request.number
    if delivery_id is None:
        return say(views.not_yours())
    try:
        checkins.standing_of(deps.db, delivery_id, request.team_id, request.user_id)
    except checkins.NotYours:
        return say(views.not_yours())
    except contact.StoppedMessages:
        return _stopped(request, form=True)
    return show(views.done_form(delivery_id, request.response_url))


def checkin_done_form(request: Request, deps: Deps) -> Reply | None:
    delivery_id = views.delivery_of(request.private_metadata)
    note_text, evidence = views.read_done_form(request.values)
    if evidence is not None and plain_link(evidence) is None:
        return form_errors({"evidence": _(views.LINK_ERROR)})  # the form stays, with what they typed
    if delivery_id is None or (note_text is None and evidence is None):
        return None
    try:
        found = _record(deps, request, delivery_id, Outcome.DONE, words=note_text, evidence=evidence)
    except (checkins.NotYours, contact.StoppedMessages):  # e.g. a form left open across a STOP: nothing kept
        return None
    return _shown(deps, request, found, views.response_url_of(request.private_metadata))


def checkin_cant_form(request: Request, deps: Deps) -> Reply | None:
    delivery_id = views.delivery_of(request.private_metadata)
    barrier, words = views.read_cant_form(request.values)
    if barrier is None:
        return form_errors({"barrier": _(views.PICK_BARRIER)})
    if barrier == Barrier.OTHER and not words:
        return form_errors({"words": _(views.SAY_WHY)})
    if delivery_id is None:
        return None
    try:
        found = _record(deps, request, delivery_id, Outcome.CANT, barrier=barrier, words=words)
    except (checkins.NotYours, contact.StoppedMessages):
        return None
    reply = _shown(deps, request, found, views.response_url_of(request.private_metadata))
    channel = deps.settings.report_channel
    if not channel:
        return reply
    card = _card(deps, found.call_id)
    who = privacy.label_for(deps.db, request.team_id, request.user_id)
    # The category only: their words stay in /drumbeat report.
    with coalitions(deps):
        notice = views.barrier_notice(who, found.call_id, card.objective if card else "", barrier)
    return reply.and_then(ChannelNotice(channel, notice))


# ----- implementation checks -------------------------------------------------------------------------


def _check_answered(
    deps: Deps,
    request: Request,
    check_id: int | None,
    outcome: Outcome,
    *,
    seen: str | None = None,
    evidence: str | None = None,
) -> Reply | None:
    """Record an answer to an implementation check; the organizers hear once if it turns doubtful."""
    if check_id is None:
        return None
    source = CheckInSource.FORM if request.kind == Kind.FORM else CheckInSource.BUTTON
    try:
        found = accountability.record_answer(
            deps.db,
            check_id,
            request.team_id,
            request.user_id,
            outcome,
            deps.now(),
            source,
            note=seen,
            evidence=evidence,
        )
    except accountability.NotAsked:
        return say(views.not_asked())
    except contact.StoppedMessages:
        return _stopped(request)
    shown = views.implementation_answered(found.campaign, found.stage, outcome, found.check_id)
    reply = replace(shown) if request.kind == Kind.ACTION else Reply()
    channel = deps.settings.report_channel
    if found.newly_flagged and channel:
        with coalitions(deps):
            notice = views.flag_notice(found.campaign, found.days_after_win, found.check_id)
        reply = reply.and_then(ChannelNotice(channel, notice))
    return reply


def impl_yes(request: Request, deps: Deps) -> Reply | None:
    return _check_answered(deps, request, request.number, Outcome.YES)


def impl_no(request: Request, deps: Deps) -> Reply | None:
    return _check_answered(deps, request, request.number, Outcome.NO)


def impl_unsure(request: Request, deps: Deps) -> Reply | None:
    return _check_answered(deps, request, request.number, Outcome.NOT_SURE)


def impl_details(request: Request, deps: Deps) -> Reply | None:
    check_id = request.number
    if check_id is None:
        return say(views.not_asked())
    stopped = not contact.may_message(deps.db, request.team_id, request.user_id)
    return show(stopped_modal() if stopped else views.implementation_form(check_id))


def impl_form(request: Request, deps: Deps) -> Reply | None:
    outcome, seen, evidence = views.read_implementation_form(request.values)
    if outcome is None:
        return form_errors({"answer": _(views.PICK_CHECK_ANSWER)})
    if evidence is not None and plain_link(evidence) is None:
        return form_errors({"evidence": _(views.LINK_ERROR)})
    check_id = views.delivery_of(request.private_metadata, key="check_id")
    return _check_answered(deps, request, check_id, outcome, seen=seen, evidence=evidence)
