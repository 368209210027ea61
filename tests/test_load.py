"""Drumbeat under load against a test Slack server as strict as Slack: forms open within their trigger's
3 s while an invite of 2,000 and a send of 1,000 run, and a send of 1,000 with 200 answers earns no 429
from Slack's rate tiers. Each prints its figures (the closing note of the issue quotes them)."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from core import calls
from core.calls import Draft
from core.matching import Targeting
from models import CheckIn
from models.vocab import Audience, Method, Outcome
from runtime.slack_client import Pacer
from scheduler.delivery import Sender
from slacksim import Message, Person, message_text
from tests.conftest import Bot
from tests.factories import TEAM, add_campaign, add_messengers
from tests.handlers.test_invites import big_channel
from tests.waiting import wait_for
from views import checkins as checkin_views

pytestmark = pytest.mark.slow


def crowd(bot: Bot, n: int) -> list[str]:
    """n messengers, and one call to action to all of them, due now."""
    recipients = [f"U0K{i:05d}" for i in range(n)]
    add_messengers(bot.db, bot.sim, recipients, bot.clock.now)
    campaign = add_campaign(bot.db, bot.clock.now)
    draft = Draft(campaign.id, Method.OUTREACH, "Call Mayor Lee about ID cards", Audience.PUBLIC, targeting=Targeting())
    with bot.db.transaction() as session:
        call_id = calls.save_draft(session, TEAM, draft, "U0ORGANIZER", bot.clock.now)
        assert calls.schedule(session, call_id, bot.clock.now, "UTC").planned == n
    return recipients


def asks(bot: Bot) -> dict[str, Message]:
    """Each person's latest ask, in one pass over what Slack holds (a test polls this many times a second:
    a pass per person would cost more than the send it watches)."""
    with bot.sim.lock:
        return {"U" + m.channel[1:]: m for m in bot.sim.messages if m.metadata and m.channel.startswith("D")}


def check_ins(bot: Bot) -> Counter[Outcome]:
    with bot.db.reading() as session:
        return Counter(dict(session.execute(select(CheckIn.outcome, func.count()).group_by(CheckIn.outcome)).all()))


def test_fifty_forms_open_in_time_while_an_invite_of_2000_and_a_send_of_1000_run(bot: Bot) -> None:
    recipients = crowd(bot, 1000)
    bot.deps.client.pacer = Pacer(posts_per_minute=1200)  # a send of 1,000 takes a minute: it is under way
    sending = threading.Event()
    sending.set()
    sender = threading.Thread(target=Sender(bot.deps).run, kwargs={"keep_going": sending.is_set})
    sender.start()
    wait_for(lambda: len(asks(bot)) >= 50, "the first 50 asks (the 50 who click)")
    # Slack is slow today with everything but forms: no form may wait for any of these.
    slow = [bot.sim.hold(method) for method in ("chat.update", "users.info", "users.list")]
    big_channel(bot, "C0BIG", 2000)
    bot.waits_for_long_work = False
    bot.person("U0ORGANIZER").command("invite <#C0BIG|big>")
    assert slow[2].wait_for_waiting(1), "the invite is under way"
    slow.append(bot.sim.hold("response_url"))

    sent = asks(bot)
    clickers = [u for u in recipients if u in sent][:50]
    assert len(clickers) == 50
    people = {u: bot.person(u) for u in clickers}
    bot.driver.after_request = None  # settled below, once Slack is itself again
    opened_before = len(bot.sim.calls_to("views.open"))
    at_once = threading.Barrier(len(clickers))

    def click(user_id: str) -> None:
        at_once.wait()
        people[user_id].click("checkin_done", message=sent[user_id])

    threads = [threading.Thread(target=click, args=(u,)) for u in clickers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    opened = wait_for(lambda: len(bot.sim.calls_to("views.open")) - opened_before >= 50, "50 forms", timeout=10)
    expired = bot.sim.expired_triggers
    print(f"\n50 simultaneous form clicks during an invite of 2,000 and a send of 1,000: {expired} expired triggers")
    assert opened
    assert expired == 0

    for hold in slow:
        assert hold.release()
    assert bot.deps.drain(30, long_work=False)
    filled = sum(1 for p in people.values() if (p.modal or {}).get("callback_id") == checkin_views.DONE_FORM)
    assert filled == 50, "each has the Done form, filled in"
    assert check_ins(bot)[Outcome.DONE] == 50
    # Drumbeat shuts down: the send stops claiming, the invite stops and says how to finish it.
    sending.clear()
    bot.deps.stopping.set()
    sender.join()
    assert bot.deps.drain(60)
    assert "run the same `/drumbeat invite` again" in message_text(bot.person("U0ORGANIZER").last_dm)


def answer(person: Person, ask: Message, kind: int) -> None:
    if kind == 0:
        person.click("checkin_done", message=ask)
        person.submit({"told": "They will look at it"})
    elif kind == 1:
        person.click("checkin_cant", message=ask)
        person.submit({"barrier": "childcare"})
    elif kind == 2:
        person.click("checkin_will", message=ask)
    else:
        person.say("done, I called this morning", thread_ts=ask.ts)


def test_a_send_to_1000_with_200_answers_earns_no_429(bot: Bot) -> None:
    recipients = crowd(bot, 1000)
    sender = threading.Thread(target=Sender(bot.deps).run)
    bot.waits_for_notices = False  # nobody waits for a notice to reach the channel: they queue, and merge
    # Slack does not publish its workspace-wide posting limit; at 3,000 a minute (no more than 100 in a second)
    # the send takes about ten seconds, so the answers come while it goes on.
    bot.deps.client.pacer = Pacer(posts_per_minute=3000)
    started = time.monotonic()
    sender.start()
    kinds = [0] * 50 + [1] * 30 + [2] * 60 + [3] * 60  # 80 forms: Tier 4 allows 100 views.open a minute
    answered_during_send = 0

    def arrived() -> list[Message]:
        with bot.sim.lock:
            return [m for m in bot.sim.messages if m.metadata and m.channel.startswith("D0K")]

    for i in range(200):  # the first 200 to get the ask answer it, as it arrives
        ask = wait_for(lambda n=i: arrived()[n:], "the next ask")[0]
        answer(bot.person("U" + ask.channel[1:]), ask, kinds[i * 7 % 200])
        answered_during_send += sender.is_alive()
    sender.join()
    assert bot.deps.drain(60)
    took = time.monotonic() - started

    by_method = Counter(c.method for c in bot.sim.calls)
    notices = bot.sim.messages_in("C0REPORTS")
    print(
        f"\nsend of 1,000 with 200 answers ({answered_during_send} while sending) in {took:.1f} s: "
        f"{len(bot.sim.paced)} 429s from Slack's limits; calls: {dict(by_method.most_common(8))}; "
        f"30 can't-notices in {len(notices)} channel messages"
    )
    assert bot.sim.paced == [], "Drumbeat's own pace earned no 429"
    assert answered_during_send >= 100, "most answers came while the send went on"
    with bot.sim.lock:
        each = Counter(m.channel for m in bot.sim.messages if m.metadata and m.channel.startswith("D"))
    assert [each["D" + u[1:]] for u in recipients] == [1] * len(recipients), "one ask each"
    found = check_ins(bot)
    assert (found[Outcome.CANT], found[Outcome.WILL_DO]) == (30 * 2, 60), "a click and its form, each"
    assert found[Outcome.DONE] == 50 * 2, "the Done clicks and their forms"
    thanks = [m for m in bot.sim.messages if m.text == "Thanks, noted for the organizers."]
    assert len(thanks) == 60, "each thread reply kept as a note"
    assert sum(message_text(m).count("this time:") for m in notices) == 30, "every notice went out"
    assert len(notices) < 30, "notices waiting together went as one message"
