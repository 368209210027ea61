"""Small helpers every handler uses: deps from Bolt's context, payload fields, Slack calls that fail
politely, acknowledging first, and once-only event handling."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk.errors import SlackApiError, SlackClientError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import events, roles
from runtime.deps import Deps
from runtime.executor import acknowledgements

log = logging.getLogger("drumbeat.handlers")
T = TypeVar("T")


def deps_of(context: BoltContext) -> Deps:
    deps: Deps = context["deps"]
    return deps


def team_of(body: dict[str, Any]) -> str:
    team = body.get("team_id") or (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
    return str(team or "")


def user_of(body: dict[str, Any]) -> str:
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    return str(user or "")


def split_command(text: str | None) -> tuple[str, str]:
    """`"pause 2w"` -> `("pause", "2w")`; the subcommand lower-cased, the rest as typed."""
    stripped = (text or "").strip()
    if not stripped:
        return "", ""
    head, _, rest = stripped.partition(" ")
    return head.lower(), rest.strip()


def slack_error(error: Exception) -> str:
    if isinstance(error, SlackApiError) and error.response is not None:
        return str(error.response.get("error", "unknown"))
    return type(error).__name__


def user_info(deps: Deps, user_id: str) -> dict[str, Any] | None:
    """users.info, or None (logged) when Slack cannot say."""
    try:
        user: dict[str, Any] = deps.slack.users_info(user=user_id)["user"]
        return user
    except (SlackClientError, OSError) as error:
        log.warning("users.info failed for %s: %s", user_id, slack_error(error))
        return None


def post_dm(deps: Deps, user_id: str, message: dict[str, Any], **extra: Any) -> dict[str, Any] | None:
    """Post in the person's DM with Drumbeat; the response, or None (logged) when Slack refused."""
    try:
        response = deps.slack.chat_postMessage(channel=user_id, **message, **extra)
        return dict(response.data) if isinstance(response.data, dict) else None
    except (SlackClientError, OSError) as error:
        log.warning("DM to %s failed: %s", user_id, slack_error(error))
        return None


def post_channel(deps: Deps, channel: str | None, message: dict[str, Any]) -> None:
    if not channel:
        return
    try:
        deps.slack.chat_postMessage(channel=channel, **message)
    except (SlackClientError, OSError) as error:
        log.warning("post to %s failed: %s", channel, slack_error(error))


def open_modal(deps: Deps, trigger_id: str, view: dict[str, Any]) -> bool:
    try:
        deps.slack.views_open(trigger_id=trigger_id, view=view)
        return True
    except (SlackClientError, OSError) as error:
        log.warning("views.open failed: %s", slack_error(error))
        return False


def once_per_event(deps: Deps, body: dict[str, Any], work: Callable[[Session], T]) -> T | None:
    """Run `work` in one transaction with the event id recorded; a retry of the same event does nothing.

    Only a clash on the event id itself means "a twin got here first"; an error in `work` is an error."""
    event_id = body.get("event_id")
    with deps.db.transaction() as session:
        if event_id:
            try:
                with session.begin_nested():
                    fresh = events.first_time(session, str(event_id), deps.now())
            except IntegrityError:
                log.info("event %s handled concurrently by a twin delivery", event_id)
                return None
            if not fresh:
                log.info("event %s already handled (a retry)", event_id)
                return None
        return work(session)


ADMIN_SECONDS = 300.0  # how long Slack's word on who is an admin is trusted
_admins: dict[tuple[int, str, str], tuple[float, bool]] = {}  # (deps, team, user): per process wiring


def is_organizer(deps: Deps, team_id: str, user_id: str) -> bool:
    """Configured, added in Slack, or a workspace admin or owner (Slack is asked at most every few
    minutes per person, not on every command)."""
    with deps.db.reading() as session:
        if roles.is_organizer(session, team_id, user_id, configured=deps.settings.organizers, is_admin=False):
            return True
    key = (id(deps), team_id, user_id)
    cached = _admins.get(key)
    if cached is not None and time.monotonic() - cached[0] < ADMIN_SECONDS:
        return cached[1]
    info = user_info(deps, user_id)
    # Admins of *this* workspace only: in a Slack Connect channel, another workspace's admin is not ours.
    home_team = deps.team_id or team_id
    admin = bool(info and (info.get("is_admin") or info.get("is_owner")) and info.get("team_id") == home_team)
    if info is not None:
        if len(_admins) > 5000:
            _admins.clear()
        _admins[key] = (time.monotonic(), admin)
    return admin


def tell(deps: Deps, body: dict[str, Any], respond: Any, message: dict[str, Any]) -> None:
    """Answer the person who clicked: through the response URL when Slack gave one, else ephemerally in
    the channel of the click. A click with neither (the App Home) gets no text: its view updates instead."""
    if body.get("response_url"):
        respond(**message)
        return
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    if not channel:
        log.info("no place to answer a %s click", body.get("type"))
        return
    text = {k: v for k, v in message.items() if k in ("text", "blocks")}
    try:
        deps.slack.chat_postEphemeral(channel=channel, user=user_of(body), **text)
    except (SlackClientError, OSError) as error:
        log.warning("ephemeral answer failed: %s", slack_error(error))


Reply = dict[str, Any] | None
Work = Callable[[dict[str, Any], Deps, Any], Reply]
SORRY = (
    "Something went wrong on Drumbeat's side. Please try again in a minute; if it keeps happening, tell an organizer."
)


def _in_background(deps: Deps, work: Work, body: dict[str, Any], respond: Any) -> None:
    def run() -> None:
        acknowledgements.give_way()
        try:
            answer = work(body, deps, respond)
        except Exception as error:
            log.error("%s failed: %s", getattr(work, "__name__", "work"), type(error).__name__, exc_info=error)
            answer = {"response_type": "ephemeral", "text": SORRY} if body.get("response_url") else None
        if answer:
            tell(deps, body, respond, answer)

    deps.background.submit(run)


def acknowledged_first(work: Work) -> Callable[..., None]:
    """A slash command or click: Slack gets its acknowledgement at once; the work runs in the background
    and its answer, if any, goes back through the response URL (ephemeral). Bolt's own threads are then
    free to acknowledge the next request, and Slack's three seconds are never at stake. (Answering in
    the acknowledgement instead was measured slower under load: database work then sits in the way.)"""

    def listener(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
        ack()
        _in_background(deps_of(context), work, body, respond)

    listener.__name__ = getattr(work, "__name__", "listener")
    listener.__doc__ = work.__doc__
    return listener
