"""Matched to their role, by default: method follows tactic, effort follows level, constituents, who
knows whom, communities; the preview tells the whole story; the roster counts who can be asked.

Decisions are read from the listeners' Replies (tests.replies): the profile form, `/drumbeat new` in one
line or through its form, the preview, `/drumbeat districts`, `/drumbeat roster`, and who the scheduled
deliveries reach. One scenario runs over the test Slack server: people join through the form, and the
sender delivers an ask to exactly those it matched."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from core.campaigns import decision_maker_key
from handlers.request import Reply
from models import District
from runtime.effects import Progress
from scheduler.delivery import Sender
from slacksim import Person, message_text
from tests.conftest import Bot
from tests.factories import add_campaign
from tests.handlers.test_onboarding import joined
from tests.replies import ORGANIZER, Desk, button_value, effects_of, errors_of, sent, text_of

MAKERS = "Mayor Lee, Mayor\nKathleen Park, County Clerk\nCouncil Member Diaz, Council Member"


def left_out(preview: str) -> dict[str, int]:
    found = re.search(r"\*Left out:\* (.*)\.", preview)
    if found is None:
        return {}
    return {reason: int(count) for count, reason in re.findall(r"(\d+) ([^;]+)", found.group(1))}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """No organizers' channel: five joins in a second would be five notices to it, paced by Slack's
    per-channel limit (the notices have their own tests)."""
    return {"report_channel": None}


# ----- end to end ------------------------------------------------------------------------------------


def join(bot: Bot, user_id: str, level: str, methods: list[str], **more: Any) -> Person:
    """A messenger joins through the profile form."""
    if user_id not in bot.sim.users:
        bot.sim.add_user(user_id, name=user_id.lower()[2:])
    person = bot.person(user_id)
    person.command("join")
    person.submit({"level": level, "methods": methods, **more})
    assert person.modal_errors == {}, person.modal_errors
    return person


def who_got(bot: Bot, objective: str) -> set[str]:
    """Who received the call to action with this objective (after the sender ran)."""
    Sender(bot.deps, pool=4, retry_base=1.0).run()
    return {
        user_id
        for user_id in list(bot.sim.users)
        if any(objective in message_text(m) for m in bot.sim.dms_to(user_id) if m.metadata)
    }


def schedule_line(bot: Bot, line: str) -> str:
    """`/drumbeat new <line>`, then Schedule; returns the preview's text."""
    olivia = bot.person("U0ORGANIZER")
    olivia.command(f"new {line}")
    preview = olivia.last_ephemeral_text
    assert re.search(r"\d+ messengers? match", preview), preview
    olivia.click("call_schedule")
    return preview


@pytest.fixture
def coalition(bot: Bot) -> Bot:
    """Five messengers with different levels and ways of helping, one campaign with three decision makers."""
    add_campaign(bot.db, bot.clock.now, makers=MAKERS)
    join(bot, "U0LEAD", "lead", ["social", "media"])
    join(bot, "U0ORG", "organize", ["outreach", "meetings"])
    join(bot, "U0PART", "participate", ["outreach", "social"])
    join(bot, "U0OCC", "occasional", ["outreach"])
    join(bot, "U0OCCSOC", "occasional", ["social"])
    return bot


def test_a_social_media_ask_reaches_only_those_who_chose_social_media(coalition: Bot) -> None:
    preview = schedule_line(coalition, '"Share the hearing flyer" tactic=social')
    assert who_got(coalition, "Share the hearing flyer") == {"U0LEAD", "U0PART", "U0OCCSOC"}
    assert left_out(preview) == {"did not choose this method": 2}
    assert "Widened" not in preview


# ----- without Slack: the coalition, and asks as the Replies say -------------------------------------


def enroll(desk: Desk, user_id: str, level: str, methods: list[str], **more: Any) -> None:
    """A messenger joins through the profile form (Slack knows them by the end of their id: U0LEAD, lead)."""
    joined(desk, user_id, {"level": level, "methods": methods, **more}, name=user_id.lower()[2:])


