"""The drumbeat plan: the plan-row form, the plan, the autopilot's draft DM, coverage and gap alerts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from core import numbers
from core.coverage import Gap, Line
from core.plan import PER_WEEK_MAX, WEEKS_MAX, Decided, RowInput, ends_on, named_count
from models import Call, Campaign, DecisionMaker, PlannedWeek, PlanRow
from models.vocab import (
    AUDIENCE_LABELS,
    EFFORT_LABELS,
    METHOD_KEYS,
    METHOD_LABELS,
    Audience,
    Effort,
    Method,
    WeekState,
)
from views.text import (
    MESSAGE_BLOCKS,
    VIEW_BLOCKS,
    answer,
    button,
    context,
    counted,
    esc,
    input_block,
    listing,
    option,
    plain,
    section,
    shorten,
    state_value,
)

PLAN_FORM = "plan_form"  # also the name of its listener in handlers.plan
KEEP_FORM = "plan_keep"  # the Edit form: which drafts to keep
APPROVE = "plan_approve"
EDIT = "plan_edit"
SKIP = "plan_skip"
ADD_ROW = "plan_add_row"  # the plan message's "Add a row" button (value: the campaign id)
DRAFT_NOW = "plan_draft_now"  # a gap alert's button (value: the row id)
MAKERS_SHOWN = 96  # a static select holds 100 options: the public, the press and the coalition, then these
DRAFTS_SHOWN = 90  # checkboxes in the Edit form (10 a block)


def _day(day: date) -> str:
    return day.strftime("%a %b %-d")


def row_line(row: PlanRow) -> str:
    audience = esc(row.decision_maker.name) if row.decision_maker is not None else AUDIENCE_LABELS[row.audience]
    templates = f"{len(row.asks)} ask template{'s' if len(row.asks) != 1 else ''}" if row.asks else "no ask template"
    return (
        f"*#{row.id}* {METHOD_LABELS[row.tactic][0]} to *{audience}*: {esc(row.objective)}\n"
        f"      {row.per_week} completed contact{'s' if row.per_week != 1 else ''} a week"
        f"{', constituents first' if row.constituents_first and row.audience == Audience.DECISION_MAKER else ''}; "
        f"{EFFORT_LABELS[row.effort][0].lower()}; {_day(row.starts_on)} to {_day(ends_on(row))}; {templates}"
    )


def plan_message(campaign: Campaign, rows: list[PlanRow]) -> dict[str, Any]:
    heading = f"*The drumbeat plan for #{campaign.id} {esc(campaign.name)}* ({counted(len(rows), 'row')})"
    lines = [row_line(r) for r in rows] or ["No rows yet."]
    blocks = listing(lines, heading=heading, max_blocks=MESSAGE_BLOCKS - 2, more=" (`/drumbeat export plan`)")
    blocks.append({"type": "actions", "elements": [button("Add a row", ADD_ROW, str(campaign.id), "primary")]})
    blocks.append(
        context(
            f"`/drumbeat plan {campaign.id} remove 5` removes row 5 · `/drumbeat coverage {campaign.id}` "
            "shows completed contacts against these targets · `/drumbeat export plan` is the tactics chart (CSV)"
        )
    )
    return {"response_type": "ephemeral", "text": heading, "blocks": blocks}


def plans_message(campaigns: list[Campaign], counts: Mapping[int, int]) -> dict[str, Any]:
    if not campaigns:
        return answer("No campaigns yet. `/drumbeat campaign new` starts one; then `/drumbeat plan 1` plans it.")
    lines = [
        f"*#{c.id} {esc(c.name)}*: {counted(counts.get(c.id, 0), 'plan row')} · `/drumbeat plan {c.id}`"
        for c in campaigns
    ]
    heading = "*Drumbeat plans*: each campaign's tactics chart; the autopilot drafts next week's asks from it"
    return {"response_type": "ephemeral", "text": heading, "blocks": listing(lines, heading=heading, max_blocks=40)}


def plan_form(campaign: Campaign, rows: list[PlanRow], first_week: date) -> dict[str, Any]:
    makers: list[DecisionMaker] = list(campaign.decision_makers)
    audiences = [option(f"dm:{m.id}", m.name, m.role or None) for m in makers[:MAKERS_SHOWN]]
    audiences += [option(a.value, AUDIENCE_LABELS[a]) for a in Audience if a != Audience.DECISION_MAKER]
    tactics = [option(METHOD_KEYS[m], METHOD_LABELS[m][0], METHOD_LABELS[m][1]) for m in Method]
    efforts = [option(e.value, EFFORT_LABELS[e][0], EFFORT_LABELS[e][1]) for e in Effort]
    first = option("yes", "Constituents first", "People who live in the decision maker's district are asked first")
    blocks: list[dict[str, Any]] = [
        section(
            f"*#{campaign.id} {esc(campaign.name)}*: {counted(len(rows), 'row')} so far. "
            "Add one line of the tactics chart."
        )
    ]
    if len(makers) > MAKERS_SHOWN:
        blocks.append(context(f"The first {MAKERS_SHOWN} of {len(makers)} decision makers are listed."))
    blocks += [
        input_block("tactic", "Tactic", {"type": "static_select", "options": tactics}),
        input_block("audience", "Audience", {"type": "static_select", "options": audiences}),
        input_block(
            "objective",
            "Objective",
            {"type": "plain_text_input", "max_length": 300},
            hint="What this row is for, e.g. “Council Member Diaz hears from constituents every week”.",
        ),
        input_block("effort", "Effort it asks", {"type": "static_select", "options": efforts}),
        input_block(
            "per_week",
            "Target: completed contacts a week",
            {"type": "number_input", "is_decimal_allowed": False, "min_value": "1", "max_value": str(PER_WEEK_MAX)},
            hint="Counted in Done answers, not in asks sent.",
        ),
        input_block(
            "starts_on",
            "First week",
            {"type": "datepicker", "initial_date": first_week.isoformat()},
            hint="Its Monday.",
        ),
        input_block(
            "weeks",
            "Weeks it runs",
            {
                "type": "number_input",
                "is_decimal_allowed": False,
                "min_value": "1",
                "max_value": str(WEEKS_MAX),
                "initial_value": "8",
            },
        ),
        input_block(
            "constituents_first",
            "Who is asked first",
            {"type": "checkboxes", "options": [first], "initial_options": [first]},
            optional=True,
        ),
        input_block(
            "asks",
            "Ask templates",
            {"type": "plain_text_input", "multiline": True, "max_length": 3000},
            optional=True,
            hint="What messengers are asked to do, with links on their own lines; separate templates with a line "
            "of --- and the autopilot takes them in turn.",
        ),
    ]
    return {
        "type": "modal",
        "callback_id": PLAN_FORM,
        "title": plain("Plan row", 24),
        "submit": plain("Add row"),
        "close": plain("Cancel"),
        "private_metadata": json.dumps({"campaign_id": campaign.id}),
        "blocks": blocks[:VIEW_BLOCKS],
    }


def read_plan_form(values: Mapping[str, Any], campaign_id: int) -> RowInput:
    def chosen(block: str) -> str:
        return str((state_value(values, block).get("selected_option") or {}).get("value") or "")

    audience_value = chosen("audience")
    maker = numbers.an_id(audience_value[3:]) if audience_value.startswith("dm:") else None
    audience = Audience.DECISION_MAKER if maker else next((a for a in Audience if a.value == audience_value), None)
    picked = state_value(values, "constituents_first").get("selected_options") or []
    try:
        starts = date.fromisoformat(str(state_value(values, "starts_on").get("selected_date") or ""))
    except ValueError:
        starts = None
    return RowInput(
        campaign_id=campaign_id,
        tactic=next((m for m, key in METHOD_KEYS.items() if key == chosen("tactic")), None),
        audience=audience,
        decision_maker_id=maker,
        objective=str(state_value(values, "objective").get("value") or ""),
        effort=next((e for e in Effort if e.value == chosen("effort")), None),
        per_week=str(state_value(values, "per_week").get("value") or ""),
        weeks=str(state_value(values, "weeks").get("value") or ""),
        starts_on=starts,
        asks=str(state_value(values, "asks").get("value") or ""),
        constituents_first=any(o.get("value") == "yes" for o in picked),
    )


def form_campaign(private_metadata: str) -> int | None:
    try:
        value = json.loads(private_metadata or "{}").get("campaign_id")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def row_added(campaign: Campaign, row: PlanRow, rows: list[PlanRow]) -> dict[str, Any]:
    message = plan_message(campaign, rows)
    added = f"Added row #{row.id} to the plan. The autopilot drafts its asks each week for you to approve."
    message["blocks"] = [section(added), *message["blocks"]][:MESSAGE_BLOCKS]
    message["text"] = added
    return message


# ----- the autopilot's DM ------------------------------------------------------------------------------


def _rows_of_summary(planned_week: PlannedWeek) -> list[dict[str, Any]]:
    rows = planned_week.summary.get("rows", [])
    return rows if isinstance(rows, list) else []


def draft_message(planned_week: PlannedWeek) -> dict[str, Any]:
    """The one DM: the week's asks per row, what they are expected to yield, and Approve / Edit / Skip."""
    rows = _rows_of_summary(planned_week)
    asks = sum(int(r.get("asks", 0)) for r in rows)
    expected = sum(float(r.get("expected", 0)) for r in rows)
    when = "Next week" if planned_week.row_id is None else "The next five working days"
    headline = (
        f"{when}: {counted(asks, 'ask')} for {counted(len(rows), 'plan row')}, "
        f"expected {counted(round(expected), 'contact')}"
    )
    lines = []
    for r in rows:
        line = (
            f"• {esc(str(r.get('campaign', '')))}, {esc(str(r.get('label', '')))}: "
            f"{counted(int(r.get('asks', 0)), 'ask')}, "
            f"expected {float(r.get('expected', 0)):.1f} of {r.get('target', 0)} a week"
        )
        if r.get("short"):
            line += f"\n      _Short: {esc(str(r['short']))}_"
        lines.append(line)
    blocks = listing(lines, heading=f"*{headline}*", max_blocks=MESSAGE_BLOCKS - 2)
    value = str(planned_week.id)
    blocks.append(
        {
            "type": "actions",
            "elements": [
                button("Approve", APPROVE, value, "primary"),
                button("Edit", EDIT, value),
                button("Skip week" if planned_week.row_id is None else "Skip", SKIP, value, "danger"),
            ],
        }
    )
    blocks.append(context("Nothing is sent until you approve. Limits and quiet hours are checked again then."))
    return {"text": headline, "blocks": blocks}


