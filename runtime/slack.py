"""Talking to Slack: every call Drumbeat makes, for handlers and jobs alike, in one place.

Each method makes one Web API call (or one response-URL post) and fails politely: a Slack error or a
network failure is logged once, here, by method and Slack's error code (never the text sent), and the
caller gets None or False and decides what the person is told. The delivery sender is the exception: it
classifies raw errors itself (`scheduler.delivery`) and uses `client` directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web import SlackResponse
from slack_sdk.webhook import WebhookClient

log = logging.getLogger("drumbeat.slack_out")

MESSAGE_FIELDS = ("text", "blocks", "metadata", "attachments")


def message_fields(message: Mapping[str, Any]) -> dict[str, Any]:
    """The parts of a built message that Web API posting methods take (not `response_type` and the like)."""
    return {key: message[key] for key in MESSAGE_FIELDS if key in message}


def error_code(error: BaseException) -> str:
    """Slack's error code, or the kind of failure: what a log line may say about a failed call."""
    if isinstance(error, SlackApiError) and error.response is not None:
        return str(error.response.get("error", "unknown"))
    reason = getattr(error, "reason", None)
    return type(reason if isinstance(reason, BaseException) else error).__name__


@dataclass(frozen=True)
class Posted:
    channel: str
    ts: str


class Slack:
    """Drumbeat's outgoing side of Slack. `client` is the process's one WebClient."""

    def __init__(self, client: WebClient, *, response_timeout: int = 10) -> None:
        self.client = client
        self.response_timeout = response_timeout
        # Told when a post to a channel (not a DM) fails, with Slack's reason (runtime.channels says how to fix it).
        self.channel_trouble: Callable[[str, str], None] | None = None

    def _call(
        self, method: str, call: Callable[[], SlackResponse], *, channel: str | None = None
    ) -> SlackResponse | None:
        try:
            return call()
        except (SlackClientError, OSError) as error:
            code = error_code(error)
            log.warning("%s failed: %s", method, code)
            if channel is not None and channel[:1] in ("C", "G") and self.channel_trouble is not None:
                self.channel_trouble(channel, code)
            return None

    # ----- messages -------------------------------------------------------------------------------

    def post(self, channel: str, message: Mapping[str, Any], **extra: Any) -> Posted | None:
        """A message in a channel (or a DM, given a user id). None if Slack refused it."""
        fields = {**message_fields(message), **extra}
        answer = self._call(
            "chat.postMessage", lambda: self.client.chat_postMessage(channel=channel, **fields), channel=channel
        )
        if answer is None:
            return None
        return Posted(str(answer.get("channel", channel)), str(answer.get("ts", "")))

    def dm(self, user_id: str, message: Mapping[str, Any], **extra: Any) -> Posted | None:
        """A message in the person's DM with Drumbeat."""
        return self.post(user_id, message, **extra)

    def update(self, channel: str, ts: str, message: Mapping[str, Any]) -> bool:
        fields = message_fields(message)
        fields.pop("metadata", None)
        return self._call("chat.update", lambda: self.client.chat_update(channel=channel, ts=ts, **fields)) is not None

    def ephemeral(self, channel: str, user_id: str, message: Mapping[str, Any]) -> bool:
        fields = {k: v for k, v in message_fields(message).items() if k in ("text", "blocks")}
        sent = self._call(
            "chat.postEphemeral", lambda: self.client.chat_postEphemeral(channel=channel, user=user_id, **fields)
        )
        return sent is not None

    def respond(self, response_url: str, message: Mapping[str, Any], *, replace: bool = False) -> bool:
        """Answer through a slash command's or a click's response URL: ephemeral, or replacing the message."""
        body: dict[str, Any] = {k: v for k, v in message_fields(message).items() if k in ("text", "blocks")}
        if replace:
            body["replace_original"] = True
        else:
            body["response_type"] = "ephemeral"
        try:
            answer = WebhookClient(response_url, timeout=self.response_timeout).send_dict(body)
        except (SlackClientError, OSError) as error:
            log.warning("response_url failed: %s", error_code(error))
            return False
        if answer.status_code != 200:
            log.warning("response_url failed: HTTP %d", answer.status_code)
            return False
        return True

    # ----- forms and the Home tab --------------------------------------------------------------

    def open_form(self, trigger_id: str, view: Mapping[str, Any]) -> str | None:
        """Open a modal; its view id, or None (e.g. the trigger expired)."""
        answer = self._call("views.open", lambda: self.client.views_open(trigger_id=trigger_id, view=dict(view)))
        return None if answer is None else str((answer.get("view") or {}).get("id", ""))

    def update_form(self, view_id: str, view: Mapping[str, Any]) -> bool:
        answer = self._call("views.update", lambda: self.client.views_update(view_id=view_id, view=dict(view)))
        return answer is not None

    def publish_home(self, user_id: str, view: Mapping[str, Any]) -> bool:
        answer = self._call("views.publish", lambda: self.client.views_publish(user_id=user_id, view=dict(view)))
        return answer is not None

    # ----- people, channels, files ---------------------------------------------------------------

    def user(self, user_id: str) -> dict[str, Any] | None:
        """users.info: the person's profile, or None when Slack cannot say."""
        answer = self._call("users.info", lambda: self.client.users_info(user=user_id, include_locale=True))
        user = answer.get("user") if answer is not None else None
        return dict(user) if isinstance(user, dict) else None

    def membership(self, channel: str) -> str | None:
        """None if Drumbeat is in the channel, else why it can't use it: Slack's error (`channel_not_found`
        for a private channel it was not invited to) or `not_in_channel`."""
        try:
            answer = self.client.conversations_info(channel=channel)
        except SlackApiError as error:
            return error_code(error)
        except (SlackClientError, OSError) as error:
            log.warning("conversations.info failed: %s", error_code(error))
            return None  # Slack could not say: no news is not bad news
        found = answer.get("channel") or {}
        if found.get("is_archived"):
            return "is_archived"
        return None if found.get("is_member") else "not_in_channel"

    def users_page(self, cursor: str | None = None) -> tuple[list[dict[str, Any]], str | None] | None:
        """One page of the workspace's members (users.list, Tier 2: pages of 200, about 20 pages a minute),
        and the cursor of the next page (None: the last); None if Slack could not say."""
        page = self._call("users.list", partial(self.client.users_list, cursor=cursor, limit=200, include_locale=True))
        if page is None:
            return None
        found: list[Any] = page.get("members", [])
        members = [dict(m) for m in found if isinstance(m, dict)]
        return members, (page.get("response_metadata") or {}).get("next_cursor") or None

    def channel_members(self, channel: str) -> list[str] | None:
        members: list[str] = []
        cursor: str | None = None
        while True:
            page = self._call(
                "conversations.members",
                partial(self.client.conversations_members, channel=channel, cursor=cursor, limit=200),
            )
            if page is None:
                return None
            members += page.get("members", [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return members

    def upload(self, user_id: str, content: bytes, *, filename: str, title: str, comment: str) -> bool:
        """A file in the person's DM with Drumbeat (the report's chart, an export)."""
        opened = self._call("conversations.open", lambda: self.client.conversations_open(users=user_id))
        if opened is None:
            return False
        channel = opened["channel"]["id"]
        uploaded = self._call(
            "files.upload_v2",
            lambda: self.client.files_upload_v2(
                channel=channel,
                content=content,
                filename=filename,
                title=title,
                initial_comment=comment,
                request_file_info=False,
            ),
        )
        return uploaded is not None
