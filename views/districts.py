"""The coalition's districts and the roster: counts for planning, never names."""

from __future__ import annotations

from typing import Any

from core.districts import Assigned, DistrictLine
from core.invalid import Invalid
from core.reports import Roster
from models.vocab import LEVEL_LABELS, METHOD_KEYS, Level, Method
from views.invalid import text_of
from views.text import answer, counted, esc, section, shorten

USAGE = (
    "`/drumbeat districts` lists them; `/drumbeat districts add Ward 1, Ward 2`; "
    "`/drumbeat districts remove Ward 2`; `/drumbeat districts set Council Member Diaz = Ward 3` says which "
    "district a decision maker represents (`= none` clears it)."
)


def district_list(lines: list[DistrictLine]) -> dict[str, Any]:
    if not lines:
        return answer("The coalition has no districts yet. " + USAGE)
    rows = []
    for line in lines:
        makers = ", ".join(esc(name) for name in line.decision_makers) or "no decision maker yet"
        rows.append(f"• *{esc(line.name)}*: {counted(line.messengers, 'active messenger')}; represented by {makers}")
    return answer("*Districts*\n" + "\n".join(rows) + "\n" + USAGE)


def roster_table(roster: Roster) -> str:
    """Active messengers by level and way of helping, as a fixed-width table (a person with two ways of
    helping counts under both), then by district."""
    if not roster.total:
        return "No active messengers yet."
    heads = [METHOD_KEYS[m][:9] for m in Method]
    width = 12
    lines = ["Level".ljust(width) + "".join(h.rjust(10) for h in heads) + "people".rjust(9)]
    for level in Level:
        if not roster.by_level[level]:
            continue
        cells = "".join(str(roster.cells.get((level, m), 0)).rjust(10) for m in Method)
        lines.append(LEVEL_LABELS[level][0].ljust(width) + cells + str(roster.by_level[level]).rjust(9))
    totals = "".join(str(sum(roster.cells.get((lv, m), 0) for lv in Level)).rjust(10) for m in Method)
    lines.append("All".ljust(width) + totals + str(roster.total).rjust(9))
    text = "```\n" + "\n".join(lines) + "\n```"
    if roster.by_district:
        places = ", ".join(f"{esc(name)}: {count}" for name, count in roster.by_district)
        text += f"\nBy district: {places}; not said {roster.no_district}."
    return text


def roster_message(roster: Roster) -> dict[str, Any]:
    active = counted(roster.total, "active messenger")
    text = f"*Who the coalition can ask* ({active}; counts only)\n" + roster_table(roster)
    return {"response_type": "ephemeral", "text": "Roster", "blocks": [section(text)]}


def nothing_added(why: Invalid) -> dict[str, Any]:
    return answer(f"Nothing was added: {text_of(why)}.")


def added(names: list[str]) -> dict[str, Any]:
    return answer(f"Added {', '.join(esc(n) for n in names)}." if names else "They were there already.")


def removed(names: list[str]) -> dict[str, Any]:
    return answer(f"Removed {', '.join(esc(n) for n in names)}." if names else "No such district.")


def usage() -> dict[str, Any]:
    return answer(USAGE)


def assigned(who: str, found: Assigned, where: str) -> dict[str, Any]:
    if found.known is not None:
        names = ", ".join(esc(n) for n in found.known[:10]) or "none yet"
        names += f", and {len(found.known) - 10} more" if len(found.known) > 10 else ""
        return answer(f"No campaign names a decision maker `{esc(shorten(who, 60))}`. Decision makers: {names}.")
    if found.unknown_district:
        return answer(f"`{esc(shorten(where, 60))}` is not one of the coalition's districts. " + USAGE)
    return answer(f"{esc(found.maker)} represents {esc(found.district) if found.district else 'no district'}.")