@pytest.fixture
def team(desk: Desk) -> Desk:
    """The coalition fixture's five messengers and campaign, joined through the profile form's Replies."""
    add_campaign(desk.db, desk.now(), makers=MAKERS)
    enroll(desk, "U0LEAD", "lead", ["social", "media"])
    enroll(desk, "U0ORG", "organize", ["outreach", "meetings"])
    enroll(desk, "U0PART", "participate", ["outreach", "social"])
    enroll(desk, "U0OCC", "occasional", ["outreach"])
    enroll(desk, "U0OCCSOC", "occasional", ["social"])
    return desk


def scheduled(desk: Desk, line: str) -> tuple[str, int]:
    """`/drumbeat new <line>`, then Schedule: the preview's text and the call's id."""
    preview = desk.command(ORGANIZER, f"new {line}")
    text = text_of(preview)
    assert re.search(r"\d+ messengers? match", text), text
    call_id = int(button_value(preview, "call_schedule"))
    assert "Scheduled call to action #" in text_of(desk.click(ORGANIZER, "call_schedule", call_id))
    return text, call_id


def reached(desk: Desk, call_id: int) -> set[str]:
    """Who the call's deliveries reach: its planned deliveries, recorded as the sender records them sent."""
    return set(sent(desk.db, call_id))


def previewed(desk: Desk, typed: dict[str, Any]) -> Reply:
    """`/drumbeat new` opens the form; Next with what was `typed` shows the preview in its place."""
    form = desk.command(ORGANIZER, "new").view
    assert form is not None, "the new call form"
    shown = desk.submit(ORGANIZER, form, typed)
    assert errors_of(shown) == {}, errors_of(shown)
    assert shown.view is not None, "the preview"
    return shown


def preview_of(shown: Reply) -> str:
    assert shown.view is not None
    return " ".join(b["text"]["text"] for b in shown.view["blocks"] if b.get("text"))


def scheduled_from(desk: Desk, shown: Reply) -> int:
    """The preview form's Schedule: the form closes, the organizer's progress follows; the call's id."""
    done = desk.submit(ORGANIZER, shown.view)
    assert (done.errors, done.view) == (None, None)
    (progress,) = effects_of(done, Progress)
    return progress.call_id


# ----- method follows tactic -------------------------------------------------------------------------


def test_the_form_matches_by_method_too_and_widening_says_so(team: Desk) -> None:
    shown = previewed(team, {"campaign": "1", "tactic": "social", "objective": "Post the op-ed", "audience": "public"})
    preview = preview_of(shown)
    assert "*3 messengers match.*" in preview
    assert "2 did not choose this method" in preview
    shown = previewed(
        team,
        {
            "campaign": "1",
            "tactic": "social",
            "objective": "Post the op-ed, everyone",
            "audience": "public",
            "widen": ["any_method"],
        },
    )
    preview = preview_of(shown)
    assert "*5 messengers match.*" in preview
    assert "Widened: also people who did not choose social media" in preview
    call_id = scheduled_from(team, shown)
    assert reached(team, call_id) == {"U0LEAD", "U0ORG", "U0PART", "U0OCC", "U0OCCSOC"}


def test_the_one_liner_widens_with_method_any(team: Desk) -> None:
    preview, call_id = scheduled(team, '"Call the mayor" tactic=outreach method=any')
    assert "Widened" in preview
    assert reached(team, call_id) == {"U0LEAD", "U0ORG", "U0PART", "U0OCC", "U0OCCSOC"}


# ----- effort follows level ----------------------------------------------------------------------------


def test_a_lead_effort_ask_reaches_only_lead(team: Desk) -> None:
    preview, call_id = scheduled(team, '"Testify at the hearing" tactic=meetings effort=lead method=any')
    assert reached(team, call_id) == {"U0LEAD"}
    assert left_out(preview) == {"above their level": 4}
    assert "Effort: lead or speak, so Lead." in preview


def test_effort_is_suggested_from_the_tactic_and_occasional_gets_quick_asks(team: Desk) -> None:
    preview, call_id = scheduled(team, '"Join the site visit" tactic=meetings')  # suggested: take part
    assert reached(team, call_id) == {"U0ORG"}, "meetings, at a level that takes part"
    assert left_out(preview) == {"did not choose this method": 4}
    team.clock.advance(days=8)  # Organize agreed to one ask a week
    _, call_id = scheduled(team, '"Call the clerk" tactic=outreach')  # suggested: a quick action
    assert reached(team, call_id) == {"U0ORG", "U0PART", "U0OCC"}
    team.clock.advance(days=8)
    preview, call_id = scheduled(team, '"A call with a coalition leader" tactic=meetings to=coalition')
    assert "quick action" in preview, "a call with a coalition leader is a quick, passive ask"
    assert reached(team, call_id) == {"U0ORG"}


