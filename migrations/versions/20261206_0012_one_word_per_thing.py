"""One word per thing: calls to action are `calls` down to the table (was `actions`, with `action_id`
columns), and a planned week is a planned week (was `plan_weeks`, `plan_week_id`). Names of indexes and
constraints follow.

Nothing is copied on PostgreSQL (renames only). On SQLite a constraint's name lives in its table's
definition, so the tables whose constraints are renamed are rebuilt (alembic's batch mode); foreign keys
are off while migrations run (models.Database.migrate), so a rebuilt table's rows and its children's
stay as they are.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# (old, new): applied in this order to table, column, index and constraint names.
FORWARD = [
    ("plan_weeks", "planned_weeks"),
    ("plan_week_id", "planned_week_id"),
    ("actions", "calls"),
    ("action_status", "call_status"),
    ("action_id", "call_id"),
    ("_action_", "_call_"),
]
TABLES = [("actions", "calls"), ("plan_weeks", "planned_weeks")]
COLUMNS = [
    ("calls", "plan_week_id", "planned_week_id"),
    ("deliveries", "action_id", "call_id"),
    ("events", "action_id", "call_id"),
    ("rsvps", "action_id", "call_id"),
]


def _renamed(name: str, pairs: list[tuple[str, str]]) -> str:
    for old, new in pairs:
        name = name.replace(old, new)
    return name


def _backward() -> list[tuple[str, str]]:
    return [(new, old) for old, new in reversed(FORWARD)]


def upgrade() -> None:
    _move(TABLES, COLUMNS, FORWARD, ["calls", "planned_weeks", "deliveries", "events", "rsvps"])


def downgrade() -> None:
    tables = [(new, old) for old, new in reversed(TABLES)]
    columns = [(_renamed(t, _backward()), new, old) for t, old, new in reversed(COLUMNS)]
    _move(tables, columns, _backward(), ["actions", "plan_weeks", "deliveries", "events", "rsvps"])


def _move(
    tables: list[tuple[str, str]],
    columns: list[tuple[str, str, str]],
    pairs: list[tuple[str, str]],
    affected: list[str],
) -> None:
    for old, new in tables:
        op.rename_table(old, new)
    for table, old, new in columns:
        op.execute(f'ALTER TABLE "{table}" RENAME COLUMN "{old}" TO "{new}"')
    if op.get_bind().dialect.name == "postgresql":
        _rename_names_postgresql(affected, pairs)
    else:
        _rename_names_sqlite(affected, pairs)


def _rename_names_postgresql(tables: list[str], pairs: list[tuple[str, str]]) -> None:
    bind = op.get_bind()
    for table in tables:
        constraints = bind.execute(
            sa.text("SELECT conname FROM pg_constraint WHERE conrelid = CAST(:t AS regclass) ORDER BY conname"),
            {"t": table},
        ).scalars()
        for name in list(constraints):
            if (new := _renamed(name, pairs)) != name:
                op.execute(f'ALTER TABLE "{table}" RENAME CONSTRAINT "{name}" TO "{new}"')
        indexes = bind.execute(
            sa.text("SELECT indexname FROM pg_indexes WHERE tablename = :t AND schemaname = current_schema()"),
            {"t": table},
        ).scalars()
        for name in list(indexes):
            if (new := _renamed(name, pairs)) != name:
                op.execute(f'ALTER INDEX "{name}" RENAME TO "{new}"')


def _rename_names_sqlite(tables: list[str], pairs: list[tuple[str, str]]) -> None:
    inspector = sa.inspect(op.get_bind())
    for table in tables:
        checks = [(c["name"], c["sqltext"]) for c in inspector.get_check_constraints(table) if c.get("name")]
        fks = [f for f in inspector.get_foreign_keys(table) if f.get("name")]
        uniques = [u for u in inspector.get_unique_constraints(table) if u.get("name")]
        indexes = inspector.get_indexes(table)
        with op.batch_alter_table(table, recreate="always") as batch:
            for name, sqltext in checks:
                if name and (new := _renamed(name, pairs)) != name:
                    batch.drop_constraint(op.f(name), type_="check")
                    batch.create_check_constraint(op.f(new), sa.text(sqltext))
            for fk in fks:
                name = fk["name"] or ""
                if (new := _renamed(name, pairs)) != name:
                    batch.drop_constraint(op.f(name), type_="foreignkey")
                    batch.create_foreign_key(
                        op.f(new),
                        fk["referred_table"],
                        fk["constrained_columns"],
                        fk["referred_columns"],
                        ondelete=(fk.get("options") or {}).get("ondelete"),
                    )
            for unique in uniques:
                name = unique["name"] or ""
                if (new := _renamed(name, pairs)) != name:
                    batch.drop_constraint(op.f(name), type_="unique")
                    batch.create_unique_constraint(op.f(new), unique["column_names"])
            for index in indexes:
                name, columns = index["name"] or "", [c for c in index["column_names"] if c]
                if (new := _renamed(name, pairs)) != name:
                    batch.drop_index(op.f(name))
                    batch.create_index(op.f(new), columns, unique=bool(index.get("unique")))
