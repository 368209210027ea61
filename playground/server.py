"""The playground: the real bot.py against the Slack-compatible server, and a small Slack in a web page.

`Playground.start()` runs `slacksim.SlackSim` in this process (loopback, a random port, a fresh signing
secret), writes the demo coalition if asked, starts `bot.py` as a subprocess in HTTP mode on SQLite,
waits for its /healthz, then serves the page. What a person does on the page goes to the bot as
signed requests through `slacksim.SlackDriver`, exactly as Slack would send them; the page hears of
changes through server-sent events.
"""

from __future__ import annotations

import contextlib
import json
import logging
import mimetypes
import os
import re
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from models import Database
from playground import seed
from playground.seed import COALITION_CHANNEL, NEWCOMERS, ORGANIZER, ORGANIZER_PERSON, REPORT_CHANNEL, TEAM, Person
from runtime.clock import write_offset
from slacksim import Message, SlackDriver, SlackSim
from slacksim.server import iter_blocks

MESSAGE_CHARS = 4000  # what Slack lets a person type in one message
_AT_NAME = re.compile(r"(?<![\w<|])@([a-z0-9](?:[a-z0-9._-]*[a-z0-9])?)", re.IGNORECASE)
_HASH_CHANNEL = re.compile(r"(?<![\w<|&])#([a-z0-9](?:[a-z0-9_-]*[a-z0-9])?)", re.IGNORECASE)
log = logging.getLogger("playground")

ROOT = Path(__file__).resolve().parent.parent
STATIC = Path(__file__).resolve().parent / "static"
STATIC_FILES = {"app.js", "blockkit.js", "style.css", "index.html"}
DAY = 86400.0
LOCALES = {"en-US": "English", "es-LA": "Español"}  # the Slack languages a person added here may have
ZONES = ["America/Chicago", "America/New_York", "America/Denver", "America/Los_Angeles", "UTC"]
MAX_BODY = 64 * 1024


class PlaygroundError(Exception):
    """Something the person asked for that cannot be done; the message says why."""


# the line bot.py logs once it listens: "... on http://0.0.0.0:PORT/..."
LISTENING = re.compile(r"http://0\.0\.0\.0:(\d+)/")


