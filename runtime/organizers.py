"""The organizer gate: who may steer Drumbeat, and who hears what organizers must decide.

Organizers are named in DRUMBEAT_ORGANIZERS, added in Slack (`/drumbeat organizers add`), or admins and
owners of this workspace (Slack's word, trusted for a few minutes per person). Everything an organizer
must decide or hear goes to people who are organizers when it is sent.
"""

from __future__ import annotations

from core import contact, roles
from runtime.deps import Deps


def is_organizer(deps: Deps, team_id: str, user_id: str) -> bool:
    """Configured, added in Slack, or a workspace admin or owner. Slack is asked at most every few minutes
    per person, not on every command."""
    if roles.named_organizer(deps.db, team_id, user_id, configured=deps.settings.organizers):
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


def recipients(deps: Deps, team_id: str, wanted: list[str]) -> list[str]:
    """Who gets something meant for `wanted` (the organizers who made a plan row, say): those of them who
    are organizers now; if none is, every current organizer (named in the settings or added in Slack;
    Slack cannot list admins cheaply). Never someone who asked Drumbeat to stop messaging them."""
    current = roles.listed(deps.db, team_id, configured=deps.settings.organizers)
    chosen = [u for u in dict.fromkeys(wanted) if u in current or is_organizer(deps, team_id, u)] or current
    return [u for u in chosen if contact.may_message(deps.db, team_id, u)]
