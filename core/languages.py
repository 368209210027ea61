"""The language each person reads Drumbeat in: learned from their Slack locale, or chosen by them.

A choice (`/drumbeat language es`) always wins: Slack's locale fills in only for people
who never chose, and is looked up once (`runtime`: the first time Drumbeat writes to them). Unknown:
the coalition's language (`Settings.language`).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import contact
from models import Database, Speaks

KNOWN = ("en", "es")


def of(db: Database, team_id: str, user_id: str) -> str | None:
    """Their language, or None when Drumbeat has not learned it yet."""
    with db.reading() as session:
        return session.scalar(select(Speaks.language).where(Speaks.team_id == team_id, Speaks.user_id == user_id))


def of_people(session: Session, team_id: str, user_ids: Iterable[str]) -> dict[str, str]:
    """The languages of those of `user_ids` whose language is known."""
    wanted = sorted(set(user_ids))
    if not wanted:
        return {}
    rows = session.execute(
        select(Speaks.user_id, Speaks.language).where(Speaks.team_id == team_id, Speaks.user_id.in_(wanted))
    )
    return {user_id: language for user_id, language in rows}


def learn(db: Database, team_id: str, user_id: str, language: str, *, chosen: bool) -> str:
    """Remember their language: what they chose, or Slack's locale unless they chose before. The language
    they read in from now on."""
    assert language in KNOWN, language
    try:
        return _learn(db, team_id, user_id, language, chosen)
    except IntegrityError:  # learned at the same moment elsewhere: once more, now as a change
        return _learn(db, team_id, user_id, language, chosen)


def _learn(db: Database, team_id: str, user_id: str, language: str, chosen: bool) -> str:
    with db.transaction() as session:
        if not chosen and contact.forbidden(session, team_id, user_id):
            return language  # after STOP or deletion nothing new is kept about them unless they act
        found = session.scalar(
            select(Speaks).where(Speaks.team_id == team_id, Speaks.user_id == user_id).with_for_update()
        )
        if found is None:
            session.add(Speaks(team_id=team_id, user_id=user_id, language=language, chosen=chosen))
            return language
        if chosen or not found.chosen:
            found.language, found.chosen = language, found.chosen or chosen
        return found.language


def forget(session: Session, team_id: str, user_id: str) -> None:
    """Deletion: nothing about them stays, their language included."""
    session.execute(delete(Speaks).where(Speaks.team_id == team_id, Speaks.user_id == user_id))
