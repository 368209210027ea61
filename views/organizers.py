"""What organizers read about who may steer Drumbeat."""

from __future__ import annotations

from typing import Any

from views.text import answer, esc


def _people(user_ids: list[str]) -> str:
    return ", ".join(f"<@{u}>" for u in user_ids)


def listed(user_ids: list[str]) -> dict[str, Any]:
    return answer(f"*Organizers:* {_people(user_ids) or 'nobody yet'}, and workspace admins and owners.")


def usage(unknown: str | None) -> dict[str, Any]:
    bad = f" I couldn't read `{esc(unknown)}` as a person." if unknown else ""
    return answer(f"Try `/drumbeat organizers add @ana`, `/drumbeat organizers remove @ana` or `list`.{bad}")


def added(user_ids: list[str]) -> dict[str, Any]:
    role = "an organizer" if len(user_ids) == 1 else "organizers"
    return answer(f"Added {_people(user_ids)} as {role}." if user_ids else "They were organizers already.")


def removed(user_ids: list[str], in_settings: list[str]) -> dict[str, Any]:
    extra = f" {_people(in_settings)} stay organizers: they are named in DRUMBEAT_ORGANIZERS." if in_settings else ""
    return answer((f"Removed {_people(user_ids)}." if user_ids else "Nobody was removed.") + extra)
