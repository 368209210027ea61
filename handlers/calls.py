"""Calls to action for organizers: `/drumbeat new` (form or one line), the preview, scheduling,
`/drumbeat actions`, `/drumbeat action ID`, `/drumbeat cancel ID`, `/drumbeat reschedule ID WHEN`."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App, BoltContext

from core import calls, campaigns, oneline
from handlers.common import (
    Reply,
    acknowledged_first,
    deps_of,
    is_organizer,
    open_modal,
    post_dm,
    split_command,
    team_of,
    user_of,
)
from handlers.organizers import REFUSAL
from handlers.routes import routes_of
from runtime.deps import Deps
from scheduler import jobs
from views import calls as views
from views.status import note
from views.text import esc, plain, section

log = logging.getLogger("drumbeat.actions")

ONE_LINE_EXAMPLE = (
    '`/drumbeat new "Call Mayor Lee about ID cards" tactic=outreach level=occasional,participate '
    "at=2026-12-01T10:00 due=2026-12-05`"
)


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["new"], acknowledged_first(new_action))
    routes.command(["actions"], acknowledged_first(list_actions))
    routes.command(["action"], acknowledged_first(show_action))
    routes.command(["cancel"], acknowledged_first(cancel_command))
    routes.command(["reschedule"], acknowledged_first(reschedule_command))
    routes.view(views.NEW_CALLBACK, submit_form)
    routes.view(views.PREVIEW_CALLBACK, confirm_preview)
    routes.action(views.SCHEDULE_BUTTON, acknowledged_first(schedule_button))
    routes.action(views.DISCARD_BUTTON, acknowledged_first(discard_button))
    routes.action(views.CANCEL_BUTTON, acknowledged_first(cancel_button))


def _organizer(deps: Deps, body: dict[str, Any]) -> bool:
    return is_organizer(deps, team_of(body), user_of(body))


# ----- creating ----------------------------------------------------------------------------------


def new_action(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if not _organizer(deps, body):
        return note(REFUSAL)
    team_id, user_id = team_of(body), user_of(body)
    _, rest = split_command(body.get("text"))
    tz = deps.settings.timezone
    now = deps.now()
    if not rest:
        with deps.db.transaction() as session:
            all_campaigns = campaigns.all_of(session, team_id)
            modal = views.new_call_form(all_campaigns, tz) if all_campaigns else None
        if modal is None:
            return views.no_campaigns()
        if not open_modal(deps, body["trigger_id"], modal):
            return note("Slack didn't let me open the form just now. Please try `/drumbeat new` again.")
        return None
    with deps.db.transaction() as session:
        try:
            draft = oneline.parse(rest, campaigns.all_of(session, team_id), tz, now)
        except oneline.ParseError as error:
            return note(
                f"I couldn't read {esc(str(error))}.\nFor example: {ONE_LINE_EXAMPLE}\n`/drumbeat help` has the rest."
            )
        errors = calls.validate(session, team_id, draft, now, tz)
        if errors:
            return note("Almost: " + " ".join(errors.values()) + f"\nFor example: {ONE_LINE_EXAMPLE}")
        call_id = calls.save_draft(session, team_id, draft, user_id, now)
    return _preview_message(deps, call_id)


def _preview_message(deps: Deps, call_id: int) -> dict[str, Any]:
    tz = deps.settings.timezone
    with deps.db.reading() as session:
        plan = calls.preview(session, call_id, deps.now(), tz)
        card = calls.card(session, call_id)
    first = plan.first_due
    return views.preview_message(call_id, card.objective if card else "", plan, first, tz)


def submit_form(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    if not _organizer(deps, body):
        ack(response_action="errors", errors={"objective": REFUSAL})
        return
    team_id, user_id = team_of(body), user_of(body)
    tz, now = deps.settings.timezone, deps.now()
    draft = views.read_call_form(view.get("state", {}).get("values", {}), tz, now)
    with deps.db.transaction() as session:
        errors = calls.validate(session, team_id, draft, now, tz)
        if errors:
            ack(response_action="errors", errors=errors)  # the form stays, with what they typed
            return
        call_id = calls.save_draft(session, team_id, draft, user_id, now)
    # The preview goes in the answer itself: a views.update sent after acknowledging could land
    # before Slack applies the acknowledgement, and be overwritten by it.
    with deps.db.reading() as session:
        plan = calls.preview(session, call_id, deps.now(), tz)
    first = plan.first_due
    ack(response_action="update", view=views.preview_modal(call_id, draft.objective, plan, first, tz))


# ----- scheduling --------------------------------------------------------------------------------


def refusal_view() -> dict[str, Any]:
    return {"type": "modal", "title": plain("Drumbeat", 24), "close": plain("Close"), "blocks": [section(REFUSAL)]}


def _schedule(deps: Deps, call_id: int, organizer: str) -> str:
    """Schedule a draft; the organizer gets one status message that the sender keeps updated."""
    tz, now = deps.settings.timezone, deps.now()
    try:
        with deps.db.transaction() as session:
            result = calls.schedule(session, call_id, now, tz)
            card = calls.card(session, call_id)
            progress = calls.progress(session, call_id)
    except calls.NotADraft:
        return f"Call to action #{call_id} was already scheduled or discarded."
    objective = card.objective if card else ""
    status = post_dm(deps, organizer, views.progress_message(call_id, objective, progress))
    if status is not None:
        with deps.db.transaction() as session:
            calls.set_status_message(session, call_id, str(status.get("channel")), str(status.get("ts")))
    if result.first_due is not None:
        jobs.wake(call_id, result.first_due)
    log.info("call to action #%d scheduled: %d deliveries", call_id, result.planned)
    when = views.when_text(result.first_due, tz) if result.first_due else "never: nobody matched"
    return f"Scheduled call to action #{call_id}: {result.planned} messengers, first one {when}."


def confirm_preview(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    call_id = views.draft_id(view.get("private_metadata"))
    if not _organizer(deps, body) or call_id is None:
        ack(response_action="update", view=refusal_view())
        return
    ack()
    _schedule(deps, call_id, user_of(body))


def schedule_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if not _organizer(deps, body):
        return note(REFUSAL)
    value = (body.get("actions") or [{}])[0].get("value", "")
    if not str(value).isdigit():
        return None
    return {"replace_original": True, **note(_schedule(deps, int(value), user_of(body)))}


def discard_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if not _organizer(deps, body):
        return note(REFUSAL)
    value = (body.get("actions") or [{}])[0].get("value", "")
    if not str(value).isdigit():
        return None
    with deps.db.transaction() as session:
        discarded = calls.discard(session, team_of(body), int(value))
    if not discarded:
        return note(f"Call to action #{value} was already scheduled; `/drumbeat cancel {value}` stops it.")
    return {"replace_original": True, **note("Discarded. Nothing was sent.")}


# ----- looking and changing -----------------------------------------------------------------------


def list_actions(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if not _organizer(deps, body):
        return note(REFUSAL)
    with deps.db.reading() as session:
        return views.call_list(calls.summaries(session, team_of(body)), deps.settings.timezone)


def _action_id(text: str) -> int | None:
    word = text.strip().split(" ", 1)[0].lstrip("#")
    return int(word) if word.isdigit() else None


def show_action(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if not _organizer(deps, body):
        return note(REFUSAL)
    _, rest = split_command(body.get("text"))
    call_id = _action_id(rest)
    with deps.db.transaction() as session:
        found = [s for s in calls.summaries(session, team_of(body), limit=1000) if s.id == call_id]
        card = calls.card(session, call_id) if found and call_id else None
    if not found or card is None:
        return note("Which one? `/drumbeat action 12`; `/drumbeat actions` lists them.")
    return views.call_detail(found[0], card, deps.settings.timezone)


def _cancel(deps: Deps, team_id: str, call_id: int) -> str:
    with deps.db.transaction() as session:
        result = calls.cancel(session, team_id, call_id)
    if result is None:
        return f"There is no call to action #{call_id}."
    jobs.reconcile(deps)
    return f"Cancelled call to action #{call_id}: {result.cancelled} not sent" + (
        f"; {result.already_sent} had already gone out." if result.already_sent else "."
    )


def cancel_command(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if not _organizer(deps, body):
        return note(REFUSAL)
    _, rest = split_command(body.get("text"))
    call_id = _action_id(rest)
    if call_id is None:
        return note("Which one? `/drumbeat cancel 12`; `/drumbeat actions` lists them.")
    return note(_cancel(deps, team_of(body), call_id))


def cancel_button(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if not _organizer(deps, body):
        return note(REFUSAL)
    value = (body.get("actions") or [{}])[0].get("value", "")
    if not str(value).isdigit():
        return None
    return {"replace_original": True, **note(_cancel(deps, team_of(body), int(value)))}


def reschedule_command(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if not _organizer(deps, body):
        return note(REFUSAL)
    _, rest = split_command(body.get("text"))
    parts = rest.split(None, 1)
    call_id = _action_id(parts[0]) if parts else None
    usage = "Try `/drumbeat reschedule 12 2026-12-03T10:00` (your coalition's time zone)."
    if call_id is None or len(parts) < 2:
        return note(usage)
    tz, now = deps.settings.timezone, deps.now()
    try:
        moment = oneline.moment(parts[1], tz)
    except oneline.ParseError as error:
        return note(f"I couldn't read {esc(str(error))}. {usage}")
    if moment < now:
        return note(f"That time has passed. {usage}")
    try:
        with deps.db.transaction() as session:
            result = calls.reschedule(session, team_of(body), call_id, moment, now, tz)
    except calls.AlreadyStarted:
        return note(f"Call to action #{call_id} has started sending; cancel what's left instead.")
    if result is None:
        return note(f"There is no call to action #{call_id}.")
    if result.first_due is not None:
        jobs.wake(call_id, result.first_due)
    jobs.reconcile(deps)
    return note(f"Moved #{call_id}: {result.planned} messengers, first one {views.when_text(moment, tz)}.")
