"""The jobs: plain functions that take ids (or nothing) and open their own short transactions.

The database says what is left to do; jobs only wake the work. `PERIODIC` lists the jobs that run on a
clock; `deliver` runs for one call to action when its next delivery is due. `reconcile` makes the job
store agree with our tables (a missing job is recreated, an orphan removed); the sweep runs it often,
so a job lost from the store costs at most one sweep interval.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from apscheduler.jobstores.base import JobLookupError

from core import (
    accountability,
    attendance,
    checkins,
    contact,
    coverage,
    events,
    held,
    inbox,
    messengers,
    monthly,
    outbox,
    plan,
    reports,
)
from core.held import Sent
from core.messengers import claim_notice, release_notice
from core.timing import zone
from models.vocab import NoticeKind
from runtime import daytime, organizers
from runtime import deps as runtime_deps
from runtime.deps import Deps, utc_now
from scheduler.delivery import Sender
from views import attendance as attendance_views
from views import monthly as monthly_views
from views import plan as plan_views
from views.checkins import implementation_prompt, reminder
from views.reports import digest_message

log = logging.getLogger(__name__)

DELIVER_PREFIX = "deliver:"


def _ref(job: Callable[..., None]) -> str:
    """APScheduler's persistent store keeps a textual reference, never the function object."""
    return f"{job.__module__}:{job.__qualname__}"


# ----- the jobs ---------------------------------------------------------------------------------------


def _still_running(deps: Deps) -> Callable[[], bool]:
    """A long job goes on while the scheduler that started it still leads (run by hand, while nothing
    changes): stepping down or shutting down stops it between two messages, not after hundreds."""
    started, leading = deps.jobs, deps.jobs.leading
    return lambda: deps.jobs is started and started.leading == leading and not deps.stopping.is_set()


def deliver(call_id: int) -> None:
    """Send what is due for one call to action, then sleep until its next delivery is due."""
    deps = runtime_deps.current()
    stats = Sender(deps).run(call_id, keep_going=lambda: deps.jobs.leading)
    log.info("call to action #%d: %d sent, %d failed, %d to retry", call_id, stats.sent, stats.failed, stats.retried)
    with deps.db.reading() as session:
        following = outbox.next_due(session, call_id)
    if following is not None:
        deps.jobs.wake(call_id, following)


def sweep() -> None:
    """The safety net: send anything due, then reconcile the job store with the tables."""
    deps = runtime_deps.current()
    with deps.db.transaction() as session:  # results lost to an error mid-run: check and send again
        stale = outbox.recover_in_flight(session, deps.now())
    if stale:
        log.warning("sweep: %d deliveries were left in flight; they will be checked, then sent", stale)
    stats = Sender(deps).run(keep_going=lambda: deps.jobs.leading)
    if stats.claimed:
        log.info("sweep: %d sent, %d failed, %d to retry", stats.sent, stats.failed, stats.retried)
    deps.jobs.reconcile()


def resume_paused() -> None:
    """Messengers whose pause has run out are active again (matching already treats them so)."""
    deps = runtime_deps.current()
    with deps.db.transaction() as session:
        resumed = messengers.resume_due(session, deps.now())
    if resumed:
        log.info("resumed %d messengers whose pause ended", len(resumed))


def housekeeping() -> None:
    """Forget processed Slack event ids after a week (Slack retries within minutes); erase inbox threads
    closed longer ago than DRUMBEAT_INBOX_DAYS, with their words."""
    deps = runtime_deps.current()
    with deps.db.transaction() as session:
        removed = events.forget_before(session, deps.now() - timedelta(days=7))
        erased = inbox.purge(session, deps.now(), deps.settings.inbox_days)
    log.info("housekeeping: forgot %d old event ids, erased %d closed inbox threads", removed, erased)


def remind() -> None:
    """One reminder per quiet or "I'll do it" call to action, around its due date, in their daytime."""
    deps = runtime_deps.current()
    now = deps.now()
    with deps.db.reading() as session:
        due = checkins.reminders_due(session, now)
    sent = 0
    going = _still_running(deps)
    for item in due:
        if not going():
            break
        with deps.db.transaction() as session:
            claimed = checkins.claim_reminder(session, item, now)
        if claimed is None:
            continue
        if deps.slack.dm(item.user_id, reminder(claimed.card, item.delivery_id, claimed.said_will_do)) is not None:
            sent += 1
        else:
            with deps.db.transaction() as session:
                release_notice(session, item.team_id, item.user_id, NoticeKind.REMINDER, str(item.delivery_id))
    if sent:
        log.info("sent %d reminders", sent)


