"""Calls to action can be drafts while the organizer previews who they reach.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

OLD = "status IN ('scheduled', 'sending', 'done', 'cancelled')"
NEW = "status IN ('draft', 'scheduled', 'sending', 'done', 'cancelled')"


def upgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.drop_constraint(op.f("ck_actions_action_status"), type_="check")
        batch.create_check_constraint("action_status", NEW)


def downgrade() -> None:
    with op.batch_alter_table("actions") as batch:
        batch.drop_constraint(op.f("ck_actions_action_status"), type_="check")
        batch.create_check_constraint("action_status", OLD)
