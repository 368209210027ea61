"""Who is asking: organizers are named in DRUMBEAT_ORGANIZERS, added in Slack, or admins of this workspace."""

from __future__ import annotations

from core import roles
from runtime.deps import Deps

REFUSAL = "Sorry, that's for organizers. Ask an organizer in the coalition channel if you'd like to help steer."


def is_organizer(deps: Deps, team_id: str, user_id: str) -> bool:
    """Configured, added in Slack, or a workspace admin or owner. Slack is asked at most every few minutes
    per person, not on every command."""
    with deps.db.reading() as session:
        if roles.is_organizer(session, team_id, user_id, configured=deps.settings.organizers, is_admin=False):
            return True
    return bool(deps.admins.get((team_id, user_id), lambda: _admin_here(deps, team_id, user_id)))


def _admin_here(deps: Deps, team_id: str, user_id: str) -> bool | None:
    """Slack's word (None: Slack could not say). Admins of *this* workspace only: in a Slack Connect
    channel, another workspace's admin is not ours."""
    user = deps.slack.user(user_id)
    if user is None:
        return None
    home_team = deps.team_id or team_id
    return bool((user.get("is_admin") or user.get("is_owner")) and user.get("team_id") == home_team)
