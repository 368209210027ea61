"""Events: a call to action with a date, a place and slots by role; RSVPs and attendance.

- `events`: one per call to action that is an event (when, where, speaker and attendee slots);
- `rsvps`: going or waiting, by role; afterwards, whether they were there.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("speakers", sa.Integer(), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.CheckConstraint("attendees >= 0 AND attendees <= 10000", name=op.f("ck_events_attendees_range")),
        sa.CheckConstraint("speakers >= 0 AND speakers <= 100", name=op.f("ck_events_speakers_range")),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_events_action_id_actions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("action_id", name=op.f("pk_events")),
    )
    op.create_table(
        "rsvps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attended", sa.Boolean(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("role IN ('speaker', 'attendee')", name=op.f("ck_rsvps_role_known")),
        sa.CheckConstraint("state IN ('going', 'waiting', 'cancelled')", name=op.f("ck_rsvps_state_known")),
        sa.ForeignKeyConstraint(
            ["action_id"], ["events.action_id"], name=op.f("fk_rsvps_action_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["delivery_id"], ["deliveries.id"], name=op.f("fk_rsvps_delivery_id_deliveries"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rsvps")),
        sa.UniqueConstraint("action_id", "user_id", name="uq_rsvps_action_user"),
    )
    with op.batch_alter_table("rsvps", schema=None) as batch_op:
        batch_op.create_index("ix_rsvps_action_state", ["action_id", "role", "state", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("rsvps", schema=None) as batch_op:
        batch_op.drop_index("ix_rsvps_action_state")

    op.drop_table("rsvps")
    op.drop_table("events")
