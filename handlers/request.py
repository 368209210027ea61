"""Slack's requests as plain values, built once at the edge, and what a listener answers.

Every feature listener has one shape: `(request: Request, deps: Deps) -> Reply | None`. `handlers.routes`
builds the Request from Bolt's payload, acknowledges, checks "organizers only" where the route says so,
calls the listener and delivers its Reply. Listeners never see Bolt's payload dictionaries.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from core import numbers
from runtime.effects import Effect


class Kind(StrEnum):
    COMMAND = "command"  # /drumbeat ...
    ACTION = "action"  # a click (a button, a select) in a message, a modal or the App Home
    FORM = "form"  # a modal's submission
    EVENT = "event"  # an Events API event
    OPTIONS = "options"  # an external select asking for suggestions


@dataclass(frozen=True)
class Request:
    kind: Kind
    team_id: str
    user_id: str
    trigger_id: str | None = None  # opens a form within 3 s of the click
    response_url: str | None = None  # answers a command or a click in a message
    channel_id: str | None = None  # where the command was typed, or the clicked message is
    message_ts: str | None = None  # the clicked message
    on_home: bool = False  # a click on the App Home tab
    command: str = ""  # the subcommand, lower-cased: "pause"
    args: str = ""  # the rest of the command, as typed: "2w"
    action_id: str = ""  # Slack's id of what was clicked, without a ":suffix"
    value: str | None = None  # the clicked button's value, or the chosen option's
    view_id: str = ""
    callback_id: str = ""  # the form's
    private_metadata: str = ""
    values: Mapping[str, Any] = field(default_factory=dict)  # a form's inputs, by block id
    event: Mapping[str, Any] = field(default_factory=dict)  # an event's fields
    event_id: str | None = None
    query: str = ""  # what was typed into an external select
    form_id: str | None = None  # the form opened for this command or click before anything else (a view id)
    retry: int = 0  # Slack's retry number for an event it delivered before (X-Slack-Retry-Num), else 0
    organizer: bool = False  # the person is an organizer (known for routes registered organizers= or role=)
    language: str | None = None  # the person's, when the edge learned it from Slack (else: as stored)

    @property
    def number(self) -> int | None:
        """The clicked value as a positive whole number (a delivery, call or check id), else None."""
        return numbers.an_id(self.value)

    def metadata(self) -> dict[str, Any]:
        """The form's private metadata as a dict ({} if it is not one)."""
        try:
            found = json.loads(self.private_metadata or "{}")
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}


def split_command(text: str | None) -> tuple[str, str]:
    """`"pause 2w"` -> `("pause", "2w")`; the subcommand lower-cased, the rest as typed."""
    stripped = (text or "").strip()
    if not stripped:
        return "", ""
    head, _, rest = stripped.partition(" ")
    return head.lower(), rest.strip()


