"""A Slack-compatible Web API server on loopback, for tests, benchmarks and a try-it-without-Slack sandbox.

It keeps state like a tiny workspace (users, DM channels, messages with ts and threads, views, files),
records every call, refuses what Slack refuses (unknown methods, missing required arguments judged by
Slack's OpenAPI description, invalid Block Kit judged by slack_sdk.models) with Slack's error shape,
and can inject faults per method: 429 with Retry-After, 5xx, slow answers, dropped connections.

The other direction, Slack calling the app with signed requests, lives in `slacksim.driver`; with an app-level
token (`SlackSim(app_token="xapp-...")`) the app is in Socket Mode and Slack's side talks to it over a WebSocket
instead (`slacksim.socket_mode`, reached as `sim.socket_mode`).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from slacksim.blocks import InvalidBlocks, check_blocks, check_view
from slacksim.limits import RateLimits
from slacksim.socket_mode import SocketModeServer
from slacksim.spec import web_api

log = logging.getLogger(__name__)

JSONArgs = dict[str, Any]
# Methods that change nothing a person sees (the rest bump the change counter when they succeed).
_READ_ONLY = frozenset(
    {"auth.test", "users.info", "users.list", "conversations.open", "conversations.members", "conversations.history"}
)
# Arguments Slack sends as JSON strings inside form posts.
_JSON_FIELDS = ("blocks", "view", "attachments", "metadata", "files")


class SlackApiError(Exception):
    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error = error
        self.extra = extra


@dataclass
class Call:
    method: str
    args: JSONArgs
    at: float
    ok: bool = True
    error: str | None = None
    status: int = 200


@dataclass
class Message:
    channel: str
    ts: str
    text: str | None
    blocks: list[dict[str, Any]] | None
    user: str
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    ephemeral_to: str | None = None  # set for ephemeral messages and ephemeral response_url answers
    files: list[str] = field(default_factory=list)
    edited: int = 0


@dataclass
class Fault:
    """A fault to inject: which method(s), what happens, and for how long or how often."""

    method: str  # a method name, or "*" for all
    kind: str  # "rate_limited" | "server_error" | "slow" | "drop" | "drop_after" | "error"
    times: int | None = None  # fire this many times, then stop (None: no limit)
    every: int | None = None  # fire on every Nth matching call
    until: float | None = None  # time.monotonic() deadline
    retry_after: float = 1  # seconds; Slack sends whole seconds, tests may use less
    status: int = 503
    delay: float = 0.0
    error: str = "internal_error"
    seen: int = 0
    fired: int = 0

    def applies(self, method: str, now: float) -> bool:
        if self.method not in ("*", method):
            return False
        if self.until is not None and now > self.until:
            return False
        if self.times is not None and self.fired >= self.times:
            return False
        self.seen += 1
        if self.every is not None and self.seen % self.every != 0:
            return False
        self.fired += 1
        return True


TRIGGER_SECONDS = 3.0  # "trigger_id ... expires 3 seconds after it's sent to your app"
RESPONSE_URL_USES = 5
RESPONSE_URL_SECONDS = 30 * 60
_MANIFEST = Path(__file__).resolve().parent.parent / "manifest.yml"


def _manifest_scopes() -> set[str]:
    """The bot scopes the app's manifest asks for (the scopes an installed Drumbeat has): the `- scope`
    lines under `oauth_config: scopes: bot:` (read by hand: the playground runs without PyYAML)."""
    scopes: set[str] = set()
    try:
        lines = _MANIFEST.read_text().splitlines()
    except OSError:
        return scopes
    inside = False
    for line in lines:
        if line.strip() == "bot:":
            inside = True
        elif inside and line.strip().startswith("- "):
            scopes.add(line.strip()[2:].strip())
        elif inside and line.strip():
            break
    return scopes


class Hold:
    """Calls of one method pass until `after` of them have; later ones wait, unanswered, until `release()`.

    Lets a test stop the app mid-work at a point it chooses (say, kill it while calls are in flight)
    instead of hoping the machine is slow enough."""

    def __init__(self, method: str, after: int) -> None:
        self.method = method
        self.after = after
        self.passed = 0
        self.waiting = 0
        self._released = threading.Event()
        self._changed = threading.Condition()

    def admit(self) -> None:
        """Called for each matching call: returns when it may proceed."""
        with self._changed:
            if self._released.is_set() or self.passed < self.after:
                self.passed += 1
                return
            self.waiting += 1
            self._changed.notify_all()
        self._released.wait()
        with self._changed:
            self.waiting -= 1
            self.passed += 1
            self._changed.notify_all()

    def wait_for_waiting(self, count: int = 1, timeout: float = 60.0) -> bool:
        """Until at least `count` calls are held (the app is blocked mid-work)."""
        with self._changed:
            return self._changed.wait_for(lambda: self.waiting >= count, timeout)

    def release(self, timeout: float = 60.0) -> bool:
        """Let every held call through, and wait until none is still waiting to be answered."""
        self._released.set()
        with self._changed:
            return self._changed.wait_for(lambda: self.waiting == 0, timeout)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # the listen backlog: many clients connect at once in benchmarks

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accepted: dict[int, float] = {}  # connection -> when it was accepted

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-answer (killed, timed out) is not the server's error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def process_request(self, request: Any, client_address: Any) -> None:
        # When the connection was accepted: closer to when the client sent its call than when a busy
        # server gets round to reading it. Rate-limit checks judge "too early" by this.
        self.accepted[id(request)] = time.monotonic()
        super().process_request(request, client_address)


class _Dropped(Exception):
    """Close the connection without answering."""


class SlackSim:
    """The test Slack server. Use as a context manager, or call start() and stop()."""

    def __init__(
        self,
        *,
        bot_token: str = "xoxb-test-token",  # noqa: S107 - a test server's fixed token
        team_id: str = "T0DRUMBEAT",
        latency: float = 0.0,
        signing_secret: str = "test-signing-secret",  # noqa: S107
        threads_quiet: bool = True,
        poll_interval: float = 0.05,  # how often the server loop notices stop() (tests use less)
        clock: Callable[[], float] = time.time,
        scopes: Iterable[str] | None = None,  # the bot token's scopes; default: those manifest.yml asks for
        app_token: str | None = None,
        socket_ping_interval: float | None = 10.0,
        time_scale: float = 1.0,  # how long one of Slack's seconds lasts for its rate limits (slacksim.limits)
    ) -> None:
        self.poll_interval = poll_interval
        self.bot_token = bot_token
        # An app-level token puts the app in Socket Mode: Slack sends it envelopes over a WebSocket, not HTTP.
        self.app_token = app_token
        self.team_id = team_id
        self.latency = latency
        self.signing_secret = signing_secret
        self.bot_user_id = "UBOTDRUM01"
        self.bot_id = "BDRUMBEAT1"
        self.app_id = "ADRUMBEAT1"
        self.lock = threading.RLock()
        self.users: dict[str, dict[str, Any]] = {}
        self.locales: dict[str, str] = {}  # user id -> Slack locale, e.g. "es-LA"
        self.channels: dict[str, dict[str, Any]] = {}
        self.messages: list[Message] = []
        self.views: dict[str, dict[str, Any]] = {}  # view_id -> {"view", "user", "type", "hash", "stack_root"}
        self.modal_stacks: dict[str, list[str]] = {}  # user -> view ids, top last
        self.home: dict[str, str] = {}  # user -> view_id of the published home
        self.files: dict[str, dict[str, Any]] = {}
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self.holds: list[Hold] = []
        self.triggers: dict[str, tuple[str, float]] = {}  # trigger_id -> (user, expires)
        self.responses: dict[str, dict[str, Any]] = {}  # response_url token -> context
        # (method, channel or "") -> (issued, until) of the last 429, injected or by Slack's limits
        self.rate_limited_until: dict[tuple[str, str], tuple[float, float]] = {}
        # Slack's clock for what expires (triggers, response URLs) and rate windows; tests may move it on.
        self.timer: Callable[[], float] = time.monotonic
        # Slack's tiers and posting limit (`.enabled`), on the scale of `time_scale`
        self.rate_limits = RateLimits(lambda: self.timer(), time_scale)
        self.time_scale = time_scale
        self.expired_triggers = 0  # views.open and views.push calls whose trigger had expired
        self.paced: list[tuple[str, str]] = []  # 429s the limits answered: the app's own pace was too fast
        self.scopes = set(scopes) if scopes is not None else _manifest_scopes()
        # Calls made before a Retry-After passed. Calls already on their way when the 429 was issued
        # cannot have known, and are not counted: those whose connection was accepted within
        # `rate_limit_grace` seconds of it (a sender's threads may have passed their rate gate just
        # before the 429 was read; under load that was seen to take up to ~55 ms).
        self.early_calls: list[tuple[str, float]] = []
        self.rate_limit_grace = 0.1
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.add_user(self.bot_user_id, name="drumbeat", is_bot=True)
        self.app_url: str | None = None  # where Slack-signed requests go (see slacksim.driver)
        # Seconds since the epoch for message timestamps (a sandbox may run its workspace ahead of real time).
        self.clock = clock
        # A counter of visible changes (messages, views, files) and a condition to wait on it: a web page
        # showing the workspace waits here for something new instead of polling.
        self.version = 0
        self._changes = threading.Condition()
        self.socket_mode: SocketModeServer | None = (
            SocketModeServer(self, ping_interval=socket_ping_interval) if app_token else None
        )

    # ----- lifecycle -------------------------------------------------------------------------

    def start(self, port: int = 0) -> SlackSim:
        handler = _make_handler(self)
        self._server = _Server(("127.0.0.1", port), handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": self.poll_interval},
            name="slacksim",
            daemon=True,
        )
        self._thread.start()
        if self.socket_mode is not None:
            self.socket_mode.start()
        return self

    def stop(self) -> None:
        if self.socket_mode is not None:
            self.socket_mode.stop()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> SlackSim:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "start() the server first"
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """The value for SLACK_API_URL."""
        return f"{self.url}/api/"

    # ----- workspace state -------------------------------------------------------------------

    def add_user(
        self,
        user_id: str,
        *,
        name: str | None = None,
        tz: str = "America/Chicago",
        is_bot: bool = False,
        deleted: bool = False,
        is_admin: bool = False,
        is_owner: bool = False,
        locale: str = "en-US",
    ) -> dict[str, Any]:
        """A person in the workspace; `locale`: their Slack language (users.info tells it only when asked
        with include_locale, as Slack does)."""
        from datetime import datetime
        from zoneinfo import ZoneInfo

        offset = datetime.now(ZoneInfo(tz)).utcoffset()
        name = name or user_id.lower()
        user = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": name.title(),
            "deleted": deleted,
            "is_bot": is_bot,
            "is_app_user": False,
            "is_admin": is_admin,
            "is_owner": is_owner,
            "tz": tz,
            "tz_label": tz,
            "tz_offset": int(offset.total_seconds()) if offset else 0,
            "profile": {"display_name": name, "real_name": name.title()},
        }
        with self.lock:
            self.users[user_id] = user
            self.locales[user_id] = locale
        return user

    def add_channel(
        self, channel_id: str, name: str, members: list[str] | None = None, *, private: bool = False
    ) -> None:
        """A channel; the bot is in it only if `members` names it (`invite_bot`, like /invite @Drumbeat)."""
        with self.lock:
            self.channels[channel_id] = {
                "id": channel_id,
                "name": name,
                "is_im": False,
                "is_private": private,
                "members": list(members or []),
            }

    def invite_bot(self, channel_id: str) -> None:
        """What `/invite @Drumbeat` does in that channel."""
        with self.lock:
            members = self.channels[channel_id]["members"]
            if self.bot_user_id not in members:
                members.append(self.bot_user_id)

    def dm_channel(self, user_id: str) -> str:
        channel_id = "D" + user_id[1:]
        with self.lock:
            self.channels.setdefault(channel_id, {"id": channel_id, "is_im": True, "user": user_id, "members": []})
        return channel_id

    def next_ts(self) -> str:
        return f"{int(self.clock())}.{next(self._ts):06d}"

    # ----- changes, for pages that show the workspace live --------------------------------------

    def changed(self) -> int:
        """Note a visible change (a message, a view, a file): wakes `wait_change`."""
        with self._changes:
            self.version += 1
            self._changes.notify_all()
            return self.version

    def wait_change(self, since: int, timeout: float) -> int:
        """The change counter once it has moved past `since`, or as it is after `timeout` seconds."""
        with self._changes:
            self._changes.wait_for(lambda: self.version != since, timeout=timeout)
            return self.version

    def new_trigger(self, user_id: str) -> str:
        trigger = f"{next(self._ids)}.{secrets.token_hex(6)}"
        with self.lock:
            self.triggers[trigger] = (user_id, self.timer() + TRIGGER_SECONDS)
        return trigger

    def new_response_url(self, user_id: str, channel_id: str, message_ts: str | None = None) -> str:
        token = secrets.token_hex(8)
        with self.lock:
            self.responses[token] = {
                "user": user_id,
                "channel": channel_id,
                "message_ts": message_ts,
                "created": self.timer(),
            }
        return f"{self.url}/response/{token}"

    # ----- reading what happened -------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def messages_in(self, channel: str, *, include_ephemeral: bool = False) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m.channel == channel and (include_ephemeral or m.ephemeral_to is None)]

    def dms_to(self, user_id: str) -> list[Message]:
        """Messages the bot posted in its DM with this person (not ephemerals, not the person's own)."""
        channel = "D" + user_id[1:]
        return [m for m in self.messages_in(channel) if m.user == self.bot_user_id]

    def ephemerals_to(self, user_id: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m.ephemeral_to == user_id]

    def conversation(self, user_id: str, channel: str) -> list[Message]:
        """What one person sees in a channel or DM, oldest first: everyone's messages, thread replies
        included (their `thread_ts` names the parent), and the ephemeral messages shown to them alone."""
        with self.lock:
            return [
                m
                for m in self.messages
                if m.channel == channel and (m.ephemeral_to is None or m.ephemeral_to == user_id)
            ]

    def channels_of(self, user_id: str) -> list[dict[str, Any]]:
        """The channels (not DMs) a person is a member of."""
        with self.lock:
            return [dict(c) for c in self.channels.values() if not c["is_im"] and user_id in c["members"]]

    def find_message(self, channel: str, ts: str) -> Message | None:
        with self.lock:
            for message in self.messages:
                if message.channel == channel and message.ts == ts:
                    return message
        return None

    def stats(self) -> dict[str, Any]:
        """Counts for benchmarks run against a server in another process."""
        with self.lock:
            per_delivery: dict[int, int] = {}
            for message in self.messages:
                payload = (message.metadata or {}).get("event_payload") or {}
                if "delivery_id" in payload:
                    per_delivery[payload["delivery_id"]] = per_delivery.get(payload["delivery_id"], 0) + 1
            methods: dict[str, int] = {}
            for call in self.calls:
                methods[call.method] = methods.get(call.method, 0) + 1
            return {
                "calls": methods,
                "rate_limited": sum(1 for c in self.calls if c.status == 429),
                "early_calls": len(self.early_calls),
                "early_by": [round(left, 3) for _, left in self.early_calls[:20]],  # seconds of Retry-After left
                "deliveries_received": len(per_delivery),
                "duplicates": sum(n - 1 for n in per_delivery.values()),
                "messages": len(self.messages),
            }

    def sent_texts(self) -> list[tuple[str, str]]:
        """Every text the app sent that Slack reads as mrkdwn (where `<!channel>` would ping everyone):
        message `text` fallbacks and mrkdwn objects, in posts, updates, ephemerals, response URLs, slash
        command answers, views and file comments; as (where, text). Plain-text objects are shown
        literally by Slack and are left out."""
        found: list[tuple[str, str]] = []
        with self.lock:
            calls = list(self.calls)
            messages = list(self.messages)
            views = [entry["view"] for entry in self.views.values()]
        for call in calls:
            args = call.args
            if call.method in ("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url"):
                if isinstance(args.get("text"), str):
                    found.append((call.method, args["text"]))
                found += [(call.method, text) for text in _mrkdwn_texts(args.get("blocks"))]
            elif call.method.startswith("views."):
                found += [(call.method, text) for text in _mrkdwn_texts(args.get("view"))]
            elif call.method == "files.completeUploadExternal" and isinstance(args.get("initial_comment"), str):
                found.append((call.method, args["initial_comment"]))
        for message in messages:  # also slash-command answers given in the acknowledgement
            if message.user == self.bot_user_id:
                found += [("message", text) for text in [message.text or "", *_mrkdwn_texts(message.blocks)]]
        for view in views:  # also views set by a form's acknowledgement (response_action update/push)
            found += [("view", text) for text in _mrkdwn_texts(view)]
        return found

    # ----- faults ----------------------------------------------------------------------------

    def inject(self, method: str, kind: str, **options: Any) -> Fault:
        """Inject a fault; `seconds=N` makes it last N seconds from now."""
        seconds = options.pop("seconds", None)
        if seconds is not None:
            options["until"] = time.monotonic() + float(seconds)
        fault = Fault(method=method, kind=kind, **options)
        with self.lock:
            self.faults.append(fault)
        return fault

    def hold(self, method: str, *, after: int = 0) -> Hold:
        """Let `after` more calls of `method` through, then hold the rest until the Hold is released."""
        hold = Hold(method, after)
        with self.lock:
            self.holds.append(hold)
        return hold

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    # ----- the Web API -------------------------------------------------------------------------

    def handle_api(
        self, method: str, args: JSONArgs, token: str | None, sent: float | None = None
    ) -> tuple[int, dict[str, str], JSONArgs]:
        """Answer one Web API call: (HTTP status, headers, JSON body). Raises _Dropped to drop it.

        `sent`: when the connection carrying the call was accepted (time.monotonic()), if known.
        """
        for hold in [h for h in self.holds if h.method == method]:
            hold.admit()
        now = time.monotonic()
        sent = now if sent is None else sent
        call = Call(method=method, args=args, at=time.time())
        channel = self._posting_channel(method, args)
        with self.lock:
            self.calls.append(call)
            for key in ((method, ""), (method, channel)) if channel else ((method, ""),):
                limit = self.rate_limited_until.get(key)
                if limit is not None and limit[0] + self.rate_limit_grace < sent < limit[1]:
                    self.early_calls.append((method, limit[1] - sent))
            fault = next((f for f in self.faults if f.applies(method, now)), None)
        if self.latency:
            time.sleep(self.latency)
        if fault is not None:
            if fault.kind == "slow":
                time.sleep(fault.delay)
            elif fault.kind == "drop":
                call.ok, call.error = False, "dropped"
                raise _Dropped()
            elif fault.kind == "rate_limited":
                with self.lock:
                    issued = time.monotonic()
                    self.rate_limited_until[(method, channel or "")] = (issued, issued + fault.retry_after)
                call.ok, call.error, call.status = False, "ratelimited", 429
                return 429, {"Retry-After": str(fault.retry_after)}, {"ok": False, "error": "ratelimited"}
            elif fault.kind == "server_error":
                call.ok, call.error, call.status = False, f"http_{fault.status}", fault.status
                return fault.status, {}, {"ok": False, "error": "internal_error"}
            elif fault.kind == "error":
                call.ok, call.error = False, fault.error
                return 200, {}, {"ok": False, "error": fault.error}
        if token == self.bot_token and (retry := self.rate_limits.check(method, channel)) is not None:
            with self.lock:
                issued = time.monotonic()
                self.rate_limited_until[(method, channel or "")] = (issued, issued + retry)
                self.paced.append((method, channel or ""))
            call.ok, call.error, call.status = False, "ratelimited", 429
            return 429, {"Retry-After": str(retry)}, {"ok": False, "error": "ratelimited"}
        try:
            body = self._dispatch(method, args, token)
        except SlackApiError as error:
            call.ok, call.error = False, error.error
            return 200, {}, {"ok": False, "error": error.error, **error.extra}
        if method not in _READ_ONLY:
            self.changed()
        if fault is not None and fault.kind == "drop_after":
            call.error = "dropped_after_processing"
            raise _Dropped()  # done, but the caller never hears so
        return 200, {}, {"ok": True, **body}

    def _posting_channel(self, method: str, args: JSONArgs) -> str | None:
        """The channel a chat.postMessage goes to (a user id means their DM): its limit is per channel."""
        if method != "chat.postMessage":
            return None
        given = str(args.get("channel") or "")
        return "D" + given[1:] if given.startswith(("U", "W")) else given

    def _dispatch(self, method: str, args: JSONArgs, token: str | None) -> JSONArgs:
        spec = web_api()
        if not spec.knows(method):
            raise SlackApiError("unknown_method", req_method=method)
        if token is None:
            raise SlackApiError("not_authed")
        # Slack's token types: only the app-level token opens Socket Mode connections, and it does nothing else.
        app_token = self.app_token is not None and token == self.app_token
        if method == "apps.connections.open":
            if token == self.bot_token:
                raise SlackApiError("not_allowed_token_type")
            if not app_token:
                raise SlackApiError("invalid_auth")
        elif app_token:
            raise SlackApiError("not_allowed_token_type")
        elif token != self.bot_token:
            raise SlackApiError("invalid_auth")
        missing = spec.missing(method, args)
        if missing:
            raise SlackApiError(
                "invalid_arguments",
                response_metadata={"messages": [f"[ERROR] missing required field: {name}" for name in missing]},
            )
        for name in _JSON_FIELDS:
            if isinstance(args.get(name), str):
                try:
                    args[name] = json.loads(args[name])
                except ValueError:
                    raise SlackApiError(f"invalid_{name}") from None
        implementation = getattr(self, "api_" + method.replace(".", "_"), None)
        if implementation is None:
            raise SlackApiError("method_not_supported_by_slacksim", req_method=method)
        with self.lock:
            result: JSONArgs = implementation(args)
        return result

    # individual methods: called with the lock held -------------------------------------------

    def _user(self, user_id: Any) -> dict[str, Any]:
        user = self.users.get(str(user_id))
        if user is None:
            raise SlackApiError("user_not_found")
        return user

    def _resolve_channel(self, given: Any) -> str:
        channel = str(given)
        if channel.startswith(("U", "W")):
            user = self._user(channel)
            if user["is_bot"]:
                raise SlackApiError("cannot_dm_bot")
            if user["deleted"]:
                raise SlackApiError("account_inactive")
            return self.dm_channel(channel)
        if channel not in self.channels:
            if channel.startswith("D") and ("U" + channel[1:]) in self.users:
                return self.dm_channel("U" + channel[1:])
            raise SlackApiError("channel_not_found")
        return channel

    def _need_scope(self, scope: str) -> None:
        if scope not in self.scopes:
            raise SlackApiError("missing_scope", needed=scope, provided=",".join(sorted(self.scopes)))

    def _member_channel(self, channel: str) -> str:
        """A channel the bot posts to: DMs always; other channels only once the bot is a member."""
        found = self.channels.get(channel)
        if found is not None and not found["is_im"] and self.bot_user_id not in found["members"]:
            raise SlackApiError("not_in_channel")
        return channel

    def _readable_channel(self, given: Any) -> dict[str, Any]:
        found = self.channels.get(str(given))
        if found is None or found["is_im"]:
            raise SlackApiError("channel_not_found")
        self._need_scope("groups:read" if found.get("is_private") else "channels:read")
        if found.get("is_private") and self.bot_user_id not in found["members"]:
            raise SlackApiError("channel_not_found")  # a private channel is invisible to non-members
        return found

    def _check_message_content(self, args: JSONArgs) -> None:
        if args.get("blocks") is not None:
            try:
                check_blocks(args["blocks"])
            except InvalidBlocks as error:
                raise SlackApiError("invalid_blocks", response_metadata={"messages": [str(error)]}) from None
        elif not args.get("text") and not args.get("attachments"):
            raise SlackApiError("no_text")
        if args.get("text") is not None and len(str(args["text"])) > 40000:
            raise SlackApiError("msg_too_long")

    def api_auth_test(self, args: JSONArgs) -> JSONArgs:
        return {
            "url": f"{self.url}/",
            "team": "Drumbeat Test",
            "user": "drumbeat",
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def api_apps_connections_open(self, args: JSONArgs) -> JSONArgs:
        assert self.socket_mode is not None, "only an app token opens connections, and it enables Socket Mode"
        return {"url": self.socket_mode.open_url()}

    def api_users_info(self, args: JSONArgs) -> JSONArgs:
        user = dict(self._user(args.get("user")))
        if str(args.get("include_locale")).lower() in ("true", "1"):
            user["locale"] = self.locales.get(user["id"], "en-US")
        return {"user": user}

    def api_users_list(self, args: JSONArgs) -> JSONArgs:
        limit = int(args.get("limit") or 200)
        start = int(args.get("cursor") or 0)
        everyone = list(self.users.values())
        page = everyone[start : start + limit]
        following = start + limit
        cursor = str(following) if following < len(everyone) else ""
        members = [dict(u) for u in page]
        if str(args.get("include_locale")).lower() in ("true", "1"):
            for member in members:
                member["locale"] = self.locales.get(member["id"], "en-US")
        return {"members": members, "response_metadata": {"next_cursor": cursor}}

    def api_conversations_open(self, args: JSONArgs) -> JSONArgs:
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if len(users) != 1:
            raise SlackApiError("invalid_arguments" if not users else "not_supported_in_test_server")
        channel = self._resolve_channel(users[0])
        return {"channel": {"id": channel, "is_im": True, "user": users[0]}}

    def api_conversations_info(self, args: JSONArgs) -> JSONArgs:
        channel = self._readable_channel(args.get("channel"))
        return {
            "channel": {
                "id": channel["id"],
                "name": channel["name"],
                "is_channel": not channel.get("is_private"),
                "is_private": bool(channel.get("is_private")),
                "is_member": self.bot_user_id in channel["members"],
            }
        }

    def api_conversations_members(self, args: JSONArgs) -> JSONArgs:
        channel = self._readable_channel(args.get("channel"))
        limit = int(args.get("limit") or 100)
        start = int(args.get("cursor") or 0)
        members = channel["members"]
        following = start + limit
        cursor = str(following) if following < len(members) else ""
        return {"members": members[start:following], "response_metadata": {"next_cursor": cursor}}

    def api_conversations_history(self, args: JSONArgs) -> JSONArgs:
        channel = self._resolve_channel(args.get("channel"))
        oldest = float(args.get("oldest") or 0)
        limit = int(args.get("limit") or 100)
        found = [
            m
            for m in reversed(self.messages)
            if m.channel == channel and m.ephemeral_to is None and float(m.ts) >= oldest
        ][:limit]
        include_metadata = str(args.get("include_all_metadata", "")).lower() in ("1", "true")
        return {
            "messages": [_message_json(m, include_metadata) for m in found],
            "has_more": False,
        }

    def api_chat_postMessage(self, args: JSONArgs) -> JSONArgs:
        channel = self._member_channel(self._resolve_channel(args["channel"]))
        self._check_message_content(args)
        thread_ts = args.get("thread_ts")
        if thread_ts and self.find_message(channel, str(thread_ts)) is None:
            raise SlackApiError("thread_not_found")
        message = Message(
            channel=channel,
            ts=self.next_ts(),
            text=args.get("text"),
            blocks=args.get("blocks"),
            user=self.bot_user_id,
            thread_ts=str(thread_ts) if thread_ts else None,
            metadata=args.get("metadata"),
        )
        self.messages.append(message)
        return {"channel": channel, "ts": message.ts, "message": _message_json(message, True)}

    def api_chat_update(self, args: JSONArgs) -> JSONArgs:
        channel = self._resolve_channel(args["channel"])
        message = self.find_message(channel, str(args["ts"]))
        if message is None:
            raise SlackApiError("message_not_found")
        self._check_message_content(args)
        message.text = args.get("text", message.text)
        if "blocks" in args:
            message.blocks = args["blocks"]
        message.edited += 1
        return {"channel": channel, "ts": message.ts, "text": message.text}

    def api_chat_postEphemeral(self, args: JSONArgs) -> JSONArgs:
        channel = self._resolve_channel(args["channel"])
        user = self._user(args["user"])
        self._check_message_content(args)
        message = Message(
            channel=channel,
            ts=self.next_ts(),
            text=args.get("text"),
            blocks=args.get("blocks"),
            user=self.bot_user_id,
            ephemeral_to=user["id"],
        )
        self.messages.append(message)
        return {"message_ts": message.ts}

    def _use_trigger(self, trigger_id: Any) -> str:
        entry = self.triggers.pop(str(trigger_id), None)
        if entry is None:
            raise SlackApiError("invalid_trigger_id")
        user, expires = entry
        if self.timer() > expires:
            with self.lock:
                self.expired_triggers += 1
            raise SlackApiError("expired_trigger_id")
        return user

    def _store_view(self, view: Any, user: str, *, view_type: str, view_id: str | None = None) -> JSONArgs:
        try:
            check_view(view)
        except InvalidBlocks as error:
            raise SlackApiError("invalid_arguments", response_metadata={"messages": [str(error)]}) from None
        if view.get("type") != view_type:
            raise SlackApiError("invalid_arguments", response_metadata={"messages": [f"view type must be {view_type}"]})
        view_id = view_id or f"V{next(self._ids):08d}"
        stored = dict(view)
        stored.update(id=view_id, hash=secrets.token_hex(6), team_id=self.team_id, state={"values": {}})
        stored.setdefault("private_metadata", "")
        stored.setdefault("callback_id", "")
        self.views[view_id] = {"view": stored, "user": user}
        return stored

    def api_views_open(self, args: JSONArgs) -> JSONArgs:
        user = self._use_trigger(args["trigger_id"])
        stored = self._store_view(args["view"], user, view_type="modal")
        self.modal_stacks[user] = [stored["id"]]
        return {"view": stored}

    def api_views_push(self, args: JSONArgs) -> JSONArgs:
        user = self._use_trigger(args["trigger_id"])
        stack = self.modal_stacks.get(user) or []
        if not stack:
            raise SlackApiError("not_found")
        if len(stack) >= 3:
            raise SlackApiError("push_limit_reached")
        stored = self._store_view(args["view"], user, view_type="modal")
        stack.append(stored["id"])
        return {"view": stored}

    def api_views_update(self, args: JSONArgs) -> JSONArgs:
        view_id = args.get("view_id")
        if not view_id or view_id not in self.views:
            raise SlackApiError("not_found")
        if args.get("hash") and args["hash"] != self.views[view_id]["view"]["hash"]:
            raise SlackApiError("hash_conflict")
        entry = self.views[view_id]
        stored = self._store_view(args.get("view"), entry["user"], view_type=entry["view"]["type"], view_id=view_id)
        return {"view": stored}

    def api_views_publish(self, args: JSONArgs) -> JSONArgs:
        user = self._user(args["user_id"])["id"]
        stored = self._store_view(args["view"], user, view_type="home", view_id=self.home.get(user))
        self.home[user] = stored["id"]
        return {"view": stored}

    def api_files_getUploadURLExternal(self, args: JSONArgs) -> JSONArgs:
        file_id = f"F{next(self._ids):08d}"
        self.files[file_id] = {
            "id": file_id,
            "name": args["filename"],
            "length": int(args["length"]),
            "content": None,
            "shared": False,
        }
        return {"upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id}

    def api_files_completeUploadExternal(self, args: JSONArgs) -> JSONArgs:
        entries = args["files"]
        channel = args.get("channel_id") or args.get("channels")
        if channel:
            channel = self._member_channel(self._resolve_channel(channel))
        done = []
        for entry in entries:
            stored = self.files.get(entry.get("id"))
            if stored is None or stored["content"] is None:
                raise SlackApiError("file_not_found")
            stored["title"] = entry.get("title") or stored["name"]
            stored["shared"] = True
            done.append({"id": stored["id"], "title": stored["title"], "name": stored["name"]})
        if channel:
            message = Message(
                channel=channel,
                ts=self.next_ts(),
                text=args.get("initial_comment"),
                blocks=None,
                user=self.bot_user_id,
                thread_ts=args.get("thread_ts"),
                files=[f["id"] for f in done],
            )
            self.messages.append(message)
            for f in done:
                self.files[f["id"]]["channel"] = channel
        return {"files": done}

    # ----- uploads and response_url posts (not Web API methods) --------------------------------

    def handle_upload(self, file_id: str, body: bytes, content_type: str) -> int:
        with self.lock:
            stored = self.files.get(file_id)
            if stored is None:
                return 404
            stored["content"] = _multipart_file(body, content_type) if "multipart" in content_type else body
        self.changed()
        return 200

    def handle_response_url(self, token: str, payload: JSONArgs) -> tuple[int, str]:
        for hold in [h for h in self.holds if h.method == "response_url"]:  # sim.hold("response_url") holds these
            hold.admit()
        status, text = self._respond(token, payload)
        if status == 200:
            self.changed()
        return status, text

    def _respond(self, token: str, payload: JSONArgs) -> tuple[int, str]:
        with self.lock:
            context = self.responses.get(token)
            if context is None:
                return 404, "no_such_response_url"
            self.calls.append(Call(method="response_url", args=payload, at=time.time()))
            # Slack: "use it up to five times within 30 minutes".
            if self.timer() - context["created"] > RESPONSE_URL_SECONDS:
                return 404, "expired_url"
            context["uses"] = context.get("uses", 0) + 1
            if context["uses"] > RESPONSE_URL_USES:
                return 404, "used_url"
            blocks = payload.get("blocks")
            if blocks is not None:
                try:
                    check_blocks(blocks)
                except InvalidBlocks:
                    return 400, "invalid_blocks"
            if payload.get("delete_original") and context["message_ts"]:
                self.messages = [
                    m for m in self.messages if not (m.channel == context["channel"] and m.ts == context["message_ts"])
                ]
                return 200, "ok"
            if payload.get("replace_original") and context["message_ts"]:
                message = self.find_message(context["channel"], context["message_ts"])
                if message is not None:
                    message.text = payload.get("text", message.text)
                    message.blocks = blocks
                    message.edited += 1
                    return 200, "ok"
            ephemeral = payload.get("response_type", "ephemeral") != "in_channel"
            self.messages.append(
                Message(
                    channel=context["channel"],
                    ts=self.next_ts(),
                    text=payload.get("text"),
                    blocks=blocks,
                    user=self.bot_user_id,
                    ephemeral_to=context["user"] if ephemeral else None,
                )
            )
            return 200, "ok"


def _mrkdwn_texts(node: Any) -> list[str]:
    return [d["text"] for d in iter_blocks(node) if d.get("type") == "mrkdwn" and isinstance(d.get("text"), str)]


def _message_json(message: Message, include_metadata: bool) -> JSONArgs:
    body: JSONArgs = {"type": "message", "ts": message.ts, "user": message.user, "text": message.text or ""}
    if message.blocks is not None:
        body["blocks"] = message.blocks
    if message.thread_ts:
        body["thread_ts"] = message.thread_ts
    if message.user.startswith("UBOT"):
        body["bot_id"] = "BDRUMBEAT1"
    if include_metadata and message.metadata:
        body["metadata"] = message.metadata
    return body


def _multipart_file(body: bytes, content_type: str) -> bytes:
    boundary = content_type.split("boundary=", 1)[1].strip().strip('"').encode()
    for part in body.split(b"--" + boundary):
        if b"\r\n\r\n" in part and b"filename" in part.split(b"\r\n\r\n", 1)[0]:
            return part.split(b"\r\n\r\n", 1)[1].rstrip(b"\r\n")
    return body


def _parse_args(body: bytes, content_type: str, query: str) -> JSONArgs:
    args: JSONArgs = dict(parse_qsl(query))
    if not body:
        return args
    if "application/json" in content_type:
        loaded = json.loads(body)
        if isinstance(loaded, dict):
            args.update(loaded)
    else:
        args.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return args


def _make_handler(sim: SlackSim) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "slacksim/1"

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("slacksim: %s", format % args)

        def _body(self) -> bytes:
            length = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(length) if length else b""

        def _reply(self, status: int, body: bytes, headers: dict[str, str] | None = None, ctype: str = "") -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype or "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def _serve(self, verb: str) -> None:
            parts = urlsplit(self.path)
            body = self._body() if verb == "POST" else b""
            ctype = self.headers.get("Content-Type", "")
            try:
                if parts.path.startswith("/api/"):
                    method = parts.path[len("/api/") :]
                    try:
                        args = _parse_args(body, ctype, parts.query)
                    except ValueError:
                        self._reply(200, json.dumps({"ok": False, "error": "invalid_json"}).encode())
                        return
                    auth = self.headers.get("Authorization", "")
                    token = auth[len("Bearer ") :] if auth.startswith("Bearer ") else args.pop("token", None)
                    args.pop("token", None)
                    server: Any = self.server
                    sent = server.accepted.pop(id(self.request), None)
                    status, headers, answer = sim.handle_api(method, args, token, sent)
                    self._reply(status, json.dumps(answer).encode(), headers)
                elif parts.path == "/_sim/stats":
                    self._reply(200, json.dumps(sim.stats()).encode())
                elif parts.path.startswith("/upload/"):
                    status = sim.handle_upload(parts.path.rsplit("/", 1)[1], body, ctype)
                    self._reply(status, b"OK - uploaded" if status == 200 else b"not found", ctype="text/plain")
                elif parts.path.startswith("/response/"):
                    status, text = sim.handle_response_url(parts.path.rsplit("/", 1)[1], json.loads(body or b"{}"))
                    self._reply(status, text.encode(), ctype="text/plain")
                else:
                    self._reply(404, b'{"ok":false,"error":"not_found"}')
            except _Dropped:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)

    return Handler


def iter_blocks(view_or_blocks: Any) -> Iterator[dict[str, Any]]:
    """Every dict inside a view or block list, depth first (for finding elements by action id)."""
    if isinstance(view_or_blocks, dict):
        yield view_or_blocks
        for value in view_or_blocks.values():
            yield from iter_blocks(value)
    elif isinstance(view_or_blocks, list):
        for value in view_or_blocks:
            yield from iter_blocks(value)


Predicate = Callable[[Message], bool]
