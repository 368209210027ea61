"""Answering calls to action (Done, I'll do it, Can't this time, and their forms) and implementation
checks after a win (Yes, No, Not sure, what they see). Buttons work in the DM and on the App Home."""

from __future__ import annotations

import logging

from slack_bolt import App

from core import accountability, calls, checkins, contact, privacy
from core.calls import Card
from core.checkins import Answer
from core.text import plain_link
from handlers.home import publish_home
from handlers.request import Kind, Reply, Request, replace, say, show, then
from handlers.routes import routes_of
from models.vocab import Barrier, CheckInSource, Outcome
from runtime.deps import Deps
from views import checkins as views
from views.onboarding import STOPPED_TEXT, stopped_modal
from views.status import note

log = logging.getLogger("drumbeat.checkins")
NOT_YOURS = "That call to action was sent to someone else, so I can't record an answer from you."
NOT_ASKED = "I couldn't find that question, or it was not asked of you."


def register(app: App) -> None:
    routes = routes_of(app)
    routes.action(views.DONE_ACTION, checkin_done, form="Thank you!")
    routes.action(views.WILL_ACTION, checkin_will)
    routes.action(views.CANT_ACTION, checkin_cant, form="Not this time")
    routes.action(views.DETAILS_ACTION, checkin_details, form="Thank you!")
    routes.form(views.DONE_FORM, checkin_done_form)
    routes.form(views.CANT_FORM, checkin_cant_form)
    routes.action(views.IMPL_YES, impl_yes)
    routes.action(views.IMPL_NO, impl_no)
    routes.action(views.IMPL_UNSURE, impl_unsure)
    routes.action(views.IMPL_DETAILS, impl_details, form="On the ground")
    routes.form(views.IMPL_FORM, impl_form)


def _card(deps: Deps, call_id: int) -> Card | None:
    """A call to action's text, kept for a few minutes: every answer to it shows the same card."""

    def read() -> Card | None:
        with deps.db.reading() as session:
            return calls.card(session, call_id)

    return deps.cards.get(call_id, read)


