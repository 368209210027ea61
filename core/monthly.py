"""The monthly "your drumbeat" note: to each active messenger, once a month, what they and the coalition
did last month, and what was won. One click turns it off (`Messenger.monthly_note`). Plain functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session

from core import contact
from core.answers import standing_done
from core.timing import in_quiet_hours, local_moment, zone
from models import Call, Campaign, CheckIn, Database, Delivery, Messenger, Notice
from models.vocab import DeliveryState, MessengerStatus, NoticeKind

SEND_FROM_MINUTE = 10 * 60  # on the 1st, from 10:00 in the coalition's zone
PER_RUN = 400  # notes per run (hourly): a big roster hears over a few hours, never in a flood


@dataclass(frozen=True)
class Month:
    first: date  # the month the note is about

    @property
    def label(self) -> str:
        return self.first.strftime("%B")

    @property
    def key(self) -> str:
        return self.first.strftime("%Y-%m")


def last_month(now: datetime, tz: str) -> Month | None:
    """The month to tell about, if the note is due now (the 1st and after, from 10:00 on the 1st)."""
    local = now.astimezone(zone(tz))
    if local.day == 1 and local.hour * 60 + local.minute < SEND_FROM_MINUTE:
        return None
    previous = local.date().replace(day=1) - timedelta(days=1)
    return Month(previous.replace(day=1))


@dataclass(frozen=True)
class Note:
    user_id: str
    asks: int
    contacts: int


@dataclass(frozen=True)
class Totals:
    contacts: int
    won: list[str]


def due(session: Session, team_id: str, month: Month, now: datetime, tz: str) -> tuple[list[Note], Totals]:
    """Who should get this month's note now (not yet sent, outside their quiet hours), with their figures."""
    start = local_moment(month.first, 0, tz)
    end = local_moment((month.first + timedelta(days=32)).replace(day=1), 0, tz)
    done = exists().where(CheckIn.delivery_id == Delivery.id, CheckIn.created_at < end, standing_done())
    sent = Notice.__table__.alias("sent")
    candidates = session.execute(
        select(Messenger.id, Messenger.user_id, Messenger.tz, Messenger.quiet_start, Messenger.quiet_end)
        .where(
            Messenger.team_id == team_id,
            Messenger.status == MessengerStatus.ACTIVE,
            Messenger.monthly_note.is_(True),
            Messenger.onboarded_at < end,  # a note about a month goes only to people who were there in it
            ~exists().where(
                and_(
                    sent.c.team_id == team_id,
                    sent.c.user_id == Messenger.user_id,
                    sent.c.kind == NoticeKind.MONTHLY.value,
                    sent.c.subject == month.key,
                )
            ),
        )
        .order_by(Messenger.id)
    ).all()
    chosen = []
    for messenger_id, user_id, person_tz, quiet_start, quiet_end in candidates:
        local = now.astimezone(zone(person_tz))
        if in_quiet_hours(local.hour * 60 + local.minute, quiet_start, quiet_end):
            continue
        if not contact.may_start_conversation(session, team_id, user_id):
            continue
        chosen.append((messenger_id, user_id))
        if len(chosen) >= PER_RUN:
            break
    in_month = (Delivery.sent_at >= start, Delivery.sent_at < end, Delivery.state == DeliveryState.SENT)
    figures = {
        mid: (int(asks), int(contacts or 0))
        for mid, asks, contacts in session.execute(
            select(Delivery.messenger_id, func.count(), func.sum(case((done, 1), else_=0)))
            .join(Call, Call.id == Delivery.call_id)
            .where(Call.team_id == team_id, Delivery.messenger_id.in_([m for m, _ in chosen]), *in_month)
            .group_by(Delivery.messenger_id)
        ).all()
    }
    total = int(
        session.scalar(
            select(func.count())
            .select_from(Delivery)
            .join(Call, Call.id == Delivery.call_id)
            .where(Call.team_id == team_id, done, *in_month)
        )
        or 0
    )
    won = list(
        session.scalars(
            select(Campaign.name).where(Campaign.team_id == team_id, Campaign.won_at >= start, Campaign.won_at < end)
        )
    )
    notes = [Note(user_id, *figures.get(mid, (0, 0))) for mid, user_id in chosen]
    return notes, Totals(total, won)


def still_wanted(session: Session, team_id: str, user_id: str) -> bool:
    """Checked again just before each note: active, still wanting it, and not asked to be left alone."""
    found = session.execute(
        select(Messenger.status, Messenger.monthly_note).where(
            Messenger.team_id == team_id, Messenger.user_id == user_id
        )
    ).first()
    return (
        found is not None
        and found[0] == MessengerStatus.ACTIVE
        and bool(found[1])
        and contact.may_start_conversation(session, team_id, user_id)
    )


class Choice(Enum):
    SAVED = "saved"
    STOPPED = "they asked Drumbeat to stop: nothing changes, nothing is sent until they join again"
    NOT_JOINED = "not a messenger"


def set_wanted(db: Database, team_id: str, user_id: str, wanted: bool) -> Choice:
    """Turn the note off (one click on it) or on again (`/drumbeat monthly on`). After STOP nothing changes
    (and the answer must not claim a note will come)."""
    with db.transaction() as session:
        return _set_wanted(session, team_id, user_id, wanted)


def _set_wanted(session: Session, team_id: str, user_id: str, wanted: bool) -> Choice:
    messenger = session.scalar(select(Messenger).where(Messenger.team_id == team_id, Messenger.user_id == user_id))
    if messenger is None:
        return Choice.NOT_JOINED
    if messenger.status == MessengerStatus.OPTED_OUT or not contact.may_start_conversation(session, team_id, user_id):
        return Choice.STOPPED
    messenger.monthly_note = wanted
    return Choice.SAVED


def due_now(db: Database, team_id: str, month: Month, now: datetime, tz: str) -> tuple[list[Note], Totals]:
    with db.reading() as session:
        return due(session, team_id, month, now, tz)


def wanted(db: Database, team_id: str, user_id: str) -> bool:
    with db.reading() as session:
        return still_wanted(session, team_id, user_id)
