"""Matched to their role, by default: method follows tactic, effort follows level, constituents, who
knows whom, communities; the preview tells the whole story; the roster counts who can be asked.

Everything here goes through Slack as people would: the profile form, `/drumbeat new` in one line or
through its form, the preview, `/drumbeat districts`, `/drumbeat roster`."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from core.campaigns import decision_maker_key
from models import District
from scheduler.delivery import Sender
from slacksim import Person, message_text
from tests.conftest import Bot
from tests.factories import add_campaign
from tests.handlers.test_checkins import ask_of

MAKERS = "Mayor Lee, Mayor\nKathleen Park, County Clerk\nCouncil Member Diaz, Council Member"


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
    assert "messengers match" in preview, preview
    olivia.click("call_schedule")
    return preview


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


# ----- method follows tactic -------------------------------------------------------------------------


def test_a_social_media_ask_reaches_only_those_who_chose_social_media(coalition: Bot) -> None:
    preview = schedule_line(coalition, '"Share the hearing flyer" tactic=social')
    assert who_got(coalition, "Share the hearing flyer") == {"U0LEAD", "U0PART", "U0OCCSOC"}
    assert left_out(preview) == {"did not choose this method": 2}
    assert "Widened" not in preview


def test_the_form_matches_by_method_too_and_widening_says_so(coalition: Bot) -> None:
    olivia = coalition.person("U0ORGANIZER")
    olivia.command("new")
    olivia.submit({"campaign": "1", "tactic": "social", "objective": "Post the op-ed", "audience": "public"})
    preview = " ".join(b["text"]["text"] for b in olivia.modal["blocks"] if b.get("text"))  # type: ignore[index]
    assert "*3 messengers match.*" in preview
    assert "2 did not choose this method" in preview
    olivia.close()
    olivia.command("new")
    olivia.submit(
        {
            "campaign": "1",
            "tactic": "social",
            "objective": "Post the op-ed, everyone",
            "audience": "public",
            "widen": ["any_method"],
        }
    )
    preview = " ".join(b["text"]["text"] for b in olivia.modal["blocks"] if b.get("text"))  # type: ignore[index]
    assert "*5 messengers match.*" in preview
    assert "Widened: also people who did not choose social media" in preview
    olivia.submit()  # Schedule
    assert who_got(coalition, "Post the op-ed, everyone") == {"U0LEAD", "U0ORG", "U0PART", "U0OCC", "U0OCCSOC"}


def test_the_one_liner_widens_with_method_any(coalition: Bot) -> None:
    preview = schedule_line(coalition, '"Call the mayor" tactic=outreach method=any')
    assert "Widened" in preview
    assert who_got(coalition, "Call the mayor") == {"U0LEAD", "U0ORG", "U0PART", "U0OCC", "U0OCCSOC"}


# ----- effort follows level ----------------------------------------------------------------------------


def test_a_lead_effort_ask_reaches_only_lead(coalition: Bot) -> None:
    preview = schedule_line(coalition, '"Testify at the hearing" tactic=meetings effort=lead method=any')
    assert who_got(coalition, "Testify at the hearing") == {"U0LEAD"}
    assert left_out(preview) == {"above their level": 4}
    assert "Effort: lead or speak, so Lead." in preview


def test_effort_is_suggested_from_the_tactic_and_occasional_gets_quick_asks(coalition: Bot) -> None:
    preview = schedule_line(coalition, '"Join the site visit" tactic=meetings')  # suggested: take part
    assert who_got(coalition, "Join the site visit") == {"U0ORG"}, "meetings, at a level that takes part"
    assert left_out(preview) == {"did not choose this method": 4}
    coalition.clock.advance(days=8)  # Organize agreed to one ask a week
    schedule_line(coalition, '"Call the clerk" tactic=outreach')  # suggested: a quick action
    assert who_got(coalition, "Call the clerk") == {"U0ORG", "U0PART", "U0OCC"}
    coalition.clock.advance(days=8)
    preview = schedule_line(coalition, '"A call with a coalition leader" tactic=meetings to=coalition')
    assert "quick action" in preview, "a call with a coalition leader is a quick, passive ask"
    assert who_got(coalition, "A call with a coalition leader") == {"U0ORG"}


def test_the_form_offers_effort_with_the_suggestion_first(coalition: Bot) -> None:
    olivia = coalition.person("U0ORGANIZER")
    olivia.command("new")
    olivia.submit(
        {"campaign": "1", "tactic": "outreach", "objective": "Hold a house meeting", "audience": "public"}
        | {"effort": "organize"}
    )
    olivia.submit()
    assert who_got(coalition, "Hold a house meeting") == {"U0ORG"}, "organize: Organize and Lead who chose outreach"


# ----- constituents ------------------------------------------------------------------------------------


def test_constituents_only(bot: Bot) -> None:
    olivia = bot.person("U0ORGANIZER")
    assert "Added Ward 1, Ward 2" in olivia.answer("districts add Ward 1, Ward 2")
    olivia.command("campaign new")
    olivia.submit(
        {
            "name": "Reentry ID cards",
            "change_type": "funding",
            "decision_makers": "Council Member Diaz, Council Member, Ward 1\nMayor Lee, Mayor",
        }
    )
    assert olivia.modal_errors == {}
    with bot.db.reading() as s:
        ward1, ward2 = (d.id for d in s.scalars(select(District).order_by(District.name)))
    join(bot, "U0ANA", "participate", ["outreach"], district=str(ward1))
    join(bot, "U0BEN", "participate", ["outreach"], district=str(ward1))
    join(bot, "U0CY", "participate", ["outreach"], district=str(ward2))
    join(bot, "U0DEE", "participate", ["outreach"])  # did not say
    preview = schedule_line(bot, '"Call Council Member Diaz" tactic=outreach to=Diaz')
    assert "*Constituents* of Ward 1: 2 of the 4." in preview, "counted separately"
    preview = schedule_line(bot, '"Call Diaz, as a constituent" tactic=outreach to=Diaz constituents=yes')
    assert who_got(bot, "Call Diaz, as a constituent") == {"U0ANA", "U0BEN"}
    assert left_out(preview) == {"not a constituent": 2}
    refused = olivia.answer('new "Call the mayor" tactic=outreach to=Lee constituents=yes')
    assert "has no district yet" in refused
    assert "Lee represents Ward 2" in olivia.answer("districts set Mayor Lee = Ward 2")
    schedule_line(bot, '"Call the mayor, as a constituent" tactic=outreach to=Lee constituents=yes')
    assert who_got(bot, "Call the mayor, as a constituent") == {"U0CY"}


def test_the_campaign_form_refuses_a_district_the_coalition_does_not_keep(bot: Bot) -> None:
    olivia = bot.person("U0ORGANIZER")
    olivia.answer("districts add Ward 1")
    olivia.command("campaign new")
    olivia.submit({"name": "Jobs", "change_type": "policy", "decision_makers": "Diaz, Council Member, Ward 9"})
    assert "Ward 9" in olivia.modal_errors["decision_makers"]


# ----- who knows whom -------------------------------------------------------------------------------


def test_connected_reaches_exactly_those_who_picked_that_decision_maker(coalition: Bot) -> None:
    lee, park = decision_maker_key("Mayor Lee"), decision_maker_key("Kathleen Park")
    join(coalition, "U0KNOWSLEE", "participate", ["outreach"], knows=[lee], ties="Church friends")
    join(coalition, "U0KATHLEEN", "participate", ["outreach"], knows=[park], ties="I know Mayor Lee's aide")
    join(coalition, "U0WORDS", "participate", ["outreach"], ties="Lee and I go way back")
    schedule_line(coalition, '"Call your friend the mayor" tactic=outreach to=Lee connected=yes')
    assert who_got(coalition, "Call your friend the mayor") == {"U0KNOWSLEE"}, "Kathleen is not Lee; words pick nobody"


def test_the_profile_form_lists_every_campaigns_decision_makers_once(coalition: Bot) -> None:
    add_campaign(coalition.db, coalition.clock.now, name="Housing", makers="mayor  LEE, Mayor\nCounty Board")
    person = coalition.person("U0LEAD")
    person.command("profile")
    assert person.modal is not None
    names = [o["text"]["text"] for o in person.suggest("knows", "")]
    assert len(names) == 4, names
    assert sum(1 for n in names if " ".join(n.casefold().split()) == "mayor lee") == 1, "one person, however spelled"


# ----- communities ----------------------------------------------------------------------------------


def test_community_targeting(coalition: Bot) -> None:
    join(coalition, "U0FAITH", "participate", ["outreach"], connections=["faith"])
    join(coalition, "U0SCHOOL", "participate", ["outreach"], connections=["schools", "business"])
    schedule_line(coalition, '"Talk at your congregation" tactic=outreach community=faith,schools')
    assert who_got(coalition, "Talk at your congregation") == {"U0FAITH", "U0SCHOOL"}
    olivia = coalition.person("U0ORGANIZER")
    olivia.command("new")
    olivia.submit(
        {
            "campaign": "1",
            "tactic": "outreach",
            "objective": "Bring it to the PTA",
            "audience": "public",
            "communities": ["schools"],
        }
    )
    olivia.submit()
    assert who_got(coalition, "Bring it to the PTA") == {"U0SCHOOL"}


# ----- the preview tells the whole story ------------------------------------------------------------


def test_expected_yield_from_the_coalitions_own_answers(coalition: Bot) -> None:
    first = schedule_line(coalition, '"Call the clerk" tactic=outreach')
    assert "no estimate yet" in first, "with no history it says so instead of guessing"
    for n in range(5):  # history: Organize does it, Occasional can't, Participate and Lead stay silent
        coalition.clock.advance(days=31)  # past everyone's ask limit window
        if n == 3:
            join(coalition, "U0NEWLEAD", "lead", ["outreach"])  # two asks: too few for a rate of Lead's own
        schedule_line(coalition, f'"Outreach round {n}" tactic=outreach')
        expected = {"U0ORG", "U0PART", "U0OCC"} | ({"U0NEWLEAD"} if n >= 3 else set())
        assert who_got(coalition, f"Outreach round {n}") == expected
        for user_id in ("U0ORG", "U0OCC"):
            person = coalition.person(user_id)
            person.click("checkin_done" if user_id == "U0ORG" else "checkin_cant", message=ask_of(person))
            person.close()
    coalition.clock.advance(days=31)
    preview = schedule_line(coalition, '"Call the mayor" tactic=outreach')
    # Organize 5 done of 6 sent, Occasional 0 of 6, Participate 0 of 6; Lead 0 of 2, too few: 5 of 20 overall.
    assert "*Likely to act:* about 1 of 4" in preview, preview
    assert "Organize 83%" in preview
    assert "Lead 25%" in preview
    assert "Occasional 0%" in preview
    assert "Participate 0%" in preview
    assert "from 20 past direct outreach asks" in preview


# ----- the roster -----------------------------------------------------------------------------------


def test_roster_counts_never_names(coalition: Bot) -> None:
    olivia = coalition.person("U0ORGANIZER")
    olivia.answer("districts add Ward 1")
    with coalition.db.reading() as s:
        ward = s.scalar(select(District.id))
    join(coalition, "U0WARD", "lead", ["outreach"], district=str(ward))
    text = olivia.answer("roster")
    assert "6 active messengers" in text
    table = text.split("```")[1]
    rows = {line.split()[0]: [int(n) for n in line.split()[1:]] for line in table.strip().splitlines()[1:]}
    #                outreach education meetings social media people
    assert rows["Lead"] == [1, 0, 0, 1, 1, 2]
    assert rows["Organize"] == [1, 0, 1, 0, 0, 1]
    assert rows["Occasional"] == [1, 0, 0, 1, 0, 2]
    assert rows["All"] == [4, 0, 1, 3, 1, 6]
    assert "By district: Ward 1 1; not said 5." in text
    for name in ("lead", "org", "part", "occ", "ward"):
        assert not re.search(rf"\b{name}\b", text.split("```")[0] + text.split("```")[2])
    assert "Who the coalition can ask now" in olivia.answer("report"), "the same table in the report"
    assert coalition.person("U0LEAD").answer("roster") != text, "organizers only"