class Playground:
    def __init__(self, data_dir: Path, *, port: int = 3000, host: str = "127.0.0.1", demo: bool = False) -> None:
        self.data_dir = data_dir
        self.port = port
        self.host = host
        self.demo = demo
        self.db_path = data_dir / "playground.db"
        self.offset_file = data_dir / "clock-offset"
        self.offset = 0.0
        self.signing_secret = secrets.token_hex(16)
        self.sim = SlackSim(
            bot_token="xoxb-playground-" + secrets.token_hex(8),
            team_id=TEAM,
            signing_secret=self.signing_secret,
            clock=lambda: time.time() + self.offset,
        )
        self.bot: subprocess.Popen[bytes] | None = None
        self.bot_port = 0
        self.driver: SlackDriver | None = None
        self.web: ThreadingHTTPServer | None = None
        self._people_lock = threading.Lock()
        self._added = 0
        self.errors: dict[str, dict[str, str]] = {}  # view id -> the inline errors the app answered

    # ----- start and stop ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self.web is not None
        return f"http://{self.host}:{self.web.server_address[1]}/"

    def start(self, *, ready_timeout: float = 90.0) -> Playground:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fresh = not self.db_path.exists()
        if self.offset_file.exists():
            with contextlib.suppress(ValueError, OSError):
                self.offset = float(self.offset_file.read_text().strip() or 0)
        else:
            write_offset(self.offset_file, 0.0)
        self.sim.start(0)
        self._workspace()
        db = Database(f"sqlite:///{self.db_path}")
        try:
            db.migrate()
            if self.demo and fresh:
                seed.seed_demo(db, self.now())
            self._people_from(db)
        finally:
            db.dispose()
        self._start_bot(ready_timeout)
        self.driver = SlackDriver(self.sim, f"http://127.0.0.1:{self.bot_port}", self.signing_secret)
        self.web = _WebServer((self.host, self.port), _handler(self))
        threading.Thread(target=self.web.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        if fresh:
            for person in NEWCOMERS:  # they joined the workspace: Drumbeat welcomes them
                self.driver.send_event({"type": "team_join", "user": dict(self.sim.users[person.user_id])})
        return self

    def stop(self) -> int:
        """Stop the page, then the bot (SIGTERM: it finishes acknowledged work), then the Slack server."""
        if self.web is not None:
            self.web.shutdown()
            self.web.server_close()
            self.web = None
        code = 0
        if self.bot is not None and self.bot.poll() is None:
            self.bot.send_signal(signal.SIGTERM)
            try:
                code = self.bot.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.bot.kill()
                code = self.bot.wait()
        self.sim.stop()
        return code

    def _add_person(self, person: Person, *, channels: tuple[str, ...] = (COALITION_CHANNEL,)) -> None:
        user = self.sim.add_user(person.user_id, name=person.handle, tz=person.tz, locale=person.locale)
        with self.sim.lock:
            user["real_name"] = person.real_name
            user["profile"]["real_name"] = person.real_name
            for channel in channels:
                members = self.sim.channels[channel]["members"]
                if person.user_id not in members:
                    members.append(person.user_id)

    def _workspace(self) -> None:
        self.sim.add_channel(COALITION_CHANNEL, "reentry-coalition", [self.sim.bot_user_id])
        self.sim.add_channel(REPORT_CHANNEL, "drumbeat-organizers", [self.sim.bot_user_id])
        self._add_person(ORGANIZER_PERSON, channels=(COALITION_CHANNEL, REPORT_CHANNEL))
        for person in NEWCOMERS:
            self._add_person(person)
        if self.demo:
            for person in seed.demo_people():
                self._add_person(person)

    def _people_from(self, db: Database) -> None:
        """People who joined in an earlier run with the same --data folder are in the workspace again."""
        from core import messengers

        for user_id, name, tz in messengers.everyone(db):
            if user_id not in self.sim.users:
                handle = name or user_id.lower()
                self._add_person(Person(user_id, handle, handle.replace(".", " ").title(), tz))

    def _start_bot(self, timeout: float) -> None:
        """bot.py on any free port (PORT=0; its log says which: a port chosen here could be taken first)."""
        log_path = self.data_dir / "bot.log"
        earlier = log_path.stat().st_size if log_path.exists() else 0  # a --data folder keeps its log
        self.bot_port = 0
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DRUMBEAT_", "DATABASE_URL", "PORT"))}
        env.update(
            SLACK_BOT_TOKEN=self.sim.bot_token,
            SLACK_SIGNING_SECRET=self.signing_secret,
            SLACK_API_URL=self.sim.api_url,
            DATABASE_URL=f"sqlite:///{self.db_path}",
            PORT="0",
            DRUMBEAT_ORGANIZERS=ORGANIZER,
            DRUMBEAT_REPORT_CHANNEL=REPORT_CHANNEL,
            DRUMBEAT_CHANNEL=COALITION_CHANNEL,
            DRUMBEAT_TIMEZONE=seed.TIMEZONE,
            DRUMBEAT_CLOCK_OFFSET_FILE=str(self.offset_file),
        )
        log_file = (self.data_dir / "bot.log").open("ab")
        # In the data folder, so that a .env beside the code is not read: the playground sets everything.
        self.bot = subprocess.Popen(  # noqa: S603 - our own bot.py with this Python
            [sys.executable, str(ROOT / "bot.py")], cwd=self.data_dir, env=env, stdout=log_file, stderr=log_file
        )
        log_file.close()
        deadline = time.monotonic() + timeout
        while True:
            if not self.bot_port:
                with log_path.open("rb") as log:
                    log.seek(earlier)
                    found = LISTENING.search(log.read().decode("utf-8", "replace"))
                self.bot_port = int(found.group(1)) if found else 0
            if self.bot_port:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{self.bot_port}/healthz", timeout=1) as answer:
                        if answer.status == 200:
                            return
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
            if self.bot.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-2000:]
                raise PlaygroundError(f"Drumbeat did not start; the end of its log:\n{tail}")
            time.sleep(0.05)

    # ----- the clock -------------------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.offset)

    def next_send(self) -> datetime | None:
        """The next scheduled send: a pending delivery or an implementation check (read-only from SQLite)."""
        if not self.db_path.exists():
            return None
        uri = f"file:{self.db_path}?mode=ro"
        try:
            with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as conn:
                rows = conn.execute(
                    "SELECT MIN(due_at) FROM deliveries WHERE state = 'pending' "
                    "UNION ALL SELECT MIN(due_at) FROM implementation_checks WHERE state = 'scheduled'"
                ).fetchall()
        except sqlite3.Error:
            return None
        found = [datetime.fromisoformat(str(r[0])).replace(tzinfo=UTC) for r in rows if r[0]]
        return min(found) if found else None

    def move_clock(self, how: str) -> str:
        if how == "day":
            offset = self.offset + DAY
            said = "Moved the clock forward one day."
        elif how == "next":
            due = self.next_send()
            if due is None:
                return "Nothing is scheduled."
            offset = max(self.offset, (due - datetime.now(UTC)).total_seconds() + 1)
            said = "Moved the clock to the next scheduled send."
        else:
            raise PlaygroundError("unknown clock move")
        self.offset = offset
        write_offset(self.offset_file, offset)  # the bot notices, and runs what became due at once
        self.sim.changed()
        log.info("clock offset now %.0f s", offset)
        return said

    # ----- what a person sees ------------------------------------------------------------------------

    def state(self, user_id: str, channel: str) -> dict[str, Any]:
        sim = self.sim
        version = sim.version
        self._person(user_id)
        with sim.lock:
            people = [
                {
                    "id": u["id"],
                    "name": u["real_name"],
                    "handle": u["name"],
                    "tz": u["tz"],
                    "organizer": u["id"] == ORGANIZER,
                    "bot": u["is_bot"],
                }
                for u in sim.users.values()
            ]
            channels = [{"id": c["id"], "name": c["name"]} for c in sim.channels_of(user_id)]
            stack = sim.modal_stacks.get(user_id) or []
            modal = sim.views[stack[-1]]["view"] if stack else None
            home_id = sim.home.get(user_id)
            home = sim.views[home_id]["view"] if home_id else None
            files = dict(sim.files)
        if channel != sim.dm_channel(user_id) and channel not in {c["id"] for c in channels}:
            channel = sim.dm_channel(user_id)
        messages = [_message(m, files) for m in sim.conversation(user_id, channel)]
        due = self.next_send()
        return {
            "version": version,
            "me": user_id,
            "bot": sim.bot_user_id,
            "people": people,
            "channels": channels,
            "channel": channel,
            "messages": messages,
            "modal": None
            if modal is None
            else {"view": modal, "depth": len(stack), "errors": self.errors.get(modal["id"], {})},
            "home": home,
            "clock": {
                "now": self.now().timestamp(),
                "offset": self.offset,
                "tz": seed.TIMEZONE,
                "next": due.timestamp() if due else None,
            },
            "zones": ZONES,
            "locales": LOCALES,
        }

    def _person(self, user_id: str) -> Any:
        if user_id not in self.sim.users or self.sim.users[user_id]["is_bot"]:
            raise PlaygroundError("no such person")
        assert self.driver is not None
        return self.driver.person(user_id)

    # ----- what a person does -------------------------------------------------------------------------

    def write(self, user_id: str, channel: str, text: str, thread_ts: str | None) -> None:
        person = self._person(user_id)
        text = text.strip()
        if not text:
            return
        if len(text) > MESSAGE_CHARS:
            raise PlaygroundError(
                f"That message is too long: a message holds {MESSAGE_CHARS:,} characters and this one has "
                f"{len(text):,}. Shorten it, or send it in parts."
            )
        command = re.match(r"^(/[a-z-]+)(?:\s+(.*))?$", text, re.S)
        if command and not thread_ts:
            if command.group(1) != "/drumbeat":
                raise PlaygroundError(f"{command.group(1)} is not a command here; try /drumbeat help")
            person.command(self._mentions(command.group(2) or ""), channel=channel)
            return
        in_dm = channel == self.sim.dm_channel(user_id)
        # Slack's client sends what people type with &, < and > as entities (a "<b>" typed is no markup).
        typed = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        person.say(self._mentions(typed), thread_ts=thread_ts or None, channel=None if in_dm else channel)

    def _mentions(self, text: str) -> str:
        """What Slack's composer makes of `@name` and `#channel` picked from its list: the escaped forms an
        app reads, `<@U123|name>` and `<#C123|name>` (the manifest's `should_escape`). Other words stay."""
        with self.sim.lock:
            people = {u["name"].lower(): uid for uid, u in self.sim.users.items() if not u.get("deleted")}
            channels = {str(c.get("name", "")).lower(): cid for cid, c in self.sim.channels.items() if c.get("name")}

        def person(found: re.Match[str]) -> str:
            user_id = people.get(found.group(1).lower())
            return f"<@{user_id}|{found.group(1)}>" if user_id else found.group(0)

        def channel(found: re.Match[str]) -> str:
            channel_id = channels.get(found.group(1).lower())
            return f"<#{channel_id}|{found.group(1)}>" if channel_id else found.group(0)

        text = _AT_NAME.sub(person, text)
        return _HASH_CHANNEL.sub(channel, text)

    def _container(self, user_id: str, container: dict[str, Any]) -> tuple[list[Any], Message | None, Any]:
        """The blocks a person acts on: a message they can see, or a view of theirs."""
        sim = self.sim
        if container.get("type") == "message":
            message = sim.find_message(str(container.get("channel")), str(container.get("ts")))
            if message is None or message.ephemeral_to not in (None, user_id):
                raise PlaygroundError("That message is gone.")
            if message.channel != sim.dm_channel(user_id) and message.channel not in {
                c["id"] for c in sim.channels_of(user_id)
            }:
                raise PlaygroundError("That message is gone.")
            return message.blocks or [], message, None
        with sim.lock:
            entry = sim.views.get(str(container.get("view_id")))
            if entry is None or entry["user"] != user_id:
                raise PlaygroundError("That view is gone.")
            view = entry["view"]
        return view.get("blocks", []), None, view

    def act(self, user_id: str, body: dict[str, Any]) -> None:
        person = self._person(user_id)
        blocks, message, view = self._container(user_id, body.get("container") or {})
        element, block_id = _element(blocks, str(body.get("block_id", "")), str(body.get("action_id", "")))
        if view is not None:
            view = dict(view, state={"values": person._state(view, _values(body))})
        assert self.driver is not None
        self.driver.block_action(user_id, element, block_id, value=body.get("value"), message=message, view=view)

    def suggest(self, user_id: str, body: dict[str, Any]) -> list[dict[str, Any]]:
        person = self._person(user_id)
        blocks, message, view = self._container(user_id, body.get("container") or {})
        element, block_id = _element(blocks, str(body.get("block_id", "")), str(body.get("action_id", "")))
        if view is not None:
            view = dict(view, state={"values": person._state(view, _values(body))})
        assert self.driver is not None
        typed = str(body.get("typed", ""))[:150]
        return self.driver.block_suggestion(user_id, element, block_id, typed, view=view, message=message)

    def submit(self, user_id: str, body: dict[str, Any]) -> None:
        person = self._person(user_id)
        modal = person.modal
        if modal is None or modal["id"] != body.get("view_id"):
            raise PlaygroundError("That form is no longer open.")
        reply = person.submit(_values(body))
        if reply.status != 200:
            raise PlaygroundError("Drumbeat had trouble with that form; it is still open, try again.")
        self.errors[modal["id"]] = dict(person.modal_errors)
        self.sim.changed()

    def close(self, user_id: str, view_id: str) -> None:
        person = self._person(user_id)
        modal = person.modal
        if modal is None or modal["id"] != view_id:
            return
        self.errors.pop(view_id, None)
        person.close()

    def open_home(self, user_id: str) -> None:
        self._person(user_id).open_home()

    def add_person(self, name: str, tz: str, locale: str = "en-US") -> str:
        """Someone new in the workspace, with their time zone and Slack language (`es-LA`: Spanish)."""
        name = " ".join(name.split())
        if not 1 <= len(name) <= 40:
            raise PlaygroundError("Give the person a name of 1 to 40 characters.")
        if tz not in ZONES:
            raise PlaygroundError("Pick one of the time zones offered.")
        if locale not in LOCALES:
            raise PlaygroundError("Pick one of the languages offered.")
        with self._people_lock:
            self._added += 1
            user_id = f"UPLAY{self._added:04d}"
            while user_id in self.sim.users:
                self._added += 1
                user_id = f"UPLAY{self._added:04d}"
            handle = re.sub(r"[^a-z0-9]+", ".", name.lower()).strip(".") or user_id.lower()
            self._add_person(Person(user_id, handle, name, tz, locale))
        assert self.driver is not None
        self.driver.send_event({"type": "team_join", "user": dict(self.sim.users[user_id])})
        self.sim.changed()
        return user_id


