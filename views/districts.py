"""The coalition's districts and the roster: counts for planning, never names."""

from __future__ import annotations

from typing import Any

from core.districts import Assigned, DistrictLine
from core.invalid import Invalid
from core.reports import Roster
from models.vocab import LEVEL_LABELS, N_, Level, Method
from views.i18n import _, n_
from views.invalid import text_of
from views.text import answer, esc, section, shorten

# Shown translated where it is used: `_(USAGE)`.
USAGE = N_(
    "`/drumbeat districts` lists them; `/drumbeat districts add Ward 1, Ward 2`; "
    "`/drumbeat districts remove Ward 2`; `/drumbeat districts set Council Member Diaz = Ward 3` says which "
    "district a decision maker represents (`= none` clears it)."
)
# The roster's column heads, at most 9 characters each (in English, `METHOD_KEYS` cut at 9).
ROSTER_HEADS: dict[Method, str] = {
    Method.OUTREACH: N_("outreach"),
    Method.EDUCATION: N_("education"),
    Method.MEETINGS: N_("meetings"),
    Method.SOCIAL: N_("social"),
    Method.MEDIA: N_("media"),
}


def district_list(lines: list[DistrictLine]) -> dict[str, Any]:
    if not lines:
        return answer(_("The coalition has no districts yet.") + " " + _(USAGE))
    rows = []
    for line in lines:
        makers = ", ".join(esc(name) for name in line.decision_makers) or _("no decision maker yet")
        active = n_("{n} active messenger", "{n} active messengers", line.messengers)
        rows.append(
            _("• *{name}*: {active}; represented by {makers}", name=esc(line.name), active=active, makers=makers)
        )
    return answer(_("*Districts*") + "\n" + "\n".join(rows) + "\n" + _(USAGE))


def roster_table(roster: Roster) -> str:
    """Active messengers by level and way of helping, as a fixed-width table (a person with two ways of
    helping counts under both), then by district."""
    if not roster.total:
        return _("No active messengers yet.")
    heads = [_(ROSTER_HEADS[m])[:9] for m in Method]
    levels = {level: _(LEVEL_LABELS[level][0]) for level in Level}
    width = max(12, *(len(label) + 1 for label in levels.values()))  # 12 in English
    lines = [_("Level").ljust(width) + "".join(h.rjust(10) for h in heads) + _("people")[:8].rjust(9)]
    for level in Level:
        if not roster.by_level[level]:
            continue
        cells = "".join(str(roster.cells.get((level, m), 0)).rjust(10) for m in Method)
        lines.append(levels[level].ljust(width) + cells + str(roster.by_level[level]).rjust(9))
    totals = "".join(str(sum(roster.cells.get((lv, m), 0) for lv in Level)).rjust(10) for m in Method)
    lines.append(_("All").ljust(width) + totals + str(roster.total).rjust(9))
    text = "```\n" + "\n".join(lines) + "\n```"
    if roster.by_district:
        places = ", ".join(f"{esc(name)}: {count}" for name, count in roster.by_district)
        text += "\n" + _("By district: {places}; not said {count}.", places=places, count=roster.no_district)
    return text


def roster_message(roster: Roster) -> dict[str, Any]:
    active = n_("{n} active messenger", "{n} active messengers", roster.total)
    text = _("*Who the coalition can ask* ({active}; counts only)", active=active) + "\n" + roster_table(roster)
    return {"response_type": "ephemeral", "text": _("Roster"), "blocks": [section(text)]}


def nothing_added(why: Invalid) -> dict[str, Any]:
    return answer(_("Nothing was added: {why}.", why=text_of(why)))


def added(names: list[str]) -> dict[str, Any]:
    if not names:
        return answer(_("They were there already."))
    return answer(_("Added {names}.", names=", ".join(esc(n) for n in names)))


def removed(names: list[str]) -> dict[str, Any]:
    if not names:
        return answer(_("No such district."))
    return answer(_("Removed {names}.", names=", ".join(esc(n) for n in names)))


def usage() -> dict[str, Any]:
    return answer(_(USAGE))


def assigned(who: str, found: Assigned, where: str) -> dict[str, Any]:
    if found.known is not None:
        names = ", ".join(esc(n) for n in found.known[:10])
        if not names:
            names = _("none yet")
        elif len(found.known) > 10:
            names = _("{names}, and {count} more", names=names, count=len(found.known) - 10)
        return answer(
            _(
                "No campaign names a decision maker `{who}`. Decision makers: {names}.",
                who=esc(shorten(who, 60)),
                names=names,
            )
        )
    if found.unknown_district:
        text = _("`{where}` is not one of the coalition's districts.", where=esc(shorten(where, 60)))
        return answer(text + " " + _(USAGE))
    if not found.district:
        return answer(_("{maker} represents no district.", maker=esc(found.maker)))
    return answer(_("{maker} represents {district}.", maker=esc(found.maker), district=esc(found.district)))
