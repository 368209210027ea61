"""Forms in general: the "one moment" form opened first, and a message shown as a form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from views.text import answer, plain, section

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


REFUSAL = "Sorry, that's for organizers. Ask an organizer in the coalition channel if you'd like to help steer."
SORRY = (
    "Something went wrong on Drumbeat's side, so nothing was changed. Please try again in a minute; "
    "if it keeps happening, tell an organizer."
)
FORM_DID_NOT_OPEN = "Slack didn't let me open the form just now. Please try again."
NOTHING_HERE = "Nothing to fill in here."


def refusal() -> dict[str, Any]:
    return answer(REFUSAL)


def sorry() -> dict[str, Any]:
    """The one apology: something failed on Drumbeat's side."""
    return answer(SORRY)


def form_did_not_open() -> dict[str, Any]:
    return answer(FORM_DID_NOT_OPEN)


def nothing_here() -> dict[str, Any]:
    return message_form(answer(NOTHING_HERE))


def refusal_view() -> dict[str, Any]:
    return {"type": "modal", "title": plain("Drumbeat", 24), "close": plain("Close"), "blocks": [section(REFUSAL)]}
