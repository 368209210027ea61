"""Who may be named. Reports, the digest, the chart and exports name a messenger only if they agreed to
be credited and are still with us; everyone else is "a messenger"."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Database, Messenger
from models.vocab import N_, MessengerStatus

ANONYMOUS = N_("a messenger")  # views show it in the reader's language: views.text.person


def may_name(messenger: Messenger | None) -> bool:
    return messenger is not None and messenger.credit_ok and messenger.status != MessengerStatus.OPTED_OUT


def label(messenger: Messenger | None) -> str:
    if messenger is None or not may_name(messenger):
        return ANONYMOUS
    return messenger.display_name or ANONYMOUS


def label_of(session: Session, team_id: str, user_id: str) -> str:
    """How reports and notices may call this person: their name if they agreed, else "a messenger"."""
    return label(session.scalar(select(Messenger).where(Messenger.team_id == team_id, Messenger.user_id == user_id)))


def may_quote(messenger: Messenger | None) -> bool:
    """Their words may be shown (unnamed, if need be) unless they opted out; deleted people have no
    words left to show."""
    return messenger is None or messenger.status != MessengerStatus.OPTED_OUT


def label_for(db: Database, team_id: str, user_id: str) -> str:
    with db.reading() as session:
        return label_of(session, team_id, user_id)
