"""Organizer reports: the report, the ledger, the weekly digest, the CSV export."""

from __future__ import annotations

import csv
import io
from collections import Counter
from datetime import datetime
from typing import Any

from core.accountability import Ledger
from core.coverage import Line
from core.reports import EXPORT_COLUMNS, Attention, Report, Tally
from core.timing import zone
from models.vocab import (
    AUDIENCE_LABELS,
    BARRIER_LABELS,
    CHECK_ANSWER_LABELS,
    LEVEL_LABELS,
    METHOD_LABELS,
    N_,
    Barrier,
    CheckStage,
    Outcome,
)
from views.campaigns import STATUS_LABELS
from views.checkins import follow_up_actions
from views.districts import roster_table
from views.examples import Examples
from views.i18n import _, n_
from views.text import MESSAGE_BLOCKS, answer, esc, link, listing, person, section, shorten

NOTES_SHOWN = 10
QUIET_SHOWN = 10  # decision makers nobody has contacted lately, named in one line
CALL_BLOCKS = 20  # of the report's 50: the calls to action, one line each


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def tally_text(t: Tally) -> str:
    text = _(
        "sent {sent}, done {done}, will do {will_do}, can't {cant}, silent {silent}; response rate {rate}",
        sent=t.sent,
        done=t.done,
        will_do=t.will_do,
        cant=t.cant,
        silent=t.silent,
        rate=_pct(t.response_rate),
    )
    if t.barriers:
        text = _("{tally} (can't: {reasons})", tally=text, reasons=_barrier_counts(t.barriers.most_common()))
    return text


def _barrier_counts(counts: list[tuple[Barrier, int]]) -> str:
    """`time 3, childcare 1`, in the reader's language."""
    return ", ".join(f"{_(BARRIER_LABELS[b]).lower()} {n}" for b, n in counts)


def _check_counts(counts: Counter[Outcome]) -> str:
    """`yes 3, no 1, not sure 0`, in the reader's language."""
    return ", ".join(f"{_(label).lower()} {counts[o]}" for o, label in CHECK_ANSWER_LABELS.items())


def _audience(line: Line) -> str:
    """A drumbeat line's audience: a decision maker's name, or the public, the press... translated."""
    general = AUDIENCE_LABELS[line.audience]
    return _(general) if line.label == general else esc(line.label)


def report_message(report: Report, tz: str, drumbeat: list[Line] | None = None) -> dict[str, Any]:
    """`drumbeat`: completed contacts per audience over the report's period, against the plan (coverage)."""
    # inside the bold title: the campaign's name has no bold of its own
    scope = esc(report.campaign) if report.campaign else _("all campaigns")
    total = tally_text(report.total)
    if report.since:
        since = report.since.astimezone(zone(tz)).strftime("%Y-%m-%d")
        title = _("*Report: {scope} since {day}*", scope=scope, day=since)
    else:
        title = _("*Report: {scope}*", scope=scope)
    blocks = [section(title + "\n" + _("In all: {tally}", tally=total))]
    capacity = (
        [section(_("*Who the coalition can ask now* (active messengers)") + "\n" + roster_table(report.roster))]
        if report.roster is not None
        else []
    )
    if not report.calls:
        blocks += [section(_("Nothing has been sent yet.")), *capacity]
        return {"response_type": "ephemeral", "text": _("Report: nothing sent yet"), "blocks": blocks}
    lines = [f"#{a.call_id} {esc(shorten(a.objective, 70))}: {tally_text(a.tally)}" for a in report.calls]
    in_export = " " + _("in `/drumbeat export`")
    blocks += listing(lines, heading=_("*Per call to action*"), max_blocks=CALL_BLOCKS, more=in_export)
    blocks.append(
        section(
            _("*Per tactic*")
            + "\n"
            + "\n".join(f"{_(METHOD_LABELS[m][0])}: {tally_text(t)}" for m, t in report.by_tactic.items())
        )
    )
    not_recorded = _("Not recorded")  # (outside the f-string: the extraction would miss it)
    blocks.append(
        section(
            _("*Per level*")
            + "\n"
            + "\n".join(
                f"{_(LEVEL_LABELS[level][0]) if level else not_recorded}: {tally_text(t)}"
                for level, t in report.by_level.items()
            )
        )
    )
    if drumbeat:
        lines = [_drumbeat_line(line) for line in drumbeat]
        blocks += listing(
            lines,
            heading=_("*The drumbeat* (Done answers per audience)"),
            more=" " + _("in `/drumbeat coverage`"),
        )
    barriers = report.total.barriers
    if barriers:
        text = (
            _("*What got in the way*")
            + "\n"
            + "\n".join(f"{_(BARRIER_LABELS[b])}: {n}" for b, n in barriers.most_common())
        )
        if report.barrier_notes:
            quotes = "; ".join(f"“{esc(shorten(n, 100))}”" for n in report.barrier_notes[:5])
            text += "\n" + _("In their words: {quotes}", quotes=quotes)
        blocks.append(section(text))
    if report.notes:
        shown = report.notes[:NOTES_SHOWN]
        text = (
            _("*Notes from messengers* (newest first)")
            + "\n"
            + "\n".join(f"#{n.call_id}, {person(n.who)}: “{esc(shorten(n.words, 200))}”" for n in shown)
        )
        if len(report.notes) > len(shown):
            text += "\n" + _("…and {count} more in `/drumbeat export`.", count=len(report.notes) - len(shown))
        blocks.append(section(text))
    blocks += capacity
    if report.needs_support_named or report.needs_support_unnamed:
        names = [person(n) for n in report.needs_support_named]
        if report.needs_support_unnamed:
            unnamed = report.needs_support_unnamed
            names.append(n_("{n} who asked not to be named", "{n} who asked not to be named", unnamed))
        blocks.append(
            section(
                _(
                    "*May need support* (said “can't” more than once): {names}. A check-in call?",
                    names=", ".join(names),
                )
            )
        )
    return {"response_type": "ephemeral", "text": _("Report: {tally}", tally=total), "blocks": blocks}


