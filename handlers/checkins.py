"""Answering calls to action (Done, I'll do it, Can't this time, and their forms) and implementation
checks after a win (Yes, No, Not sure, what they see). Buttons work in the DM and on the App Home."""

from __future__ import annotations

import contextlib
import logging
import time
from typing import Any

from slack_bolt import Ack, App, BoltContext
from slack_sdk.errors import SlackClientError

from core import accountability, calls, checkins, contact, messengers, privacy
from core.calls import Card
from core.checkins import Answer
from handlers.common import (
    Reply,
    acknowledged_first,
    deps_of,
    open_modal,
    post_channel,
    slack_error,
    team_of,
    tell,
    user_of,
)
from handlers.routes import routes_of
from models import Call, ImplementationCheck
from models.vocab import Barrier, CheckInSource, Outcome
from runtime.deps import Deps
from views import checkins as views
from views.calls import CANT_ACTION, DONE_ACTION, WILL_ACTION
from views.onboarding import STOPPED_TEXT, stopped_modal
from views.status import note

log = logging.getLogger("drumbeat.checkins")
NOT_YOURS = "That call to action was sent to someone else, so I can't record an answer from you."


def register(app: App) -> None:
    routes = routes_of(app)
    routes.action(DONE_ACTION, acknowledged_first(done_button))
    routes.action(WILL_ACTION, acknowledged_first(will_button))
    routes.action(CANT_ACTION, acknowledged_first(cant_button))
    routes.action(views.DETAILS_ACTION, acknowledged_first(details_button))
    routes.view(views.DONE_FORM, done_form)
    routes.view(views.CANT_FORM, cant_form)
    routes.action(views.IMPL_YES, acknowledged_first(implementation_button))
    routes.action(views.IMPL_NO, acknowledged_first(implementation_button))
    routes.action(views.IMPL_UNSURE, acknowledged_first(implementation_button))
    routes.action(views.IMPL_DETAILS, acknowledged_first(implementation_details))
    routes.view(views.IMPL_FORM, implementation_form)


def _value(body: dict[str, Any]) -> int | None:
    value = str((body.get("actions") or [{}])[0].get("value", ""))
    return int(value) if value.isdigit() else None


_cards: dict[tuple[int, int], tuple[float, Card | None]] = {}  # (deps, action id)
CARD_SECONDS = 300.0


def _card(deps: Deps, action_id: int) -> Card | None:
    """A call to action's text, kept for a few minutes: every answer to it shows the same card."""
    key = (id(deps), action_id)
    cached = _cards.get(key)
    if cached is not None and time.monotonic() - cached[0] < CARD_SECONDS:
        return cached[1]
    with deps.db.reading() as session:
        card = calls.card(session, action_id)
    if len(_cards) > 1000:
        _cards.clear()
    _cards[key] = (time.monotonic(), card)
    return card


def _show(deps: Deps, answer: Answer) -> None:
    """Update the call to action in the messenger's DM to show the answer that stands."""
    if not answer.channel or not answer.ts:
        return
    card = _card(deps, answer.call_id)
    if card is None:
        return
    message = views.answered(card, answer.delivery_id, answer.outcome, answer.barrier)
    try:
        deps.slack.chat_update(channel=answer.channel, ts=answer.ts, text=message["text"], blocks=message["blocks"])
    except (SlackClientError, OSError) as error:
        log.warning("updating delivery %d in place failed: %s", answer.delivery_id, slack_error(error))


def _refresh_home(deps: Deps, body: dict[str, Any]) -> None:
    if (body.get("container") or {}).get("type") == "view" and (body.get("view") or {}).get("type") == "home":
        from handlers.home import publish_home

        publish_home(deps, team_of(body), user_of(body))


def _record(
    deps: Deps, body: dict[str, Any], delivery_id: int, outcome: Outcome, source: CheckInSource, **extra: Any
) -> Answer | None:
    try:
        if not extra:  # a plain click: if it repeats the standing answer, there is nothing to write
            with deps.db.reading() as session:
                standing = checkins.standing(session, delivery_id, team_of(body), user_of(body))
            if standing.outcome == outcome:
                return standing
        with deps.db.transaction() as session:
            return checkins.answer(
                session, delivery_id, team_of(body), user_of(body), outcome, deps.now(), source, **extra
            )
    except checkins.NotYours:
        return None


def _stopped(body: dict[str, Any], respond: Any) -> None:
    """A click on an old message from someone who stopped: nothing is recorded or sent; the message they
    clicked says why (an edit of that message, not a new one). On the App Home there is nothing to say."""
    if body.get("response_url") and (body.get("container") or {}).get("type") == "message":
        respond(replace_original=True, **note(STOPPED_TEXT))


def _answer_button(deps: Deps, body: dict[str, Any], respond: Any, outcome: Outcome) -> Answer | None:
    delivery_id = _value(body)
    if delivery_id is None:
        return None
    try:
        answer = _record(deps, body, delivery_id, outcome, CheckInSource.BUTTON)
    except contact.StoppedMessages:
        _stopped(body, respond)
        return None
    if answer is None:
        tell(deps, body, respond, note(NOT_YOURS))
        return None
    if not answer.recorded:
        return answer  # the same answer again (a double click): the DM already shows it
    log.info("delivery %d answered %s", delivery_id, outcome.value)
    _show(deps, answer)
    _refresh_home(deps, body)
    return answer


