"""Reports for organizers: `/drumbeat report [campaign] [since]` (with a chart), `/drumbeat export
[campaign]` and `/drumbeat export plan [campaign]` (CSVs), `/drumbeat ledger [campaign]` (accountability
after a win)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from core import accountability, campaigns, coverage, plan, reports
from core.timing import zone
from handlers.request import Reply, Request, say
from handlers.routes import Routes
from runtime.deps import Deps
from runtime.effects import Upload
from views import plan as plan_views
from views import reports as views
from views.examples import examples

_DAYS = re.compile(r"^(\d{1,4})d$", re.ASCII)
DRUMBEAT_WEEKS = 52  # the drumbeat's period in a report without "since"


def register(routes: Routes) -> None:
    routes.command(["report"], report, organizers=True)
    routes.command(["export"], export, organizers=True)
    routes.command(["ledger"], ledger, organizers=True)


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


def _scope(deps: Deps, team_id: str, text: str, *, with_since: bool, example: str) -> Scope | dict[str, Any]:
    """`[campaign] [since]` -> which campaign and since when, or the message naming what it didn't know."""
    words = text.split()
    since = None
    if with_since and words:
        since = _since(words[-1], deps.now(), deps.settings.timezone)
        if since is not None:
            words = words[:-1]
    ref = " ".join(words)
    if not ref:
        return Scope(None, None, since)
    found = campaigns.found(deps.db, team_id, ref)
    if found is None and with_since and since is None and len(words) > 1:
        head = campaigns.found(deps.db, team_id, " ".join(words[:-1]))
        if head is not None:  # `report 2 yesterday`: a known campaign, then a period it cannot read
            return views.unreadable_period(words[-1], head.name, example)
    if found is None:
        return views.unknown_campaign(ref, campaigns.listed(deps.db, team_id), example)
    return Scope(found.id, found.name, since)


def report(request: Request, deps: Deps) -> Reply | None:
    ex = examples(deps.now(), deps.settings.timezone)
    scope = _scope(deps, request.team_id, request.args, with_since=True, example=views.report_example(ex))
    if not isinstance(scope, Scope):
        return say(scope)
    tz = deps.settings.timezone
    today = deps.now().astimezone(zone(tz)).date()
    first = scope.since.astimezone(zone(tz)).date() if scope.since else today - timedelta(weeks=DRUMBEAT_WEEKS - 1)
    found = reports.report_of(deps.db, request.team_id, campaign_id=scope.campaign_id, since=scope.since, tz=tz)
    weeks = coverage.weeks_between(first, today)
    drumbeat = [
        line
        for line in coverage.of(
            deps.db, request.team_id, weeks, tz, campaign_id=scope.campaign_id, asked_since=scope.since
        )
        if line.asks or line.targets
    ]
    from views.chart import weekly_done_png, weekly_done_title  # matplotlib loads only when a report is asked for

    png = weekly_done_png(found.weekly_done, title=weekly_done_title(found.campaign or None))
    title, comment = views.report_chart_file()
    chart = Upload(request.user_id, png, filename="drumbeat-report.png", title=title, comment=comment)
    return say(views.report_message(found, tz, drumbeat), chart)


def export(request: Request, deps: Deps) -> Reply | None:
    words = request.args.split(None, 1)
    if words and words[0].lower() == "plan":  # the tactics chart
        return _export_plan(request, deps, words[1] if len(words) > 1 else "")
    scope = _scope(deps, request.team_id, request.args, with_since=False, example=views.export_example())
    if not isinstance(scope, Scope):
        return say(scope)
    rows = reports.export_of(deps.db, request.team_id, scope.campaign_id)
    stamp = deps.now().astimezone(zone(deps.settings.timezone)).strftime("%Y-%m-%d")
    title, comment = views.export_file(len(rows))
    upload = Upload(
        request.user_id,
        views.export_csv(rows),
        filename=f"drumbeat-export-{stamp}.csv",
        title=title,
        comment=comment,
        failed=plan_views.upload_failed(),
    )
    return say(views.exported(len(rows)), upload)


def _export_plan(request: Request, deps: Deps, ref: str) -> Reply | None:
    """`/drumbeat export plan [campaign]`: the tactics chart, filled in, as a CSV in the organizer's DM."""
    campaign = campaigns.found(deps.db, request.team_id, ref) if ref else None
    if ref and campaign is None:
        return say(plan_views.unknown_campaign(ref))
    rows = plan.rows_in(deps.db, request.team_id, campaign.id if campaign else None)
    stamp = deps.now().astimezone(zone(deps.settings.timezone)).strftime("%Y-%m-%d")
    title, comment = plan_views.tactics_chart_file(len(rows))
    upload = Upload(
        request.user_id,
        plan_views.tactics_chart_csv(rows),
        filename=f"drumbeat-tactics-chart-{stamp}.csv",
        title=title,
        comment=comment,
        failed=plan_views.upload_failed(),
    )
    return say(plan_views.chart_uploaded(len(rows)), upload)


def ledger(request: Request, deps: Deps) -> Reply | None:
    scope = _scope(deps, request.team_id, request.args, with_since=False, example="")
    if not isinstance(scope, Scope):
        return say(scope)
    books = accountability.ledgers(deps.db, request.team_id, scope.campaign_id)
    if not books:
        return say(views.no_wins())
    if len(books) == 1:
        return say(views.ledger_message(books[0], deps.settings.timezone))
    return say(views.ledgers_list(books))  # one line each: every won campaign, never cut
