"""Welcome DMs: new workspace members, people joining the coalition channel, organizers' invites."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from slack_bolt import App

from core import events, mentions, messengers
from handlers.request import Reply, Request, say
from handlers.routes import routes_of
from models.vocab import NoticeKind
from runtime.deps import Deps
from runtime.slack_client import bulk
from views import membership as views
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
    """Slack sends this for every profile or status change of anyone in the workspace: thousands a day in
    a big one. Only a messenger's new time zone matters (quiet hours), so a read decides, and only that
    writes (setting the same time zone twice is harmless: no event id is recorded)."""
    user = request.event.get("user")
    if not isinstance(user, dict) or not request.user_id:
        return
    tz = user.get("tz")
    with deps.db.reading() as session:
        if not messengers.tz_differs(session, request.team_id, request.user_id, tz):
            return
    with deps.db.transaction() as session:
        messengers.update_tz(session, request.team_id, request.user_id, tz)


def invite(request: Request, deps: Deps) -> Reply | None:
    """`/drumbeat invite @ana #coalition`: checked here, then run as long work (see `run_invite`); the
    organizer hears progress and the summary by DM (a response URL dies after 30 minutes)."""
    targets = mentions.parse_targets(request.args)
    if targets.unknown or not (targets.users or targets.channels):
        bad = ", ".join(f"`{esc(w)}`" for w in targets.unknown[:5])
        problem = f"I couldn't read {bad} as a person or channel. " if targets.unknown else ""
        return say(note(f"{problem}Try `/drumbeat invite @ana @ben` or `/drumbeat invite #coalition`."))
    job = Invite(request.team_id, request.user_id, targets.users, targets.channels)
    deps.long_work.submit(run_invite, deps, job)
    return say(note(views.invite_started(job.users, job.channels)))


@dataclass(frozen=True)
class Invite:
    team_id: str
    organizer: str
    users: list[str]
    channels: list[str]


# Fewer unknown people than this: one users.info each (Tier 4); more: users.list pages (Tier 2, 200 a page).
LOOK_UP_ONE_BY_ONE = 20


def run_invite(deps: Deps, job: Invite) -> None:
    """Welcome everyone named or in the channels who has never heard from Drumbeat.

    People Drumbeat already knows (onboarded, invited, opted out) are skipped without a Slack call; the
    rest are looked up in pages; a progress DM is edited at most every 30 s; the summary is a new DM.
    Welcomes are claimed one by one in the database, so running it again (after a restart, say) skips
    whoever was welcomed already."""
    try:
        _run_invite(deps, job)
    except Exception as error:  # the organizer must hear, whatever happened
        log.error("invite failed: %s", type(error).__name__, exc_info=error)
        deps.slack.dm(job.organizer, note(views.invite_failed()))


def _run_invite(deps: Deps, job: Invite) -> None:
    people = list(job.users)
    for channel in job.channels:
        found = deps.slack.channel_members(channel)
        if found is None:
            deps.slack.dm(job.organizer, note(views.invite_cannot_see(channel)))
            return
        seen = set(people)
        people += [p for p in found if p not in seen]
    with deps.db.reading() as session:
        unknown, skipped = messengers.sort_invitees(session, job.team_id, people)
    tally = views.InviteTally(total=len(people), skipped=Counter(skipped))
    progress = deps.slack.dm(job.organizer, views.invite_progress(tally))
    shown_at = time.monotonic()
    with bulk():
        for user in _profiles(deps, unknown):
            if deps.stopping.is_set():
                tally.interrupted = True
                break
            reason = _skip_reason(user)
            if reason is None and user is not None:
                reason = send_welcome(deps, job.team_id, user)
            if reason is None:
                tally.invited += 1
            else:
                tally.skipped[reason] += 1
            if progress is not None and time.monotonic() - shown_at >= PROGRESS_EVERY:
                deps.slack.update(progress.channel, progress.ts, views.invite_progress(tally))
                shown_at = time.monotonic()
    if progress is not None:
        deps.slack.update(progress.channel, progress.ts, views.invite_progress(tally, finished=True))
    log.info("invite: %d invited, %d skipped of %d", tally.invited, sum(tally.skipped.values()), tally.total)
    deps.slack.dm(job.organizer, note(views.invite_summary(tally)))


PROGRESS_EVERY = 30.0  # seconds between edits of the progress DM (chat.update is Tier 3)


def _profiles(deps: Deps, user_ids: list[str]) -> Iterator[dict[str, Any] | None]:
    """Each person's Slack profile (None: not found, e.g. deactivated), looked up as cheaply as Slack allows."""
    if len(user_ids) <= LOOK_UP_ONE_BY_ONE:
        for user_id in user_ids:
            yield deps.slack.user(user_id)
        return
    wanted = set(user_ids)
    cursor: str | None = None
    while wanted:
        page = deps.slack.users_page(cursor)
        if page is None:  # Slack could not list: one by one for the rest
            for user_id in [u for u in user_ids if u in wanted]:
                yield deps.slack.user(user_id)
            return
        members, cursor = page
        for member in members:
            user_id = str(member.get("id", ""))
            if user_id in wanted:
                wanted.discard(user_id)
                yield member
        if cursor is None:
            break
    for _ in wanted:  # not in the workspace's list
        yield None
