"""The drumbeat plan, for organizers: `/drumbeat plan [campaign] [remove N]` (the tactics chart and its
form), the autopilot's draft DM (*Approve*, *Edit*, *Skip week*), `/drumbeat coverage [campaign]` (with a
heat map), gap alerts' *Draft asks now*, and `/drumbeat export plan` (the tactics chart as CSV)."""

from __future__ import annotations

import logging
from datetime import timedelta

from slack_bolt import App

from core import campaigns, coverage, numbers, plan
from core.timing import zone
from handlers.request import Reply, Request, replace, say, show, then
from handlers.routes import routes_of
from models import Campaign, PlanWeek
from runtime.deps import Deps
from views import plan as views
from views.status import note
from views.text import MESSAGE_BLOCKS, esc

log = logging.getLogger("drumbeat.plan")

COVERAGE_WEEKS = 52
USAGE = (
    "Try `/drumbeat plan` (every plan), `/drumbeat plan 2` (add a row to campaign 2) or `/drumbeat plan 2 remove 5`."
)


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["plan"], plan_command, organizers=True, form=_opens_form)
    routes.form(views.PLAN_FORM, plan_form, organizers=True)
    routes.action(views.ADD_ROW, plan_add_row, organizers=True, form="Plan row")
    routes.action(views.APPROVE, plan_approve, organizers=True)
    routes.action(views.SKIP, plan_skip, organizers=True)
    routes.action(views.EDIT, plan_edit, organizers=True, form="Edit the drafts")
    routes.form(views.KEEP_FORM, plan_keep, organizers=True)
    routes.action(views.DRAFT_NOW, plan_draft_now, organizers=True)
    routes.command(["coverage"], coverage_command, organizers=True)


# ----- the chart -------------------------------------------------------------------------------------


def _opens_form(request: Request) -> str | None:
    """`/drumbeat plan 2` opens the row form; `/drumbeat plan` and `... remove N` answer in a message."""
    words = request.args.split()
    return "Plan row" if words and not any(w.lower() == "remove" for w in words) else None


def _form_for(deps: Deps, team_id: str, campaign: Campaign) -> Reply:
    with deps.db.reading() as session:
        found = session.get(Campaign, campaign.id)
        assert found is not None
        rows = plan.rows_of(session, team_id, campaign.id)
        form = views.plan_form(found, rows, plan.next_monday(deps.now(), deps.settings.timezone))
    return show(form)


def plan_command(request: Request, deps: Deps) -> Reply | None:
    words = request.args.split()
    if not words:
        with deps.db.reading() as session:
            found = campaigns.newest_open_first(campaigns.all_of(session, request.team_id))
            counts: dict[int, int] = {}
            for row in plan.rows_of(session, request.team_id):
                counts[row.campaign_id] = counts.get(row.campaign_id, 0) + 1
            return say(views.plans_message(found, counts))
    lowered = [w.lower() for w in words]
    ref = " ".join(words[: lowered.index("remove")] if "remove" in lowered else words)
    with deps.db.transaction() as session:
        campaign = campaigns.find(session, request.team_id, ref)
        if campaign is None:
            return say(note(f"I don't know the campaign `{esc(ref[:40])}`. `/drumbeat campaigns` lists them. {USAGE}"))
        if "remove" not in lowered:
            session.expunge(campaign)
        else:
            number = words[lowered.index("remove") + 1 :]
            row_id = numbers.an_id(number[0]) if number else None
            doomed = next((r for r in plan.rows_of(session, request.team_id, campaign.id) if r.id == row_id), None)
            if doomed is None:
                return say(note(f"Which row? {USAGE}"))
            plan.remove_row(session, request.team_id, doomed.id)
            session.flush()
            rows = plan.rows_of(session, request.team_id, campaign.id)
            message = views.plan_message(campaign, rows)
            removed = {"type": "section", "text": {"type": "mrkdwn", "text": f"Removed row #{row_id}."}}
            message["blocks"] = [removed, *message["blocks"]][:MESSAGE_BLOCKS]
            return say(message)
    return _form_for(deps, request.team_id, campaign)


def plan_add_row(request: Request, deps: Deps) -> Reply | None:
    """The plan message's *Add a row* button."""
    with deps.db.reading() as session:
        campaign = session.get(Campaign, request.number or 0)
        if campaign is None or campaign.team_id != request.team_id:
            return say(note("That campaign no longer exists. `/drumbeat campaigns` lists them."))
        session.expunge(campaign)
    return _form_for(deps, request.team_id, campaign)


def plan_form(request: Request, deps: Deps) -> Reply | None:
    campaign_id = views.form_campaign(request.private_metadata)
    if campaign_id is None:
        return None
    data = views.read_plan_form(request.values, campaign_id)
    with deps.db.transaction() as session:
        errors = plan.validate_row(session, request.team_id, data)
        if errors:
            if "campaign" in errors:  # no field to show it on: the first one
                errors["tactic"] = errors.pop("campaign")
            return Reply(errors=errors)
        row = plan.add_row(session, request.team_id, data, request.user_id, deps.now())
        campaign = session.get(Campaign, campaign_id)
        assert campaign is not None
        message = views.row_added(campaign, row, plan.rows_of(session, request.team_id, campaign_id))
    log.info("plan row #%d added to campaign #%d", row.id, campaign_id)

    def tell_organizer() -> None:
        deps.slack.dm(request.user_id, message)

    return then(tell_organizer)


