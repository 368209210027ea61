"""Reports, the chart, the export, the digest, the ledger and the App Home over a known scenario.

The expected figures are worked out here from the scenario's own table, not read back from the bot.
Decisions are read from the listeners' Replies (tests.replies), over the scenario built the same way; one
scenario runs over the test Slack server (the report and its chart reaching the organizer's DM), with what
only Slack's side can show: the jobs posting (the digest, implementation checks) and a click on the Home
tab rewriting the ask by chat.update.
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from core import home, reports
from handlers.request import Reply
from models import Messenger
from models.vocab import Barrier, Frequency, Level, MessengerStatus
from runtime.effects import ChannelNotice, RefreshHome, Rewrite, Upload
from runtime.organizers import is_organizer
from scheduler import jobs
from slacksim import Message, SlackSim, iter_blocks, message_text, view_text
from tests import when
from tests.conftest import Bot
from tests.factories import TEAM, add_campaign, add_messenger
from tests.handlers.test_checkins import ask_of, send_action
from tests.replies import ORGANIZER, Ask, Desk, action_ids, effects_of, errors_of, schedule, sent, text_of
from tests.replies import message_text as said
from views.home import home_view

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
FIRST_ACTION = f'"Call Mayor Lee about ID cards" tactic=outreach to=Lee due={when.typed(3)}'
SECOND_ACTION = '"Letters to the editor" tactic=media people=<@U0ALICE|alice>,<@U0BOB|bob>,<@U0FINN|finn>'


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


# ----- the scenario, decided ---------------------------------------------------------------------------


@dataclass
class Scenario:
    desk: Desk
    asks: dict[int, dict[str, Ask]]  # by call to action, by person: where each ask reached them


def build_scenario(desk: Desk, sim: SlackSim | None = None) -> Scenario:
    """The scenario through the listeners' decisions: two calls to action answered as ANSWERS says, then Dan
    says STOP and Eve deletes her data. `sim`: the test Slack server, when a job posts to these people."""
    add_campaign(desk.db, desk.now(), makers="Mayor Lee, Mayor\nCounty Board")
    for user_id, (name, level, credited) in PEOPLE.items():
        add_messenger(
            desk.db,
            sim,
            user_id,
            desk.now(),
            name=name,
            level=level,
            credit_ok=credited,
            ties="I know Mayor Lee" if user_id == "U0FINN" else "",
        )
    asks = {1: sent(desk.db, schedule(desk, FIRST_ACTION))}
    _answer_at_desk(desk, asks[1], 1)
    desk.clock.advance(days=7)
    asks[2] = sent(desk.db, schedule(desk, SECOND_ACTION))
    _answer_at_desk(desk, asks[2], 2)
    desk.dm("U0DAN", "STOP")
    desk.command("U0EVE", "delete-me")
    assert "deleted" in text_of(desk.click("U0EVE", "delete_confirm")).lower()
    return Scenario(desk, asks)


def _answer_at_desk(desk: Desk, asks: dict[str, Ask], call: int) -> None:
    for (a, user_id), answer in ANSWERS.items():
        if a != call or answer is None:
            continue
        ask = asks[user_id]
        if answer == "done":
            form = desk.click(user_id, "checkin_done", ask.delivery_id, **ask.place).view
            assert errors_of(desk.submit(user_id, form, {"told": f"It went fine ({user_id})"})) == {}
        elif answer == "will":
            desk.click(user_id, "checkin_will", ask.delivery_id, **ask.place)
        else:
            form = desk.click(user_id, "checkin_cant", ask.delivery_id, **ask.place).view
            assert errors_of(desk.submit(user_id, form, {"barrier": answer[1].value, "words": "rough week"})) == {}


@pytest.fixture
def scenario(desk: Desk) -> Scenario:
    return build_scenario(desk)


def home_shown(desk: Desk, refresh: RefreshHome) -> dict[str, Any]:
    """The Home tab a RefreshHome effect publishes (runtime.effects), built as it builds it, without Slack."""
    desk.deps.admins.get((refresh.team_id, refresh.user_id), lambda: refresh.user_id in desk.admins)
    organizer = is_organizer(desk.deps, refresh.team_id, refresh.user_id)
    tz = desk.deps.settings.timezone
    found = home.gather(desk.db, refresh.team_id, refresh.user_id, desk.now(), organizer=organizer, tz=tz)
    return home_view(found, tz)


def opened_home(desk: Desk, user_id: str) -> str:
    """They open Drumbeat's App Home tab: the Home it publishes, as text."""
    (refresh,) = effects_of(desk.event({"type": "app_home_opened", "user": user_id, "tab": "home"}), RefreshHome)
    assert refresh == RefreshHome(TEAM, user_id)
    return view_text(home_shown(desk, refresh))


