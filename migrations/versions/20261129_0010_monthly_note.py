"""The monthly "your drumbeat" note: messengers may turn it off with one click.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("messengers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("monthly_note", sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("messengers", schema=None) as batch_op:
        batch_op.drop_column("monthly_note")
