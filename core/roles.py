"""Who is an organizer: named in DRUMBEAT_ORGANIZERS, a workspace admin or owner, or added in Slack."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from models import Call, Campaign, Database, Organizer, PlannedWeek, PlanRow


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


ERASED = ""  # in place of an id someone erased (a column that always held one)


def forget(session: Session, team_id: str, user_id: str) -> None:
    """Deletion: she is no longer an organizer, and her id leaves what she made, added or decided; the
    coalition keeps a campaign's, call's or plan row's own text."""
    session.execute(delete(Organizer).where(Organizer.team_id == team_id, Organizer.user_id == user_id))
    session.execute(
        update(Organizer).where(Organizer.team_id == team_id, Organizer.added_by == user_id).values(added_by=ERASED)
    )
    for made in (Campaign, Call, PlanRow):
        session.execute(
            update(made).where(made.team_id == team_id, made.created_by == user_id).values(created_by=ERASED)
        )
    session.execute(
        update(Call)
        .where(Call.team_id == team_id, Call.created_by == ERASED, Call.status_channel.is_not(None))
        .values(status_channel=None, status_ts=None)  # the progress message in her DM
    )
    session.execute(
        update(PlannedWeek)
        .where(PlannedWeek.team_id == team_id, PlannedWeek.decided_by == user_id)
        .values(decided_by=None)
    )
    for week in session.scalars(select(PlannedWeek).where(PlannedWeek.team_id == team_id)):
        sent_to = week.summary.get("sent_to") or []
        if user_id in sent_to:
            week.summary = {**week.summary, "sent_to": [u for u in sent_to if u != user_id]}


def listed(db: Database, team_id: str, *, configured: frozenset[str]) -> list[str]:
    with db.reading() as session:
        return current(session, team_id, configured=configured)


def add_many(db: Database, team_id: str, user_ids: list[str], added_by: str, now: datetime) -> list[str]:
    """Those of `user_ids` who were not organizers already."""
    with db.transaction() as session:
        return [u for u in user_ids if add(session, team_id, u, added_by, now)]


def remove_many(db: Database, team_id: str, user_ids: list[str]) -> list[str]:
    with db.transaction() as session:
        return [u for u in user_ids if remove(session, team_id, u)]


def named_organizer(db: Database, team_id: str, user_id: str, *, configured: frozenset[str]) -> bool:
    """In the settings or added in Slack (Slack's word on admins is asked at the edge)."""
    with db.reading() as session:
        return is_organizer(session, team_id, user_id, configured=configured, is_admin=False)
