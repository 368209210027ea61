"""Welcome DMs: new workspace members, people joining the coalition channel, organizers' invites (run as
long work: `runtime.long_work.run_invite`)."""

from __future__ import annotations

from core import mentions, messengers, slack_events
from handlers.request import Reply, Request, only, say
from handlers.routes import Routes
from runtime.deps import Deps
from runtime.effects import LongWork, Welcome
from runtime.long_work import Invite, run_invite
from runtime.welcome import skip_reason
from views import membership as views


def register(routes: Routes) -> None:
    routes.event("team_join", on_team_join)
    routes.event("member_joined_channel", on_member_joined_channel)
    routes.event("user_change", on_user_change)
    routes.command(["invite"], invite, organizers=True)


def on_team_join(request: Request, deps: Deps) -> Reply | None:
    user = request.event.get("user")
    if not isinstance(user, dict) or skip_reason(user) or not request.user_id:
        return None
    if not slack_events.first_time(deps.db, request.event_id, deps.now()):
        return None  # Slack's retry of an event already handled
    return only(Welcome(request.team_id, request.user_id, user))


def on_member_joined_channel(request: Request, deps: Deps) -> Reply | None:
    channel = deps.settings.coalition_channel
    if not channel or request.channel_id != channel or not request.user_id:
        return None
    if not slack_events.first_time(deps.db, request.event_id, deps.now()):
        return None
    return only(Welcome(request.team_id, request.user_id))  # Slack's profile is looked up then


def on_user_change(request: Request, deps: Deps) -> Reply | None:
    """Slack sends this for every profile or status change of anyone in the workspace: thousands a day in
    a big one. Only a messenger's new time zone matters (quiet hours)."""
    user = request.event.get("user")
    if isinstance(user, dict) and request.user_id:
        messengers.follow_tz(deps.db, request.team_id, request.user_id, user.get("tz"))
    return None


def invite(request: Request, deps: Deps) -> Reply | None:
    """`/drumbeat invite @ana #coalition`: checked here, then run as long work; the organizer hears progress
    and the summary by DM (a response URL dies after 30 minutes)."""
    targets = mentions.parse_targets(request.args)
    if targets.unknown or not (targets.users or targets.channels):
        return say(views.unreadable_invite(targets.unknown))
    job = Invite(request.team_id, request.user_id, targets.users, targets.channels)
    return say(views.invite_started(job.users, job.channels), LongWork(run_invite, (job,)))
