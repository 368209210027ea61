"""Events: `/drumbeat event "Town hall" on=2026-12-10T18:00 place="City Hall" speakers=2 attendees=25`
(organizers; the usual preview, then Schedule), the invitation's *I'll be there* / *I can speak* /
*Can't make it*, "Were you there?", `/drumbeat event 5` (the roster) and `/drumbeat event 5 message "..."`
(to everyone signed up)."""

from __future__ import annotations

import logging
import re

from core import attendance, calls, contact, numbers, oneline
from handlers.request import Reply, Request, replace, say
from handlers.routes import Routes
from runtime.deps import Deps
from runtime.effects import DM
from runtime.languages import theirs
from views import attendance as views
from views import calls as call_views
from views import checkins as checkin_views
from views.examples import examples
from views.i18n import _

log = logging.getLogger("drumbeat.attendance")

_EVENT_KEYS = re.compile(r'\b(on|place|speakers|attendees)=("[^"]*"|\S+)', re.IGNORECASE)
_MESSAGE = re.compile(r"^(#?\d+)\s+message\s+(.+)$", re.IGNORECASE | re.DOTALL | re.ASCII)


def register(routes: Routes) -> None:
    routes.command(["event"], event_command, organizers=True)
    routes.action(checkin_views.EVENT_GOING, event_going)
    routes.action(checkin_views.EVENT_SPEAK, event_speak)
    routes.action(checkin_views.EVENT_CANCEL, event_cancel)
    routes.action(checkin_views.EVENT_THERE, event_there)
    routes.action(checkin_views.EVENT_MISSED, event_missed)


# ----- organizers -----------------------------------------------------------------------------------


def event_command(request: Request, deps: Deps) -> Reply | None:
    text = request.args.strip()
    if numbers.is_written_as_number(text):
        call_id = numbers.an_id(text)
        return _roster(request, deps, call_id) if call_id else say(views.no_event(text))
    if found := _MESSAGE.match(text):
        call_id = numbers.an_id(found.group(1))
        if call_id is None:
            return say(views.no_event(found.group(1)))
        return _message_all(request, deps, call_id, found.group(2).strip().strip('"“”'))
    return _create(request, deps, text)


def _create(request: Request, deps: Deps, text: str) -> Reply | None:
    tz, now = deps.settings.timezone, deps.now()
    keys = {m.group(1).lower(): m.group(2).strip('"') for m in _EVENT_KEYS.finditer(text)}
    rest = _EVENT_KEYS.sub("", text).strip()
    if not rest or "on" not in keys or "place" not in keys:
        return say(views.event_needs(examples(now, tz)))
    try:
        starts = oneline.moment(keys["on"], tz, "the event's time")
    except oneline.ParseError as error:
        return say(views.unreadable(error, examples(now, tz)))
    speakers, attendees = (numbers.read_or_none(keys.get(k, "0")) for k in ("speakers", "attendees"))
    if speakers is None or attendees is None or not (speakers or attendees):
        return say(views.places_needed(examples(now, tz)))
    if speakers > 100 or attendees > 10_000:
        return say(views.too_many_places())
    if starts <= now:
        return say(views.time_passed(examples(now, tz)))
    try:
        drafted = attendance.draft_event(
            deps.db, request.team_id, request.user_id, rest, starts, keys["place"], (speakers, attendees), now, tz
        )
    except oneline.ParseError as error:
        return say(views.unreadable(error, examples(now, tz)))
    except calls.NotValid as error:
        return say(views.almost(error.errors))
    message = call_views.preview_message(drafted.call_id, drafted.objective, drafted.story, tz)
    message["blocks"].insert(1, views.event_section(starts, keys["place"], speakers, attendees, tz))
    return say(message)


def _roster(request: Request, deps: Deps, call_id: int) -> Reply | None:
    found = attendance.roster_of(deps.db, request.team_id, call_id)
    if found is None:
        return say(views.not_an_event(call_id))
    return say(views.roster_message(found, deps.settings.timezone))


def _message_all(request: Request, deps: Deps, call_id: int, text: str) -> Reply | None:
    """A message to everyone signed up (going or waiting), each in their daytime; someone who says STOP
    before it reaches them never gets it."""
    found = attendance.roster_of(deps.db, request.team_id, call_id)
    if found is None:
        return say(views.not_an_event(call_id))
    everyone = [u for role in found.going.values() for u in role] + [u for r in found.waiting.values() for u in r]
    reachable = [u for u in everyone if contact.may_message(deps.db, request.team_id, u)]
    organizer = request.user_id
    log.info("event #%d: a message to %d of %d signed up", call_id, len(reachable), len(everyone))
    dms = []
    for u in reachable:
        with theirs(deps, request.team_id, u):  # each reads it in their language
            message = views.organizer_message(found, organizer, text)
        dms.append(DM(request.team_id, u, message, daytime=True, kind="event_message", author=organizer))
    return say(views.message_sent(call_id, len(reachable)), *dms)


# ----- messengers --------------------------------------------------------------------------------------


def _moved_up(deps: Deps, team_id: str, user_id: str | None, objective: str) -> tuple[DM, ...]:
    if user_id is None:
        return ()
    with theirs(deps, team_id, user_id):  # in their language
        message = views.moved_up(objective)
    return (DM(team_id, user_id, message, daytime=True, kind="moved_up"),)


def _take(request: Request, deps: Deps, role: str) -> Reply | None:
    if request.number is None:
        return None
    try:
        done = attendance.rsvp(deps.db, request.team_id, request.user_id, request.number, role, deps.now())
    except attendance.NotAnEvent:
        return say(views.no_longer_open())
    except attendance.MayNotSpeak:
        return say(views.speakers_lead())
    except contact.StoppedMessages:
        return say(views.stopped())
    if done.card is None:
        return say(views.taken(done.taken))
    # The invitation shows the choice (its buttons stay, to change it).
    shown = views.invitation(done.card, request.number, views.taken_text(done.taken), deps.settings.timezone)
    return replace(shown, *_moved_up(deps, request.team_id, done.taken.moved_up, done.card.objective))


def event_going(request: Request, deps: Deps) -> Reply | None:
    return _take(request, deps, attendance.ATTENDEE)


def event_speak(request: Request, deps: Deps) -> Reply | None:
    return _take(request, deps, attendance.SPEAKER)


def event_cancel(request: Request, deps: Deps) -> Reply | None:
    if request.number is None:
        return None
    try:
        done = attendance.cant_make_it(deps.db, request.team_id, request.user_id, request.number, deps.now())
    except attendance.NotAnEvent:
        return say(views.no_longer_open())
    except contact.StoppedMessages:
        return say(views.stopped())
    if done.card is None:
        return say(views.cant_make_it())
    shown = views.invitation(done.card, request.number, _(views.CANT_MAKE_IT), deps.settings.timezone)
    return replace(shown, *_moved_up(deps, request.team_id, done.moved_up, done.card.objective))


def _was_there(request: Request, deps: Deps, there: bool) -> Reply | None:
    if request.number is None:
        return None
    try:
        ok = attendance.was_there(deps.db, request.team_id, request.user_id, request.number, there, deps.now())
    except contact.StoppedMessages:
        return say(views.stopped())  # the question stays as it was; this says why nothing happened
    return replace(views.attendance_noted(there)) if ok else None


def event_there(request: Request, deps: Deps) -> Reply | None:
    return _was_there(request, deps, True)


def event_missed(request: Request, deps: Deps) -> Reply | None:
    return _was_there(request, deps, False)