def test_the_form_offers_effort_with_the_suggestion_first(team: Desk) -> None:
    shown = previewed(
        team,
        {"campaign": "1", "tactic": "outreach", "objective": "Hold a house meeting", "audience": "public"}
        | {"effort": "organize"},
    )
    call_id = scheduled_from(team, shown)
    assert reached(team, call_id) == {"U0ORG"}, "organize: Organize and Lead who chose outreach"


# ----- constituents ------------------------------------------------------------------------------------


def test_constituents_only(desk: Desk) -> None:
    assert "Added Ward 1, Ward 2" in text_of(desk.command(ORGANIZER, "districts add Ward 1, Ward 2"))
    form = desk.command(ORGANIZER, "campaign new").view
    created = desk.submit(
        ORGANIZER,
        form,
        {
            "name": "Reentry ID cards",
            "change_type": "funding",
            "decision_makers": "Council Member Diaz, Council Member, Ward 1\nMayor Lee, Mayor",
        },
    )
    assert errors_of(created) == {}
    with desk.db.reading() as s:
        ward1, ward2 = (d.id for d in s.scalars(select(District).order_by(District.name)))
    enroll(desk, "U0ANA", "participate", ["outreach"], district=str(ward1))
    enroll(desk, "U0BEN", "participate", ["outreach"], district=str(ward1))
    enroll(desk, "U0CY", "participate", ["outreach"], district=str(ward2))
    enroll(desk, "U0DEE", "participate", ["outreach"])  # did not say
    preview, _ = scheduled(desk, '"Call Council Member Diaz" tactic=outreach to=Diaz')
    assert "*Constituents* of Ward 1: 2 of the 4." in preview, "counted separately"
    preview, call_id = scheduled(desk, '"Call Diaz, as a constituent" tactic=outreach to=Diaz constituents=yes')
    assert reached(desk, call_id) == {"U0ANA", "U0BEN"}
    assert left_out(preview) == {"not a constituent": 2}
    refused = text_of(desk.command(ORGANIZER, 'new "Call the mayor" tactic=outreach to=Lee constituents=yes'))
    assert "has no district yet" in refused
    assert "Lee represents Ward 2" in text_of(desk.command(ORGANIZER, "districts set Mayor Lee = Ward 2"))
    _, call_id = scheduled(desk, '"Call the mayor, as a constituent" tactic=outreach to=Lee constituents=yes')
    assert reached(desk, call_id) == {"U0CY"}


def test_the_campaign_form_refuses_a_district_the_coalition_does_not_keep(desk: Desk) -> None:
    desk.command(ORGANIZER, "districts add Ward 1")
    form = desk.command(ORGANIZER, "campaign new").view
    refused = desk.submit(
        ORGANIZER, form, {"name": "Jobs", "change_type": "policy", "decision_makers": "Diaz, Council Member, Ward 9"}
    )
    assert "Ward 9" in errors_of(refused)["decision_makers"]


# ----- who knows whom -------------------------------------------------------------------------------


def test_connected_reaches_exactly_those_who_picked_that_decision_maker(team: Desk) -> None:
    lee, park = decision_maker_key("Mayor Lee"), decision_maker_key("Kathleen Park")
    enroll(team, "U0KNOWSLEE", "participate", ["outreach"], knows=[lee], ties="Church friends")
    enroll(team, "U0KATHLEEN", "participate", ["outreach"], knows=[park], ties="I know Mayor Lee's aide")
    enroll(team, "U0WORDS", "participate", ["outreach"], ties="Lee and I go way back")
    _, call_id = scheduled(team, '"Call your friend the mayor" tactic=outreach to=Lee connected=yes')
    assert reached(team, call_id) == {"U0KNOWSLEE"}, "Kathleen is not Lee; words pick nobody"


