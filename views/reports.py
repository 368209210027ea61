"""Organizer reports: the report, the ledger, the weekly digest, the CSV export."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from core.accountability import Ledger
from core.coverage import Line
from core.reports import EXPORT_COLUMNS, Attention, Report, Tally
from core.timing import zone
from models.vocab import (
    BARRIER_LABELS,
    CHECK_ANSWER_LABELS,
    LEVEL_LABELS,
    METHOD_LABELS,
    CheckStage,
)
from views.campaigns import STATUS_LABELS
from views.checkins import follow_up_actions
from views.districts import roster_table
from views.examples import Examples
from views.text import MESSAGE_BLOCKS, answer, counted, esc, link, listing, section, shorten

NOTES_SHOWN = 10
QUIET_SHOWN = 10  # decision makers nobody has contacted lately, named in one line
CALL_BLOCKS = 20  # of the report's 50: the calls to action, one line each


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def tally_text(t: Tally) -> str:
    text = (
        f"sent {t.sent}, done {t.done}, will do {t.will_do}, can't {t.cant}, silent {t.silent}; "
        f"response rate {_pct(t.response_rate)}"
    )
    if t.barriers:
        reasons = ", ".join(f"{BARRIER_LABELS[b].lower()} {n}" for b, n in t.barriers.most_common())
        text += f" (can't: {reasons})"
    return text


def report_message(report: Report, tz: str, drumbeat: list[Line] | None = None) -> dict[str, Any]:
    """`drumbeat`: completed contacts per audience over the report's period, against the plan (coverage)."""
    scope = esc(report.campaign) if report.campaign else "all campaigns"  # inside the bold title: no bold of its own
    since = f" since {report.since.astimezone(zone(tz)).strftime('%Y-%m-%d')}" if report.since else ""
    blocks = [section(f"*Report: {scope}{since}*\nIn all: {tally_text(report.total)}")]
    capacity = (
        [section("*Who the coalition can ask now* (active messengers)\n" + roster_table(report.roster))]
        if report.roster is not None
        else []
    )
    if not report.calls:
        blocks += [section("Nothing has been sent yet."), *capacity]
        return {"response_type": "ephemeral", "text": "Report: nothing sent yet", "blocks": blocks}
    lines = [f"#{a.call_id} {esc(shorten(a.objective, 70))}: {tally_text(a.tally)}" for a in report.calls]
    blocks += listing(lines, heading="*Per call to action*", max_blocks=CALL_BLOCKS, more=" in `/drumbeat export`")
    blocks.append(
        section(
            "*Per tactic*\n" + "\n".join(f"{METHOD_LABELS[m][0]}: {tally_text(t)}" for m, t in report.by_tactic.items())
        )
    )
    blocks.append(
        section(
            "*Per level*\n"
            + "\n".join(
                f"{LEVEL_LABELS[level][0] if level else 'Not recorded'}: {tally_text(t)}"
                for level, t in report.by_level.items()
            )
        )
    )
    if drumbeat:
        lines = [
            f"{esc(line.label)} ({esc(line.campaign)}): {line.contacts} completed from {counted(line.asks, 'ask')}"
            + (f", against {sum(line.targets.values())} planned" if line.targets else "")
            for line in drumbeat
        ]
        blocks += listing(lines, heading="*The drumbeat* (Done answers per audience)", more=" in `/drumbeat coverage`")
    barriers = report.total.barriers
    if barriers:
        text = "*What got in the way*\n" + "\n".join(f"{BARRIER_LABELS[b]}: {n}" for b, n in barriers.most_common())
        if report.barrier_notes:
            text += "\nIn their words: " + "; ".join(f"“{esc(shorten(n, 100))}”" for n in report.barrier_notes[:5])
        blocks.append(section(text))
    if report.notes:
        shown = report.notes[:NOTES_SHOWN]
        text = "*Notes from messengers* (newest first)\n" + "\n".join(
            f"#{n.call_id}, {esc(n.who)}: “{esc(shorten(n.words, 200))}”" for n in shown
        )
        if len(report.notes) > len(shown):
            text += f"\n…and {len(report.notes) - len(shown)} more in `/drumbeat export`."
        blocks.append(section(text))
    blocks += capacity
    if report.needs_support_named or report.needs_support_unnamed:
        names = [esc(n) for n in report.needs_support_named]
        if report.needs_support_unnamed:
            names.append(f"{report.needs_support_unnamed} who asked not to be named")
        blocks.append(
            section("*May need support* (said “can't” more than once): " + ", ".join(names) + ". A check-in call?")
        )
    return {"response_type": "ephemeral", "text": f"Report: {tally_text(report.total)}", "blocks": blocks}


