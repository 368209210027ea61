"""Accountability after a win: implementation checks, the commitment, evidence on check-ins.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "implementation_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column(
            "stage",
            sa.Enum(
                "implemented", "sustained", name="check_stage", native_enum=False, create_constraint=True, length=20
            ),
            nullable=False,
        ),
        sa.Column("days_after_win", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column(
            "state",
            sa.Enum("scheduled", "asked", name="check_state", native_enum=False, create_constraint=True, length=20),
            nullable=False,
        ),
        sa.Column("asked_at", sa.DateTime(), nullable=True),
        sa.Column("flagged_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_implementation_checks_campaign_id_campaigns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_implementation_checks")),
        sa.UniqueConstraint("campaign_id", "due_at", name="uq_implementation_checks_campaign_due"),
    )
    with op.batch_alter_table("implementation_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_implementation_checks_campaign_id"), ["campaign_id"], unique=False)

    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.add_column(sa.Column("won_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("commitment", sa.Text(), nullable=True))

    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.add_column(sa.Column("check_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("evidence", sa.String(length=500), nullable=True))
        batch_op.create_index(batch_op.f("ix_check_ins_check_id"), ["check_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_check_ins_check_id_implementation_checks"),
            "implementation_checks",
            ["check_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:
    with op.batch_alter_table("check_ins", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_check_ins_check_id_implementation_checks"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_check_ins_check_id"))
        batch_op.drop_column("evidence")
        batch_op.drop_column("check_id")

    with op.batch_alter_table("campaigns", schema=None) as batch_op:
        batch_op.drop_column("commitment")
        batch_op.drop_column("won_at")

    with op.batch_alter_table("implementation_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_implementation_checks_campaign_id"))

    op.drop_table("implementation_checks")