def done_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    answer = _answer_button(deps, body, respond, Outcome.DONE)
    if answer is not None and answer.recorded:
        open_modal(deps, body["trigger_id"], views.done_form(answer.delivery_id))
    return None


def will_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    _answer_button(deps, body, respond, Outcome.WILL_DO)
    return None


def cant_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    answer = _answer_button(deps, body, respond, Outcome.CANT)
    if answer is not None and answer.recorded:
        open_modal(deps, body["trigger_id"], views.cant_form(answer.delivery_id))
    return None


def details_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    delivery_id = _value(body)
    if delivery_id is None:
        return None
    try:
        with deps.db.reading() as session:
            checkins.standing(session, delivery_id, team_of(body), user_of(body))
    except checkins.NotYours:
        return note(NOT_YOURS)
    except contact.StoppedMessages:
        _stopped(body, respond)
        return None
    open_modal(deps, body["trigger_id"], views.done_form(delivery_id))
    return None


def done_form(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    delivery_id = views.delivery_of(view.get("private_metadata"))
    note_text, evidence = views.read_done_form(view.get("state", {}).get("values", {}))
    if delivery_id is None or (note_text is None and evidence is None):
        ack()
        return
    try:
        answer = _record(deps, body, delivery_id, Outcome.DONE, CheckInSource.FORM, note=note_text, evidence=evidence)
    except contact.StoppedMessages:
        answer = None  # a form left open across a STOP: nothing is kept
    ack()
    if answer is not None:
        _show(deps, answer)


def cant_form(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    delivery_id = views.delivery_of(view.get("private_metadata"))
    barrier, words = views.read_cant_form(view.get("state", {}).get("values", {}))
    if barrier is None:
        ack(response_action="errors", errors={"barrier": "Pick what got in the way."})
        return
    if barrier == Barrier.OTHER and not words:
        ack(response_action="errors", errors={"words": "Tell us in a few words."})
        return
    if delivery_id is None:
        ack()
        return
    try:
        answer = _record(deps, body, delivery_id, Outcome.CANT, CheckInSource.FORM, barrier=barrier, note=words)
    except contact.StoppedMessages:
        answer = None  # a form left open across a STOP: nothing is kept
    ack()
    if answer is None:
        return
    _show(deps, answer)
    with deps.db.transaction() as session:
        action = session.get(Call, answer.call_id)
        who = privacy.label(messengers.find(session, team_of(body), user_of(body)))
        notice = views.barrier_notice(who, answer.call_id, action.objective if action else "", barrier)
    post_channel(deps, deps.settings.report_channel, notice)


# ----- implementation checks -------------------------------------------------------------------------

_OUTCOMES = {action_id: outcome for outcome, action_id in views.IMPL_ACTIONS.items()}


def _check_answered(
    deps: Deps, check_id: int, team_id: str, user_id: str, outcome: Outcome, source: CheckInSource, **extra: Any
) -> ImplementationCheck | None:
    try:
        with deps.db.transaction() as session:
            accountability.answer_check(session, check_id, team_id, user_id, outcome, deps.now(), source, **extra)
            check = session.get(ImplementationCheck, check_id)
            flagged = accountability.newly_flagged(session, check_id, deps.now())
            campaign = check.campaign.name if check else ""
            days = check.days_after_win if check else 0
    except accountability.NotAsked:
        return None
    if flagged:
        post_channel(deps, deps.settings.report_channel, views.flag_notice(campaign, days))
    return check


def implementation_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    check_id = _value(body)
    action_id = str((body.get("actions") or [{}])[0].get("action_id", "")).split(":", 1)[0]
    outcome = _OUTCOMES.get(action_id)
    if check_id is None or outcome is None:
        return None
    try:
        check = _check_answered(deps, check_id, team_of(body), user_of(body), outcome, CheckInSource.BUTTON)
    except contact.StoppedMessages:
        _stopped(body, respond)
        return None
    if check is None:
        return note("I couldn't find that question, or it was not asked of you.")
    answered = views.implementation_answered(check.campaign.name, check.stage, outcome, check_id)
    return {"replace_original": True, **answered}


def implementation_details(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    check_id = _value(body)
    if check_id is None:
        return None
    with deps.db.reading() as session:
        stopped = not contact.may_start_conversation(session, team_of(body), user_of(body))
    open_modal(deps, body["trigger_id"], stopped_modal() if stopped else views.implementation_form(check_id))
    return None


def implementation_form(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    check_id = views.delivery_of(view.get("private_metadata"), key="check_id")
    outcome, seen, evidence = views.read_implementation_form(view.get("state", {}).get("values", {}))
    if outcome is None:
        ack(response_action="errors", errors={"answer": "Pick yes, no or not sure."})
        return
    ack()
    if check_id is not None:
        with contextlib.suppress(contact.StoppedMessages):  # a form left open across a STOP: nothing is kept
            _check_answered(
                deps, check_id, team_of(body), user_of(body), outcome, CheckInSource.FORM, note=seen, evidence=evidence
            )
