"""Reports for organizers: `/drumbeat report [campaign] [since]` (with a chart), `/drumbeat export
[campaign]` (a CSV), `/drumbeat ledger [campaign]` (accountability after a win)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from slack_bolt import App

from core import accountability, campaigns, coverage, reports
from core.timing import zone
from handlers.request import Reply, Request, say
from handlers.routes import routes_of
from runtime.deps import Deps
from views import reports as views
from views.status import note
from views.text import esc

_DAYS = re.compile(r"^(\d{1,4})d$", re.ASCII)
DRUMBEAT_WEEKS = 52  # the drumbeat's period in a report without "since"


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["report"], report, organizers=True)
    routes.command(["export"], export, organizers=True)
    routes.command(["ledger"], ledger, organizers=True)


class Unclear(Exception):
    pass


@dataclass(frozen=True)
class Scope:
    campaign_id: int | None  # None: every campaign
    campaign: str | None
    since: datetime | None  # None: always


def _since(word: str, now: datetime, tz: str) -> datetime | None:
    if match := _DAYS.match(word.lower()):
        return now - timedelta(days=int(match.group(1)))
    try:
        return datetime.combine(date.fromisoformat(word), time(0, 0), tzinfo=zone(tz))
    except ValueError:
        return None


def _scope(deps: Deps, team_id: str, text: str, *, with_since: bool) -> Scope:
    """`[campaign] [since]` -> which campaign and since when. Raises Unclear naming what it didn't know."""
    words = text.split()
    since = None
    if with_since and words:
        since = _since(words[-1], deps.now(), deps.settings.timezone)
        if since is not None:
            words = words[:-1]
    ref = " ".join(words)
    if not ref:
        return Scope(None, None, since)
    with deps.db.reading() as session:
        found = campaigns.find(session, team_id, ref)
        scope = Scope(found.id, found.name, since) if found else None
        names = views.some_campaigns(campaigns.newest_open_first(campaigns.all_of(session, team_id)))
    if scope is None:
        raise Unclear(f"I don't know the campaign `{esc(ref[:40])}`. Campaigns: {names or 'none yet'}.")
    return scope


def report(request: Request, deps: Deps) -> Reply | None:
    try:
        scope = _scope(deps, request.team_id, request.args, with_since=True)
    except Unclear as error:
        return say(note(f"{error} Try `/drumbeat report`, `/drumbeat report 2 30d` or `/drumbeat report 2026-11-01`."))
    tz = deps.settings.timezone
    today = deps.now().astimezone(zone(tz)).date()
    first = scope.since.astimezone(zone(tz)).date() if scope.since else today - timedelta(weeks=DRUMBEAT_WEEKS - 1)
    with deps.db.reading() as session:
        found = reports.report(session, request.team_id, campaign_id=scope.campaign_id, since=scope.since, tz=tz)
        weeks = coverage.weeks_between(first, today)
        drumbeat = [
            line
            for line in coverage.coverage(
                session, request.team_id, weeks, tz, campaign_id=scope.campaign_id, asked_since=scope.since
            )
            if line.asks or line.targets
        ]
    if request.response_url:
        deps.slack.respond(request.response_url, views.report_message(found, tz, drumbeat))
    from views.chart import weekly_done_png  # matplotlib loads only when a report is asked for (startup time)

    png = weekly_done_png(found.weekly_done, title=f"Actions completed per week: {found.campaign or 'all campaigns'}")
    deps.slack.upload(
        request.user_id,
        png,
        filename="drumbeat-report.png",
        title="Actions completed per week",
        comment="The report's chart.",
    )
    return None


def export(request: Request, deps: Deps) -> Reply | None:
    words = request.args.split(None, 1)
    if words and words[0].lower() == "plan":  # the tactics chart
        from handlers.plan import export_plan

        return export_plan(request, deps, words[1] if len(words) > 1 else "")
    try:
        scope = _scope(deps, request.team_id, request.args, with_since=False)
    except Unclear as error:
        return say(note(f"{error} Try `/drumbeat export` or `/drumbeat export 2`."))
    with deps.db.reading() as session:
        rows = reports.export_rows(session, request.team_id, scope.campaign_id)
    stamp = deps.now().astimezone(zone(deps.settings.timezone)).strftime("%Y-%m-%d")
    uploaded = deps.slack.upload(
        request.user_id,
        views.export_csv(rows),
        filename=f"drumbeat-export-{stamp}.csv",
        title="Drumbeat export",
        comment=f"{len(rows)} deliveries.",
    )
    if not uploaded:
        return say(note("The upload failed; try again."))
    return say(note(f"The export ({len(rows)} deliveries) is in our DM."))


def ledger(request: Request, deps: Deps) -> Reply | None:
    try:
        scope = _scope(deps, request.team_id, request.args, with_since=False)
    except Unclear as error:
        return say(note(str(error)))
    with deps.db.reading() as session:
        if scope.campaign_id is not None:
            chosen = [scope.campaign_id]
        else:
            chosen = [c.id for c in campaigns.all_of(session, request.team_id) if c.won_at]
        books = [b for c in chosen if (b := accountability.ledger(session, c)) is not None]
    if not books:
        return say(note("No campaign has been won yet. `/drumbeat campaign 2 won checks=30,90,180` records a win."))
    if len(books) == 1:
        return say(views.ledger_message(books[0], deps.settings.timezone))
    return say(views.ledgers_list(books))  # one line each: every won campaign, never cut
