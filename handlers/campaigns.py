"""`/drumbeat campaign new` (a form), `/drumbeat campaigns` (the list), `/drumbeat campaign 2 won|status`:
organizers only."""

from __future__ import annotations

import logging
import shlex

from slack_bolt import App

from core import accountability, campaigns, contact, districts, messengers, wins
from core.held import Sent
from handlers.request import Reply, Request, say, show, then
from handlers.routes import routes_of
from models.vocab import CampaignStatus, NoticeKind
from runtime import daytime
from runtime.deps import Deps
from views import campaigns as views
from views import wins as wins_views
from views.status import note
from views.text import esc

log = logging.getLogger("drumbeat.campaigns")
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
    text, won = change_campaign(deps, request.team_id, request.args)
    if won is not None:  # everyone who carried its asks hears, in the background (there may be thousands)
        deps.long_work.submit(share_win, deps, request.team_id, won)
    return say(note(text))


def share_win(deps: Deps, team_id: str, campaign_id: int) -> None:
    """One DM to each messenger who carried the campaign's asks (once: a notice per person and campaign),
    and one post in DRUMBEAT_REPORT_CHANNEL naming only those who agreed to be credited."""
    now, subject = deps.now(), str(campaign_id)
    with deps.db.reading() as session:
        found = wins.news(session, team_id, campaign_id)
    if found is None:
        return
    told = 0
    for carrier in found.carriers:
        with deps.db.transaction() as session:  # they may have said STOP or deleted their data meanwhile
            if not contact.may_start_conversation(session, team_id, carrier.user_id):
                continue
            if not messengers.claim_notice(session, team_id, carrier.user_id, NoticeKind.WIN, subject, now):
                continue
        if daytime.dm(deps, team_id, carrier.user_id, wins_views.win_dm(found, carrier), kind="win") is Sent.FAILED:
            with deps.db.transaction() as session:
                messengers.release_notice(session, team_id, carrier.user_id, NoticeKind.WIN, subject)
        else:
            told += 1
    channel = deps.settings.report_channel
    if channel:
        with deps.db.transaction() as session:
            first = messengers.claim_notice(session, team_id, channel, NoticeKind.WIN, subject, now)
            # Consent as it stands now: someone may have said STOP or deleted their data during the DMs.
            latest = wins.news(session, team_id, campaign_id) if first else None
        if latest is not None:
            deps.slack.post(channel, wins_views.win_post(latest))
    log.info("campaign #%d won: %d of %d messengers told", campaign_id, told, len(found.carriers))


USAGE = (
    'Try `/drumbeat campaign new`, `/drumbeat campaign 2 won checks=30,90,180 "the commitment, with a link"` '
    f"or `/drumbeat campaign 2 status stalled` (statuses: {', '.join(s.value for s in CampaignStatus)})."
)


def change_campaign(deps: Deps, team_id: str, text: str) -> tuple[str, int | None]:
    """`2 won [checks=30,90,180] ["commitment"]` or `2 status stalled`: what changed, in a sentence, and
    the campaign's id if it was just won."""
    won: list[int] = []
    said = _change(deps, team_id, text, won)
    return said, (won[0] if won else None)


def _change(deps: Deps, team_id: str, text: str, won: list[int]) -> str:
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
            won.append(found.id)
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
