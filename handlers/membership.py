"""Welcome DMs: new workspace members, people joining the coalition channel, organizers' invites."""

from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from slack_bolt import App

from core import events, mentions, messengers
from handlers.request import Reply, Request, say
from handlers.routes import routes_of
from models.vocab import NoticeKind
from runtime.deps import Deps
from views import onboarding as onboarding_views
from views.status import note
from views.text import esc

log = logging.getLogger("drumbeat.membership")


def register(app: App) -> None:
    routes = routes_of(app)
    routes.event("team_join", on_team_join)
    routes.event("member_joined_channel", on_member_joined_channel)
    routes.event("user_change", on_user_change)
    routes.command(["invite"], invite, organizers=True)


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
    if deps.slack.dm(user_id, onboarding_views.welcome_message()) is None:
        with deps.db.transaction() as session:
            messengers.release_notice(session, team_id, user_id, NoticeKind.WELCOME, "")
        return messengers.WelcomeSkip.DEACTIVATED
    return None


def _first_time(deps: Deps, request: Request) -> bool:
    with deps.db.transaction() as session:
        return events.claim(session, request.event_id, deps.now())


def on_team_join(request: Request, deps: Deps) -> None:
    user = request.event.get("user")
    if not isinstance(user, dict) or _skip_reason(user) or not request.user_id:
        return
    if _first_time(deps, request):
        send_welcome(deps, request.team_id, user)


def on_member_joined_channel(request: Request, deps: Deps) -> None:
    channel = deps.settings.coalition_channel
    if not channel or request.channel_id != channel or not request.user_id:
        return
    if not _first_time(deps, request):
        return
    user = deps.slack.user(request.user_id)
    if _skip_reason(user) is None and user is not None:
        send_welcome(deps, request.team_id, user)


def on_user_change(request: Request, deps: Deps) -> None:
    user = request.event.get("user")
    if not isinstance(user, dict) or not request.user_id:
        return
    with deps.db.transaction() as session:
        if events.claim(session, request.event_id, deps.now()):
            messengers.update_tz(session, request.team_id, request.user_id, user.get("tz"))


def invite(request: Request, deps: Deps) -> Reply | None:
    targets = mentions.parse_targets(request.args)
    if targets.unknown or not (targets.users or targets.channels):
        bad = ", ".join(f"`{esc(w)}`" for w in targets.unknown[:5])
        problem = f"I couldn't read {bad} as a person or channel. " if targets.unknown else ""
        return say(note(f"{problem}Try `/drumbeat invite @ana @ben` or `/drumbeat invite #coalition`."))
    people = list(targets.users)
    for channel in targets.channels:
        found = deps.slack.channel_members(channel)
        if found is None:
            return say(note(f"I can't see who is in <#{channel}>. Invite Drumbeat there first: `/invite @Drumbeat`."))
        people += [p for p in found if p not in people]
    skipped: Counter[str] = Counter()
    invited = 0
    for user_id in people:
        user = deps.slack.user(user_id)
        reason = _skip_reason(user)
        if reason is None and user is not None:
            reason = send_welcome(deps, request.team_id, user)
        if reason is None:
            invited += 1
        else:
            skipped[reason] += 1
    detail = ", ".join(f"{count} {reason}" for reason, count in skipped.most_common())
    summary = f"Invited {invited}." + (f" Skipped {sum(skipped.values())}: {detail}." if skipped else "")
    log.info("invite: %d invited, %d skipped", invited, sum(skipped.values()))
    return say(note(summary))