def clicked_home(desk: Desk, user_id: str, action_id: str, value: str | int | None = None) -> tuple[Reply, str]:
    """A click on their App Home: the Reply, and the Home it refreshes, as text."""
    reply = desk.click(user_id, action_id, value, on_home=True)
    (refresh,) = effects_of(reply, RefreshHome)
    assert refresh == RefreshHome(TEAM, user_id)
    return reply, view_text(home_shown(desk, refresh))


# ----- decisions, read from the Reply ------------------------------------------------------------------


def test_report_figures_match_the_scenario(scenario: Scenario) -> None:
    with scenario.desk.db.transaction() as s:
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


def chart_of(reply: Reply, filename: str) -> Upload:
    """The chart the Reply uploads to the organizer's DM."""
    (upload,) = effects_of(reply, Upload)
    assert upload.user_id == ORGANIZER, "uploaded to the organizer's DM with the report"
    assert upload.filename == filename
    return upload


def reads_as_the_scenario_report(text: str) -> None:
    """What `/drumbeat report` says of the scenario, whichever way it reached the organizer."""
    e1 = expected(call=1)
    assert (
        f"#1 Call Mayor Lee about ID cards: sent {e1['sent']}, done {e1['done']}, will do {e1['will_do']}, "
        f"can't {e1['cant']}, silent {e1['silent']}; response rate 83%"
    ) in text
    assert "Childcare: 1" in text
    assert "1 who asked not to be named" in text
    assert not names_in(text) & set(NEVER_NAMED)


def test_the_report_and_its_chart(scenario: Scenario) -> None:
    desk = scenario.desk
    reply = desk.command(ORGANIZER, "report")
    text = text_of(reply)
    reads_as_the_scenario_report(text)
    bars = png_text(chart_of(reply, "drumbeat-report.png").content)["Drumbeat-Bars"]
    assert json.loads(bars) == {
        "title": "Actions completed per week: all campaigns",
        "weeks": [when.typed(-1), when.typed(6)],
        "bars": {"outreach": [2.0, 0.0], "media": [0.0, 2.0]},
        "legend_covers": False,
    }, "actions completed per week by tactic, as drawn; the legend beside the bars, not over the first"
    since = text_of(desk.command(ORGANIZER, f"report 1 {when.typed(6)}"))
    assert f"*Report: Reentry ID cards since {when.typed(6)}*" in since, "one bold title, none nested in it"
    assert f"In all: sent {expected(call=2)['sent']}," in since, "only call 2 went out since the Monday"
    assert "#1 " not in since
    unknown = desk.command(ORGANIZER, "report nosuchcampaign")
    assert "I don't know the campaign" in text_of(unknown)
    assert effects_of(unknown, Upload) == [], "no chart for a campaign it does not know"
    period = desk.command(ORGANIZER, "report 1 yesterday")
    assert "I couldn't read `yesterday` as a period" in text_of(period), "the campaign is known: the period is not"
    assert "I don't know the campaign" not in text_of(period)
    assert effects_of(period, Upload) == []


@pytest.mark.parametrize("name", ["Cut $100 #fees to $0", "Fund $2M for IDs and $1M for housing"])
def test_names_are_drawn_as_plain_text_whatever_they_hold(desk: Desk, name: str) -> None:
    """The plotting library reads `$...$` as mathematics: a name with dollars broke the report and coverage
    (the generic apology, no chart) or drew mangled text."""
    add_campaign(desk.db, desk.now(), name=name, makers="Mayor $5 Lee, Mayor")
    add_messenger(desk.db, None, "U0ALICE", desk.now())
    ask = sent(desk.db, schedule(desk, '"Call the Mayor" tactic=outreach to=Lee'))["U0ALICE"]
    form = desk.click("U0ALICE", "checkin_done", ask.delivery_id, **ask.place).view
    desk.submit("U0ALICE", form, {"told": ""})
    report = desk.command(ORGANIZER, "report 1")
    assert "Something went wrong" not in text_of(report)
    png = chart_of(report, "drumbeat-report.png").content
    assert json.loads(png_text(png)["Drumbeat-Bars"])["title"] == f"Actions completed per week: {name}"
    shown = desk.command(ORGANIZER, "coverage 1")
    assert "Something went wrong" not in text_of(shown)
    png = chart_of(shown, "drumbeat-coverage.png").content
    heat = json.loads(png_text(png, size=png_size(png))["Drumbeat-Heat"])
    assert heat["title"] == f"Completed contacts against the target: {name}"
    assert f"Mayor $5 Lee ({name})" in heat["audiences"]


