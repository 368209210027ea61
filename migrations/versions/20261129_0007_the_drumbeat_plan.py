"""The drumbeat plan: a tactics chart per campaign, and the autopilot's drafts.

- `plan_rows`: tactic x audience, objective, effort, target in completed contacts a week, the weeks it
  runs, ask templates;
- `plan_weeks`: a batch of drafts (a week for every row, or a gap filled for one row), drafted ->
  approved or skipped by an organizer;
- calls to action drafted by the autopilot point at their row and batch;
- deliveries get an index for counting the asks sent per call to action over a period.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "plan_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("tactic", sa.Integer(), nullable=False),
        sa.Column(
            "audience",
            sa.Enum(
                "decision_maker",
                "public",
                "press",
                "coalition",
                name="audience",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("decision_maker_id", sa.Integer(), nullable=True),
        sa.Column("objective", sa.Text(), nullable=False),
        sa.Column(
            "effort",
            sa.Enum(
                "quick",
                "take_part",
                "organize",
                "lead",
                name="effort",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("per_week", sa.Integer(), nullable=False),
        sa.Column("constituents_first", sa.Boolean(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("weeks", sa.Integer(), nullable=False),
        sa.Column("asks", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "audience = 'decision_maker' OR decision_maker_id IS NULL",
            name=op.f("ck_plan_rows_audience_decision_maker"),
        ),
        sa.CheckConstraint("per_week BETWEEN 1 AND 100", name=op.f("ck_plan_rows_per_week_range")),
        sa.CheckConstraint("tactic IN (1, 2, 4, 8, 16)", name=op.f("ck_plan_rows_one_tactic")),
        sa.CheckConstraint("weeks BETWEEN 1 AND 104", name=op.f("ck_plan_rows_weeks_range")),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_plan_rows_campaign_id_campaigns"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["decision_maker_id"],
            ["decision_makers.id"],
            name=op.f("fk_plan_rows_decision_maker_id_decision_makers"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_rows")),
    )
    with op.batch_alter_table("plan_rows", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_rows_campaign_id"), ["campaign_id"], unique=False)

    op.create_table(
        "plan_weeks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("row_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "drafted",
                "approved",
                "skipped",
                name="week_state",
                native_enum=False,
                create_constraint=True,
                length=20,
            ),
            nullable=False,
        ),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("drafted_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=40), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["row_id"], ["plan_rows.id"], name=op.f("fk_plan_weeks_row_id_plan_rows"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_weeks")),
    )
    with op.batch_alter_table("plan_weeks", schema=None) as batch_op:
        batch_op.create_index("ix_plan_weeks_team_first_day", ["team_id", "first_day"], unique=False)

    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("plan_row_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("plan_week_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_actions_plan_week_id"), ["plan_week_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_actions_plan_week_id_plan_weeks"),
            "plan_weeks",
            ["plan_week_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_actions_plan_row_id_plan_rows"), "plan_rows", ["plan_row_id"], ["id"], ondelete="SET NULL"
        )
    # Coverage counts the asks that reached Slack per call to action over a year: from the index alone.
    op.create_index("ix_deliveries_action_state_sent", "deliveries", ["action_id", "state", "sent_at"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_action_state_sent", table_name="deliveries")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_actions_plan_row_id_plan_rows"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_actions_plan_week_id_plan_weeks"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_actions_plan_week_id"))
        batch_op.drop_column("plan_week_id")
        batch_op.drop_column("plan_row_id")

    with op.batch_alter_table("plan_weeks", schema=None) as batch_op:
        batch_op.drop_index("ix_plan_weeks_team_first_day")

    op.drop_table("plan_weeks")
    with op.batch_alter_table("plan_rows", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_rows_campaign_id"))

    op.drop_table("plan_rows")
