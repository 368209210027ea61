"""Wins shared: the DM reaches exactly the people who carried the campaign's asks, once; the channel
names only those who agreed to be credited. Who hears what is read from the effects the win's long work
decides (recorded instead of performed); the whole path, and consent read as the post goes while Slack
holds the DMs, run over the test Slack server."""

from __future__ import annotations

import pytest

from models.vocab import NoticeKind
from runtime import long_work
from runtime.deps import Deps
from runtime.effects import DM, Effect, LongWork, Once, Post
from slacksim import message_text
from tests.conftest import Bot
from tests.factories import TEAM, add_campaign, add_messenger
from tests.handlers.test_checkins import ask_of, send_action
from tests.replies import ORGANIZER, Ask, Desk, effects_of, schedule, sent, text_of
from tests.replies import message_text as said

WIN = "We won: Reentry ID cards"
PEOPLE = [  # user, name, agreed to be credited
    ("U0ALICE", "alice", True),
    ("U0BOB", "bob", False),
    ("U0CARMEN", "carmen", True),
    ("U0DAN", "dan", True),
    ("U0FRANK", "frank", True),
]
EVERYONE = "<@U0ALICE|alice>,<@U0BOB|bob>,<@U0CARMEN|carmen>,<@U0DAN|dan>,<@U0FRANK|frank>"


def done(bot: Bot, user_id: str) -> None:
    person = bot.person(user_id)
    person.click("checkin_done", message=ask_of(person))
    person.submit({"told": ""})


def won_dms(bot: Bot, user_id: str) -> list[str]:
    return [message_text(m) for m in bot.person(user_id).dms if WIN in (m.text or "")]  # (no <>& in the name)


# ----- decisions, read from the Reply and its long work ------------------------------------------------


def done_at_desk(desk: Desk, user_id: str, ask: Ask) -> None:
    form = desk.click(user_id, "checkin_done", ask.delivery_id, **ask.place).view
    desk.submit(user_id, form, {"told": ""})


def carried_out(desk: Desk, work: LongWork, monkeypatch: pytest.MonkeyPatch) -> list[Effect]:
    """What a LongWork does, as effects: its function runs here with the desk's Deps, and each effect it
    hands to `runtime.effects.perform` is recorded instead of performed (nothing reaches Slack)."""
    done: list[Effect] = []

    def record(deps: Deps, effect: Effect) -> bool:
        done.append(effect)
        return True

    monkeypatch.setattr(long_work, "perform", record)
    work.work(desk.deps, *work.args)
    return done