def _values(body: dict[str, Any]) -> dict[str, Any]:
    values = body.get("values") or {}
    if not isinstance(values, dict):
        raise PlaygroundError("values must be an object")
    return {str(k): (None if v == "" else v) for k, v in values.items()}


def _element(blocks: list[Any], block_id: str, action_id: str) -> tuple[dict[str, Any], str]:
    for block in blocks:
        if block_id and block.get("block_id", "") != block_id:
            continue
        for node in iter_blocks(block):
            if node.get("action_id") == action_id and "type" in node:
                return node, str(block.get("block_id", ""))
    raise PlaygroundError("That control is gone.")


def _message(m: Message, files: dict[str, dict[str, Any]]) -> dict[str, Any]:
    shown = []
    for file_id in m.files:
        f = files.get(file_id) or {}
        kind = mimetypes.guess_type(str(f.get("name", "")))[0] or "application/octet-stream"
        shown.append(
            {"id": file_id, "name": f.get("name"), "title": f.get("title"), "type": kind, "url": f"/files/{file_id}"}
        )
    return {
        "ts": m.ts,
        "user": m.user,
        "text": m.text,
        "blocks": m.blocks,
        "thread_ts": m.thread_ts,
        "ephemeral": m.ephemeral_to is not None,
        "files": shown,
        "edited": m.edited > 0,
    }


