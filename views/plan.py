"""The drumbeat plan: the plan-row form, the plan, the autopilot's draft DM, coverage and gap alerts."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from babel.dates import format_date

from core import numbers
from core.coverage import Gap, Line
from core.plan import PER_WEEK_MAX, WEEKS_MAX, Decided, RowInput, Short, ends_on, named_count
from models import Call, Campaign, DecisionMaker, PlannedWeek, PlanRow
from models.vocab import (
    AUDIENCE_LABELS,
    EFFORT_LABELS,
    METHOD_KEYS,
    METHOD_LABELS,
    N_,
    Audience,
    Effort,
    Method,
    WeekState,
)
from views.i18n import SPANISH, _, language, n_
from views.text import (
    MESSAGE_BLOCKS,
    VIEW_BLOCKS,
    answer,
    button,
    context,
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
    """A day, short: "Mon Dec 7", "lun 7 dic"."""
    if language() == SPANISH:
        return format_date(day, "EEE d MMM", locale=SPANISH)
    return day.strftime("%a %b %-d")  # English (and the test pseudo-language)


def audience_name(label: str, audience: Audience | None = None) -> str:
    """An audience as core names it (`label`: a decision maker's name, or an `AUDIENCE_LABELS` text) in the
    reader's language, not escaped. With `audience`, only that audience's label is translated; without it
    (a gap alert names no audience), any audience label is."""
    labels = [AUDIENCE_LABELS[audience]] if audience is not None else list(AUDIENCE_LABELS.values())
    return _(label) if label in labels else label


def _plan_rows(n: int) -> str:
    return n_("{n} plan row", "{n} plan rows", n)


def row_line(row: PlanRow) -> str:
    audience = esc(row.decision_maker.name) if row.decision_maker is not None else _(AUDIENCE_LABELS[row.audience])
    templates = n_("{n} ask template", "{n} ask templates", len(row.asks)) if row.asks else _("no ask template")
    if row.constituents_first and row.audience == Audience.DECISION_MAKER:
        contacts = n_(
            "{n} completed contact a week, constituents first",
            "{n} completed contacts a week, constituents first",
            row.per_week,
        )
    else:
        contacts = n_("{n} completed contact a week", "{n} completed contacts a week", row.per_week)
    first = _(
        "*#{row_id}* {tactic} to *{audience}*: {objective}",
        row_id=row.id,
        tactic=_(METHOD_LABELS[row.tactic][0]),
        audience=audience,
        objective=esc(row.objective),
    )
    second = _(
        "{contacts}; {effort}; {start} to {end}; {templates}",
        contacts=contacts,
        effort=_(EFFORT_LABELS[row.effort][0]).lower(),
        start=_day(row.starts_on),
        end=_day(ends_on(row)),
        templates=templates,
    )
    return f"{first}\n      {second}"


def plan_message(campaign: Campaign, rows: list[PlanRow]) -> dict[str, Any]:
    heading = _(
        "*The drumbeat plan for #{campaign_id} {campaign}* ({rows})",
        campaign_id=campaign.id,
        campaign=esc(campaign.name),
        rows=n_("{n} row", "{n} rows", len(rows)),
    )
    lines = [row_line(r) for r in rows] or [_("No rows yet.")]
    blocks = listing(lines, heading=heading, max_blocks=MESSAGE_BLOCKS - 2, more=" (`/drumbeat export plan`)")
    blocks.append({"type": "actions", "elements": [button(_("Add a row"), ADD_ROW, str(campaign.id), "primary")]})
    blocks.append(
        context(
            _(
                "`/drumbeat plan {campaign_id} remove 5` removes row 5 · `/drumbeat coverage {campaign_id}` "
                "shows completed contacts against these targets · `/drumbeat export plan` is the tactics chart (CSV)",
                campaign_id=campaign.id,
            )
        )
    )
    return {"response_type": "ephemeral", "text": heading, "blocks": blocks}


def plans_message(campaigns: list[Campaign], counts: Mapping[int, int]) -> dict[str, Any]:
    if not campaigns:
        return answer(_("No campaigns yet. `/drumbeat campaign new` starts one; then `/drumbeat plan 1` plans it."))
    lines = [f"*#{c.id} {esc(c.name)}*: {_plan_rows(counts.get(c.id, 0))} · `/drumbeat plan {c.id}`" for c in campaigns]
    heading = _("*Drumbeat plans*: each campaign's tactics chart; the autopilot drafts next week's asks from it")
    return {"response_type": "ephemeral", "text": heading, "blocks": listing(lines, heading=heading, max_blocks=40)}


def plan_form(campaign: Campaign, rows: list[PlanRow], first_week: date) -> dict[str, Any]:
    makers: list[DecisionMaker] = list(campaign.decision_makers)
    audiences = [option(f"dm:{m.id}", m.name, m.role or None) for m in makers[:MAKERS_SHOWN]]
    audiences += [option(a.value, _(AUDIENCE_LABELS[a])) for a in Audience if a != Audience.DECISION_MAKER]
    tactics = [option(METHOD_KEYS[m], _(METHOD_LABELS[m][0]), _(METHOD_LABELS[m][1])) for m in Method]
    efforts = [option(e.value, _(EFFORT_LABELS[e][0]), _(EFFORT_LABELS[e][1])) for e in Effort]
    first = option(
        "yes", _("Constituents first"), _("People who live in the decision maker's district are asked first")
    )
    blocks: list[dict[str, Any]] = [
        section(
            _(
                "*#{campaign_id} {campaign}*: {rows} so far. Add one line of the tactics chart.",
                campaign_id=campaign.id,
                campaign=esc(campaign.name),
                rows=n_("{n} row", "{n} rows", len(rows)),
            )
        )
    ]
    if len(makers) > MAKERS_SHOWN:
        blocks.append(
            context(
                _(
                    "The first {shown} of {total} decision makers are listed.",
                    shown=MAKERS_SHOWN,
                    total=len(makers),
                )
            )
        )
    blocks += [
        input_block("tactic", _("Tactic"), {"type": "static_select", "options": tactics}),
        input_block("audience", _("Audience"), {"type": "static_select", "options": audiences}),
        input_block(
            "objective",
            _("Objective"),
            {"type": "plain_text_input", "max_length": 300},
            hint=_("What this row is for, e.g. “Council Member Diaz hears from constituents every week”."),
        ),
        input_block("effort", _("Effort it asks"), {"type": "static_select", "options": efforts}),
        input_block(
            "per_week",
            _("Target: completed contacts a week"),
            {"type": "number_input", "is_decimal_allowed": False, "min_value": "1", "max_value": str(PER_WEEK_MAX)},
            hint=_("Counted in Done answers, not in asks sent."),
        ),
        input_block(
            "starts_on",
            _("First week"),
            {"type": "datepicker", "initial_date": first_week.isoformat()},
            hint=_("Its Monday."),
        ),
        input_block(
            "weeks",
            _("Weeks it runs"),
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
            _("Who is asked first"),
            {"type": "checkboxes", "options": [first], "initial_options": [first]},
            optional=True,
        ),
        input_block(
            "asks",
            _("Ask templates"),
            {"type": "plain_text_input", "multiline": True, "max_length": 3000},
            optional=True,
            hint=_(
                "What messengers are asked to do, with links on their own lines; separate templates with a line "
                "of --- and the autopilot takes them in turn."
            ),
        ),
        input_block(
            "objective_es",
            _("Objective in Spanish"),
            {"type": "plain_text_input", "max_length": 300},
            optional=True,
            hint=_("If you write it, people who read Drumbeat in Spanish get it; if not, they get yours as written."),
        ),
        input_block(
            "asks_es",
            _("Ask templates in Spanish"),
            {"type": "plain_text_input", "multiline": True, "max_length": 3000},
            optional=True,
            hint=_("In the same order as above, separated by ---: each goes with the template in its place."),
        ),
    ]
    return {
        "type": "modal",
        "callback_id": PLAN_FORM,
        "title": plain(_("Plan row"), 24),
        "submit": plain(_("Add row")),
        "close": plain(_("Cancel")),
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
        objective_es=str(state_value(values, "objective_es").get("value") or ""),
        asks_es=str(state_value(values, "asks_es").get("value") or ""),
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
    added = _(
        "Added row #{row_id} to the plan. The autopilot drafts its asks each week for you to approve.", row_id=row.id
    )
    message["blocks"] = [section(added), *message["blocks"]][:MESSAGE_BLOCKS]
    message["text"] = added
    return message


# ----- the autopilot's DM ------------------------------------------------------------------------------


def _rows_of_summary(planned_week: PlannedWeek) -> list[dict[str, Any]]:
    rows = planned_week.summary.get("rows", [])
    return rows if isinstance(rows, list) else []


def _row_label(summary: Mapping[str, Any]) -> str:
    """A drafted row as the reader says it, "Direct outreach to Mayor Lee", from the facts core stored (a
    week drafted before those were stored keeps its English label)."""
    tactic = next((m for m, key in METHOD_KEYS.items() if key == summary.get("tactic")), None)
    audience = next((a for a in Audience if a.value == summary.get("audience")), None)
    if tactic is None or audience is None:
        return str(summary.get("label", ""))
    whom = str(summary.get("maker") or "") if audience == Audience.DECISION_MAKER else ""
    return _(
        "{tactic} to {audience}",
        tactic=_(METHOD_LABELS[tactic][0]),
        audience=whom or _(AUDIENCE_LABELS[audience]),
    )


def _why_short(short: Any, summary: Mapping[str, Any]) -> str:
    """Why a row falls short of its target (core.plan.Short), in the reader's words."""
    if not isinstance(short, Mapping):
        return str(short)  # drafted before the reasons were stored as facts
    why = short.get("why")
    if why == Short.NOBODY:
        tactic = next((m for m, key in METHOD_KEYS.items() if key == summary.get("tactic")), None)
        method = _(METHOD_LABELS[tactic][0]).lower() if tactic is not None else ""
        return _("nobody fits: no active messenger chose {method} at this effort or above", method=method)
    if why == Short.CAP:
        return _("{cap} asks are the most one row drafts in a week", cap=short.get("cap", 0))
    parts = [n_("only {n} person fits", "only {n} people fit", int(short.get("fit", 0)))]
    if short.get("busy"):
        parts.append(
            n_(
                "{n} at their ask limit or already asked each day",
                "{n} at their ask limit or already asked each day",
                int(short["busy"]),
            )
        )
    if short.get("without_time"):
        parts.append(
            n_(
                "{n} with quiet hours through the working day",
                "{n} with quiet hours through the working day",
                int(short["without_time"]),
            )
        )
    return "; ".join(parts)


def draft_message(planned_week: PlannedWeek) -> dict[str, Any]:
    """The one DM: the week's asks per row, what they are expected to yield, and Approve / Edit / Skip."""
    rows = _rows_of_summary(planned_week)
    asks = sum(int(r.get("asks", 0)) for r in rows)
    expected = sum(float(r.get("expected", 0)) for r in rows)
    counts = {
        "asks": n_("{n} ask", "{n} asks", asks),
        "rows": _plan_rows(len(rows)),
        "contacts": n_("{n} contact", "{n} contacts", round(expected)),
    }
    if planned_week.row_id is None:
        headline = _("Next week: {asks} for {rows}, expected {contacts}", **counts)
    else:
        headline = _("The next five working days: {asks} for {rows}, expected {contacts}", **counts)
    lines = []
    for r in rows:
        line = "• " + _(
            "{campaign}, {label}: {asks}, expected {expected} of {target} a week",
            campaign=esc(str(r.get("campaign", ""))),
            label=esc(_row_label(r)),
            asks=n_("{n} ask", "{n} asks", int(r.get("asks", 0))),
            expected=_decimal(float(r.get("expected", 0))),
            target=r.get("target", 0),
        )
        if r.get("short"):
            line += "\n      " + _("_Short: {why}_", why=esc(_why_short(r["short"], r)))
        lines.append(line)
    blocks = listing(lines, heading=f"*{headline}*", max_blocks=MESSAGE_BLOCKS - 2)
    value = str(planned_week.id)
    blocks.append(
        {
            "type": "actions",
            "elements": [
                button(_("Approve"), APPROVE, value, "primary"),
                button(_("Edit"), EDIT, value),
                button(_("Skip week") if planned_week.row_id is None else _("Skip"), SKIP, value, "danger"),
            ],
        }
    )
    blocks.append(context(_("Nothing is sent until you approve. Limits and quiet hours are checked again then.")))
    return {"text": headline, "blocks": blocks}


def _decimal(x: float) -> str:
    """A number with one decimal, as the reader writes it: 0.3, 0,3."""
    text = f"{x:.1f}"
    return text.replace(".", ",") if language() == SPANISH else text


# A planned week's state, said of a draft someone decided before: (alone, with who decided it).
ALREADY: dict[WeekState, tuple[str, str]] = {
    WeekState.DRAFTED: (N_("This draft was already drafted."), N_("This draft was already drafted by <@{user_id}>.")),
    WeekState.APPROVED: (
        N_("This draft was already approved."),
        N_("This draft was already approved by <@{user_id}>."),
    ),
    WeekState.SKIPPED: (N_("This draft was already skipped."), N_("This draft was already skipped by <@{user_id}>.")),
}


def _already(state: str, decided_by: str | None = None) -> str:
    found = next((texts for s, texts in ALREADY.items() if s.value == state), None)
    if found is None:
        return _("That draft was already decided.")
    return _(found[1], user_id=decided_by) if decided_by else _(found[0])


def decided_message(planned_week: PlannedWeek, decided: Decided, tz_name: str) -> dict[str, Any]:
    if decided.already:
        text = _already(decided.state.value, planned_week.decided_by)
    elif decided.state == WeekState.APPROVED:
        calls = n_("{n} call to action", "{n} calls to action", len(decided.scheduled))
        text = n_(
            "Approved: {n} ask is scheduled ({calls}).",
            "Approved: {n} asks are scheduled ({calls}).",
            decided.planned,
            calls=calls,
        )
        if decided.dropped:
            text += " " + n_(
                "{n} ask drafted for days that have passed was dropped.",
                "{n} asks drafted for days that have passed were dropped.",
                decided.dropped,
            )
        text += " " + _("`/drumbeat actions` follows them; `/drumbeat coverage` counts what gets done.")
    else:
        text = _("Skipped: nothing from this draft will be sent.")
    return answer(text)


def keep_form(planned_week: PlannedWeek, drafts: list[Call], tz_name: str) -> dict[str, Any]:
    """*Edit*: every draft with a checkbox, kept ones ticked; unticked ones are discarded on Save."""
    shown = drafts[:DRAFTS_SHOWN]
    blocks: list[dict[str, Any]] = [section(_("Untick what should not go out, then *Keep these*. Approve afterwards."))]
    for start in range(0, len(shown), 10):
        options = []
        for call in shown[start : start + 10]:
            options.append(
                option(
                    str(call.id),
                    f"{_day(call.send_at)}: {call.objective}",
                    n_("{n} person · #{call_id}", "{n} people · #{call_id}", named_count(call), call_id=call.id),
                )
            )
        blocks.append(
            input_block(
                f"keep_{start // 10}",
                _("Drafts") if start == 0 else " ",
                {"type": "checkboxes", "options": options, "initial_options": options},
                optional=True,
            )
        )
    if len(drafts) > len(shown):
        more = len(drafts) - len(shown)
        blocks.append(
            context(
                n_(
                    "{n} more drafts are not listed here and are kept.",
                    "{n} more drafts are not listed here and are kept.",
                    more,
                )
            )
        )
    return {
        "type": "modal",
        "callback_id": KEEP_FORM,
        "title": plain(_("Edit the drafts"), 24),
        "submit": plain(_("Keep these")),
        "close": plain(_("Cancel")),
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
    return _("this week") if weeks <= 1 else n_("in the last {n} week", "in the last {n} weeks", weeks)


EVERY_CAMPAIGN = N_("every campaign")  # coverage's title when it counts every campaign


def coverage_message(lines: list[Line], weeks: list[date], title: str | None, spanned: int) -> dict[str, Any]:
    """Per audience: completed contacts a week against the target, by avenue, and from constituents.
    `title`: the campaign's name, or None for every campaign. `spanned`: how many of the weeks have passed
    since the first ask, contact or target (the totals' real span, not the window's)."""
    recent = weeks[-4:]
    heading = _(
        "*Coverage: {title}*, completed contacts (Done answers) per week, the last {n} weeks",
        title=esc(title) if title is not None else _(EVERY_CAMPAIGN),
        n=len(recent),
    )
    out = []
    for line in lines:
        cells = []
        for week in recent:
            target = line.targets.get(week)
            got = line.weekly.get(week, 0)
            cells.append(f"{got}/{target}" if target else f"{got}")
        avenues = ", ".join(
            f"{_(METHOD_LABELS[m][0]).lower()} {n}" for m, n in sorted(line.by_tactic.items(), key=lambda x: -x[1])
        )
        if avenues and line.audience == Audience.DECISION_MAKER and line.contacts:
            avenues = _("{avenues}; {n} from constituents", avenues=avenues, n=line.constituents)
        totals = _(
            "{contacts} from {asks} {span}",
            contacts=n_("{n} contact", "{n} contacts", line.contacts),
            asks=n_("{n} ask", "{n} asks", line.asks),
            span=_span(spanned),
        )
        out.append(
            f"*{esc(audience_name(line.label, line.audience))}* ({esc(line.campaign)}): {' · '.join(cells)}"
            f"\n      {totals}" + (f" ({avenues})" if avenues else "")
        )
    if not out:
        out = [_("Nothing to count yet: no decision makers, plan rows or answers.")]
    more = " " + _("(`/drumbeat coverage 2` narrows it)")
    blocks = listing(out, heading=heading, max_blocks=MESSAGE_BLOCKS - 1, more=more)
    blocks.append(
        context(_("Each week: contacts/target (a lone number: no target that week). The heat map is in our DM."))
    )
    return {"response_type": "ephemeral", "text": heading, "blocks": blocks}


def gap_message(gap: Gap) -> dict[str, Any]:
    text = n_(
        "*{label}* ({campaign}): 0 completed contacts in {days} days (target {per_week} a week); "
        "{n} ask went out, 0 done.",
        "*{label}* ({campaign}): 0 completed contacts in {days} days (target {per_week} a week); "
        "{n} asks went out, 0 done.",
        gap.asks,
        label=esc(audience_name(gap.label)),
        campaign=esc(gap.campaign),
        days=gap.days,
        per_week=gap.per_week,
    )
    return {
        "text": text,
        "blocks": [
            section(text),
            {"type": "actions", "elements": [button(_("Draft asks now"), DRAFT_NOW, str(gap.row_id), "primary")]},
            context(_("The drafts come to you to approve, like the weekly ones.")),
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
    """The tactics chart as a spreadsheet: its column names are fixed keys; its words (tactics, audiences,
    efforts, yes and no) are in the reader's language."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CHART_COLUMNS)
    for row in rows:
        audience = row.decision_maker.name if row.decision_maker is not None else _(AUDIENCE_LABELS[row.audience])
        templates = "\n---\n".join(
            "\n".join(part for part in (t.get("ask", ""), t.get("links", "")) if part) for t in row.asks
        )
        writer.writerow(
            [
                _cell(row.campaign.name),
                row.id,
                _(METHOD_LABELS[row.tactic][0]),
                _cell(audience),
                _cell(row.objective),
                _(EFFORT_LABELS[row.effort][0]),
                row.per_week,
                _("yes") if row.constituents_first else _("no"),
                row.starts_on.isoformat(),
                ends_on(row).isoformat(),
                row.weeks,
                _cell(templates),
            ]
        )
    return out.getvalue().encode("utf-8")


USAGE = N_(
    "Try `/drumbeat plan` (every plan), `/drumbeat plan 2` (add a row to campaign 2) or `/drumbeat plan 2 remove 5`."
)


def unknown_campaign(ref: str) -> dict[str, Any]:
    return answer(
        _(
            "I don't know the campaign `{ref}`. `/drumbeat campaigns` lists them. {usage}",
            ref=esc(shorten(ref, 40)),
            usage=_(USAGE),
        )
    )


def which_row() -> dict[str, Any]:
    return answer(_("Which row? {usage}", usage=_(USAGE)))


def removed(campaign: Campaign, row_id: int, rows: list[PlanRow]) -> dict[str, Any]:
    message = plan_message(campaign, rows)
    message["blocks"] = [section(_("Removed row #{row_id}.", row_id=row_id)), *message["blocks"]][:MESSAGE_BLOCKS]
    return message


def campaign_gone() -> dict[str, Any]:
    return answer(_("That campaign no longer exists. `/drumbeat campaigns` lists them."))


def draft_gone() -> dict[str, Any]:
    return answer(_("That draft no longer exists."))


def draft_decided(state: str) -> dict[str, Any]:
    """`state`: the planned week's (a `WeekState` value)."""
    return answer(_already(state))


def kept(left: int | None) -> dict[str, Any]:
    if left is None:
        return answer(_("That draft was already decided."))
    return answer(
        n_(
            "Kept {n} draft. *Approve* on the draft message sends them.",
            "Kept {n} drafts. *Approve* on the draft message sends them.",
            left,
        )
    )


def row_gone() -> dict[str, Any]:
    return answer(_("That plan row no longer exists."))


def unknown_coverage_campaign(ref: str) -> dict[str, Any]:
    return answer(
        _(
            "I don't know the campaign `{ref}`. Try `/drumbeat coverage` or `/drumbeat coverage 2`.",
            ref=esc(shorten(ref, 40)),
        )
    )


def chart_uploaded(rows: int) -> dict[str, Any]:
    return answer(_("The tactics chart ({rows}) is in our DM.", rows=_plan_rows(rows)))


UPLOAD_FAILED = N_("The upload failed; try again.")


def upload_failed() -> dict[str, Any]:
    return answer(_(UPLOAD_FAILED))


def coverage_file() -> tuple[str, str]:
    """The heat map's file in the organizer's DM: its title and comment."""
    return _("Coverage heat map"), _("Completed contacts per week against the plan's target, by audience.")


def tactics_chart_file(rows: int) -> tuple[str, str]:
    """The tactics chart's file: its title and comment."""
    return _("Drumbeat tactics chart"), _("{rows} plan rows.", rows=rows)
