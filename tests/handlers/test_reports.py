"""Reports, the chart, the export, the digest, the ledger and the App Home over a known scenario.

The expected figures are worked out here from the scenario's own table, not read back from the bot.
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import zlib
from collections import Counter
from datetime import timedelta

import pytest

from core import reports
from models.vocab import Barrier, Frequency, Level, MessengerStatus
from scheduler import jobs
from slacksim import message_text, view_text
from tests import when
from tests.conftest import Bot
from tests.factories import TEAM, add_campaign, add_messenger
from tests.handlers.test_checkins import ask_of, send_action

PEOPLE = {  # user: (name, level, credited)
    "U0ALICE": ("alice", Level.LEAD, True),
    "U0BOB": ("bob", Level.PARTICIPATE, False),
    "U0CARMEN": ("carmen", Level.OCCASIONAL, True),
    "U0DAN": ("dan", Level.ORGANIZE, True),  # opts out after answering
    "U0EVE": ("eve", Level.OCCASIONAL, False),  # deletes her data after answering
    "U0FINN": ("finn", Level.PARTICIPATE, True),
}
# (action, user) -> answer: "done", "will", ("cant", barrier) or None (silent)
ANSWERS = {
    (1, "U0ALICE"): "done",
    (1, "U0BOB"): ("cant", Barrier.CHILDCARE),
    (1, "U0CARMEN"): "will",
    (1, "U0DAN"): "done",
    (1, "U0EVE"): ("cant", Barrier.TIME),
    (1, "U0FINN"): None,
    (2, "U0ALICE"): "done",
    (2, "U0BOB"): ("cant", Barrier.TRANSPORT),
    (2, "U0FINN"): "done",
}
NEVER_NAMED = ("bob", "dan", "eve")


def names_in(text: str) -> set[str]:
    """Which of the scenario's people are named in `text` (as words: "level" does not name eve)."""
    return {name for name, _, _ in PEOPLE.values() if re.search(rf"\b{name}\b", text, re.IGNORECASE)}


def expected(call: int | None = None, level: Level | None = None) -> dict[str, int]:
    rows = [
        answer
        for (a, user), answer in ANSWERS.items()
        if (call is None or a == call) and (level is None or PEOPLE[user][1] == level)
    ]
    return {
        "sent": len(rows),
        "done": sum(1 for r in rows if r == "done"),
        "will_do": sum(1 for r in rows if r == "will"),
        "cant": sum(1 for r in rows if isinstance(r, tuple)),
        "silent": sum(1 for r in rows if r is None),
    }


def figures(tally: reports.Tally) -> dict[str, int]:
    return {
        "sent": tally.sent,
        "done": tally.done,
        "will_do": tally.will_do,
        "cant": tally.cant,
        "silent": tally.silent,
    }


@pytest.fixture
def scenario(bot: Bot) -> Bot:
    add_campaign(bot.db, bot.clock.now, makers="Mayor Lee, Mayor\nCounty Board")
    for user_id, (name, level, credited) in PEOPLE.items():
        add_messenger(
            bot.db,
            bot.sim,
            user_id,
            bot.clock.now,
            name=name,
            level=level,
            credit_ok=credited,
            ties="I know Mayor Lee" if user_id == "U0FINN" else "",
        )
    send_action(bot, f'"Call Mayor Lee about ID cards" tactic=outreach to=Lee due={when.typed(3)}')
    _answer(bot, 1)
    bot.clock.advance(days=7)
    send_action(bot, '"Letters to the editor" tactic=media people=<@U0ALICE|alice>,<@U0BOB|bob>,<@U0FINN|finn>')
    _answer(bot, 2)
    bot.person("U0DAN").say("STOP")
    eve = bot.person("U0EVE")
    eve.command("delete-me")
    eve.click("delete_confirm")
    return bot


def _answer(bot: Bot, call: int) -> None:
    for (a, user_id), answer in ANSWERS.items():
        if a != call or answer is None:
            continue
        person = bot.person(user_id)
        ask = ask_of(person)
        if answer == "done":
            person.click("checkin_done", message=ask)
            person.submit({"told": f"It went fine ({user_id})"})
        elif answer == "will":
            person.click("checkin_will", message=ask)
        else:
            person.click("checkin_cant", message=ask)
            person.submit({"barrier": answer[1].value, "words": "rough week"})