def _team(body: Mapping[str, Any]) -> str:
    team = body.get("team_id") or (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id")
    return str(team or "")


def _user(body: Mapping[str, Any]) -> str:
    user = body.get("user_id") or (body.get("user") or {}).get("id")
    return str(user or "")


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def from_command(body: Mapping[str, Any]) -> Request:
    command, args = split_command(body.get("text"))
    return Request(
        kind=Kind.COMMAND,
        team_id=_team(body),
        user_id=_user(body),
        trigger_id=_text(body.get("trigger_id")),
        response_url=_text(body.get("response_url")),
        channel_id=_text(body.get("channel_id")),
        command=command,
        args=args,
    )


def _clicked(body: Mapping[str, Any]) -> Mapping[str, Any]:
    actions = body.get("actions")
    first = actions[0] if isinstance(actions, list) and actions else {}
    return first if isinstance(first, dict) else {}


def from_action(body: Mapping[str, Any]) -> Request:
    clicked = _clicked(body)
    container = body.get("container") or {}
    view = body.get("view") or {}
    value = clicked.get("value")
    if value is None:
        value = (clicked.get("selected_option") or {}).get("value")
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    return Request(
        kind=Kind.ACTION,
        team_id=_team(body),
        user_id=_user(body),
        trigger_id=_text(body.get("trigger_id")),
        response_url=_text(body.get("response_url")),
        channel_id=_text(channel),
        message_ts=_text(container.get("message_ts")),
        on_home=container.get("type") == "view" and view.get("type") == "home",
        action_id=str(clicked.get("action_id", "")).split(":", 1)[0],
        value=_text(value),
        view_id=str(view.get("id", "")),
        callback_id=str(view.get("callback_id", "")),
        private_metadata=str(view.get("private_metadata", "")),
        values=(view.get("state") or {}).get("values") or {},
    )


def from_form(body: Mapping[str, Any]) -> Request:
    view = body.get("view") or {}
    return Request(
        kind=Kind.FORM,
        team_id=_team(body),
        user_id=_user(body),
        trigger_id=_text(body.get("trigger_id")),
        view_id=str(view.get("id", "")),
        callback_id=str(view.get("callback_id", "")),
        private_metadata=str(view.get("private_metadata", "")),
        values=(view.get("state") or {}).get("values") or {},
    )


def _retry_number(headers: Mapping[str, Any] | None) -> int:
    """Slack says an event is a retry in a header, X-Slack-Retry-Num (Socket Mode: the envelope's
    retry_attempt, which Bolt turns into the same header), never in the body."""
    raw = (headers or {}).get("x-slack-retry-num")
    value = raw[0] if isinstance(raw, list | tuple) and raw else raw
    text = str(value or "0").strip()
    return numbers.read_or_none(text) or 0


def from_event(body: Mapping[str, Any], headers: Mapping[str, Any] | None = None) -> Request:
    event = body.get("event") or {}
    user = event.get("user")
    user_id = str(user.get("id", "")) if isinstance(user, dict) else str(user or "")
    team = _team(body) or (str(user.get("team_id", "")) if isinstance(user, dict) else "")
    return Request(
        kind=Kind.EVENT,
        team_id=team,
        user_id=user_id,
        channel_id=_text(event.get("channel")),
        event=event,
        event_id=_text(body.get("event_id")),
        retry=_retry_number(headers),
    )


def from_options(body: Mapping[str, Any]) -> Request:
    view = body.get("view") or {}
    return Request(
        kind=Kind.OPTIONS,
        team_id=_team(body),
        user_id=_user(body),
        action_id=str(body.get("action_id", "")).split(":", 1)[0],
        view_id=str(view.get("id", "")),
        callback_id=str(view.get("callback_id", "")),
        private_metadata=str(view.get("private_metadata", "")),
        values=(view.get("state") or {}).get("values") or {},  # what the form holds so far
        query=str(body.get("value", "")),
    )


@dataclass(frozen=True)
class Reply:
    """Everything a listener decided should happen; `handlers.routes` makes it happen.

    To the person who typed or clicked: `message` (ephemeral), or, with `replace`, in place of the clicked
    message; a form's `errors` keep it open with what was typed, its `view` takes its place. Then
    `effects`, in order (runtime.effects): DMs to others, channel notices, a Home refreshed, a delivery
    woken, a file uploaded, long work started. A form's effects run after Slack has its answer."""

    message: Mapping[str, Any] | None = None
    replace: bool = False
    errors: Mapping[str, str] | None = None
    view: Mapping[str, Any] | None = None
    options: Sequence[Mapping[str, Any]] | None = None  # an external select's suggestions
    effects: tuple[Effect, ...] = ()

    def and_then(self, *effects: Effect) -> Reply:
        return dataclasses.replace(self, effects=self.effects + effects)


def say(message: Mapping[str, Any], *effects: Effect) -> Reply:
    return Reply(message=message, effects=effects)


def replace(message: Mapping[str, Any], *effects: Effect) -> Reply:
    return Reply(message=message, replace=True, effects=effects)


def form_errors(errors: Mapping[str, str]) -> Reply:
    return Reply(errors=errors)


def show(view: Mapping[str, Any], *effects: Effect) -> Reply:
    return Reply(view=view, effects=effects)


def only(*effects: Effect) -> Reply:
    """Nothing to say to the person; only effects (an event, a form that closes)."""
    return Reply(effects=effects)
