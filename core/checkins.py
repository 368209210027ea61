"""Check-ins: what messengers say back about a call to action, and one reminder for those who are quiet.

Every answer is kept; the latest one for a delivery is the one that counts. Clicking the same answer
again (a double click, a retry) adds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import String, bindparam, cast, exists, select
from sqlalchemy.orm import Session

from core import contact, inbox, slack_events
from core.calls import Card, card
from core.messengers import may_receive_asks
from core.text import clean
from core.timing import in_quiet_hours, local_moment, next_allowed, zone
from models import Call, CheckIn, Database, Delivery, Event, Messenger, Notice
from models.vocab import (
    ANSWERS,
    Barrier,
    CallStatus,
    CheckInSource,
    DeliveryState,
    MessengerStatus,
    NoticeKind,
    Outcome,
)

NOTE_MAX = 2000
EVIDENCE_MAX = 500
REMINDER_HOUR = 10 * 60  # reminders go out at 10:00 their time (or the end of their quiet hours)
REMINDER_LATE = timedelta(days=2)  # an ask with no due date: a reminder this late is no reminder


class NotYours(Exception):
    """The delivery does not exist or belongs to someone else."""


@dataclass(frozen=True)
class Answer:
    delivery_id: int
    call_id: int
    outcome: Outcome | None
    barrier: Barrier | None
    recorded: bool  # False when this repeated the answer already standing
    channel: str | None
    ts: str | None


def _not_yours(session: Session, team_id: str, user_id: str) -> Exception:
    """Why a click on an ask is refused: it is someone else's, or the clicker deleted their data (their
    deliveries no longer point to them) and asked never to be messaged."""
    return contact.StoppedMessages() if contact.forbidden(session, team_id, user_id) else NotYours()


def _own_delivery(session: Session, delivery_id: int, team_id: str, user_id: str, *, lock: bool) -> Delivery:
    delivery = session.get(Delivery, delivery_id, with_for_update=lock)
    if delivery is None or delivery.messenger is None:
        raise _not_yours(session, team_id, user_id)
    if delivery.messenger.team_id != team_id or delivery.messenger.user_id != user_id:
        raise _not_yours(session, team_id, user_id)
    if delivery.messenger.status == MessengerStatus.OPTED_OUT:
        raise contact.StoppedMessages()
    return delivery


def latest(session: Session, delivery_id: int) -> CheckIn | None:
    """The answer that counts: the newest done / will do / can't."""
    return session.scalar(
        select(CheckIn)
        .where(CheckIn.delivery_id == delivery_id, CheckIn.outcome.in_(ANSWERS))
        .order_by(CheckIn.id.desc())
        .limit(1)
    )


def answer(
    session: Session,
    delivery_id: int,
    team_id: str,
    user_id: str,
    outcome: Outcome,
    now: datetime,
    source: CheckInSource,
    *,
    barrier: Barrier | None = None,
    note: str | None = None,
    evidence: str | None = None,
) -> Answer:
    """Record an answer to a call to action. Locks the delivery so that concurrent clicks line up."""
    delivery = _own_delivery(session, delivery_id, team_id, user_id, lock=True)
    note = clean(note, NOTE_MAX) or None
    evidence = clean(evidence, EVIDENCE_MAX) or None
    current = latest(session, delivery_id)
    same = (
        current is not None
        and current.outcome == outcome
        and (barrier is None or current.barrier == barrier)
        and note is None
        and evidence is None
    )
    if not same:
        session.add(
            CheckIn(
                delivery_id=delivery_id,
                messenger_id=delivery.messenger_id,
                campaign_id=delivery.call.campaign_id,
                outcome=outcome,
                barrier=barrier,
                note=note,
                evidence=evidence,
                source=source,
                created_at=now,
            )
        )
        session.flush()
    return Answer(
        delivery_id=delivery_id,
        call_id=delivery.call_id,
        outcome=outcome,
        barrier=barrier if barrier is not None else (current.barrier if same and current else None),
        recorded=not same,
        channel=delivery.channel,
        ts=delivery.ts,
    )


def record(
    db: Database,
    delivery_id: int,
    team_id: str,
    user_id: str,
    outcome: Outcome,
    now: datetime,
    source: CheckInSource,
    *,
    barrier: Barrier | None = None,
    note: str | None = None,
    evidence: str | None = None,
) -> Answer:
    """An answer, in a transaction of its own. A plain click that repeats the standing answer (a double
    click) writes nothing: it is read, not locked. Raises NotYours, or contact.StoppedMessages."""
    if source == CheckInSource.BUTTON:
        with db.reading() as session:
            found = standing(session, delivery_id, team_id, user_id)
        if found.outcome == outcome:
            return found
    with db.transaction() as session:
        return answer(
            session, delivery_id, team_id, user_id, outcome, now, source, barrier=barrier, note=note, evidence=evidence
        )


def standing_of(db: Database, delivery_id: int, team_id: str, user_id: str) -> Answer:
    with db.reading() as session:
        return standing(session, delivery_id, team_id, user_id)


