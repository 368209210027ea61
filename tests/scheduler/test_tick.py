"""When the playground moves the clock, the bot runs what became due at once (jobs.tick), instead of
waiting for APScheduler's real-time triggers."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from core import calls, messengers
from core.calls import Draft
from core.matching import Targeting
from models.vocab import Audience, MessengerStatus, Method, ScheduleKind
from runtime.clock import OffsetClock, write_offset
from scheduler import Scheduler, jobs
from tests.conftest import Bot
from tests.factories import TEAM, add_campaign, add_messenger


def _ask_in(bot: Bot, hours: int) -> int:
    campaign = add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now, quiet=(0, 1))
    draft = Draft(
        campaign.id,
        Method.OUTREACH,
        "Call Mayor Lee",
        Audience.PUBLIC,
        targeting=Targeting(),
        schedule=ScheduleKind.AT,
        at=bot.clock.now + timedelta(hours=hours),
    )
    with bot.db.transaction() as s:
        call_id = calls.save_draft(s, TEAM, draft, "U0ORGANIZER", bot.clock.now)
        calls.schedule(s, call_id, bot.clock.now, "America/Chicago")
    return call_id


def test_tick_sends_what_became_due_and_ends_pauses(bot: Bot) -> None:
    _ask_in(bot, hours=3)
    add_messenger(bot.db, bot.sim, "U0BOB", bot.clock.now)
    with bot.db.transaction() as s:
        messengers.pause(s, TEAM, "U0BOB", bot.clock.now + timedelta(hours=2), bot.clock.now, via="slash")
    scheduler = Scheduler(bot.deps, poll_seconds=0.1).start()  # the sender sends only while leading
    try:
        assert scheduler.became_leader.wait(10)
        jobs.tick()
        assert bot.sim.dms_to("U0ALICE") == [], "not due yet"

        bot.clock.advance(hours=4)
        jobs.tick()
        asks = [m for m in bot.sim.dms_to("U0ALICE") if m.metadata]  # (the 1st's monthly note may go too)
        assert len(asks) == 1, "the call to action went out on the tick"
        with bot.db.reading() as s:
            bob = messengers.find(s, TEAM, "U0BOB")
            assert bob is not None
            assert bob.status == MessengerStatus.ACTIVE, "the pause ended on the tick"
    finally:
        scheduler.stop()


def test_the_scheduler_ticks_when_the_offset_file_changes(bot: Bot, tmp_path: Path) -> None:
    _ask_in(bot, hours=30)
    offset_file = tmp_path / "clock-offset"
    write_offset(offset_file, 0)
    bot.deps.clock = OffsetClock(offset_file, real=bot.clock)
    scheduler = Scheduler(bot.deps, poll_seconds=0.1).start()
    try:
        assert scheduler.became_leader.wait(10)
        assert bot.sim.dms_to("U0ALICE") == []
        write_offset(offset_file, 31 * 3600)  # the playground's "skip to the next scheduled send"
        deadline = time.monotonic() + 20
        while not bot.sim.dms_to("U0ALICE"):
            assert time.monotonic() < deadline, "the ask went out when the clock moved, not at a real-time trigger"
            time.sleep(0.05)
    finally:
        scheduler.stop()
