"""Alembic environment: runs on the connection `models.Database.migrate` hands over.

For hand use (`alembic revision --autogenerate`), set DATABASE_URL and run alembic from the repo root.
"""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import create_engine

from models.db import normalize_url
from models.tables import Base

config = context.config
target_metadata = Base.metadata


def _include(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # APScheduler owns its job table; it is not part of our schema.
    return not (type_ == "table" and name == "apscheduler_jobs")


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    url = normalize_url(os.environ.get("DATABASE_URL", "sqlite:///drumbeat.db"))
    with create_engine(url).begin() as conn:
        _run_on(conn)


def _run_on(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        include_object=_include,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
