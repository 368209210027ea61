"""Matching: which messengers get a call to action, when, and who is left out and why.

Active messengers whose level, methods and skills fit (or who are connected to the targeted decision
maker, or are named); in rotation, so the same few are not always the ones asked; never above their
ask limit in its window; never in their quiet hours (the ask moves to the next allowed minute in their
zone); never paused, opted out or deleted.

Built to stay fast at 100,000 messengers: the database filters, counts who is left out and why, and
hands back two integers per candidate (the id and a "timing class": zone, quiet hours, frequency,
level). Timing is worked out once per class, and ask limits are checked only for people with recent
asks.
"""

from __future__ import annotations

import bisect
import gc
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, Integer, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from core import privacy
from core.timing import QuietCalendar, local_moment, spread_epochs, spread_windows, zone
from models import Acquaintance, Delivery, Messenger, Notice
from models.vocab import (
    FREQUENCY_LIMITS,
    NO_CONNECTIONS,
    NO_METHODS,
    NO_SKILLS,
    Connection,
    DeliveryState,
    Effort,
    Frequency,
    Level,
    MessengerStatus,
    Method,
    NoticeKind,
    ScheduleKind,
    Skill,
    levels_for,
)

LONGEST_WINDOW = max(days for _, days in FREQUENCY_LIMITS.values())
COUNTED_STATES = (DeliveryState.PENDING, DeliveryState.SENDING, DeliveryState.SENT)
_FREQUENCY_CODE = {f: i for i, f in enumerate(Frequency)}
_LEVEL_CODE: dict[Level | None, int] = {None: 0, **{lv: i + 1 for i, lv in enumerate(Level)}}


class Reason:
    PAUSED = "paused"
    OPTED_OUT = "opted out"
    AT_LIMIT = "at their ask limit"
    NOT_JOINED = "not joined yet"
    OVER_LIMIT_N = "beyond the number asked for"
    # Role fit: the ask does not suit them (in the order they are checked).
    METHOD = "did not choose this method"
    EFFORT = "above their level"
    CONSTITUENT = "not a constituent"


class Moved:
    """Why the first ask goes out at another moment than the one asked for."""

    PASSED = "passed"  # the time asked for has passed (in some zones): it goes out now
    SPREAD = "spread"  # a spread: each ask sits in the middle of its share of working hours
    QUIET = "quiet"  # the first people are in their quiet hours then


