"""Whether Drumbeat may start a conversation with someone at all.

A person who said STOP (or "Not now"), or who deleted their data, is on the do-not-contact list: a keyed
hash of team and user id, so the list holds no profile and no readable id, and it survives deletion.
Every path that can start a conversation (welcomes, invites, the coalition channel, rejoining from an
old button) asks `may_start_conversation` first. Only the person's own `/drumbeat join`, saved, takes
them off the list.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from models import Database, DoNotContact, Messenger, Meta
from models.vocab import MessengerStatus

_KEY_NAME = "contact_key"
_keys: WeakKeyDictionary[Any, bytes] = WeakKeyDictionary()  # engine -> key: it never changes once made


class NotJoined(Exception):
    """The person has no finished profile yet (`/drumbeat join` makes one)."""


class StoppedMessages(Exception):
    """The person asked Drumbeat to stop (or deleted their data): only their own `/drumbeat join`, saved,
    brings them back, so nothing else they click or submit may restart anything."""


def _key(session: Session) -> bytes:
    engine = session.get_bind()
    cached = _keys.get(engine)
    if cached is not None:
        return cached
    value = session.scalar(select(Meta.value).where(Meta.name == _KEY_NAME))
    if value is None:  # the migration makes it; a database restored without it gets a new one
        value = secrets.token_hex(32)
        session.add(Meta(name=_KEY_NAME, value=value))
        session.flush()
        return bytes.fromhex(value)  # not cached until committed and read back
    key = _keys[engine] = bytes.fromhex(value)
    return key


def _hash(session: Session, team_id: str, user_id: str) -> str:
    return hmac.new(_key(session), f"{team_id}:{user_id}".encode(), hashlib.sha256).hexdigest()


def forbid(session: Session, team_id: str, user_id: str, now: datetime) -> None:
    """Put the person on the do-not-contact list (idempotent)."""
    key = _hash(session, team_id, user_id)
    if session.get(DoNotContact, key) is None:
        session.add(DoNotContact(key=key, created_at=now))
        session.flush()


def allow(session: Session, team_id: str, user_id: str) -> None:
    """Take the person off the list: only for their own saved `/drumbeat join`."""
    session.execute(delete(DoNotContact).where(DoNotContact.key == _hash(session, team_id, user_id)))


def forbidden(session: Session, team_id: str, user_id: str) -> bool:
    return session.get(DoNotContact, _hash(session, team_id, user_id)) is not None


def forbidden_among(session: Session, team_id: str, user_ids: list[str]) -> set[str]:
    """Those of `user_ids` on the do-not-contact list (one query per 500)."""
    by_key = {_hash(session, team_id, user_id): user_id for user_id in user_ids}
    keys = list(by_key)
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found |= {by_key[k] for k in session.scalars(select(DoNotContact.key).where(DoNotContact.key.in_(chunk)))}
    return found


def may_start_conversation(session: Session, team_id: str, user_id: str) -> bool:
    """False for anyone who asked not to be messaged: opted out, declined, or deleted."""
    if forbidden(session, team_id, user_id):
        return False
    status = session.scalar(select(Messenger.status).where(Messenger.team_id == team_id, Messenger.user_id == user_id))
    return status != MessengerStatus.OPTED_OUT


def may_message(db: Database, team_id: str, user_id: str) -> bool:
    """`may_start_conversation`, in a read of its own."""
    with db.reading() as session:
        return may_start_conversation(session, team_id, user_id)
