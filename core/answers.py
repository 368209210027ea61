"""What counts as an answer to an ask, in SQL: the latest answer stands, so a Done counts as a completed
contact only while no later Done, "I'll do it" or "Can't" to the same ask replaced it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, exists
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
