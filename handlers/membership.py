"""Welcome DMs: new workspace members, people joining the coalition channel, organizers' invites."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk.errors import SlackClientError

from core import mentions, messengers
from handlers.common import (
    Reply,
    acknowledged_first,
    deps_of,
    is_organizer,
    once_per_event,
    post_dm,
    slack_error,
    split_command,
    team_of,
    user_info,
    user_of,
)
from handlers.routes import routes_of
from models.vocab import NoticeKind
from runtime.deps import Deps
from views import onboarding as onboarding_views
from views.status import note
from views.text import esc

log = logging.getLogger("drumbeat.membership")


def register(app: App) -> None:
    routes = routes_of(app)
    app.event("team_join")(on_team_join)
    app.event("member_joined_channel")(on_member_joined_channel)
    app.event("user_change")(on_user_change)
    routes.command(["invite"], acknowledged_first(invite))


def _skip_reason(user: dict[str, Any] | None) -> str | None:
    if user is None:
        return messengers.WelcomeSkip.DEACTIVATED
    if user.get("is_bot") or user.get("is_app_user") or user.get("id") == "USLACKBOT":
        return messengers.WelcomeSkip.BOT
    if user.get("deleted"):
        return messengers.WelcomeSkip.DEACTIVATED
    return None


def send_welcome(deps: Deps, team_id: str, user: dict[str, Any]) -> str | None:
    """Send the one welcome DM unless there's a reason not to; returns the reason or None when sent."""
    user_id = str(user["id"])
    with deps.db.transaction() as session:
        reason = messengers.welcome(session, team_id, user_id, deps.now(), tz=user.get("tz"))
    if reason is not None:
        return reason
    if post_dm(deps, user_id, onboarding_views.welcome_message()) is None:
        with deps.db.transaction() as session:
            messengers.release_notice(session, team_id, user_id, NoticeKind.WELCOME, "")
        return messengers.WelcomeSkip.DEACTIVATED
    return None


def on_team_join(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    user = event.get("user") or {}
    if not isinstance(user, dict) or _skip_reason(user) or not user.get("id"):
        return
    team_id = team_of(body) or str(user.get("team_id", ""))
    if once_per_event(deps, body, lambda _session: True):
        send_welcome(deps, team_id, user)


def on_member_joined_channel(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    channel = deps.settings.coalition_channel
    if not channel or event.get("channel") != channel or not event.get("user"):
        return
    if not once_per_event(deps, body, lambda _session: True):
        return
    user = user_info(deps, str(event["user"]))
    if _skip_reason(user) is None and user is not None:
        send_welcome(deps, team_of(body), user)


def on_user_change(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    user = event.get("user") or {}
    if not isinstance(user, dict) or not user.get("id"):
        return
    team_id = team_of(body) or str(user.get("team_id", ""))
    once_per_event(deps, body, lambda s: messengers.update_tz(s, team_id, str(user["id"]), user.get("tz")))


def _channel_members(deps: Deps, channel: str) -> list[str] | None:
    members: list[str] = []
    cursor: str | None = None
    try:
        while True:
            page = deps.slack.conversations_members(channel=channel, cursor=cursor, limit=200)
            members += page.get("members", [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return members
    except (SlackClientError, OSError) as error:
        log.warning("conversations.members failed for %s: %s", channel, slack_error(error))
        return None


def invite(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    team_id, caller = team_of(body), user_of(body)
    if not is_organizer(deps, team_id, caller):
        return note("Sorry, only organizers can invite people. Ask an organizer in the coalition channel.")
    _, rest = split_command(body.get("text"))
    targets = mentions.parse_targets(rest)
    if targets.unknown or not (targets.users or targets.channels):
        bad = ", ".join(f"`{esc(w)}`" for w in targets.unknown[:5])
        problem = f"I couldn't read {bad} as a person or channel. " if targets.unknown else ""
        return note(f"{problem}Try `/drumbeat invite @ana @ben` or `/drumbeat invite #coalition`.")
    people = list(targets.users)
    for channel in targets.channels:
        found = _channel_members(deps, channel)
        if found is None:
            return note(f"I can't see who is in <#{channel}>. Invite Drumbeat there first: `/invite @Drumbeat`.")
        people += [p for p in found if p not in people]
    skipped: Counter[str] = Counter()
    invited = 0
    for user_id in people:
        user = user_info(deps, user_id)
        reason = _skip_reason(user)
        if reason is None and user is not None:
            reason = send_welcome(deps, team_id, user)
        if reason is None:
            invited += 1
        else:
            skipped[reason] += 1
    detail = ", ".join(f"{count} {reason}" for reason, count in skipped.most_common())
    summary = f"Invited {invited}." + (f" Skipped {sum(skipped.values())}: {detail}." if skipped else "")
    log.info("invite by %s: %d invited, %d skipped", caller, invited, sum(skipped.values()))
    return note(summary)
