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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from apscheduler.jobstores.base import JobLookupError

from core import (
    accountability,
    attendance,
    checkins,
    coverage,
    held,
    inbox,
    messengers,
    monthly,
    outbox,
    plan,
    reports,
    slack_events,
)
from core.timing import local_moment, zone
from models.vocab import NoticeKind
from runtime import deps as runtime_deps
from runtime import organizers
from runtime.deps import Deps, utc_now
from runtime.effects import DM, Once, Post, perform
from runtime.languages import theirs
from scheduler.delivery import Sender
from views import attendance as attendance_views
from views import monthly as monthly_views
from views import plan as plan_views
from views.checkins import implementation_prompt, reminder
from views.i18n import speaking
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
    following = outbox.next_due_of(deps.db, call_id)
    if following is not None:
        deps.jobs.wake(call_id, following)


def sweep() -> None:
    """The safety net: send anything due, then reconcile the job store with the tables."""
    deps = runtime_deps.current()
    stale = outbox.recover(deps.db, deps.now())  # results lost to an error mid-run: check and send again
    if stale:
        log.warning("sweep: %d deliveries were left in flight; they will be checked, then sent", stale)
    stats = Sender(deps).run(keep_going=lambda: deps.jobs.leading)
    if stats.claimed:
        log.info("sweep: %d sent, %d failed, %d to retry", stats.sent, stats.failed, stats.retried)
    deps.jobs.reconcile()


def resume_paused() -> None:
    """Messengers whose pause has run out are active again (matching already treats them so)."""
    deps = runtime_deps.current()
    resumed = messengers.resume_all_due(deps.db, deps.now())
    if resumed:
        log.info("resumed %d messengers whose pause ended", len(resumed))


def housekeeping() -> None:
    """Forget processed Slack event ids after a week (Slack retries within minutes); erase inbox threads
    closed longer ago than DRUMBEAT_INBOX_DAYS, with their words."""
    deps = runtime_deps.current()
    removed = slack_events.forget_old(deps.db, deps.now() - timedelta(days=7))
    erased = inbox.purge_old(deps.db, deps.now(), deps.settings.inbox_days)
    log.info("housekeeping: forgot %d old event ids, erased %d closed inbox threads", removed, erased)


def _each(deps: Deps, what: str, dms: Iterable[DM]) -> None:
    """Send each one-time DM (runtime.effects: claimed first, released if Slack refuses it, never to someone
    who said STOP), stopping between two once this scheduler stops leading; log how many went."""
    going, sent = _still_running(deps), 0
    for dm in dms:
        if not going():
            break
        sent += perform(deps, dm)
    if sent:
        log.info("%s: %d sent", what, sent)


def remind() -> None:
    """One reminder per quiet or "I'll do it" call to action, around its due date, in their daytime."""
    deps = runtime_deps.current()
    now = deps.now()

    def reminders() -> Iterator[DM]:
        for item in checkins.reminders_now(deps.db, now):
            found = checkins.reminder_of(deps.db, item, now)  # they may have answered, stopped or paused since
            if found is not None:
                with theirs(deps, item.team_id, item.user_id):
                    message = reminder(found.card, item.delivery_id, found.said_will_do, deps.settings.timezone)
                once = Once(item.team_id, NoticeKind.REMINDER, str(item.delivery_id))
                yield DM(item.team_id, item.user_id, message, once=once)

    _each(deps, "reminders", reminders())


def ask_implementation() -> None:
    """After a win: ask the campaign's messengers whether the change is implemented (or sustained)."""
    deps = runtime_deps.current()
    now = deps.now()

    def prompts() -> Iterator[DM]:
        for p in accountability.prompts_now(deps.db, now):
            if accountability.askable(deps.db, p.team_id, p.user_id, now):  # active, not at their ask limit
                with theirs(deps, p.team_id, p.user_id):
                    message = implementation_prompt(p.campaign, p.commitment, p.check_id, p.stage, p.days_after_win)
                once = Once(p.team_id, NoticeKind.IMPLEMENTATION, str(p.check_id))
                yield DM(p.team_id, p.user_id, message, once=once)

    _each(deps, "implementation checks", prompts())


def send_held() -> None:
    """DMs held through someone's quiet hours (core.held) go once their daytime has come, unless they said
    STOP meanwhile. Each is taken from the table before it is sent: never twice."""
    deps = runtime_deps.current()
    found = held.due_now(deps.db, deps.now())
    _each(
        deps,
        "messages held through quiet hours",
        (DM(h.team_id, h.user_id, h.message) for h in found if held.take(deps.db, h)),
    )


DIGEST_HOUR = 9


