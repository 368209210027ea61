"""What should happen, as values, and the one place that makes it happen.

Listeners (handlers/) and jobs (scheduler/) decide; they return effects instead of calling Slack, the
scheduler or the channel-notice queue themselves. `carry_out` performs them in order, here, with the
logging and the one apology that exist for each: the sans-I/O idea (decide in pure code, do I/O at the
edge) that h11 and the Elm architecture are admired for.

The answer to the person who typed or clicked (a message, a replaced message, a form) is not an effect:
it travels in the listener's `handlers.request.Reply`, which `handlers.routes` delivers first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from core import calls, contact, held, home, messengers, once
from core.held import Sent
from models.vocab import NoticeKind
from runtime.deps import Deps
from runtime.languages import language_of
from runtime.organizers import is_organizer
from runtime.welcome import welcome
from views.home import home_view
from views.i18n import speaking

log = logging.getLogger("drumbeat.effects")


@dataclass(frozen=True)
class Once:
    """A one-time message: claimed (team, person or channel, kind, subject) before it is sent, released if
    Slack refuses it, never sent twice."""

    team_id: str
    kind: NoticeKind
    subject: str = ""


@dataclass(frozen=True)
class Receipt:
    """Who hears how a DM went (an organizer, of the reply they wrote), and in which words."""

    user_id: str
    sent: Mapping[str, Any]
    held: Mapping[str, Any]
    failed: Mapping[str, Any]


@dataclass(frozen=True)
class DM:
    """A message in someone's DM with Drumbeat, never to someone who asked Drumbeat to stop (checked as it
    goes; `to_stopped` only for the one confirmation of a STOP). `daytime`: it reaches them because of
    someone else, so in their quiet hours it is held until they end (`core.held`); `author`: whose words
    it carries (erased with them); `once`: a one-time message."""

    team_id: str
    user_id: str
    message: Mapping[str, Any]
    thread_ts: str | None = None
    to_stopped: bool = False
    daytime: bool = False
    kind: str = "dm"
    author: str | None = None
    once: Once | None = None
    receipt: Receipt | None = None


@dataclass(frozen=True)
class Rewrite:
    """A message Drumbeat sent, rewritten (an ask showing its answer): through a click's response URL when
    there is one (no rate tier), else chat.update (Tier 3, shared by the whole workspace)."""

    message: Mapping[str, Any]
    response_url: str | None = None
    channel: str | None = None
    ts: str | None = None


@dataclass(frozen=True)
class Post:
    """A message in a channel, now (the weekly digest, a win)."""

    channel: str
    message: Mapping[str, Any]
    once: Once | None = None


@dataclass(frozen=True)
class ChannelNotice:
    """A short notice to a channel, posted on its own thread and merged with others waiting (runtime.notices)."""

    channel: str
    message: Mapping[str, Any]


@dataclass(frozen=True)
class RefreshHome:
    team_id: str
    user_id: str


@dataclass(frozen=True)
class WakeDelivery:
    """A call to action's next delivery is due at `at`: the scheduler wakes its delivery job then."""

    call_id: int
    at: datetime


@dataclass(frozen=True)
class Reconcile:
    """The job store should agree with the tables again (a call was cancelled or moved)."""


@dataclass(frozen=True)
class Upload:
    """A file in the person's DM (a chart, an export); `failed` tells them if Slack refuses it."""

    user_id: str
    content: bytes
    filename: str
    title: str
    comment: str
    failed: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Progress:
    """The organizer's live progress message for a call to action just scheduled: posted in their DM, its
    place recorded so the sender keeps it current."""

    call_id: int
    organizer: str
    message: Mapping[str, Any]


@dataclass(frozen=True)
class LongWork:
    """Work an organizer started that can take minutes (a function of `runtime.long_work`, called with the
    process's Deps and `args`): on its own thread, so nothing a person asks for waits behind it."""

    work: Callable[..., None]
    args: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Welcome:
    """The one welcome DM (runtime.welcome), with Slack's profile of the person when the event carried it
    (else it is looked up)."""

    team_id: str
    user_id: str
    profile: Mapping[str, Any] | None = None


@dataclass(frozen=True)
class LearnIdentity:
    """Ask Slack for the person's time zone and name, and keep them (their quiet hours are in that zone)."""

    team_id: str
    user_id: str


Effect = (
    DM
    | Rewrite
    | Post
    | ChannelNotice
    | RefreshHome
    | WakeDelivery
    | Reconcile
    | Upload
    | Progress
    | LongWork
    | Welcome
    | LearnIdentity
)


