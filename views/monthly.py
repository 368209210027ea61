"""The monthly "your drumbeat" note."""

from __future__ import annotations

from typing import Any

from babel.dates import format_date

from core.monthly import Month, Note, Totals
from views.i18n import SPANISH, _, language, n_
from views.text import answer, button, context, esc, section

OFF = "monthly_off"  # also the name of its listener in handlers.monthly


def _month_name(month: Month) -> str:
    """ "December", "diciembre": the month on its own, in the reader's words."""
    return format_date(month.first, "LLLL", locale=SPANISH) if language() == SPANISH else month.label


def monthly_note(month: Month, note: Note, totals: Totals) -> dict[str, Any]:
    headline = _("Your drumbeat in {month}", month=_month_name(month))
    if note.contacts:
        you = _(
            "You made *{mine}* of the coalition's {total} completed contacts. Thank you.",
            mine=note.contacts,
            total=totals.contacts,
        )
    elif note.asks:
        you = _(
            "You got {asks}; the coalition made {contacts}.",
            asks=n_("{n} ask", "{n} asks", note.asks),
            contacts=n_("{n} contact", "{n} contacts", totals.contacts),
        )
    else:
        you = _("No asks reached you this time; the coalition made {total} completed contacts.", total=totals.contacts)
    won = "\n" + _("*Won:* {won}", won=", ".join(esc(w) for w in totals.won)) if totals.won else ""
    return {
        "text": headline,
        "blocks": [
            section(f"*{headline}*\n{you}{won}"),
            {"type": "actions", "elements": [button(_("No more monthly notes"), OFF, "off")]},
            context(_("Once a month. STOP stops everything.")),
        ],
    }


def turned_off() -> dict[str, Any]:
    return answer(_("Done: no more monthly notes. `/drumbeat monthly on` brings them back."))


def turned_on() -> dict[str, Any]:
    return answer(_("The monthly note is on: the 1st of each month."))


def stopped() -> dict[str, Any]:
    return answer(
        _(
            "You asked Drumbeat to stop messaging you, so nothing changed and nothing is sent, the monthly note "
            "included. `/drumbeat join` brings you back."
        )
    )


def join_first() -> dict[str, Any]:
    return answer(_("Join first: `/drumbeat join`."))


def usage() -> dict[str, Any]:
    return answer(_("`/drumbeat monthly off` stops the monthly note; `/drumbeat monthly on` brings it back."))
