"""Indexes that let matching read candidates and recent asks without touching the tables.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MATCH_COLUMNS = [
    "team_id",
    "status",
    "tz",
    "quiet_start",
    "quiet_end",
    "frequency",
    "level",
    "methods",
    "skills",
    "onboarded_at",
    "paused_until",
    "last_asked_at",
]


def upgrade() -> None:
    op.drop_index("ix_messengers_status_level", table_name="messengers")
    op.create_index("ix_messengers_match", "messengers", MATCH_COLUMNS)
    op.drop_index("ix_deliveries_state_due", table_name="deliveries")
    op.create_index("ix_deliveries_state_due_messenger", "deliveries", ["state", "due_at", "messenger_id"])


def downgrade() -> None:
    op.drop_index("ix_deliveries_state_due_messenger", table_name="deliveries")
    op.create_index("ix_deliveries_state_due", "deliveries", ["state", "due_at"])
    op.drop_index("ix_messengers_match", table_name="messengers")
    op.create_index("ix_messengers_status_level", "messengers", ["status", "level"])
