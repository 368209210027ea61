"""The help for `/drumbeat`: the commands for the caller's role, each with an example."""

from __future__ import annotations

from typing import Any

from views.text import context, esc, section

MESSENGER_COMMANDS: list[tuple[str, str]] = [
    ("/drumbeat join", "tell us how you'd like to help (opens a short form)"),
    ("/drumbeat profile", "see or change your answers"),
    ("/drumbeat pause 2w", "no asks for a while: `10d`, `2w`, `1 month` or `until 2027-01-15`"),
    ("/drumbeat resume", "end a pause now"),
    ("/drumbeat stop", "stop all messages (or reply STOP in our DM)"),
    ("/drumbeat delete-me", "erase your profile and what you wrote"),
    ("/drumbeat help", "this list"),
]

ORGANIZER_COMMANDS: list[tuple[str, str]] = [
    ("/drumbeat invite @ana @ben", "send the welcome DM to people, or `/drumbeat invite #channel` to a channel"),
]


def help_message(*, unknown: str | None = None, organizer: bool = False, extra: str | None = None) -> dict[str, Any]:
    lines = [f"`{command}`: {what}" for command, what in MESSENGER_COMMANDS]
    blocks: list[dict[str, Any]] = []
    if unknown:
        blocks.append(section(f"I don't know `{esc(unknown[:40])}`. Here is what you can do:"))
    elif extra:
        blocks.append(section(extra))
    blocks.append(section("*Drumbeat commands*\n" + "\n".join(lines)))
    if organizer:
        organizer_lines = [f"`{command}`: {what}" for command, what in ORGANIZER_COMMANDS]
        blocks.append(section("*For organizers*\n" + "\n".join(organizer_lines)))
    blocks.append(context("Questions? Ask an organizer in the coalition channel."))
    text = "\n".join(lines)
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}
