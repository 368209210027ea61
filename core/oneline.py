"""The one-line form of `/drumbeat new`, for people who prefer typing:

    /drumbeat new "Call Mayor Lee about ID cards" tactic=outreach level=occasional,participate
                  at=2026-12-01T10:00 due=2026-12-05

The quoted text is the objective. Then `key=value` pairs, in any order (values with spaces in quotes):

    tactic=   outreach | education | meetings | social | media            (required)
    campaign= a campaign's number or name            (needed only when there are several)
    to=       public | press | a decision maker's name                       (default public)
    ask=      "what to do and say"            links=  https://...
    level=    lead,organize,participate,occasional      method= ...      skill= speaking,writing,...
    connected=yes   (only people who know the decision maker in to=)
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
from datetime import date, datetime, time
from typing import TypeVar

from core.calls import Draft
from core.matching import Targeting
from core.mentions import parse_targets
from core.timing import zone
from models import Campaign
from models.vocab import (
    METHOD_KEYS,
    NO_METHODS,
    NO_SKILLS,
    SKILL_KEYS,
    Audience,
    Level,
    ScheduleKind,
)

KEYS = (
    "tactic",
    "campaign",
    "to",
    "ask",
    "links",
    "level",
    "method",
    "skill",
    "connected",
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
    "audience": "to",
    "when": "at",
    "objective": "objective",
}
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class ParseError(Exception):
    part: str
    why: str

    def __str__(self) -> str:
        return f"`{self.part[:60]}`: {self.why}"


T = TypeVar("T")


def _names(text: str, known: dict[str, T], what: str) -> list[T]:
    chosen: list[T] = []
    for name in [n.strip().lower() for n in text.split(",") if n.strip()]:
        if name not in known:
            raise ParseError(text, f"{what} must be any of {', '.join(known)}")
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
        raise ParseError(text, f"{what} must look like 2026-12-01T10:00 or 2026-12-01") from None
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=zone(tz))


def parse(text: str, campaigns: list[Campaign], coalition_tz: str, now: datetime) -> Draft:
    """Read the one-line form into a Draft, or raise ParseError naming the bad part."""
    try:
        words = shlex.split(text.translate(_QUOTES))
    except ValueError:
        raise ParseError(text[-30:], 'a quote is not closed: put the objective in "double quotes"') from None
    objective_parts: list[str] = []
    values: dict[str, str] = {}
    for word in words:
        key, sep, value = word.partition("=")
        if not sep:
            if values:
                raise ParseError(word, "put text with spaces in quotes, or write key=value")
            objective_parts.append(word)
            continue
        key = _ALIASES.get(key.lower(), key.lower())
        if key == "objective":
            objective_parts.append(value)
            continue
        if key not in KEYS:
            raise ParseError(word, f"unknown key `{key}`; keys are {', '.join(KEYS)}")
        if key in values:
            raise ParseError(word, f"`{key}` is given twice")
        values[key] = value
    objective = " ".join(objective_parts).strip()
    if not objective:
        raise ParseError(text or " ", 'start with the objective in quotes, e.g. "Call Mayor Lee about ID cards"')

    tactics = {key: method for method, key in METHOD_KEYS.items()}
    if "tactic" not in values:
        raise ParseError("tactic=", f"say which tactic: tactic={'|'.join(tactics)}")
    tactic_value = values["tactic"].lower()
    if tactic_value not in tactics:
        raise ParseError(f"tactic={values['tactic']}", f"tactic must be one of {', '.join(tactics)}")
    tactic = tactics[tactic_value]

    campaign = _campaign(values.get("campaign"), campaigns)

    audience, maker_id = Audience.PUBLIC, None
    to = values.get("to", "public").strip()
    if to.lower() in ("public", "the public"):
        audience = Audience.PUBLIC
    elif to.lower() in ("press", "the press", "media"):
        audience = Audience.PRESS
    else:
        lowered = to.lower()
        makers = [m for m in campaign.decision_makers if lowered in m.name.lower() or m.name.lower() in lowered]
        if len(makers) != 1:
            names = ", ".join(m.name for m in campaign.decision_makers) or "none yet"
            raise ParseError(
                f"to={to}", f"to= must be public, press, or one of this campaign's decision makers: {names}"
            )
        audience, maker_id = Audience.DECISION_MAKER, makers[0].id

    levels = frozenset(_names(values.get("level", ""), {lv.value: lv for lv in Level}, "level"))
    methods = NO_METHODS
    for method in _names(values.get("method", ""), tactics, "method"):
        methods |= method
    skills = NO_SKILLS
    for skill in _names(values.get("skill", ""), {key: skill for skill, key in SKILL_KEYS.items()}, "skill"):
        skills |= skill

    connected = values.get("connected", "no").lower() in ("yes", "true", "1", "y")
    if "connected" in values and values["connected"].lower() not in ("yes", "no", "true", "false", "1", "0", "y", "n"):
        raise ParseError(f"connected={values['connected']}", "connected must be yes or no")

    user_ids: tuple[str, ...] = ()
    if "people" in values:
        targets = parse_targets(values["people"])
        if targets.unknown or targets.channels or not targets.users:
            raise ParseError(f"people={values['people']}", "people= takes @mentions, e.g. people=@ana,@ben")
        user_ids = tuple(targets.users)

    limit = None
    if "limit" in values:
        if not values["limit"].isdigit() or int(values["limit"]) < 1:
            raise ParseError(f"limit={values['limit']}", "limit must be a whole number of people, e.g. limit=40")
        limit = int(values["limit"])

    schedule, at, local_minute = ScheduleKind.NOW, None, None
    if values.get("at", "now").lower() != "now":
        at = moment(values["at"], coalition_tz, "at=")
        schedule = ScheduleKind.AT
    if "local" in values:
        match = _TIME.match(values["local"].strip())
        if match is None or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ParseError(f"local={values['local']}", "local must be a time like 10:00")
        local_minute = int(match.group(1)) * 60 + int(match.group(2))
        schedule = ScheduleKind.LOCAL
        at = at or now

    spread = 0
    if "spread" in values:
        spread_text = values["spread"].lower().removesuffix("days").removesuffix("d").strip()
        if not spread_text.isdigit():
            raise ParseError(f"spread={values['spread']}", "spread is a number of working days, e.g. spread=5")
        spread = int(spread_text)

    due = None
    if "due" in values:
        try:
            due = date.fromisoformat(values["due"])
        except ValueError:
            raise ParseError(f"due={values['due']}", "due must be a date like 2026-12-05") from None

    return Draft(
        campaign_id=campaign.id,
        tactic=tactic,
        objective=objective,
        audience=audience,
        decision_maker_id=maker_id,
        ask=values.get("ask", ""),
        links=values.get("links", ""),
        targeting=Targeting(levels=levels, methods=methods, skills=skills, user_ids=user_ids, limit=limit),
        connected=connected,
        schedule=schedule,
        at=at,
        local_minute=local_minute,
        spread_days=spread,
        due_date=due,
    )


def _campaign(ref: str | None, campaigns: list[Campaign]) -> Campaign:
    if not campaigns:
        raise ParseError("campaign=", "there is no campaign yet; start one with /drumbeat campaign new")
    if ref is None:
        if len(campaigns) == 1:
            return campaigns[0]
        names = ", ".join(f"{c.id} ({c.name})" for c in campaigns[:8])
        raise ParseError("campaign=", f"say which campaign: campaign= one of {names}")
    cleaned = ref.strip().lstrip("#").lower()
    for c in campaigns:
        if cleaned == str(c.id) or cleaned == c.name.lower():
            return c
    prefixed = [c for c in campaigns if c.name.lower().startswith(cleaned)]
    if len(prefixed) == 1:
        return prefixed[0]
    raise ParseError(f"campaign={ref}", "no campaign has that number or name; /drumbeat campaigns lists them")