def _drumbeat_line(line: Line) -> str:
    """One audience's completed contacts over the report's period, against the plan's targets if any."""
    fields = {
        "audience": _audience(line),
        "campaign": esc(line.campaign),
        "contacts": line.contacts,
        "asks": n_("{n} ask", "{n} asks", line.asks),
    }
    if line.targets:
        return _(
            "{audience} ({campaign}): {contacts} completed from {asks}, against {planned} planned",
            planned=sum(line.targets.values()),
            **fields,
        )
    return _("{audience} ({campaign}): {contacts} completed from {asks}", **fields)


def ledger_message(ledger: Ledger, tz: str) -> dict[str, Any]:
    title = _(
        "*Accountability ledger: {campaign}* ({status})",
        campaign=esc(ledger.campaign),
        status=_(STATUS_LABELS[ledger.status]),
    )
    if ledger.won_at is None:
        return answer(title + "\n" + _("Not won yet. When it is: `/drumbeat campaign <number> won checks=30,90,180`."))
    commitment = esc(ledger.commitment) if ledger.commitment else _("not recorded")
    head = _("*Commitment* ({day}): {commitment}", day=ledger.won_at.strftime("%Y-%m-%d"), commitment=commitment)
    blocks = listing([head], heading=title)
    per_check = max(1, (MESSAGE_BLOCKS - len(blocks)) // max(1, len(ledger.checks)))
    for check in ledger.checks:
        question = _("Implemented?") if check.stage == CheckStage.IMPLEMENTED else _("Sustained?")
        heading = _(
            "*{question}* {days}-day check ({day})",
            question=question,
            days=check.days_after_win,
            day=check.due_at.strftime("%Y-%m-%d"),
        )
        if not check.asked and not check.testimony:
            blocks += listing([_("{heading}: not asked yet.", heading=heading)])
            continue
        counts = _check_counts(check.counts)
        flag = " " + _(":warning: *mostly no or not sure*") if check.flagged else ""
        if not check.asked:
            heading = _("{heading} (not asked yet; problems reported)", heading=heading)
        said = []
        for t in check.testimony:
            label = CHECK_ANSWER_LABELS.get(t.outcome)
            said_answer = (_(label) if label else str(t.outcome)).lower()
            detail = f": “{esc(shorten(t.note, 200))}”" if t.note else ""
            shown_as = _("link")  # (not inside another `_()`: the extraction would miss it)
            evidence = " " + _("(evidence: {link})", link=link(t.evidence, shown_as)) if t.evidence else ""
            line = _(
                "{who}, {day}, said {answer}{detail}{evidence}",
                who=person(t.who),
                day=t.when.strftime("%Y-%m-%d"),
                answer=said_answer,
                detail=detail,
                evidence=evidence,
            )
            said.append("    • " + line)
        more = " " + _("answers (the counts include them)")
        room = per_check - 1 if check.flagged else per_check
        blocks += listing(said, heading=f"{heading}: {counts}{flag}", max_blocks=max(1, room), more=more)
        if check.flagged and len(blocks) < MESSAGE_BLOCKS:
            blocks.append(follow_up_actions(check.check_id))
    text = _("Accountability ledger: {campaign}", campaign=esc(ledger.campaign))
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}


def ledgers_list(books: list[Ledger]) -> dict[str, Any]:
    """Every won campaign's ledger in a line; `/drumbeat ledger N` shows one in full."""
    lines = []
    for book in books:
        checks = []
        for check in book.checks:
            if not check.asked:
                checks.append(_("{days}-day not asked yet", days=check.days_after_win))
                continue
            counts = _("{days}-day {counts}", days=check.days_after_win, counts=_check_counts(check.counts))
            checks.append(counts + (" :warning:" if check.flagged else ""))
        won = book.won_at.strftime("%Y-%m-%d") if book.won_at else "?"
        lines.append(
            _(
                "*#{id} {campaign}* (won {day}): {checks}",
                id=book.campaign_id,
                campaign=esc(book.campaign),
                day=won,
                checks="; ".join(checks) or _("no checks"),
            )
        )
    heading = _("*Accountability ledgers* (`/drumbeat ledger 12` shows one in full)")
    return {
        "response_type": "ephemeral",
        "text": _("Accountability ledgers"),
        "blocks": listing(lines, heading=heading, max_blocks=MESSAGE_BLOCKS),
    }


