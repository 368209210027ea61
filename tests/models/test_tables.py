"""The database enforces Drumbeat's invariants, the same way on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from models import (
    Acquaintance,
    Call,
    Campaign,
    CheckIn,
    Database,
    DecisionMaker,
    Delivery,
    Messenger,
    PlannedWeek,
    Rsvp,
    SlackEvent,
)
from models.tables import Base
from models.vocab import Audience, ChangeType, Level, Method, ScheduleKind, Skill
from tests import when

NOW = when.START


def messenger(user_id: str = "U1", **fields) -> Messenger:
    return Messenger(team_id="T1", user_id=user_id, status_changed_at=NOW, created_at=NOW, **fields)


def call(campaign: Campaign, **fields) -> Call:
    values = dict(
        team_id="T1",
        campaign=campaign,
        tactic=Method.OUTREACH,
        objective="Get the Mayor to fund reentry ID cards",
        audience=Audience.PUBLIC,
        schedule_kind=ScheduleKind.NOW,
        send_at=NOW,
        created_by="U0",
        created_at=NOW,
    )
    values.update(fields)
    return Call(**values)


def campaign() -> Campaign:
    return Campaign(
        team_id="T1",
        name="ID cards",
        change_type=ChangeType.FUNDING,
        created_by="U0",
        created_at=NOW,
        status_changed_at=NOW,
    )


def test_models_match_the_migrations(db: Database) -> None:
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == []


def test_migrating_again_is_harmless(db: Database) -> None:
    db.migrate()
    with db.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_values_round_trip(db: Database) -> None:
    with db.transaction() as s:
        s.add(
            messenger(
                level=Level.LEAD,
                methods=Method.SOCIAL | Method.MEDIA,
                skills=Skill.WRITING,
                last_asked_at=NOW + timedelta(hours=1),
            )
        )
    with db.transaction() as s:
        m = s.scalars(select(Messenger)).one()
        assert m.level is Level.LEAD
        assert m.methods == Method.SOCIAL | Method.MEDIA
        assert m.skills == Skill.WRITING
        assert m.last_asked_at == NOW + timedelta(hours=1)
        assert m.last_asked_at.tzinfo is not None
        assert (m.quiet_start, m.quiet_end, m.credit_ok) == (20 * 60, 9 * 60, False)


def test_one_messenger_per_slack_user(db: Database) -> None:
    with db.transaction() as s:
        s.add(messenger("U1"))
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(messenger("U1"))


def test_one_delivery_per_call_and_messenger(db: Database) -> None:
    with db.transaction() as s:
        m = messenger()
        a = call(campaign())
        s.add_all([m, a])
        s.flush()
        s.add(Delivery(call=a, messenger=m, due_at=NOW))
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(Delivery(call_id=a.id, messenger_id=m.id, due_at=NOW))


def test_allowed_values_are_enforced_by_the_database(db: Database) -> None:
    with db.transaction() as s:
        s.add(messenger("U1"))
    for statement in [
        "UPDATE messengers SET level = 'boss'",
        "UPDATE messengers SET status = 'vanished'",
        "UPDATE messengers SET quiet_start = 2000",
        "UPDATE messengers SET methods = 64",
    ]:
        with pytest.raises(IntegrityError), db.transaction() as s:
            s.execute(text(statement))


def test_a_call_to_action_needs_an_objective_and_one_tactic(db: Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(call(campaign(), objective=""))
    with pytest.raises(IntegrityError), db.transaction() as s:
        s.add(call(campaign(), tactic=Method.OUTREACH | Method.SOCIAL))
    with db.transaction() as s:
        s.add(call(campaign(), due_date=when.day(4)))


def test_naive_datetimes_are_refused(db: Database) -> None:
    with pytest.raises(StatementError), db.transaction() as s:
        s.add(SlackEvent(event_id="Ev1", received_at=when.START.replace(tzinfo=None)))


def test_sqlite_pragmas(db: Database) -> None:
    if not db.is_sqlite:
        pytest.skip("SQLite only")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def _upgrade(database: Database, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from models.db import MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


def test_role_matching_migration_keeps_existing_data(database_url: str) -> None:
    """Free-text ties stay text; calls to action keep their stored targeting (and are not re-matched)."""
    from core.matching import Targeting

    database = Database(database_url)
    _upgrade(database, "0005")
    old_targeting = {
        "levels": [],
        "methods": 0,
        "skills": 0,
        "connected_to": "Mayor  Lee",
        "user_ids": [],
        "limit": None,
    }
    with database.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO messengers (id, team_id, user_id, tz, methods, skills, connections, ties, frequency, "
                "quiet_start, quiet_end, credit_ok, status, status_changed_at, created_at) VALUES (1, 'T1', 'U1', "
                "'UTC', 1, 0, 0, 'I know Mayor Lee from church', 'weekly', 0, 0, false, 'active', :t, :t)"
            ),
            {"t": NOW.replace(tzinfo=None)},
        )
        conn.execute(
            text(
                "INSERT INTO campaigns (id, team_id, name, change_type, status, created_by, created_at, "
                "status_changed_at) VALUES (1, 'T1', 'ID cards', 'funding', 'advocating', 'U0', :t, :t)"
            ),
            {"t": NOW.replace(tzinfo=None)},
        )
        conn.execute(text("INSERT INTO decision_makers (id, campaign_id, name) VALUES (1, 1, '  Mayor   LEE ')"))
        conn.execute(
            text(
                "INSERT INTO actions (id, team_id, campaign_id, tactic, objective, audience, decision_maker_id, ask, "
                "targeting, schedule_kind, send_at, spread_days, status, created_by, created_at) VALUES (1, 'T1', 1, "
                "8, 'Share it', 'decision_maker', 1, '', :targeting, 'now', :t, 0, 'done', 'U0', :t)"
            ),
            {"t": NOW.replace(tzinfo=None), "targeting": json.dumps(old_targeting)},
        )
    database.migrate()
    with database.transaction() as s:
        assert s.scalar(select(Messenger.ties)) == "I know Mayor Lee from church", "their words stay as they were"
        assert s.scalars(select(Acquaintance)).all() == [], "and select nobody"
        assert s.scalar(select(DecisionMaker.key)) == "mayor lee"
        call = s.scalars(select(Call)).one()
        assert call.targeting == old_targeting, "stored targeting is kept as it was"
        assert call.effort is None
        kept = Targeting.from_json(call.targeting)
        assert (kept.methods, kept.effort, kept.knows) == (Method(0), None, "mayor lee")
    database.dispose()


def test_renaming_calls_and_planned_weeks_keeps_every_row(database_url: str) -> None:
    """0012 renames `actions` to `calls` (and `plan_weeks` to `planned_weeks`). On SQLite that rebuilds
    tables: with foreign keys on, dropping the old copy would delete by cascade the deliveries, answers and
    RSVPs that refer to it. Every row stays, and no name in the schema says "action" any more."""
    database = Database(database_url)
    _upgrade(database, "0011")
    t = NOW.replace(tzinfo=None)
    with database.engine.begin() as conn:
        for statement in [
            "INSERT INTO messengers (id, team_id, user_id, tz, methods, skills, connections, frequency, quiet_start, "
            "quiet_end, credit_ok, status, status_changed_at, created_at) VALUES (1, 'T1', 'U1', 'UTC', 1, 0, 0, "
            "'weekly', 0, 0, false, 'active', :t, :t)",
            "INSERT INTO campaigns (id, team_id, name, change_type, status, created_by, created_at, status_changed_at) "
            "VALUES (1, 'T1', 'ID cards', 'funding', 'advocating', 'U0', :t, :t)",
            "INSERT INTO plan_weeks (id, team_id, first_day, state, summary, drafted_at) VALUES "
            "(1, 'T1', '2020-01-06', 'approved', '{}', :t)",
            "INSERT INTO actions (id, team_id, campaign_id, tactic, objective, audience, ask, targeting, "
            "schedule_kind, send_at, spread_days, status, created_by, created_at, plan_week_id) VALUES "
            "(1, 'T1', 1, 1, 'Call', 'public', '', '{}', 'now', :t, 0, 'done', 'U0', :t, 1)",
            "INSERT INTO deliveries (id, action_id, messenger_id, due_at, state, attempts, needs_check) VALUES "
            "(1, 1, 1, :t, 'sent', 1, false)",
            "INSERT INTO check_ins (id, delivery_id, messenger_id, outcome, source, created_at) VALUES "
            "(1, 1, 1, 'done', 'button', :t)",
            "INSERT INTO events (action_id, starts_at, place, speakers, attendees) VALUES (1, :t, 'Hall', 0, 5)",
            "INSERT INTO rsvps (id, action_id, team_id, user_id, delivery_id, role, state, created_at) VALUES "
            "(1, 1, 'T1', 'U1', 1, 'attendee', 'going', :t)",
        ]:
            conn.execute(text(statement), {"t": t})
    database.migrate()
    with database.reading() as s:
        call = s.scalars(select(Call)).one()
        assert (call.id, call.planned_week_id) == (1, 1)
        assert s.scalars(select(Delivery.call_id)).all() == [1], "deliveries kept, pointing at their call"
        assert len(s.scalars(select(CheckIn)).all()) == 1, "answers kept"
        assert s.scalars(select(Rsvp.call_id)).all() == [1], "RSVPs kept"
        assert s.get(PlannedWeek, 1) is not None
    inspector = inspect(database.engine)
    names = set(inspector.get_table_names())
    for table in names - {"apscheduler_jobs", "alembic_version"}:
        names |= {c["name"] for c in inspector.get_columns(table)}
        names |= {i["name"] or "" for i in inspector.get_indexes(table)}
        names |= {f["name"] or "" for f in inspector.get_foreign_keys(table)}
        names |= {u["name"] or "" for u in inspector.get_unique_constraints(table)}
        names |= {c["name"] or "" for c in inspector.get_check_constraints(table)}
    assert not {n for n in names if "action" in n or "plan_week" in n}, "one word per thing, down to the names"
    database.dispose()