def test_a_reports_period_counts_what_happened_in_it(desk: Desk) -> None:
    """Alice's ask went out before the period; she said Done during it. The drumbeat line counts the asks
    sent in the period and the contacts they led to: hers is from an older ask."""
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ALICE", desk.now(), frequency=Frequency.TWICE_WEEKLY)
    asks = sent(desk.db, schedule(desk, '"Call Mayor Lee" tactic=outreach to=Lee people=<@U0ALICE|alice>'))
    desk.clock.advance(days=10)
    add_messenger(desk.db, None, "U0BOB", desk.now())
    asks |= sent(desk.db, schedule(desk, '"Call Mayor Lee again" tactic=outreach to=Lee people=<@U0BOB|bob>'))
    for user_id in ("U0ALICE", "U0BOB"):
        ask = asks[user_id]
        form = desk.click(user_id, "checkin_done", ask.delivery_id, **ask.place).view
        desk.submit(user_id, form, {"told": ""})
    report = text_of(desk.command(ORGANIZER, "report 1 7d"))
    assert "Mayor Lee (Reentry ID cards): 1 completed from 1 ask" in report, report


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


def test_export_csv(scenario: Scenario) -> None:
    reply = scenario.desk.command(ORGANIZER, "export")
    assert "The export (9 deliveries)" in text_of(reply)
    (upload,) = effects_of(reply, Upload)
    assert upload.user_id == ORGANIZER, "in the organizer's DM"
    assert upload.filename.endswith(".csv")
    assert upload.failed, "the organizer hears if Slack refuses the file"
    rows = list(csv.DictReader(io.StringIO(upload.content.decode("utf-8"))))
    assert len(rows) == 9
    assert {r["messenger"] for r in rows} == {"alice", "carmen", "finn", "a messenger"}
    answers = Counter(r["answer"] for r in rows)
    assert answers == Counter({"done": 4, "cant": 3, "will_do": 1, "silent": 1})
    eves = [r for r in rows if r["level"] == "occasional" and r["answer"] == "cant"]
    assert [r["note"] for r in eves] == [""], "deleted: the text of her check-ins is gone"
    content = upload.content.decode()
    assert not names_in(content) & set(NEVER_NAMED)
    assert "It went fine (U0ALICE)" in content, "what happened is what organizers need"
    assert "U0DAN" not in content, "the words of someone who opted out are no longer shown"


def test_app_home_for_a_messenger(scenario: Scenario) -> None:
    desk = scenario.desk
    shown = opened_home(desk, "U0CARMEN")
    assert "Your open asks" in shown
    assert "You said you'd do it" in shown
    assert "Call Mayor Lee about ID cards" in shown
    ask = scenario.asks[1]["U0CARMEN"]
    clicked, shown = clicked_home(desk, "U0CARMEN", "checkin_done", ask.delivery_id)
    assert "No open asks" in shown, "answered from the Home tab; the Home updates"
    (rewrite,) = effects_of(clicked, Rewrite)
    assert (rewrite.channel, rewrite.ts, rewrite.response_url) == (ask.channel, ask.ts, None), (
        "the ask in her DM, by chat.update: a click on the Home has no response URL"
    )
    assert "Done." in said(rewrite.message)
    refresh = RefreshHome(TEAM, "U0CARMEN")
    assert "Pause for 2 weeks" in str(home_shown(desk, refresh))
    assert "Paused until" in clicked_home(desk, "U0CARMEN", "home_pause")[1]
    _, shown = clicked_home(desk, "U0CARMEN", "home_resume")
    assert "Active" in shown
    assert "For organizers" not in shown
    bob_home = opened_home(desk, "U0BOB")
    assert "No open asks" in bob_home, "both of his are answered"
    assert "Call Mayor Lee about ID cards: couldn't (childcare)" in bob_home, "his history"