def test_a_win_is_news_to_exactly_those_who_carried_its_asks(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    add_campaign(desk.db, desk.now())
    add_campaign(desk.db, desk.now(), name="Second chances", makers="Judge Ortiz")
    for user_id, name, credit in PEOPLE:
        add_messenger(desk.db, None, user_id, desk.now(), name=name, credit_ok=credit)
    asks = sent(
        desk.db, schedule(desk, f'"Call Mayor Lee about ID cards" tactic=outreach campaign=1 people={EVERYONE}')
    )
    for user_id in ("U0ALICE", "U0BOB", "U0DAN", "U0FRANK"):
        done_at_desk(desk, user_id, asks[user_id])
    add_messenger(desk.db, None, "U0EVE", desk.now(), name="eve", credit_ok=True)
    sent(desk.db, schedule(desk, '"Write to Judge Ortiz" tactic=outreach campaign=2 people=<@U0EVE|eve>'))
    desk.dm("U0DAN", "STOP")
    desk.command("U0FRANK", "delete-me")
    desk.click("U0FRANK", "delete_confirm")

    won = desk.command(ORGANIZER, 'campaign 1 won "The Mayor funded ID cards for people leaving jail"')
    assert "is won" in text_of(won)
    (work,) = effects_of(won, LongWork)
    assert (work.work, work.args) == (long_work.share_win, (TEAM, 1)), "the news goes out as long work"
    effects = carried_out(desk, work, monkeypatch)
    once = Once(TEAM, NoticeKind.WIN, "1")
    dms = [e for e in effects if isinstance(e, DM)]
    assert all((dm.daytime, dm.once) == (True, once) for dm in dms), "in their daytime, once per campaign"
    news = {dm.user_id: said(dm.message) for dm in dms if WIN in dm.message["text"]}
    assert sorted(news) == ["U0ALICE", "U0BOB", "U0CARMEN"], "not dan (STOP), frank (deleted), eve (campaign 2)"
    assert "What changed:* The Mayor funded ID cards for people leaving jail" in news["U0ALICE"]
    assert "4 completed contacts (direct outreach 4), by 4 messengers asked" in news["U0ALICE"], "frank's still count"
    assert "you made 1 of the 4 contacts" in news["U0ALICE"]
    assert "you made 1 of the 4 contacts" in news["U0BOB"]
    assert "one of the 4 messengers who carried its asks" in news["U0CARMEN"], "asked, no Done"
    (post,) = [e for e in effects if isinstance(e, Post)]
    assert (post.channel, post.once) == ("C0REPORTS", once), "the report channel, once"
    assert "Won: Reentry ID cards" in post.message["text"]
    text = said(post.message)
    assert "Thanks to alice, and everyone else" in text, "carmen agreed but made no contact; bob did not agree"
    assert "bob" not in text
    assert "dan" not in text, "credit ends with STOP"
    assert effects == [*dms, post], "the post after the DMs"


# ----- over the test Slack server --------------------------------------------------------------------


def test_the_win_reaches_exactly_those_who_carried_its_asks(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    add_campaign(bot.db, bot.clock.now, name="Second chances", makers="Judge Ortiz")
    for user_id, name, credit in PEOPLE:
        add_messenger(bot.db, bot.sim, user_id, bot.clock.now, name=name, credit_ok=credit)
    send_action(bot, f'"Call Mayor Lee about ID cards" tactic=outreach campaign=1 people={EVERYONE}')
    for user_id in ("U0ALICE", "U0BOB", "U0DAN", "U0FRANK"):
        done(bot, user_id)
    add_messenger(bot.db, bot.sim, "U0EVE", bot.clock.now, name="eve", credit_ok=True)
    send_action(bot, '"Write to Judge Ortiz" tactic=outreach campaign=2 people=<@U0EVE|eve>')
    bot.person("U0DAN").say("STOP")
    frank = bot.person("U0FRANK")
    frank.command("delete-me")
    frank.click("delete_confirm")

    olivia = bot.person("U0ORGANIZER")
    assert "is won" in olivia.answer('campaign 1 won "The Mayor funded ID cards for people leaving jail"')
    alice = won_dms(bot, "U0ALICE")
    assert len(alice) == 1
    assert "What changed:* The Mayor funded ID cards for people leaving jail" in alice[0]
    assert "4 completed contacts (direct outreach 4), by 4 messengers asked" in alice[0], "frank's still count"
    assert "you made 1 of the 4 contacts" in alice[0]
    assert "you made 1 of the 4 contacts" in won_dms(bot, "U0BOB")[0]
    assert "one of the 4 messengers who carried its asks" in won_dms(bot, "U0CARMEN")[0], "asked, no Done"
    assert won_dms(bot, "U0DAN") == [], "said STOP"
    assert won_dms(bot, "U0FRANK") == [], "deleted their data"
    assert won_dms(bot, "U0EVE") == [], "carried another campaign's asks"
    (post,) = [m for m in bot.sim.messages_in("C0REPORTS") if "Won: Reentry ID cards" in (m.text or "")]
    text = message_text(post)
    assert "Thanks to alice, and everyone else" in text, "carmen agreed but made no contact; bob did not agree"
    assert "bob" not in text
    assert "dan" not in text, "credit ends with STOP"

    olivia.answer("campaign 1 won")
    assert len(won_dms(bot, "U0ALICE")) == 1, "once"
    assert len([m for m in bot.sim.messages_in("C0REPORTS") if "Won: Reentry ID cards" in (m.text or "")]) == 1


def test_the_win_post_reads_consent_when_it_is_posted(bot: Bot) -> None:
    """Alice agreed to be credited and made a contact; while the DMs go out (Bob's is held by Slack), she
    deletes her data. The channel's post, made after the DMs, must not name her."""
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now, name="alice", credit_ok=True)
    add_messenger(bot.db, bot.sim, "U0BOB", bot.clock.now, name="bob", credit_ok=True)
    send_action(bot, '"Call Mayor Lee about ID cards" tactic=outreach people=<@U0ALICE|alice>,<@U0BOB|bob>')
    done(bot, "U0ALICE")
    done(bot, "U0BOB")
    bot.waits_for_long_work = False  # the win's DMs are held below
    held = bot.sim.hold("chat.postMessage", after=1)  # Alice's DM goes out; Bob's waits
    bot.person("U0ORGANIZER").command('campaign 1 won "Funded"')
    assert held.wait_for_waiting(1, timeout=30)
    alice = bot.person("U0ALICE")
    alice.command("delete-me")
    alice.click("delete_confirm")
    assert held.release()
    assert bot.deps.drain(30)
    (post,) = [m for m in bot.sim.messages_in("C0REPORTS") if "Won: Reentry ID cards" in (m.text or "")]
    text = message_text(post)
    assert "alice" not in text.lower(), "she left before the post was made"
    assert "bob" in text.lower()