def test_the_profile_form_lists_every_campaigns_decision_makers_once(team: Desk) -> None:
    add_campaign(team.db, team.now(), name="Housing", makers="mayor  LEE, Mayor\nCounty Board")
    form = team.command("U0LEAD", "profile").view
    assert form is not None
    names = [o["text"]["text"] for o in team.suggest("U0LEAD", form, "knows", "")]
    assert len(names) == 4, names
    assert sum(1 for n in names if " ".join(n.casefold().split()) == "mayor lee") == 1, "one person, however spelled"


# ----- communities ----------------------------------------------------------------------------------


def test_community_targeting(team: Desk) -> None:
    enroll(team, "U0FAITH", "participate", ["outreach"], connections=["faith"])
    enroll(team, "U0SCHOOL", "participate", ["outreach"], connections=["schools", "business"])
    _, call_id = scheduled(team, '"Talk at your congregation" tactic=outreach community=faith,schools')
    assert reached(team, call_id) == {"U0FAITH", "U0SCHOOL"}
    shown = previewed(
        team,
        {
            "campaign": "1",
            "tactic": "outreach",
            "objective": "Bring it to the PTA",
            "audience": "public",
            "communities": ["schools"],
        },
    )
    assert reached(team, scheduled_from(team, shown)) == {"U0SCHOOL"}


# ----- the preview tells the whole story ------------------------------------------------------------


def test_expected_yield_from_the_coalitions_own_answers(team: Desk) -> None:
    first, call_id = scheduled(team, '"Call the clerk" tactic=outreach')
    assert "no estimate yet" in first, "with no history it says so instead of guessing"
    assert reached(team, call_id) == {"U0ORG", "U0PART", "U0OCC"}, "sent, unanswered"
    for n in range(5):  # history: Organize does it, Occasional can't, Participate and Lead stay silent
        team.clock.advance(days=31)  # past everyone's ask limit window
        if n == 3:
            enroll(team, "U0NEWLEAD", "lead", ["outreach"])  # two asks: too few for a rate of Lead's own
        _, call_id = scheduled(team, f'"Outreach round {n}" tactic=outreach')
        asks = sent(team.db, call_id)
        expected = {"U0ORG", "U0PART", "U0OCC"} | ({"U0NEWLEAD"} if n >= 3 else set())
        assert set(asks) == expected
        for user_id in ("U0ORG", "U0OCC"):
            answer = "checkin_done" if user_id == "U0ORG" else "checkin_cant"
            ask = asks[user_id]
            team.click(user_id, answer, ask.delivery_id, channel_id=ask.channel, message_ts=ask.ts)
    team.clock.advance(days=31)
    preview, _ = scheduled(team, '"Call the mayor" tactic=outreach')
    # Organize 5 done of 6 sent, Occasional 0 of 6, Participate 0 of 6; Lead 0 of 2, too few: 5 of 20 overall.
    assert "*Likely to act:* about 1 of 4" in preview, preview
    assert "Organize 83%" in preview
    assert "Lead 25%" in preview
    assert "Occasional 0%" in preview
    assert "Participate 0%" in preview
    assert "from 20 past direct outreach asks" in preview


# ----- the roster -----------------------------------------------------------------------------------


def test_roster_counts_never_names(team: Desk) -> None:
    team.command(ORGANIZER, "districts add Ward 1")
    with team.db.reading() as s:
        ward = s.scalar(select(District.id))
    enroll(team, "U0WARD", "lead", ["outreach"], district=str(ward))
    text = text_of(team.command(ORGANIZER, "roster"))
    assert "6 active messengers" in text
    table = text.split("```")[1]
    rows = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in table.strip().splitlines()[1:]}
    #                outreach education meetings social media people
    assert rows["Lead"] == [1, 0, 0, 1, 1, 2]
    assert rows["Organize"] == [1, 0, 1, 0, 0, 1]
    assert rows["Occasional"] == [1, 0, 0, 1, 0, 2]
    assert rows["All"] == [4, 0, 1, 3, 1, 6]
    assert "By district: Ward 1: 1; not said 5." in text
    for name in ("lead", "org", "part", "occ", "ward"):
        assert not re.search(rf"\b{name}\b", text.split("```")[0] + text.split("```")[2])
    assert "Who the coalition can ask now" in text_of(team.command(ORGANIZER, "report")), "the same table in the report"
    assert text_of(team.command("U0LEAD", "roster")) != text, "organizers only"