def test_app_home_for_an_organizer(scenario: Scenario) -> None:
    desk = scenario.desk
    desk.command(ORGANIZER, "campaign 1 status stalled")
    schedule(desk, f'"Visit the County Board" tactic=meetings at={when.typed(19, 10)} to=County')
    shown = opened_home(desk, ORGANIZER)
    assert "For organizers" in shown
    assert "Reentry ID cards: Stalled" in shown
    assert "Upcoming sends" in shown
    assert "Visit the County Board" in shown
    day = when.day(19)
    assert f"from {day:%a %b} {day.day}, 10:00 AM" in shown, (
        "in the coalition's time zone, though Olivia is no messenger"
    )
    assert "Last 30 days:* sent 9" in shown
    assert "Barriers (two weeks): childcare 1" in shown or "transport 1" in shown
    assert "Stalled: Reentry ID cards" in shown
    assert "No completed contact in 21 days: County Board (Reentry ID cards)" in shown, "Mayor Lee: 2 Done"
    assert not names_in(shown) & set(NEVER_NAMED)


def test_privacy_after_opt_out_in_every_report(scenario: Scenario) -> None:
    """Dan was credited, then opted out: he is never named again, anywhere."""
    desk = scenario.desk
    with desk.db.transaction() as s:
        rows = reports.export_rows(s, TEAM)
        found = reports.report(s, TEAM)
        attention = reports.attention(s, TEAM, desk.now())
    assert all(r["messenger"] != "dan" for r in rows)
    assert "dan" not in json.dumps(found.needs_support_named)
    assert "dan" not in json.dumps(attention.__dict__, default=str)
    with desk.db.transaction() as s:
        dan = s.scalar(select(Messenger).where(Messenger.user_id == "U0DAN"))
        assert dan is not None
        assert dan.status is MessengerStatus.OPTED_OUT


def test_week_of_is_monday_in_the_coalition_zone() -> None:
    assert reports.week_of(when.local(5, 21), "America/Chicago") == when.day(-1)
    assert reports.week_of(when.local(5, 21) + timedelta(hours=4), "America/Chicago") == when.day(6)


# ----- over the test Slack server --------------------------------------------------------------------


@pytest.fixture
def scenario_over_slack(bot: Bot) -> Bot:
    """The scenario end to end: asks sent by the sender, answered with real clicks and forms."""
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
    send_action(bot, FIRST_ACTION)
    _answer(bot, 1)
    bot.clock.advance(days=7)
    send_action(bot, SECOND_ACTION)
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


def test_report_over_slack_with_its_chart(scenario_over_slack: Bot) -> None:
    """The broadest path: the scenario answered over Slack, the report read back, its chart uploaded to the
    organizer's DM and shared there."""
    bot = scenario_over_slack
    olivia = bot.person(ORGANIZER)
    olivia.command("report")
    text = olivia.last_ephemeral_text
    reads_as_the_scenario_report(text)
    (png,) = [f for f in bot.sim.files.values() if f["name"] == "drumbeat-report.png"]
    assert png["shared"]
    assert png["channel"] == "D0ORGANIZER", "uploaded to the organizer's DM with the report"
    bars = png_text(png["content"])["Drumbeat-Bars"]
    assert json.loads(bars) == {
        "title": "Actions completed per week: all campaigns",
        "weeks": [when.typed(-1), when.typed(6)],
        "bars": {"outreach": [2.0, 0.0], "media": [0.0, 2.0]},
        "legend_covers": False,
    }, "actions completed per week by tactic, as drawn; the legend beside the bars, not over the first"


def test_weekly_digest_once_a_week_and_private(desk: Desk, bot: Bot) -> None:
    """The digest job posts in the report channel, once a week (the scenario is decided at the desk; the
    job runs with the bot's Slack)."""
    build_scenario(desk, bot.sim)
    bot.clock.advance(hours=1)  # action 1 went out a week and an hour ago
    jobs.digest()
    jobs.digest()
    digests = [m for m in bot.sim.messages_in("C0REPORTS") if "weekly digest" in (m.text or "")]
    assert len(digests) == 1
    text = message_text(digests[0])
    assert "Calls to action: sent 3" in text, "the last seven days: action 2"
    assert not names_in(text) & set(NEVER_NAMED)


