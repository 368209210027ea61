"""The drumbeat plan: a tactics chart per campaign, and the autopilot that drafts each week's asks from it.

A plan row is a tactic aimed at an audience (a decision maker, the public, the press, the coalition's
leaders) with an objective, an effort, and a target in **completed contacts a week**. Each week the
autopilot drafts enough asks to meet every row's target from the expected yield of the people who fit:

- who fits: active messengers who chose the row's method, at or above its effort (matching's role fit);
  for a decision maker, constituents first;
- expected yield: each person's own done-per-ask over the last year, pulled toward the coalition's rate
  while their history is short (`PRIOR_WEIGHT` asks' worth);
- rotation: least recently asked first; nobody twice for one row in a week; at most one ask a day per
  person (counting what is already scheduled); never beyond their ask limit (`FREQUENCY_LIMITS`, every
  rolling window that contains the day); at a working-hours minute outside their quiet hours;
- spread: a row's asks go round the working days in turn, never all on Monday.

The drafts are calls to action in DRAFT state with named people, grouped in a `PlannedWeek`; nothing is
sent until an organizer approves the planned_week (`approve`), which schedules them through the usual path.
Plain functions over a session: no Slack, no scheduler.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, func, select
from sqlalchemy.orm import Session, selectinload

from core import calls, campaigns, numbers
from core.answers import latest_answers
from core.invalid import Errors, invalid
from core.matching import COUNTED_STATES, Targeting
from core.text import clean
from core.timing import in_quiet_hours, local_moment, zone
from models import Call, Campaign, CheckIn, Database, DecisionMaker, Delivery, Messenger, PlannedWeek, PlanRow
from models.vocab import (
    FREQUENCY_LIMITS,
    METHOD_KEYS,
    Audience,
    CallStatus,
    CampaignStatus,
    DeliveryState,
    Effort,
    Level,
    MessengerStatus,
    Method,
    Outcome,
    ScheduleKind,
    WeekState,
    levels_for,
)

PER_WEEK_MAX = 100
WEEKS_MAX = 104
TEMPLATES_MAX = 10
WORKING_DAYS = 5
ASK_MINUTE = 10 * 60  # asks go out at 10:00 in each person's zone, or the first working minute after quiet hours
DAY_END = 18 * 60
PRIOR_WEIGHT = 3.0  # a person's history counts as much as this many asks at the coalition's rate
DEFAULT_RATE = 0.3  # the coalition's rate before it has history (MIN_HISTORY asks)
MIN_HISTORY = 5
MIN_YIELD = 0.05
EPSILON = 1e-9  # ten asks at 0.3 make 3 contacts, though their float sum is 2.9999999999999996
MAX_ASKS_PER_ROW = 200  # a row's drafts in one planned week, whatever the yield
HISTORY_DAYS = 365
LONGEST_LIMIT_DAYS = max(days for _, days in FREQUENCY_LIMITS.values())
OPEN_CAMPAIGNS = (CampaignStatus.ADVOCATING, CampaignStatus.STALLED)


# ----- the chart ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowInput:
    """A plan row as the organizer typed it (plain values from the form)."""

    campaign_id: int
    tactic: Method | None
    audience: Audience | None
    decision_maker_id: int | None
    objective: str
    effort: Effort | None
    per_week: str
    weeks: str
    starts_on: date | None
    asks: str  # templates separated by a line holding only "---"
    constituents_first: bool = True
    objective_es: str = ""  # in Spanish, if the organizer writes it
    asks_es: str = ""  # the templates in Spanish, in the same order (each goes with the English one in its place)


def templates_of(text: str, spanish: str = "") -> list[dict[str, str]]:
    """Ask templates, one per block between lines of `---`; links are the lines that are only a URL.
    `spanish`: the same templates in Spanish, in the same order; each becomes its English one's "ask_es"."""
    found = _templates(text)
    for template, translated in zip(found, _templates(spanish), strict=False):
        if translated["ask"]:
            template["ask_es"] = translated["ask"]
    return found


