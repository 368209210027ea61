"""The language each person reads Drumbeat in (English or Spanish), from their Slack locale or chosen.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "speaks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("chosen", sa.Boolean(), nullable=False),
        sa.CheckConstraint("language IN ('en', 'es')", name=op.f("ck_speaks_language_known")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaks")),
        sa.UniqueConstraint("team_id", "user_id", name=op.f("uq_speaks_team_user")),
    )


def downgrade() -> None:
    op.drop_table("speaks")
