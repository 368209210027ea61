"""A DM in the person's daytime: sent now, or held until their quiet hours end (`core.held`).

For what reaches a person because of someone else (an organizer's reply or message, a win, a place that
opened up at an event). What answers the person's own click or command goes at once: they are awake.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import held
from core.held import Sent
from runtime.deps import Deps


def dm(
    deps: Deps, team_id: str, user_id: str, message: Mapping[str, Any], *, kind: str, author: str | None = None
) -> Sent:
    now = deps.now()
    with deps.db.transaction() as session:
        until = held.quiet_until(session, team_id, user_id, now)
        if until is not None:
            held.hold(session, team_id, user_id, message, until, now, kind=kind, author=author)
            return Sent.HELD
    return Sent.NOW if deps.slack.dm(user_id, message) is not None else Sent.FAILED
