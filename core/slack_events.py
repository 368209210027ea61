"""Slack event ids, kept for a week: a retry of an event already handled does nothing (the coalition's own
events are `core.attendance`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Database, SlackEvent


def _record(session: Session, event_id: str, now: datetime) -> bool:
    """Record `event_id`; False if it was recorded before (a retry). Part of the caller's transaction."""
    if session.scalar(select(SlackEvent.event_id).where(SlackEvent.event_id == event_id)) is not None:
        return False
    session.add(SlackEvent(event_id=event_id, received_at=now))
    session.flush()  # a concurrent twin fails here on the primary key, rolling its transaction back
    return True


def claim(session: Session, event_id: str | None, now: datetime) -> bool:
    """Record `event_id` before acting on it; False if it was handled before (a retry) or is being handled
    right now (a twin delivery that got here first). Only a clash on the event id counts as a twin: an error
    in the work that follows is an error. Events without an id are always new."""
    if not event_id:
        return True
    try:
        with session.begin_nested():
            return _record(session, event_id, now)
    except IntegrityError:
        return False


def forget_before(session: Session, cutoff: datetime) -> int:
    result = session.execute(delete(SlackEvent).where(SlackEvent.received_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


def first_time(db: Database, event_id: str | None, now: datetime) -> bool:
    """`claim`, in a transaction of its own."""
    with db.transaction() as session:
        return claim(session, event_id, now)


def forget_old(db: Database, before: datetime) -> int:
    """Forget processed event ids (Slack retries within minutes; a week is plenty)."""
    with db.transaction() as session:
        return forget_before(session, before)
