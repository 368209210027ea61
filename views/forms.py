"""Forms in general: the "one moment" form opened first, and a message shown as a form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from models.vocab import N_
from views.i18n import _
from views.text import answer, plain, section

LOADING_CALLBACK = "loading"


def loading(title: str) -> dict[str, Any]:
    """What opens at once, while Drumbeat gets the form ready (views.update replaces it). `title`: the English
    title the route names (handlers.routes), shown in the reader's language."""
    return {
        "type": "modal",
        "callback_id": LOADING_CALLBACK,
        "title": plain(_(title), 24),
        "close": plain(_("Cancel")),
        "blocks": [section(_(":hourglass_flowing_sand: One moment…"))],
    }


def message_form(message: Mapping[str, Any], title: str = "Drumbeat") -> dict[str, Any]:
    """A message (text and blocks) shown in the form that was opened for it (a message holds at most 50
    blocks, a form 100: it always fits). `title`: already in the reader's language (Drumbeat is a name)."""
    blocks = [dict(b) for b in message.get("blocks") or [section(str(message.get("text") or ""))]]
    return {
        "type": "modal",
        "title": plain(title, 24),
        "close": plain(_("Close")),
        "blocks": blocks,
    }


# Shown translated, `_(SORRY)`: the English is kept for tests and for what is sent before a language is known.
REFUSAL = N_("Sorry, that's for organizers. Ask an organizer in the coalition channel if you'd like to help steer.")
SORRY = N_(
    "Something went wrong on Drumbeat's side, so nothing was changed. Please try again in a minute; "
    "if it keeps happening, tell an organizer."
)
NO_DATABASE = N_("Drumbeat can't reach its database right now, so nothing was changed. Please try again in a minute.")
FORM_DID_NOT_OPEN = N_("Slack didn't let me open the form just now. Please try again.")
NOTHING_HERE = N_("Nothing to fill in here.")


def refusal() -> dict[str, Any]:
    return answer(_(REFUSAL))


def sorry() -> dict[str, Any]:
    """The one apology: something failed on Drumbeat's side."""
    return answer(_(SORRY))


def form_did_not_open() -> dict[str, Any]:
    return answer(_(FORM_DID_NOT_OPEN))


def nothing_here() -> dict[str, Any]:
    return message_form(answer(_(NOTHING_HERE)))


def refusal_view() -> dict[str, Any]:
    return {
        "type": "modal",
        "title": plain("Drumbeat", 24),
        "close": plain(_("Close")),
        "blocks": [section(_(REFUSAL))],
    }
