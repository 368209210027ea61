"""Do-not-contact: a keyed hash per person who asked never to be messaged, surviving deletion.

The hash key is made here, once per installation, and kept in `drumbeat_meta`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "do_not_contact",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_do_not_contact")),
    )
    meta = op.create_table(
        "drumbeat_meta",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_drumbeat_meta")),
    )
    op.bulk_insert(meta, [{"name": "contact_key", "value": secrets.token_hex(32)}])


def downgrade() -> None:
    op.drop_table("drumbeat_meta")
    op.drop_table("do_not_contact")
