"""The help message for `/drumbeat`."""

from __future__ import annotations

from typing import Any

MESSENGER_COMMANDS: list[tuple[str, str]] = [
    ("/drumbeat help", "this list"),
]


def help_message(*, unknown: str | None = None) -> dict[str, Any]:
    lines = [f"`{command}`: {what}" for command, what in MESSENGER_COMMANDS]
    intro = f"I don't know `{unknown}`. " if unknown else ""
    text = intro + "Here is what you can do with Drumbeat:\n" + "\n".join(lines)
    return {
        "response_type": "ephemeral",
        "text": text,
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }
