"""Matching: which messengers get a call to action, when, and who is left out and why.

Active messengers whose level, methods and skills fit (or who are connected to the targeted decision
maker, or are named); in rotation, so the same few are not always the ones asked; never above their
ask limit in its window; never in their quiet hours (the ask moves to the next allowed minute in their
zone); never paused, opted out or deleted.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core.timing import local_moment, next_allowed, spread_slots
from models import Delivery, Messenger
from models.vocab import (
    FREQUENCY_LIMITS,
    NO_METHODS,
    NO_SKILLS,
    DeliveryState,
    Frequency,
    Level,
    MessengerStatus,
    Method,
    ScheduleKind,
    Skill,
)

LONGEST_WINDOW = max(days for _, days in FREQUENCY_LIMITS.values())
COUNTED_STATES = (DeliveryState.PENDING, DeliveryState.SENDING, DeliveryState.SENT)


class Reason:
    PAUSED = "paused"
    OPTED_OUT = "opted out"
    AT_LIMIT = "at their ask limit"
    NOT_JOINED = "not joined yet"
    QUIET = "in quiet hours, so later"  # not left out: delivered later
    OVER_LIMIT_N = "beyond the number asked for"
    ALREADY = "already asked for this call"


@dataclass(frozen=True)
class Targeting:
    levels: frozenset[Level] = frozenset()  # empty: any level
    methods: Method = NO_METHODS  # any of these (empty: any)
    skills: Skill = NO_SKILLS  # any of these (empty: any)
    connected_to: str | None = None  # the decision maker's name: messengers whose ties mention it
    user_ids: tuple[str, ...] = ()  # named people: only them
    limit: int | None = None  # at most N

    def to_json(self) -> dict[str, Any]:
        return {
            "levels": sorted(level.value for level in self.levels),
            "methods": self.methods.value,
            "skills": self.skills.value,
            "connected_to": self.connected_to,
            "user_ids": list(self.user_ids),
            "limit": self.limit,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Targeting:
        return cls(
            levels=frozenset(Level(v) for v in data.get("levels", [])),
            methods=Method(int(data.get("methods", 0))),
            skills=Skill(int(data.get("skills", 0))),
            connected_to=data.get("connected_to"),
            user_ids=tuple(data.get("user_ids", [])),
            limit=data.get("limit"),
        )


@dataclass(frozen=True)
class When:
    """How a call to action is timed."""

    kind: ScheduleKind
    at: datetime  # NOW/AT: the moment; LOCAL: the day (its date in the coalition zone matters)
    local_minute: int | None = None  # LOCAL: wall-clock minute in each messenger's zone
    spread_days: int = 0
    coalition_tz: str = "UTC"

    @property
    def local_day(self) -> date:
        from core.timing import zone

        return self.at.astimezone(zone(self.coalition_tz)).date()


@dataclass(frozen=True)
class Candidate:
    id: int
    user_id: str
    name: str | None
    tz: str
    level: Level | None
    quiet_start: int
    quiet_end: int
    frequency: Frequency
    last_asked_at: datetime | None


@dataclass
class Planned:
    candidate: Candidate
    due_at: datetime
    delayed_by_quiet_hours: bool = False


@dataclass
class Plan:
    chosen: list[Planned] = field(default_factory=list)
    left_out: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))

    @property
    def quiet_delayed(self) -> int:
        return sum(1 for p in self.chosen if p.delayed_by_quiet_hours)


_COLUMNS = (
    Messenger.id,
    Messenger.user_id,
    Messenger.display_name,
    Messenger.tz,
    Messenger.level,
    Messenger.quiet_start,
    Messenger.quiet_end,
    Messenger.frequency,
    Messenger.last_asked_at,
    Messenger.status,
    Messenger.paused_until,
    Messenger.onboarded_at,
)


def _fits(targeting: Targeting) -> list[Any]:
    """SQL conditions for the role-based part of targeting (not status: reported separately)."""
    conditions: list[Any] = []
    if targeting.user_ids:
        conditions.append(Messenger.user_id.in_(targeting.user_ids))
        return conditions
    if targeting.levels:
        conditions.append(Messenger.level.in_(sorted(targeting.levels)))
    if targeting.methods:
        conditions.append(Messenger.methods.op("&")(targeting.methods.value) != 0)
    if targeting.skills:
        conditions.append(Messenger.skills.op("&")(targeting.skills.value) != 0)
    if targeting.connected_to:
        words = [w for w in targeting.connected_to.replace(",", " ").split() if len(w) > 2]
        # "Mayor Lee" matches ties that mention "Lee"; titles alone ("Mayor") are too common to count.
        names = words[1:] if len(words) > 1 else words
        conditions.append(or_(*[Messenger.ties.ilike(f"%{_like_escape(w)}%", escape="\\") for w in names]))
    return conditions


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _recent_asks(
    session: Session, ids: list[int], around: datetime, exclude_action: int | None
) -> dict[int, list[float]]:
    """Each candidate's asks (as timestamps, sorted) within the longest ask window either side of `around`."""
    low = around - timedelta(days=LONGEST_WINDOW)
    high = around + timedelta(days=LONGEST_WINDOW + 60)  # spreads reach ahead
    query = select(Delivery.messenger_id, Delivery.due_at).where(
        Delivery.due_at > low,
        Delivery.due_at < high,
        Delivery.state.in_(COUNTED_STATES),
        Delivery.messenger_id.is_not(None),
    )
    if exclude_action is not None:
        query = query.where(Delivery.action_id != exclude_action)
    asks: dict[int, list[float]] = defaultdict(list)
    wanted = set(ids)
    for messenger_id, due_at in session.execute(query):
        if messenger_id in wanted:
            asks[messenger_id].append(due_at.timestamp())
    for times in asks.values():
        times.sort()
    return asks


