"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column(
            "change_type",
            sa.Enum(
                "policy",
                "practice",
                "funding",
                name="change_type",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "advocating",
                "won",
                "implementing",
                "sustained",
                "stalled",
                name="campaign_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("length(name) > 0", name=op.f("ck_campaigns_name_present")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    op.create_table(
        "messengers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=255), nullable=True),
        sa.Column("tz", sa.String(length=64), nullable=False),
        sa.Column(
            "level",
            sa.Enum(
                "lead",
                "organize",
                "participate",
                "occasional",
                name="level",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("methods", sa.Integer(), nullable=False),
        sa.Column("skills", sa.Integer(), nullable=False),
        sa.Column("skills_note", sa.String(length=200), nullable=True),
        sa.Column("connections", sa.Integer(), nullable=False),
        sa.Column("ties", sa.String(length=500), nullable=True),
        sa.Column(
            "frequency",
            sa.Enum(
                "twice_weekly",
                "weekly",
                "twice_monthly",
                "monthly",
                name="frequency",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("quiet_start", sa.Integer(), nullable=False),
        sa.Column("quiet_end", sa.Integer(), nullable=False),
        sa.Column("credit_ok", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "active",
                "paused",
                "opted_out",
                name="messenger_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("status_changed_at", sa.DateTime(), nullable=False),
        sa.Column("paused_until", sa.DateTime(), nullable=True),
        sa.Column("onboarded_at", sa.DateTime(), nullable=True),
        sa.Column("last_asked_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("connections >= 0 AND connections < 64", name=op.f("ck_messengers_connections_mask")),
        sa.CheckConstraint("methods >= 0 AND methods < 32", name=op.f("ck_messengers_methods_mask")),
        sa.CheckConstraint("quiet_end BETWEEN 0 AND 1439", name=op.f("ck_messengers_quiet_end_range")),
        sa.CheckConstraint("quiet_start BETWEEN 0 AND 1439", name=op.f("ck_messengers_quiet_start_range")),
        sa.CheckConstraint("skills >= 0 AND skills < 16384", name=op.f("ck_messengers_skills_mask")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_messengers")),
        sa.UniqueConstraint("team_id", "user_id", name="uq_messengers_team_user"),
    )
    with op.batch_alter_table("messengers", schema=None) as batch_op:
        batch_op.create_index("ix_messengers_status_level", ["status", "level"], unique=False)

    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=60), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
        sa.UniqueConstraint("team_id", "user_id", "kind", "subject", name="uq_notices_once"),
    )
    op.create_table(
        "organizers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("added_by", sa.String(length=40), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organizers")),
        sa.UniqueConstraint("team_id", "user_id", name="uq_organizers_team_user"),
    )
    op.create_table(
        "slack_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_slack_events")),
    )
    with op.batch_alter_table("slack_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_slack_events_received_at"), ["received_at"], unique=False)

    op.create_table(
        "decision_makers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("role", sa.String(length=150), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_decision_makers_campaign_id_campaigns"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_makers")),
    )
    with op.batch_alter_table("decision_makers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_makers_campaign_id"), ["campaign_id"], unique=False)

    op.create_table(
        "status_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("messenger_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "active",
                "paused",
                "opted_out",
                name="messenger_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("via", sa.String(length=30), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["messenger_id"],
            ["messengers.id"],
            name=op.f("fk_status_changes_messenger_id_messengers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_changes")),
    )
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_changes_messenger_id"), ["messenger_id"], unique=False)

    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("tactic", sa.Integer(), nullable=False),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column(
            "audience",
            sa.Enum(
                "decision_maker",
                "public",
                "press",
                name="audience",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("decision_maker_id", sa.Integer(), nullable=True),
        sa.Column("ask", sa.Text(), nullable=False),
        sa.Column("links", sa.Text(), nullable=True),
        sa.Column("targeting", sa.JSON(), nullable=False),
        sa.Column(
            "schedule_kind",
            sa.Enum("now", "at", "local", name="schedule_kind", native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("send_at", sa.DateTime(), nullable=False),
        sa.Column("local_time", sa.String(length=5), nullable=True),
        sa.Column("spread_days", sa.Integer(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "scheduled",
                "sending",
                "done",
                "cancelled",
                name="action_status",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status_channel", sa.String(length=40), nullable=True),
        sa.Column("status_ts", sa.String(length=40), nullable=True),
        sa.CheckConstraint(
            "audience = 'decision_maker' OR decision_maker_id IS NULL", name=op.f("ck_actions_audience_decision_maker")
        ),
        sa.CheckConstraint("length(objective) > 0", name=op.f("ck_actions_objective_present")),
        sa.CheckConstraint("spread_days >= 0 AND spread_days <= 60", name=op.f("ck_actions_spread_range")),
        sa.CheckConstraint("tactic IN (1, 2, 4, 8, 16)", name=op.f("ck_actions_one_tactic")),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_actions_campaign_id_campaigns"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["decision_maker_id"],
            ["decision_makers.id"],
            name=op.f("fk_actions_decision_maker_id_decision_makers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actions_campaign_id"), ["campaign_id"], unique=False)

    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("messenger_id", sa.Integer(), nullable=True),
        sa.Column(
            "level",
            sa.Enum(
                "lead",
                "organize",
                "participate",
                "occasional",
                name="level",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "pending",
                "sending",
                "sent",
                "failed",
                "skipped",
                "cancelled",
                name="delivery_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=100), nullable=True),
        sa.Column("needs_check", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=40), nullable=True),
        sa.Column("ts", sa.String(length=40), nullable=True),
        sa.Column("claimed_at", sa.DateTime(), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_deliveries_attempts_nonnegative")),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_deliveries_action_id_actions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["messenger_id"], ["messengers.id"], name=op.f("fk_deliveries_messenger_id_messengers"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("action_id", "messenger_id", name="uq_deliveries_action_messenger"),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_deliveries_messenger_due", ["messenger_id", "due_at"], unique=False)
        batch_op.create_index("ix_deliveries_state_due", ["state", "due_at"], unique=False)

    op.create_table(
        "check_ins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("messenger_id", sa.Integer(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "done",
                "will_do",
                "cant",
                "note",
                "yes",
                "no",
                "not_sure",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column(
            "barrier",
            sa.Enum(
                "time",
                "transport",
                "childcare",
                "not_comfortable",
                "need_info",
                "other",
                name="barrier",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "button",
                "form",
                "thread",
                "dm",
                "slash",
                name="check_in_source",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("delivery_id IS NOT NULL OR campaign_id IS NOT NULL", name=op.f("ck_check_ins_has_subject")),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_check_ins_campaign_id_campaigns"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["delivery_id"], ["deliveries.id"], name=op.f("fk_check_ins_delivery_id_deliveries"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["messenger_id"], ["messengers.id"], name=op.f("fk_check_ins_messenger_id_messengers"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_check_ins")),
    )
    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_check_ins_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index("ix_check_ins_delivery", ["delivery_id", "id"], unique=False)
        batch_op.create_index(batch_op.f("ix_check_ins_messenger_id"), ["messenger_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_check_ins_messenger_id"))
        batch_op.drop_index("ix_check_ins_delivery")
        batch_op.drop_index(batch_op.f("ix_check_ins_campaign_id"))

    op.drop_table("check_ins")
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_state_due")
        batch_op.drop_index("ix_deliveries_messenger_due")

    op.drop_table("deliveries")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actions_campaign_id"))

    op.drop_table("actions")
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_changes_messenger_id"))

    op.drop_table("status_changes")
    with op.batch_alter_table("decision_makers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_makers_campaign_id"))

    op.drop_table("decision_makers")
    with op.batch_alter_table("slack_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_slack_events_received_at"))

    op.drop_table("slack_events")
    op.drop_table("organizers")
    op.drop_table("notices")
    with op.batch_alter_table("messengers", schema=None) as batch_op:
        batch_op.drop_index("ix_messengers_status_level")

    op.drop_table("messengers")
    op.drop_table("campaigns")
