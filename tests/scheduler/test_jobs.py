"""The scheduler: one leader per database, a persistent job store reconciled with our tables."""

from __future__ import annotations

from datetime import timedelta

from core import calls
from core.calls import Draft
from core.matching import Targeting
from models.vocab import Audience, Method, ScheduleKind
from scheduler import MISFIRE_GRACE, Scheduler
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


def test_leader_reconciles_the_job_store_with_the_tables(bot: Bot) -> None:
    call_id = scheduled_action(bot, hours_ahead=3)
    scheduler = Scheduler(bot.deps, poll_seconds=0.1).start()
    try:
        assert scheduler.became_leader.wait(10)
        aps = scheduler.aps
        assert aps is not None
        ids = {job.id for job in aps.get_jobs()}
        assert {"sweep", "resume_paused", "housekeeping", f"deliver:{call_id}"} <= ids
        job = aps.get_job(f"deliver:{call_id}")
        assert job.func_ref == "scheduler.jobs:deliver"
        assert job.args == (call_id,), "jobs carry ids, not objects"
        assert job.misfire_grace_time == MISFIRE_GRACE >= 3600
        assert job.coalesce

        aps.remove_job(f"deliver:{call_id}")  # the store lost it
        aps.add_job(
            "scheduler.jobs:deliver", "date", run_date=bot.clock.now + timedelta(days=9), args=[999], id="deliver:999"
        )  # an orphan: no such action
        bot.deps.jobs.reconcile()
        ids = {job.id for job in aps.get_jobs()}
        assert f"deliver:{call_id}" in ids, "a missing job is recreated"
        assert "deliver:999" not in ids, "an orphan is removed"
    finally:
        scheduler.stop()


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
    from datetime import UTC, datetime

    from sqlalchemy import create_engine

    from scheduler import RETRY_SECONDS, ResilientJobStore

    store = ResilientJobStore(engine=bot.db.engine)
    store.start(None, "default")  # creates its table while the database is up
    store.engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")  # then it goes away
    retry_at = store.get_next_run_time()
    assert retry_at is not None
    assert 0 < (retry_at - datetime.now(UTC)).total_seconds() <= RETRY_SECONDS
    store.remove_job("deliver:1")  # no exception
