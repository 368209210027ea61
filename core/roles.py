"""Who is an organizer: named in DRUMBEAT_ORGANIZERS, a workspace admin or owner, or added in Slack."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import Organizer


def is_organizer(session: Session, team_id: str, user_id: str, *, configured: frozenset[str], is_admin: bool) -> bool:
    if user_id in configured or is_admin:
        return True
    found = session.scalar(select(Organizer.id).where(Organizer.team_id == team_id, Organizer.user_id == user_id))
    return found is not None


def add(session: Session, team_id: str, user_id: str, added_by: str, now: datetime) -> bool:
    exists = session.scalar(select(Organizer.id).where(Organizer.team_id == team_id, Organizer.user_id == user_id))
    if exists is not None:
        return False
    session.add(Organizer(team_id=team_id, user_id=user_id, added_by=added_by, added_at=now))
    return True


def remove(session: Session, team_id: str, user_id: str) -> bool:
    result = session.execute(delete(Organizer).where(Organizer.team_id == team_id, Organizer.user_id == user_id))
    return bool(getattr(result, "rowcount", 0))


def added(session: Session, team_id: str) -> list[str]:
    return list(
        session.scalars(select(Organizer.user_id).where(Organizer.team_id == team_id).order_by(Organizer.added_at))
    )


def current(session: Session, team_id: str, *, configured: frozenset[str]) -> list[str]:
    """Every organizer Drumbeat can name: those in the settings, then those added in Slack."""
    return list(dict.fromkeys([*sorted(configured), *added(session, team_id)]))
