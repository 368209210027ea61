"""The test factories start from states the bot itself reaches: the bulk path for load tests writes the
rows `save_profile` writes for a new person."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from models import Database, Messenger, StatusChange
from tests import when
from tests.factories import add_messengers

SKIP = {"id", "user_id", "display_name"}


def rows_of(db: Database, user_id: str) -> tuple[dict[str, Any], list[tuple[Any, str]]]:
    with db.reading() as session:
        person = session.scalars(select(Messenger).where(Messenger.user_id == user_id)).one()
        columns = {c.key: getattr(person, c.key) for c in Messenger.__table__.columns if c.key not in SKIP}
        history = session.execute(
            select(StatusChange.status, StatusChange.via)
            .where(StatusChange.messenger_id == person.id)
            .order_by(StatusChange.id)
        ).all()
        return columns, [tuple(row) for row in history]


def test_many_messengers_at_once_are_stored_as_one_by_one(db: Database) -> None:
    add_messengers(db, None, ["U0ONE"], when.START, tz="America/Chicago", bulk=False)  # save_profile
    add_messengers(db, None, ["U0BULK1", "U0BULK2"], when.START, tz="America/Chicago")
    one = rows_of(db, "U0ONE")
    assert one[1], "a status history"
    assert rows_of(db, "U0BULK1") == one
    assert rows_of(db, "U0BULK2") == one
