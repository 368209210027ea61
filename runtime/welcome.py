"""The one welcome DM: to a new workspace member, someone joining the coalition channel, or someone an
organizer invited. Never twice (a notice claimed before it goes), never to a bot, a deactivated account,
someone who asked Drumbeat to stop or deleted their data, or someone who already joined."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import messengers, once
from models.vocab import NoticeKind
from runtime.deps import Deps
from runtime.languages import language_of
from views import onboarding as views
from views.i18n import speaking


def skip_reason(user: Mapping[str, Any] | None) -> str | None:
    """Why Slack's profile says not to welcome them (None: nothing against it)."""
    if user is None:
        return messengers.WelcomeSkip.DEACTIVATED
    if user.get("is_bot") or user.get("is_app_user") or user.get("id") == "USLACKBOT":
        return messengers.WelcomeSkip.BOT
    if user.get("deleted"):
        return messengers.WelcomeSkip.DEACTIVATED
    return None


def welcome(deps: Deps, team_id: str, user: Mapping[str, Any]) -> str | None:
    """Send the welcome unless there is a reason not to; the reason, or None when it was sent."""
    user_id = str(user["id"])
    reason = skip_reason(user) or messengers.claim_welcome(deps.db, team_id, user_id, deps.now(), tz=user.get("tz"))
    if reason is not None:
        return reason
    with speaking(language_of(deps, team_id, user_id, user)):
        message = views.welcome_message()
    if deps.slack.dm(user_id, message) is None:
        once.release(deps.db, team_id, user_id, NoticeKind.WELCOME, "")
        return messengers.WelcomeSkip.DEACTIVATED
    return None
