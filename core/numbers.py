"""Whole numbers that people type (in commands, forms and settings) or that come back from a click: one
reader for all of them.

`str.isdigit()` says yes to "²" and "①", which `int()` then refuses, and says yes to 23 digits, which the
database then refuses: a person typing either got the generic apology. Here only the digits 0-9 are
digits, a leading `#` is allowed (`#12`), and a number has a range; what cannot be read says why.
"""

from __future__ import annotations

MAX_ID = 2_147_483_647  # the largest id or count a database INTEGER column holds (PostgreSQL)


class NotANumber(ValueError):
    """Not a whole number written with the digits 0-9 (`why` says what a person should be told)."""

    def __init__(self, text: str, low: int, high: int, *, too_big: bool = False, too_small: bool = False) -> None:
        self.text, self.low, self.high = text, low, high
        self.too_big, self.too_small = too_big, too_small
        super().__init__(self.why)

    @property
    def why(self) -> str:
        shown = self.text if len(self.text) <= 20 else self.text[:20] + "…"
        if self.too_big:
            return f"{shown} is more than {self.high:,}"
        if self.too_small:
            return f"{shown} is less than {self.low:,}"
        return f"{shown} is not a whole number (digits 0-9)"


def is_written_as_number(text: str) -> bool:
    """Digits 0-9 only (after an optional `#`): meant as a number or an id, whatever its size."""
    digits = text.strip().removeprefix("#")
    return bool(digits) and digits.isascii() and digits.isdigit()


def read(text: str, *, low: int = 0, high: int = MAX_ID) -> int:
    """`text` as a whole number from `low` to `high`; raises NotANumber saying why not."""
    stripped = text.strip()
    if not is_written_as_number(stripped):
        raise NotANumber(stripped, low, high)
    digits = stripped.removeprefix("#").lstrip("0") or "0"
    if len(digits) > len(str(high)) or int(digits) > high:
        raise NotANumber(stripped, low, high, too_big=True)
    value = int(digits)
    if value < low:
        raise NotANumber(stripped, low, high, too_small=True)
    return value


def read_or_none(text: str | None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """The number, or None for anything else (a click's value, a form's hidden field)."""
    try:
        return read(text or "", low=low, high=high)
    except NotANumber:
        return None


def an_id(text: str | None) -> int | None:
    """An id as typed or clicked (`12`, `#12`): a number from 1 that a database column holds, else None."""
    return read_or_none(text, low=1)
