"""Calls to action for organizers: `/drumbeat new` (form or one line), the preview, scheduling,
`/drumbeat actions`, `/drumbeat action ID`, `/drumbeat cancel ID`, `/drumbeat reschedule ID WHEN`."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from core import calls, campaigns, numbers, oneline
from handlers.request import Reply, Request, replace, say, show, then
from handlers.routes import routes_of
from runtime.deps import Deps
from views import calls as views
from views.status import note
from views.text import esc, state_value

log = logging.getLogger("drumbeat.calls")

ONE_LINE_EXAMPLE = (
    '`/drumbeat new "Call Mayor Lee about ID cards" tactic=outreach level=occasional,participate '
    "at=2026-12-01T10:00 due=2026-12-05`"
)


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["new"], new_call, organizers=True, form=lambda r: None if r.args else "New call to action")
    routes.command(["actions", "calls"], list_calls, organizers=True)
    routes.command(["action", "call"], show_call, organizers=True)
    routes.command(["cancel"], cancel, organizers=True)
    routes.command(["reschedule"], reschedule, organizers=True)
    routes.form(views.CALL_FORM, call_form, organizers=True)
    routes.form(views.PREVIEW_FORM, call_preview, organizers=True)
    routes.action(views.SCHEDULE_BUTTON, call_schedule, organizers=True)
    routes.action(views.DISCARD_BUTTON, call_discard, organizers=True)
    routes.action(views.CANCEL_BUTTON, call_cancel, organizers=True)
    routes.action(views.CALLS_MORE, calls_more, organizers=True)
    routes.options(views.CAMPAIGN_SELECT, suggest_campaigns, organizers=True)
    routes.options(views.AUDIENCE_SELECT, suggest_audience, organizers=True)


# ----- creating ----------------------------------------------------------------------------------


def new_call(request: Request, deps: Deps) -> Reply | None:
    tz, now = deps.settings.timezone, deps.now()
    if not request.args:  # the form, opened first by the route
        with deps.db.reading() as session:
            all_campaigns = campaigns.all_of(session, request.team_id)
            form = views.new_call_form(all_campaigns, tz) if all_campaigns else None
        return say(views.no_campaigns()) if form is None else show(form)
    with deps.db.transaction() as session:
        try:
            draft = oneline.parse(request.args, campaigns.all_of(session, request.team_id), tz, now)
        except oneline.ParseError as error:
            example = f"For example: {ONE_LINE_EXAMPLE}\n`/drumbeat help` has the rest."
            return say(note(f"I couldn't read {esc(str(error))}.\n{example}"))
        errors = calls.validate(session, request.team_id, draft, now, tz)
        if errors:
            problems = " ".join(esc(e) for e in errors.values())
            return say(note(f"Almost: {problems}\nFor example: {ONE_LINE_EXAMPLE}"))
        call_id = calls.save_draft(session, request.team_id, draft, request.user_id, now)
    with deps.db.reading() as session:
        story = calls.preview_story(session, call_id, deps.now(), tz)
        card = calls.card(session, call_id)
    objective = card.objective if card else ""
    return say(views.preview_message(call_id, objective, story, tz))


def suggest_campaigns(request: Request, deps: Deps) -> Reply | None:
    """The campaign picker, as the organizer types: open and newest first."""
    with deps.db.reading() as session:
        found, total = campaigns.suggest(session, request.team_id, request.query)
        return Reply(options=views.campaign_suggestions(found, total))


def suggest_audience(request: Request, deps: Deps) -> Reply | None:
    """The audience picker: the public, the press and the coalition always; decision makers as typed, the
    chosen campaign's first."""
    chosen = (state_value(request.values, views.CAMPAIGN_SELECT).get("selected_option") or {}).get("value")
    first = numbers.an_id(chosen) if isinstance(chosen, str) else None
    with deps.db.reading() as session:
        found, total = campaigns.suggest_decision_makers(session, request.team_id, request.query, first=first)
    return Reply(options=views.audience_suggestions(found, total))


def call_form(request: Request, deps: Deps) -> Reply | None:
    tz, now = deps.settings.timezone, deps.now()
    draft = views.read_call_form(request.values, tz, now)
    with deps.db.transaction() as session:
        errors = calls.validate(session, request.team_id, draft, now, tz)
        if errors:
            return Reply(errors=errors)  # the form stays, with what they typed
        call_id = calls.save_draft(session, request.team_id, draft, request.user_id, now)
    # The preview travels in the answer itself: a views.update sent after acknowledging could land
    # before Slack applies the acknowledgement, and be overwritten by it.
    with deps.db.reading() as session:
        story = calls.preview_story(session, call_id, deps.now(), tz)
    return show(views.preview_modal(call_id, draft.objective, story, tz))


