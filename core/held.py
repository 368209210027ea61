"""Nothing reaches a person in their quiet hours: a DM that is not an answer to something they just did
(a win's news, an organizer's reply or message, a place that opened up at an event) and would land in
their quiet hours is held until their daytime, then sent (`scheduler.jobs.send_held`).

Held messages are dropped when the person says STOP, erased when they (or the organizer whose words one
carries) delete their data, and checked again just before they go. Plain functions over a session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from core import contact
from core.timing import next_allowed
from models import Database, HeldMessage, Messenger


class Sent(Enum):
    """What became of a DM meant for someone's daytime."""

    NOW = "now"
    HELD = "held until their quiet hours end"
    FAILED = "Slack refused it"


def quiet_until(session: Session, team_id: str, user_id: str, now: datetime) -> datetime | None:
    """When the person's quiet hours end, if they are in them now (None: not quiet, or no profile yet)."""
    found = session.execute(
        select(Messenger.tz, Messenger.quiet_start, Messenger.quiet_end).where(
            Messenger.team_id == team_id, Messenger.user_id == user_id, Messenger.onboarded_at.is_not(None)
        )
    ).first()
    if found is None:
        return None
    allowed = next_allowed(now, found.tz, found.quiet_start, found.quiet_end)
    return allowed if allowed > now else None


def hold_if_quiet(
    db: Database,
    team_id: str,
    user_id: str,
    message: Mapping[str, Any],
    now: datetime,
    *,
    kind: str,
    author: str | None = None,
) -> bool:
    """In the person's quiet hours: keep the message until they end (True). Otherwise False: send it now."""
    with db.transaction() as session:
        until = quiet_until(session, team_id, user_id, now)
        if until is None:
            return False
        hold(session, team_id, user_id, message, until, now, kind=kind, author=author)
        return True


def hold(
    session: Session,
    team_id: str,
    user_id: str,
    message: Mapping[str, Any],
    until: datetime,
    now: datetime,
    *,
    kind: str,
    author: str | None = None,
) -> None:
    session.add(
        HeldMessage(
            team_id=team_id,
            user_id=user_id,
            author=author,
            kind=kind,
            message=dict(message),
            due_at=until,
            created_at=now,
        )
    )


@dataclass(frozen=True)
class Held:
    id: int
    team_id: str
    user_id: str
    kind: str
    author: str | None
    message: dict[str, Any]


def due(session: Session, now: datetime, limit: int = 200) -> list[Held]:
    rows = session.scalars(select(HeldMessage).where(HeldMessage.due_at <= now).order_by(HeldMessage.id).limit(limit))
    return [Held(r.id, r.team_id, r.user_id, r.kind, r.author, dict(r.message)) for r in rows]


def due_now(db: Database, now: datetime, limit: int = 200) -> list[Held]:
    with db.reading() as session:
        return due(session, now, limit)


def take(db: Database, held: Held) -> bool:
    """Claim a held message for sending (it leaves the table); False if someone else took it, it was
    dropped (STOP) or erased meanwhile, or the person may no longer be messaged."""
    with db.transaction() as session:
        result = session.execute(delete(HeldMessage).where(HeldMessage.id == held.id))
        return bool(getattr(result, "rowcount", 0)) and contact.may_start_conversation(
            session, held.team_id, held.user_id
        )


def forget(session: Session, team_id: str, user_id: str, *, their_words: bool) -> None:
    """STOP: everything held for the person. Deletion (`their_words`): that, and everything held for others
    that carries their words."""
    whose = (
        or_(HeldMessage.user_id == user_id, HeldMessage.author == user_id)
        if their_words
        else (HeldMessage.user_id == user_id)
    )
    session.execute(delete(HeldMessage).where(HeldMessage.team_id == team_id, whose))
