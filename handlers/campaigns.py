"""`/drumbeat campaign new` (a form) and `/drumbeat campaigns` (the list): organizers only."""

from __future__ import annotations

import shlex
from typing import Any

from slack_bolt import Ack, App, BoltContext

from core import accountability, campaigns
from handlers.common import (
    Reply,
    acknowledged_first,
    deps_of,
    is_organizer,
    open_modal,
    post_dm,
    split_command,
    team_of,
    user_of,
)
from handlers.organizers import REFUSAL
from handlers.routes import routes_of
from models.vocab import CampaignStatus
from runtime.deps import Deps
from views import campaigns as views
from views.status import note
from views.text import esc

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"'})


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["campaigns"], acknowledged_first(list_campaigns))
    routes.command(["campaign"], acknowledged_first(campaign_command))
    routes.view(views.NEW_CALLBACK, create_campaign)


def list_campaigns(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    team_id = team_of(body)
    if not is_organizer(deps, team_id, user_of(body)):
        return note(REFUSAL)
    with deps.db.reading() as session:
        return views.campaign_list(campaigns.all_of(session, team_id))


def campaign_command(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    if not is_organizer(deps, team_of(body), user_of(body)):
        return note(REFUSAL)
    words = (body.get("text") or "").split()
    if len(words) >= 2 and words[1].lower() == "new":
        if not open_modal(deps, body["trigger_id"], views.new_campaign_modal()):
            return note("Slack didn't let me open the form just now. Please try again.")
        return None
    _, rest = split_command(body.get("text"))
    return note(change_campaign(deps, team_of(body), rest))


USAGE = (
    'Try `/drumbeat campaign new`, `/drumbeat campaign 2 won checks=30,90,180 "the commitment, with a link"` '
    f"or `/drumbeat campaign 2 status stalled` (statuses: {', '.join(s.value for s in CampaignStatus)})."
)


def change_campaign(deps: Deps, team_id: str, text: str) -> str:
    """`2 won [checks=30,90,180] ["commitment"]` or `2 status stalled`: what changed, in a sentence."""
    try:
        words = shlex.split(text.translate(_QUOTES))
    except ValueError:
        return "A quote is not closed. " + USAGE
    if len(words) < 2:
        return USAGE
    now = deps.now()
    with deps.db.transaction() as session:
        campaign = campaigns.find(session, team_id, words[0])
        if campaign is None:
            return f"I don't know the campaign `{esc(words[0][:40])}`. `/drumbeat campaigns` lists them."
        verb = words[1].lower()
        if verb == "won":
            checks_text = next((w.split("=", 1)[1] for w in words[2:] if w.lower().startswith("checks=")), None)
            commitment = " ".join(w for w in words[2:] if not w.lower().startswith("checks=")) or None
            try:
                days = accountability.parse_check_days(checks_text)
            except accountability.BadChecks as error:
                return f"{esc(str(error))}. " + USAGE
            accountability.mark_won(session, campaign, now, days, commitment)
            return (
                f"Congratulations! *{esc(campaign.name)}* is won. Messengers connected to it will be asked "
                f"whether it is implemented as intended after {', '.join(str(d) for d in days)} days. "
                "`/drumbeat ledger` shows what they say."
            )
        if verb == "status" and len(words) >= 3:
            status = next((s for s in CampaignStatus if s.value == words[2].lower()), None)
            if status is None:
                return f"`{esc(words[2][:20])}` is not a status. " + USAGE
            if status == CampaignStatus.WON:
                return "To record a win with its implementation checks: `/drumbeat campaign 2 won`."
            campaigns.set_status(session, campaign, status, now)
            return f"*{esc(campaign.name)}* is now {status.value}."
    return USAGE


def create_campaign(ack: Ack, body: dict[str, Any], view: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    team_id, user_id = team_of(body), user_of(body)
    if not is_organizer(deps, team_id, user_id):
        ack(response_action="errors", errors={"name": REFUSAL})
        return
    data = views.read_campaign_form(view.get("state", {}).get("values", {}))
    errors = campaigns.validate(data)
    if errors:
        ack(response_action="errors", errors=errors)
        return
    with deps.db.transaction() as session:
        campaign = campaigns.create(session, team_id, data, user_id, deps.now())
        message = views.created(campaign)
    ack()
    post_dm(deps, user_id, {k: v for k, v in message.items() if k != "response_type"})
