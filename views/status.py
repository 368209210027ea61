"""Answers about a messenger's status: pause, resume, stop, delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from core.invalid import Invalid
from views.invalid import text_of
from views.text import answer, button, section

DELETE_CONFIRM_ACTION = "delete_confirm"
DELETE_CANCEL_ACTION = "delete_cancel"


def when(moment: datetime, tz: str) -> str:
    local = moment.astimezone(ZoneInfo(tz))
    return local.strftime("%A, %B %-d, %Y")


def paused(until: datetime, tz: str) -> dict[str, Any]:
    return answer(
        f"Paused. No asks until *{when(until, tz)}*; you'll be back automatically. "
        "`/drumbeat resume` ends the pause sooner."
    )


def bad_pause(why: Invalid, example_day: str) -> dict[str, Any]:
    return answer(
        f"{text_of(why)} Try one of these:\n"
        "`/drumbeat pause 10d` (ten days)\n`/drumbeat pause 2w` (two weeks)\n"
        f"`/drumbeat pause 1 month`\n`/drumbeat pause until {example_day}`"
    )


def resumed(changed: bool) -> dict[str, Any]:
    return answer("Welcome back: you'll get asks again." if changed else "You're not paused; nothing to resume.")


def not_joined() -> dict[str, Any]:
    return answer("You haven't joined yet. `/drumbeat join` opens a short form.")


def opted_out_confirmation() -> dict[str, Any]:
    text = "You're opted out: Drumbeat won't message you again. If you ever want to come back, type `/drumbeat join`."
    return {"text": text, "blocks": [section(text)]}


def already_opted_out() -> dict[str, Any]:
    return answer("You're already opted out. `/drumbeat join` brings you back.")


def delete_prompt() -> dict[str, Any]:
    text = (
        "*Delete your Drumbeat data?* This erases your profile and what you wrote in check-ins. "
        "Coalition totals keep counting your past answers, without your name. This cannot be undone."
    )
    return {
        "response_type": "ephemeral",
        "text": "Delete your Drumbeat data?",
        "blocks": [
            section(text),
            {
                "type": "actions",
                "block_id": "delete",
                "elements": [
                    button("Yes, delete my data", DELETE_CONFIRM_ACTION, "confirm", style="danger"),
                    button("Cancel", DELETE_CANCEL_ACTION, "cancel"),
                ],
            },
        ],
    }


def deleted() -> dict[str, Any]:
    return answer("Your Drumbeat data is deleted. We won't message you. `/drumbeat join` starts fresh.")


def delete_cancelled() -> dict[str, Any]:
    return answer("Nothing was deleted.")
