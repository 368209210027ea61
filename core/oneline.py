"""The one-line form of `/drumbeat new`, for people who prefer typing:

    /drumbeat new "Call Mayor Lee about ID cards" tactic=outreach level=occasional,participate
                  at=2026-12-01T10:00 due=2026-12-05

The quoted text is the objective. Then `key=value` pairs, in any order (values with spaces in quotes):

    tactic=   outreach | education | meetings | social | media            (required)
    campaign= a campaign's number or name            (needed only when there are several)
    to=       public | press | coalition | a decision maker's name          (default public)
    ask=      "what to do and say"            links=  https://...
    objective_es= "..."  ask_es= "..."   (the objective and the ask in Spanish: Spanish speakers get them)
    effort=   quick | take_part | organize | lead   (default: what the tactic usually asks)
    method=   any | outreach,social,...   (default: people who chose the tactic's method)
    level=    lead,organize,participate,occasional        skill= speaking,writing,...
    community= faith,business,neighborhood,providers,schools,media
    connected=yes   (only people who know the decision maker in to=, by their own pick)
    constituents=yes   (only people who live in that decision maker's district)
    people=   @ana,@ben   (only them)                 limit=  40   (at most 40 people)
    at=       now | 2026-12-01T10:00 | 2026-12-01 (coalition's zone)
    local=    10:00   (that time on each messenger's own clock, on the day in at=, default today)
    spread=   5   (working days)                      due=    2026-12-05

Errors name the part that is wrong and say what would be right.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TypeVar

from core import numbers
from core.calls import Draft
from core.invalid import Invalid, invalid
from core.matching import Targeting
from core.mentions import parse_targets
from core.timing import zone
from models import Campaign
from models.vocab import (
    CONNECTION_KEYS,
    METHOD_KEYS,
    NO_CONNECTIONS,
    NO_METHODS,
    NO_SKILLS,
    SKILL_KEYS,
    Audience,
    Effort,
    Level,
    Method,
    ScheduleKind,
)

KEYS = (
    "tactic",
    "campaign",
    "to",
    "ask",
    "objective_es",
    "ask_es",
    "links",
    "level",
    "method",
    "skill",
    "effort",
    "community",
    "connected",
    "constituents",
    "people",
    "limit",
    "at",
    "local",
    "spread",
    "due",
)
_ALIASES = {
    "levels": "level",
    "methods": "method",
    "skills": "skill",
    "communities": "community",
    "constituent": "constituents",
    "audience": "to",
    "when": "at",
    "objective": "objective",
}
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$", re.ASCII)


@dataclass(frozen=True)
class ParseError(Exception):
    """The part of the line that could not be read, and why (`views.invalid` says it in words)."""

    part: str
    why: Invalid

    def __str__(self) -> str:
        return f"{self.part[:60]}: {self.why.code}"


T = TypeVar("T")


def _names(text: str, known: dict[str, T], what: str) -> list[T]:
    chosen: list[T] = []
    for name in [n.strip().lower() for n in text.split(",") if n.strip()]:
        if name not in known:
            raise ParseError(text, invalid("line_names", what=what, known=list(known)))
        chosen.append(known[name])
    return chosen


def moment(text: str, tz: str, what: str = "the time") -> datetime:
    cleaned = text.strip().replace(" ", "T")
    try:
        if "T" in cleaned:
            naive = datetime.fromisoformat(cleaned)
        else:
            naive = datetime.combine(date.fromisoformat(cleaned), time(9, 0))
    except ValueError:
        raise ParseError(text, invalid("line_time", what=what)) from None
    found = naive if naive.tzinfo is not None else naive.replace(tzinfo=zone(tz))
    try:
        found.astimezone(UTC)  # 9999-12-31T23:59 in Chicago is past the last moment there is
    except (OverflowError, ValueError):
        raise ParseError(text, invalid("line_time", what=what)) from None
    return found


def parse(text: str, campaigns: list[Campaign], coalition_tz: str, now: datetime) -> Draft:
    """Read the one-line form into a Draft, or raise ParseError naming the bad part."""
    objective, values = _split(text)
    campaign = _campaign(values.get("campaign"), campaigns)
    audience, maker_id = _audience(values.get("to", "public"), campaign)
    schedule, at, local_minute = _when(values, coalition_tz, now)
    tactic = _tactic(values)
    return Draft(
        campaign_id=campaign.id,
        tactic=tactic,
        objective=objective,
        audience=audience,
        decision_maker_id=maker_id,
        ask=values.get("ask", ""),
        objective_es=values.get("objective_es", ""),
        ask_es=values.get("ask_es", ""),
        links=values.get("links", ""),
        targeting=_targeting(values),
        connected=_yes_no(values, "connected"),
        constituents=_yes_no(values, "constituents"),
        effort=_effort(values),
        any_method=values.get("method", "").strip().lower() == "any",
        schedule=schedule,
        at=at,
        local_minute=local_minute,
        spread_days=_spread(values),
        due_date=_due(values),
    )


def _split(text: str) -> tuple[str, dict[str, str]]:
    """The objective (the words before the first key=value) and the key=value pairs."""
    try:
        words = shlex.split(text.translate(_QUOTES))
    except ValueError:
        raise ParseError(text[-30:], invalid("line_quote_open")) from None
    objective_parts: list[str] = []
    values: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep:
            if values:
                raise ParseError(word, invalid("line_needs_quotes"))
            objective_parts.append(word)
            continue
        key = _ALIASES.get(key.lower(), key.lower())
        if key == "objective":
            objective_parts.append(value)
            continue
        if key not in KEYS:
            raise ParseError(word, invalid("line_key_unknown", key=key, keys=list(KEYS)))
        if key in values:
            raise ParseError(word, invalid("line_key_twice", key=key))
        values[key] = value
    objective = " ".join(objective_parts).strip()
    if not objective:
        raise ParseError(text or " ", invalid("line_objective_first"))
    return objective, values


_TACTICS = {key: method for method, key in METHOD_KEYS.items()}


def _tactic(values: dict[str, str]) -> Method:
    if "tactic" not in values:
        raise ParseError("tactic=", invalid("line_tactic_missing", tactics=list(_TACTICS)))
    found = _TACTICS.get(values["tactic"].lower())
    if found is None:
        raise ParseError(f"tactic={values['tactic']}", invalid("line_tactic_unknown", tactics=list(_TACTICS)))
    return found


def _audience(to: str, campaign: Campaign) -> tuple[Audience, int | None]:
    """`to=`: the public, the press, or one of the campaign's decision makers (a part of the name will do)."""
    lowered = to.strip().lower()
    if lowered in ("public", "the public"):
        return Audience.PUBLIC, None
    if lowered in ("press", "the press", "media"):
        return Audience.PRESS, None
    if lowered in ("coalition", "the coalition", "leaders", "coalition leaders"):
        return Audience.COALITION, None
    # The whole name, or words of it as whole words: "Lee" is Mayor Lee, never Kathleen Park.
    words = lowered.split()
    makers = [m for m in campaign.decision_makers if m.key == " ".join(words)] or [
        m for m in campaign.decision_makers if words and all(w in m.key.split() for w in words)
    ]
    if len(makers) != 1:
        names = [m.name for m in campaign.decision_makers]
        raise ParseError(f"to={to}", invalid("line_audience", names=names))
    return Audience.DECISION_MAKER, makers[0].id