# Built once: clicks are the most frequent request, and building a statement costs more than running it.
_OWN_DELIVERY = (
    select(Delivery.call_id, Delivery.channel, Delivery.ts, Messenger.status)
    .join(Messenger, Messenger.id == Delivery.messenger_id)
    .where(
        Delivery.id == bindparam("delivery_id"),
        Messenger.team_id == bindparam("team_id"),
        Messenger.user_id == bindparam("user_id"),
    )
)
_LATEST_ANSWER = (
    select(CheckIn.outcome, CheckIn.barrier)
    .where(CheckIn.delivery_id == bindparam("delivery_id"), CheckIn.outcome.in_(ANSWERS))
    .order_by(CheckIn.id.desc())
    .limit(1)
)


def standing(session: Session, delivery_id: int, team_id: str, user_id: str) -> Answer:
    """The answer that stands for this person's delivery (StoppedMessages if they stopped: an old
    message's buttons record nothing then)."""
    row = session.execute(_OWN_DELIVERY, {"delivery_id": delivery_id, "team_id": team_id, "user_id": user_id}).first()
    if row is None:
        raise _not_yours(session, team_id, user_id)
    if row.status == MessengerStatus.OPTED_OUT:
        raise contact.StoppedMessages()
    current = session.execute(_LATEST_ANSWER, {"delivery_id": delivery_id}).first()
    return Answer(
        delivery_id=delivery_id,
        call_id=row.call_id,
        outcome=current.outcome if current else None,
        barrier=current.barrier if current else None,
        recorded=False,
        channel=row.channel,
        ts=row.ts,
    )


@dataclass(frozen=True)
class Noted:
    delivery_id: int
    ts: str | None  # the call to action's message, for a reply in its thread


def note_from_message(
    session: Session, team_id: str, user_id: str, text: str, now: datetime, *, thread_ts: str | None
) -> Noted | None:
    """Keep a reply in an ask's thread as a note on that ask: its details, for the report. Anything else a
    person writes, whenever they write it, is for the open line (core.inbox), where an organizer can answer.
    Nothing is kept from people who opted out."""
    messenger = session.scalar(select(Messenger).where(Messenger.team_id == team_id, Messenger.user_id == user_id))
    note = clean(text, NOTE_MAX)
    if messenger is None or messenger.status == MessengerStatus.OPTED_OUT or not note or not thread_ts:
        return None
    query = select(Delivery).where(Delivery.messenger_id == messenger.id, Delivery.state == DeliveryState.SENT)
    delivery = session.scalar(query.where(Delivery.ts == thread_ts))
    if delivery is None:
        # A reply in the thread of an ask whose sending is not recorded yet (the sender records in batches,
        # and a fast reader can be faster): the ask on its way to them.
        delivery = session.scalar(
            select(Delivery)
            .where(Delivery.messenger_id == messenger.id, Delivery.state == DeliveryState.SENDING)
            .order_by(Delivery.id.desc())
            .limit(1)
        )
    if delivery is None:
        return None
    session.add(
        CheckIn(
            delivery_id=delivery.id,
            messenger_id=messenger.id,
            campaign_id=delivery.call.campaign_id,
            outcome=Outcome.NOTE,
            note=note,
            source=CheckInSource.THREAD,
            created_at=now,
        )
    )
    return Noted(delivery.id, delivery.ts or thread_ts)


# ----- reminders -----------------------------------------------------------------------------------


def reminder_time(sent_at: datetime, due: datetime | None, tz: str, quiet_start: int, quiet_end: int) -> datetime:
    """One reminder at a sensible time: the day before the due date at 10:00 their time (or, with no due
    date or too little time, two days after the ask), never in their quiet hours."""
    local = zone(tz)
    if due is not None:
        day = due.astimezone(local).date() - timedelta(days=1)
        moment = local_moment(day, REMINDER_HOUR, tz)
        if moment < sent_at + timedelta(hours=12):
            moment = sent_at + timedelta(hours=12)
    else:
        moment = local_moment((sent_at + timedelta(days=2)).astimezone(local).date(), REMINDER_HOUR, tz)
    return next_allowed(moment, tz, quiet_start, quiet_end)


@dataclass(frozen=True)
class Reminder:
    delivery_id: int
    call_id: int
    team_id: str
    user_id: str


@dataclass(frozen=True)
class ReminderToSend:
    card: Card
    said_will_do: bool


def worth_it_now(now: datetime, remind_at: datetime, due_at: datetime | None, messenger: Messenger) -> bool:
    """A reminder goes in the person's daytime (a bot that was down, or a reminder that came due in their
    night, waits for their morning), and only while it can still help: never after the ask's due date, and
    with no due date, not days late."""
    local = now.astimezone(zone(messenger.tz))
    if in_quiet_hours(local.hour * 60 + local.minute, messenger.quiet_start, messenger.quiet_end):
        return False
    if due_at is not None:
        return now <= due_at
    return now <= remind_at + REMINDER_LATE