def carry_out(deps: Deps, effects: Iterable[Effect]) -> None:
    for effect in effects:
        perform(deps, effect)


def perform(deps: Deps, effect: Effect) -> bool:
    """Make one effect happen. False: it did not (Slack refused it; the reason is logged once)."""
    match effect:
        case DM():
            return _dm(deps, effect)
        case Rewrite(message, response_url, channel, ts):
            if response_url and deps.slack.respond(response_url, message, replace=True):
                return True
            return bool(channel and ts and deps.slack.update(channel, ts, message))
        case Post():
            return _post(deps, effect)
        case ChannelNotice(channel, message):
            deps.notices.post(channel, message)
            return True
        case RefreshHome(team_id, user_id):
            return _refresh_home(deps, team_id, user_id)
        case WakeDelivery(call_id, at):
            deps.jobs.wake(call_id, at)
            return True
        case Reconcile():
            deps.jobs.reconcile()
            return True
        case Upload():
            done = deps.slack.upload(
                effect.user_id, effect.content, filename=effect.filename, title=effect.title, comment=effect.comment
            )
            if not done and effect.failed:
                deps.slack.dm(effect.user_id, effect.failed)
            return done
        case Progress(call_id, organizer, message):
            posted = deps.slack.dm(organizer, message)
            if posted is not None:
                calls.set_status_message(deps.db, call_id, posted.channel, posted.ts)
            return posted is not None
        case LongWork(work, args):
            deps.long_work.submit(work, deps, *args)
            return True
        case Welcome(team_id, user_id, profile):
            found = profile if profile is not None else deps.slack.user(user_id)
            return found is not None and welcome(deps, team_id, found) is None
        case LearnIdentity(team_id, user_id):
            info = deps.slack.user(user_id) or {}
            messengers.remember_identity(deps.db, team_id, user_id, tz=info.get("tz"), name=info.get("name"))
            language_of(deps, team_id, user_id, info, ask_slack=False)  # their Slack language, if none yet
            return bool(info)
    raise TypeError(f"not an effect: {type(effect).__name__}")


def _dm(deps: Deps, effect: DM) -> bool:
    outcome = _send(deps, effect)
    if effect.receipt is not None:
        receipt = effect.receipt
        told = {Sent.NOW: receipt.sent, Sent.HELD: receipt.held}.get(outcome, receipt.failed)
        deps.slack.dm(receipt.user_id, told)
    return outcome is not Sent.FAILED


def _send(deps: Deps, effect: DM) -> Sent:
    if not effect.to_stopped and not contact.may_message(deps.db, effect.team_id, effect.user_id):
        return Sent.FAILED  # they said STOP (or deleted their data) since this was decided
    claim = effect.once
    first = claim is None or once.claim(deps.db, claim.team_id, effect.user_id, claim.kind, claim.subject, deps.now())
    if not first:
        return Sent.FAILED  # sent before, or being sent by a twin
    if effect.daytime and held.hold_if_quiet(
        deps.db, effect.team_id, effect.user_id, effect.message, deps.now(), kind=effect.kind, author=effect.author
    ):
        return Sent.HELD
    extra = {"thread_ts": effect.thread_ts} if effect.thread_ts else {}
    if deps.slack.dm(effect.user_id, effect.message, **extra) is not None:
        return Sent.NOW
    if claim is not None:
        once.release(deps.db, claim.team_id, effect.user_id, claim.kind, claim.subject)
    return Sent.FAILED


def _post(deps: Deps, effect: Post) -> bool:
    claim = effect.once
    if claim is not None and not once.claim(
        deps.db, claim.team_id, effect.channel, claim.kind, claim.subject, deps.now()
    ):
        return False
    if deps.slack.post(effect.channel, effect.message) is not None:
        return True
    if claim is not None:
        once.release(deps.db, claim.team_id, effect.channel, claim.kind, claim.subject)
    return False


def home_of(deps: Deps, team_id: str, user_id: str) -> dict[str, Any]:
    """The App Home view as it would be published for this person now."""
    organizer = is_organizer(deps, team_id, user_id)
    found = home.gather(deps.db, team_id, user_id, deps.now(), organizer=organizer, tz=deps.settings.timezone)
    return home_view(found, deps.settings.timezone)


def _refresh_home(deps: Deps, team_id: str, user_id: str) -> bool:
    with speaking(language_of(deps, team_id, user_id, ask_slack=False)):
        view = home_of(deps, team_id, user_id)
    return deps.slack.publish_home(user_id, view)
