"""`/drumbeat campaign new` (a form), `/drumbeat campaigns` (the list), `/drumbeat campaign 2 won|status`:
organizers only."""

from __future__ import annotations

import shlex

from slack_bolt import App

from core import accountability, campaigns, districts
from handlers.request import Reply, Request, say, show, then
from handlers.routes import routes_of
from models.vocab import CampaignStatus
from runtime.deps import Deps
from views import campaigns as views
from views.status import note
from views.text import esc

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"'})


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["campaigns"], list_campaigns, organizers=True)
    routes.command(["campaign"], campaign, organizers=True, form=_opens_form)
    routes.form(views.CAMPAIGN_FORM, campaign_form, organizers=True)


def list_campaigns(request: Request, deps: Deps) -> Reply | None:
    with deps.db.reading() as session:
        return say(views.campaign_list(campaigns.all_of(session, request.team_id)))


def _opens_form(request: Request) -> str | None:
    """`/drumbeat campaign new` opens the form; other `/drumbeat campaign ...` change one in a line."""
    words = request.args.split()
    return "New campaign" if words and words[0].lower() == "new" else None


def campaign(request: Request, deps: Deps) -> Reply | None:
    if _opens_form(request):
        return show(views.new_campaign_modal())
    return say(note(change_campaign(deps, request.team_id, request.args)))


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
        found = campaigns.find(session, team_id, words[0])
        if found is None:
            return f"I don't know the campaign `{esc(words[0][:40])}`. `/drumbeat campaigns` lists them."
        verb = words[1].lower()
        if verb == "won":
            checks_text = next((w.split("=", 1)[1] for w in words[2:] if w.lower().startswith("checks=")), None)
            commitment = " ".join(w for w in words[2:] if not w.lower().startswith("checks=")) or None
            try:
                days = accountability.parse_check_days(checks_text)
            except accountability.BadChecks as error:
                return f"{esc(str(error))}. " + USAGE
            accountability.mark_won(session, found, now, days, commitment)
            return (
                f"Congratulations! *{esc(found.name)}* is won. Messengers connected to it will be asked "
                f"whether it is implemented as intended after {', '.join(str(d) for d in days)} days. "
                "`/drumbeat ledger` shows what they say."
            )
        if verb == "status" and len(words) >= 3:
            status = next((s for s in CampaignStatus if s.value == words[2].lower()), None)
            if status is None:
                return f"`{esc(words[2][:20])}` is not a status. " + USAGE
            if status == CampaignStatus.WON:
                return "To record a win with its implementation checks: `/drumbeat campaign 2 won`."
            campaigns.set_status(session, found, status, now)
            return f"*{esc(found.name)}* is now {status.value}."
    return USAGE


def campaign_form(request: Request, deps: Deps) -> Reply | None:
    data = views.read_campaign_form(request.values)
    with deps.db.reading() as session:
        known = [d.name for d in districts.all_of(session, request.team_id)]
    errors = campaigns.validate(data, known)
    if errors:
        return Reply(errors=errors)
    with deps.db.transaction() as session:
        created = campaigns.create(session, request.team_id, data, request.user_id, deps.now())
        message = views.created(created)

    def tell_organizer() -> None:
        deps.slack.dm(request.user_id, message)

    return then(tell_organizer)
