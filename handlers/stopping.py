"""What STOP and delete-me lead to, for each listener that stops or deletes (the DM's STOP word, `/drumbeat
stop`, the Home's button, delete-me): one definition, shared, so no feature listener imports another."""

from __future__ import annotations

from core.messengers import Left
from runtime.deps import Deps
from runtime.effects import DM, Effect
from runtime.languages import theirs
from views import attendance as attendance_views
from views import status as views


def after_stop(deps: Deps, team_id: str, user_id: str, left: Left) -> tuple[Effect, ...]:
    """The one confirmation (the first time only), and the places at events they gave up, to whoever is
    next in line."""
    confirm = (DM(team_id, user_id, views.opted_out_confirmation(), to_stopped=True),) if left.changed else ()
    return confirm + moved_up(deps, team_id, left)


def moved_up(deps: Deps, team_id: str, left: Left) -> tuple[Effect, ...]:
    """Each person handed a place that someone gave up hears so, in their daytime and their language."""
    told = []
    for m in left.moved_up:
        with theirs(deps, team_id, m.user_id):
            message = attendance_views.moved_up(m.objective)
        told.append(DM(team_id, m.user_id, message, daytime=True, kind="moved_up"))
    return tuple(told)
