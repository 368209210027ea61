"""Time's way in: APScheduler with a persistent SQLAlchemy job store, run by one process per database.

Jobs name module-level functions in `scheduler.jobs` and carry ids, never objects. Our own tables say
what is left to do; at start-up (and whenever this process becomes the leader) `reconcile` makes the
job store agree with them.
"""

from __future__ import annotations

import concurrent.futures
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.executors.pool import BasePoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.exc import SQLAlchemyError

from runtime.clock import OffsetClock
from runtime.deps import Deps, NotLeading
from scheduler import jobs
from scheduler.lock import SchedulerLock

log = logging.getLogger(__name__)

MISFIRE_GRACE = 6 * 3600  # a job late by hours (the bot was down) still runs; coalesced into one run
RETRY_SECONDS = 30


class ResilientJobStore(SQLAlchemyJobStore):  # type: ignore[misc]
    """APScheduler 3 lets a database error in these calls end its thread for good (no more jobs until a
    restart). Here the error is logged and the scheduler tries again shortly; our tables, not the job
    store, say what is left to do, so a missed update costs nothing."""

    def get_next_run_time(self) -> datetime | None:
        try:
            return super().get_next_run_time()  # type: ignore[no-any-return]
        except SQLAlchemyError as error:
            log.warning("job store unreachable (%s); retrying in %d s", type(error).__name__, RETRY_SECONDS)
            return datetime.now(UTC) + timedelta(seconds=RETRY_SECONDS)

    def update_job(self, job: Any) -> None:
        try:
            super().update_job(job)
        except SQLAlchemyError as error:
            log.warning("job store unreachable (%s) while updating %s", type(error).__name__, job.id)

    def remove_job(self, job_id: str) -> None:
        try:
            super().remove_job(job_id)
        except SQLAlchemyError as error:
            log.warning("job store unreachable (%s) while removing %s", type(error).__name__, job_id)


class JobThreads(BasePoolExecutor):  # type: ignore[misc]
    """APScheduler's thread pool, with the pool kept here so that stopping can wait for running jobs outside
    APScheduler's job-store lock. Its own `shutdown(wait=True)` waits while holding that lock, and a running
    job that adds a job (a sweep's reconcile, a delivery waking its next run) then waits for it forever."""

    def __init__(self, workers: int) -> None:
        self.pool = concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="job")
        self._stopping = threading.Event()
        super().__init__(self.pool)

    def _do_submit_job(self, job: Any, run_times: Any) -> None:
        """A job APScheduler hands over as the scheduler stops (its loop may be between deciding and
        submitting): it is not started, and the next leader's sweep finds its work in the tables."""
        try:
            super()._do_submit_job(job, run_times)
        except RuntimeError:
            if not self._stopping.is_set():
                raise
            log.info("job %s not started: the scheduler is stopping", job.id)

    def stopping(self) -> None:
        """From now on, jobs handed over are not started (see `_do_submit_job`)."""
        self._stopping.set()

    def finish(self, timeout: float) -> bool:
        """Wait (at most `timeout` seconds) for the jobs already running; True if they all ended."""
        waiter = threading.Thread(target=self.pool.shutdown, kwargs={"wait": True}, name="job-finish", daemon=True)
        waiter.start()
        waiter.join(timeout)
        return not waiter.is_alive()


class Scheduler:
    """Becomes the leader when it can take the database lock, and keeps trying while it cannot."""

    FINISH_SECONDS = 60.0  # running jobs get this long to end after stepping down (a post times out in 10 s)

    def __init__(self, deps: Deps, *, poll_seconds: float = 10.0) -> None:
        self.deps = deps
        self.lock = SchedulerLock(deps.db)
        self.poll_seconds = poll_seconds
        self.aps: BackgroundScheduler | None = None
        self._threads: JobThreads | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._changing = threading.Lock()  # leading and stepping down, one at a time
        self.became_leader = threading.Event()
        self._stop_watching: Callable[[], None] | None = None

    def start(self) -> Scheduler:
        self._thread = threading.Thread(target=self._run, name="scheduler-leader", daemon=True)
        self._thread.start()
        if isinstance(self.deps.clock, OffsetClock):  # the playground moves time: do what became due at once
            self._stop_watching = self.deps.clock.watch(self._tick_if_leading)
        return self

    def _tick_if_leading(self) -> None:
        if self.deps.jobs.leading:
            jobs.tick()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.aps is None:
                    if self.lock.try_acquire():
                        self._lead()
                elif not self.lock.held():
                    log.warning("scheduler: lost the lock; stopping jobs until it is regained")
                    self._follow()
            except Exception as error:  # the database went away mid-step: step down, try again later
                log.warning("scheduler: %s; will try again", type(error).__name__)
                self._follow()
                self.lock.release()
            self._stop.wait(self.poll_seconds)

    def _lead(self) -> None:
        """Start APScheduler paused, make its store agree with our tables, then let jobs run: no job (a sweep
        left overdue in the store, say) runs before the leader has recovered and reconciled."""
        with self._changing:
            if self._stop.is_set():
                return
            threads = JobThreads(4)
            aps = BackgroundScheduler(
                jobstores={"default": ResilientJobStore(engine=self.deps.db.engine, tablename="apscheduler_jobs")},
                executors={"default": threads},
                job_defaults={"coalesce": True, "misfire_grace_time": MISFIRE_GRACE, "max_instances": 1},
                timezone="UTC",
            )
            aps.start(paused=True)
            self.aps, self._threads = aps, threads
            self.deps.jobs = jobs.LeaderJobs(aps, self.deps)
            try:
                jobs.recover(self.deps)
                self.deps.jobs.reconcile()
            except Exception:
                log.exception("scheduler: reconciliation failed; the periodic sweep will catch up")
            aps.resume()
            log.info("scheduler: this process runs the jobs")
            self.became_leader.set()

    def _follow(self) -> None:
        """Step down: nothing new is scheduled or claimed, APScheduler stops without holding its lock while it
        waits, then the jobs already running get time to finish what is in flight before the lock goes. What
        they did not get to schedule is in our tables, where the next leader's reconcile finds it."""
        with self._changing:
            aps, threads, leader = self.aps, self._threads, self.deps.jobs
            if aps is None:
                self.became_leader.clear()
                return
            self.deps.jobs = NotLeading()  # running senders see this and stop claiming
            if isinstance(leader, jobs.LeaderJobs):
                leader.close()  # a job still holding it schedules nothing more
            if threads is not None:
                threads.stopping()  # a job its loop hands over now is not started
            try:
                aps.pause()  # its loop submits nothing more to the pool that is about to close
                aps.shutdown(wait=False)
            except Exception:
                log.exception("scheduler: shutdown failed")
            if threads is not None and not threads.finish(self.FINISH_SECONDS):
                log.warning("scheduler: jobs still running %.0f s after stepping down", self.FINISH_SECONDS)
            self.aps = self._threads = None
            self.became_leader.clear()

    def stop(self) -> None:
        """Stop leading (or trying to): the loop ends first, so it cannot start jobs after this returns."""
        self._stop.set()
        if self._stop_watching is not None:
            self._stop_watching()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=30)
        self._follow()
        self.lock.release()