def ask_implementation() -> None:
    """After a win: ask the campaign's messengers whether the change is implemented (or sustained)."""
    deps = runtime_deps.current()
    now = deps.now()
    with deps.db.transaction() as session:
        prompts = accountability.prompts_due(session, now)
    asked = 0
    going = _still_running(deps)
    for p in prompts:
        if not going():
            break
        with deps.db.transaction() as session:
            if not accountability.still_askable(session, p.team_id, p.user_id, now):
                continue  # they stopped or paused since the list was made, or are at their ask limit
            if not claim_notice(session, p.team_id, p.user_id, NoticeKind.IMPLEMENTATION, str(p.check_id), now):
                continue
        message = implementation_prompt(p.campaign, p.commitment, p.check_id, p.stage, p.days_after_win)
        if deps.slack.dm(p.user_id, message) is not None:
            asked += 1
        else:
            with deps.db.transaction() as session:
                release_notice(session, p.team_id, p.user_id, NoticeKind.IMPLEMENTATION, str(p.check_id))
    if asked:
        log.info("asked %d messengers about implementation", asked)


def send_held() -> None:
    """DMs held through someone's quiet hours (core.held) go once their daytime has come, unless they said
    STOP meanwhile. Each is taken from the table before it is sent: never twice."""
    deps = runtime_deps.current()
    now = deps.now()
    with deps.db.reading() as session:
        found = held.due(session, now)
    sent = 0
    going = _still_running(deps)
    for item in found:
        if not going():
            break
        with deps.db.transaction() as session:
            if not held.take(session, item.id) or not contact.may_start_conversation(
                session, item.team_id, item.user_id
            ):
                continue
        if deps.slack.dm(item.user_id, item.message) is None:
            log.warning("a held %s message could not be sent", item.kind)
        else:
            sent += 1
    if sent:
        log.info("sent %d messages held through quiet hours", sent)


def digest() -> None:
    """The weekly digest for organizers, in DRUMBEAT_REPORT_CHANNEL (once per week)."""
    deps = runtime_deps.current()
    channel = deps.settings.report_channel
    if not channel:
        return
    now, tz, team_id = deps.now(), deps.settings.timezone, deps.team_id or ""
    with deps.db.transaction() as session:
        week = reports.week_of(now, tz).isoformat()
        if not claim_notice(session, team_id, channel, NoticeKind.DIGEST, week, now):
            return
        found = reports.report(session, team_id, since=now - timedelta(days=7), tz=tz)
        attention = reports.attention(session, team_id, now)
        last_week = plan.monday_of(now.astimezone(zone(tz)).date()) - timedelta(days=7)
        planned = [line for line in coverage.coverage(session, team_id, [last_week], tz) if line.targets]
        drumbeat = (
            (sum(line.contacts for line in planned), sum(sum(line.targets.values()) for line in planned))
            if planned
            else None
        )
    if deps.slack.post(channel, digest_message(found, attention, now, drumbeat)) is None:
        with deps.db.transaction() as session:
            release_notice(session, team_id, channel, NoticeKind.DIGEST, week)


def event_reminders() -> None:
    """Events: a reminder the day before and an hour before to everyone going, and afterwards "Were you
    there?", each once (a notice per RSVP and kind), never to someone who asked Drumbeat to stop."""
    deps = runtime_deps.current()
    now = deps.now()
    with deps.db.reading() as session:
        found = attendance.due(session, now)
    sent = 0
    going = _still_running(deps)
    for item in found:
        if not going():
            break
        with deps.db.transaction() as session:
            if not contact.may_start_conversation(session, item.team_id, item.user_id):
                continue
            if not claim_notice(session, item.team_id, item.user_id, item.kind, str(item.call_id), now):
                continue
        message = (
            attendance_views.were_you_there(item)
            if item.kind == NoticeKind.EVENT_AFTER
            else attendance_views.reminder(item)
        )
        if deps.slack.dm(item.user_id, message) is None:
            with deps.db.transaction() as session:
                release_notice(session, item.team_id, item.user_id, item.kind, str(item.call_id))
        else:
            sent += 1
    if sent:
        log.info("events: %d reminders and attendance questions sent", sent)