def ledger_message(ledger: Ledger, tz: str) -> dict[str, Any]:
    title = f"*Accountability ledger: {esc(ledger.campaign)}* ({STATUS_LABELS[ledger.status]})"
    if ledger.won_at is None:
        return answer(f"{title}\nNot won yet. When it is: `/drumbeat campaign <number> won checks=30,90,180`.")
    head = f"*Commitment* ({ledger.won_at.strftime('%Y-%m-%d')}): {esc(ledger.commitment or 'not recorded')}"
    blocks = listing([head], heading=title)
    per_check = max(1, (MESSAGE_BLOCKS - len(blocks)) // max(1, len(ledger.checks)))
    for check in ledger.checks:
        question = "Implemented?" if check.stage == CheckStage.IMPLEMENTED else "Sustained?"
        heading = f"*{question}* {check.days_after_win}-day check ({check.due_at.strftime('%Y-%m-%d')})"
        if not check.asked and not check.testimony:
            blocks += listing([f"{heading}: not asked yet."])
            continue
        counts = ", ".join(f"{label.lower()} {check.counts[o]}" for o, label in CHECK_ANSWER_LABELS.items())
        flag = " :warning: *mostly no or not sure*" if check.flagged else ""
        if not check.asked:
            heading += " (not asked yet; problems reported)"
        said = []
        for t in check.testimony:
            said_answer = CHECK_ANSWER_LABELS.get(t.outcome, str(t.outcome)).lower()
            detail = f": “{esc(shorten(t.note, 200))}”" if t.note else ""
            evidence = f" (evidence: {link(t.evidence, 'link')})" if t.evidence else ""
            said.append(f"    • {esc(t.who)}, {t.when.strftime('%Y-%m-%d')}, said {said_answer}{detail}{evidence}")
        more = " answers (the counts include them)"
        room = per_check - 1 if check.flagged else per_check
        blocks += listing(said, heading=f"{heading}: {counts}{flag}", max_blocks=max(1, room), more=more)
        if check.flagged and len(blocks) < MESSAGE_BLOCKS:
            blocks.append(follow_up_actions(check.check_id))
    return {"response_type": "ephemeral", "text": f"Accountability ledger: {esc(ledger.campaign)}", "blocks": blocks}


def ledgers_list(books: list[Ledger]) -> dict[str, Any]:
    """Every won campaign's ledger in a line; `/drumbeat ledger N` shows one in full."""
    lines = []
    for book in books:
        checks = []
        for check in book.checks:
            if not check.asked:
                checks.append(f"{check.days_after_win}-day not asked yet")
                continue
            counts = ", ".join(f"{label.lower()} {check.counts[o]}" for o, label in CHECK_ANSWER_LABELS.items())
            checks.append(f"{check.days_after_win}-day {counts}" + (" :warning:" if check.flagged else ""))
        won = book.won_at.strftime("%Y-%m-%d") if book.won_at else "?"
        lines.append(f"*#{book.campaign_id} {esc(book.campaign)}* (won {won}): " + ("; ".join(checks) or "no checks"))
    heading = "*Accountability ledgers* (`/drumbeat ledger 12` shows one in full)"
    return {
        "response_type": "ephemeral",
        "text": "Accountability ledgers",
        "blocks": listing(lines, heading=heading, max_blocks=MESSAGE_BLOCKS),
    }


def some_campaigns(found: list[Any], shown: int = 10) -> str:
    """A few campaigns by number and name, for a hint, saying how many more there are."""
    names = ", ".join(f"{c.id} ({esc(c.name)})" for c in found[:shown])
    more = f", and {len(found) - shown} more (`/drumbeat campaigns`)" if len(found) > shown else ""
    return names + more


def digest_message(
    report: Report, attention: Attention, now: datetime, drumbeat: tuple[int, int] | None = None
) -> dict[str, Any]:
    """`drumbeat`: last week's completed contacts and the plan's target for them (None: no plan ran)."""
    lines = [
        f"*Drumbeat weekly digest* (week to {now.strftime('%Y-%m-%d')})",
        f"Calls to action: {tally_text(report.total)}",
    ]
    if drumbeat is not None:
        lines.append(f"The drumbeat: {drumbeat[0]} completed contacts against the plan's {drumbeat[1]}")
    done_by_tactic = [f"{METHOD_LABELS[m][0]} {t.done}" for m, t in report.by_tactic.items() if t.done]
    if done_by_tactic:
        lines.append("Done by tactic: " + ", ".join(done_by_tactic))
    lines += attention_lines(attention)
    return {"text": lines[0], "blocks": [section("\n".join(lines))]}


def attention_lines(attention: Attention) -> list[str]:
    lines = []
    if attention.barriers:
        lines.append(
            "Barriers (two weeks): "
            + ", ".join(f"{BARRIER_LABELS[b].lower()} {n}" for b, n in attention.barriers.most_common())
        )
    if attention.stalled:
        lines.append("Stalled: " + ", ".join(esc(s) for s in attention.stalled))
    if attention.quiet_decision_makers:
        quiet = attention.quiet_decision_makers
        more = f", and {len(quiet) - QUIET_SHOWN} more" if len(quiet) > QUIET_SHOWN else ""
        lines.append("No completed contact in 21 days: " + ", ".join(esc(d) for d in quiet[:QUIET_SHOWN]) + more)
    if attention.flagged_checks:
        lines.append("Implementation doubtful: " + ", ".join(esc(f) for f in attention.flagged_checks))
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
    names = some_campaigns(known)
    return answer(f"I don't know the campaign `{esc(shorten(ref, 40))}`. Campaigns: {names or 'none yet'}. {example}")


def unreadable_period(word: str, campaign: str, example: str) -> dict[str, Any]:
    """`report 2 yesterday`: the campaign is known, the period is not."""
    return answer(
        f"For *{esc(campaign)}*, I couldn't read `{esc(shorten(word, 40))}` as a period: a number of days "
        f"like `30d`, or the date to start from. {example}"
    )


def report_example(ex: Examples) -> str:
    return f"Try `/drumbeat report`, `/drumbeat report 2 30d` or `/drumbeat report {ex.since}`."


EXPORT_EXAMPLE = "Try `/drumbeat export` or `/drumbeat export 2`."


def exported(rows: int) -> dict[str, Any]:
    return answer(f"The export ({rows} deliveries) is in our DM.")


def no_wins() -> dict[str, Any]:
    return answer("No campaign has been won yet. `/drumbeat campaign 2 won checks=30,90,180` records a win.")
