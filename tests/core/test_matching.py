"""Matching over a real database: role fit, rotation, ask limits, quiet hours, status."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.campaigns import decision_maker_key
from core.matching import Match, Reason, Targeting, When, match
from models import Database, District, Messenger
from models.vocab import Effort, Frequency, Level, MessengerStatus, Method, ScheduleKind, Skill
from tests import when
from tests.factories import TEAM, add_campaign, add_districts, add_messenger, add_sent_ask

NOW = when.local(0, 12)  # Tuesday noon in Chicago
NOW_WHEN = When(ScheduleKind.NOW, NOW, coalition_tz="America/Chicago")


def user_ids(s: Session, result: Match) -> list[str]:
    found = dict(s.execute(select(Messenger.id, Messenger.user_id).where(Messenger.id.in_(result.ids))).all())
    return [found[i] for i in result.ids]


def chosen(db: Database, targeting: Targeting, when: When = NOW_WHEN) -> list[str]:
    with db.transaction() as s:
        return sorted(user_ids(s, match(s, TEAM, targeting, when, NOW)))


def due_by_user(db: Database, targeting: Targeting, when: When) -> dict[str, datetime]:
    with db.transaction() as s:
        result = match(s, TEAM, targeting, when, NOW)
        return {u: result.due_at(i) for i, u in enumerate(user_ids(s, result))}


def test_level_method_and_skill_fit(db: Database) -> None:
    add_messenger(db, None, "U1", NOW, level=Level.LEAD, methods=Method.MEDIA, skills=Skill.WRITING)
    add_messenger(db, None, "U2", NOW, level=Level.OCCASIONAL, methods=Method.OUTREACH)
    add_messenger(db, None, "U3", NOW, level=Level.PARTICIPATE, methods=Method.OUTREACH | Method.SOCIAL)
    assert chosen(db, Targeting()) == ["U1", "U2", "U3"]
    assert chosen(db, Targeting(levels=frozenset({Level.OCCASIONAL, Level.PARTICIPATE}))) == ["U2", "U3"]
    assert chosen(db, Targeting(methods=Method.SOCIAL | Method.MEDIA)) == ["U1", "U3"]
    assert chosen(db, Targeting(skills=Skill.WRITING)) == ["U1"]
    assert chosen(db, Targeting(user_ids=("U2",))) == ["U2"]


def test_connected_means_they_picked_the_decision_maker(db: Database) -> None:
    add_campaign(db, NOW, makers="Mayor Lee, Mayor\nKathleen Park, Clerk")
    add_messenger(db, None, "U1", NOW, knows=("Mayor Lee",), ties="We met at church")
    add_messenger(db, None, "U2", NOW, knows=("Kathleen Park",), ties="I know Mayor Lee, sort of")  # words never count
    add_messenger(db, None, "U3", NOW, ties="100% the mayor's office_staff")
    assert chosen(db, Targeting(knows=decision_maker_key("Mayor Lee"))) == ["U1"]
    assert chosen(db, Targeting(knows=decision_maker_key("kathleen  park"))) == ["U2"], "Kathleen is not Lee"
    legacy = Targeting.from_json({"connected_to": "Mayor Lee"})  # a call stored before picks existed
    assert chosen(db, legacy) == ["U1"], "exactly the same person, never a part of a name"


def test_role_fit_left_out_by_reason(db: Database) -> None:
    add_districts(db, NOW, "Ward 1", "Ward 2")
    add_messenger(db, None, "U1", NOW, level=Level.LEAD, methods=Method.SOCIAL, district="Ward 1")
    add_messenger(db, None, "U2", NOW, level=Level.OCCASIONAL, methods=Method.SOCIAL, district="Ward 1")
    add_messenger(db, None, "U3", NOW, level=Level.LEAD, methods=Method.OUTREACH, district="Ward 1")
    add_messenger(db, None, "U4", NOW, level=Level.LEAD, methods=Method.SOCIAL, district="Ward 2")
    add_messenger(db, None, "U5", NOW, level=Level.LEAD, methods=Method.SOCIAL)
    with db.transaction() as s:
        ward1 = s.scalar(select(District.id).where(District.name == "Ward 1"))
        result = match(
            s, TEAM, Targeting(methods=Method.SOCIAL, effort=Effort.ORGANIZE, district_id=ward1), NOW_WHEN, NOW
        )
        assert user_ids(s, result) == ["U1"]
    assert dict(result.left_out) == {Reason.METHOD: 1, Reason.EFFORT: 1, Reason.CONSTITUENT: 2}


def test_status_is_respected_and_reported(db: Database) -> None:
    add_messenger(db, None, "U1", NOW)
    add_messenger(db, None, "U2", NOW, status=MessengerStatus.PAUSED, paused_until=NOW + timedelta(days=3))
    add_messenger(db, None, "U3", NOW, status=MessengerStatus.OPTED_OUT)
    add_messenger(db, None, "U4", NOW, status=MessengerStatus.PAUSED, paused_until=NOW - timedelta(hours=1))
    assert chosen(db, Targeting()) == ["U1", "U4"], "a pause that has run out no longer holds"
    with db.transaction() as s:
        result = match(s, TEAM, Targeting(), NOW_WHEN, NOW)
    assert result.left_out == {Reason.PAUSED: 1, Reason.OPTED_OUT: 1}


def test_never_above_the_ask_limit(db: Database) -> None:
    weekly = add_messenger(db, None, "U1", NOW, frequency=Frequency.WEEKLY)
    twice = add_messenger(db, None, "U2", NOW, frequency=Frequency.TWICE_WEEKLY)
    campaign = add_campaign(db, NOW)
    for messenger_id in (weekly, twice):
        add_sent_ask(db, campaign.id, messenger_id, NOW - timedelta(days=2))
    assert chosen(db, Targeting()) == ["U2"]
    with db.transaction() as s:
        assert match(s, TEAM, Targeting(), NOW_WHEN, NOW).left_out[Reason.AT_LIMIT] == 1
    later = When(ScheduleKind.AT, NOW + timedelta(days=6), coalition_tz="America/Chicago")
    assert chosen(db, Targeting(), later) == ["U1", "U2"], "a week after the last ask"


def test_rotation_asks_the_least_recently_asked_first(db: Database) -> None:
    for n in range(6):
        add_messenger(db, None, f"U{n}", NOW, last_asked_at=NOW - timedelta(days=10 - n))
    add_messenger(db, None, "UNEW", NOW)
    with db.transaction() as s:
        result = match(s, TEAM, Targeting(limit=3), NOW_WHEN, NOW)
        assert user_ids(s, result) == ["UNEW", "U0", "U1"]
    assert result.left_out[Reason.OVER_LIMIT_N] == 4


def test_quiet_hours_move_the_ask_to_the_next_allowed_minute(db: Database) -> None:
    add_messenger(db, None, "UBERLIN", NOW, tz="Europe/Berlin", quiet=(20 * 60, 9 * 60))  # 19:00 there: fine
    add_messenger(db, None, "UTOKYO", NOW, tz="Asia/Tokyo", quiet=(20 * 60, 9 * 60))  # 03:00 there: quiet
    due = due_by_user(db, Targeting(), NOW_WHEN)
    assert due["UBERLIN"] == NOW
    assert due["UTOKYO"] == when.local(1, 9, tz=ZoneInfo("Asia/Tokyo")), "9:00 in Tokyo"
    with db.transaction() as s:
        assert match(s, TEAM, Targeting(), NOW_WHEN, NOW).quiet_delayed == 1


def test_local_time_in_each_messengers_zone(db: Database) -> None:
    add_messenger(db, None, "UCHI", NOW, tz="America/Chicago")
    add_messenger(db, None, "UNYC", NOW, tz="America/New_York")
    tomorrow = When(ScheduleKind.LOCAL, NOW + timedelta(days=1), local_minute=10 * 60, coalition_tz="America/Chicago")
    assert due_by_user(db, Targeting(), tomorrow) == {
        "UCHI": when.local(1, 10),
        "UNYC": when.local(1, 10, tz=ZoneInfo("America/New_York")),
    }


def test_spread_with_quiet_hours_and_limits_per_slot(db: Database) -> None:
    """Chicago's working hours are Tokyo's night: every slot moves past Tokyo's quiet hours; people whose
    slot would sit next to an ask they already have are left out, whatever the start looked like."""
    for n in range(10):
        add_messenger(db, None, f"U{n}", NOW, tz="Asia/Tokyo", quiet=(20 * 60, 9 * 60))
    campaign = add_campaign(db, NOW)
    for n in range(2):
        busy = add_messenger(db, None, f"UBUSY{n}", NOW, tz="Asia/Tokyo", frequency=Frequency.WEEKLY)
        add_sent_ask(db, campaign.id, busy, NOW + timedelta(days=8))  # a week from the spread's end
    spread = When(ScheduleKind.NOW, NOW, spread_days=2, coalition_tz="America/Chicago")
    with db.transaction() as s:
        result = match(s, TEAM, Targeting(), spread, NOW)
        due = {u: result.due_at(i) for i, u in enumerate(user_ids(s, result))}
    assert sorted(due) == [f"U{n}" for n in range(10)], "the ten free people are planned"
    assert result.left_out[Reason.AT_LIMIT] == 2, "the two with an ask next to their slot are not"
    assert result.quiet_delayed == 10
    tokyo = ZoneInfo("Asia/Tokyo")
    for moment in due.values():
        assert 9 <= moment.astimezone(tokyo).hour < 20, "never in their quiet hours"
    assert len({m.astimezone(tokyo).date() for m in due.values()}) == 2, "still spread over two days"


def test_ask_limits_hold_at_each_spread_slot(db: Database) -> None:
    """Free at the start, but the slot a spread gives them sits next to an ask already planned."""
    weekly = add_messenger(db, None, "U1", NOW, frequency=Frequency.WEEKLY, tz="America/Chicago")
    campaign = add_campaign(db, NOW)
    add_sent_ask(db, campaign.id, weekly, NOW + timedelta(days=10))
    spread = When(ScheduleKind.NOW, NOW, spread_days=10, coalition_tz="America/Chicago")
    with db.transaction() as s:
        result = match(s, TEAM, Targeting(), spread, NOW)
    assert result.ids == [], "a single messenger's slot is mid-spread, days from their other ask"
    assert result.left_out[Reason.AT_LIMIT] == 1