def _templates(text: str) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    block: list[str] = []
    for line in [*text.splitlines(), "---"]:
        if line.strip() != "---":
            block.append(line)
            continue
        links = [w.strip() for w in block if w.strip().startswith(("http://", "https://")) and " " not in w.strip()]
        words = "\n".join(w for w in block if w.strip() not in links).strip()
        if words or links:
            found.append({"ask": clean(words, calls.ASK_MAX), "links": clean(" ".join(links), calls.LINKS_MAX)})
        block = []
    return found


def validate_row(session: Session, team_id: str, data: RowInput, today: date) -> Errors:
    """Field -> what to fix; empty when the row can be saved. `today`: in the coalition's zone (a row whose
    weeks have all passed would never send anything)."""
    errors: Errors = {}
    campaign = session.get(Campaign, data.campaign_id)
    if campaign is None or campaign.team_id != team_id:
        errors["campaign"] = invalid("row_campaign_gone")
    if data.tactic is None:
        errors["tactic"] = invalid("row_tactic")
    if data.audience is None:
        errors["audience"] = invalid("row_audience")
    elif data.audience == Audience.DECISION_MAKER:
        maker = session.get(DecisionMaker, data.decision_maker_id) if data.decision_maker_id else None
        if maker is None or maker.campaign_id != data.campaign_id:
            errors["audience"] = invalid("row_audience_maker")
    if not clean(data.objective, calls.OBJECTIVE_MAX):
        errors["objective"] = invalid("row_objective")
    if data.effort is None:
        errors["effort"] = invalid("row_effort")
    for name, text, top in (("per_week", data.per_week, PER_WEEK_MAX), ("weeks", data.weeks, WEEKS_MAX)):
        if numbers.read_or_none(text, low=1, high=top) is None:
            errors[name] = invalid("whole_number", low=1, high=top)
    weeks = numbers.read_or_none(data.weeks, low=1, high=WEEKS_MAX)
    if data.starts_on is None:
        errors["starts_on"] = invalid("row_first_week")
    elif weeks is not None and monday_of(data.starts_on) + timedelta(weeks=weeks, days=-1) < today:
        last = monday_of(data.starts_on) + timedelta(weeks=weeks, days=-1)
        errors["starts_on"] = invalid("row_past", last=last.isoformat())
    templates = templates_of(data.asks)
    if len(templates) > TEMPLATES_MAX:
        errors["asks"] = invalid("row_templates", max=TEMPLATES_MAX)
    return errors