def export_plan(request: Request, deps: Deps, ref: str) -> Reply | None:
    """`/drumbeat export plan [campaign]`: the tactics chart, filled in, as a CSV in the organizer's DM."""
    with deps.db.reading() as session:
        campaign = campaigns.find(session, request.team_id, ref) if ref else None
        if ref and campaign is None:
            return say(note(f"I don't know the campaign `{esc(ref[:40])}`. `/drumbeat campaigns` lists them."))
        rows = plan.rows_of(session, request.team_id, campaign.id if campaign else None)
        content = views.tactics_chart_csv(rows)
    stamp = deps.now().astimezone(zone(deps.settings.timezone)).strftime("%Y-%m-%d")
    uploaded = deps.slack.upload(
        request.user_id,
        content,
        filename=f"drumbeat-tactics-chart-{stamp}.csv",
        title="Drumbeat tactics chart",
        comment=f"{len(rows)} plan rows.",
    )
    if not uploaded:
        return say(note("The upload failed; try again."))
    return say(note(f"The tactics chart ({len(rows)} plan rows) is in our DM."))


# ----- the autopilot's drafts ------------------------------------------------------------------------


def _decide(request: Request, deps: Deps, approve: bool) -> Reply | None:
    batch_id = request.number
    if batch_id is None:
        return None
    tz, now = deps.settings.timezone, deps.now()
    with deps.db.transaction() as session:
        if approve:
            decided = plan.approve(session, request.team_id, batch_id, request.user_id, now, tz)
        else:
            decided = plan.skip(session, request.team_id, batch_id, request.user_id, now)
        batch = session.get(PlanWeek, batch_id)
        if decided is None or batch is None:
            return replace(note("That draft no longer exists."))
        message = views.decided_message(batch, decided, tz)
    for scheduled in decided.scheduled:
        if scheduled.first_due is not None:
            deps.jobs.wake(scheduled.call_id, scheduled.first_due)
    if not decided.already:
        log.info("plan batch #%d %s: %d asks", batch_id, decided.state.value, decided.planned)
    return replace(message)


def plan_approve(request: Request, deps: Deps) -> Reply | None:
    return _decide(request, deps, approve=True)


def plan_skip(request: Request, deps: Deps) -> Reply | None:
    return _decide(request, deps, approve=False)


def plan_edit(request: Request, deps: Deps) -> Reply | None:
    """*Edit*: the drafts, each with a checkbox (the form opened first, by the route)."""
    with deps.db.reading() as session:
        batch = session.get(PlanWeek, request.number or 0)
        if batch is None or batch.team_id != request.team_id:
            return say(note("That draft no longer exists."))
        if batch.state.value != "drafted":
            return say(note(f"This draft was already {batch.state.value}."))
        return show(views.keep_form(batch, plan.drafts_of(session, batch.id), deps.settings.timezone))


def plan_keep(request: Request, deps: Deps) -> Reply | None:
    batch_id, listed, kept = views.read_keep_form(request.values, request.private_metadata)
    if batch_id is None:
        return None
    with deps.db.transaction() as session:
        others = {c.id for c in plan.drafts_of(session, batch_id)} - listed  # not shown in the form: kept
        left = plan.keep_only(session, request.team_id, batch_id, kept | others)
    text = (
        "That draft was already decided."
        if left is None
        else f"Kept {left} draft{'s' if left != 1 else ''}. *Approve* on the draft message sends them."
    )

    def tell_organizer() -> None:
        deps.slack.dm(request.user_id, note(text))

    return then(tell_organizer)


def plan_draft_now(request: Request, deps: Deps) -> Reply | None:
    """A gap alert's *Draft asks now*: a week's worth of asks for that row, to approve like the others."""
    row_id = request.number
    if row_id is None:
        return None
    tz, now = deps.settings.timezone, deps.now()
    with deps.db.transaction() as session:
        batch = plan.draft_gap(session, request.team_id, row_id, now, tz)
        if batch is None:
            return replace(note("That plan row no longer exists."))
        plan.record_sent(session, batch.id, [request.user_id])  # its buttons are in this message
        message = views.draft_message(batch)
    return replace(message)


# ----- coverage --------------------------------------------------------------------------------------


def coverage_command(request: Request, deps: Deps) -> Reply | None:
    ref = request.args.strip()
    tz, now = deps.settings.timezone, deps.now()
    with deps.db.reading() as session:
        campaign = campaigns.find(session, request.team_id, ref) if ref else None
        if ref and campaign is None:
            return say(
                note(
                    f"I don't know the campaign `{esc(ref[:40])}`. Try `/drumbeat coverage` or `/drumbeat coverage 2`."
                )
            )
        today = now.astimezone(zone(tz)).date()
        weeks = coverage.weeks_between(today - timedelta(weeks=COVERAGE_WEEKS - 1), today)
        lines = coverage.coverage(session, request.team_id, weeks, tz, campaign_id=campaign.id if campaign else None)
        title = campaign.name if campaign else "every campaign"
    if request.response_url:
        deps.slack.respond(request.response_url, views.coverage_message(lines, weeks, title))
    from views.chart import coverage_png  # matplotlib loads only when a chart is asked for (startup time)

    shown = weeks[-12:]
    png = coverage_png(lines, shown, title=f"Completed contacts against the target: {title}")
    deps.slack.upload(
        request.user_id,
        png,
        filename="drumbeat-coverage.png",
        title="Coverage heat map",
        comment="Completed contacts per week against the plan's target, by audience.",
    )
    return None
