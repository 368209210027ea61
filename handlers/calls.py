"""Calls to action for organizers: `/drumbeat new` (form or one line), the preview, scheduling,
`/drumbeat actions`, `/drumbeat action ID`, `/drumbeat cancel ID`, `/drumbeat reschedule ID WHEN`."""

from __future__ import annotations

import logging

from core import calls, campaigns, numbers, oneline
from handlers.request import Reply, Request, form_errors, only, replace, say, show
from handlers.routes import Routes
from handlers.scheduling import scheduled_effects
from models.vocab import N_
from runtime.deps import Deps
from runtime.effects import Reconcile, WakeDelivery
from views import calls as views
from views.examples import examples
from views.invalid import texts_of
from views.text import state_value

log = logging.getLogger("drumbeat.calls")


def register(routes: Routes) -> None:
    routes.command(["new"], new_call, organizers=True, form=lambda r: None if r.args else N_("New call to action"))
    routes.command(["actions", "calls"], list_calls, organizers=True)
    routes.command(["action", "call"], show_call, organizers=True)
    routes.command(["cancel"], cancel, organizers=True)
    routes.command(["reschedule"], reschedule, organizers=True)
    routes.form(views.CALL_FORM, call_form, organizers=True)
    routes.form(views.PREVIEW_FORM, call_preview, organizers=True)
    routes.action(views.SCHEDULE_BUTTON, call_schedule, organizers=True)
    routes.action(views.DISCARD_BUTTON, call_discard, organizers=True)
    # From the preview message, Edit opens the form; in the preview form, the form itself changes back.
    routes.action(views.EDIT_BUTTON, call_edit, organizers=True, form=lambda r: None if r.view_id else N_("Edit"))
    routes.action(views.CANCEL_BUTTON, call_cancel, organizers=True)
    routes.action(views.CALLS_MORE, calls_more, organizers=True)
    routes.options(views.CAMPAIGN_SELECT, suggest_campaigns, organizers=True)
    routes.options(views.AUDIENCE_SELECT, suggest_audience, organizers=True)


# ----- creating ----------------------------------------------------------------------------------


def new_call(request: Request, deps: Deps) -> Reply | None:
    tz, now = deps.settings.timezone, deps.now()
    found = campaigns.listed(deps.db, request.team_id)
    if not request.args:  # the form, opened first by the route
        return show(views.new_call_form(found, tz)) if found else say(views.no_campaigns())
    try:
        draft = oneline.parse(request.args, found, tz, now)
        drafted = calls.save_and_preview(deps.db, request.team_id, request.user_id, draft, now, tz)
    except oneline.ParseError as error:
        return say(views.unreadable_line(error, examples(now, tz)))
    except calls.NotValid as error:
        return say(views.almost(error.errors, examples(now, tz)))
    return say(views.preview_message(drafted.call_id, drafted.objective, drafted.story, tz))


def suggest_campaigns(request: Request, deps: Deps) -> Reply | None:
    """The campaign picker, as the organizer types: open and newest first."""
    found, total = campaigns.suggestions(deps.db, request.team_id, request.query)
    return Reply(options=views.campaign_suggestions(found, total))


def suggest_audience(request: Request, deps: Deps) -> Reply | None:
    """The audience picker: the public, the press and the coalition always; decision makers as typed, the
    chosen campaign's first."""
    chosen = (state_value(request.values, views.CAMPAIGN_SELECT).get("selected_option") or {}).get("value")
    first = numbers.an_id(chosen) if isinstance(chosen, str) else None
    found, total = campaigns.maker_suggestions(deps.db, request.team_id, request.query, first=first)
    return Reply(options=views.audience_suggestions(found, total))


def call_form(request: Request, deps: Deps) -> Reply | None:
    tz, now = deps.settings.timezone, deps.now()
    draft = views.read_call_form(request.values, tz, now)
    editing = views.draft_id(request.private_metadata, "editing")
    try:
        drafted = calls.save_and_preview(deps.db, request.team_id, request.user_id, draft, now, tz, editing)
    except calls.NotValid as error:
        return form_errors(texts_of(error.errors))  # the form stays, with what they typed
    # The preview travels in the answer itself: a views.update sent after acknowledging could land
    # before Slack applies the acknowledgement, and be overwritten by it.
    return show(views.preview_modal(drafted.call_id, drafted.objective, drafted.story, tz))


def call_edit(request: Request, deps: Deps) -> Reply | None:
    """The preview's Edit: the form again, as the organizer filled it in; its Preview changes this draft."""
    if request.number is None:
        return None
    edit = calls.edit_of(deps.db, request.team_id, request.number)
    if edit is None:
        return say(views.not_editable(request.number))
    return show(views.new_call_form(campaigns.listed(deps.db, request.team_id), deps.settings.timezone, edit))


