"""Work an organizer started that can take minutes: a channel invite of thousands, a win's news to
everyone who carried a campaign's asks. Each runs on `Deps.long_work` (one thread of its own, so nothing a
person asks for waits behind it), started by a `runtime.effects.LongWork` effect, and stops early, saying
so, when the process shuts down.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from core import messengers, wins
from models.vocab import NoticeKind
from runtime.deps import Deps
from runtime.effects import DM, Once, Post, perform
from runtime.languages import coalitions, theirs
from runtime.slack_client import bulk
from runtime.welcome import skip_reason, welcome
from views import membership as views
from views import wins as wins_views

log = logging.getLogger("drumbeat.long_work")


# ----- a win's news ----------------------------------------------------------------------------------


def share_win(deps: Deps, team_id: str, campaign_id: int) -> None:
    """One DM to each messenger who carried the campaign's asks (once: a notice per person and campaign,
    in their daytime), then one post in DRUMBEAT_REPORT_CHANNEL naming only those who agreed to be
    credited, as that stands when it is posted (someone may have said STOP or deleted meanwhile)."""
    found = wins.news_of(deps.db, team_id, campaign_id)
    if found is None:
        return
    once, told = Once(team_id, NoticeKind.WIN, str(campaign_id)), 0
    for carrier in found.carriers:
        if deps.stopping.is_set():
            break
        with theirs(deps, team_id, carrier.user_id):
            message = wins_views.win_dm(found, carrier)
        dm = DM(team_id, carrier.user_id, message, daytime=True, kind="win", once=once)
        told += perform(deps, dm)
    channel = deps.settings.report_channel
    latest = wins.news_of(deps.db, team_id, campaign_id) if channel else None
    if channel and latest is not None:
        with coalitions(deps):
            post = wins_views.win_post(latest)
        perform(deps, Post(channel, post, once=once))
    log.info("campaign #%d won: %d of %d messengers told", campaign_id, told, len(found.carriers))


# ----- invites ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invite:
    team_id: str
    organizer: str
    users: list[str]
    channels: list[str]


# Fewer unknown people than this: one users.info each (Tier 4); more: users.list pages (Tier 2, 200 a page).
LOOK_UP_ONE_BY_ONE = 20
PROGRESS_EVERY = 30.0  # seconds between edits of the progress DM (chat.update is Tier 3)


def run_invite(deps: Deps, job: Invite) -> None:
    """Welcome everyone named or in the channels who has never heard from Drumbeat.

    People Drumbeat already knows (onboarded, invited, opted out) are skipped without a Slack call; the
    rest are looked up in pages; a progress DM is edited at most every 30 s; the summary is a new DM.
    Welcomes are claimed one by one in the database, so running it again (after a restart, say) skips
    whoever was welcomed already."""
    with theirs(deps, job.team_id, job.organizer):  # what the organizer reads, in her language
        try:
            _run_invite(deps, job)
        except Exception as error:  # the organizer must hear, whatever happened
            log.error("invite failed: %s", type(error).__name__, exc_info=error)
            deps.slack.dm(job.organizer, views.invite_failed())


def _run_invite(deps: Deps, job: Invite) -> None:
    people = list(job.users)
    for channel in job.channels:
        found = deps.slack.channel_members(channel)
        if found is None:
            deps.slack.dm(job.organizer, views.invite_cannot_see(channel))
            return
        seen = set(people)
        people += [p for p in found if p not in seen]
    unknown, skipped = messengers.invitees(deps.db, job.team_id, people)
    tally = views.InviteTally(total=len(people), skipped=Counter(skipped))
    progress = deps.slack.dm(job.organizer, views.invite_progress(tally))
    shown_at = time.monotonic()
    with bulk():
        for user in _profiles(deps, unknown):
            if deps.stopping.is_set():
                tally.interrupted = True
                break
            reason = skip_reason(user)
            if reason is None and user is not None:
                reason = welcome(deps, job.team_id, user)
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
    deps.slack.dm(job.organizer, views.invite_summary(tally))


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