def _at_limit(times: list[float], moment: datetime, frequency: Frequency) -> bool:
    """Would one more ask at `moment` make some window hold more asks than they agreed to?"""
    allowed, days = FREQUENCY_LIMITS[frequency]
    if not times:
        return allowed < 1
    window = days * 86400.0
    t = moment.timestamp()
    # Conservative: count asks less than one window away on either side.
    nearby = bisect.bisect_left(times, t + window) - bisect.bisect_right(times, t - window)
    return nearby >= allowed


def plan(
    session: Session,
    team_id: str,
    targeting: Targeting,
    when: When,
    now: datetime,
    *,
    action_id: int | None = None,
) -> Plan:
    """Who gets the ask and when, and who is left out and why. Reads only; writes nothing."""
    result = Plan()
    rows = session.execute(select(*_COLUMNS).where(Messenger.team_id == team_id, *_fits(targeting))).all()
    eligible: list[Candidate] = []
    for row in rows:
        candidate = Candidate(
            id=row.id,
            user_id=row.user_id,
            name=row.display_name,
            tz=row.tz,
            level=row.level,
            quiet_start=row.quiet_start,
            quiet_end=row.quiet_end,
            frequency=row.frequency,
            last_asked_at=row.last_asked_at,
        )
        if row.onboarded_at is None and row.status != MessengerStatus.OPTED_OUT:
            result.left_out[Reason.NOT_JOINED].append(candidate)
        elif row.status == MessengerStatus.OPTED_OUT:
            result.left_out[Reason.OPTED_OUT].append(candidate)
        elif row.status == MessengerStatus.PAUSED and (row.paused_until is None or row.paused_until > when.at):
            result.left_out[Reason.PAUSED].append(candidate)
        else:
            eligible.append(candidate)

    # Rotation: whoever was asked least recently goes first (never asked: first of all).
    eligible.sort(key=lambda c: (c.last_asked_at is not None, c.last_asked_at or now, c.id))
    asks = _recent_asks(session, [c.id for c in eligible], when.at, action_id)
    base = max(when.at, now)
    chosen: list[Candidate] = []
    for candidate in eligible:
        if targeting.limit is not None and len(chosen) >= targeting.limit:
            result.left_out[Reason.OVER_LIMIT_N].append(candidate)
        elif _at_limit(asks.get(candidate.id, []), base, candidate.frequency):
            result.left_out[Reason.AT_LIMIT].append(candidate)
        else:
            chosen.append(candidate)

    if when.kind == ScheduleKind.LOCAL and when.local_minute is not None:
        moments = [max(local_moment(when.local_day, when.local_minute, c.tz), now) for c in chosen]
    elif when.spread_days > 0:
        moments = spread_slots(base, len(chosen), when.spread_days, when.coalition_tz)
    else:
        moments = [base] * len(chosen)

    for candidate, moment in zip(chosen, moments, strict=True):
        due = next_allowed(moment, candidate.tz, candidate.quiet_start, candidate.quiet_end)
        if due != moment and _at_limit(asks.get(candidate.id, []), due, candidate.frequency):
            result.left_out[Reason.AT_LIMIT].append(candidate)
            continue
        result.chosen.append(Planned(candidate, due, delayed_by_quiet_hours=due != moment))
    return result
