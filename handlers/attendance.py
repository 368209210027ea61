"""Events: `/drumbeat event "Town hall" on=2026-12-10T18:00 place="City Hall" speakers=2 attendees=25`
(organizers; the usual preview, then Schedule), the invitation's *I'll be there* / *I can speak* /
*Can't make it*, "Were you there?", `/drumbeat event 5` (the roster) and `/drumbeat event 5 message "..."`
(to everyone signed up)."""

from __future__ import annotations

import logging
import re

from slack_bolt import App

from core import attendance, calls, campaigns, contact, numbers, oneline
from core.held import Sent
from handlers.request import Reply, Request, replace, say
from handlers.routes import routes_of
from models import Delivery
from runtime import daytime
from runtime.deps import Deps
from views import attendance as views
from views import calls as call_views
from views import checkins as checkin_views
from views.status import note
from views.text import esc

log = logging.getLogger("drumbeat.events")

EXAMPLE = '`/drumbeat event "Town hall on ID cards" on=2026-12-10T18:00 place="City Hall" speakers=2 attendees=25`'
_EVENT_KEYS = re.compile(r'\b(on|place|speakers|attendees)=("[^"]*"|\S+)', re.IGNORECASE)
_MESSAGE = re.compile(r"^(#?\d+)\s+message\s+(.+)$", re.IGNORECASE | re.DOTALL | re.ASCII)


def register(app: App) -> None:
    routes = routes_of(app)
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
        return _roster(request, deps, call_id) if call_id else say(note(_no_event(text)))
    if found := _MESSAGE.match(text):
        call_id = numbers.an_id(found.group(1))
        if call_id is None:
            return say(note(_no_event(found.group(1))))
        return _message_all(request, deps, call_id, found.group(2).strip().strip('"“”'))
    return _create(request, deps, text)


def _no_event(text: str) -> str:
    return f"There is no event #{esc(text.lstrip('#')[:20])}. `/drumbeat actions` lists calls to action."


def _create(request: Request, deps: Deps, text: str) -> Reply | None:
    tz, now = deps.settings.timezone, deps.now()
    keys = {m.group(1).lower(): m.group(2).strip('"') for m in _EVENT_KEYS.finditer(text)}
    rest = _EVENT_KEYS.sub("", text).strip()
    if not rest or "on" not in keys or "place" not in keys:
        return say(note(f"An event needs a title, `on=` (its date and time) and `place=`. For example: {EXAMPLE}"))
    try:
        starts = oneline.moment(keys["on"], tz, "the event's time")
    except oneline.ParseError as error:
        return say(note(f"I couldn't read {esc(str(error))}. For example: {EXAMPLE}"))
    places = {k: numbers.read_or_none(keys.get(k, "0")) for k in ("speakers", "attendees")}
    speakers, attendees = places["speakers"], places["attendees"]
    if speakers is None or attendees is None or not (speakers or attendees):
        return say(note(f"`speakers=` and `attendees=` are numbers of places, at least one of them. {EXAMPLE}"))
    if speakers > 100 or attendees > 10_000:
        return say(note("At most 100 speakers and 10,000 attendees."))
    if starts <= now:
        return say(note(f"That time has passed. {EXAMPLE}"))
    if "tactic=" not in rest.lower():
        rest += " tactic=meetings"
    with deps.db.transaction() as session:
        try:
            draft = oneline.parse(rest, campaigns.all_of(session, request.team_id), tz, now)
        except oneline.ParseError as error:
            return say(note(f"I couldn't read {esc(str(error))}. For example: {EXAMPLE}"))
        errors = calls.validate(session, request.team_id, draft, now, tz)
        if errors:
            return say(note("Almost: " + " ".join(esc(e) for e in errors.values())))
        call_id = calls.save_draft(session, request.team_id, draft, request.user_id, now)
        attendance.create(session, call_id, starts, keys["place"], speakers, attendees)
    with deps.db.reading() as session:
        story = calls.preview_story(session, call_id, deps.now(), tz)
    message = call_views.preview_message(call_id, draft.objective, story, tz)
    message["blocks"].insert(1, views.event_section(starts, keys["place"], speakers, attendees))
    return say(message)


