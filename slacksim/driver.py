"""Slack's side of the conversation: signed requests to the app, exactly as Slack sends them.

`SlackDriver` posts events, slash commands, block actions and view submissions to the app's
`/slack/events` URL, signed with the signing secret, with `X-Slack-Retry-Num` on retries, and applies
the app's answers the way Slack does (modal errors stay in the modal, `update` replaces it, and so on).

When the app is in Socket Mode (`SlackSim(app_token=...)`), the same methods deliver envelopes over the app's
WebSocket instead and wait for their acknowledgement (`slacksim.socket_mode`); the `Reply` then carries the
ack's payload as its JSON body, or status 0 and `{"error": ...}` when no ack came.

`Person` reads what one person would see (their DMs, ephemerals, the open modal, their App Home)
and acts on it by action ids, over either transport.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal
from urllib.parse import urlencode

from slacksim.blocks import InvalidBlocks
from slacksim.server import Message, SlackSim, iter_blocks
from slacksim.socket_mode import Outcome


@dataclass
class Reply:
    """The app's answer: an HTTP response to a signed request, or (Socket Mode) the ack of an envelope.

    Over Socket Mode, `status` is 200 with the ack's payload as `body` (empty when the ack had none), or 0 when
    no ack came (the body then says why); `elapsed` is the ack's latency.
    """

    status: int
    body: bytes
    elapsed: float
    outcome: Outcome | None = None  # Socket Mode: the delivery's details (attempts, which connection)

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class SlackDriver:
    def __init__(
        self,
        sim: SlackSim,
        app_url: str | None = None,
        signing_secret: str | None = None,
        *,
        transport: Literal["auto", "http", "socket"] = "auto",
        ack_timeout: float = 10.0,
    ) -> None:
        """`transport`: "auto" uses Socket Mode when the sim's app has it on (an app token), HTTP otherwise."""
        self.sim = sim
        self.app_url = app_url.rstrip("/") + "/slack/events" if app_url else ""
        self.signing_secret = signing_secret or sim.signing_secret
        self.transport = transport
        self.ack_timeout = ack_timeout  # Socket Mode: how long to wait for an ack before calling it failed
        self._event_seq = 0
        # The options the app suggested to each person for each external select (user, action_id): a person
        # can pick only one of those, as in Slack.
        self.suggested: dict[tuple[str, str], list[dict[str, Any]]] = {}
        # Called after each request: lets a test wait for work the app does after acknowledging.
        self.after_request: Callable[[], None] | None = None

    @property
    def over_socket(self) -> bool:
        if self.transport == "auto":
            return self.sim.socket_mode is not None
        return self.transport == "socket"

    def deliver(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        headers: dict[str, str] | None = None,
        timeout: float | None = None,
        settle: bool = True,
    ) -> Reply:
        """Socket Mode: send one envelope (`events_api`, `slash_commands`, `interactive`) and wait for its ack.

        `headers` may carry HTTP mode's X-Slack-Retry-Num and X-Slack-Retry-Reason, sent as the envelope's
        `retry_attempt` and `retry_reason`.
        """
        assert self.sim.socket_mode is not None, "Socket Mode needs SlackSim(app_token=...)"
        retry = {k.lower(): v for k, v in (headers or {}).items()}
        outcome = self.sim.socket_mode.deliver(
            kind,
            payload,
            timeout=self.ack_timeout if timeout is None else timeout,
            retry_attempt=int(retry.get("x-slack-retry-num", 0)),
            retry_reason=retry.get("x-slack-retry-reason", ""),
        )
        if outcome.ack is not None:
            answer = outcome.ack.payload
            body = json.dumps(answer).encode() if answer is not None else b""
            reply = Reply(200, body, outcome.ack.latency, outcome)
        else:
            reply = Reply(0, json.dumps({"error": outcome.error}).encode(), outcome.elapsed, outcome)
        if settle:
            self.settle()
        return reply

    def _send(self, kind: str, payload: dict[str, Any], http_body: bytes, content_type: str, **options: Any) -> Reply:
        """One delivery over the app's transport: an envelope in Socket Mode, a signed POST otherwise."""
        if self.over_socket:
            return self.deliver(kind, payload, **options)
        return self.post(http_body, content_type, **options)

    # ----- raw signed posts ------------------------------------------------------------------

    def sign(self, timestamp: str, body: bytes) -> str:
        """Slack's v0 signature over the raw bytes."""
        digest = hmac.new(self.signing_secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
        return "v0=" + digest.hexdigest()

    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: int | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 10.0,
        settle: bool = True,
    ) -> Reply:
        assert self.app_url, "HTTP needs the app's URL: SlackDriver(sim, app_url)"
        ts = str(int(time.time()) if timestamp is None else timestamp)
        sig = signature if signature is not None else self.sign(ts, body)
        request = urllib.request.Request(self.app_url, data=body, method="POST")  # noqa: S310 - loopback
        request.add_header("Content-Type", content_type)
        request.add_header("X-Slack-Request-Timestamp", ts)
        if sig:
            request.add_header("X-Slack-Signature", sig)
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback
                reply = Reply(response.status, response.read(), time.perf_counter() - started)
        except urllib.error.HTTPError as error:
            reply = Reply(error.code, error.read(), time.perf_counter() - started)
        if settle:
            self.settle()
        return reply

    def settle(self) -> None:
        """Wait for the work the app does after answering (when the test wired a way to know)."""
        if self.after_request is not None:
            self.after_request()

    def post_form(self, fields: dict[str, str], **options: Any) -> Reply:
        return self.post(urlencode(fields).encode(), "application/x-www-form-urlencoded", **options)

    def post_payload(self, payload: dict[str, Any], **options: Any) -> Reply:
        return self.post_form({"payload": json.dumps(payload)}, **options)

    # ----- events ----------------------------------------------------------------------------

    def event_envelope(self, event: dict[str, Any], event_id: str | None = None) -> dict[str, Any]:
        self._event_seq += 1
        return {
            "token": "legacy-verification-token",
            "team_id": self.sim.team_id,
            "api_app_id": self.sim.app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{int(time.time())}{self._event_seq:06d}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.sim.team_id,
                    "user_id": self.sim.bot_user_id,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": f"4-{self._event_seq}",
        }

    def send_event(
        self, event: dict[str, Any], *, event_id: str | None = None, retries: int = 0, **options: Any
    ) -> list[Reply]:
        """Deliver an event, then `retries` more times with the same event_id, as Slack's retries do."""
        envelope = self.event_envelope(event, event_id)
        body = json.dumps(envelope).encode()
        replies = [self._send("events_api", envelope, body, "application/json", **options)]
        for attempt in range(1, retries + 1):
            reason = "timeout" if self.over_socket else "http_timeout"
            headers = {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": reason}
            replies.append(self._send("events_api", envelope, body, "application/json", headers=headers, **options))
        return replies

    # ----- slash commands ----------------------------------------------------------------------

    def command(self, user_id: str, text: str, *, command: str = "/drumbeat", channel: str | None = None) -> Reply:
        channel_id = channel or self.sim.dm_channel(user_id)
        user = self.sim.users.get(user_id, {"name": user_id.lower()})
        fields = {
            "token": "legacy-verification-token",
            "team_id": self.sim.team_id,
            "team_domain": "drumbeat-test",
            "channel_id": channel_id,
            "channel_name": "directmessage" if channel_id.startswith("D") else "general",
            "user_id": user_id,
            "user_name": user["name"],
            "command": command,
            "text": text,
            "api_app_id": self.sim.app_id,
            "is_enterprise_install": "false",
            "response_url": self.sim.new_response_url(user_id, channel_id),
            "trigger_id": self.sim.new_trigger(user_id),
        }
        reply = self._send("slash_commands", fields, urlencode(fields).encode(), "application/x-www-form-urlencoded")
        self._show_command_answer(user_id, channel_id, reply)
        return reply

    def _show_command_answer(self, user_id: str, channel_id: str, reply: Reply) -> None:
        """Slack shows a slash command's acknowledgement body as a message (ephemeral by default)."""
        if reply.status != 200 or not reply.body.strip():
            return
        try:
            answer = reply.json()
        except ValueError:
            answer = {"text": reply.text}
        if not isinstance(answer, dict) or not (answer.get("text") or answer.get("blocks")):
            return
        in_channel = answer.get("response_type") == "in_channel"
        with self.sim.lock:
            self.sim.messages.append(
                Message(
                    channel=channel_id,
                    ts=self.sim.next_ts(),
                    text=answer.get("text"),
                    blocks=answer.get("blocks"),
                    user=self.sim.bot_user_id,
                    ephemeral_to=None if in_channel else user_id,
                )
            )
        self.sim.changed()

    # ----- interactivity -----------------------------------------------------------------------

    def _user_json(self, user_id: str) -> dict[str, Any]:
        user = self.sim.users.get(user_id, {"name": user_id.lower()})
        return {"id": user_id, "username": user["name"], "name": user["name"], "team_id": self.sim.team_id}

    def block_action(
        self,
        user_id: str,
        element: dict[str, Any],
        block_id: str,
        *,
        value: Any = None,
        message: Message | None = None,
        view: dict[str, Any] | None = None,
    ) -> Reply:
        action: dict[str, Any] = {
            "type": element["type"],
            "action_id": element["action_id"],
            "block_id": block_id,
            "action_ts": f"{time.time():.6f}",
        }
        kind = element["type"]
        if kind == "button":
            action["value"] = element.get("value", "")
            action["text"] = element.get("text")
        elif kind in ("static_select", "radio_buttons", "overflow"):
            action["selected_option"] = _option(element, value)
        elif kind in ("checkboxes", "multi_static_select"):
            action["selected_options"] = [_option(element, v) for v in value or []]
        elif kind == "external_select":
            action["selected_option"] = self._suggested_option(user_id, element, value)
        elif kind == "multi_external_select":
            action["selected_options"] = [self._suggested_option(user_id, element, v) for v in value or []]
        elif kind == "users_select":
            action["selected_user"] = value
        elif kind == "multi_users_select":
            action["selected_users"] = list(value or [])
        elif kind == "datepicker":
            action["selected_date"] = value
        elif kind == "timepicker":
            action["selected_time"] = value
        elif kind in ("plain_text_input", "number_input"):
            action["value"] = value
        else:
            raise TypeError(f"{kind} elements do not send block actions")
        payload: dict[str, Any] = {
            "type": "block_actions",
            "user": self._user_json(user_id),
            "api_app_id": self.sim.app_id,
            "token": "legacy-verification-token",
            "team": {"id": self.sim.team_id, "domain": "drumbeat-test"},
            "trigger_id": self.sim.new_trigger(user_id),
            "actions": [action],
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view["id"]}
            payload["view"] = view
        if message is not None:
            payload["container"] = {
                "type": "message",
                "message_ts": message.ts,
                "channel_id": message.channel,
                "is_ephemeral": message.ephemeral_to is not None,
            }
            payload["channel"] = {"id": message.channel, "name": "directmessage"}
            payload["message"] = {
                "type": "message",
                "ts": message.ts,
                "text": message.text or "",
                "blocks": message.blocks or [],
                "user": message.user,
            }
            payload["response_url"] = self.sim.new_response_url(user_id, message.channel, message.ts)
        return self._interactive(payload)

    def _suggested_option(self, user_id: str, element: dict[str, Any], value: Any) -> dict[str, Any]:
        """An external select's choice: one of the options the app suggested to this person (or its initial one)."""
        wanted = value.get("value") if isinstance(value, dict) else value
        offered = list(self.suggested.get((user_id, element["action_id"]), []))
        offered += [element[k] for k in ("initial_option",) if element.get(k)] + element.get("initial_options", [])
        for option in offered:
            if option.get("value") == wanted:
                return dict(option)
        raise LookupError(f"{element['action_id']}: the app never suggested an option with value {wanted!r}")

    def block_suggestion(
        self,
        user_id: str,
        element: dict[str, Any],
        block_id: str,
        typed: str,
        *,
        view: dict[str, Any] | None = None,
        message: Message | None = None,
    ) -> list[dict[str, Any]]:
        """A person typed into an external select: Slack asks the app's options URL (the same /slack/events)
        with a signed `block_suggestion` payload. Returns the options the app answered, flattened from
        `option_groups` if it grouped them ([] when it answered nothing usable)."""
        if element.get("type") not in ("external_select", "multi_external_select"):
            raise TypeError(f"{element.get('type')} elements do not ask for suggestions")
        payload: dict[str, Any] = {
            "type": "block_suggestion",
            "user": self._user_json(user_id),
            "team": {"id": self.sim.team_id, "domain": "drumbeat-test"},
            "api_app_id": self.sim.app_id,
            "token": "legacy-verification-token",
            "action_id": element["action_id"],
            "block_id": block_id,
            "value": typed,
            "action_ts": f"{time.time():.6f}",
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view["id"]}
            payload["view"] = view
        if message is not None:
            payload["container"] = {"type": "message", "message_ts": message.ts, "channel_id": message.channel}
            payload["channel"] = {"id": message.channel}
        reply = self.post_payload(payload, settle=False)
        answer = reply.json() if reply.status == 200 and reply.body.strip() else None
        options: list[dict[str, Any]] = []
        if isinstance(answer, dict):
            if isinstance(answer.get("options"), list):
                options = list(answer["options"])
            for group in answer.get("option_groups") or []:
                options += list(group.get("options") or [])
        if len(options) > 100 or len((answer or {}).get("option_groups") or []) > 100:
            # Slack shows nothing then ("no options"): refuse it here, loudly
            raise InvalidBlocks(f"{element['action_id']}: {len(options)} options suggested; Slack takes 100 at most")
        options = [o for o in options if isinstance(o, dict) and "value" in o and "text" in o]
        self.suggested[(user_id, element["action_id"])] = options
        return options

    def view_closed(self, user_id: str, view: dict[str, Any], *, is_cleared: bool = False) -> Reply:
        """Slack tells the app a modal was closed only when the view asked for it (`notify_on_close`)."""
        payload = {
            "type": "view_closed",
            "team": {"id": self.sim.team_id, "domain": "drumbeat-test"},
            "user": self._user_json(user_id),
            "api_app_id": self.sim.app_id,
            "token": "legacy-verification-token",
            "view": view,
            "is_cleared": is_cleared,
        }
        return self.post_payload(payload)

    def view_submission(self, user_id: str, view: dict[str, Any]) -> Reply:
        payload = {
            "type": "view_submission",
            "team": {"id": self.sim.team_id, "domain": "drumbeat-test"},
            "user": self._user_json(user_id),
            "api_app_id": self.sim.app_id,
            "token": "legacy-verification-token",
            "trigger_id": self.sim.new_trigger(user_id),
            "view": view,
            "response_urls": [],
        }
        # Slack applies the answer (errors, update, push...) before the app's later calls land.
        return self._interactive(payload, settle=False)

    def _interactive(self, payload: dict[str, Any], **options: Any) -> Reply:
        form = urlencode({"payload": json.dumps(payload)}).encode()
        return self._send("interactive", payload, form, "application/x-www-form-urlencoded", **options)

    def person(self, user_id: str) -> Person:
        return Person(self, user_id)


def _option(element: dict[str, Any], value: Any) -> dict[str, Any]:
    for option in _options(element):
        if option["value"] == value:
            return dict(option)
    raise LookupError(f"{element.get('action_id')}: no option with value {value!r}")


def _options(element: dict[str, Any]) -> list[dict[str, Any]]:
    options = list(element.get("options") or [])
    for group in element.get("option_groups") or []:
        options += group["options"]
    return options


def _initial_state(element: dict[str, Any]) -> dict[str, Any] | None:
    """The state Slack reports for an untouched input: its initial value, or nothing."""
    kind = element["type"]
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        return {"type": kind, "value": element.get("initial_value")}
    if kind in ("static_select", "radio_buttons", "external_select"):
        return {"type": kind, "selected_option": element.get("initial_option")}
    if kind in ("checkboxes", "multi_static_select", "multi_external_select"):
        return {"type": kind, "selected_options": element.get("initial_options", [])}
    if kind == "datepicker":
        return {"type": kind, "selected_date": element.get("initial_date")}
    if kind == "timepicker":
        return {"type": kind, "selected_time": element.get("initial_time")}
    if kind == "users_select":
        return {"type": kind, "selected_user": element.get("initial_user")}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": element.get("initial_users", [])}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": element.get("initial_conversation")}
    return None


