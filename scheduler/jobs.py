"""The jobs. Each is a module-level function taking only ids; it opens its own short transactions.

The database says what is left to do; jobs only wake the work. `reconcile` makes the job store agree
with our tables (a missing delivery job is recreated, an orphan removed); the sweep runs it often, so
a job lost from the store costs at most one sweep interval.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from core import messengers, outbox
from runtime import deps as runtime_deps
from runtime.deps import Deps
from scheduler.delivery import Sender

log = logging.getLogger(__name__)

SWEEP_SECONDS = 30
# Options for the sender (pool size, retry base); tests and benchmarks adjust them.
SENDER_OPTIONS: dict[str, Any] = {}

_aps: Any = None  # the running APScheduler, when this process is the leader


def install(aps: Any) -> None:
    global _aps
    _aps = aps


def _job_id(action_id: int) -> str:
    return f"deliver:{action_id}"


def wake(action_id: int, at: datetime) -> None:
    """Ask for a delivery run at `at` (in this process, if it runs the jobs; else the sweep finds it)."""
    if _aps is None:
        return
    _aps.add_job(
        "scheduler.jobs:deliver",
        "date",
        run_date=at,
        args=[action_id],
        id=_job_id(action_id),
        replace_existing=True,
    )


def recover(deps: Deps) -> int:
    """At start-up (as leader): rows left `sending` by a crash are checked before being sent again."""
    with deps.db.transaction() as session:
        count = outbox.recover_in_flight(session, deps.now())
    if count:
        log.warning("recovered %d deliveries that were in flight when the last run stopped", count)
    return count


def reconcile(deps: Deps) -> None:
    """Make the job store agree with our tables: recreate what is missing, drop orphans."""
    if _aps is None:
        return
    now = deps.now()
    periodic = [
        ("sweep", "scheduler.jobs:sweep", {"seconds": SWEEP_SECONDS}, now + timedelta(seconds=SWEEP_SECONDS)),
        ("resume_paused", "scheduler.jobs:resume_paused", {"minutes": 5}, now),
        ("housekeeping", "scheduler.jobs:housekeeping", {"hours": 6}, now + timedelta(minutes=1)),
    ]
    existing = {job.id: job for job in _aps.get_jobs()}
    for job_id, func, interval, first in periodic:
        if job_id not in existing:
            _aps.add_job(func, "interval", id=job_id, next_run_time=first, **interval)
    with deps.db.transaction() as session:
        pending = outbox.pending_actions(session)
    for action_id, due in pending.items():
        job = existing.get(_job_id(action_id))
        if job is None or job.next_run_time is None or abs((job.next_run_time - due).total_seconds()) > 1:
            wake(action_id, due)
    for job_id in existing:
        if job_id.startswith("deliver:") and int(job_id.split(":", 1)[1]) not in pending:
            _aps.remove_job(job_id)


def deliver(action_id: int) -> None:
    """Send what is due for one call to action, then sleep until its next delivery is due."""
    deps = runtime_deps.current()
    stats = Sender(deps, **SENDER_OPTIONS).run(action_id)
    log.info("call to action #%d: %d sent, %d failed, %d to retry", action_id, stats.sent, stats.failed, stats.retried)
    with deps.db.transaction() as session:
        following = outbox.next_due(session, action_id)
    if following is not None:
        wake(action_id, following)


def sweep() -> None:
    """The safety net: send anything due, then reconcile the job store with the tables."""
    deps = runtime_deps.current()
    stats = Sender(deps, **SENDER_OPTIONS).run()
    if stats.claimed:
        log.info("sweep: %d sent, %d failed, %d to retry", stats.sent, stats.failed, stats.retried)
    reconcile(deps)


def resume_paused() -> None:
    """Messengers whose pause has run out are active again (matching already treats them so)."""
    deps = runtime_deps.current()
    with deps.db.transaction() as session:
        resumed = messengers.resume_due(session, deps.now())
    if resumed:
        log.info("resumed %d messengers whose pause ended", len(resumed))


def housekeeping() -> None:
    """Forget processed Slack event ids after a week (Slack retries within minutes)."""
    from core import events

    deps = runtime_deps.current()
    with deps.db.transaction() as session:
        removed = events.forget_before(session, deps.now() - timedelta(days=7))
    log.info("housekeeping: forgot %d old event ids", removed)
