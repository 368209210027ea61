"""Reports for organizers: `/drumbeat report [campaign] [since]` (with a chart), `/drumbeat export
[campaign]` (a CSV), `/drumbeat ledger [campaign]` (accountability after a win)."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from slack_bolt import App
from slack_sdk.errors import SlackClientError

from core import accountability, campaigns, reports
from core.timing import zone
from handlers.common import (
    Reply,
    acknowledged_first,
    is_organizer,
    slack_error,
    split_command,
    team_of,
    user_of,
)
from handlers.organizers import REFUSAL
from handlers.routes import routes_of
from models import Campaign
from runtime.deps import Deps
from views import reports as views
from views.status import note
from views.text import esc

log = logging.getLogger("drumbeat.reports")
_DAYS = re.compile(r"^(\d{1,4})d$")


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["report"], acknowledged_first(report_command))
    routes.command(["export"], acknowledged_first(export_command))
    routes.command(["ledger"], acknowledged_first(ledger_command))


class Unclear(Exception):
    pass


def _since(word: str, now: datetime, tz: str) -> datetime | None:
    if match := _DAYS.match(word.lower()):
        return now - timedelta(days=int(match.group(1)))
    try:
        return datetime.combine(date.fromisoformat(word), time(0, 0), tzinfo=zone(tz))
    except ValueError:
        return None


def _scope(deps: Deps, team_id: str, text: str, *, with_since: bool) -> tuple[Campaign | None, datetime | None]:
    """`[campaign] [since]` -> the campaign (None: all) and since when (None: always)."""
    words = text.split()
    since = None
    if with_since and words:
        since = _since(words[-1], deps.now(), deps.settings.timezone)
        if since is not None:
            words = words[:-1]
    ref = " ".join(words)
    if not ref:
        return None, since
    with deps.db.transaction() as session:
        found = campaigns.find(session, team_id, ref)
        names = ", ".join(f"{c.id} ({esc(c.name)})" for c in campaigns.all_of(session, team_id)[:10])
    if found is None:
        raise Unclear(f"I don't know the campaign `{esc(ref[:40])}`. Campaigns: {names or 'none yet'}.")
    return found, since


def _upload(deps: Deps, user_id: str, content: bytes, filename: str, title: str, comment: str) -> bool:
    """Files go to the organizer's DM with Drumbeat."""
    try:
        channel = deps.slack.conversations_open(users=user_id)["channel"]["id"]
        deps.slack.files_upload_v2(
            channel=channel,
            content=content,
            filename=filename,
            title=title,
            initial_comment=comment,
            request_file_info=False,
        )
        return True
    except (SlackClientError, OSError) as error:
        log.warning("upload of %s failed: %s", filename, slack_error(error))
        return False


def report_command(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    team_id, user_id = team_of(body), user_of(body)
    if not is_organizer(deps, team_id, user_id):
        return note(REFUSAL)
    _, rest = split_command(body.get("text"))
    try:
        campaign, since = _scope(deps, team_id, rest, with_since=True)
    except Unclear as error:
        return note(f"{error} Try `/drumbeat report`, `/drumbeat report 2 30d` or `/drumbeat report 2026-11-01`.")
    tz = deps.settings.timezone
    with deps.db.reading() as session:
        found = reports.report(session, team_id, campaign_id=campaign.id if campaign else None, since=since, tz=tz)
    respond(**views.report_message(found, tz))
    from views.chart import weekly_done_png  # matplotlib loads only when a report is asked for

    png = weekly_done_png(found.weekly_done, title=f"Actions completed per week: {found.campaign or 'all campaigns'}")
    _upload(deps, user_id, png, "drumbeat-report.png", "Actions completed per week", "The report's chart.")
    return None


def export_command(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    team_id, user_id = team_of(body), user_of(body)
    if not is_organizer(deps, team_id, user_id):
        return note(REFUSAL)
    _, rest = split_command(body.get("text"))
    try:
        campaign, _ = _scope(deps, team_id, rest, with_since=False)
    except Unclear as error:
        return note(f"{error} Try `/drumbeat export` or `/drumbeat export 2`.")
    with deps.db.reading() as session:
        rows = reports.export_rows(session, team_id, campaign.id if campaign else None)
    data = views.export_csv(rows)
    stamp = deps.now().astimezone(zone(deps.settings.timezone)).strftime("%Y-%m-%d")
    ok = _upload(deps, user_id, data, f"drumbeat-export-{stamp}.csv", "Drumbeat export", f"{len(rows)} deliveries.")
    return note(f"The export ({len(rows)} deliveries) is in our DM." if ok else "The upload failed; try again.")


def ledger_command(body: dict[str, Any], deps: Deps, respond: Any) -> Reply:
    team_id = team_of(body)
    if not is_organizer(deps, team_id, user_of(body)):
        return note(REFUSAL)
    _, rest = split_command(body.get("text"))
    try:
        campaign, _ = _scope(deps, team_id, rest, with_since=False)
    except Unclear as error:
        return note(str(error))
    with deps.db.reading() as session:
        chosen = [campaign] if campaign else [c for c in campaigns.all_of(session, team_id) if c.won_at]
        books = [b for c in chosen if (b := accountability.ledger(session, c.id)) is not None]
    if not books:
        return note("No campaign has been won yet. `/drumbeat campaign 2 won checks=30,90,180` records a win.")
    messages = [views.ledger_message(b, deps.settings.timezone)["blocks"] for b in books[:5]]
    return {
        "response_type": "ephemeral",
        "text": "Accountability ledger",
        "blocks": [b for m in messages for b in m][:50],
    }
