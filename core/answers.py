"""What counts as an answer to an ask, in SQL: the latest answer stands, so a Done counts as a completed
contact only while no later Done, "I'll do it" or "Can't" to the same ask replaced it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Subquery, and_, exists, func, select
from sqlalchemy.orm import aliased

from models import CheckIn
from models.vocab import ANSWERS, Outcome


def standing_done() -> Any:
    """A condition on `CheckIn`: it is a Done that no later answer to the same ask replaced."""
    later = aliased(CheckIn)
    replaced = exists().where(
        later.delivery_id == CheckIn.delivery_id, later.id > CheckIn.id, later.outcome.in_(ANSWERS)
    )
    return and_(CheckIn.outcome == Outcome.DONE, ~replaced)


def latest_answers(since: datetime | None = None) -> Subquery:
    """(delivery_id, id): each ask's latest answer. With `since`, among answers given since then (which is
    the latest of all whenever there is one)."""
    query = select(CheckIn.delivery_id, func.max(CheckIn.id).label("id")).where(
        CheckIn.delivery_id.is_not(None), CheckIn.outcome.in_(ANSWERS)
    )
    if since is not None:
        query = query.where(CheckIn.created_at >= since)
    return query.group_by(CheckIn.delivery_id).subquery()