class _WebServer(ThreadingHTTPServer):
    daemon_threads = True


def _handler(playground: Playground) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "drumbeat-playground/1"

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("page: %s", self.command)  # paths can carry ids only; no bodies

        def _send(self, status: int, body: bytes, ctype: str, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            for key, value in (extra or {}).items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, payload: Any, status: int = 200) -> None:
            self._send(status, json.dumps(payload).encode(), "application/json; charset=utf-8")

        def _from_this_page(self) -> bool:
            """Only requests addressed to this server by name (no DNS rebinding from another site)."""
            port = playground.web.server_address[1] if playground.web is not None else 0
            names = {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]", playground.host)}
            if self.headers.get("Host") in names:
                return True
            self._send(403, b"forbidden", "text/plain")
            return False

        def do_GET(self) -> None:
            if not self._from_this_page():
                return
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            path = parts.path
            if path == "/":
                path = "/static/index.html"
            if path.startswith("/static/") and path[len("/static/") :] in STATIC_FILES:
                name = path[len("/static/") :]
                ctype = {"js": "text/javascript", "css": "text/css", "html": "text/html"}[name.rsplit(".", 1)[1]]
                csp = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"
                self._send(
                    200, (STATIC / name).read_bytes(), f"{ctype}; charset=utf-8", {"Content-Security-Policy": csp}
                )
            elif path == "/favicon.ico":
                self._send(204, b"", "image/x-icon")
            elif path.startswith("/files/"):
                self._file(path[len("/files/") :])
            elif path == "/api/state":
                try:
                    user = query.get("user") or ORGANIZER
                    self._json(playground.state(user, query.get("channel") or playground.sim.dm_channel(user)))
                except PlaygroundError as error:
                    self._json({"error": str(error)}, 404)
            elif path == "/api/events":
                self._events(int(query.get("since") or -1))
            else:
                self._send(404, b"not found", "text/plain")

        def _file(self, file_id: str) -> None:
            with playground.sim.lock:
                stored = playground.sim.files.get(file_id)
            if stored is None or not stored.get("shared") or stored.get("content") is None:
                self._send(404, b"not found", "text/plain")
                return
            name = re.sub(r"[^A-Za-z0-9._-]", "_", str(stored["name"]))
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            disposition = "inline" if kind == "image/png" else "attachment"
            self._send(200, stored["content"], kind, {"Content-Disposition": f'{disposition}; filename="{name}"'})

        def _events(self, since: int) -> None:
            """Server-sent events: the change counter, each time it moves (and a comment now and then)."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.close_connection = True
            version = since
            try:
                while playground.web is not None:
                    current = playground.sim.wait_change(version, timeout=10)
                    if current != version:
                        version = current
                        self.wfile.write(f"data: {version}\n\n".encode())
                    else:
                        self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
            except OSError:
                pass

        def do_POST(self) -> None:
            if not self._from_this_page():
                return
            path = urlsplit(self.path).path
            try:
                length = int(self.headers.get("Content-Length") or 0)
                if not 0 <= length <= MAX_BODY:
                    raise PlaygroundError("too big")
                body = json.loads(self.rfile.read(length) or b"{}")
                if not isinstance(body, dict):
                    raise PlaygroundError("expected an object")
                if self.headers.get("Content-Type", "").split(";")[0] != "application/json":
                    raise PlaygroundError("expected JSON")  # so that a form on another site cannot post here
                user = str(body.get("user", ""))
                answer: dict[str, Any] = {"ok": True}
                if path == "/api/write":
                    playground.write(
                        user, str(body.get("channel", "")), str(body.get("text", "")), body.get("thread_ts")
                    )
                elif path == "/api/action":
                    playground.act(user, body)
                elif path == "/api/suggest":
                    answer["options"] = playground.suggest(user, body)
                elif path == "/api/submit":
                    playground.submit(user, body)
                elif path == "/api/close":
                    playground.close(user, str(body.get("view_id", "")))
                elif path == "/api/home":
                    playground.open_home(user)
                elif path == "/api/people":
                    answer["id"] = playground.add_person(
                        str(body.get("name", "")), str(body.get("tz", "")), str(body.get("locale") or "en-US")
                    )
                elif path == "/api/clock":
                    answer["said"] = playground.move_clock(str(body.get("move", "")))
                else:
                    self._json({"error": "not found"}, 404)
                    return
                self._json(answer)
            except (PlaygroundError, LookupError, TypeError, ValueError, AssertionError) as error:
                log.info("page request refused: %s", type(error).__name__)
                message = str(error) if isinstance(error, PlaygroundError) else "That did not work; try again."
                self._json({"error": message}, 400)

    return Handler