def decided_message(planned_week: PlannedWeek, decided: Decided, tz_name: str) -> dict[str, Any]:
    if decided.already:
        by = f" by <@{planned_week.decided_by}>" if planned_week.decided_by else ""
        text = f"This draft was already {decided.state.value}{by}."
    elif decided.state == WeekState.APPROVED:
        are = "is" if decided.planned == 1 else "are"
        calls = counted(len(decided.scheduled), "call to action", "calls to action")
        text = f"Approved: {counted(decided.planned, 'ask')} {are} scheduled ({calls})."
        if decided.dropped:
            were = "was" if decided.dropped == 1 else "were"
            text += f" {counted(decided.dropped, 'ask')} drafted for days that have passed {were} dropped."
        text += " `/drumbeat actions` follows them; `/drumbeat coverage` counts what gets done."
    else:
        text = "Skipped: nothing from this draft will be sent."
    return answer(text)


def keep_form(planned_week: PlannedWeek, drafts: list[Call], tz_name: str) -> dict[str, Any]:
    """*Edit*: every draft with a checkbox, kept ones ticked; unticked ones are discarded on Save."""
    shown = drafts[:DRAFTS_SHOWN]
    blocks: list[dict[str, Any]] = [section("Untick what should not go out, then *Keep these*. Approve afterwards.")]
    for start in range(0, len(shown), 10):
        options = []
        for call in shown[start : start + 10]:
            day = call.send_at.strftime("%a %b %-d")
            options.append(
                option(
                    str(call.id),
                    f"{day}: {call.objective}",
                    f"{counted(named_count(call), 'person', 'people')} · #{call.id}",
                )
            )
        blocks.append(
            input_block(
                f"keep_{start // 10}",
                "Drafts" if start == 0 else " ",
                {"type": "checkboxes", "options": options, "initial_options": options},
                optional=True,
            )
        )
    if len(drafts) > len(shown):
        blocks.append(context(f"{len(drafts) - len(shown)} more drafts are not listed here and are kept."))
    return {
        "type": "modal",
        "callback_id": KEEP_FORM,
        "title": plain("Edit the drafts", 24),
        "submit": plain("Keep these"),
        "close": plain("Cancel"),
        "private_metadata": json.dumps({"week": planned_week.id, "listed": [c.id for c in shown]}),
        "blocks": blocks,
    }


