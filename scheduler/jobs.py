"""The jobs. Each is a module-level function taking only ids; it opens its own short transaction."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from runtime import deps as runtime_deps
from runtime.deps import Deps

log = logging.getLogger(__name__)

_aps: Any = None  # the running APScheduler, when this process is the leader


def install(aps: Any) -> None:
    global _aps
    _aps = aps


def reconcile(deps: Deps) -> None:
    """Make the job store agree with our tables: recreate what is missing, drop orphans."""
    if _aps is None:
        return
    _aps.add_job(
        "scheduler.jobs:resume_paused",
        "interval",
        minutes=5,
        id="resume_paused",
        replace_existing=True,
        next_run_time=deps.now(),
    )
    _aps.add_job(
        "scheduler.jobs:housekeeping",
        "interval",
        hours=6,
        id="housekeeping",
        replace_existing=True,
        next_run_time=deps.now() + timedelta(minutes=1),
    )


def housekeeping() -> None:
    """Forget processed Slack event ids after a week (Slack retries within minutes)."""
    from core import events

    deps = runtime_deps.current()
    with deps.db.transaction() as session:
        removed = events.forget_before(session, deps.now() - timedelta(days=7))
    log.info("housekeeping: forgot %d old event ids", removed)


def resume_paused() -> None:
    """Messengers whose pause has run out are active again (matching already treats them so)."""
    from core import messengers

    deps = runtime_deps.current()
    with deps.db.transaction() as session:
        resumed = messengers.resume_due(session, deps.now())
    if resumed:
        log.info("resumed %d messengers whose pause ended", len(resumed))