@dataclass(frozen=True)
class Targeting:
    """Who a call to action is for.

    The organizer's own filters narrow the call (`levels`, `skills`, `communities`, `knows`, named
    people). Role fit decides whom the ask suits, and the preview counts whoever falls outside it, by
    reason: `methods` (they chose one of these ways of helping: the tactic's, unless the organizer
    widened it), `effort` (at or below what their level signed up for), `district_id` (constituents
    of the targeted decision maker only). Named people are asked as named (within their ask limits)."""

    levels: frozenset[Level] = frozenset()  # empty: any level
    methods: Method = NO_METHODS  # any of these (empty: any)
    skills: Skill = NO_SKILLS  # any of these (empty: any)
    communities: Connection = NO_CONNECTIONS  # any of these (empty: any)
    knows: str | None = None  # a decision maker's key: only people who picked them in their profile
    effort: Effort | None = None  # None: any level (calls made before efforts existed)
    district_id: int | None = None  # constituents of this district only
    user_ids: tuple[str, ...] = ()  # named people: only them
    limit: int | None = None  # at most N

    def to_json(self) -> dict[str, Any]:
        return {
            "levels": sorted(level.value for level in self.levels),
            "methods": self.methods.value,
            "skills": self.skills.value,
            "communities": self.communities.value,
            "knows": self.knows,
            "effort": self.effort.value if self.effort else None,
            "district_id": self.district_id,
            "user_ids": list(self.user_ids),
            "limit": self.limit,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Targeting:
        knows = data.get("knows")
        if knows is None and data.get("connected_to"):  # stored before picks existed: the same person, exactly
            knows = " ".join(str(data["connected_to"]).casefold().split())[:150]
        return cls(
            levels=frozenset(Level(v) for v in data.get("levels", [])),
            methods=Method(int(data.get("methods", 0))),
            skills=Skill(int(data.get("skills", 0))),
            communities=Connection(int(data.get("communities", 0))),
            knows=knows,
            effort=Effort(data["effort"]) if data.get("effort") else None,
            district_id=data.get("district_id"),
            user_ids=tuple(data.get("user_ids", [])),
            limit=data.get("limit"),
        )


@dataclass(frozen=True)
class When:
    """How a call to action is timed."""

    kind: ScheduleKind
    at: datetime  # NOW/AT: the moment; LOCAL: any moment on the day (in the coalition's zone)
    local_minute: int | None = None  # LOCAL: wall-clock minute in each messenger's zone
    spread_days: int = 0
    coalition_tz: str = "UTC"

    @property
    def local_day(self) -> date:
        return self.at.astimezone(zone(self.coalition_tz)).date()


@dataclass
class Match:
    """Who gets the ask and when (parallel lists, in rotation order), and who is left out and why."""

    ids: list[int] = field(default_factory=list)
    due: list[float] = field(default_factory=list)  # epoch seconds, UTC
    levels: list[Level | None] = field(default_factory=list)
    quiet_delayed: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    names: list[str] = field(default_factory=list)  # a few of the chosen, for the preview
    asked_for: float | None = None  # the moment the organizer asked for (LOCAL: the earliest zone's), epoch
    moved: frozenset[str] = frozenset()  # why the first ask goes out later than that (Moved.*)
    spacing: float = 0.0  # a spread: seconds of working hours between one ask and the next

    def __len__(self) -> int:
        return len(self.ids)

    def due_at(self, index: int) -> datetime:
        return datetime.fromtimestamp(self.due[index], UTC)

    @property
    def first_due(self) -> datetime | None:
        return datetime.fromtimestamp(min(self.due), UTC) if self.due else None


@dataclass(frozen=True)
class _Class:
    """Everything timing needs about a group of messengers, worked out once for the group."""

    tz: str
    quiet_start: int
    quiet_end: int
    allowed: int
    window: float  # seconds
    level: Level | None


def _filters(targeting: Targeting) -> list[Any]:
    """SQL conditions for the organizer's own filters (status and role fit are handled separately)."""
    if targeting.user_ids:
        return [Messenger.user_id.in_(targeting.user_ids)]
    conditions: list[Any] = []
    if targeting.levels:
        conditions.append(Messenger.level.in_(sorted(targeting.levels)))
    if targeting.skills:
        conditions.append(Messenger.skills.op("&")(targeting.skills.value) != 0)
    if targeting.communities:
        conditions.append(Messenger.connections.op("&")(targeting.communities.value) != 0)
    if targeting.knows:
        conditions.append(
            Messenger.id.in_(select(Acquaintance.messenger_id).where(Acquaintance.key == targeting.knows))
        )
    return conditions


def _role_fit(targeting: Targeting) -> list[tuple[str, Any]]:
    """(reason, SQL condition that holds when the person fits), in the order the preview names them."""
    if targeting.user_ids:
        return []
    fit: list[tuple[str, Any]] = []
    if targeting.methods:
        fit.append((Reason.METHOD, Messenger.methods.op("&")(targeting.methods.value) != 0))
    if targeting.effort is not None:
        levels = sorted(levels_for(targeting.effort))
        fit.append((Reason.EFFORT, and_(Messenger.level.is_not(None), Messenger.level.in_(levels))))
    if targeting.district_id is not None:  # never NULL: no district means not a constituent
        fit.append(
            (
                Reason.CONSTITUENT,
                and_(Messenger.district_id.is_not(None), Messenger.district_id == targeting.district_id),
            )
        )
    return fit


def _eligible(at: datetime) -> Any:
    return and_(
        Messenger.onboarded_at.is_not(None),
        or_(
            Messenger.status == MessengerStatus.ACTIVE,
            and_(Messenger.status == MessengerStatus.PAUSED, Messenger.paused_until <= at),
        ),
    )


def epoch_of(column: Any, dialect: str) -> Any:
    """A datetime column as whole epoch seconds, in SQL (SQLite stores text, PostgreSQL timestamps)."""
    if dialect == "sqlite":
        return cast(func.strftime("%s", column), Integer)
    return cast(func.extract("epoch", column), BigInteger)


def _survey(
    session: Session, where: list[Any], fit: list[tuple[str, Any]], at: datetime
) -> tuple[Counter[str], dict[int, _Class], Any]:
    """One pass over the people the organizer's filters keep: who is left out and why (status first, then
    role fit), and the timing classes among the rest, with a SQL expression that gives each row's class.

    Grouped in the order of `ix_messengers_match`, so the database streams the index without sorting.
    """
    timing = (Messenger.tz, Messenger.quiet_start, Messenger.quiet_end, Messenger.frequency, Messenger.level)
    joined = Messenger.onboarded_at.is_not(None)
    still_paused = or_(Messenger.paused_until.is_(None), Messenger.paused_until > at)
    askable = and_(joined, or_(Messenger.status != MessengerStatus.PAUSED, ~still_paused))
    # 0 when the ask suits them; else the number of the first role condition they fail. Counted with
    # conditional sums, not grouped by: the GROUP BY then follows the index and needs no sort.
    misfit = case(*[(~condition, code) for code, (_, condition) in enumerate(fit, 1)], else_=0) if fit else None
    by_fit = [
        func.sum(case((askable if misfit is None else and_(askable, misfit == code), 1), else_=0))
        for code in range(len(fit) + 1)
    ]
    rows = session.execute(
        select(Messenger.status, *timing, func.count(), func.sum(case((joined, 0), else_=1)), *by_fit)
        .where(*where)
        .group_by(Messenger.status, *timing)
    ).all()
    left_out: Counter[str] = Counter()
    eligible = []
    for status, *row in rows:
        cls, count, unjoined, fits, misfits = row[:5], row[5], row[6], row[7], list(row[8:])
        if status == MessengerStatus.OPTED_OUT:
            left_out[Reason.OPTED_OUT] += count
            continue
        left_out[Reason.NOT_JOINED] += unjoined
        if status == MessengerStatus.PAUSED:
            left_out[Reason.PAUSED] += count - unjoined - fits - sum(misfits)
        for code, misfit_count in enumerate(misfits, 1):
            left_out[fit[code - 1][0]] += misfit_count
        if fits:
            eligible.append(cls)
    left_out = +left_out  # drop zero counts
    zones = {tz: i for i, tz in enumerate(sorted({c[0] for c in eligible}))}
    classes: dict[int, _Class] = {}
    for tz, quiet_start, quiet_end, frequency, level in eligible:
        key = (((zones[tz] * 1440 + quiet_start) * 1440 + quiet_end) * 8 + _FREQUENCY_CODE[frequency]) * 8
        key += _LEVEL_CODE[level]
        allowed, days = FREQUENCY_LIMITS[frequency]
        classes[key] = _Class(tz, quiet_start, quiet_end, allowed, days * 86400.0, level)
    if not zones:
        return left_out, classes, literal(0)
    zone_code = case(zones, value=Messenger.tz, else_=0)
    frequency_code = case(_FREQUENCY_CODE, value=Messenger.frequency, else_=0)
    level_code = case({lv: code for lv, code in _LEVEL_CODE.items() if lv is not None}, value=Messenger.level, else_=0)
    expression = (
        ((cast(zone_code, BigInteger) * 1440 + Messenger.quiet_start) * 1440 + Messenger.quiet_end) * 8 + frequency_code
    ) * 8 + level_code
    return left_out, classes, expression


def _recent_asks(
    session: Session, around: datetime, reach: timedelta, exclude_action: int | None
) -> dict[int, list[float]]:
    """Asks (epoch seconds, sorted) per messenger within the longest ask window either side of the plan."""
    dialect = session.get_bind().dialect.name
    query = select(Delivery.messenger_id, epoch_of(Delivery.due_at, dialect)).where(
        Delivery.due_at > around - timedelta(days=LONGEST_WINDOW),
        Delivery.due_at < around + reach + timedelta(days=LONGEST_WINDOW),
        Delivery.state.in_(COUNTED_STATES),
        Delivery.messenger_id.is_not(None),
    )
    if exclude_action is not None:
        query = query.where(Delivery.call_id != exclude_action)
    # Implementation checks after a win are asks too: they count toward the same limit.
    checks = (
        select(Messenger.id, epoch_of(Notice.sent_at, dialect))
        .join(Notice, and_(Notice.team_id == Messenger.team_id, Notice.user_id == Messenger.user_id))
        .where(
            Notice.kind == NoticeKind.IMPLEMENTATION,
            Notice.sent_at > around - timedelta(days=LONGEST_WINDOW),
            Notice.sent_at < around + reach + timedelta(days=LONGEST_WINDOW),
        )
    )
    asks: dict[int, list[float]] = {}
    for messenger_id, epoch in [*_plain_rows(session, query), *_plain_rows(session, checks)]:
        times = asks.get(messenger_id)
        if times is None:
            asks[messenger_id] = [epoch]
        else:
            times.append(epoch)
    for times in asks.values():
        if len(times) > 1:
            times.sort()
    return asks


def _at_limit(times: list[float], moment: float, allowed: int, window: float) -> bool:
    """Would one more ask at `moment` make some window hold more asks than they agreed to?

    Conservative: counts asks less than one window away on either side.
    """
    nearby = bisect.bisect_left(times, moment + window) - bisect.bisect_right(times, moment - window)
    return nearby >= allowed


def at_ask_limit(session: Session, messenger: Messenger, moment: datetime) -> bool:
    """Would one more ask at `moment` (a call to action or an implementation check) exceed what this
    messenger agreed to? Conservative like `plan`: counts asks less than one window away on either side."""
    allowed, days = FREQUENCY_LIMITS[messenger.frequency]
    window = timedelta(days=days)
    deliveries = session.scalar(
        select(func.count()).where(
            Delivery.messenger_id == messenger.id,
            Delivery.state.in_(COUNTED_STATES),
            Delivery.due_at > moment - window,
            Delivery.due_at < moment + window,
        )
    )
    checks = session.scalar(
        select(func.count()).where(
            Notice.team_id == messenger.team_id,
            Notice.user_id == messenger.user_id,
            Notice.kind == NoticeKind.IMPLEMENTATION,
            Notice.sent_at > moment - window,
            Notice.sent_at < moment + window,
        )
    )
    return int(deliveries or 0) + int(checks or 0) >= allowed


def match(
    session: Session,
    team_id: str,
    targeting: Targeting,
    when: When,
    now: datetime,
    *,
    call_id: int | None = None,
    sample: int = 5,
) -> Match:
    """Who gets the ask and when, and who is left out and why. Reads only; writes nothing."""
    # Materializing 100,000 rows allocates enough tuples to trigger many cyclic-GC passes over the
    # whole heap; nothing here makes reference cycles, so the collector waits until we are done.
    with _gc_paused():
        return _match(session, team_id, targeting, when, now, call_id=call_id, sample=sample)


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _match(
    session: Session,
    team_id: str,
    targeting: Targeting,
    when: When,
    now: datetime,
    *,
    call_id: int | None,
    sample: int,
) -> Match:
    base = max(when.at, now)
    where = [Messenger.team_id == team_id, *_filters(targeting)]
    fit = _role_fit(targeting)
    left_out, classes, class_key = _survey(session, where, fit, base)
    result = Match(left_out=left_out)
    if not classes:
        return result
    candidates = [*where, *(condition for _, condition in fit), _eligible(base)]
    spread_reach = timedelta(days=when.spread_days * 7 // 5 + 3) if when.spread_days else timedelta(days=2)
    asks = _recent_asks(session, base, spread_reach, call_id)
    chosen, keys, at_limit = _choose(session, candidates, class_key, classes, asks, base, targeting.limit)
    if targeting.limit is not None and (eligible_total := _count(session, candidates)) > len(chosen) + at_limit:
        result.left_out[Reason.OVER_LIMIT_N] = eligible_total - len(chosen) - at_limit
    nominal = _moments(when, base, now, [classes[k] for k in keys] if when.kind == ScheduleKind.LOCAL else keys)
    due = _outside_quiet_hours(when, base, classes, keys, nominal)
    # The ask lands at its own moment (a spread slot, a local time, after quiet hours), which may sit
    # within another ask's window even if the start did not: check everyone with recent asks there.
    dropped: set[int] = set()
    for index, (messenger_id, key) in enumerate(zip(chosen, keys, strict=True)):
        times = asks.get(messenger_id)
        if times is not None and due[index] != base.timestamp():
            cls = classes[key]
            if _at_limit(times, due[index], cls.allowed, cls.window):
                dropped.add(index)
                continue
        if due[index] != nominal[index]:
            result.quiet_delayed += 1
    if dropped:
        at_limit += len(dropped)
        keep = [i for i in range(len(chosen)) if i not in dropped]
        chosen, keys, due = [chosen[i] for i in keep], [keys[i] for i in keep], [due[i] for i in keep]
    result.ids, result.due = chosen, due
    _explain_moves(result, when, base, now, keys, classes, nominal, due)
    levels = {k: cls.level for k, cls in classes.items()}
    result.levels = [levels[k] for k in keys]
    if at_limit:
        result.left_out[Reason.AT_LIMIT] = at_limit
    if result.ids and sample:
        people = {m.id: m for m in session.scalars(select(Messenger).where(Messenger.id.in_(result.ids[:sample])))}
        result.names = [privacy.label(people.get(i)) for i in result.ids[:sample]]
    return result


def _explain_moves(
    result: Match,
    when: When,
    base: datetime,
    now: datetime,
    keys: list[int],
    classes: dict[int, _Class],
    nominal: list[float],
    due: list[float],
) -> None:
    """The moment asked for, and why the first ask goes out later (a minute or more), if it does."""
    if not due:
        return
    if when.kind == ScheduleKind.LOCAL and when.local_minute is not None:
        zones = {classes[k].tz for k in keys}
        asked = min(local_moment(when.local_day, when.local_minute, tz).timestamp() for tz in zones)
    else:
        asked = when.at.timestamp() if when.kind == ScheduleKind.AT else base.timestamp()
    result.asked_for = asked
    first_nominal, first_due = min(nominal), min(due)
    moved: set[str] = set()
    if asked < now.timestamp() - 60:
        moved.add(Moved.PASSED)
    if when.spread_days and first_nominal >= max(asked, base.timestamp()) + 60:
        moved.add(Moved.SPREAD)
        windows = spread_windows(base, when.spread_days, when.coalition_tz)
        result.spacing = sum(end - start for start, end in windows) / len(nominal)
    if first_due >= first_nominal + 60:
        moved.add(Moved.QUIET)
    result.moved = frozenset(moved)


def _choose(
    session: Session,
    candidates: list[Any],
    class_key: Any,
    classes: dict[int, _Class],
    asks: dict[int, list[float]],
    base: datetime,
    limit: int | None,
) -> tuple[list[int], list[int], int]:
    """Who is asked (ids and timing-class keys, in rotation order when at most `limit`), and how many
    were left out at their ask limit at the start."""
    base_epoch = base.timestamp()
    # Rotation: whoever was asked least recently goes first (never asked: first of all).
    rotation = (Messenger.last_asked_at.is_not(None), Messenger.last_asked_at, Messenger.id)
    query = select(Messenger.id, class_key).where(*candidates)
    fetch = None if limit is None else limit * 2 + 100
    while True:
        if fetch is not None:
            rows = _plain_rows(session, query.order_by(*rotation).limit(fetch))
        else:
            # Everyone who fits is asked: rotation would only reorder the spread's slots, so no sort.
            rows = _plain_rows(session, query)
        chosen: list[int] = []
        keys: list[int] = []
        at_limit = 0
        for messenger_id, key in rows:
            times = asks.get(messenger_id)
            if times is not None:
                cls = classes[key]
                if _at_limit(times, base_epoch, cls.allowed, cls.window):
                    at_limit += 1
                    continue
            chosen.append(messenger_id)
            keys.append(key)
            if limit is not None and len(chosen) >= limit:
                break
        if fetch is None or len(rows) < fetch or len(chosen) >= (limit or 0):
            return chosen, keys, at_limit
        fetch *= 4  # many were at their limit: look further down the rotation


def _outside_quiet_hours(
    when: When, base: datetime, classes: dict[int, _Class], keys: list[int], nominal: list[float]
) -> list[float]:
    """Each nominal moment, or the first minute after it outside that messenger's quiet hours."""
    horizon = datetime.fromtimestamp(max(nominal), UTC) if nominal else base
    calendars = {
        key: QuietCalendar(cls.tz, cls.quiet_start, cls.quiet_end, base, horizon) for key, cls in classes.items()
    }
    if when.spread_days:
        # Slots fall in working hours; only classes whose quiet hours reach into those need a look.
        windows = spread_windows(base, when.spread_days, when.coalition_tz)
        quiet = {k for k, calendar in calendars.items() if calendar.overlaps(windows)}
        return [
            calendars[k].next_allowed(moment) if k in quiet else moment for k, moment in zip(keys, nominal, strict=True)
        ]
    # Each class has one nominal moment (now, a set time, or a local time): work it out once.
    moment_of = dict(zip(keys, nominal, strict=True))
    per_class = {k: calendars[k].next_allowed(moment) for k, moment in moment_of.items()}
    return [per_class[k] for k in keys]


def _plain_rows(session: Session, query: Any) -> list[Any]:
    """Rows of plain integers straight from the driver: at 100,000 rows, building SQLAlchemy Row
    objects would take longer than the query. Only for queries whose columns need no conversion."""
    return list(session.connection().execute(query).cursor.fetchall())


def _count(session: Session, where: list[Any]) -> int:
    return int(session.scalar(select(func.count()).select_from(Messenger).where(*where)) or 0)


def _moments(when: When, base: datetime, now: datetime, chosen: list[Any]) -> list[float]:
    """The nominal moment for each chosen messenger, before quiet hours (`chosen`: their classes)."""
    if when.kind == ScheduleKind.LOCAL and when.local_minute is not None:
        floor = now.timestamp()
        per_zone: dict[str, float] = {}
        for cls in chosen:
            if cls.tz not in per_zone:
                per_zone[cls.tz] = max(local_moment(when.local_day, when.local_minute, cls.tz).timestamp(), floor)
        return [per_zone[cls.tz] for cls in chosen]
    if when.spread_days > 0:
        return spread_epochs(base, len(chosen), when.spread_days, when.coalition_tz)
    return [base.timestamp()] * len(chosen)