def test_report_figures_match_the_scenario(scenario: Bot) -> None:
    with scenario.db.transaction() as s:
        found = reports.report(s, TEAM, tz="America/Chicago")
    assert figures(found.total) == expected()
    assert [line.call_id for line in found.calls] == [1, 2]
    for line in found.calls:
        assert figures(line.tally) == expected(call=line.call_id)
    assert {m.name.lower(): figures(t) for m, t in found.by_tactic.items()} == {
        "outreach": expected(call=1),
        "media": expected(call=2),
    }
    for level in Level:
        if any(p[1] == level for p in PEOPLE.values()):
            assert figures(found.by_level[level]) == expected(level=level), level
    assert found.total.barriers == Counter({Barrier.CHILDCARE: 1, Barrier.TIME: 1, Barrier.TRANSPORT: 1})
    assert found.total.response_rate == pytest.approx(8 / 9)
    assert found.needs_support_named == []
    assert found.needs_support_unnamed == 1, "bob said can't twice; he is not credited, so not named"


def test_report_over_slack_with_its_chart(scenario: Bot) -> None:
    olivia = scenario.person("U0ORGANIZER")
    olivia.command("report")
    text = olivia.last_ephemeral_text
    e1 = expected(call=1)
    assert (
        f"#1 Call Mayor Lee about ID cards: sent {e1['sent']}, done {e1['done']}, will do {e1['will_do']}, "
        f"can't {e1['cant']}, silent {e1['silent']}; response rate 83%"
    ) in text
    assert "Childcare: 1" in text
    assert "1 who asked not to be named" in text
    assert not names_in(text) & set(NEVER_NAMED)
    (png,) = [f for f in scenario.sim.files.values() if f["name"] == "drumbeat-report.png"]
    assert png["shared"]
    assert png["channel"] == "D0ORGANIZER", "uploaded to the organizer's DM with the report"
    bars = png_text(png["content"])["Drumbeat-Bars"]
    assert json.loads(bars) == {
        "title": "Actions completed per week: all campaigns",
        "weeks": [when.typed(-1), when.typed(6)],
        "bars": {"outreach": [2.0, 0.0], "media": [0.0, 2.0]},
    }, "actions completed per week by tactic, as drawn"
    olivia.command(f"report 1 {when.typed(6)}")
    since = olivia.last_ephemeral_text
    assert f"since {when.typed(6)}" in since
    assert f"In all: sent {expected(call=2)['sent']}," in since, "only call 2 went out since the Monday"
    assert "#1 " not in since
    olivia.command("report nosuchcampaign")
    assert "I don't know the campaign" in olivia.last_ephemeral_text


@pytest.mark.parametrize("name", ["Cut $100 #fees to $0", "Fund $2M for IDs and $1M for housing"])
def test_names_are_drawn_as_plain_text_whatever_they_hold(bot: Bot, name: str) -> None:
    """The plotting library reads `$...$` as mathematics: a name with dollars broke the report and coverage
    (the generic apology, no chart) or drew mangled text."""
    add_campaign(bot.db, bot.clock.now, name=name, makers="Mayor $5 Lee, Mayor")
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    send_action(bot, '"Call the Mayor" tactic=outreach to=Lee')
    alice = bot.person("U0ALICE")
    alice.click("checkin_done", message=ask_of(alice))
    alice.submit({"told": ""})
    olivia = bot.person("U0ORGANIZER")
    olivia.command("report 1")
    assert "Something went wrong" not in olivia.last_ephemeral_text
    (png,) = [f for f in bot.sim.files.values() if f["name"] == "drumbeat-report.png"]
    assert json.loads(png_text(png["content"])["Drumbeat-Bars"])["title"] == f"Actions completed per week: {name}"
    olivia.command("coverage 1")
    assert "Something went wrong" not in olivia.last_ephemeral_text
    (png,) = [f for f in bot.sim.files.values() if f["name"] == "drumbeat-coverage.png"]
    heat = json.loads(png_text(png["content"], size=png_size(png["content"]))["Drumbeat-Heat"])
    assert heat["title"] == f"Completed contacts against the target: {name}"
    assert f"Mayor $5 Lee ({name})" in heat["audiences"]


