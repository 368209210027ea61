"""The drumbeat plan, for organizers: `/drumbeat plan [campaign] [remove N]` (the tactics chart and its
form), the autopilot's draft DM (*Approve*, *Edit*, *Skip week*), `/drumbeat coverage [campaign]` (with a
heat map), gap alerts' *Draft asks now*, and `/drumbeat export plan` (the tactics chart as CSV, through
`handlers.reports`)."""

from __future__ import annotations

import logging
from datetime import timedelta

from core import campaigns, coverage, numbers, plan
from core.timing import zone
from handlers.request import Reply, Request, form_errors, only, replace, say, show
from handlers.routes import Routes
from handlers.scheduling import scheduled_effects
from models.vocab import N_
from runtime.deps import Deps
from runtime.effects import DM, Upload
from views import plan as views
from views.invalid import texts_of

log = logging.getLogger("drumbeat.plan")

COVERAGE_WEEKS = 52


def register(routes: Routes) -> None:
    routes.command(["plan"], plan_command, organizers=True, form=_opens_form)
    routes.form(views.PLAN_FORM, plan_form, organizers=True)
    routes.action(views.ADD_ROW, plan_add_row, organizers=True, form=N_("Plan row"))
    routes.action(views.APPROVE, plan_approve, organizers=True)
    routes.action(views.SKIP, plan_skip, organizers=True)
    routes.action(views.EDIT, plan_edit, organizers=True, form=N_("Edit the drafts"))
    routes.form(views.KEEP_FORM, plan_keep, organizers=True)
    routes.action(views.DRAFT_NOW, plan_draft_now, organizers=True)
    routes.command(["coverage"], coverage_command, organizers=True)


# ----- the chart -------------------------------------------------------------------------------------


def _opens_form(request: Request) -> str | None:
    """`/drumbeat plan 2` opens the row form; `/drumbeat plan` and `... remove N` answer in a message."""
    words = request.args.split()
    return N_("Plan row") if words and not any(w.lower() == "remove" for w in words) else None


def _form_for(deps: Deps, team_id: str, campaign_id: int) -> Reply:
    chart = plan.chart_of(deps.db, team_id, campaign_id, deps.now(), deps.settings.timezone)
    if chart is None:
        return say(views.campaign_gone())
    return show(views.plan_form(chart.campaign, chart.rows, chart.next_monday))


def plan_command(request: Request, deps: Deps) -> Reply | None:
    words = request.args.split()
    if not words:
        found, counts = plan.overview(deps.db, request.team_id)
        return say(views.plans_message(found, counts))
    lowered = [w.lower() for w in words]
    ref = " ".join(words[: lowered.index("remove")] if "remove" in lowered else words)
    campaign = campaigns.found(deps.db, request.team_id, ref)
    if campaign is None:
        return say(views.unknown_campaign(ref))
    if "remove" not in lowered:
        return _form_for(deps, request.team_id, campaign.id)
    number = words[lowered.index("remove") + 1 :]
    row_id = numbers.an_id(number[0]) if number else None
    chart = plan.remove(deps.db, request.team_id, campaign.id, row_id, deps.now(), deps.settings.timezone)
    if chart is None or row_id is None:
        return say(views.which_row())
    return say(views.removed(chart.campaign, row_id, chart.rows))


def plan_add_row(request: Request, deps: Deps) -> Reply | None:
    """The plan message's *Add a row* button."""
    return _form_for(deps, request.team_id, request.number or 0)


def plan_form(request: Request, deps: Deps) -> Reply | None:
    campaign_id = views.form_campaign(request.private_metadata)
    if campaign_id is None:
        return None
    data = views.read_plan_form(request.values, campaign_id)
    try:
        added = plan.add(deps.db, request.team_id, data, request.user_id, deps.now(), deps.settings.timezone)
    except plan.NotValid as error:
        errors = texts_of(error.errors)
        if "campaign" in errors:  # no field to show it on: the first one
            errors["tactic"] = errors.pop("campaign")
        return form_errors(errors)
    log.info("plan row #%d added to campaign #%d", added.row.id, campaign_id)
    message = views.row_added(added.chart.campaign, added.row, added.chart.rows)
    return only(DM(request.team_id, request.user_id, message))


