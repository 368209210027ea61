"""The open line between messengers and organizers.

Anything a person writes in their DM with Drumbeat that is not a STOP word and not an answer to an ask
lands here, in their one open thread, for organizers to read (`/drumbeat inbox`, the Home). An organizer
replies (the reply reaches the person's DM, signed with the organizer's name) or closes the thread.

Words are kept only while they are useful: until the thread is closed plus the retention period, then
erased with it (`purge`); deleting one's data erases them at once (`forget`). People who asked Drumbeat
to stop messaging them are neither recorded nor answered. Plain functions over a session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from core import contact
from core.text import clean
from models import Database, InboxMessage, InboxThread

TEXT_MAX = 3000
SHOWN = 20  # threads in one page of the inbox


@dataclass(frozen=True)
class Received:
    thread_id: int
    new: bool  # it opened a thread: the person hears how this works


def receive(session: Session, team_id: str, user_id: str, text: str, now: datetime) -> Received | None:
    """Keep what the person wrote in their open thread (a new one if none). None: nothing kept (no words,
    or a person who asked not to be messaged: an acknowledgement would be a message)."""
    words = clean(text, TEXT_MAX)
    if not words or not contact.may_start_conversation(session, team_id, user_id):
        return None
    thread = session.scalar(
        select(InboxThread)
        .where(InboxThread.team_id == team_id, InboxThread.user_id == user_id, InboxThread.closed_at.is_(None))
        .order_by(InboxThread.id.desc())
        .limit(1)
    )
    new = thread is None
    if thread is None:
        thread = InboxThread(team_id=team_id, user_id=user_id, opened_at=now, last_at=now)
        session.add(thread)
        session.flush()
    thread.last_at = now
    session.add(InboxMessage(thread_id=thread.id, organizer=None, text=words, created_at=now))
    return Received(thread.id, new)


@dataclass(frozen=True)
class Line:
    who: str | None  # None: the person; else the organizer who replied
    text: str
    at: datetime


@dataclass(frozen=True)
class Thread:
    id: int
    user_id: str
    last_at: datetime
    lines: list[Line]


def open_threads(session: Session, team_id: str, *, limit: int = SHOWN, offset: int = 0) -> tuple[list[Thread], int]:
    """Open threads, newest first, and how many there are."""
    where = (InboxThread.team_id == team_id, InboxThread.closed_at.is_(None))
    total = int(session.scalar(select(func.count()).select_from(InboxThread).where(*where)) or 0)
    found = session.scalars(
        select(InboxThread)
        .where(*where)
        .options(selectinload(InboxThread.messages))
        .order_by(InboxThread.last_at.desc(), InboxThread.id.desc())
        .limit(limit)
        .offset(offset)
    )
    threads = [
        Thread(t.id, t.user_id, t.last_at, [Line(m.organizer, m.text, m.created_at) for m in t.messages]) for t in found
    ]
    return threads, total


def page(db: Database, team_id: str, start: int = 0) -> tuple[list[Thread], int]:
    with db.reading() as session:
        return open_threads(session, team_id, offset=start)


def open_thread(db: Database, team_id: str, thread_id: int | None) -> Thread | None:
    """An open thread to reply to (None: closed meanwhile, or not the coalition's)."""
    with db.reading() as session:
        thread = session.get(InboxThread, thread_id) if thread_id is not None else None
        if thread is None or thread.team_id != team_id or thread.closed_at is not None:
            return None
        return Thread(thread.id, thread.user_id, thread.last_at, [])


def answer(db: Database, team_id: str, thread_id: int, organizer: str, text: str, now: datetime) -> str:
    """An organizer's reply, kept; whom to send it to. Raises NotOpen or MayNotMessage."""
    with db.transaction() as session:
        return reply(session, team_id, thread_id, organizer, text, now)


def done(db: Database, team_id: str, thread_id: int, organizer: str, now: datetime) -> bool:
    with db.transaction() as session:
        return close(session, team_id, thread_id, organizer, now)


class NotOpen(Exception):
    """The thread was closed (or erased) meanwhile."""


class MayNotMessage(Exception):
    """The person asked Drumbeat to stop, or deleted their data: no reply reaches them."""


def reply(session: Session, team_id: str, thread_id: int, organizer: str, text: str, now: datetime) -> str:
    """Record an organizer's reply; returns whom to send it to (raises NotOpen or MayNotMessage)."""
    thread = session.get(InboxThread, thread_id)
    if thread is None or thread.team_id != team_id or thread.closed_at is not None:
        raise NotOpen()
    if not contact.may_start_conversation(session, team_id, thread.user_id):
        raise MayNotMessage()
    thread.last_at = now
    session.add(InboxMessage(thread_id=thread.id, organizer=organizer, text=clean(text, TEXT_MAX), created_at=now))
    return thread.user_id


def close(session: Session, team_id: str, thread_id: int, organizer: str, now: datetime) -> bool:
    thread = session.get(InboxThread, thread_id)
    if thread is None or thread.team_id != team_id or thread.closed_at is not None:
        return False
    thread.closed_at, thread.closed_by = now, organizer
    return True


def purge(session: Session, now: datetime, keep_days: int) -> int:
    """Erase threads closed more than `keep_days` ago, with every word in them."""
    old = (InboxThread.closed_at.is_not(None), InboxThread.closed_at < now - timedelta(days=keep_days))
    session.execute(delete(InboxMessage).where(InboxMessage.thread_id.in_(select(InboxThread.id).where(*old))))
    result = session.execute(delete(InboxThread).where(*old))
    return int(getattr(result, "rowcount", 0) or 0)


def forget(session: Session, team_id: str, user_id: str) -> None:
    """Deletion: every thread the person wrote, now; and, for an organizer, every reply she signed (her
    words) and her name as the one who closed a thread."""
    ids = select(InboxThread.id).where(InboxThread.team_id == team_id, InboxThread.user_id == user_id)
    session.execute(delete(InboxMessage).where(InboxMessage.thread_id.in_(ids)))
    session.execute(delete(InboxThread).where(InboxThread.team_id == team_id, InboxThread.user_id == user_id))
    team_threads = select(InboxThread.id).where(InboxThread.team_id == team_id)
    session.execute(
        delete(InboxMessage).where(InboxMessage.organizer == user_id, InboxMessage.thread_id.in_(team_threads))
    )
    session.execute(
        update(InboxThread)
        .where(InboxThread.team_id == team_id, InboxThread.closed_by == user_id)
        .values(closed_by=None)
    )


def count_open(session: Session, team_id: str) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(InboxThread)
            .where(InboxThread.team_id == team_id, InboxThread.closed_at.is_(None))
        )
        or 0
    )


def purge_old(db: Database, now: datetime, keep_days: int) -> int:
    with db.transaction() as session:
        return purge(session, now, keep_days)