# ----- scheduling --------------------------------------------------------------------------------


def _schedule(deps: Deps, call_id: int, organizer: str) -> Reply:
    """Schedule a draft: the organizer hears how it went, and gets one status message the sender keeps
    updated (the same effects as approving a planned week: `handlers.scheduling`)."""
    tz = deps.settings.timezone
    try:
        result = calls.schedule_draft(deps.db, call_id, deps.now(), tz)
    except calls.NotADraft:
        return replace(views.not_a_draft(call_id))
    except calls.NobodyMatches:
        return replace(views.nobody_matches())
    log.info("call to action #%d scheduled: %d deliveries", call_id, result.planned)
    return replace(views.scheduled(result, tz), *scheduled_effects(organizer, [result]))


def call_preview(request: Request, deps: Deps) -> Reply | None:
    """The preview form's Schedule button: the form closes; what follows is the same as the message's."""
    call_id = views.draft_id(request.private_metadata)
    if call_id is None:
        return None
    return only(*_schedule(deps, call_id, request.user_id).effects)


def call_schedule(request: Request, deps: Deps) -> Reply | None:
    """The preview message's Schedule button."""
    if request.number is None:
        return None
    return _schedule(deps, request.number, request.user_id)


def call_discard(request: Request, deps: Deps) -> Reply | None:
    call_id = request.number
    if call_id is None:
        return None
    if not calls.discard_draft(deps.db, request.team_id, call_id):
        return say(views.already_scheduled(call_id))
    return replace(views.discarded())


# ----- looking and changing -----------------------------------------------------------------------


def list_calls(request: Request, deps: Deps) -> Reply | None:
    page = calls.page_of(deps.db, request.team_id, 0, views.CALLS_PAGE)
    return say(views.call_list(page.calls, deps.settings.timezone, start=page.start, total=page.total))


def calls_more(request: Request, deps: Deps) -> Reply | None:
    """The More button under a page of `/drumbeat actions`: the next page, in place of this one."""
    page = calls.page_of(deps.db, request.team_id, request.number or 0, views.CALLS_PAGE)
    return replace(views.call_list(page.calls, deps.settings.timezone, start=page.start, total=page.total))


def _number(text: str) -> int | None:
    return numbers.an_id(text.strip().split(" ", 1)[0])


def show_call(request: Request, deps: Deps) -> Reply | None:
    call_id = _number(request.args)
    found = calls.detail_of(deps.db, request.team_id, call_id) if call_id is not None else None
    if found is None:
        return say(views.which_call("action"))
    tz = deps.settings.timezone
    return say(views.call_detail(*found, tz, examples(deps.now(), tz)))


def _cancel(deps: Deps, team_id: str, call_id: int) -> tuple[dict[str, object], bool]:
    result = calls.cancel_call(deps.db, team_id, call_id)
    if result is None:
        return views.no_such_call(call_id), False
    return views.cancelled(call_id, result), True


def cancel(request: Request, deps: Deps) -> Reply | None:
    call_id = _number(request.args)
    if call_id is None:
        return say(views.which_call("cancel"))
    message, done = _cancel(deps, request.team_id, call_id)
    return say(message, Reconcile()) if done else say(message)


def call_cancel(request: Request, deps: Deps) -> Reply | None:
    if request.number is None:
        return None
    message, done = _cancel(deps, request.team_id, request.number)
    return replace(message, Reconcile()) if done else replace(message)


def reschedule(request: Request, deps: Deps) -> Reply | None:
    parts = request.args.split(None, 1)
    call_id = _number(parts[0]) if parts else None
    tz, now = deps.settings.timezone, deps.now()
    if call_id is None or len(parts) < 2:
        return say(views.reschedule_usage(examples(now, tz)))
    try:
        moment = oneline.moment(parts[1], tz)
    except oneline.ParseError as error:
        return say(views.reschedule_unreadable(error, examples(now, tz)))
    if moment < now:
        return say(views.reschedule_passed(examples(now, tz)))
    try:
        result = calls.reschedule_call(deps.db, request.team_id, call_id, moment, now, tz)
    except calls.AlreadyStarted:
        return say(views.already_started(call_id))
    if result is None:
        return say(views.no_such_call(call_id))
    wake = (WakeDelivery(call_id, result.first_due),) if result.first_due is not None else ()
    return say(views.moved(call_id, result.planned, moment, tz), *wake, Reconcile())
