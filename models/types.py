"""Column types that behave the same on SQLite and PostgreSQL."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy import DateTime, Dialect, Integer
from sqlalchemy.types import TypeDecorator

F = TypeVar("F", bound=enum.Flag)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in Python; stored as naive UTC so that SQLite and PostgreSQL compare alike."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; pass an aware datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment: datetime = datetime.fromisoformat(value) if isinstance(value, str) else value
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class FlagSet(TypeDecorator[F], Generic[F]):
    """An `enum.Flag` stored as an integer bit mask, so matching is one indexed-friendly `&` in SQL."""

    impl = Integer
    cache_ok = True

    def __init__(self, flag_type: type[F]) -> None:
        super().__init__()
        self.flag_type = flag_type

    def process_bind_param(self, value: F | int | None, dialect: Dialect) -> int | None:
        if value is None:
            return None
        return int(value.value) if isinstance(value, enum.Flag) else int(value)

    def process_result_value(self, value: int | None, dialect: Dialect) -> F | None:
        return None if value is None else self.flag_type(value)

    @property
    def python_type(self) -> type[F]:
        return self.flag_type