def some_campaigns(found: list[Any], shown: int = 10) -> str:
    """A few campaigns by number and name, for a hint, saying how many more there are."""
    names = ", ".join(f"{c.id} ({esc(c.name)})" for c in found[:shown])
    if len(found) > shown:
        return _("{names}, and {count} more (`/drumbeat campaigns`)", names=names, count=len(found) - shown)
    return names


def digest_message(
    report: Report, attention: Attention, now: datetime, drumbeat: tuple[int, int] | None = None
) -> dict[str, Any]:
    """`drumbeat`: last week's completed contacts and the plan's target for them (None: no plan ran)."""
    lines = [
        _("*Drumbeat weekly digest* (week to {day})", day=now.strftime("%Y-%m-%d")),
        _("Calls to action: {tally}", tally=tally_text(report.total)),
    ]
    if drumbeat is not None:
        lines.append(
            _(
                "The drumbeat: {done} completed contacts against the plan's {planned}",
                done=drumbeat[0],
                planned=drumbeat[1],
            )
        )
    done_by_tactic = [f"{_(METHOD_LABELS[m][0])} {t.done}" for m, t in report.by_tactic.items() if t.done]
    if done_by_tactic:
        lines.append(_("Done by tactic: {tactics}", tactics=", ".join(done_by_tactic)))
    lines += attention_lines(attention)
    return {"text": lines[0], "blocks": [section("\n".join(lines))]}


def attention_lines(attention: Attention) -> list[str]:
    lines = []
    if attention.barriers:
        lines.append(_("Barriers (two weeks): {barriers}", barriers=_barrier_counts(attention.barriers.most_common())))
    if attention.stalled:
        lines.append(_("Stalled: {campaigns}", campaigns=", ".join(esc(s) for s in attention.stalled)))
    if attention.quiet_decision_makers:
        quiet = attention.quiet_decision_makers
        names = ", ".join(esc(d) for d in quiet[:QUIET_SHOWN])
        if len(quiet) > QUIET_SHOWN:
            names = _("{names}, and {count} more", names=names, count=len(quiet) - QUIET_SHOWN)
        lines.append(_("No completed contact in 21 days: {names}", names=names))
    if attention.flagged_checks:
        checks = ", ".join(
            _("{campaign}: {days}-day check", campaign=esc(campaign), days=days)
            for campaign, days in attention.flagged_checks
        )
        lines.append(_("Implementation doubtful: {checks}", checks=checks))
    return lines


def export_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _safe_cell(v) for k, v in row.items()})
    return buffer.getvalue().encode("utf-8")


def _safe_cell(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; a leading apostrophe stops that."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def unknown_campaign(ref: str, known: list[Any], example: str) -> dict[str, Any]:
    """`example`: already in the reader's language (`report_example`, `export_example`)."""
    return answer(
        _(
            "I don't know the campaign `{ref}`. Campaigns: {names}. {example}",
            ref=esc(shorten(ref, 40)),
            names=some_campaigns(known) or _("none yet"),
            example=example,
        )
    )


def unreadable_period(word: str, campaign: str, example: str) -> dict[str, Any]:
    """`report 2 yesterday`: the campaign is known, the period is not."""
    return answer(
        _(
            "For *{campaign}*, I couldn't read `{word}` as a period: a number of days "
            "like `30d`, or the date to start from. {example}",
            campaign=esc(campaign),
            word=esc(shorten(word, 40)),
            example=example,
        )
    )


def report_example(ex: Examples) -> str:
    return _("Try `/drumbeat report`, `/drumbeat report 2 30d` or `/drumbeat report {since}`.", since=ex.since)


# Shown translated where it is used: `_(EXPORT_EXAMPLE)`, or `export_example()`.
EXPORT_EXAMPLE = N_("Try `/drumbeat export` or `/drumbeat export 2`.")


def export_example() -> str:
    return _(EXPORT_EXAMPLE)


def exported(rows: int) -> dict[str, Any]:
    return answer(_("The export ({rows} deliveries) is in our DM.", rows=rows))


def no_wins() -> dict[str, Any]:
    return answer(_("No campaign has been won yet. `/drumbeat campaign 2 won checks=30,90,180` records a win."))


def report_chart_file() -> tuple[str, str]:
    """The report chart's file in the organizer's DM: its title and comment."""
    return _("Actions completed per week"), _("The report's chart.")


def export_file(rows: int) -> tuple[str, str]:
    """The export's file: its title and comment."""
    return _("Drumbeat export"), _("{rows} deliveries.", rows=rows)
