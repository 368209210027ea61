"""Free text as Drumbeat stores it."""

from __future__ import annotations

from urllib.parse import urlsplit


def clean(text: str | None, limit: int) -> str:
    """Stripped, without control characters (newlines and tabs stay), at most `limit` characters."""
    return "".join(c for c in (text or "") if ord(c) >= 32 or c in "\n\t").strip()[:limit]


def has_control_chars(text: str) -> bool:
    return any(ord(c) < 32 and c not in "\n\t" for c in text)


def plain_link(url: str | None) -> str | None:
    """`url` if it is a plain http(s) link Slack can show as is, else None. Refuses anything that could
    change a link's label or reach past it: spaces, `<`, `>`, `|`, control characters."""
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(c in url for c in '<>|"\\') or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    return url