def _targeting(values: dict[str, str]) -> Targeting:
    levels = frozenset(_names(values.get("level", ""), {lv.value: lv for lv in Level}, "level"))
    methods = NO_METHODS
    if values.get("method", "").strip().lower() != "any":
        for method in _names(values.get("method", ""), _TACTICS, "method"):
            methods |= method
    communities = NO_CONNECTIONS
    for community in _names(values.get("community", ""), {k: c for c, k in CONNECTION_KEYS.items()}, "community"):
        communities |= community
    skills = NO_SKILLS
    for skill in _names(values.get("skill", ""), {key: skill for skill, key in SKILL_KEYS.items()}, "skill"):
        skills |= skill
    user_ids: tuple[str, ...] = ()
    if "people" in values:
        targets = parse_targets(values["people"])
        if targets.unknown or targets.channels or not targets.users:
            raise ParseError(f"people={values['people']}", invalid("line_people"))
        user_ids = tuple(targets.users)
    limit = None
    if "limit" in values:
        limit = numbers.read_or_none(values["limit"], low=1)
        if limit is None:
            raise ParseError(f"limit={values['limit']}", invalid("line_limit"))
    return Targeting(
        levels=levels, methods=methods, skills=skills, communities=communities, user_ids=user_ids, limit=limit
    )


