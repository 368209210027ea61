"""What scheduling a call to action leads to, one definition for every way a call is scheduled (the
preview's Schedule button and form, approving a planned week): the organizer's live progress message, and
the delivery woken at its first ask."""

from __future__ import annotations

from core.calls import Progress as Counts
from core.calls import Scheduled
from runtime.effects import Effect, Progress, WakeDelivery
from views import calls as views


def scheduled_effects(organizer: str, scheduled: list[Scheduled]) -> tuple[Effect, ...]:
    effects: list[Effect] = []
    for call in scheduled:
        counts = call.progress or Counts(call.planned, sent=0, failed=0, pending=call.planned, skipped=0, cancelled=0)
        effects.append(Progress(call.call_id, organizer, views.progress_message(call.call_id, call.objective, counts)))
        if call.first_due is not None:
            effects.append(WakeDelivery(call.call_id, call.first_due))
    return tuple(effects)
