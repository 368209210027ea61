"""Events: a call to action with a date, a place and slots by role, and who comes.

*I'll be there* takes an attendee slot, first come; *I can speak* a speaker slot, for those who lead (a
speaker is drawn from the Lead level). A full role puts the person on its waiting list, in order; when
someone who was going cancels, the first on the list moves up (and hears so). Reminders go the day
before and an hour before; afterwards "Were you there?" records attendance, which is a Done answer on
their ask, so it counts as a contact when the event's audience is a decision maker. Plain functions
over a session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, select
from sqlalchemy.orm import Session

from core import calls, campaigns, contact, oneline
from core.calls import Card
from core.timing import in_quiet_hours, zone
from models import Call, CheckIn, Database, Delivery, Event, Messenger, Notice, Rsvp
from models.vocab import ANSWERS, CallStatus, CheckInSource, Level, MessengerStatus, NoticeKind, Outcome

SPEAKER, ATTENDEE = "speaker", "attendee"
GOING, WAITING, CANCELLED = "going", "waiting", "cancelled"
DAY_BEFORE = timedelta(hours=24)
DAY_REMINDER_UNTIL = timedelta(hours=12)  # the day-before reminder, only with this long or more to go
HOUR_BEFORE = timedelta(hours=1)
ASK_AFTER = timedelta(hours=2)  # "Were you there?" this long after it starts
ASK_WITHIN = timedelta(days=7)  # and not later than this


class NotAnEvent(Exception):
    """The ask is not an event (or not theirs)."""


class MayNotSpeak(Exception):
    """Speakers are drawn from the Lead level."""


def create(session: Session, call_id: int, starts_at: datetime, place: str, speakers: int, attendees: int) -> Event:
    event = Event(call_id=call_id, starts_at=starts_at, place=place[:300], speakers=speakers, attendees=attendees)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class Taken:
    role: str
    state: str  # going or waiting
    position: int  # on the waiting list (0 when going)
    changed: bool  # False: it was so already
    moved_up: str | None = None  # who got the place they left (changing role), to tell


def _own(session: Session, team_id: str, user_id: str, delivery_id: int) -> tuple[Delivery, Event, Messenger]:
    delivery = session.get(Delivery, delivery_id)
    messenger = delivery.messenger if delivery is not None else None
    if delivery is None or messenger is None or messenger.team_id != team_id or messenger.user_id != user_id:
        raise NotAnEvent()
    event = session.get(Event, delivery.call_id, with_for_update=True)  # one slot-taker at a time
    if event is None:
        raise NotAnEvent()
    return delivery, event, messenger


def _going(session: Session, call_id: int, role: str) -> int:
    return int(
        session.scalar(select(func.count()).where(Rsvp.call_id == call_id, Rsvp.role == role, Rsvp.state == GOING)) or 0
    )


def _position(session: Session, rsvp: Rsvp) -> int:
    return int(
        session.scalar(
            select(func.count()).where(
                Rsvp.call_id == rsvp.call_id, Rsvp.role == rsvp.role, Rsvp.state == WAITING, Rsvp.id <= rsvp.id
            )
        )
        or 0
    )


def take(session: Session, team_id: str, user_id: str, delivery_id: int, role: str, now: datetime) -> Taken:
    """Take a slot (or a place on the waiting list). Raises NotAnEvent, MayNotSpeak, StoppedMessages."""
    if not contact.may_start_conversation(session, team_id, user_id):
        raise contact.StoppedMessages()
    delivery, event, messenger = _own(session, team_id, user_id, delivery_id)
    if role == SPEAKER and (messenger.level != Level.LEAD or event.speakers == 0):
        raise MayNotSpeak()
    rsvp = session.scalar(select(Rsvp).where(Rsvp.call_id == event.call_id, Rsvp.user_id == user_id))
    if rsvp is not None and rsvp.role == role and rsvp.state in (GOING, WAITING):
        _answer(session, delivery, messenger, Outcome.WILL_DO, now)
        return Taken(role, rsvp.state, _position(session, rsvp) if rsvp.state == WAITING else 0, False)
    moved = None
    if rsvp is not None:  # a new role, or back after cancelling: to the end of the line, as anyone
        if rsvp.state == GOING:
            moved = _promote(session, event, rsvp.role)  # the slot they leave goes to the next in line
        session.delete(rsvp)
        session.flush()
    slots = event.speakers if role == SPEAKER else event.attendees
    state = GOING if _going(session, event.call_id, role) < slots else WAITING
    rsvp = Rsvp(
        call_id=event.call_id,
        team_id=team_id,
        user_id=user_id,
        delivery_id=delivery.id,
        role=role,
        state=state,
        created_at=now,
    )
    session.add(rsvp)
    session.flush()
    _answer(session, delivery, messenger, Outcome.WILL_DO, now)
    return Taken(role, state, _position(session, rsvp) if state == WAITING else 0, True, moved)


def _promote(session: Session, event: Event, role: str) -> str | None:
    """The first in line who may still be messaged takes the freed place; anyone ahead of them who asked
    Drumbeat to stop is taken off the list (nobody stopped is ever handed a place)."""
    for waiting in session.scalars(
        select(Rsvp).where(Rsvp.call_id == event.call_id, Rsvp.role == role, Rsvp.state == WAITING).order_by(Rsvp.id)
    ):
        if not _may_go(session, waiting):
            waiting.state = CANCELLED
            continue
        waiting.state = GOING
        return waiting.user_id
    return None


def _may_go(session: Session, rsvp: Rsvp) -> bool:
    messenger = session.scalar(
        select(Messenger).where(Messenger.team_id == rsvp.team_id, Messenger.user_id == rsvp.user_id)
    )
    return (
        messenger is not None
        and messenger.status != MessengerStatus.OPTED_OUT
        and contact.may_start_conversation(session, rsvp.team_id, rsvp.user_id)
    )


@dataclass(frozen=True)
class MovedUp:
    """Someone handed a place that was freed: they hear so."""

    user_id: str
    call_id: int
    objective: str


def give_up(session: Session, team_id: str, user_id: str) -> list[MovedUp]:
    """STOP or deletion: every place (and every place in line) the person has is given up at once; each
    place they held goes to the next in line, who is returned to be told."""
    held = session.scalars(
        select(Rsvp).where(Rsvp.team_id == team_id, Rsvp.user_id == user_id, Rsvp.state.in_((GOING, WAITING)))
    ).all()
    moved: list[MovedUp] = []
    for rsvp in held:
        was_going = rsvp.state == GOING
        rsvp.state = CANCELLED
        session.flush()
        event = session.get(Event, rsvp.call_id, with_for_update=True)
        if not was_going or event is None:
            continue
        if (next_in_line := _promote(session, event, rsvp.role)) is not None:
            objective = session.scalar(select(Call.objective).where(Call.id == rsvp.call_id)) or ""
            moved.append(MovedUp(next_in_line, rsvp.call_id, objective))
    return moved


def _answer(session: Session, delivery: Delivery, messenger: Messenger, outcome: Outcome, now: datetime) -> None:
    """An RSVP is an answer to the invitation: *I'll be there* (or a place in line) is "I'll do it", *Can't
    make it* is "Can't"; "Were you there?" makes it Done. Counted like any answer, never nudged for."""
    latest = session.scalar(
        select(CheckIn.outcome)
        .where(CheckIn.delivery_id == delivery.id, CheckIn.outcome.in_(ANSWERS))
        .order_by(CheckIn.id.desc())
        .limit(1)
    )
    if latest != outcome:
        session.add(
            CheckIn(
                delivery_id=delivery.id,
                campaign_id=delivery.call.campaign_id,
                messenger_id=messenger.id,
                outcome=outcome,
                source=CheckInSource.BUTTON,
                created_at=now,
            )
        )


def cancel(session: Session, team_id: str, user_id: str, delivery_id: int, now: datetime) -> str | None:
    """Give up one's place; returns who moved up from the waiting list (to tell them), if anyone. Raises
    NotAnEvent, StoppedMessages (after STOP every click changes nothing: STOP gave the place up already)."""
    if not contact.may_start_conversation(session, team_id, user_id):
        raise contact.StoppedMessages()
    delivery, event, messenger = _own(session, team_id, user_id, delivery_id)
    _answer(session, delivery, messenger, Outcome.CANT, now)
    rsvp = session.scalar(select(Rsvp).where(Rsvp.call_id == event.call_id, Rsvp.user_id == user_id))
    if rsvp is None or rsvp.state == CANCELLED:
        return None
    was_going = rsvp.state == GOING
    rsvp.state = CANCELLED
    session.flush()
    return _promote(session, event, rsvp.role) if was_going else None


# ----- reminders and attendance ---------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """`subject`: the notice's subject (the event's call id)."""

    rsvp_id: int
    team_id: str
    user_id: str
    call_id: int
    kind: NoticeKind
    starts_at: datetime
    place: str
    objective: str


def due(session: Session, now: datetime) -> list[Due]:
    """Reminders (the day before, an hour before) and "Were you there?" that are due now, not yet sent."""
    rows = session.execute(
        select(Rsvp, Event, Call.objective, Messenger.tz, Messenger.quiet_start, Messenger.quiet_end)
        .join(Event, Event.call_id == Rsvp.call_id)
        .join(Call, Call.id == Event.call_id)
        .outerjoin(Messenger, and_(Messenger.team_id == Rsvp.team_id, Messenger.user_id == Rsvp.user_id))
        .where(
            Rsvp.state == GOING,
            Call.status != CallStatus.CANCELLED,
            Event.starts_at > now - ASK_WITHIN,
            Event.starts_at <= now + DAY_BEFORE,
        )
    ).all()
    found: list[Due] = []
    for rsvp, event, objective, tz, quiet_start, quiet_end in rows:
        if tz is not None:
            local = now.astimezone(zone(tz))
            if in_quiet_hours(local.hour * 60 + local.minute, quiet_start, quiet_end):
                continue  # in their daytime, or not at all (an hour-before reminder in their night: not at all)
        if now >= event.starts_at + ASK_AFTER:
            kind = NoticeKind.EVENT_AFTER
        elif event.starts_at - HOUR_BEFORE <= now < event.starts_at:
            kind = NoticeKind.EVENT_HOUR
        elif now <= event.starts_at - DAY_REMINDER_UNTIL:
            kind = NoticeKind.EVENT_DAY  # (signed up later than that: the hour-before one will do)
        else:
            continue  # under way
        sent = session.scalar(
            select(Notice.id).where(
                Notice.team_id == rsvp.team_id,
                Notice.user_id == rsvp.user_id,
                Notice.kind == kind,
                Notice.subject == str(rsvp.call_id),  # per person and event: a new RSVP row is not news
            )
        )
        if sent is None:
            found.append(
                Due(rsvp.id, rsvp.team_id, rsvp.user_id, rsvp.call_id, kind, event.starts_at, event.place, objective)
            )
    return found


def attended(session: Session, team_id: str, user_id: str, rsvp_id: int, was_there: bool, now: datetime) -> bool:
    """Record whether they were there; being there is a Done answer on their ask (a contact). False: not
    theirs. Raises StoppedMessages after STOP: an old question's buttons record nothing."""
    if not contact.may_start_conversation(session, team_id, user_id):
        raise contact.StoppedMessages()
    rsvp = session.get(Rsvp, rsvp_id)
    if rsvp is None or rsvp.team_id != team_id or rsvp.user_id != user_id:
        return False
    if rsvp.attended == was_there:
        return True
    changed_mind = rsvp.attended is True  # "No" after "Yes": the Done no longer stands
    rsvp.attended = was_there
    messenger = session.scalar(select(Messenger).where(Messenger.team_id == team_id, Messenger.user_id == user_id))
    if (was_there or changed_mind) and rsvp.delivery_id is not None:
        delivery = session.get(Delivery, rsvp.delivery_id)
        session.add(
            CheckIn(
                delivery_id=rsvp.delivery_id,
                campaign_id=delivery.call.campaign_id if delivery else None,
                messenger_id=messenger.id if messenger else None,
                outcome=Outcome.DONE if was_there else Outcome.CANT,
                source=CheckInSource.BUTTON,
                created_at=now,
            )
        )
    return True