_EFFORTS = {effort.value: effort for effort in Effort} | {"take-part": Effort.TAKE_PART, "takepart": Effort.TAKE_PART}


def _effort(values: dict[str, str]) -> Effort | None:
    if "effort" not in values:
        return None
    found = _EFFORTS.get(values["effort"].strip().lower())
    if found is None:
        raise ParseError(f"effort={values['effort']}", invalid("line_effort", efforts=[e.value for e in Effort]))
    return found


_YES, _NO = ("yes", "true", "1", "y"), ("no", "false", "0", "n")


def _yes_no(values: dict[str, str], key: str) -> bool:
    given = values.get(key, "no").lower()
    if given not in _YES + _NO:
        raise ParseError(f"{key}={values[key]}", invalid("line_yes_no", key=key))
    return given in _YES


def _when(values: dict[str, str], coalition_tz: str, now: datetime) -> tuple[ScheduleKind, datetime | None, int | None]:
    """`at=` and `local=`: now, a moment in the coalition's zone, or a wall-clock time in each messenger's."""
    schedule, at, local_minute = ScheduleKind.NOW, None, None
    if values.get("at", "now").lower() != "now":
        at = moment(values["at"], coalition_tz, "at=")
        schedule = ScheduleKind.AT
    if "local" in values:
        match = _TIME.match(values["local"].strip())
        if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ParseError(f"local={values['local']}", invalid("line_local"))
        local_minute = int(match.group(1)) * 60 + int(match.group(2))
        schedule = ScheduleKind.LOCAL
        at = at or now
    return schedule, at, local_minute


def _spread(values: dict[str, str]) -> int:
    if "spread" not in values:
        return 0
    spread_text = values["spread"].lower().removesuffix("days").removesuffix("d").strip()
    days = numbers.read_or_none(spread_text)
    if days is None:
        raise ParseError(f"spread={values['spread']}", invalid("line_spread"))
    return days


def _due(values: dict[str, str]) -> date | None:
    if "due" not in values:
        return None
    try:
        return date.fromisoformat(values["due"])
    except ValueError:
        raise ParseError(f"due={values['due']}", invalid("line_due")) from None


def _campaign(ref: str | None, campaigns: list[Campaign]) -> Campaign:
    if not campaigns:
        raise ParseError("campaign=", invalid("line_no_campaigns"))
    if ref is None:
        if len(campaigns) == 1:
            return campaigns[0]
        shown = [(c.id, c.name) for c in campaigns[:8]]
        raise ParseError("campaign=", invalid("line_which_campaign", shown=shown, more=max(0, len(campaigns) - 8)))
    cleaned = ref.strip().lstrip("#").lower()
    for c in campaigns:
        if cleaned == str(c.id) or cleaned == c.name.lower():
            return c
    prefixed = [c for c in campaigns if c.name.lower().startswith(cleaned)]
    if len(prefixed) == 1:
        return prefixed[0]
    raise ParseError(f"campaign={ref}", invalid("line_campaign_unknown"))