def _show(deps: Deps, answer: Answer, response_url: str | None = None) -> None:
    """Update the call to action in the messenger's DM to show the answer that stands: through the click's
    response URL when there is one (no rate tier; chat.update is Tier 3, about 50 a minute for everyone)."""
    card = _card(deps, answer.call_id)
    if card is None:
        return
    shown = views.answered(card, answer.delivery_id, answer.outcome, answer.barrier)
    if response_url and deps.slack.respond(response_url, shown, replace=True):
        return
    if answer.channel and answer.ts:  # (not yet, if the sender has not recorded the ask as sent)
        deps.slack.update(answer.channel, answer.ts, shown)


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
    from_form = request.kind == Kind.FORM
    if not from_form:  # a plain click: if it repeats the standing answer, there is nothing to write
        with deps.db.reading() as session:
            standing = checkins.standing(session, delivery_id, request.team_id, request.user_id)
        if standing.outcome == outcome:
            return standing
    source = CheckInSource.FORM if from_form else CheckInSource.BUTTON
    with deps.db.transaction() as session:
        return checkins.answer(
            session,
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
    return None if request.on_home else say(note(STOPPED_TEXT))


def _answer_click(
    deps: Deps, request: Request, outcome: Outcome, *, form: bool = False
) -> tuple[Answer | None, Reply | None]:
    """The answer recorded by a click (None if nothing was), and what to tell the person (`form`: the click
    opened a form, which shows it)."""
    delivery_id = request.number
    if delivery_id is None:
        return None, say(note(NOT_YOURS)) if form else None
    try:
        answer = _record(deps, request, delivery_id, outcome)
    except checkins.NotYours:
        return None, say(note(NOT_YOURS))
    except contact.StoppedMessages:
        return None, _stopped(request, form=form)
    if answer.recorded:  # not the same answer again (a double click): the DM already shows that one
        log.info("delivery %d answered %s", delivery_id, outcome.value)
        _show(deps, answer, request.response_url)
        if request.on_home:
            publish_home(deps, request.team_id, request.user_id)
    return answer, None


def checkin_done(request: Request, deps: Deps) -> Reply | None:
    answer, reply = _answer_click(deps, request, Outcome.DONE, form=True)
    if answer is None:
        return reply
    return show(views.done_form(answer.delivery_id, request.response_url))


def checkin_will(request: Request, deps: Deps) -> Reply | None:
    return _answer_click(deps, request, Outcome.WILL_DO)[1]


def checkin_cant(request: Request, deps: Deps) -> Reply | None:
    answer, reply = _answer_click(deps, request, Outcome.CANT, form=True)
    if answer is None:
        return reply
    return show(views.cant_form(answer.delivery_id, request.response_url))


def checkin_details(request: Request, deps: Deps) -> Reply | None:
    delivery_id = request.number
    if delivery_id is None:
        return say(note(NOT_YOURS))
    try:
        with deps.db.reading() as session:
            checkins.standing(session, delivery_id, request.team_id, request.user_id)
    except checkins.NotYours:
        return say(note(NOT_YOURS))
    except contact.StoppedMessages:
        return _stopped(request, form=True)
    return show(views.done_form(delivery_id, request.response_url))


def checkin_done_form(request: Request, deps: Deps) -> Reply | None:
    delivery_id = views.delivery_of(request.private_metadata)
    note_text, evidence = views.read_done_form(request.values)
    if evidence is not None and plain_link(evidence) is None:
        return Reply(errors={"evidence": views.LINK_ERROR})  # the form stays, with what they typed
    if delivery_id is None or (note_text is None and evidence is None):
        return None
    try:
        answer = _record(deps, request, delivery_id, Outcome.DONE, words=note_text, evidence=evidence)
    except (checkins.NotYours, contact.StoppedMessages):  # e.g. a form left open across a STOP: nothing kept
        return None
    return then(lambda: _show(deps, answer, views.response_url_of(request.private_metadata)))


def checkin_cant_form(request: Request, deps: Deps) -> Reply | None:
    delivery_id = views.delivery_of(request.private_metadata)
    barrier, words = views.read_cant_form(request.values)
    if barrier is None:
        return Reply(errors={"barrier": "Pick what got in the way."})
    if barrier == Barrier.OTHER and not words:
        return Reply(errors={"words": "Tell us in a few words."})
    if delivery_id is None:
        return None
    try:
        answer = _record(deps, request, delivery_id, Outcome.CANT, barrier=barrier, words=words)
    except (checkins.NotYours, contact.StoppedMessages):
        return None

    def tell_organizers() -> None:
        _show(deps, answer, views.response_url_of(request.private_metadata))
        card = _card(deps, answer.call_id)
        with deps.db.reading() as session:
            who = privacy.label_of(session, request.team_id, request.user_id)
        if deps.settings.report_channel:  # the category only: their words stay in /drumbeat report
            notice = views.barrier_notice(who, answer.call_id, card.objective if card else "", barrier)
            deps.notices.post(deps.settings.report_channel, notice)

    return then(tell_organizers)


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
        with deps.db.transaction() as session:
            found = accountability.record_answer(
                session,
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
        return say(note(NOT_ASKED))
    except contact.StoppedMessages:
        return _stopped(request)
    if found.newly_flagged and deps.settings.report_channel:
        deps.notices.post(
            deps.settings.report_channel, views.flag_notice(found.campaign, found.days_after_win, found.check_id)
        )
    return replace(views.implementation_answered(found.campaign, found.stage, outcome, found.check_id))


def impl_yes(request: Request, deps: Deps) -> Reply | None:
    return _check_answered(deps, request, request.number, Outcome.YES)


def impl_no(request: Request, deps: Deps) -> Reply | None:
    return _check_answered(deps, request, request.number, Outcome.NO)


def impl_unsure(request: Request, deps: Deps) -> Reply | None:
    return _check_answered(deps, request, request.number, Outcome.NOT_SURE)


def impl_details(request: Request, deps: Deps) -> Reply | None:
    check_id = request.number
    if check_id is None:
        return say(note(NOT_ASKED))
    with deps.db.reading() as session:
        stopped = not contact.may_start_conversation(session, request.team_id, request.user_id)
    return show(stopped_modal() if stopped else views.implementation_form(check_id))


def impl_form(request: Request, deps: Deps) -> Reply | None:
    outcome, seen, evidence = views.read_implementation_form(request.values)
    if outcome is None:
        return Reply(errors={"answer": "Pick yes, no or not sure."})
    if evidence is not None and plain_link(evidence) is None:
        return Reply(errors={"evidence": views.LINK_ERROR})

    check_id = views.delivery_of(request.private_metadata, key="check_id")

    def record() -> None:
        _check_answered(deps, request, check_id, outcome, seen=seen, evidence=evidence)

    return then(record)