def add_row(session: Session, team_id: str, data: RowInput, created_by: str, now: datetime) -> PlanRow:
    """Save a validated row; it starts on the Monday of the week picked."""
    assert data.tactic is not None, "validate first"
    assert data.audience is not None, "validate first"
    assert data.effort is not None, "validate first"
    assert data.starts_on is not None, "validate first"
    row = PlanRow(
        team_id=team_id,
        campaign_id=data.campaign_id,
        tactic=data.tactic,
        audience=data.audience,
        decision_maker_id=data.decision_maker_id if data.audience == Audience.DECISION_MAKER else None,
        objective=clean(data.objective, calls.OBJECTIVE_MAX),
        objective_es=clean(data.objective_es, calls.OBJECTIVE_MAX) or None,
        effort=data.effort,
        per_week=int(data.per_week),
        constituents_first=data.constituents_first,
        starts_on=monday_of(data.starts_on),
        weeks=int(data.weeks),
        asks=templates_of(data.asks, data.asks_es),
        created_by=created_by,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def remove_row(session: Session, team_id: str, row_id: int) -> bool:
    """Remove a row. Its drafts not yet approved go with it; calls already scheduled or sent, their
    answers and the batches that hold them stay (they only lose the link to the row)."""
    row = session.get(PlanRow, row_id)
    if row is None or row.team_id != team_id:
        return False
    session.execute(delete(Call).where(Call.plan_row_id == row.id, Call.status == CallStatus.DRAFT))
    session.delete(row)
    return True


def rows_of(session: Session, team_id: str, campaign_id: int | None = None) -> list[PlanRow]:
    query = (
        select(PlanRow)
        .where(PlanRow.team_id == team_id)
        .options(selectinload(PlanRow.campaign), selectinload(PlanRow.decision_maker))
        .order_by(PlanRow.campaign_id, PlanRow.id)
    )
    if campaign_id is not None:
        query = query.where(PlanRow.campaign_id == campaign_id)
    return list(session.scalars(query))


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def next_monday(now: datetime, tz: str) -> date:
    today = now.astimezone(zone(tz)).date()
    return monday_of(today) + timedelta(days=7)


def ends_on(row: PlanRow) -> date:
    """The last day the row runs (a Sunday)."""
    return row.starts_on + timedelta(days=7 * row.weeks - 1)


def runs_on(row: PlanRow, day: date) -> bool:
    return row.starts_on <= day <= ends_on(row)


def active_rows(session: Session, team_id: str, week_start: date) -> list[PlanRow]:
    """Rows that run in the week starting `week_start`, of campaigns still being pushed."""
    rows = session.scalars(
        select(PlanRow)
        .join(Campaign, Campaign.id == PlanRow.campaign_id)
        .where(PlanRow.team_id == team_id, Campaign.status.in_(OPEN_CAMPAIGNS), PlanRow.starts_on <= week_start)
        .order_by(PlanRow.id)
    )
    return [r for r in rows if runs_on(r, week_start)]


def working_days(first: date, count: int = WORKING_DAYS) -> list[date]:
    days: list[date] = []
    day = first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


# ----- who could be asked --------------------------------------------------------------------------


@dataclass
class Person:
    id: int
    user_id: str
    level: Level | None
    methods: int
    district_id: int | None
    allowed: int  # asks allowed per window
    window: int  # days
    tz: str
    quiet_start: int
    quiet_end: int
    last_asked: float  # epoch seconds (0: never)
    yield_: float  # expected completed contacts per ask
    asked_days: list[int] = field(default_factory=list)  # day ordinals with an ask (scheduled or drafted), sorted

    def minute_on_workday(self) -> int | None:
        """The first minute from ASK_MINUTE to DAY_END outside their quiet hours (None: none)."""
        if not in_quiet_hours(ASK_MINUTE, self.quiet_start, self.quiet_end):
            return ASK_MINUTE
        if ASK_MINUTE <= self.quiet_end < DAY_END and not in_quiet_hours(
            self.quiet_end, self.quiet_start, self.quiet_end
        ):
            return self.quiet_end
        return None

    def free_on(self, day: int) -> bool:
        """No ask that day, and one more keeps every rolling window that contains it within the limit."""
        days = self.asked_days
        at = bisect.bisect_left(days, day)
        if at < len(days) and days[at] == day:
            return False
        for start in range(day - self.window + 1, day + 1):
            inside = bisect.bisect_right(days, start + self.window - 1) - bisect.bisect_left(days, start)
            if inside + 1 > self.allowed:
                return False
        return True

    def take(self, day: int) -> None:
        bisect.insort(self.asked_days, day)


def _epoch(value: datetime | None) -> float:
    return value.timestamp() if value is not None else 0.0


def candidates(session: Session, team_id: str, days: list[date], now: datetime, tz: str) -> list[Person]:
    """Everyone who may be asked on those days, with their expected yield and the days they are already
    asked on (within the longest limit window either side). Three queries, whatever the number of people."""
    first, last = days[0], days[-1]
    start = local_moment(first, 0, tz)
    rows = session.execute(
        select(
            Messenger.id,
            Messenger.user_id,
            Messenger.level,
            Messenger.methods,
            Messenger.district_id,
            Messenger.frequency,
            Messenger.tz,
            Messenger.quiet_start,
            Messenger.quiet_end,
            Messenger.last_asked_at,
            Messenger.status,
            Messenger.paused_until,
        ).where(
            Messenger.team_id == team_id,
            Messenger.onboarded_at.is_not(None),
            Messenger.status.in_((MessengerStatus.ACTIVE, MessengerStatus.PAUSED)),
        )
    ).all()
    rates = _yields(session, team_id, now)
    done_all = sum(d for d, _ in rates.values())
    sent_all = sum(s for _, s in rates.values())
    prior = done_all / sent_all if sent_all >= MIN_HISTORY else DEFAULT_RATE
    people: dict[int, Person] = {}
    for row in rows:
        (mid, user_id, level, methods, district, frequency, person_tz, qs, qe, asked_at, status, paused) = row
        if status == MessengerStatus.PAUSED and (paused is None or paused > start):
            continue
        done, sent = rates.get(mid, (0, 0))
        allowed, window = FREQUENCY_LIMITS[frequency]
        people[mid] = Person(
            id=mid,
            user_id=user_id,
            level=level,
            methods=int(methods.value if isinstance(methods, Method) else methods),
            district_id=district,
            allowed=allowed,
            window=window,
            tz=person_tz,
            quiet_start=qs,
            quiet_end=qe,
            last_asked=_epoch(asked_at),
            yield_=max(MIN_YIELD, (done + PRIOR_WEIGHT * prior) / (sent + PRIOR_WEIGHT)),
        )
    since = local_moment(first - timedelta(days=LONGEST_LIMIT_DAYS), 0, tz)
    until = local_moment(last + timedelta(days=LONGEST_LIMIT_DAYS), 0, tz)
    asked = session.execute(
        select(Delivery.messenger_id, Delivery.due_at)
        .join(Messenger, Messenger.id == Delivery.messenger_id)
        .where(
            Messenger.team_id == team_id,
            Delivery.state.in_(COUNTED_STATES),
            Delivery.due_at >= since,
            Delivery.due_at < until,
        )
    ).all()
    place = zone(tz)
    for mid, due in asked:
        person = people.get(mid)
        if person is not None:
            person.asked_days.append(due.astimezone(place).date().toordinal())
    for person in people.values():
        person.asked_days.sort()
    return list(people.values())


def _yields(session: Session, team_id: str, now: datetime) -> dict[int, tuple[int, int]]:
    """(done, sent) per messenger over the last year: asks that reached Slack, by their latest answer."""
    since = now - timedelta(days=HISTORY_DAYS)
    latest = latest_answers(since)
    done = func.sum(case((CheckIn.outcome == Outcome.DONE, 1), else_=0))
    rows = session.execute(
        select(Delivery.messenger_id, done, func.count())
        .join(Call, Call.id == Delivery.call_id)
        .outerjoin(latest, latest.c.delivery_id == Delivery.id)
        .outerjoin(CheckIn, CheckIn.id == latest.c.id)
        .where(
            Call.team_id == team_id,
            Delivery.state == DeliveryState.SENT,
            Delivery.sent_at >= since,
            Delivery.messenger_id.is_not(None),
        )
        .group_by(Delivery.messenger_id)
    ).all()
    return {int(mid): (int(d or 0), int(n)) for mid, d, n in rows}


# ----- drafting ------------------------------------------------------------------------------------


@dataclass
class Ask:
    person: int  # messenger id
    user_id: str
    day: date
    minute: int


@dataclass
class RowDraft:
    """One row's share of a week's draft. Its summary is stored with the planned week as facts (tactic,
    audience, numbers), never as sentences: each reader's view writes them in their language."""

    row_id: int
    campaign: str
    tactic: Method
    audience: Audience
    maker: str | None  # the targeted decision maker's name (audience DECISION_MAKER)
    target: int
    fit: int  # people who fit the row at all
    asks: list[Ask] = field(default_factory=list)
    expected: float = 0.0
    short: dict[str, int | str] | None = None  # why the target cannot be met: `_why_short`

    def summary(self) -> dict[str, Any]:
        return {
            "row": self.row_id,
            "campaign": self.campaign,
            "tactic": METHOD_KEYS[self.tactic],
            "audience": self.audience.value,
            "maker": self.maker,
            "target": self.target,
            "asks": len(self.asks),
            "expected": round(self.expected, 1),
            "short": self.short,
        }


@dataclass
class WeekDraft:
    days: list[date]
    rows: list[RowDraft]

    @property
    def asks(self) -> int:
        return sum(len(r.asks) for r in self.rows)

    @property
    def expected(self) -> float:
        return sum(r.expected for r in self.rows)


def draft(rows: list[PlanRow], people: list[Person], days: list[date]) -> WeekDraft:
    """Choose people and days for each row (pure: no database). `people` is updated with the new asks."""
    ordinals = [d.toordinal() for d in days]
    result = WeekDraft(days, [])
    levels_of: dict[Effort, frozenset[Level]] = {e: levels_for(e) for e in Effort}
    minute_of = {p.id: p.minute_on_workday() for p in people}
    drafted: dict[int, int] = defaultdict(int)  # asks this planned week gave each person so far
    for index, row in enumerate(rows):
        method, levels = row.tactic.value, levels_of[row.effort]  # role fit: their method, their level's effort
        fitting = [p for p in people if p.methods & method and p.level in levels]
        # Rotation: those this planned week asked least, then those asked least recently.
        fitting.sort(key=lambda p: (drafted[p.id], p.last_asked, p.id))
        district = row.decision_maker.district_id if row.decision_maker is not None else None
        if row.constituents_first and district is not None:
            fitting.sort(key=lambda p: p.district_id != district)  # stable: rotation order within each group
        maker = row.decision_maker.name if row.decision_maker is not None else None
        found = RowDraft(row.id, row.campaign.name, row.tactic, row.audience, maker, row.per_week, len(fitting))
        turn = index % len(ordinals)  # rows start on different days, so Monday is not everyone's day
        without_time = 0
        for person in fitting:
            if found.expected >= row.per_week - EPSILON or len(found.asks) >= MAX_ASKS_PER_ROW:
                break
            minute = minute_of[person.id]
            if minute is None:
                without_time += 1
                continue
            for step in range(len(ordinals)):
                slot = (turn + step) % len(ordinals)
                if person.free_on(ordinals[slot]):
                    person.take(ordinals[slot])
                    drafted[person.id] += 1
                    found.asks.append(Ask(person.id, person.user_id, days[slot], minute))
                    found.expected += person.yield_
                    turn = slot + 1
                    break
        if found.expected < row.per_week - EPSILON:
            found.short = _why_short(found, without_time)
        result.rows.append(found)
    return result


class Short:
    """Why a row's target cannot be met (`RowDraft.short["why"]`)."""

    NOBODY = "nobody"  # nobody fits: no active messenger chose its method at its effort or above
    CAP = "cap"  # MAX_ASKS_PER_ROW asks are the most one row drafts in a week
    FEW = "few"  # too few fit: with how many are busy and how many have quiet hours all day


def _why_short(found: RowDraft, without_time: int) -> dict[str, int | str]:
    if found.fit == 0:
        return {"why": Short.NOBODY}
    if len(found.asks) >= MAX_ASKS_PER_ROW:
        return {"why": Short.CAP, "cap": MAX_ASKS_PER_ROW}
    return {
        "why": Short.FEW,
        "fit": found.fit,
        "busy": max(0, found.fit - len(found.asks) - without_time),
        "without_time": without_time,
    }


def save(
    session: Session,
    team_id: str,
    week: WeekDraft,
    rows: list[PlanRow],
    now: datetime,
    tz: str,
    *,
    row_id: int | None = None,
) -> PlannedWeek:
    """Store the drafts: one draft call to action per row, day and minute, naming its people."""
    planned_week = PlannedWeek(
        team_id=team_id,
        first_day=week.days[0],
        row_id=row_id,
        state=WeekState.DRAFTED,
        summary={"rows": [r.summary() for r in week.rows], "days": [d.isoformat() for d in week.days]},
        drafted_at=now,
    )
    session.add(planned_week)
    session.flush()
    by_id = {r.id: r for r in rows}
    for found in week.rows:
        row = by_id[found.row_id]
        groups: dict[tuple[date, int], list[str]] = defaultdict(list)
        for ask in found.asks:
            groups[(ask.day, ask.minute)].append(ask.user_id)
        for (day, minute), user_ids in sorted(groups.items()):
            template = row.asks[(day.toordinal() + row.id) % len(row.asks)] if row.asks else {}
            for start in range(0, len(user_ids), calls.MAX_NAMED):
                call_id = calls.save_draft(
                    session,
                    team_id,
                    calls.Draft(
                        campaign_id=row.campaign_id,
                        tactic=row.tactic,
                        objective=row.objective,
                        audience=row.audience,
                        decision_maker_id=row.decision_maker_id,
                        ask=template.get("ask", ""),
                        objective_es=row.objective_es or "",
                        ask_es=template.get("ask_es", ""),
                        links=template.get("links", ""),
                        targeting=Targeting(user_ids=tuple(user_ids[start : start + calls.MAX_NAMED])),
                        schedule=ScheduleKind.LOCAL,
                        at=local_moment(day, 12 * 60, tz),
                        local_minute=minute,
                        effort=row.effort,
                    ),
                    row.created_by,
                    now,
                )
                call = session.get(Call, call_id)
                assert call is not None
                call.plan_row_id, call.planned_week_id = row.id, planned_week.id
    return planned_week


def draft_week(session: Session, team_id: str, week_start: date, now: datetime, tz: str) -> PlannedWeek | None:
    """The weekly autopilot: draft the week starting `week_start` for every row that runs in it. None if
    there is nothing to draft, or the week was drafted already (a planned week for every row exists)."""
    existing = session.scalar(
        select(PlannedWeek.id).where(
            PlannedWeek.team_id == team_id, PlannedWeek.first_day == week_start, PlannedWeek.row_id.is_(None)
        )
    )
    rows = active_rows(session, team_id, week_start)
    if existing is not None or not rows:
        return None
    days = working_days(week_start)
    week = draft(rows, candidates(session, team_id, days, now, tz), days)
    return save(session, team_id, week, rows, now, tz)


def draft_gap(session: Session, team_id: str, row_id: int, now: datetime, tz: str) -> PlannedWeek | None:
    """*Draft asks now*: a week's worth of asks for one row over the next working days (from tomorrow)."""
    row = session.get(PlanRow, row_id)
    if row is None or row.team_id != team_id:
        return None
    tomorrow = now.astimezone(zone(tz)).date() + timedelta(days=1)
    days = working_days(tomorrow)
    week = draft([row], candidates(session, team_id, days, now, tz), days)
    return save(session, team_id, week, [row], now, tz, row_id=row.id)


# ----- deciding --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    planned_week_id: int
    state: WeekState
    scheduled: list[calls.Scheduled] = field(default_factory=list)
    already: bool = False  # someone decided before
    dropped: int = 0  # asks drafted for days that had passed when it was approved

    @property
    def planned(self) -> int:
        return sum(s.planned for s in self.scheduled)


def _planned_week(session: Session, team_id: str, planned_week_id: int) -> PlannedWeek | None:
    planned_week = session.get(PlannedWeek, planned_week_id, with_for_update=True)
    return planned_week if planned_week is not None and planned_week.team_id == team_id else None


def drafts_of(session: Session, planned_week_id: int) -> list[Call]:
    return list(
        session.scalars(
            select(Call)
            .where(Call.planned_week_id == planned_week_id, Call.status == CallStatus.DRAFT)
            .order_by(Call.send_at, Call.id)
        )
    )


def approve(session: Session, team_id: str, planned_week_id: int, by: str, now: datetime, tz: str) -> Decided | None:
    """Schedule every draft of the planned week (through `calls.schedule`: limits and quiet hours are checked
    again as of now)."""
    planned_week = _planned_week(session, team_id, planned_week_id)
    if planned_week is None:
        return None
    if planned_week.state != WeekState.DRAFTED:
        return Decided(planned_week.id, planned_week.state, already=True)
    today = now.astimezone(zone(tz)).date()
    scheduled, dropped = [], 0
    for call in drafts_of(session, planned_week.id):
        # A day that has passed would send at once, all together; a draft naming nobody would fit everyone.
        if call.send_at.astimezone(zone(tz)).date() < today or not named_count(call):
            dropped += named_count(call)
            session.delete(call)
            continue
        try:
            with session.begin_nested():
                scheduled.append(calls.schedule(session, call.id, now, tz))
        except calls.NobodyMatches:  # everyone it named reached an ask limit meanwhile, say
            dropped += named_count(call)
            session.delete(call)
    planned_week.state, planned_week.decided_by, planned_week.decided_at = WeekState.APPROVED, by, now
    return Decided(planned_week.id, planned_week.state, scheduled, dropped=dropped)


def skip(session: Session, team_id: str, planned_week_id: int, by: str, now: datetime) -> Decided | None:
    """Nothing of the planned week is sent: its drafts are discarded."""
    planned_week = _planned_week(session, team_id, planned_week_id)
    if planned_week is None:
        return None
    if planned_week.state != WeekState.DRAFTED:
        return Decided(planned_week.id, planned_week.state, already=True)
    session.execute(delete(Call).where(Call.planned_week_id == planned_week.id, Call.status == CallStatus.DRAFT))
    planned_week.state, planned_week.decided_by, planned_week.decided_at = WeekState.SKIPPED, by, now
    return Decided(planned_week.id, planned_week.state)


def keep_only(session: Session, team_id: str, planned_week_id: int, keep: set[int]) -> int | None:
    """*Edit*: discard the drafts not in `keep`; how many are left (None: the planned week was decided, or is gone)."""
    planned_week = _planned_week(session, team_id, planned_week_id)
    if planned_week is None or planned_week.state != WeekState.DRAFTED:
        return None
    drafts = drafts_of(session, planned_week.id)
    for call in drafts:
        if call.id not in keep:
            session.delete(call)
    return sum(1 for c in drafts if c.id in keep)


def named_count(call: Call) -> int:
    return len(Targeting.from_json(call.targeting).user_ids)


def owners(session: Session, planned_week: PlannedWeek) -> list[str]:
    """The organizers who made the planned week's rows: its DM is meant for them (if they are still organizers:
    see `runtime.organizers.recipients`)."""
    ids = [int(r["row"]) for r in planned_week.summary.get("rows", []) if isinstance(r, dict) and "row" in r]
    found = session.scalars(select(PlanRow.created_by).where(PlanRow.id.in_(ids)).distinct())
    return sorted({u for u in found if u})


def asks_in(planned_week: PlannedWeek) -> int:
    return sum(int(r.get("asks", 0)) for r in planned_week.summary.get("rows", []) if isinstance(r, dict))


def sent_to(planned_week: PlannedWeek) -> list[str]:
    """Whose DM holds the planned week's Approve / Edit / Skip buttons."""
    return [str(u) for u in planned_week.summary.get("sent_to", [])]


def record_sent(session: Session, planned_week_id: int, users: list[str]) -> None:
    planned_week = session.get(PlannedWeek, planned_week_id)
    if planned_week is not None and users:
        planned_week.summary = {
            **planned_week.summary,
            "sent_to": list(dict.fromkeys([*sent_to(planned_week), *users])),
        }


def waiting(session: Session, team_id: str) -> list[PlannedWeek]:
    """Batches drafted and not yet decided."""
    return list(
        session.scalars(
            select(PlannedWeek)
            .where(PlannedWeek.team_id == team_id, PlannedWeek.state == WeekState.DRAFTED)
            .order_by(PlannedWeek.id)
        )
    )


# ----- in transactions of their own (for listeners) --------------------------------------------------


def overview(db: Database, team_id: str) -> tuple[list[Campaign], dict[int, int]]:
    """Every campaign, and how many plan rows each has."""
    with db.reading() as session:
        counts: dict[int, int] = {}
        for row in rows_of(session, team_id):
            counts[row.campaign_id] = counts.get(row.campaign_id, 0) + 1
        return campaigns.newest_open_first(campaigns.all_of(session, team_id)), counts


@dataclass(frozen=True)
class Chart:
    """A campaign's tactics chart: its rows, and the first Monday a new row can start."""

    campaign: Campaign
    rows: list[PlanRow]
    next_monday: date


def chart_of(db: Database, team_id: str, campaign_id: int, now: datetime, tz: str) -> Chart | None:
    with db.reading() as session:
        campaign = session.get(Campaign, campaign_id, options=[selectinload(Campaign.decision_makers)])
        if campaign is None or campaign.team_id != team_id:
            return None
        return Chart(campaign, rows_of(session, team_id, campaign_id), next_monday(now, tz))


def rows_in(db: Database, team_id: str, campaign_id: int | None = None) -> list[PlanRow]:
    with db.reading() as session:
        return rows_of(session, team_id, campaign_id)


class NotValid(Exception):
    def __init__(self, errors: Errors) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Added:
    row: PlanRow
    chart: Chart


def add(db: Database, team_id: str, data: RowInput, organizer: str, now: datetime, tz: str) -> Added:
    """Validate and save a row (raises NotValid); the chart it joined."""
    with db.transaction() as session:
        errors = validate_row(session, team_id, data, now.astimezone(zone(tz)).date())
        if errors:
            raise NotValid(errors)
        row = add_row(session, team_id, data, organizer, now)
    chart = chart_of(db, team_id, data.campaign_id, now, tz)
    assert chart is not None
    return Added(row, chart)


def remove(db: Database, team_id: str, campaign_id: int, row_id: int | None, now: datetime, tz: str) -> Chart | None:
    """Remove a row of the campaign's chart (None: no such row)."""
    with db.transaction() as session:
        doomed = next((r for r in rows_of(session, team_id, campaign_id) if r.id == row_id), None)
        if doomed is None:
            return None
        remove_row(session, team_id, doomed.id)
    return chart_of(db, team_id, campaign_id, now, tz)


@dataclass(frozen=True)
class Decision:
    planned_week: PlannedWeek
    decided: Decided


def decide(
    db: Database, team_id: str, planned_week_id: int, by: str, approve_it: bool, now: datetime, tz: str
) -> Decision | None:
    """Approve (everything scheduled through `calls.schedule`) or skip a planned week; None: it is gone."""
    with db.transaction() as session:
        decided = (
            approve(session, team_id, planned_week_id, by, now, tz)
            if approve_it
            else skip(session, team_id, planned_week_id, by, now)
        )
        planned_week = session.get(PlannedWeek, planned_week_id)
        if decided is None or planned_week is None:
            return None
        return Decision(planned_week, decided)


def drafts_to_edit(db: Database, team_id: str, planned_week_id: int) -> tuple[PlannedWeek, list[Call]] | None:
    with db.reading() as session:
        planned_week = session.get(PlannedWeek, planned_week_id)
        if planned_week is None or planned_week.team_id != team_id:
            return None
        return planned_week, drafts_of(session, planned_week.id) if planned_week.state == WeekState.DRAFTED else []


def keep(db: Database, team_id: str, planned_week_id: int, listed: set[int], kept: set[int]) -> int | None:
    """The Edit form's Save: keep the ticked drafts (and any the form did not list); None: decided already."""
    with db.transaction() as session:
        others = {c.id for c in drafts_of(session, planned_week_id)} - listed
        return keep_only(session, team_id, planned_week_id, kept | others)


def fill_gap(db: Database, team_id: str, row_id: int, organizer: str, now: datetime, tz: str) -> PlannedWeek | None:
    """*Draft asks now*: a planned week for the row over the next working days, its buttons in the organizer's DM."""
    with db.transaction() as session:
        planned_week = draft_gap(session, team_id, row_id, now, tz)
        if planned_week is not None:
            record_sent(session, planned_week.id, [organizer])
        return planned_week


def draft_next_week(db: Database, team_id: str, now: datetime, tz: str) -> PlannedWeek | None:
    """The autopilot's weekly draft for the week after `now` (None: drafted already, or nothing to draft)."""
    with db.transaction() as session:
        return draft_week(session, team_id, next_monday(now, tz), now, tz)


@dataclass(frozen=True)
class Waiting:
    """A planned week waiting for a decision: whose rows it drafted, and whose DM holds its buttons."""

    planned_week: PlannedWeek
    owners: list[str]
    sent_to: list[str]


def waiting_for_decision(db: Database, team_id: str) -> list[Waiting]:
    with db.reading() as session:
        return [Waiting(b, owners(session, b), sent_to(b)) for b in waiting(session, team_id)]


def record_sent_to(db: Database, planned_week_id: int, users: list[str]) -> None:
    with db.transaction() as session:
        record_sent(session, planned_week_id, users)
