"""Nothing is cut without saying so: long lists are packed into sections within Slack's limits (3,000
characters a section, 50 blocks a message, 100 a modal or Home), page with a More button, and always say
how many they did not show. Answers are read from the listeners' Replies (tests.replies) and checked against
Slack's limits as the test Slack server checks them; the Home tab, built and published by an effect, is
read where the test Slack server shows it."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import update

from core import accountability, calls
from core.accountability import CheckResult, Ledger
from core.calls import Draft
from core.matching import Targeting
from core.reports import CallLine, Report, Tally
from models import Campaign, Database
from models.vocab import Audience, CampaignStatus, CheckStage, Method, Outcome
from runtime.effects import RefreshHome
from slacksim import view_text
from slacksim.blocks import check_blocks, check_view
from tests import when
from tests.conftest import Bot
from tests.factories import TEAM, add_campaign, add_messengers
from tests.replies import ORGANIZER, Desk, button_value, effects_of, errors_of, flat_options, message_text
from views.reports import ledger_message, report_message
from views.text import SECTION_CHARS, answer, listing

NOW = when.START


def within_slack_limits(message: Mapping[str, Any] | None) -> list[Any]:
    """The message's blocks, after the checks the test Slack server makes of every message it is sent (Block
    Kit's rules, 50 blocks, 40,000 characters of text)."""
    assert message is not None, "no message"
    blocks = list(message.get("blocks") or [])
    check_blocks(blocks, limit=50)
    assert len(str(message.get("text") or "")) <= 40_000
    return blocks


