"""Answers about a messenger's status: pause, resume, stop, delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date

from core.invalid import Invalid
from views.i18n import ENGLISH, SPANISH, _, language
from views.invalid import text_of
from views.text import answer, button, section

DELETE_CONFIRM_ACTION = "delete_confirm"
DELETE_CANCEL_ACTION = "delete_cancel"


def when(moment: datetime, tz: str) -> str:
    """A day in the reader's words: "Friday, December 11, 2026", "viernes 11 de diciembre de 2026"."""
    local = moment.astimezone(ZoneInfo(tz))
    if language() == SPANISH:
        return format_date(local.date(), "EEEE d 'de' MMMM 'de' y", locale=SPANISH)
    return format_date(local.date(), "EEEE, MMMM d, y", locale=ENGLISH)


def paused(until: datetime, tz: str) -> dict[str, Any]:
    return answer(
        _(
            "Paused. No asks until *{day}*; you'll be back automatically. `/drumbeat resume` ends the pause sooner.",
            day=when(until, tz),
        )
    )


def bad_pause(why: Invalid, example_day: str) -> dict[str, Any]:
    return answer(
        _(
            "{why} Try one of these:\n"
            "`/drumbeat pause 10d` (ten days)\n`/drumbeat pause 2w` (two weeks)\n"
            "`/drumbeat pause 1 month`\n`/drumbeat pause until {day}`",
            why=text_of(why),
            day=example_day,
        )
    )


def resumed(changed: bool) -> dict[str, Any]:
    return answer(_("Welcome back: you'll get asks again.") if changed else _("You're not paused; nothing to resume."))


def not_joined() -> dict[str, Any]:
    return answer(_("You haven't joined yet. `/drumbeat join` opens a short form."))


def opted_out_confirmation() -> dict[str, Any]:
    text = _(
        "You're opted out: Drumbeat won't message you again. If you ever want to come back, type `/drumbeat join`."
    )
    return {"text": text, "blocks": [section(text)]}


def already_opted_out() -> dict[str, Any]:
    return answer(_("You're already opted out. `/drumbeat join` brings you back."))


def delete_prompt() -> dict[str, Any]:
    text = _(
        "*Delete your Drumbeat data?* This erases your profile and what you wrote in check-ins. "
        "Coalition totals keep counting your past answers, without your name. This cannot be undone."
    )
    return {
        "response_type": "ephemeral",
        "text": _("Delete your Drumbeat data?"),
        "blocks": [
            section(text),
            {
                "type": "actions",
                "block_id": "delete",
                "elements": [
                    button(_("Yes, delete my data"), DELETE_CONFIRM_ACTION, "confirm", style="danger"),
                    button(_("Cancel"), DELETE_CANCEL_ACTION, "cancel"),
                ],
            },
        ],
    }


def deleted() -> dict[str, Any]:
    return answer(_("Your Drumbeat data is deleted. We won't message you. `/drumbeat join` starts fresh."))


def delete_cancelled() -> dict[str, Any]:
    return answer(_("Nothing was deleted."))