def read_keep_form(values: Mapping[str, Any], private_metadata: str) -> tuple[int | None, set[int], set[int]]:
    """(planned week id, drafts listed, drafts kept)."""
    try:
        meta = json.loads(private_metadata or "{}")
    except ValueError:
        meta = {}
    planned_week = meta.get("week") if isinstance(meta, dict) else None
    listed = {int(i) for i in (meta.get("listed") or []) if isinstance(i, int)} if isinstance(meta, dict) else set()
    kept: set[int] = set()
    for block_id in values:
        if block_id.startswith("keep_"):
            for chosen in state_value(values, block_id).get("selected_options") or []:
                value = str(chosen.get("value", ""))
                if (call_id := numbers.an_id(value)) is not None:
                    kept.add(call_id)
    return (planned_week if isinstance(planned_week, int) else None), listed, kept


# ----- coverage ------------------------------------------------------------------------------------


def _span(weeks: int) -> str:
    return "this week" if weeks <= 1 else f"in the last {counted(weeks, 'week')}"


def coverage_message(lines: list[Line], weeks: list[date], title: str, spanned: int) -> dict[str, Any]:
    """Per audience: completed contacts a week against the target, by avenue, and from constituents.
    `spanned`: how many of the weeks have passed since the first ask, contact or target (the totals'
    real span, not the window's)."""
    recent = weeks[-4:]
    heading = f"*Coverage: {esc(title)}*, completed contacts (Done answers) per week, the last {len(recent)} weeks"
    out = []
    for line in lines:
        cells = []
        for week in recent:
            target = line.targets.get(week)
            got = line.weekly.get(week, 0)
            cells.append(f"{got}/{target}" if target else f"{got}")
        avenues = ", ".join(
            f"{METHOD_LABELS[m][0].lower()} {n}" for m, n in sorted(line.by_tactic.items(), key=lambda x: -x[1])
        )
        constituents = (
            f"; {line.constituents} from constituents"
            if line.audience == Audience.DECISION_MAKER and line.contacts
            else ""
        )
        out.append(
            f"*{esc(line.label)}* ({esc(line.campaign)}): {' · '.join(cells)}"
            f"\n      {line.contacts} contact{'s' if line.contacts != 1 else ''} from {line.asks} "
            f"ask{'s' if line.asks != 1 else ''} {_span(spanned)}" + (f" ({avenues}{constituents})" if avenues else "")
        )
    if not out:
        out = ["Nothing to count yet: no decision makers, plan rows or answers."]
    legend = "Each week: contacts/target (a lone number: no target that week)."
    blocks = listing(out, heading=heading, max_blocks=MESSAGE_BLOCKS - 1, more=" (`/drumbeat coverage 2` narrows it)")
    blocks.append(context(legend + " The heat map is in our DM."))
    return {"response_type": "ephemeral", "text": heading, "blocks": blocks}


