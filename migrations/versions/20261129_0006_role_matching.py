"""Matched to their role: effort, districts, the decision makers each messenger knows.

- calls to action get an effort (NULL for those made before: their stored targeting is kept as is);
- the coalition's districts; a decision maker may represent one, a messenger may live in one;
- decision makers get a key (their name, normalized) so that one person named in several campaigns is
  one pick; messengers' picks live in `messenger_knows`. Free-text ties stay as text, never matched;
- a call's audience may be the coalition's own leaders;
- the matching index also covers district and community connections.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

OLD_MATCH = [
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
NEW_MATCH = [*OLD_MATCH, "district_id", "connections"]
OLD_AUDIENCE = "audience IN ('decision_maker', 'public', 'press')"
NEW_AUDIENCE = "audience IN ('decision_maker', 'public', 'press', 'coalition')"


def decision_maker_key(name: str) -> str:
    """Frozen copy of core.campaigns.decision_maker_key at this revision."""
    return " ".join(name.casefold().split())[:150]


def upgrade() -> None:
    op.create_table(
        "districts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_districts")),
        sa.UniqueConstraint("team_id", "name", name="uq_districts_team_name"),
    )
    op.create_table(
        "messenger_knows",
        sa.Column("messenger_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=150), nullable=False),
        sa.ForeignKeyConstraint(
            ["messenger_id"],
            ["messengers.id"],
            name=op.f("fk_messenger_knows_messenger_id_messengers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("messenger_id", "key", name=op.f("pk_messenger_knows")),
    )
    op.create_index("ix_messenger_knows_key", "messenger_knows", ["key", "messenger_id"])

    with op.batch_alter_table("actions") as batch:
        batch.add_column(
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
                nullable=True,
            )
        )
        batch.drop_constraint(op.f("ck_actions_audience"), type_="check")
        batch.create_check_constraint("audience", NEW_AUDIENCE)

    with op.batch_alter_table("decision_makers") as batch:
        batch.add_column(sa.Column("key", sa.String(length=150), nullable=True))
        batch.add_column(sa.Column("district_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_decision_makers_district_id_districts"), "districts", ["district_id"], ["id"], ondelete="SET NULL"
        )
    connection = op.get_bind()
    makers = sa.table("decision_makers", sa.column("id", sa.Integer()), sa.column("name"), sa.column("key"))
    for row in connection.execute(sa.select(makers.c.id, makers.c.name)).all():
        connection.execute(makers.update().where(makers.c.id == row.id).values(key=decision_maker_key(row.name)))
    with op.batch_alter_table("decision_makers") as batch:
        batch.alter_column("key", existing_type=sa.String(length=150), nullable=False)
        batch.create_index(op.f("ix_decision_makers_key"), ["key"], unique=False)

    with op.batch_alter_table("messengers") as batch:
        batch.add_column(sa.Column("district_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_messengers_district_id_districts"), "districts", ["district_id"], ["id"], ondelete="SET NULL"
        )
        batch.drop_index("ix_messengers_match")
        batch.create_index("ix_messengers_match", NEW_MATCH, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("messengers") as batch:
        batch.drop_index("ix_messengers_match")
        batch.create_index("ix_messengers_match", OLD_MATCH, unique=False)
        batch.drop_constraint(op.f("fk_messengers_district_id_districts"), type_="foreignkey")
        batch.drop_column("district_id")
    with op.batch_alter_table("decision_makers") as batch:
        batch.drop_index(op.f("ix_decision_makers_key"))
        batch.drop_constraint(op.f("fk_decision_makers_district_id_districts"), type_="foreignkey")
        batch.drop_column("district_id")
        batch.drop_column("key")
    with op.batch_alter_table("actions") as batch:
        batch.drop_constraint(op.f("ck_actions_audience"), type_="check")
        batch.create_check_constraint("audience", OLD_AUDIENCE)
        batch.drop_column("effort")
    op.drop_index("ix_messenger_knows_key", table_name="messenger_knows")
    op.drop_table("messenger_knows")
    op.drop_table("districts")