# ----- scheduling --------------------------------------------------------------------------------


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
    except calls.NobodyMatches:
        return views.NOBODY_MATCHES
    objective = card.objective if card else ""
    posted = deps.slack.dm(organizer, views.progress_message(call_id, objective, progress))
    if posted is not None:
        with deps.db.transaction() as session:
            calls.set_status_message(session, call_id, posted.channel, posted.ts)
    if result.first_due is not None:
        deps.jobs.wake(call_id, result.first_due)
    log.info("call to action #%d scheduled: %d deliveries", call_id, result.planned)
    when = views.when_text(result.first_due, tz) if result.first_due else "when their quiet hours end"
    return f"Scheduled call to action #{call_id}: {result.planned} messengers, first one {when}."


def call_preview(request: Request, deps: Deps) -> Reply | None:
    """The preview form's Schedule button."""
    call_id = views.draft_id(request.private_metadata)
    if call_id is None:
        return None

    def schedule() -> None:
        _schedule(deps, call_id, request.user_id)

    return then(schedule)


def call_schedule(request: Request, deps: Deps) -> Reply | None:
    """The preview message's Schedule button."""
    if request.number is None:
        return None
    return replace(note(_schedule(deps, request.number, request.user_id)))


def call_discard(request: Request, deps: Deps) -> Reply | None:
    call_id = request.number
    if call_id is None:
        return None
    with deps.db.transaction() as session:
        discarded = calls.discard(session, request.team_id, call_id)
    if not discarded:
        return say(note(f"Call to action #{call_id} was already scheduled; `/drumbeat cancel {call_id}` stops it."))
    return replace(note("Discarded. Nothing was sent."))


# ----- looking and changing -----------------------------------------------------------------------


def list_calls(request: Request, deps: Deps) -> Reply | None:
    return say(_calls_page(deps, request.team_id, 0))


def calls_more(request: Request, deps: Deps) -> Reply | None:
    """The More button under a page of `/drumbeat actions`: the next page, in place of this one."""
    return replace(_calls_page(deps, request.team_id, request.number or 0))


def _calls_page(deps: Deps, team_id: str, start: int) -> dict[str, Any]:
    with deps.db.reading() as session:
        found = calls.summaries(session, team_id, limit=views.CALLS_PAGE, offset=start)
        total = calls.count_calls(session, team_id)
    return views.call_list(found, deps.settings.timezone, start=start, total=total)


def _number(text: str) -> int | None:
    return numbers.an_id(text.strip().split(" ", 1)[0])


def show_call(request: Request, deps: Deps) -> Reply | None:
    call_id = _number(request.args)
    found, card = None, None
    if call_id is not None:
        with deps.db.reading() as session:
            found = calls.summary(session, request.team_id, call_id)
            card = calls.card(session, call_id) if found else None
    if found is None or card is None:
        return say(note("Which one? `/drumbeat action 12`; `/drumbeat actions` lists them."))
    return say(views.call_detail(found, card, deps.settings.timezone))


def _cancel(deps: Deps, team_id: str, call_id: int) -> str:
    with deps.db.transaction() as session:
        result = calls.cancel(session, team_id, call_id)
    if result is None:
        return f"There is no call to action #{call_id}."
    deps.jobs.reconcile()
    return f"Cancelled call to action #{call_id}: {result.cancelled} not sent" + (
        f"; {result.already_sent} had already gone out." if result.already_sent else "."
    )


def cancel(request: Request, deps: Deps) -> Reply | None:
    call_id = _number(request.args)
    if call_id is None:
        return say(note("Which one? `/drumbeat cancel 12`; `/drumbeat actions` lists them."))
    return say(note(_cancel(deps, request.team_id, call_id)))


def call_cancel(request: Request, deps: Deps) -> Reply | None:
    if request.number is None:
        return None
    return replace(note(_cancel(deps, request.team_id, request.number)))


def reschedule(request: Request, deps: Deps) -> Reply | None:
    parts = request.args.split(None, 1)
    call_id = _number(parts[0]) if parts else None
    usage = "Try `/drumbeat reschedule 12 2026-12-03T10:00` (your coalition's time zone)."
    if call_id is None or len(parts) < 2:
        return say(note(usage))
    tz, now = deps.settings.timezone, deps.now()
    try:
        moment = oneline.moment(parts[1], tz)
    except oneline.ParseError as error:
        return say(note(f"I couldn't read {esc(str(error))}. {usage}"))
    if moment < now:
        return say(note(f"That time has passed. {usage}"))
    try:
        with deps.db.transaction() as session:
            result = calls.reschedule(session, request.team_id, call_id, moment, now, tz)
    except calls.AlreadyStarted:
        return say(note(f"Call to action #{call_id} has started sending; cancel what's left instead."))
    if result is None:
        return say(note(f"There is no call to action #{call_id}."))
    if result.first_due is not None:
        deps.jobs.wake(call_id, result.first_due)
    deps.jobs.reconcile()
    return say(note(f"Moved #{call_id}: {result.planned} messengers, first one {views.when_text(moment, tz)}."))
