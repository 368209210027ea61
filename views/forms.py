"""Forms in general: the "one moment" form opened first, and a message shown as a form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from views.text import plain, section

LOADING_CALLBACK = "loading"


def loading(title: str) -> dict[str, Any]:
    """What opens at once, while Drumbeat gets the form ready (views.update replaces it)."""
    return {
        "type": "modal",
        "callback_id": LOADING_CALLBACK,
        "title": plain(title, 24),
        "close": plain("Cancel"),
        "blocks": [section(":hourglass_flowing_sand: One moment…")],
    }


def message_form(message: Mapping[str, Any], title: str = "Drumbeat") -> dict[str, Any]:
    """A message (text and blocks) shown in the form that was opened for it (a message holds at most 50
    blocks, a form 100: it always fits)."""
    blocks = [dict(b) for b in message.get("blocks") or [section(str(message.get("text") or ""))]]
    return {
        "type": "modal",
        "title": plain(title, 24),
        "close": plain("Close"),
        "blocks": blocks,
    }