# ----- the autopilot's drafts ------------------------------------------------------------------------


def _decide(request: Request, deps: Deps, approve: bool) -> Reply | None:
    planned_week_id = request.number
    if planned_week_id is None:
        return None
    tz = deps.settings.timezone
    found = plan.decide(deps.db, request.team_id, planned_week_id, request.user_id, approve, deps.now(), tz)
    if found is None:
        return replace(views.draft_gone())
    if not found.decided.already:
        log.info("planned week #%d %s: %d asks", planned_week_id, found.decided.state.value, found.decided.planned)
    # Each call to action of the week gets what scheduling one by hand gets (handlers.scheduling).
    effects = scheduled_effects(request.user_id, found.decided.scheduled)
    return replace(views.decided_message(found.planned_week, found.decided, tz), *effects)


def plan_approve(request: Request, deps: Deps) -> Reply | None:
    return _decide(request, deps, approve=True)


def plan_skip(request: Request, deps: Deps) -> Reply | None:
    return _decide(request, deps, approve=False)


def plan_edit(request: Request, deps: Deps) -> Reply | None:
    """*Edit*: the drafts, each with a checkbox (the form opened first, by the route)."""
    found = plan.drafts_to_edit(deps.db, request.team_id, request.number or 0)
    if found is None:
        return say(views.draft_gone())
    planned_week, drafts = found
    if planned_week.state.value != "drafted":
        return say(views.draft_decided(planned_week.state.value))
    return show(views.keep_form(planned_week, drafts, deps.settings.timezone))


def plan_keep(request: Request, deps: Deps) -> Reply | None:
    planned_week_id, listed, kept = views.read_keep_form(request.values, request.private_metadata)
    if planned_week_id is None:
        return None
    left = plan.keep(deps.db, request.team_id, planned_week_id, listed, kept)
    return only(DM(request.team_id, request.user_id, views.kept(left)))


def plan_draft_now(request: Request, deps: Deps) -> Reply | None:
    """A gap alert's *Draft asks now*: a week's worth of asks for that row, to approve like the others."""
    row_id = request.number
    if row_id is None:
        return None
    tz = deps.settings.timezone
    planned_week = plan.fill_gap(deps.db, request.team_id, row_id, request.user_id, deps.now(), tz)
    return replace(views.draft_message(planned_week) if planned_week is not None else views.row_gone())


# ----- coverage --------------------------------------------------------------------------------------


def coverage_command(request: Request, deps: Deps) -> Reply | None:
    ref = request.args.strip()
    tz, now = deps.settings.timezone, deps.now()
    campaign = campaigns.found(deps.db, request.team_id, ref) if ref else None
    if ref and campaign is None:
        return say(views.unknown_coverage_campaign(ref))
    today = now.astimezone(zone(tz)).date()
    weeks = coverage.weeks_between(today - timedelta(weeks=COVERAGE_WEEKS - 1), today)
    lines = coverage.of(deps.db, request.team_id, weeks, tz, campaign_id=campaign.id if campaign else None)
    name = campaign.name if campaign else None
    from views.chart import coverage_png, coverage_title  # matplotlib loads only when a chart is asked for

    first = coverage.first_week(lines, tz)
    shown = [week for week in weeks[-12:] if first is None or week >= first] or weeks[-1:]  # from the first data
    png = coverage_png(lines, shown, title=coverage_title(name))
    title, comment = views.coverage_file()
    upload = Upload(request.user_id, png, filename="drumbeat-coverage.png", title=title, comment=comment)
    spanned = len([week for week in weeks if first is not None and week >= first])
    return say(views.coverage_message(lines, weeks, name, spanned), upload)
