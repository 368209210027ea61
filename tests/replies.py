"""A listener's decision, without Slack: build a `Request`, pass it through `handlers.routes.decide` (the
organizer gate included) and read the `Reply`. No bot, no HTTP, no threads: milliseconds a question.

The Deps here hold a Slack client that fails the test on any call, and a scheduler that fails on any
wake: a listener that acted instead of saying so in its Reply fails at once. What the Reply says is then
checked as values (its message, its form, its effects); `slacksim` and the end-to-end tests show that
`handlers.routes` and `runtime.effects` carry such values out.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar

from slack_sdk import WebClient

import handlers
from handlers.request import Kind, Reply, Request, from_event
from handlers.routes import Routes, decide
from models.db import Database
from runtime.deps import Deps
from runtime.effects import home_of
from runtime.settings import Settings
from slacksim import form_state, iter_blocks, view_text

TEAM = "T0DRUMBEAT"
ORGANIZER = "U0ORGANIZER"
E = TypeVar("E")


class NoSlack(WebClient):
    """A WebClient for deciding: any call is a listener acting instead of returning what should happen."""

    def api_call(self, api_method: str, **kwargs: Any) -> Any:
        raise AssertionError(f"a listener called Slack ({api_method}); its Reply should say what should happen")


class NoScheduler:
    """Deps.jobs for deciding: waking a delivery is the WakeDelivery effect's job, not a listener's."""

    leading = True

    def wake(self, call_id: int, at: datetime) -> None:
        raise AssertionError("a listener woke the scheduler; its Reply should say WakeDelivery")

    def reconcile(self) -> None:
        raise AssertionError("a listener reconciled the scheduler; its Reply should say Reconcile")


def deciding_deps(db: Database, clock: Any, **overrides: Any) -> Deps:
    settings = Settings(
        slack_bot_token="xoxb-test-0000-drumbeat",
        slack_signing_secret="test-signing-secret-0123456789",
        slack_api_url="http://127.0.0.1:9/api/",  # never called (NoSlack)
        database_url=db.url,
        port=0,
        organizers=frozenset({ORGANIZER}),
        timezone="America/Chicago",
        report_channel="C0REPORTS",
        run_scheduler=False,
    )
    deps = Deps(
        settings=replace(settings, **overrides),
        db=db,
        client=NoSlack(),
        clock=clock,
        bot_user_id="UBOTDRUM01",
        team_id=TEAM,
    )
    deps.jobs = NoScheduler()
    return deps


@dataclass
class Desk:
    """Where tests hand listeners their requests. `admins`: who Slack would say is a workspace admin (the
    gate asks Slack once per person; here it is told)."""

    deps: Deps
    routes: Routes = field(default_factory=handlers.routes)
    admins: set[str] = field(default_factory=set)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def db(self) -> Database:
        return self.deps.db

    @property
    def clock(self) -> Any:
        """The test's clock (tests.conftest.FrozenClock): `desk.clock.advance(days=2)`."""
        return self.deps.clock

    def now(self) -> datetime:
        return self.deps.now()

    def decide(self, request: Request) -> Reply:
        route = self.routes.route(request)
        assert route is not None, f"no listener for this {request.kind.value}"
        key = (request.team_id, request.user_id)
        self.deps.admins.get(key, lambda: request.user_id in self.admins)
        return decide(route, request, self.deps) or Reply()

    def command(self, user_id: str, text: str, *, channel_id: str = "C0COALITION") -> Reply:
        """`/drumbeat <text>` typed in `channel_id`."""
        from handlers.request import split_command

        command, args = split_command(text)
        n = next(self._ids)
        return self.decide(
            Request(
                Kind.COMMAND,
                TEAM,
                user_id,
                trigger_id=f"trigger-{n}",
                response_url=f"https://hooks.test/commands/{n}",
                channel_id=channel_id,
                command=command,
                args=args,
            )
        )

    def click(
        self,
        user_id: str,
        action_id: str,
        value: str | int | None = None,
        *,
        channel_id: str | None = None,
        message_ts: str | None = None,
        on_home: bool = False,
        form: Mapping[str, Any] | None = None,
        filled: Mapping[str, Any] | None = None,
        at: Ask | None = None,
    ) -> Reply:
        """A click on `action_id` (value `value`): in a message (`channel_id`, `message_ts`, or the ask it
        is `at`; a DM by default), on the App Home (`on_home`), or in an open `form` (with what is `filled`
        in so far)."""
        if at is not None:
            channel_id, message_ts = at.channel, at.ts
        n = next(self._ids)
        in_message = not on_home and form is None
        view = form or {}
        return self.decide(
            Request(
                Kind.ACTION,
                TEAM,
                user_id,
                trigger_id=f"trigger-{n}",
                response_url=f"https://hooks.test/actions/{n}" if in_message else None,
                channel_id=(channel_id or "D" + user_id[1:]) if in_message else None,
                message_ts=(message_ts or f"1700000000.{n:06d}") if in_message else None,
                on_home=on_home,
                action_id=action_id,
                value=None if value is None else str(value),
                view_id=str(view.get("id", "")),
                callback_id=str(view.get("callback_id", "")),
                private_metadata=str(view.get("private_metadata", "")),
                values=form_state(view, dict(filled or {})) if form is not None else {},
            )
        )

    def submit(self, user_id: str, form: Mapping[str, Any] | None, values: Mapping[str, Any] | None = None) -> Reply:
        """Press Submit on `form` (a view a Reply showed), its inputs filled by action id (others keep their
        initial values)."""
        assert form is not None, "no form to submit"
        return self.decide(
            Request(
                Kind.FORM,
                TEAM,
                user_id,
                trigger_id=f"trigger-{next(self._ids)}",
                view_id=str(form.get("id", "V0FORM")),
                callback_id=str(form.get("callback_id", "")),
                private_metadata=str(form.get("private_metadata", "")),
                values=form_state(form, dict(values or {})),
            )
        )

    def suggest(
        self,
        user_id: str,
        form: Mapping[str, Any],
        action_id: str,
        typed: str,
        filled: Mapping[str, Any] | None = None,
    ) -> list[dict[str, Any]]:
        """What an external select in `form` suggests for what was typed (options, or option groups), with
        what is `filled` in so far (Slack sends the form's state along)."""
        reply = self.decide(
            Request(
                Kind.OPTIONS,
                TEAM,
                user_id,
                action_id=action_id,
                callback_id=str(form.get("callback_id", "")),
                private_metadata=str(form.get("private_metadata", "")),
                values=form_state(form, dict(filled)) if filled is not None else {},
                query=typed,
            )
        )
        return [dict(option) for option in reply.options or []]

    def home(self, user_id: str) -> dict[str, Any]:
        """The App Home a RefreshHome effect would publish for them now."""
        self.deps.admins.get((TEAM, user_id), lambda: user_id in self.admins)
        return home_of(self.deps, TEAM, user_id)

    def event(self, event: Mapping[str, Any], *, event_id: str | None = None) -> Reply:
        """An Events API event (`event_id`: Slack's id for it; a new one by default), read as the product
        reads Slack's envelope (a user object or a user id)."""
        body = {"team_id": TEAM, "event": dict(event), "event_id": event_id or f"Ev{next(self._ids):08d}"}
        return self.decide(from_event(body))

    def dm(self, user_id: str, text: str, **fields: Any) -> Reply:
        """They write `text` in their DM with Drumbeat."""
        n = next(self._ids)
        return self.event(
            {
                "type": "message",
                "channel_type": "im",
                "channel": "D" + user_id[1:],
                "user": user_id,
                "text": text,
                "ts": f"1700000100.{n:06d}",
                **fields,
            }
        )