def _roster(request: Request, deps: Deps, call_id: int) -> Reply | None:
    with deps.db.reading() as session:
        found = attendance.roster(session, request.team_id, call_id)
    if found is None:
        return say(note(f"Call to action #{call_id} is not an event. `/drumbeat actions` lists them."))
    return say(views.roster_message(found))


def _message_all(request: Request, deps: Deps, call_id: int, text: str) -> Reply | None:
    with deps.db.reading() as session:
        found = attendance.roster(session, request.team_id, call_id)
        if found is None:
            return say(note(f"Call to action #{call_id} is not an event."))
        everyone = [u for role in found.going.values() for u in role] + [u for r in found.waiting.values() for u in r]
        reachable = [u for u in everyone if contact.may_start_conversation(session, request.team_id, u)]
    organizer = request.user_id
    outcomes: list[Sent] = []
    for user_id in reachable:
        with deps.db.reading() as session:  # they may have said STOP meanwhile
            if not contact.may_start_conversation(session, request.team_id, user_id):
                continue
        message = views.organizer_message(found, organizer, text)
        outcomes.append(daytime.dm(deps, request.team_id, user_id, message, kind="event_message", author=organizer))
    log.info("event #%d: a message to %d of %d signed up", call_id, len(reachable), len(everyone))
    sent, later = outcomes.count(Sent.NOW), outcomes.count(Sent.HELD)
    return say(note(views.message_sent(call_id, sent, later)))


# ----- messengers --------------------------------------------------------------------------------------


def _take(request: Request, deps: Deps, role: str) -> Reply | None:
    if request.number is None:
        return None
    try:
        with deps.db.transaction() as session:
            taken = attendance.take(session, request.team_id, request.user_id, request.number, role, deps.now())
            card = calls.card(session, session.get_one(Delivery, request.number).call_id)
    except attendance.NotAnEvent:
        return say(note("That invitation is no longer open."))
    except attendance.MayNotSpeak:
        return say(note(views.SPEAKERS_LEAD))
    except contact.StoppedMessages:
        return say(note(views.STOPPED))
    if card is None:
        return say(note(views.taken_text(taken)))
    if taken.moved_up is not None:
        daytime.dm(deps, request.team_id, taken.moved_up, views.moved_up(card.objective), kind="moved_up")
    # The invitation shows the choice (its buttons stay, to change it).
    return replace(views.invitation(card, request.number, views.taken_text(taken)))


def event_going(request: Request, deps: Deps) -> Reply | None:
    return _take(request, deps, attendance.ATTENDEE)


def event_speak(request: Request, deps: Deps) -> Reply | None:
    return _take(request, deps, attendance.SPEAKER)


def event_cancel(request: Request, deps: Deps) -> Reply | None:
    if request.number is None:
        return None
    try:
        with deps.db.transaction() as session:
            moved = attendance.cancel(session, request.team_id, request.user_id, request.number, deps.now())
            card = calls.card(session, session.get_one(Delivery, request.number).call_id)
    except attendance.NotAnEvent:
        return say(note("That invitation is no longer open."))
    except contact.StoppedMessages:
        return say(note(views.STOPPED))
    if moved is not None and card is not None:
        daytime.dm(deps, request.team_id, moved, views.moved_up(card.objective), kind="moved_up")
    if card is None:
        return say(note(views.CANT_MAKE_IT))
    return replace(views.invitation(card, request.number, views.CANT_MAKE_IT))


def _was_there(request: Request, deps: Deps, there: bool) -> Reply | None:
    if request.number is None:
        return None
    try:
        with deps.db.transaction() as session:
            ok = attendance.attended(session, request.team_id, request.user_id, request.number, there, deps.now())
    except contact.StoppedMessages:
        return say(note(views.STOPPED))  # the question stays as it was; this says why nothing happened
    if not ok:
        return None
    return replace(note("Thank you for being there: it counts." if there else "Thanks for telling us."))


def event_there(request: Request, deps: Deps) -> Reply | None:
    return _was_there(request, deps, True)


def event_missed(request: Request, deps: Deps) -> Reply | None:
    return _was_there(request, deps, False)
