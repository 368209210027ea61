"""The open line: what people write to Drumbeat that is not a command or an answer, for organizers.

- `inbox_threads`: one open thread per person at a time, closed by an organizer (Done);
- `inbox_messages`: the person's words and the organizers' replies, erased with their thread after
  the retention period, or at once when the person deletes their data.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox_threads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_threads")),
    )
    with op.batch_alter_table("inbox_threads", schema=None) as batch_op:
        batch_op.create_index("ix_inbox_threads_team_closed", ["team_id", "closed_at", "last_at"], unique=False)
        batch_op.create_index("ix_inbox_threads_team_user", ["team_id", "user_id"], unique=False)

    op.create_table(
        "inbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("thread_id", sa.Integer(), nullable=False),
        sa.Column("organizer", sa.String(length=40), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["thread_id"],
            ["inbox_threads.id"],
            name=op.f("fk_inbox_messages_thread_id_inbox_threads"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox_messages")),
    )
    with op.batch_alter_table("inbox_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbox_messages_thread_id"), ["thread_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inbox_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inbox_messages_thread_id"))

    op.drop_table("inbox_messages")
    with op.batch_alter_table("inbox_threads", schema=None) as batch_op:
        batch_op.drop_index("ix_inbox_threads_team_user")
        batch_op.drop_index("ix_inbox_threads_team_closed")

    op.drop_table("inbox_threads")