def check_id_in(message: Message) -> int:
    """The implementation check an implementation question's buttons answer."""
    values = {str(node["value"]) for node in iter_blocks(message.blocks or []) if node.get("action_id") == "impl_yes"}
    (value,) = values
    return int(value)


def test_implementation_checks_and_the_ledger(desk: Desk, bot: Bot) -> None:
    """The job asks the campaign's messengers over Slack, once; their answers, the flag and the ledger are
    read from the Replies."""
    build_scenario(desk, bot.sim)
    answer = text_of(
        desk.command(ORGANIZER, 'campaign 1 won checks=30,90 "Mayor Lee put $200k for ID cards in the budget"')
    )
    assert "is won" in answer
    bot.clock.advance(days=29)
    jobs.ask_implementation()
    assert not any("implemented as intended" in message_text(m) for m in bot.person("U0ALICE").dms)
    bot.clock.advance(days=1, hours=1)
    jobs.ask_implementation()
    jobs.ask_implementation()
    prompts = {u: [m for m in bot.person(u).dms if "implemented as intended" in message_text(m)] for u in PEOPLE}
    asked = {u for u, found in prompts.items() if found}
    assert asked == {"U0ALICE", "U0BOB", "U0CARMEN", "U0FINN"}, "connected, still here, asked once"
    for user_id in asked:
        assert len(prompts[user_id]) == 1
    check = {u: check_id_in(prompts[u][0]) for u in asked}

    def flags(reply: Reply) -> list[ChannelNotice]:
        notices = effects_of(reply, ChannelNotice)
        assert all(n.channel == "C0REPORTS" and "implementation check" in n.message["text"] for n in notices)
        return notices

    assert flags(desk.click("U0ALICE", "impl_yes", check["U0ALICE"])) == []
    assert flags(desk.click("U0BOB", "impl_no", check["U0BOB"])) == [], "two answers are too few to judge"
    form = desk.click("U0CARMEN", "impl_details", check["U0CARMEN"]).view
    carmen = desk.submit(
        "U0CARMEN",
        form,
        {"answer": "not_sure", "seen": "Only one office issues the IDs", "evidence": "https://x.test/ids"},
    )
    assert len(flags(carmen)) == 1, "two of three say no or not sure: flagged"
    finn = desk.click("U0FINN", "impl_no", check["U0FINN"])
    assert flags(finn) == [], "flagged once"
    assert finn.replace, "the question in his DM changes"
    assert "You said *No*" in said(finn.message)
    assert set(action_ids(finn.message)) == {"impl_yes", "impl_unsure", "impl_details"}, "the answer can be changed"
    text = text_of(desk.command(ORGANIZER, "ledger 1"))
    assert "Mayor Lee put $200k for ID cards in the budget" in text
    assert "yes 1, no 2, not sure 1" in text
    assert "mostly no or not sure" in text
    assert "carmen" in text
    assert "Only one office issues the IDs" in text
    assert "a messenger" in text
    assert not names_in(text) & set(NEVER_NAMED)
    assert "90-day check" in text
    assert "not asked yet" in text
    desk.dm("U0CARMEN", "STOP")
    after = text_of(desk.command(ORGANIZER, "ledger 1"))
    assert "Only one office issues the IDs" not in after, "an opted-out person's words are no longer shown"
    assert not names_in(after) & {"carmen"}


def test_a_click_on_the_home_tab_rewrites_the_ask_by_chat_update(bot: Bot) -> None:
    """A click on the App Home has no response URL: the ask in the DM changes through chat.update, and the
    Home is published again."""
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0CARMEN", bot.clock.now, name="carmen")
    send_action(bot, '"Call Mayor Lee about ID cards" tactic=outreach')
    carmen = bot.person("U0CARMEN")
    carmen.click("checkin_will", message=ask_of(carmen))
    carmen.open_home()
    assert "You said you'd do it" in view_text(carmen.home)
    delivery = ask_of(carmen).metadata["event_payload"]["delivery_id"]  # type: ignore[index]
    calls = len(bot.sim.calls)
    carmen.click(f"checkin_done:{delivery}")
    assert "No open asks" in view_text(carmen.home), "answered from the Home tab; the Home updates"
    updated = bot.sim.find_message(ask_of(carmen).channel, ask_of(carmen).ts)
    assert updated is not None
    assert "Done." in message_text(updated)
    assert "chat.update" in [c.method for c in bot.sim.calls[calls:]]
