"""The App Home tab."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.messengers import Profile
from models.vocab import MessengerStatus
from views.onboarding import EDIT_ACTION, START_ACTION, profile_lines
from views.status import when
from views.text import button, context, section


def home_view(
    *,
    profile: Profile | None,
    tz: str,
    status: MessengerStatus | None,
    paused_until: datetime | None = None,
) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = [{"type": "header", "text": {"type": "plain_text", "text": "Drumbeat"}}]
    if profile is None or profile.level is None or status in (None, MessengerStatus.OPTED_OUT):
        blocks += [
            section(
                "Drumbeat sends you calls to action from the reentry coalition that fit how you like to help, "
                "never more often than you choose, and asks how it went."
            ),
            {
                "type": "actions",
                "block_id": "home_start",
                "elements": [button("Get started", START_ACTION, "home", style="primary")],
            },
        ]
    else:
        state = {
            MessengerStatus.ACTIVE: "Active: you'll get asks that fit your profile.",
            MessengerStatus.PAUSED: "Paused"
            + (f" until {when(paused_until, tz)}." if paused_until else ".")
            + " `/drumbeat resume` to come back sooner.",
            MessengerStatus.PENDING: "Not finished: press Edit to complete your profile.",
        }.get(status, "")
        blocks += [
            section(f"*Your status:* {state}"),
            {"type": "divider"},
            section("*Your profile*\n" + profile_lines(profile, tz)),
            {"type": "actions", "block_id": "home_profile", "elements": [button("Edit profile", EDIT_ACTION, "home")]},
        ]
    blocks.append(context("Reply STOP in our DM to stop all messages. `/drumbeat help` lists commands."))
    return {"type": "home", "blocks": blocks}