def text_of(reply: Reply) -> str:
    """What the person who typed or clicked reads: the message, or the form shown."""
    if reply.view is not None:
        return view_text(dict(reply.view))
    return message_text(reply.message)


def message_text(message: Mapping[str, Any] | None) -> str:
    if message is None:
        return ""
    parts = [
        str(node["text"])
        for node in iter_blocks(list(message.get("blocks") or []))
        if node.get("type") in ("mrkdwn", "plain_text") and isinstance(node.get("text"), str)
    ]
    return "\n".join(parts) if parts else str(message.get("text") or "")


def errors_of(reply: Reply) -> dict[str, str]:
    """A form's errors, by input (empty: it was accepted)."""
    return dict(reply.errors or {})


def flat_options(suggested: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Suggested options, out of their groups if grouped."""
    return [option for item in suggested for option in item.get("options", [item])]


def effects_of(reply: Reply, kind: type[E]) -> list[E]:
    """The Reply's effects of one kind, in order."""
    return [effect for effect in reply.effects if isinstance(effect, kind)]


def action_ids(blocks_or_view: Mapping[str, Any] | list[Any] | None) -> list[str]:
    """Every action id in a message's or a view's blocks."""
    if blocks_or_view is None:
        return []
    blocks = blocks_or_view if isinstance(blocks_or_view, list) else list(blocks_or_view.get("blocks") or [])
    return [str(node["action_id"]) for node in iter_blocks(blocks) if "action_id" in node]


@dataclass(frozen=True)
class Ask:
    """A call to action as it reached someone's DM: click its buttons with `desk.click(..., at=ask)`."""

    delivery_id: int
    channel: str
    ts: str

    @property
    def place(self) -> dict[str, str]:
        return {"channel_id": self.channel, "message_ts": self.ts}


def sent(db: Database, call_id: int) -> dict[str, Ask]:
    """Every planned delivery of the call, recorded as the sender records a message sent; by person."""
    from sqlalchemy import select

    from core import outbox
    from models import Delivery, Messenger

    outbox.as_if_sent(db, call_id)
    with db.reading() as session:
        rows = session.execute(
            select(Messenger.user_id, Delivery.id, Delivery.channel, Delivery.ts)
            .join(Messenger, Messenger.id == Delivery.messenger_id)
            .where(Delivery.call_id == call_id)
        ).all()
    return {user_id: Ask(delivery_id, str(channel), str(ts)) for user_id, delivery_id, channel, ts in rows}


def button_value(shown_in: Reply | Mapping[str, Any], action_id: str) -> str:
    """The value of the button `action_id` in what a Reply shows (its form, else its message), or in a
    message or view."""
    if isinstance(shown_in, Reply):
        shown = shown_in.view if shown_in.view is not None else shown_in.message
    else:
        shown = shown_in
    for node in iter_blocks(list((shown or {}).get("blocks") or [])):
        if node.get("action_id", "").split(":", 1)[0] == action_id:
            return str(node.get("value", ""))
    raise LookupError(f"no {action_id} in {action_ids(shown)}")


def schedule(desk: Desk, line: str, *, by: str = ORGANIZER) -> int:
    """An organizer drafts a call to action in one line (`/drumbeat new <line>`) and clicks Schedule; its id."""
    preview = desk.command(by, f"new {line}")
    call_id = button_value(preview, "call_schedule")
    scheduled = desk.click(by, "call_schedule", call_id)
    assert "Scheduled call to action #" in text_of(scheduled), text_of(scheduled)
    return int(call_id)