def _typed_state(element: dict[str, Any], value: Any, chosen: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """The state Slack reports for an input the person filled. `chosen` turns an external select's pick
    into the option the app suggested."""
    kind = element["type"]
    if kind == "external_select":
        return {"type": kind, "selected_option": None if value is None else chosen(value)}
    if kind == "multi_external_select":
        return {"type": kind, "selected_options": [chosen(v) for v in value or []]}
    if kind in ("plain_text_input", "number_input", "email_text_input", "url_text_input"):
        return {"type": kind, "value": value}
    if kind in ("static_select", "radio_buttons"):
        return {"type": kind, "selected_option": None if value is None else _option(element, value)}
    if kind in ("checkboxes", "multi_static_select"):
        return {"type": kind, "selected_options": [_option(element, v) for v in value or []]}
    if kind == "datepicker":
        return {"type": kind, "selected_date": value}
    if kind == "timepicker":
        return {"type": kind, "selected_time": value}
    if kind == "users_select":
        return {"type": kind, "selected_user": value}
    if kind == "multi_users_select":
        return {"type": kind, "selected_users": list(value or [])}
    if kind == "conversations_select":
        return {"type": kind, "selected_conversation": value}
    raise TypeError(f"cannot fill a {kind}")


def _picked(element: dict[str, Any], value: Any) -> dict[str, Any]:
    """An external select's pick as the option the app would have suggested (a dict is that option)."""
    if isinstance(value, dict):
        return value
    return {"text": {"type": "plain_text", "text": str(value)}, "value": str(value)}


def form_state(
    view: Mapping[str, Any],
    values: Mapping[str, Any],
    chosen: Callable[[dict[str, Any], Any], dict[str, Any]] = _picked,
) -> dict[str, Any]:
    """The `state.values` Slack sends with a view: its inputs filled by action id from `values`, the others
    at their initial values. `chosen(element, value)` turns an external select's pick into an option."""
    state: dict[str, dict[str, Any]] = {}
    unknown = set(values)
    for block in view.get("blocks", []):
        if block.get("type") != "input":
            continue
        element = block["element"]
        action_id = element["action_id"]
        entry: dict[str, Any] | None
        if action_id in values:
            unknown.discard(action_id)
            entry = _typed_state(element, values[action_id], partial(chosen, element))
        else:
            entry = _initial_state(element)
        if entry is not None:
            state.setdefault(block["block_id"], {})[action_id] = entry
    if unknown:
        raise LookupError(f"the form has no inputs {sorted(unknown)}")
    return state


class Person:
    """One person in the workspace: what they see and what they do."""

    def __init__(self, driver: SlackDriver, user_id: str) -> None:
        self.driver = driver
        self.sim = driver.sim
        self.user_id = user_id
        self.modal_errors: dict[str, str] = {}
        self.last_reply: Reply | None = None

    # what they see ------------------------------------------------------------------------

    @property
    def dms(self) -> list[Message]:
        return self.sim.dms_to(self.user_id)

    @property
    def last_dm(self) -> Message:
        messages = self.dms
        assert messages, f"{self.user_id} has no DM from the bot"
        return messages[-1]

    @property
    def ephemerals(self) -> list[Message]:
        return self.sim.ephemerals_to(self.user_id)

    @property
    def last_ephemeral_text(self) -> str:
        messages = self.ephemerals
        assert messages, f"{self.user_id} has no ephemeral message"
        return message_text(messages[-1])

    @property
    def modal(self) -> dict[str, Any] | None:
        with self.sim.lock:
            stack = self.sim.modal_stacks.get(self.user_id) or []
            return self.sim.views[stack[-1]]["view"] if stack else None

    @property
    def home(self) -> dict[str, Any] | None:
        with self.sim.lock:
            view_id = self.sim.home.get(self.user_id)
            return self.sim.views[view_id]["view"] if view_id else None

    # what they do -------------------------------------------------------------------------

    def command(self, text: str, channel: str | None = None) -> Reply:
        self.last_reply = self.driver.command(self.user_id, text, channel=channel)
        return self.last_reply

    def answer(self, text: str) -> str:
        """Run `/drumbeat <text>` and return what they read back: the acknowledgement's text, or the
        ephemeral answer that followed it (through the response URL)."""
        before = len(self.ephemerals)
        self.command(text)
        new = self.ephemerals[before:]
        return message_text(new[-1]) if new else ""

    def say(
        self,
        text: str,
        *,
        thread_ts: str | None = None,
        retries: int = 0,
        event_id: str | None = None,
        channel: str | None = None,
        photo: bool = False,
    ) -> str:
        """Write in their DM with the bot (or in `channel`); returns the message ts. `photo`: with a photo
        attached, which Slack sends as a `file_share` message (the text is its caption)."""
        in_dm = channel is None
        channel = channel or self.sim.dm_channel(self.user_id)
        ts = self.sim.next_ts()
        with self.sim.lock:
            if not in_dm and self.user_id not in (self.sim.channels.get(channel) or {}).get("members", []):
                raise LookupError(f"{self.user_id} is not a member of {channel}")
            if thread_ts and self.sim.find_message(channel, thread_ts) is None:
                raise LookupError(f"no message {thread_ts} in {channel} to reply to")
            self.sim.messages.append(
                Message(channel=channel, ts=ts, text=text, blocks=None, user=self.user_id, thread_ts=thread_ts)
            )
        self.sim.changed()
        event: dict[str, Any] = {
            "type": "message",
            "channel": channel,
            "user": self.user_id,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "channel_type": "im" if in_dm else "channel",
        }
        if thread_ts:
            event["thread_ts"] = thread_ts
        if photo:
            event["subtype"] = "file_share"
            event["files"] = [{"id": f"F{ts.replace('.', '')}", "name": "photo.jpg", "mimetype": "image/jpeg"}]
        self.driver.send_event(event, retries=retries, event_id=event_id)
        return ts

    def open_home(self) -> Reply:
        event = {
            "type": "app_home_opened",
            "user": self.user_id,
            "channel": self.sim.dm_channel(self.user_id),
            "tab": "home",
            "event_ts": f"{time.time():.6f}",
        }
        return self.driver.send_event(event)[0]

    def _find(self, action_id: str) -> tuple[dict[str, Any], str, Message | None, dict[str, Any] | None]:
        """Find an element by action id: open modal first, then newest messages, then the App Home."""
        places: list[tuple[Any, Message | None, dict[str, Any] | None]] = []
        if self.modal is not None:
            places.append((self.modal["blocks"], None, self.modal))
        with self.sim.lock:
            visible = [
                m
                for m in self.sim.messages
                if m.ephemeral_to == self.user_id or (m.channel == "D" + self.user_id[1:] and m.user != self.user_id)
            ]
        places += [(m.blocks or [], m, None) for m in reversed(visible)]
        if self.home is not None:
            places.append((self.home["blocks"], None, self.home))
        for blocks, message, view in places:
            for block in blocks:
                for node in iter_blocks(block):
                    if node.get("action_id") == action_id:
                        return node, block.get("block_id", ""), message, view
        raise LookupError(f"{self.user_id} sees no element with action_id {action_id!r}")

    def click(self, action_id: str, value: Any = None, *, message: Message | None = None) -> Reply:
        """Click an element: in `message` when given (an older call to action, a post in a channel they
        read), else the newest place they can see it (a modal, their messages, their Home)."""
        in_message = [
            (node, block.get("block_id", ""))
            for block in (message.blocks or [] if message is not None else [])
            for node in iter_blocks(block)
            if node.get("action_id") == action_id
        ]
        found_message: Message | None
        if message is not None and in_message:
            (element, block_id), found_message, view = in_message[0], message, None
        else:
            element, block_id, found_message, view = self._find(action_id)
        if view is not None:
            view = dict(view, state={"values": self._state(view, {})})
        self.last_reply = self.driver.block_action(
            self.user_id, element, block_id, value=value, message=found_message, view=view
        )
        return self.last_reply

    def click_home(self, action_id: str, value: Any = None) -> Reply:
        """Click an element on their App Home tab (not a message that has the same button)."""
        home = self.home
        assert home is not None, f"{self.user_id} has no App Home published"
        for block in home["blocks"]:
            for node in iter_blocks(block):
                if node.get("action_id") == action_id:
                    view = dict(home, state={"values": self._state(home, {})})
                    self.last_reply = self.driver.block_action(
                        self.user_id, node, block.get("block_id", ""), value=value, view=view
                    )
                    return self.last_reply
        raise LookupError(f"{self.user_id}'s App Home has no element with action_id {action_id!r}")

    def _state(self, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        return form_state(view, values, self._chosen)

    def _chosen(self, element: dict[str, Any], value: Any) -> dict[str, Any]:
        """An external select's pick. If the app has not suggested it to them yet, they open the list (an empty
        query), and if it is not there, type the value: as a person would, the app is asked each time."""
        try:
            return self.driver._suggested_option(self.user_id, element, value)
        except LookupError:
            view = self.modal
            block_id = next(
                (b.get("block_id", "") for b in (view or {}).get("blocks", []) if b.get("element") is element), ""
            )
            wanted = value.get("value") if isinstance(value, dict) else value
            for typed in ("", str(wanted)):
                self.driver.block_suggestion(self.user_id, element, block_id, typed, view=view)
                try:
                    return self.driver._suggested_option(self.user_id, element, value)
                except LookupError:
                    continue
            raise

    def submit(self, values: dict[str, Any] | None = None) -> Reply:
        """Fill inputs by action id (others keep their initial values) and press Submit."""
        view = self.modal
        assert view is not None, f"{self.user_id} has no open modal"
        submitted = dict(view, state={"values": self._state(view, values or {})})
        reply = self.driver.view_submission(self.user_id, submitted)
        self.last_reply = reply
        self.modal_errors = {}
        if reply.status != 200:
            self.driver.settle()
            return reply
        answer: dict[str, Any] = (reply.json() if reply.body else None) or {}
        with self.sim.lock:
            stack = self.sim.modal_stacks.get(self.user_id) or []
            action = answer.get("response_action")
            if action == "errors":
                self.modal_errors = answer["errors"]
            elif action == "update":
                self.sim._store_view(answer["view"], self.user_id, view_type="modal", view_id=view["id"])
            elif action == "push":
                stored = self.sim._store_view(answer["view"], self.user_id, view_type="modal")
                stack.append(stored["id"])
            elif action == "clear":
                stack.clear()
            elif stack:
                stack.pop()
        self.sim.changed()
        self.driver.settle()
        return reply

    def close(self) -> Reply | None:
        """Press the modal's close button: the top view goes (a pushed view goes back to the one below).
        The app hears of it only if the view asked (`notify_on_close`)."""
        with self.sim.lock:
            stack = self.sim.modal_stacks.get(self.user_id) or []
            assert stack, f"{self.user_id} has no open modal"
            view = self.sim.views[stack.pop()]["view"]
        self.modal_errors = {}
        self.sim.changed()
        if view.get("notify_on_close"):
            return self.driver.view_closed(self.user_id, view)
        return None

    def suggest(self, action_id: str, typed: str, filled: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Type into an external select (found like `click` finds elements); the options the app offers.
        `filled`: what they already chose in the form (by action id), which Slack sends along."""
        element, block_id, message, view = self._find(action_id)
        if view is not None:
            view = dict(view, state={"values": self._state(view, filled or {})})
        return self.driver.block_suggestion(self.user_id, element, block_id, typed, view=view, message=message)


def message_text(message: Message) -> str:
    """The text a person reads in a message: its blocks' text, or its fallback text."""
    parts: list[str] = []
    for node in iter_blocks(message.blocks or []):
        if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str):
            parts.append(node["text"])
    return "\n".join(parts) if parts else (message.text or "")


def view_text(view: dict[str, Any] | None) -> str:
    if view is None:
        return ""
    parts = [
        node["text"]
        for node in iter_blocks(view.get("blocks", []))
        if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str)
    ]
    return "\n".join(parts)