# ----- for organizers -------------------------------------------------------------------------------


@dataclass
class Roster:
    call_id: int
    objective: str
    starts_at: datetime
    place: str
    slots: dict[str, int]
    going: dict[str, list[str]] = field(default_factory=dict)  # role -> user ids, in order
    waiting: dict[str, list[str]] = field(default_factory=dict)
    attended: int = 0


def roster(session: Session, team_id: str, call_id: int) -> Roster | None:
    event = session.get(Event, call_id)
    call = session.get(Call, call_id)
    if event is None or call is None or call.team_id != team_id:
        return None
    found = Roster(
        call_id,
        call.objective,
        event.starts_at,
        event.place,
        {SPEAKER: event.speakers, ATTENDEE: event.attendees},
        {SPEAKER: [], ATTENDEE: []},
        {SPEAKER: [], ATTENDEE: []},
    )
    for rsvp in session.scalars(select(Rsvp).where(Rsvp.call_id == call_id).order_by(Rsvp.id)):
        if rsvp.state == GOING:
            found.going[rsvp.role].append(rsvp.user_id)
        elif rsvp.state == WAITING:
            found.waiting[rsvp.role].append(rsvp.user_id)
        found.attended += 1 if rsvp.attended else 0
    return found


def forget(session: Session, team_id: str, user_id: str) -> list[MovedUp]:
    """Deletion: their places at events, gone; a place they held goes to the next in line (returned, to be
    told)."""
    moved = give_up(session, team_id, user_id)
    session.execute(delete(Rsvp).where(Rsvp.team_id == team_id, Rsvp.user_id == user_id))
    return moved


