"""The monthly "your drumbeat" note."""

from __future__ import annotations

from typing import Any

from core.monthly import Month, Note, Totals
from views.text import answer, button, context, counted, esc, section

OFF = "monthly_off"  # also the name of its listener in handlers.monthly


def monthly_note(month: Month, note: Note, totals: Totals) -> dict[str, Any]:
    headline = f"Your drumbeat in {month.label}"
    if note.contacts:
        you = f"You made *{note.contacts}* of the coalition's {totals.contacts} completed contacts. Thank you."
    elif note.asks:
        you = f"You got {counted(note.asks, 'ask')}; the coalition made {counted(totals.contacts, 'contact')}."
    else:
        you = f"No asks reached you this time; the coalition made {totals.contacts} completed contacts."
    won = f"\n*Won:* {', '.join(esc(w) for w in totals.won)}" if totals.won else ""
    return {
        "text": headline,
        "blocks": [
            section(f"*{headline}*\n{you}{won}"),
            {"type": "actions", "elements": [button("No more monthly notes", OFF, "off")]},
            context("Once a month. STOP stops everything."),
        ],
    }


def turned_off() -> dict[str, Any]:
    return answer("Done: no more monthly notes. `/drumbeat monthly on` brings them back.")


def turned_on() -> dict[str, Any]:
    return answer("The monthly note is on: the 1st of each month.")


def stopped() -> dict[str, Any]:
    return answer(
        "You asked Drumbeat to stop messaging you, so nothing changed and nothing is sent, the monthly note "
        "included. `/drumbeat join` brings you back."
    )


def join_first() -> dict[str, Any]:
    return answer("Join first: `/drumbeat join`.")


def usage() -> dict[str, Any]:
    return answer("`/drumbeat monthly off` stops the monthly note; `/drumbeat monthly on` brings it back.")