def suggest(
    desk: Desk,
    user_id: str,
    form: Mapping[str, Any] | None,
    action_id: str,
    typed: str,
    filled: Mapping[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """What an external select in `form` offers for what was typed, flattened from option groups as a person
    sees them, with what the form holds so far (Slack sends it along)."""
    assert form is not None, "no form"
    answered = desk.suggest(user_id, form, action_id, typed, dict(filled or {}))
    assert len(answered) <= 100, "Slack shows at most 100 options or groups"
    return flat_options(answered)


def texts(blocks: list[dict[str, object]]) -> str:
    return "\n".join(str(b["text"]["text"]) for b in blocks if b.get("type") == "section")  # type: ignore[index]


def test_listing_packs_lines_never_splits_one_and_counts_the_rest() -> None:
    lines = [f"line {i:03d} " + "x" * 90 for i in range(200)]  # 200 lines of 99 characters
    blocks = listing(lines, heading="*All*", max_blocks=3, more=" in the export")
    assert len(blocks) == 3
    assert all(len(str(b["text"]["text"])) <= SECTION_CHARS for b in blocks)  # type: ignore[index]
    shown = re.findall(r"line (\d{3}) x{90}", texts(blocks))
    assert shown == [f"{i:03d}" for i in range(len(shown))], "whole lines, in order"
    assert texts(blocks).endswith(f"…and {200 - len(shown)} more in the export")
    assert texts(listing(lines[:5], heading="*Few*")) == "\n".join(["*Few*", *lines[:5]]), "short lists as they are"
    assert "…and 195 more" in texts(listing(lines, max_blocks=50, max_lines=5))


def test_a_long_note_is_packed_not_cut() -> None:
    long = "\n".join(f"line {i:03d} " + "y" * 90 for i in range(100))  # 10,000 characters
    blocks = answer(long)["blocks"]
    check_blocks(blocks)
    assert texts(blocks) == long


def test_campaigns_120_are_all_listed_open_and_newest_first(desk: Desk) -> None:
    for i in range(120):
        add_campaign(desk.db, desk.now(), name=f"Campaign number {i:03d}", makers="Mayor Lee, Mayor")
    listed = desk.command(ORGANIZER, "campaigns").message
    text = message_text(listed)
    found = re.findall(r"Campaign number (\d{3})", text)
    assert found == [f"{i:03d}" for i in reversed(range(120))], "every one, newest first"
    assert len(within_slack_limits(listed)) <= 50


def test_actions_page_with_a_more_button_saying_how_many(desk: Desk) -> None:
    campaign = add_campaign(desk.db, desk.now())
    add_messengers(desk.db, None, [f"U0M{i:02d}" for i in range(57)], desk.now())  # one ask each
    with desk.db.transaction() as session:
        for i in range(57):
            targeting = Targeting(user_ids=(f"U0M{i:02d}",))
            draft = Draft(campaign.id, Method.OUTREACH, f"Objective {i:02d}", Audience.PUBLIC, targeting=targeting)
            call_id = calls.save_draft(session, TEAM, draft, ORGANIZER, desk.now())
            calls.schedule(session, call_id, desk.now() + timedelta(minutes=i), "UTC")
    listed = desk.command(ORGANIZER, "actions")
    within_slack_limits(listed.message)
    first = message_text(listed.message)
    assert "1–30 of 57" in first
    assert re.findall(r"Objective (\d\d)", first) == [f"{i:02d}" for i in range(56, 26, -1)], "latest first"
    more = desk.click(ORGANIZER, "calls_more", button_value(listed, "calls_more"))
    assert more.replace, "the next page in place of this one"
    second = message_text(more.message)
    blocks = within_slack_limits(more.message)
    assert "31–57 of 57" in second
    assert re.findall(r"Objective (\d\d)", second) == [f"{i:02d}" for i in range(26, -1, -1)]
    assert "calls_more" not in str(blocks), "no More on the last page"


def test_the_report_lists_every_call_or_says_how_many_it_left_out() -> None:
    tally = Tally(sent=10, done=4, will_do=2, cant=1)
    many = [
        CallLine(i, f"A rather long objective for call number {i} " * 2, Method.OUTREACH, "C", tally)
        for i in range(700)
    ]
    message = report_message(Report(campaign=None, since=None, calls=many, total=tally), "UTC")
    check_blocks(message["blocks"], limit=50)
    text = texts(message["blocks"])
    shown = re.findall(r"^#(\d+) ", text, flags=re.M)
    assert shown == [str(i) for i in range(len(shown))]
    assert len(shown) < 700
    assert f"…and {700 - len(shown)} more in `/drumbeat export`" in text
    few = report_message(Report(campaign=None, since=None, calls=many[:25], total=tally), "UTC")
    assert len(re.findall(r"^#(\d+) ", texts(few["blocks"]), flags=re.M)) == 25, "25 calls: all 25, not 18"


def test_a_ledger_check_with_200_answers_shows_them_or_counts_them() -> None:
    said = [
        accountability.Testimony(
            Outcome.NO, f"messenger {i}", NOW, f"What I saw at the office, day {i}: " + "details " * 20, None
        )
        for i in range(200)
    ]
    checks = [
        CheckResult(1, CheckStage.IMPLEMENTED, 30, NOW, True, testimony=said[:3]),
        CheckResult(2, CheckStage.IMPLEMENTED, 90, NOW, True, testimony=said[:10]),
        CheckResult(3, CheckStage.SUSTAINED, 180, NOW, True, testimony=said),
    ]
    for check in checks:
        check.counts[Outcome.NO] = len(check.testimony)
    ledger = Ledger(1, "ID cards", CampaignStatus.WON, NOW - timedelta(days=181), "Funded", checks)
    message = ledger_message(ledger, "UTC")
    check_blocks(message["blocks"], limit=50)
    text = texts(message["blocks"])
    assert "180-day check" in text, "the last check is there"
    last = text[text.index("180-day check") :]
    shown = len(re.findall(r"day \d+: ", last))
    assert shown > 0
    assert shown == 200 or f"…and {200 - shown} more answers (the counts include them)" in last
    assert "no 200" in last


def test_the_home_tab_says_what_it_leaves_out(bot: Bot) -> None:
    for i in range(30):
        add_campaign(bot.db, bot.clock.now, name=f"Campaign number {i:03d}", makers="Mayor Lee, Mayor")
    olivia = bot.person("U0ORGANIZER")
    olivia.open_home()
    home = view_text(olivia.home)
    campaigns = home[home.index("*Campaigns*") : home.index("*Last 30 days:*")]
    assert re.findall(r"Campaign number (\d{3})", campaigns) == [f"{i:03d}" for i in range(29, 14, -1)]
    assert "…and 15 more: `/drumbeat campaigns` lists all" in campaigns
    assert "(Campaign number 009), and 20 more" in home, "the quiet decision makers are counted too"


def test_opening_the_home_tab_refreshes_it(desk: Desk) -> None:
    opened = desk.event({"type": "app_home_opened", "user": ORGANIZER, "tab": "home"})
    assert effects_of(opened, RefreshHome) == [RefreshHome(TEAM, ORGANIZER)], "built and published by the effect"
    assert desk.event({"type": "app_home_opened", "user": ORGANIZER, "tab": "messages"}).effects == ()


def many_campaigns(db: Database, now: Any, n: int) -> None:
    for i in range(n):
        makers = f"Council Member {i:03d}a, Council\nCouncil Member {i:03d}b, Council"
        add_campaign(db, now, name=f"Campaign number {i:03d}", makers=makers)


def test_new_call_form_finds_any_of_120_campaigns_and_always_offers_the_public(desk: Desk) -> None:
    many_campaigns(desk.db, desk.now(), 120)
    with desk.db.transaction() as session:
        session.execute(update(Campaign).where(Campaign.name == "Campaign number 119").values(status="sustained"))
    form = desk.command(ORGANIZER, "new").view
    assert form is not None
    check_view(dict(form))
    offered = suggest(desk, ORGANIZER, form, "campaign", "")
    names = [o["text"]["text"] for o in offered]
    assert len(names) == 100
    assert names[:2] == ["Campaign number 118", "Campaign number 117"], "open and newest first"
    assert "Campaign number 119" not in names, "a sustained campaign comes after the open ones"
    oldest = [o["text"]["text"] for o in suggest(desk, ORGANIZER, form, "campaign", "number 00")]
    assert oldest[:2] == ["Campaign number 009", "Campaign number 008"], "the oldest are found by typing"
    audience = [o["value"] for o in suggest(desk, ORGANIZER, form, "audience", "")]
    assert audience[:3] == ["public", "press", "coalition"], "everyone else, always, first"
    assert len(audience) == 100
    chosen = [o["text"]["text"] for o in suggest(desk, ORGANIZER, form, "audience", "", filled={"campaign": "6"})]
    assert chosen[3:5] == ["Council Member 005a", "Council Member 005b"], "the chosen campaign's come first"
    found = [o["text"]["text"] for o in suggest(desk, ORGANIZER, form, "audience", "Member 000b")]
    assert "Council Member 000b" in found, "any decision maker by typing"
    assert {"The public", "The press"} <= set(found), "the public and the press always"
    previewed = desk.submit(
        ORGANIZER,
        form,
        {"campaign": "1", "tactic": "outreach", "objective": "Fund ID cards", "audience": "public", "ask": "Call"},
    )
    assert errors_of(previewed) == {}
    assert previewed.view is not None
    check_view(dict(previewed.view))
    assert previewed.view["callback_id"] == "call_preview", "the oldest campaign, chosen by typing, previewed"


def _element(view: Mapping[str, Any] | None, action_id: str) -> dict[str, Any]:
    assert view is not None, "no form"
    return next(dict(b["element"]) for b in view["blocks"] if b.get("block_id") == action_id)


def test_the_profile_form_finds_any_of_150_decision_makers(desk: Desk) -> None:
    many_campaigns(desk.db, desk.now(), 75)  # 150 decision makers
    form = desk.command("U0ALICE", "join").view
    assert form is not None
    offered = suggest(desk, "U0ALICE", form, "knows", "")
    assert len(offered) == 100
    found = [o["value"] for o in suggest(desk, "U0ALICE", form, "knows", "074b")]
    assert found == ["council member 074b"]
    saved = desk.submit(
        "U0ALICE", form, {"level": "participate", "methods": ["outreach"], "knows": ["council member 074b"]}
    )
    assert errors_of(saved) == {}
    profile = desk.command("U0ALICE", "profile").view
    assert profile is not None
    check_view(dict(profile))
    knows = _element(profile, "knows")
    assert [o["text"]["text"] for o in knows["initial_options"]] == ["Council Member 074b"]
