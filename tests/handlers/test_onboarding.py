"""Onboarding: each starting point, the form, editing, the summary. Decisions are read from the listeners'
Replies (tests.replies); the whole join, and what only Slack's side can show (users.info, Slack's retries,
channel membership events, invites running as long work), run over the test Slack server."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import event as sqlalchemy_event
from sqlalchemy import select

from core import home, messengers
from handlers.request import Reply, from_event
from models import Messenger, StatusChange
from models.vocab import Connection, Frequency, Level, MessengerStatus, Method, Skill
from runtime.effects import DM, ChannelNotice, LearnIdentity, LongWork, RefreshHome, Welcome
from slacksim import Person, message_text, view_text
from tests.conftest import Bot
from tests.replies import ORGANIZER, TEAM, Desk, action_ids, effects_of, errors_of, text_of
from tests.replies import message_text as said
from views.forms import REFUSAL
from views.home import home_view

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


def stored(where: Bot | Desk, user_id: str) -> Messenger | None:
    with where.db.transaction() as s:
        return s.scalar(select(Messenger).where(Messenger.user_id == user_id))


def join(bot: Bot, user_id: str, form: dict[str, Any] | None = None) -> Person:
    person = bot.person(user_id)
    reply = person.command("join")
    assert reply.status == 200
    assert person.modal is not None, "join opens the profile form"
    person.submit(FORM if form is None else form)
    assert person.modal_errors == {}
    return person


# ----- without Slack: joining, as the Reply says ----------------------------------------------------


def joined(
    desk: Desk,
    user_id: str,
    form: dict[str, Any] | None = None,
    *,
    tz: str = "America/Chicago",
    name: str | None = None,
) -> Reply:
    """They save the profile form their `/drumbeat join` opened. The Reply asks Slack who they are
    (LearnIdentity); Slack's answer (time zone `tz`, `name`) is kept as the effect keeps it. The save's Reply."""
    opened = desk.command(user_id, "join")
    assert opened.view is not None, "join opens the profile form"
    saved = desk.submit(user_id, opened.view, FORM if form is None else form)
    assert errors_of(saved) == {}, errors_of(saved)
    assert saved.view is None, "the form closes on save"
    assert LearnIdentity(TEAM, user_id) in saved.effects, "their time zone and name are learned from Slack"
    messengers.remember_identity(desk.db, TEAM, user_id, tz=tz, name=name or user_id.lower())
    return saved


_event_ids = itertools.count(1)


def slack_user(user_id: str, *, name: str | None = None, tz: str = "America/Chicago", **flags: Any) -> dict[str, Any]:
    """A user object as Slack puts it in team_join and user_change events (slacksim's shape)."""
    name = name or user_id.lower()
    user = {
        "id": user_id,
        "team_id": TEAM,
        "name": name,
        "real_name": name.title(),
        "deleted": False,
        "is_bot": False,
        "is_app_user": False,
        "is_admin": False,
        "is_owner": False,
        "tz": tz,
        "profile": {"display_name": name, "real_name": name.title()},
    }
    return user | flags


def slack_event(desk: Desk, event: dict[str, Any], *, event_id: str | None = None) -> Reply:
    """An Events API event read by the product's own `from_event`: team_join and user_change carry a user
    object, not an id (which `Desk.event` would take for the id)."""
    body = {"team_id": TEAM, "event_id": event_id or f"EvOnb{next(_event_ids):06d}", "event": event}
    request = from_event(body)
    return desk.decide(request)


def home_of(desk: Desk, user_id: str) -> dict[str, Any]:
    """The Home tab a RefreshHome effect publishes for them (runtime.effects)."""
    organizer = user_id in desk.deps.settings.organizers or user_id in desk.admins
    tz = desk.deps.settings.timezone
    return home_view(home.gather(desk.db, TEAM, user_id, desk.now(), organizer=organizer, tz=tz), tz)


# ----- end to end ------------------------------------------------------------------------------------


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


def test_not_now_means_no_welcome_ever_again(bot: Bot) -> None:
    """Not now on the welcome DM, then an organizer's invite (long work, on its own thread): skipped."""
    bot.sim.add_user("U0NEW")
    bot.driver.send_event(team_join_event(bot, "U0NEW"))
    new = bot.person("U0NEW")
    new.click("onboard_decline")
    assert "won't message you" in message_text(new.last_dm), "the welcome DM says so, in place"
    assert stored(bot, "U0NEW").status is MessengerStatus.OPTED_OUT  # type: ignore[union-attr]
    bot.person("U0ORGANIZER").command("invite <@U0NEW|new>")
    assert "Skipped 1: 1 opted out" in message_text(bot.person("U0ORGANIZER").last_dm)
    assert len(new.dms) == 1


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


def test_workspace_admins_may_invite_by_slacks_word(bot: Bot) -> None:
    """Slack's users.info says U0ADMIN is an admin of this workspace: an organizer, without being named."""
    admin = bot.person("U0ADMIN")
    admin.command("invite <@U0BOB|bob>")
    assert "Invited 1." in message_text(admin.last_dm)


# ----- decisions, read from the Reply ----------------------------------------------------------------


def test_join_says_thank_you_and_tells_organizers_without_a_name(desk: Desk) -> None:
    saved = joined(desk, "U0ALICE")
    (summary,) = effects_of(saved, DM)
    assert summary.user_id == "U0ALICE"
    assert "Thank you for joining" in said(summary.message)
    assert "profile_edit" in action_ids(summary.message), "the summary has an Edit button"
    (notice,) = effects_of(saved, ChannelNotice)
    assert notice.channel == "C0REPORTS"
    assert notice.message["text"] == "New messenger: Lead; social, media"
    assert "alice" not in str(notice.message).lower()


def test_occasional_defaults_to_twice_a_month_and_frequency_can_change(desk: Desk) -> None:
    joined(desk, "U0BOB", {"level": "occasional", "methods": ["outreach"]})
    m = stored(desk, "U0BOB")
    assert m is not None
    assert m.frequency is Frequency.TWICE_MONTHLY
    assert (m.quiet_start, m.quiet_end) == (20 * 60, 9 * 60), "default quiet hours 8pm to 9am"
    assert not m.credit_ok, "not credited by default"
    joined(desk, "U0CARMEN", {"level": "occasional", "methods": ["outreach"], "frequency": "monthly"})
    carmen = stored(desk, "U0CARMEN")
    assert carmen is not None
    assert carmen.frequency is Frequency.MONTHLY


def test_editing_opens_the_form_filled_in(desk: Desk) -> None:
    first = joined(desk, "U0ALICE")
    assert len(effects_of(first, ChannelNotice)) == 1, "a new messenger: organizers hear"
    modal = desk.command("U0ALICE", "profile").view
    assert modal is not None
    level = next(b for b in modal["blocks"] if b.get("block_id") == "level")
    assert level["element"]["initial_option"]["value"] == "lead"
    ties = next(b for b in modal["blocks"] if b.get("block_id") == "ties")
    assert ties["element"]["initial_value"] == "I know Councilmember Ortiz"
    edited = desk.submit("U0ALICE", modal, {"level": "participate"})  # everything else as it was
    assert errors_of(edited) == {}
    m = stored(desk, "U0ALICE")
    assert m is not None
    assert m.level is Level.PARTICIPATE
    assert m.methods == Method.SOCIAL | Method.MEDIA
    assert m.frequency is Frequency.WEEKLY, "an explicit choice is kept"
    (summary,) = effects_of(edited, DM)
    assert summary.user_id == "U0ALICE"
    assert "Your profile is updated" in said(summary.message)
    assert effects_of(edited, ChannelNotice) == [], "organizers hear about new messengers, not edits"
    assert "profile_edit" in action_ids(summary.message)
    assert desk.click("U0ALICE", "profile_edit").view is not None, "the summary's Edit button opens the form too"


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
def test_invalid_fields_are_shown_inline_and_the_form_stays(desk: Desk, form: dict[str, Any], field: str) -> None:
    opened = desk.command("U0ALICE", "join").view
    refused = desk.submit("U0ALICE", opened, form)
    assert field in errors_of(refused)
    assert (refused.view, refused.effects) == (None, ()), "the form is not lost: it stays, with the errors"
    assert stored(desk, "U0ALICE") is None or stored(desk, "U0ALICE").onboarded_at is None  # type: ignore[union-attr]
    saved = desk.submit("U0ALICE", opened, FORM)
    assert errors_of(saved) == {}
    assert stored(desk, "U0ALICE").level is Level.LEAD  # type: ignore[union-attr]


def test_team_join_asks_for_the_welcome_with_slacks_profile(desk: Desk) -> None:
    nadia = slack_user("U0NEW", name="nadia")
    welcomed = slack_event(desk, {"type": "team_join", "user": nadia, "event_ts": "1.0"}, event_id="EvJOIN1")
    assert welcomed.effects == (Welcome(TEAM, "U0NEW", nadia),)
    again = slack_event(desk, {"type": "team_join", "user": nadia, "event_ts": "1.0"}, event_id="EvJOIN1")
    assert again.effects == (), "Slack's retry of the same event: nothing more"


def test_bots_get_no_welcome(desk: Desk) -> None:
    helper = slack_event(desk, {"type": "team_join", "user": slack_user("U0HELPER", is_bot=True), "event_ts": "1.0"})
    assert helper.effects == (), "no welcome, no DM of any kind"


def test_not_now_opts_out_and_they_can_still_join(desk: Desk) -> None:
    slack_event(desk, {"type": "team_join", "user": slack_user("U0NEW"), "event_ts": "1.0"})
    declined = desk.click("U0NEW", "onboard_decline", "welcome")
    assert declined.replace, "the welcome DM changes in place"
    assert "won't message you" in text_of(declined)
    assert declined.effects == ()
    assert stored(desk, "U0NEW").status is MessengerStatus.OPTED_OUT  # type: ignore[union-attr]
    joined(desk, "U0NEW")  # they can still join themselves
    assert stored(desk, "U0NEW").status is MessengerStatus.ACTIVE  # type: ignore[union-attr]


def test_invite_refused_for_non_organizers_and_bad_targets_explained(desk: Desk) -> None:
    refused = desk.command("U0STRANGER", "invite <@U0BOB|bob>")
    assert text_of(refused) == REFUSAL
    assert refused.effects == (), "nobody is invited"
    explained = desk.command(ORGANIZER, "invite bob")
    assert "`bob`" in text_of(explained)
    assert explained.effects == ()
    desk.admins.add("U0ADMIN")  # workspace admins are organizers
    started = desk.command("U0ADMIN", "invite <@U0BOB|bob>")
    assert "Inviting 1" in text_of(started)
    assert len(effects_of(started, LongWork)) == 1, "the invite runs as long work"


def test_app_home_get_started_and_profile(desk: Desk) -> None:
    opened = desk.event(
        {"type": "app_home_opened", "user": "U0CARMEN", "channel": "D0CARMEN", "tab": "home", "event_ts": "1.0"}
    )
    assert opened.effects == (RefreshHome(TEAM, "U0CARMEN"),)
    assert "Get started" in str(home_of(desk, "U0CARMEN"))
    form = desk.click("U0CARMEN", "onboard_start", "home", on_home=True).view
    assert form is not None
    saved = desk.submit("U0CARMEN", form, FORM)
    assert errors_of(saved) == {}
    again = desk.event(
        {"type": "app_home_opened", "user": "U0CARMEN", "channel": "D0CARMEN", "tab": "home", "event_ts": "2.0"}
    )
    assert again.effects == (RefreshHome(TEAM, "U0CARMEN"),)
    shown = view_text(home_of(desk, "U0CARMEN"))
    assert "Active" in shown
    assert "Lead" in shown
    assert "Councilmember Ortiz" in shown


def test_time_zone_stays_current(desk: Desk) -> None:
    joined(desk, "U0ALICE")
    assert stored(desk, "U0ALICE").tz == "America/Chicago"  # type: ignore[union-attr]
    changed = slack_event(desk, {"type": "user_change", "user": slack_user("U0ALICE", tz="America/Denver")})
    assert changed.effects == ()
    assert stored(desk, "U0ALICE").tz == "America/Denver"  # type: ignore[union-attr]


def test_profile_changes_of_other_people_write_nothing(desk: Desk) -> None:
    """user_change comes for every profile or status change in the workspace: only a messenger's new time
    zone may cost a write."""
    joined(desk, "U0ALICE")
    writes: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            writes.append(statement.split(" ", 2)[1])

    sqlalchemy_event.listen(desk.db.engine, "before_cursor_execute", count)
    try:
        for i in range(50):
            slack_event(desk, {"type": "user_change", "user": slack_user(f"U0OTHER{i:02d}", tz="Europe/Paris")})
        same = {"type": "user_change", "user": slack_user("U0ALICE")}  # her status emoji changed, say
        for _ in range(3):  # and Slack delivered it three times
            slack_event(desk, same, event_id="EvSAME")
        assert writes == [], "nothing written for 51 changes that do not matter"
        slack_event(desk, {"type": "user_change", "user": slack_user("U0ALICE", tz="America/Denver")})
        assert writes == ["messengers"], "one write for the one that does"
    finally:
        sqlalchemy_event.remove(desk.db.engine, "before_cursor_execute", count)
    assert stored(desk, "U0ALICE").tz == "America/Denver"  # type: ignore[union-attr]


def test_every_status_change_is_recorded(desk: Desk) -> None:
    joined(desk, "U0ALICE")
    with desk.db.transaction() as s:
        changes = s.scalars(select(StatusChange).order_by(StatusChange.id)).all()
        assert [(c.status, c.via) for c in changes] == [
            (MessengerStatus.PENDING, "created"),
            (MessengerStatus.ACTIVE, "profile"),
        ]
