"""The jobs. Each is a module-level function taking only ids; it opens its own short transactions.

The database says what is left to do; jobs only wake the work. `reconcile` makes the job store agree
with our tables (a missing delivery job is recreated, an orphan removed); the sweep runs it often, so
a job lost from the store costs at most one sweep interval.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta
from typing import Any

from apscheduler.jobstores.base import JobLookupError

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


def _leading() -> bool:
    return _aps is not None


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
    """On becoming leader: rows left `sending` by a crash are checked before being sent again.

    On SQLite, holding the lock file means the process that claimed them is gone: they are taken at once.
    On PostgreSQL the last leader may only have lost its connection and still be posting: rows it
    claimed moments ago are left to it for a grace period (the sweep takes them after that)."""
    grace = timedelta(0) if deps.db.is_sqlite else outbox.IN_FLIGHT_GRACE
    with deps.db.transaction() as session:
        count = outbox.recover_in_flight(session, deps.now(), older_than=grace)
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
        ("remind", "scheduler.jobs:remind", {"minutes": 15}, now + timedelta(minutes=2)),
        ("implementation", "scheduler.jobs:ask_implementation", {"minutes": 15}, now + timedelta(minutes=3)),
    ]
    existing = {job.id: job for job in _aps.get_jobs()}
    for job_id, func, interval, first in periodic:
        if job_id not in existing:
            _aps.add_job(func, "interval", id=job_id, next_run_time=first, **interval)
    if "digest" not in existing:
        _aps.add_job(
            "scheduler.jobs:digest", "cron", id="digest", day_of_week="mon", hour=9, timezone=deps.settings.timezone
        )
    with deps.db.transaction() as session:
        pending = outbox.pending_actions(session)
    for action_id, due in pending.items():
        job = existing.get(_job_id(action_id))
        if job is None or job.next_run_time is None or abs((job.next_run_time - due).total_seconds()) > 1:
            wake(action_id, due)
    for job_id in existing:
        if job_id.startswith("deliver:") and int(job_id.split(":", 1)[1]) not in pending:
            with contextlib.suppress(JobLookupError):  # another reconcile got there first
                _aps.remove_job(job_id)


def deliver(action_id: int) -> None:
    """Send what is due for one call to action, then sleep until its next delivery is due."""
    deps = runtime_deps.current()
    stats = Sender(deps, **SENDER_OPTIONS).run(action_id, keep_going=_leading)
    log.info("call to action #%d: %d sent, %d failed, %d to retry", action_id, stats.sent, stats.failed, stats.retried)
    with deps.db.transaction() as session:
        following = outbox.next_due(session, action_id)
    if following is not None:
        wake(action_id, following)


def sweep() -> None:
    """The safety net: send anything due, then reconcile the job store with the tables."""
    deps = runtime_deps.current()
    with deps.db.transaction() as session:  # results lost to an error mid-run: check and send again
        stale = outbox.recover_in_flight(session, deps.now())
    if stale:
        log.warning("sweep: %d deliveries were left in flight; they will be checked, then sent", stale)
    stats = Sender(deps, **SENDER_OPTIONS).run(keep_going=_leading)
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


def remind() -> None:
    """One reminder per quiet or "I'll do it" call to action, around its due date, in their daytime."""
    from core import actions, checkins
    from core.messengers import claim_notice, release_notice
    from views.checkins import reminder

    deps = runtime_deps.current()
    now = deps.now()
    with deps.db.transaction() as session:
        due = checkins.reminders_due(session, now)
    sent = 0
    for item in due:
        with deps.db.transaction() as session:
            if not checkins.still_worth_reminding(session, item.delivery_id, now):
                continue
            if not claim_notice(session, item.team_id, item.user_id, checkins.REMINDER, str(item.delivery_id), now):
                continue
            card = actions.card(session, item.action_id)
            current = checkins.latest(session, item.delivery_id)
            said_will_do = current is not None and current.outcome.value == "will_do"
        if card is None:
            continue
        if _post(deps, item.user_id, reminder(card, item.delivery_id, said_will_do)):
            sent += 1
        else:
            with deps.db.transaction() as session:
                release_notice(session, item.team_id, item.user_id, checkins.REMINDER, str(item.delivery_id))
    if sent:
        log.info("sent %d reminders", sent)


def ask_implementation() -> None:
    """After a win: ask the campaign's messengers whether the change is implemented (or sustained)."""
    from core import accountability
    from core.messengers import claim_notice, release_notice
    from core.timing import in_quiet_hours, zone
    from views.checkins import implementation_prompt

    deps = runtime_deps.current()
    now = deps.now()
    with deps.db.transaction() as session:
        outbox_items = []
        for check in accountability.checks_to_ask(session, now):
            campaign = check.campaign
            for messenger in accountability.connected_messengers(session, campaign.id):
                local = now.astimezone(zone(messenger.tz))
                if in_quiet_hours(local.hour * 60 + local.minute, messenger.quiet_start, messenger.quiet_end):
                    continue  # asked on a later run, in their daytime
                outbox_items.append(
                    (
                        messenger.team_id,
                        messenger.user_id,
                        check.id,
                        implementation_prompt(
                            campaign.name, campaign.commitment, check.id, check.stage, check.days_after_win
                        ),
                    )
                )
            if check.state.value == "scheduled":
                accountability.mark_asked(session, check, now)
    asked = 0
    for team_id, user_id, check_id, prompt in outbox_items:
        with deps.db.transaction() as session:
            if not accountability.still_askable(session, team_id, user_id):
                continue  # they stopped or paused since the list was made
            if not claim_notice(session, team_id, user_id, accountability.ASKED, str(check_id), now):
                continue
        if _post(deps, user_id, prompt):
            asked += 1
        else:
            with deps.db.transaction() as session:
                release_notice(session, team_id, user_id, accountability.ASKED, str(check_id))
    if asked:
        log.info("asked %d messengers about implementation", asked)


def digest() -> None:
    """The weekly digest for organizers, in DRUMBEAT_REPORT_CHANNEL (once per week)."""
    from core import reports
    from core.messengers import claim_notice
    from views.reports import digest_message

    deps = runtime_deps.current()
    channel = deps.settings.report_channel
    if not channel:
        return
    now = deps.now()
    with deps.db.transaction() as session:
        team_id = deps.team_id or ""
        week = reports.week_of(now, deps.settings.timezone).isoformat()
        if not claim_notice(session, team_id, channel, "digest", week, now):
            return
        found = reports.report(session, team_id, since=now - timedelta(days=7), tz=deps.settings.timezone)
        attention = reports.attention(session, team_id, now)
        message = digest_message(found, attention, now)
    _post(deps, channel, message)


def tick() -> None:
    """Run now what may have become due: the playground moved the clock (runtime.clock), and the
    interval triggers run on real time."""
    sweep()
    resume_paused()
    remind()
    ask_implementation()


def _post(deps: Deps, channel: str, message: dict[str, Any]) -> bool:
    from slack_sdk.errors import SlackClientError

    try:
        deps.slack.chat_postMessage(channel=channel, **message)
        return True
    except (SlackClientError, OSError) as error:
        log.warning("posting to %s failed: %s", channel, type(error).__name__)
        return False
