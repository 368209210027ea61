"""Free text as Drumbeat stores it."""

from __future__ import annotations


def clean(text: str | None, limit: int) -> str:
    """Stripped, without control characters (newlines and tabs stay), at most `limit` characters."""
    return "".join(c for c in (text or "") if ord(c) >= 32 or c in "\n\t").strip()[:limit]


def has_control_chars(text: str) -> bool:
    return any(ord(c) < 32 and c not in "\n\t" for c in text)
