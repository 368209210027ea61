"""What organizers read about who may steer Drumbeat."""

from __future__ import annotations

from typing import Any

from views.i18n import _, n_
from views.text import answer, esc


def _people(user_ids: list[str]) -> str:
    return ", ".join(f"<@{u}>" for u in user_ids)


def listed(user_ids: list[str]) -> dict[str, Any]:
    return answer(
        _("*Organizers:* {people}, and workspace admins and owners.", people=_people(user_ids) or _("nobody yet"))
    )


def usage(unknown: str | None) -> dict[str, Any]:
    bad = " " + _("I couldn't read `{typed}` as a person.", typed=esc(unknown)) if unknown else ""
    return answer(_("Try `/drumbeat organizers add @ana`, `/drumbeat organizers remove @ana` or `list`.") + bad)


def added(user_ids: list[str]) -> dict[str, Any]:
    if not user_ids:
        return answer(_("They were organizers already."))
    return answer(
        n_("Added {people} as an organizer.", "Added {people} as organizers.", len(user_ids), people=_people(user_ids))
    )


def removed(user_ids: list[str], in_settings: list[str]) -> dict[str, Any]:
    extra = (
        " "
        + n_(
            "{people} stay organizers: they are named in DRUMBEAT_ORGANIZERS.",
            "{people} stay organizers: they are named in DRUMBEAT_ORGANIZERS.",
            len(in_settings),
            people=_people(in_settings),
        )
        if in_settings
        else ""
    )
    done = _("Removed {people}.", people=_people(user_ids)) if user_ids else _("Nobody was removed.")
    return answer(done + extra)