def digest() -> None:
    """The weekly digest for organizers, in DRUMBEAT_REPORT_CHANNEL: once a week, from Monday 9:00 in the
    coalition's zone (the cron says when; the check lets the playground's clock bring it too)."""
    deps = runtime_deps.current()
    channel = deps.settings.report_channel
    if not channel:
        return
    now, tz, team_id = deps.now(), deps.settings.timezone, deps.team_id or ""
    week = reports.week_of(now, tz)
    if now < local_moment(week, DIGEST_HOUR * 60, tz):
        return
    found = reports.digest_of(deps.db, team_id, now, tz)
    with speaking(deps.settings.language):  # a channel's words: the coalition's language
        message = digest_message(found.found, found.attention, now, found.drumbeat)
    perform(deps, Post(channel, message, once=Once(team_id, NoticeKind.DIGEST, week.isoformat())))


def event_reminders() -> None:
    """Events: a reminder the day before and an hour before to everyone going, and afterwards "Were you
    there?", each once (a notice per RSVP and kind), never to someone who asked Drumbeat to stop."""
    deps = runtime_deps.current()

    def reminders() -> Iterator[DM]:
        for item in attendance.due_now(deps.db, deps.now()):
            with theirs(deps, item.team_id, item.user_id):
                message = (
                    attendance_views.were_you_there(item)
                    if item.kind == NoticeKind.EVENT_AFTER
                    else attendance_views.reminder(item, deps.settings.timezone)
                )
            yield DM(item.team_id, item.user_id, message, once=Once(item.team_id, item.kind, str(item.call_id)))

    _each(deps, "event reminders and attendance questions", reminders())


def monthly_notes() -> None:
    """The monthly "your drumbeat" note, from 10:00 on the 1st (in DRUMBEAT_TIMEZONE), once a month per
    person, outside their quiet hours, a few hundred a run (hourly), never after STOP or their opt-out."""
    deps = runtime_deps.current()
    now, tz, team_id = deps.now(), deps.settings.timezone, deps.team_id or ""
    month = monthly.last_month(now, tz)
    if month is None:
        return
    notes, totals = monthly.due_now(deps.db, team_id, month, now, tz)

    def dms() -> Iterator[DM]:
        for item in notes:
            if monthly.wanted(deps.db, team_id, item.user_id):  # they may have turned it off meanwhile
                once = Once(team_id, NoticeKind.MONTHLY, month.key)
                with theirs(deps, team_id, item.user_id):
                    message = monthly_views.monthly_note(month, item, totals)
                yield DM(team_id, item.user_id, message, once=once)

    _each(deps, "monthly notes", dms())


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
        planned_week = plan.draft_next_week(deps.db, team_id, now, tz)
        if planned_week is not None:
            log.info("the autopilot drafted planned week #%d", planned_week.id)
    for found in plan.waiting_for_decision(deps.db, team_id):
        if any(organizers.is_organizer(deps, team_id, u) for u in found.sent_to):
            continue  # its buttons are with an organizer
        reached = []
        for u in organizers.recipients(deps, team_id, found.owners):
            with theirs(deps, team_id, u):
                message = plan_views.draft_message(found.planned_week)
            if perform(deps, DM(team_id, u, message, daytime=True, kind="planned_week")):
                reached.append(u)
        plan.record_sent_to(deps.db, found.planned_week.id, reached)
        log.info("planned week #%d: its DM went to %d organizers", found.planned_week.id, len(reached))


def plan_gaps() -> None:
    """Alerts that mean something: a running plan row's audience with no completed contact in 14 days, told
    once per gap to the organizer who owns the row (or, if they are no longer one, to every organizer)."""
    deps = runtime_deps.current()
    now, tz, team_id = deps.now(), deps.settings.timezone, deps.team_id or ""

    def alerts() -> Iterator[DM]:
        for gap in coverage.gaps_now(deps.db, team_id, now, tz):
            once = Once(team_id, NoticeKind.GAP, gap.subject)
            for organizer in organizers.recipients(deps, team_id, [gap.organizer]):
                with theirs(deps, team_id, organizer):
                    message = plan_views.gap_message(gap)
                yield DM(team_id, organizer, message, daytime=True, kind="gap", once=once)

    _each(deps, "gap alerts", alerts())


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
            pending = outbox.pending(self.deps.db)
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
    count = outbox.recover(deps.db, deps.now(), older_than=grace)
    if count:
        log.warning("recovered %d deliveries that were in flight when the last run stopped", count)
    return count


def tick() -> None:
    """Run now what may have become due: the playground moved the clock (runtime.clock), and APScheduler's
    triggers run on real time. Every periodic job, in the table's order, and the digest."""
    for periodic in PERIODIC:
        if periodic.job is not housekeeping:
            periodic.job()
    digest()
