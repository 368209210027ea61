"""The scheduler: one leader per database, a persistent job store reconciled with our tables."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from core import calls
from core.calls import Draft
from core.matching import Targeting
from models.vocab import Audience, Method, ScheduleKind
from scheduler import MISFIRE_GRACE, JobThreads, ResilientJobStore, Scheduler, jobs
from tests.conftest import Bot
from tests.factories import TEAM, add_campaign, add_messenger


def scheduled_action(bot: Bot, hours_ahead: int) -> int:
    campaign = add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    draft = Draft(
        campaign.id,
        Method.OUTREACH,
        "Call Mayor Lee",
        Audience.PUBLIC,
        targeting=Targeting(),
        schedule=ScheduleKind.AT,
        at=bot.clock.now + timedelta(hours=hours_ahead),
    )
    with bot.db.transaction() as s:
        call_id = calls.save_draft(s, TEAM, draft, "U0ORGANIZER", bot.clock.now)
        calls.schedule(s, call_id, bot.clock.now, "America/Chicago")
    return call_id


def job_ids(aps: Any) -> set[str]:
    return {job.id for job in aps.get_jobs()}


def expected_jobs(*call_ids: int) -> set[str]:
    """Exactly what the tables call for: every periodic job, the digest, one delivery job per pending call."""
    return {p.job_id for p in jobs.PERIODIC} | {jobs.DIGEST[0]} | {f"deliver:{c}" for c in call_ids}


def lose_and_orphan(aps: Any, call_id: int, now: datetime) -> None:
    """The store lost a delivery job and a periodic one, and holds a job for a call that no longer exists."""
    aps.remove_job(f"deliver:{call_id}")
    aps.remove_job("digest")
    aps.add_job(jobs._ref(jobs.deliver), "date", run_date=now + timedelta(days=9), args=[999], id="deliver:999")


def test_leader_reconciles_the_job_store_with_the_tables(bot: Bot) -> None:
    call_id = scheduled_action(bot, hours_ahead=3)
    scheduler = Scheduler(bot.deps, poll_seconds=0.1).start()
    try:
        assert scheduler.became_leader.wait(10)
        aps = scheduler.aps
        assert aps is not None
        assert job_ids(aps) == expected_jobs(call_id)
        job = aps.get_job(f"deliver:{call_id}")
        assert job.func_ref == "scheduler.jobs:deliver"
        assert job.args == (call_id,), "jobs carry ids, not objects"
        assert job.misfire_grace_time == MISFIRE_GRACE >= 3600
        assert job.coalesce
        wait = (job.next_run_time - datetime.now(UTC)).total_seconds()
        assert 3 * 3600 - 60 < wait <= 3 * 3600, "due in 3 hours by our clock: run in 3 real hours"

        lose_and_orphan(aps, call_id, bot.clock.now)
        bot.deps.jobs.reconcile()
        bot.deps.jobs.reconcile()
        assert job_ids(aps) == expected_jobs(call_id), "the lost ones recreated, the orphan removed, nothing twice"
    finally:
        scheduler.stop()


def test_two_reconciles_at_once_leave_exactly_the_jobs_the_tables_call_for(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Both read the store before either writes (a sweep's reconcile and a listener's, say): both find the
    same jobs missing. Neither may stop half-way on the other's additions."""
    call_id = scheduled_action(bot, hours_ahead=3)
    scheduler = Scheduler(bot.deps, poll_seconds=0.1).start()
    try:
        assert scheduler.became_leader.wait(10)
        aps = scheduler.aps
        assert aps is not None
        lose_and_orphan(aps, call_id, bot.clock.now)
        both_read = threading.Barrier(2)
        read = aps.get_jobs

        def get_jobs_then_meet(*args: Any, **kwargs: Any) -> Any:
            found = read(*args, **kwargs)
            with contextlib.suppress(threading.BrokenBarrierError):  # one at a time is the right answer too
                both_read.wait(timeout=2)
            return found

        monkeypatch.setattr(aps, "get_jobs", get_jobs_then_meet)
        failures: list[BaseException] = []

        def reconcile() -> None:
            try:
                bot.deps.jobs.reconcile()
            except BaseException as error:
                failures.append(error)

        threads = [threading.Thread(target=reconcile) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        monkeypatch.undo()
        assert failures == []
        assert job_ids(aps) == expected_jobs(call_id)
        assert "reconcile:" not in caplog.text
    finally:
        scheduler.stop()


def test_a_reconcile_racing_the_scheduler_start_leaves_exactly_the_jobs_the_tables_call_for(
    bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The store outlives the process: the next leader finds an overdue sweep, an orphan, and a delivery job
    missing. A listener reconciles (a cancel, say) the moment this process leads, while the new leader's own
    reconcile runs; the overdue sweep reconciles too. Each reads the store before another writes."""
    call_id = scheduled_action(bot, hours_ahead=3)
    store = ResilientJobStore(engine=bot.db.engine, tablename="apscheduler_jobs")
    previous = BackgroundScheduler(jobstores={"default": store}, timezone="UTC")
    previous.start(paused=True)
    past = datetime.now(UTC) - timedelta(minutes=5)
    previous.add_job(jobs._ref(jobs.sweep), "interval", id="sweep", seconds=30, next_run_time=past)
    previous.add_job(jobs._ref(jobs.deliver), "date", run_date=past + timedelta(days=9), args=[999], id="deliver:999")
    previous.shutdown(wait=False)

    both_read = threading.Barrier(2)
    read = BackgroundScheduler.get_jobs

    def get_jobs_then_meet(self: BackgroundScheduler, *args: Any, **kwargs: Any) -> Any:
        found = read(self, *args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):  # a reconcile that waits for the other: right
            both_read.wait(timeout=2)
        return found

    monkeypatch.setattr(BackgroundScheduler, "get_jobs", get_jobs_then_meet)
    swept = threading.Event()
    failures: list[BaseException] = []

    def listener_reconciles() -> None:
        deadline = time.monotonic() + 10
        while not bot.deps.jobs.leading and time.monotonic() < deadline:
            swept.wait(0.001)
        try:
            bot.deps.jobs.reconcile()
        except BaseException as error:
            failures.append(error)

    racer = threading.Thread(target=listener_reconciles)
    racer.start()
    scheduler = Scheduler(bot.deps, poll_seconds=0.1).start()
    try:
        assert scheduler.became_leader.wait(10)
        racer.join(30)
        aps = scheduler.aps
        assert aps is not None
        aps.add_listener(lambda event: event.job_id == "sweep" and swept.set(), EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        if aps.get_job("sweep").next_run_time > datetime.now(UTC) + timedelta(seconds=1):
            swept.set()  # it ran before we listened
        assert swept.wait(30), "the overdue sweep ran"
        monkeypatch.undo()
        assert failures == []
        assert job_ids(aps) == expected_jobs(call_id)
        assert "ConflictingIdError" not in caplog.text
        assert "reconcil" not in caplog.text.replace("reconciled", "")
    finally:
        scheduler.stop()


# A job that a test runs inside the scheduler: it waits until the scheduler is stopping, then does what a
# sweep does (reconcile), holding the `LeaderJobs` it started with.
HELD: dict[str, Any] = {}


def reconcile_while_stopping() -> None:
    leader = HELD["leader"]
    HELD["entered"].set()
    aps = HELD["aps"]
    deadline = time.monotonic() + 20
    while aps.state != STATE_STOPPED and time.monotonic() < deadline:
        HELD["stopping"].wait(0.005)
    leader.reconcile()
    HELD["done"].set()


def test_stopping_while_a_sweep_reconciles_returns_and_loses_nothing(bot: Bot) -> None:
    call_id = scheduled_action(bot, hours_ahead=3)
    scheduler = Scheduler(bot.deps, poll_seconds=0.1).start()
    assert scheduler.became_leader.wait(10)
    aps = scheduler.aps
    assert aps is not None
    aps.remove_job(f"deliver:{call_id}")  # lost: the sweep below was about to put it back
    HELD.update(
        leader=bot.deps.jobs, aps=aps, entered=threading.Event(), stopping=threading.Event(), done=threading.Event()
    )
    aps.add_job(f"{__name__}:reconcile_while_stopping", "date", run_date=datetime.now(UTC), id="held")
    assert HELD["entered"].wait(10), "the job runs"

    stopper = threading.Thread(target=scheduler.stop, daemon=True)
    stopper.start()
    stopper.join(20)
    assert not stopper.is_alive(), "stop returned while a running job reconciled (it used to wait forever)"
    assert HELD["done"].is_set(), "the job finished"

    again = Scheduler(bot.deps, poll_seconds=0.1).start()
    try:
        assert again.became_leader.wait(10)
        assert again.aps is not None
        assert f"deliver:{call_id}" in job_ids(again.aps), "the next leader's reconcile found what was not scheduled"
    finally:
        again.stop()


def test_a_second_scheduler_on_the_same_database_waits(bot: Bot) -> None:
    first = Scheduler(bot.deps, poll_seconds=0.1).start()
    second = Scheduler(bot.deps, poll_seconds=0.1)
    second.lock = type(second.lock)(type(bot.db)(bot.db.url))  # as if another process
    try:
        assert first.became_leader.wait(10)
        second.start()
        assert not second.became_leader.wait(0.5)
        first.stop()
        assert second.became_leader.wait(10), "the other takes over when the leader stops"
    finally:
        first.stop()
        second.stop()


def test_job_store_outage_does_not_end_the_scheduler(bot: Bot) -> None:
    """APScheduler 3 would let these errors end its thread; ours logs and tries again shortly."""
    from sqlalchemy import create_engine

    from scheduler import RETRY_SECONDS

    store = ResilientJobStore(engine=bot.db.engine)
    store.start(None, "default")  # creates its table while the database is up
    store.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # then it goes away
    retry_at = store.get_next_run_time()
    assert retry_at is not None
    assert 0 < (retry_at - datetime.now(UTC)).total_seconds() <= RETRY_SECONDS
    store.remove_job("deliver:1")  # no exception


def test_a_job_handed_over_as_the_scheduler_stops_is_not_started_and_is_no_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """APScheduler's loop can be between deciding to run a job and handing it over when the scheduler stops
    (a start-up that fails a moment after the scheduler started did it): the job is not started, and
    nothing is logged as an error (the next leader's sweep finds its work in the tables)."""
    threads = JobThreads(1)
    threads.stopping()
    threads.pool.shutdown()

    class Job:
        id, _jobstore_alias = "sweep", "default"

    threads._logger = logging.getLogger("apscheduler.executors.default")
    with caplog.at_level("INFO", logger="scheduler"):
        threads._do_submit_job(Job(), [datetime.now(UTC)])
    assert [r.levelname for r in caplog.records] == ["INFO"]
    assert "not started: the scheduler is stopping" in caplog.text
    running = JobThreads(1)
    running._logger = threads._logger
    running.pool.shutdown()
    with pytest.raises(RuntimeError):  # not stopping: a real fault, which APScheduler logs
        running._do_submit_job(Job(), [datetime.now(UTC)])
