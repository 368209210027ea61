"""One-time messages (a welcome, a reminder, a win's news, a gap alert): claimed in a transaction of their
own before they are sent, released if Slack refuses them, so a restart or a retry never sends one twice."""

from __future__ import annotations

from datetime import datetime

from core.messengers import claim_notice, release_notice
from models import Database
from models.vocab import NoticeKind


def claim(db: Database, team_id: str, user_id: str, kind: NoticeKind, subject: str, now: datetime) -> bool:
    """True if this is the first claim (send it now); False if it was sent, or is being sent, already."""
    with db.transaction() as session:
        return claim_notice(session, team_id, user_id, kind, subject, now)


def release(db: Database, team_id: str, user_id: str, kind: NoticeKind, subject: str) -> None:
    """Slack refused the message: a later attempt may send it."""
    with db.transaction() as session:
        release_notice(session, team_id, user_id, kind, subject)
