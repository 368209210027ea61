"""`/drumbeat invite #channel` runs as long work: people Drumbeat knows are skipped without a Slack call,
the rest are looked up a page at a time, the organizer hears progress and the summary by DM, and STOP and
delete-me never wait behind it. The long work talks to Slack on its own thread, so it runs over the test
Slack server; what the command decides is read from its Reply (tests.replies)."""

from __future__ import annotations

import math

from core import messengers
from models.vocab import MessengerStatus
from runtime.effects import LongWork
from runtime.long_work import Invite, run_invite
from slacksim import message_text
from tests.conftest import Bot
from tests.factories import TEAM, add_messenger
from tests.replies import ORGANIZER, Desk, effects_of, text_of


def big_channel(bot: Bot, channel: str, size: int) -> list[str]:
    members = [f"U0M{i:05d}" for i in range(size)]
    for user_id in members:
        bot.sim.add_user(user_id, name=user_id.lower())
    bot.sim.add_channel(channel, channel.lower(), members)
    return members


def test_a_big_channel_is_invited_in_pages_with_progress_and_summary_by_dm(bot: Bot) -> None:
    members = big_channel(bot, "C0BIG", 500)
    for user_id in members[:30]:
        add_messenger(bot.db, None, user_id, bot.clock.now)  # onboarded already
    for user_id in members[30:40]:
        add_messenger(bot.db, None, user_id, bot.clock.now, status=MessengerStatus.OPTED_OUT)
    with bot.db.transaction() as session:
        for user_id in members[40:60]:
            assert messengers.welcome(session, TEAM, user_id, bot.clock.now) is None  # welcomed before
    for user_id in members[60:65]:
        bot.sim.users[user_id]["deleted"] = True
    olivia = bot.person("U0ORGANIZER")
    before = len(bot.sim.calls)

    olivia.command("invite <#C0BIG|big>")

    assert "Inviting <#C0BIG>" in olivia.last_ephemeral_text
    summary = message_text(olivia.last_dm)
    assert summary == (
        "Invited 435. Skipped 65: 30 already onboarded, 20 already invited, 10 opted out, 5 deactivated."
    ), summary
    progress = olivia.dms[-2]
    assert "Invite (done): 500 of 500 looked at. Invited 435." in message_text(progress), "its progress DM"
    calls = [c.method for c in bot.sim.calls[before:] if c.args.get("user") != "U0ORGANIZER"]  # her language
    assert "users.info" not in calls, "no lookup one person at a time"
    assert calls.count("users.list") == math.ceil(len(bot.sim.users) / 200)
    assert calls.count("conversations.members") == math.ceil(500 / 200)
    welcomed = [u for u in members if any("Welcome to Drumbeat" in message_text(m) for m in bot.person(u).dms)]
    assert welcomed == members[65:], "each new person welcomed, nobody Drumbeat knew"
    assert bot.sim.paced == [], "within every rate tier"

    before = len(bot.sim.calls)
    olivia.command("invite <#C0BIG|big>")  # again: everyone is known now but the five deactivated
    assert message_text(olivia.last_dm) == (
        "Invited 0. Skipped 500: 455 already invited, 30 already onboarded, 10 opted out, 5 deactivated."
    )
    assert [c.method for c in bot.sim.calls[before:]].count("users.info") == 5, "only they are looked up"


def test_stop_and_delete_me_never_wait_behind_invites(bot: Bot) -> None:
    big_channel(bot, "C0BIG", 300)
    alice, bob = bot.person("U0ALICE"), bot.person("U0BOB")
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0BOB", bot.clock.now)
    held = bot.sim.hold("users.list")  # Slack is slow to list the workspace: the invites are stuck
    bot.waits_for_long_work = False
    olivia, adele = bot.person("U0ORGANIZER"), bot.person("U0ADMIN")
    olivia.command("invite <#C0BIG|big>")
    adele.command("invite <#C0BIG|big>")  # two organizers at once
    assert held.wait_for_waiting(1), "an invite is under way"

    alice.command("stop")
    assert "You're opted out" in message_text(alice.last_dm), "STOP confirmed at once"
    bob.command("delete-me")
    bob.click("delete_confirm")
    assert "Your Drumbeat data is deleted" in bob.last_ephemeral_text, "deleted at once"
    assert held.waiting == 1, "...while the invite still waits for Slack"

    assert held.release()
    assert bot.deps.drain(30), "the invites finish"
    assert [m for m in alice.dms if "Welcome to Drumbeat" in message_text(m)] == []
    assert [m for m in bob.dms if "Welcome to Drumbeat" in message_text(m)] == []
    assert "Invited 300." in message_text(olivia.last_dm)
    assert "Invited 0. Skipped 300: 300 already invited." in message_text(adele.last_dm)


# ----- decisions, read from the Reply -----------------------------------------------------------------


def test_an_invite_is_checked_then_handed_to_long_work(desk: Desk) -> None:
    started = desk.command(ORGANIZER, "invite <#C0BIG|big> <@U0ALICE|alice>")
    assert "Inviting 1 person and <#C0BIG>" in text_of(started), "the organizer hears it started"
    (work,) = effects_of(started, LongWork)
    assert work == LongWork(run_invite, (Invite(TEAM, ORGANIZER, ["U0ALICE"], ["C0BIG"]),)), "on its own thread"
    assert started.effects == (work,), "nothing else yet: the welcomes are the long work's"


def test_an_invite_naming_nobody_readable_says_how_to_write_it(desk: Desk) -> None:
    for args in ("", "everyone", "<#C0BIG|big> @somebody"):
        refused = desk.command(ORGANIZER, f"invite {args}".strip())
        assert "Try `/drumbeat invite @ana @ben` or `/drumbeat invite #coalition`." in text_of(refused), args
        assert refused.effects == (), args
    assert "`everyone`" in text_of(desk.command(ORGANIZER, "invite everyone")), "pointing at what it could not read"