# ----- in transactions of their own (for listeners) --------------------------------------------------


def draft_event(
    db: Database,
    team_id: str,
    organizer: str,
    line: str,
    starts: datetime,
    place: str,
    places: tuple[int, int],
    now: datetime,
    tz: str,
) -> calls.Drafted:
    """An event as a draft call to action (the rest of the line read by the one-line parser, tactic
    meetings unless said) with its places (speakers, attendees), previewed. Raises oneline.ParseError or
    calls.NotValid."""
    if "tactic=" not in line.lower():
        line += " tactic=meetings"
    with db.transaction() as session:
        draft = oneline.parse(line, campaigns.all_of(session, team_id), tz, now)
        errors = calls.validate(session, team_id, draft, now, tz)
        if errors:
            raise calls.NotValid(errors)
        call_id = calls.save_draft(session, team_id, draft, organizer, now)
        create(session, call_id, starts, place, *places)
    return calls.preview_of(db, call_id, now, tz)


def roster_of(db: Database, team_id: str, call_id: int) -> Roster | None:
    with db.reading() as session:
        return roster(session, team_id, call_id)


@dataclass(frozen=True)
class Rsvped:
    taken: Taken
    card: Card | None


def rsvp(db: Database, team_id: str, user_id: str, delivery_id: int, role: str, now: datetime) -> Rsvped:
    """Raises NotAnEvent, MayNotSpeak, StoppedMessages."""
    with db.transaction() as session:
        taken = take(session, team_id, user_id, delivery_id, role, now)
        return Rsvped(taken, calls.card(session, session.get_one(Delivery, delivery_id).call_id))


@dataclass(frozen=True)
class Cancelled:
    moved_up: str | None  # who got the place they gave up
    card: Card | None


def cant_make_it(db: Database, team_id: str, user_id: str, delivery_id: int, now: datetime) -> Cancelled:
    """Raises NotAnEvent, StoppedMessages."""
    with db.transaction() as session:
        moved = cancel(session, team_id, user_id, delivery_id, now)
        return Cancelled(moved, calls.card(session, session.get_one(Delivery, delivery_id).call_id))


def was_there(db: Database, team_id: str, user_id: str, rsvp_id: int, there: bool, now: datetime) -> bool:
    """Raises StoppedMessages."""
    with db.transaction() as session:
        return attended(session, team_id, user_id, rsvp_id, there, now)


def due_now(db: Database, now: datetime) -> list[Due]:
    with db.reading() as session:
        return due(session, now)
