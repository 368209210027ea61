"""`/drumbeat campaign new` (a form) and `/drumbeat campaigns` (the list): organizers only."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext, Respond

from core import campaigns
from handlers.common import deps_of, is_organizer, open_modal, post_dm, subcommand, team_of, user_of
from handlers.organizers import REFUSAL
from views import campaigns as views
from views.status import note


def register(app: App) -> None:
    app.command("/drumbeat", matchers=[subcommand("campaigns")])(list_campaigns)
    app.command("/drumbeat", matchers=[subcommand("campaign")])(campaign_command)
    app.view(views.NEW_CALLBACK)(create_campaign)


def list_campaigns(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    deps = deps_of(context)
    team_id = team_of(body)
    if not is_organizer(deps, team_id, user_of(body)):
        ack(**note(REFUSAL))
        return
    with deps.db.transaction() as session:
        ack(**views.campaign_list(campaigns.all_of(session, team_id)))


def campaign_command(ack: Ack, body: dict[str, Any], context: BoltContext, respond: Respond) -> None:
    deps = deps_of(context)
    if not is_organizer(deps, team_of(body), user_of(body)):
        ack(**note(REFUSAL))
        return
    words = (body.get("text") or "").split()
    if len(words) >= 2 and words[1].lower() == "new":
        ack()
        if not open_modal(deps, body["trigger_id"], views.new_campaign_modal()):
            respond(**note("Slack didn't let me open the form just now. Please try again."))
        return
    ack(**note("Try `/drumbeat campaign new` to start a campaign, or `/drumbeat campaigns` to list them."))


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