def monthly_notes() -> None:
    """The monthly "your drumbeat" note, from 10:00 on the 1st (in DRUMBEAT_TIMEZONE), once a month per
    person, outside their quiet hours, a few hundred a run (hourly), never after STOP or their opt-out."""
    deps = runtime_deps.current()
    now, tz, team_id = deps.now(), deps.settings.timezone, deps.team_id or ""
    month = monthly.last_month(now, tz)
    if month is None:
        return
    with deps.db.reading() as session:
        notes, totals = monthly.due(session, team_id, month, now, tz)
    sent = 0
    going = _still_running(deps)
    for item in notes:
        if not going():
            break
        with deps.db.transaction() as session:  # they may have said STOP or turned it off meanwhile
            if not monthly.still_wanted(session, team_id, item.user_id):
                continue
            if not claim_notice(session, team_id, item.user_id, NoticeKind.MONTHLY, month.key, now):
                continue
        if deps.slack.dm(item.user_id, monthly_views.monthly_note(month, item, totals)) is None:
            with deps.db.transaction() as session:
                release_notice(session, team_id, item.user_id, NoticeKind.MONTHLY, month.key)
        else:
            sent += 1
    if sent:
        log.info("monthly notes: %d sent", sent)


def plan_week() -> None:
    """The autopilot: once this week's moment (DRUMBEAT_AUTOPILOT) has passed, draft next week's asks from
    every running plan row, and DM the organizers who own the rows (or, if none of them is an organizer any
    more, every current organizer). Nothing is sent until one approves. Runs every 15 minutes; a week is
    drafted once (a bot that was down at the moment drafts when back). A draft whose DM went only to people
    who are no longer organizers goes to the current ones."""
    deps = runtime_deps.current()
    moment = deps.settings.autopilot
    if moment is None:
        return
    now, tz, team_id = deps.now(), deps.settings.timezone, deps.team_id or ""
    local = now.astimezone(zone(tz))
    if (local.weekday(), local.hour * 60 + local.minute) >= moment:
        with deps.db.transaction() as session:
            batch = plan.draft_week(session, team_id, plan.next_monday(now, tz), now, tz)
        if batch is not None:
            log.info("the autopilot drafted batch #%d", batch.id)
    with deps.db.reading() as session:
        waiting = [
            (b.id, plan.owners(session, b), plan.sent_to(b), plan_views.draft_message(b))
            for b in plan.waiting(session, team_id)
        ]
    for batch_id, owners, sent_to, message in waiting:
        if any(organizers.is_organizer(deps, team_id, u) for u in sent_to):
            continue  # its buttons are with an organizer
        reached = [
            u
            for u in organizers.recipients(deps, team_id, owners)
            if daytime.dm(deps, team_id, u, message, kind="planned_week") is not Sent.FAILED
        ]
        with deps.db.transaction() as session:
            plan.record_sent(session, batch_id, reached)
        log.info("planned week #%d: its DM went to %d organizers", batch_id, len(reached))


def plan_gaps() -> None:
    """Alerts that mean something: a running plan row's audience with no completed contact in 14 days, told
    once per gap to the organizer who owns the row (or, if they are no longer one, to every organizer)."""
    deps = runtime_deps.current()
    now, tz, team_id = deps.now(), deps.settings.timezone, deps.team_id or ""
    with deps.db.reading() as session:
        found = coverage.gaps(session, team_id, now, tz)
    going = _still_running(deps)
    for gap in found:
        for organizer in organizers.recipients(deps, team_id, [gap.organizer]):
            if not going():
                return
            with deps.db.transaction() as session:
                if not claim_notice(session, team_id, organizer, NoticeKind.GAP, gap.subject, now):
                    continue
            if daytime.dm(deps, team_id, organizer, plan_views.gap_message(gap), kind="gap") is Sent.FAILED:
                with deps.db.transaction() as session:
                    release_notice(session, team_id, organizer, NoticeKind.GAP, gap.subject)


# ----- the schedule -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Periodic:
    job_id: str
    job: Callable[[], None]
    every: timedelta
    first_after: timedelta  # from when this process starts leading


SWEEP_EVERY = timedelta(seconds=30)
PERIODIC = (
    Periodic("sweep", sweep, SWEEP_EVERY, SWEEP_EVERY),
    Periodic("resume_paused", resume_paused, timedelta(minutes=5), timedelta(0)),
    Periodic("housekeeping", housekeeping, timedelta(hours=6), timedelta(minutes=1)),
    Periodic("remind", remind, timedelta(minutes=15), timedelta(minutes=2)),
    Periodic("implementation", ask_implementation, timedelta(minutes=15), timedelta(minutes=3)),
    Periodic("event_reminders", event_reminders, timedelta(minutes=15), timedelta(minutes=1)),
    Periodic("send_held", send_held, timedelta(minutes=5), timedelta(minutes=1)),
    Periodic("monthly_notes", monthly_notes, timedelta(hours=1), timedelta(minutes=6)),
    Periodic("plan_week", plan_week, timedelta(minutes=15), timedelta(minutes=4)),
    Periodic("plan_gaps", plan_gaps, timedelta(hours=1), timedelta(minutes=5)),
)
DIGEST = ("digest", digest, {"day_of_week": "mon", "hour": 9})  # in DRUMBEAT_TIMEZONE


