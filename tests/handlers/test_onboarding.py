"""Onboarding over the test Slack server: each starting point, the form, editing, the summary."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select

from models import Messenger, StatusChange
from models.vocab import Connection, Frequency, Level, MessengerStatus, Method, Skill
from slacksim import Person, message_text, view_text
from tests.conftest import Bot
from views.forms import REFUSAL

FORM = {
    "level": "lead",
    "methods": ["social", "media"],
    "skills": ["speaking", "lived", "translation"],
    "skills_note": "Spanish",
    "connections": ["faith"],
    "ties": "I know Councilmember Ortiz",
    "quiet_start": "21:00",
    "quiet_end": "08:30",
    "credit": ["yes"],
}


def stored(bot: Bot, user_id: str) -> Messenger | None:
    with bot.db.transaction() as s:
        return s.scalar(select(Messenger).where(Messenger.user_id == user_id))


def join(bot: Bot, user_id: str, form: dict[str, Any] | None = None) -> Person:
    person = bot.person(user_id)
    reply = person.command("join")
    assert reply.status == 200
    assert person.modal is not None, "join opens the profile form"
    person.submit(FORM if form is None else form)
    assert person.modal_errors == {}
    return person


def test_join_to_a_stored_profile(bot: Bot) -> None:
    alice = join(bot, "U0ALICE")
    assert alice.modal is None, "the form closes on save"
    m = stored(bot, "U0ALICE")
    assert m is not None
    assert m.status is MessengerStatus.ACTIVE
    assert m.level is Level.LEAD
    assert m.methods == Method.SOCIAL | Method.MEDIA
    assert m.skills == Skill.PUBLIC_SPEAKING | Skill.LIVED_EXPERIENCE | Skill.TRANSLATION
    assert m.skills_note == "Spanish"
    assert m.connections == Connection.FAITH
    assert m.ties == "I know Councilmember Ortiz"
    assert m.frequency is Frequency.WEEKLY, "the suggested frequency for Lead"
    assert (m.quiet_start, m.quiet_end) == (21 * 60, 8 * 60 + 30)
    assert m.credit_ok
    assert m.tz == "America/Chicago", "from users.info"
    summary = message_text(alice.last_dm)
    assert "Thank you for joining" in summary
    assert "Lead" in summary
    assert "Social media" in summary
    alice._find("profile_edit")  # the summary has an Edit button
    (notice,) = bot.sim.messages_in("C0REPORTS")
    assert notice.text == "New messenger: Lead; social, media"
    assert "alice" not in (notice.text or "").lower()


def test_occasional_defaults_to_twice_a_month_and_frequency_can_change(bot: Bot) -> None:
    join(bot, "U0BOB", {"level": "occasional", "methods": ["outreach"]})
    m = stored(bot, "U0BOB")
    assert m is not None
    assert m.frequency is Frequency.TWICE_MONTHLY
    assert (m.quiet_start, m.quiet_end) == (20 * 60, 9 * 60), "default quiet hours 8pm to 9am"
    assert not m.credit_ok, "not credited by default"
    join(bot, "U0CARMEN", {"level": "occasional", "methods": ["outreach"], "frequency": "monthly"})
    carmen = stored(bot, "U0CARMEN")
    assert carmen is not None
    assert carmen.frequency is Frequency.MONTHLY


def test_editing_opens_the_form_filled_in(bot: Bot) -> None:
    alice = join(bot, "U0ALICE")
    alice.command("profile")
    modal = alice.modal
    assert modal is not None
    level = next(b for b in modal["blocks"] if b.get("block_id") == "level")
    assert level["element"]["initial_option"]["value"] == "lead"
    ties = next(b for b in modal["blocks"] if b.get("block_id") == "ties")
    assert ties["element"]["initial_value"] == "I know Councilmember Ortiz"
    alice.submit({"level": "participate"})  # everything else as it was
    m = stored(bot, "U0ALICE")
    assert m is not None
    assert m.level is Level.PARTICIPATE
    assert m.methods == Method.SOCIAL | Method.MEDIA
    assert m.frequency is Frequency.WEEKLY, "an explicit choice is kept"
    assert "Your profile is updated" in message_text(alice.last_dm)
    assert len(bot.sim.messages_in("C0REPORTS")) == 1, "organizers hear about new messengers, not edits"
    alice.click("profile_edit")
    assert alice.modal is not None, "the summary's Edit button opens the form too"


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"level": "lead", "methods": []}, "methods"),
        ({"level": "lead", "methods": ["social"], "skills": ["translation"]}, "skills_note"),
        ({"level": "lead", "methods": ["social"], "quiet_start": "09:00", "quiet_end": "09:00"}, "quiet_end"),
        ({"methods": ["social"]}, "level"),
    ],
    ids=["no-methods", "translation-without-languages", "empty-quiet-hours", "no-level"],
)
def test_invalid_fields_are_shown_inline_and_the_form_stays(bot: Bot, form: dict[str, Any], field: str) -> None:
    alice = bot.person("U0ALICE")
    alice.command("join")
    alice.submit(form)
    assert field in alice.modal_errors
    assert alice.modal is not None, "the form is not lost"
    assert stored(bot, "U0ALICE") is None or stored(bot, "U0ALICE").onboarded_at is None  # type: ignore[union-attr]
    alice.submit(FORM)
    assert alice.modal_errors == {}
    assert stored(bot, "U0ALICE").level is Level.LEAD  # type: ignore[union-attr]


def team_join_event(bot: Bot, user_id: str) -> dict[str, Any]:
    return {"type": "team_join", "user": dict(bot.sim.users[user_id]), "event_ts": "1.0"}


def test_team_join_gets_one_welcome_even_when_slack_retries(bot: Bot) -> None:
    bot.sim.add_user("U0NEW", name="nadia")
    replies = bot.driver.send_event(team_join_event(bot, "U0NEW"), retries=3)
    assert [r.status for r in replies] == [200] * 4
    nadia = bot.person("U0NEW")
    assert len(nadia.dms) == 1
    assert "Welcome to Drumbeat" in message_text(nadia.last_dm)
    bot.driver.send_event(team_join_event(bot, "U0NEW"))  # a different event about the same person
    assert len(nadia.dms) == 1, "never a second welcome"
    nadia.click("onboard_start")
    nadia.submit(FORM)
    assert stored(bot, "U0NEW").status is MessengerStatus.ACTIVE  # type: ignore[union-attr]


def test_bots_get_no_welcome(bot: Bot) -> None:
    bot.sim.add_user("U0HELPER", is_bot=True)
    bot.driver.send_event(team_join_event(bot, "U0HELPER"))
    assert bot.sim.calls_to("chat.postMessage") == []


def test_not_now_means_no_welcome_ever_again(bot: Bot) -> None:
    bot.sim.add_user("U0NEW")
    bot.driver.send_event(team_join_event(bot, "U0NEW"))
    new = bot.person("U0NEW")
    new.click("onboard_decline")
    assert "won't message you" in message_text(new.last_dm)
    assert stored(bot, "U0NEW").status is MessengerStatus.OPTED_OUT  # type: ignore[union-attr]
    bot.person("U0ORGANIZER").command("invite <@U0NEW|new>")
    assert "Skipped 1: 1 opted out" in message_text(bot.person("U0ORGANIZER").last_dm)
    assert len(new.dms) == 1
    join(bot, "U0NEW")  # they can still join themselves
    assert stored(bot, "U0NEW").status is MessengerStatus.ACTIVE  # type: ignore[union-attr]


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"coalition_channel": "C0COALITION"}


def test_joining_the_coalition_channel_gets_a_welcome(bot: Bot) -> None:
    event = {"type": "member_joined_channel", "user": "U0BOB", "channel": "C0COALITION", "channel_type": "C"}
    bot.driver.send_event(event, retries=2)
    assert len(bot.person("U0BOB").dms) == 1
    other = {"type": "member_joined_channel", "user": "U0CARMEN", "channel": "C0RANDOM", "channel_type": "C"}
    bot.driver.send_event(other)
    assert bot.person("U0CARMEN").dms == []


def test_organizer_invites_people_and_a_channel(bot: Bot) -> None:
    join(bot, "U0ALICE")
    bot.sim.add_user("U0GONE", deleted=True)
    bot.sim.add_user("U0HELPER", is_bot=True)
    bot.sim.add_user("U0DAN")
    bot.sim.add_user("U0EVE")
    bot.sim.add_channel("C0TOWNHALL", "townhall", members=["U0DAN", "U0EVE", "U0ALICE"])
    organizer = bot.person("U0ORGANIZER")
    organizer.command("invite <@U0BOB|bob> <@U0ALICE|alice> <@U0GONE|gone> <@U0HELPER|helper>")
    assert "Inviting 4 people" in organizer.last_ephemeral_text
    text = message_text(organizer.last_dm)  # the summary, by DM
    assert "Invited 1." in text
    assert "1 already onboarded" in text
    assert "1 deactivated" in text
    assert "1 bots" in text
    organizer.command("invite <#C0TOWNHALL|townhall>")
    assert "Invited 2. Skipped 1: 1 already onboarded" in message_text(organizer.last_dm)
    assert len(bot.person("U0BOB").dms) == 1
    assert len(bot.person("U0DAN").dms) == 1
    organizer.command("invite <@U0BOB|bob>")
    assert "Skipped 1: 1 already invited" in message_text(organizer.last_dm)


def test_invite_refused_for_non_organizers_and_bad_targets_explained(bot: Bot) -> None:
    stranger = bot.person("U0STRANGER")
    stranger.command("invite <@U0BOB|bob>")
    assert stranger.last_ephemeral_text == REFUSAL
    assert bot.person("U0BOB").dms == []
    organizer = bot.person("U0ORGANIZER")
    organizer.command("invite bob")
    assert "`bob`" in organizer.last_ephemeral_text
    admin = bot.person("U0ADMIN")  # workspace admins are organizers
    admin.command("invite <@U0BOB|bob>")
    assert "Invited 1." in message_text(admin.last_dm)


def test_app_home_get_started_and_profile(bot: Bot) -> None:
    carmen = bot.person("U0CARMEN")
    carmen.open_home()
    assert "Get started" in str(carmen.home)
    carmen.click("onboard_start")
    assert carmen.modal is not None
    carmen.submit(FORM)
    carmen.open_home()
    home = view_text(carmen.home)
    assert "Active" in home
    assert "Lead" in home
    assert "Councilmember Ortiz" in home


def test_time_zone_stays_current(bot: Bot) -> None:
    join(bot, "U0ALICE")
    user = dict(bot.sim.users["U0ALICE"], tz="America/Denver")
    bot.driver.send_event({"type": "user_change", "user": user})
    assert stored(bot, "U0ALICE").tz == "America/Denver"  # type: ignore[union-attr]


def test_profile_changes_of_other_people_write_nothing(bot: Bot) -> None:
    """user_change comes for every profile or status change in the workspace: only a messenger's new time
    zone may cost a write."""
    join(bot, "U0ALICE")
    writes: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement.split(" ", 2)[1])

    sqlalchemy_event.listen(bot.db.engine, "before_cursor_execute", count)
    try:
        for i in range(50):
            bot.sim.add_user(f"U0OTHER{i:02d}")
            other = dict(bot.sim.users[f"U0OTHER{i:02d}"], tz="Europe/Paris")
            bot.driver.send_event({"type": "user_change", "user": other})
        same = dict(bot.sim.users["U0ALICE"])  # her status emoji changed, say: the time zone did not
        bot.driver.send_event({"type": "user_change", "user": same}, retries=2)
        assert writes == [], "nothing written for 51 changes that do not matter"
        moved = dict(bot.sim.users["U0ALICE"], tz="America/Denver")
        bot.driver.send_event({"type": "user_change", "user": moved})
        assert writes == ["messengers"], "one write for the one that does"
    finally:
        sqlalchemy_event.remove(bot.db.engine, "before_cursor_execute", count)
    assert stored(bot, "U0ALICE").tz == "America/Denver"  # type: ignore[union-attr]


def test_every_status_change_is_recorded(bot: Bot) -> None:
    join(bot, "U0ALICE")
    with bot.db.transaction() as s:
        changes = s.scalars(select(StatusChange).order_by(StatusChange.id)).all()
        assert [(c.status, c.via) for c in changes] == [
            (MessengerStatus.PENDING, "created"),
            (MessengerStatus.ACTIVE, "profile"),
        ]
