"""Drumbeat's channels: on start, and when posting to one fails, Drumbeat checks it is a member and says in
one line how to fix it (the log, and a DM to the configured organizers, once a day); private channels
work once Drumbeat is invited. Every question here is Slack's side (is Drumbeat a member, does a post get
through), answered by `runtime.channels` and not by a listener, so all of it runs over the test Slack server."""

from __future__ import annotations

from typing import Any

import pytest

from runtime import channels
from slacksim import SlackSim, message_text
from tests.conftest import Bot
from tests.handlers.test_checkins import ask_of, send_action, setup_alice


@pytest.fixture
def settings_overrides(sim: SlackSim) -> dict[str, Any]:
    """Organizers set both channels, but nobody has invited Drumbeat into either yet."""
    sim.add_channel("C0ORGS", "drumbeat-organizers")
    sim.add_channel("G0COALITION", "coalition-private", ["U0ALICE"], private=True)
    return {"report_channel": "C0ORGS", "coalition_channel": "G0COALITION"}


def advice(bot: Bot) -> list[str]:
    return [message_text(m) for m in bot.person("U0ORGANIZER").dms if "/invite @Drumbeat" in message_text(m)]


def test_on_start_organizers_hear_how_to_invite_drumbeat(bot: Bot) -> None:
    assert bot.deps.drain(10)
    found = advice(bot)
    assert len(found) == 2, found
    assert "Drumbeat is not in <#C0ORGS> (DRUMBEAT_REPORT_CHANNEL), so it can't post there." in found[0]
    assert "<#G0COALITION> (DRUMBEAT_CHANNEL), so it can't post there or see who joins" in found[1]
    assert all(line.endswith("Fix: open that channel and type `/invite @Drumbeat`.") for line in found)
    assert channels.check_and_tell(bot.deps), "still a problem..."
    assert bot.deps.drain(10)
    assert len(advice(bot)) == 2, "...but organizers hear it once a day, not on every check or restart"
    bot.clock.advance(days=1)
    channels.check_and_tell(bot.deps)
    assert len(advice(bot)) == 4, "and again the next day, while it lasts"


def test_logs_say_it_in_one_line_with_ids_only(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    assert bot.deps.drain(10)  # the check on start
    caplog.clear()
    with caplog.at_level("WARNING", logger="drumbeat.channels"):
        channels.check_and_tell(bot.deps)
    lines = [r.getMessage() for r in caplog.records if r.name == "drumbeat.channels"]
    assert lines == [
        "channel C0ORGS (DRUMBEAT_REPORT_CHANNEL): not_in_channel; fix: /invite @Drumbeat there",
        "channel G0COALITION (DRUMBEAT_CHANNEL): channel_not_found; fix: /invite @Drumbeat there",
    ]


def test_once_invited_both_work_private_too(bot: Bot) -> None:
    bot.sim.invite_bot("C0ORGS")
    bot.sim.invite_bot("G0COALITION")
    assert channels.check(bot.deps) == [], "a private channel is seen once Drumbeat is in it (groups:read)"
    alice = setup_alice(bot)
    send_action(bot, '"Visit the County Board" tactic=meetings')
    alice.click("checkin_cant", message=ask_of(alice))
    alice.submit({"barrier": "childcare"})
    (notice,) = bot.sim.messages_in("C0ORGS")
    assert "can't do" in message_text(notice)


def test_a_post_that_fails_for_the_channel_says_how_to_fix_it(bot: Bot) -> None:
    assert bot.deps.drain(10)
    bot.clock.advance(days=1)  # a new day: the advice may be given again
    alice = setup_alice(bot)
    send_action(bot, '"Visit the County Board" tactic=meetings')
    alice.click("checkin_cant", message=ask_of(alice))
    alice.submit({"barrier": "childcare"})
    assert bot.sim.messages_in("C0ORGS") == []
    assert any("<#C0ORGS>" in line for line in advice(bot)[2:]), "the failed notice brought the advice"