def still_worth_reminding(session: Session, delivery_id: int, now: datetime) -> bool:
    """Checked again just before a reminder goes: they may have stopped or paused, the organizer may have
    cancelled, they may have answered since the list was made, their quiet hours may have begun."""
    row = session.execute(
        select(Messenger, Call.status)
        .join(Delivery, Delivery.messenger_id == Messenger.id)
        .join(Call, Call.id == Delivery.call_id)
        .where(Delivery.id == delivery_id)
    ).first()
    if row is None or row[1] == CallStatus.CANCELLED or not may_receive_asks(row[0], now):
        return False
    local = now.astimezone(zone(row[0].tz))
    if in_quiet_hours(local.hour * 60 + local.minute, row[0].quiet_start, row[0].quiet_end):
        return False
    current = latest(session, delivery_id)
    return current is None or current.outcome == Outcome.WILL_DO


def reminders_due(session: Session, now: datetime, *, horizon: timedelta = timedelta(days=45)) -> list[Reminder]:
    """Sent asks with no answer yet, or "I'll do it", whose reminder time has come."""
    reminded = (
        select(Notice.id)
        .where(
            Notice.team_id == Messenger.team_id,
            Notice.user_id == Messenger.user_id,
            Notice.kind == NoticeKind.REMINDER,
            Notice.subject == cast(Delivery.id, String),
        )
        .exists()
    )
    rows = session.execute(
        select(Delivery, Messenger, Call.due_date)
        .join(Messenger, Messenger.id == Delivery.messenger_id)
        .join(Call, Call.id == Delivery.call_id)
        .where(
            Delivery.state == DeliveryState.SENT,
            Delivery.sent_at >= now - horizon,
            Messenger.status == MessengerStatus.ACTIVE,
            Call.status != CallStatus.CANCELLED,
            ~reminded,
            ~exists().where(Event.call_id == Call.id),  # events have reminders of their own
        )
    ).all()
    due: list[Reminder] = []
    for delivery, messenger, due_date in rows:
        assert delivery.sent_at is not None
        due_at = (
            local_moment(due_date, 17 * 60, messenger.tz) if due_date is not None else None
        )  # "by" the due date: its working day's end, their time
        remind_at = reminder_time(delivery.sent_at, due_at, messenger.tz, messenger.quiet_start, messenger.quiet_end)
        if now < remind_at or not worth_it_now(now, remind_at, due_at, messenger):
            continue
        current = latest(session, delivery.id)
        if current is None or current.outcome == Outcome.WILL_DO:
            due.append(Reminder(delivery.id, delivery.call_id, messenger.team_id, messenger.user_id))
    return due


@dataclass(frozen=True)
class Ask:
    """A call to action as it stands for one messenger (for their App Home)."""

    delivery_id: int
    call_id: int
    sent_at: datetime
    outcome: Outcome | None
    barrier: Barrier | None


def asks_of(
    session: Session, team_id: str, user_id: str, now: datetime, *, days: int = 60, limit: int = 20
) -> list[Ask]:
    """Their calls to action sent in the last `days`, newest first, with the answer that stands."""
    messenger = session.scalar(select(Messenger).where(Messenger.team_id == team_id, Messenger.user_id == user_id))
    if messenger is None:
        return []
    deliveries = session.scalars(
        select(Delivery)
        .where(
            Delivery.messenger_id == messenger.id,
            Delivery.state == DeliveryState.SENT,
            Delivery.sent_at >= now - timedelta(days=days),
        )
        .order_by(Delivery.sent_at.desc())
        .limit(limit)
    ).all()
    found = []
    for delivery in deliveries:
        current = latest(session, delivery.id)
        assert delivery.sent_at is not None
        found.append(
            Ask(
                delivery.id,
                delivery.call_id,
                delivery.sent_at,
                current.outcome if current else None,
                current.barrier if current else None,
            )
        )
    return found


@dataclass(frozen=True)
class Heard:
    """What became of a DM: an ask's details (`noted`, a reply in its thread), or the open line
    (`received`); neither for a retry of the same Slack event or from someone who asked Drumbeat to stop."""

    noted: Noted | None = None
    received: inbox.Received | None = None


def hear(
    db: Database, team_id: str, user_id: str, words: str, now: datetime, *, thread_ts: str | None, event_id: str | None
) -> Heard:
    with db.transaction() as session:
        if not slack_events.claim(session, event_id, now):
            return Heard()
        noted = note_from_message(session, team_id, user_id, words, now, thread_ts=thread_ts)
        if noted is not None:
            return Heard(noted=noted)
        return Heard(received=inbox.receive(session, team_id, user_id, words, now))


def reminders_now(db: Database, now: datetime) -> list[Reminder]:
    with db.reading() as session:
        return reminders_due(session, now)


def reminder_of(db: Database, item: Reminder, now: datetime) -> ReminderToSend | None:
    """Just before a reminder goes: still worth sending (see `still_worth_reminding`), with what it says.
    None when it should not go. (Sent once: the caller claims its notice.)"""
    with db.reading() as session:
        if not still_worth_reminding(session, item.delivery_id, now):
            return None
        found = card(session, item.call_id)
        if found is None:
            return None
        current = latest(session, item.delivery_id)
        return ReminderToSend(found, current is not None and current.outcome == Outcome.WILL_DO)
