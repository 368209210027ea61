"""An organizer's words in Spanish: a call to action's objective and ask, and a plan row's objective (its
templates carry theirs in their JSON). Empty: Spanish speakers get the words as written.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.add_column(sa.Column("objective_es", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("ask_es", sa.Text(), nullable=True))
    with op.batch_alter_table("plan_rows", schema=None) as batch_op:
        batch_op.add_column(sa.Column("objective_es", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("plan_rows", schema=None) as batch_op:
        batch_op.drop_column("objective_es")
    with op.batch_alter_table("calls", schema=None) as batch_op:
        batch_op.drop_column("ask_es")
        batch_op.drop_column("objective_es")
