"""`/drumbeat campaign new` (a form), `/drumbeat campaigns` (the list), `/drumbeat campaign 2 won|status`:
organizers only. A win's news goes out as long work (`runtime.long_work.share_win`)."""

from __future__ import annotations

import logging
import shlex

from core import accountability, campaigns
from core.invalid import Refused
from handlers.request import Reply, Request, form_errors, only, say, show
from handlers.routes import Routes
from models.vocab import N_, CampaignStatus
from runtime.deps import Deps
from runtime.effects import DM, LongWork
from runtime.long_work import share_win
from views import campaigns as views
from views.invalid import texts_of

log = logging.getLogger("drumbeat.campaigns")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"'})


def register(routes: Routes) -> None:
    routes.command(["campaigns"], list_campaigns, organizers=True)
    routes.command(["campaign"], campaign, organizers=True, form=_opens_form)
    routes.form(views.CAMPAIGN_FORM, campaign_form, organizers=True)


def list_campaigns(request: Request, deps: Deps) -> Reply | None:
    return say(views.campaign_list(campaigns.every(deps.db, request.team_id)))


def _opens_form(request: Request) -> str | None:
    """`/drumbeat campaign new` opens the form; other `/drumbeat campaign ...` change one in a line."""
    words = request.args.split()
    return N_("New campaign") if words and words[0].lower() == "new" else None


def campaign(request: Request, deps: Deps) -> Reply | None:
    """`2 won [checks=30,90,180] ["commitment"]` or `2 status stalled`."""
    if _opens_form(request):
        return show(views.new_campaign_modal())
    try:
        words = shlex.split(request.args.translate(_QUOTES))
    except ValueError:
        return say(views.quote_open())
    if len(words) < 2:
        return say(views.usage())
    ref, verb, now = words[0], words[1].lower(), deps.now()
    if verb == "won":
        checks = next((w.split("=", 1)[1] for w in words[2:] if w.lower().startswith("checks=")), None)
        commitment = " ".join(w for w in words[2:] if not w.lower().startswith("checks=")) or None
        try:
            won = accountability.win(deps.db, request.team_id, ref, checks, commitment, now)
        except Refused as error:
            return say(views.bad_checks(error.why))
        if won is None:
            return say(views.unknown(ref))
        # Everyone who carried its asks hears, in the background (there may be thousands).
        return say(views.won(won.name, won.check_days), LongWork(share_win, (request.team_id, won.campaign_id)))
    if verb == "status" and len(words) >= 3:
        status = next((s for s in CampaignStatus if s.value == words[2].lower()), None)
        if status is None:
            return say(views.not_a_status(words[2]))
        if status == CampaignStatus.WON:
            return say(views.record_win_instead())
        changed = campaigns.change_status(deps.db, request.team_id, ref, status, now)
        return say(views.status_set(changed.name, status) if changed else views.unknown(ref))
    return say(views.usage())


def campaign_form(request: Request, deps: Deps) -> Reply | None:
    data = views.read_campaign_form(request.values)
    try:
        created = campaigns.add(deps.db, request.team_id, data, request.user_id, deps.now())
    except campaigns.NotValid as error:
        return form_errors(texts_of(error.errors))
    return only(DM(request.team_id, request.user_id, views.created(created)))