def gap_message(gap: Gap) -> dict[str, Any]:
    per = f"target {gap.per_week} a week"
    text = (
        f"*{esc(gap.label)}* ({esc(gap.campaign)}): 0 completed contacts in {gap.days} days ({per}); "
        f"{gap.asks} ask{'s' if gap.asks != 1 else ''} went out, 0 done."
    )
    return {
        "text": text,
        "blocks": [
            section(text),
            {"type": "actions", "elements": [button("Draft asks now", DRAFT_NOW, str(gap.row_id), "primary")]},
            context("The drafts come to you to approve, like the weekly ones."),
        ],
    }


# ----- the tactics chart (CSV) ------------------------------------------------------------------------

CHART_COLUMNS = [
    "campaign",
    "row",
    "tactic",
    "audience",
    "objective",
    "effort",
    "completed_contacts_per_week",
    "constituents_first",
    "first_week",
    "last_day",
    "weeks",
    "ask_templates",
]


def _cell(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: quote them."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def tactics_chart_csv(rows: list[PlanRow]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CHART_COLUMNS)
    for row in rows:
        audience = row.decision_maker.name if row.decision_maker is not None else AUDIENCE_LABELS[row.audience]
        templates = "\n---\n".join(
            "\n".join(part for part in (t.get("ask", ""), t.get("links", "")) if part) for t in row.asks
        )
        writer.writerow(
            [
                _cell(row.campaign.name),
                row.id,
                METHOD_LABELS[row.tactic][0],
                _cell(audience),
                _cell(row.objective),
                EFFORT_LABELS[row.effort][0],
                row.per_week,
                "yes" if row.constituents_first else "no",
                row.starts_on.isoformat(),
                ends_on(row).isoformat(),
                row.weeks,
                _cell(templates),
            ]
        )
    return out.getvalue().encode("utf-8")


USAGE = (
    "Try `/drumbeat plan` (every plan), `/drumbeat plan 2` (add a row to campaign 2) or `/drumbeat plan 2 remove 5`."
)


def unknown_campaign(ref: str) -> dict[str, Any]:
    return answer(f"I don't know the campaign `{esc(shorten(ref, 40))}`. `/drumbeat campaigns` lists them. {USAGE}")


def which_row() -> dict[str, Any]:
    return answer(f"Which row? {USAGE}")


def removed(campaign: Campaign, row_id: int, rows: list[PlanRow]) -> dict[str, Any]:
    message = plan_message(campaign, rows)
    message["blocks"] = [section(f"Removed row #{row_id}."), *message["blocks"]][:MESSAGE_BLOCKS]
    return message


def campaign_gone() -> dict[str, Any]:
    return answer("That campaign no longer exists. `/drumbeat campaigns` lists them.")


def draft_gone() -> dict[str, Any]:
    return answer("That draft no longer exists.")


def draft_decided(state: str) -> dict[str, Any]:
    return answer(f"This draft was already {state}.")


def kept(left: int | None) -> dict[str, Any]:
    if left is None:
        return answer("That draft was already decided.")
    return answer(f"Kept {left} draft{'s' if left != 1 else ''}. *Approve* on the draft message sends them.")


def row_gone() -> dict[str, Any]:
    return answer("That plan row no longer exists.")


def unknown_coverage_campaign(ref: str) -> dict[str, Any]:
    return answer(
        f"I don't know the campaign `{esc(shorten(ref, 40))}`. Try `/drumbeat coverage` or `/drumbeat coverage 2`."
    )


def chart_uploaded(rows: int) -> dict[str, Any]:
    return answer(f"The tactics chart ({counted(rows, 'plan row')}) is in our DM.")


UPLOAD_FAILED = "The upload failed; try again."


def upload_failed() -> dict[str, Any]:
    return answer(UPLOAD_FAILED)