def test_a_reports_period_counts_what_happened_in_it(bot: Bot) -> None:
    """Alice's ask went out before the period; she said Done during it. The drumbeat line counts the asks
    sent in the period and the contacts they led to: hers is from an older ask."""
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now, frequency=Frequency.TWICE_WEEKLY)
    send_action(bot, '"Call Mayor Lee" tactic=outreach to=Lee people=<@U0ALICE|alice>')
    bot.clock.advance(days=10)
    add_messenger(bot.db, bot.sim, "U0BOB", bot.clock.now)
    send_action(bot, '"Call Mayor Lee again" tactic=outreach to=Lee people=<@U0BOB|bob>')
    for user_id in ("U0ALICE", "U0BOB"):
        person = bot.person(user_id)
        person.click("checkin_done", message=ask_of(person))
        person.submit({"told": ""})
    report = bot.person("U0ORGANIZER").answer("report 1 7d")
    assert "Mayor Lee (Reentry ID cards): 1 completed from 1 asks" in report, report


def png_size(data: bytes) -> tuple[int, int]:
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def png_text(data: bytes, size: tuple[int, int] = (800, 450)) -> dict[str, str]:
    """A PNG's text chunks (and a check that it is a whole, valid PNG of `size` pixels)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    texts: dict[str, str] = {}
    position = 8
    kinds = []
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) == crc, "corrupt chunk"
        kinds.append(kind)
        if kind == b"tEXt":
            key, _, value = body.partition(b"\0")
            texts[key.decode("latin-1")] = value.decode("latin-1")
        position += 12 + length
    assert kinds[0] == b"IHDR"
    assert kinds[-1] == b"IEND"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == size
    return texts


def test_export_csv(scenario: Bot) -> None:
    olivia = scenario.person("U0ORGANIZER")
    olivia.command("export")
    assert "The export (9 deliveries)" in olivia.last_ephemeral_text
    (upload,) = [f for f in scenario.sim.files.values() if f["name"].endswith(".csv")]
    rows = list(csv.DictReader(io.StringIO(upload["content"].decode("utf-8"))))
    assert len(rows) == 9
    assert {r["messenger"] for r in rows} == {"alice", "carmen", "finn", "a messenger"}
    answers = Counter(r["answer"] for r in rows)
    assert answers == Counter({"done": 4, "cant": 3, "will_do": 1, "silent": 1})
    eves = [r for r in rows if r["level"] == "occasional" and r["answer"] == "cant"]
    assert [r["note"] for r in eves] == [""], "deleted: the text of her check-ins is gone"
    content = upload["content"].decode()
    assert not names_in(content) & set(NEVER_NAMED)
    assert "It went fine (U0ALICE)" in content, "what happened is what organizers need"
    assert "U0DAN" not in content, "the words of someone who opted out are no longer shown"


def test_weekly_digest_once_a_week_and_private(scenario: Bot) -> None:
    scenario.clock.advance(hours=1)  # action 1 went out a week and an hour ago
    jobs.digest()
    jobs.digest()
    digests = [m for m in scenario.sim.messages_in("C0REPORTS") if "weekly digest" in (m.text or "")]
    assert len(digests) == 1
    text = message_text(digests[0])
    assert "Calls to action: sent 3" in text, "the last seven days: action 2"
    assert not names_in(text) & set(NEVER_NAMED)


def test_implementation_checks_and_the_ledger(scenario: Bot) -> None:
    olivia = scenario.person("U0ORGANIZER")
    answer = olivia.answer('campaign 1 won checks=30,90 "Mayor Lee put $200k for ID cards in the budget"')
    assert "is won" in answer
    scenario.clock.advance(days=29)
    jobs.ask_implementation()
    assert not any("implemented as intended" in message_text(m) for m in scenario.person("U0ALICE").dms)
    scenario.clock.advance(days=1, hours=1)
    jobs.ask_implementation()
    jobs.ask_implementation()
    asked = {u for u in PEOPLE if any("implemented as intended" in message_text(m) for m in scenario.person(u).dms)}
    assert asked == {"U0ALICE", "U0BOB", "U0CARMEN", "U0FINN"}, "connected, still here, asked once"
    for user_id in asked:
        prompts = [m for m in scenario.person(user_id).dms if "implemented as intended" in message_text(m)]
        assert len(prompts) == 1

    def flags() -> int:
        return len([m for m in scenario.sim.messages_in("C0REPORTS") if "implementation check" in (m.text or "")])

    scenario.person("U0ALICE").click("impl_yes")
    scenario.person("U0BOB").click("impl_no")
    assert flags() == 0, "two answers are too few to judge"
    carmen = scenario.person("U0CARMEN")
    carmen.click("impl_details")
    carmen.submit({"answer": "not_sure", "seen": "Only one office issues the IDs", "evidence": "https://x.test/ids"})
    assert flags() == 1, "two of three say no or not sure: flagged"
    finn = scenario.person("U0FINN")
    finn.click("impl_no")
    assert flags() == 1, "flagged once"
    answered = next(m for m in finn.dms if "You said *No*" in message_text(m))
    offered = {e["action_id"] for b in answered.blocks or [] for e in b.get("elements", []) if "action_id" in e}
    assert offered == {"impl_yes", "impl_unsure", "impl_details"}, "the answer can be changed"
    text = olivia.answer("ledger 1")
    assert "Mayor Lee put $200k for ID cards in the budget" in text
    assert "yes 1, no 2, not sure 1" in text
    assert "mostly no or not sure" in text
    assert "carmen" in text
    assert "Only one office issues the IDs" in text
    assert "a messenger" in text
    assert not names_in(text) & set(NEVER_NAMED)
    assert "90-day check" in text
    assert "not asked yet" in text
    scenario.person("U0CARMEN").say("STOP")
    after = olivia.answer("ledger 1")
    assert "Only one office issues the IDs" not in after, "an opted-out person's words are no longer shown"
    assert not names_in(after) & {"carmen"}


def test_app_home_for_a_messenger(scenario: Bot) -> None:
    carmen = scenario.person("U0CARMEN")
    carmen.open_home()
    home = view_text(carmen.home)
    assert "Your open asks" in home
    assert "You said you'd do it" in home
    assert "Call Mayor Lee about ID cards" in home
    delivery = ask_of(carmen).metadata["event_payload"]["delivery_id"]  # type: ignore[index]
    carmen.click(f"checkin_done:{delivery}")
    assert "No open asks" in view_text(carmen.home), "answered from the Home tab; the Home updates"
    assert "Done." in message_text(scenario.sim.find_message(ask_of(carmen).channel, ask_of(carmen).ts))  # type: ignore[arg-type]
    assert "Pause for 2 weeks" in str(carmen.home)
    carmen.click("home_pause")
    assert "Paused until" in view_text(carmen.home)
    carmen.click("home_resume")
    assert "Active" in view_text(carmen.home)
    assert "For organizers" not in view_text(carmen.home)
    bob = scenario.person("U0BOB")
    bob.open_home()
    bob_home = view_text(bob.home)
    assert "No open asks" in bob_home, "both of his are answered"
    assert "Call Mayor Lee about ID cards: couldn't (childcare)" in bob_home, "his history"


def test_app_home_for_an_organizer(scenario: Bot) -> None:
    olivia = scenario.person("U0ORGANIZER")
    olivia.command("campaign 1 status stalled")
    olivia.command(f'new "Visit the County Board" tactic=meetings at={when.typed(19, 10)} to=County')
    olivia.click("call_schedule")
    olivia.open_home()
    home = view_text(olivia.home)
    assert "For organizers" in home
    assert "Reentry ID cards: Stalled" in home
    assert "Upcoming sends" in home
    assert "Visit the County Board" in home
    day = when.day(19)
    assert f"from {day:%a %b} {day.day}, 10:00 AM" in home, (
        "in the coalition's time zone, though Olivia is no messenger"
    )
    assert "Last 30 days:* sent 9" in home
    assert "Barriers (two weeks): childcare 1" in home or "transport 1" in home
    assert "Stalled: Reentry ID cards" in home
    assert "No completed contact in 21 days: County Board (Reentry ID cards)" in home, "Mayor Lee: 2 Done"
    assert not names_in(home) & set(NEVER_NAMED)


def test_privacy_after_opt_out_in_every_report(scenario: Bot) -> None:
    """Dan was credited, then opted out: he is never named again, anywhere."""
    with scenario.db.transaction() as s:
        rows = reports.export_rows(s, TEAM)
        found = reports.report(s, TEAM)
        attention = reports.attention(s, TEAM, scenario.clock.now)
    assert all(r["messenger"] != "dan" for r in rows)
    assert "dan" not in json.dumps(found.needs_support_named)
    assert "dan" not in json.dumps(attention.__dict__, default=str)
    with scenario.db.transaction() as s:
        from sqlalchemy import select

        from models import Messenger

        dan = s.scalar(select(Messenger).where(Messenger.user_id == "U0DAN"))
        assert dan is not None
        assert dan.status is MessengerStatus.OPTED_OUT


def test_week_of_is_monday_in_the_coalition_zone() -> None:
    assert reports.week_of(when.local(5, 21), "America/Chicago") == when.day(-1)
    assert reports.week_of(when.local(5, 21) + timedelta(hours=4), "America/Chicago") == when.day(6)