class LeaderJobs:
    """`Deps.jobs` while this process leads: wakes delivery jobs in its running APScheduler.

    Our tables keep time by `Deps.clock`; APScheduler keeps real time. The two differ in tests (a frozen
    clock) and in the playground (real time plus an offset), so every moment handed to APScheduler is moved
    by the clocks' difference: a delivery due in 3 hours runs in 3 real hours, whatever the clock says.

    One wake or reconcile at a time: reconciling is read-then-write, and two at once (a sweep's and a new
    leader's, or a listener's) would both find a job missing and both add it. Adding replaces a job of the
    same id, and each step's failure is logged and the rest goes on, so a reconcile never stops half-way.
    After `close` (stepping down) nothing more is scheduled: a job that still holds this object cannot wait
    on a scheduler that is stopping, and the next leader's reconcile finds what was left."""

    def __init__(self, aps: Any, deps: Deps) -> None:
        self.aps = aps
        self.deps = deps
        self._lock = threading.Lock()
        self._closed = False

    @property
    def leading(self) -> bool:
        return not self._closed

    def close(self) -> None:
        self._closed = True

    def _real(self, moment: datetime) -> datetime:
        """`moment` by our clock, as the same distance from now by APScheduler's (real time)."""
        return moment + (utc_now() - self.deps.now())

    def wake(self, call_id: int, at: datetime) -> None:
        """Ask for a delivery run at `at`."""
        with self._lock:
            if not self._closed:
                self._wake(call_id, at)

    def _wake(self, call_id: int, at: datetime) -> None:
        self.aps.add_job(
            _ref(deliver),
            "date",
            run_date=self._real(at),
            args=[call_id],
            id=f"{DELIVER_PREFIX}{call_id}",
            replace_existing=True,
        )

    def reconcile(self) -> None:
        """Make the job store agree with our tables: recreate what is missing, drop orphans."""
        with self._lock:
            if self._closed:
                return
            existing = {job.id: job for job in self.aps.get_jobs()}
            steps: list[tuple[str, Callable[[], object]]] = []
            for p in PERIODIC:
                if p.job_id not in existing:
                    first = utc_now() + p.first_after
                    add = partial(self.aps.add_job, _ref(p.job), "interval", seconds=p.every.total_seconds())
                    steps.append((p.job_id, partial(add, id=p.job_id, next_run_time=first, replace_existing=True)))
            job_id, job, cron = DIGEST
            if job_id not in existing:
                zone_name = self.deps.settings.timezone
                add = partial(self.aps.add_job, _ref(job), "cron", timezone=zone_name, replace_existing=True, **cron)
                steps.append((job_id, partial(add, id=job_id)))
            with self.deps.db.reading() as session:
                pending = outbox.pending_calls(session)
            for call_id, due in pending.items():
                found = existing.get(f"{DELIVER_PREFIX}{call_id}")
                planned = None if found is None else found.next_run_time
                if planned is None or abs((planned - self._real(due)).total_seconds()) > 1:
                    steps.append((f"{DELIVER_PREFIX}{call_id}", partial(self._wake, call_id, due)))
            for existing_id in existing:
                if existing_id.startswith(DELIVER_PREFIX) and int(existing_id[len(DELIVER_PREFIX) :]) not in pending:
                    steps.append((existing_id, partial(self._remove, existing_id)))
            for name, step in steps:
                self._step(name, step)

    def _remove(self, job_id: str) -> None:
        with contextlib.suppress(JobLookupError):  # gone already
            self.aps.remove_job(job_id)

    def _step(self, job_id: str, step: Callable[[], object]) -> None:
        if self._closed:
            return
        try:
            step()
        except Exception as error:
            log.warning("reconcile: %s failed (%s); the next sweep tries again", job_id, type(error).__name__)


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


def tick() -> None:
    """Run now what may have become due: the playground moved the clock (runtime.clock), and the
    interval triggers run on real time."""
    sweep()
    resume_paused()
    remind()
    ask_implementation()
    event_reminders()
    send_held()
    monthly_notes()
    plan_week()
    plan_gaps()
