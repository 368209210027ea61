"""Reports for organizers: what was sent, what came back, what got in the way, what needs attention.

Figures count deliveries that reached Slack; each counts by its latest answer (done, will do, can't)
or as silent. People appear by name only where `core.privacy` allows; otherwise "a messenger".
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from core import privacy
from core.accountability import ledger
from core.answers import latest_answers
from core.timing import zone
from models import Call, Campaign, CheckIn, Database, DecisionMaker, Delivery, District, Messenger
from models.vocab import (
    METHOD_KEYS,
    Audience,
    Barrier,
    CallStatus,
    CampaignStatus,
    DeliveryState,
    Level,
    MessengerStatus,
    Method,
    Outcome,
)

NEEDS_SUPPORT_CANTS = 2
QUIET_DECISION_MAKER_DAYS = 21


@dataclass
class Tally:
    sent: int = 0
    done: int = 0
    will_do: int = 0
    cant: int = 0
    barriers: Counter[Barrier] = field(default_factory=Counter)

    @property
    def silent(self) -> int:
        return self.sent - self.done - self.will_do - self.cant

    @property
    def response_rate(self) -> float:
        return (self.done + self.will_do + self.cant) / self.sent if self.sent else 0.0

    def add(self, outcome: Outcome | None, barrier: Barrier | None) -> None:
        self.sent += 1
        if outcome == Outcome.DONE:
            self.done += 1
        elif outcome == Outcome.WILL_DO:
            self.will_do += 1
        elif outcome == Outcome.CANT:
            self.cant += 1
            if barrier is not None:
                self.barriers[barrier] += 1


@dataclass
class CallLine:
    call_id: int
    objective: str
    tactic: Method
    campaign: str
    tally: Tally


@dataclass
class Report:
    campaign: str | None
    since: datetime | None
    calls: list[CallLine] = field(default_factory=list)
    total: Tally = field(default_factory=Tally)
    by_tactic: dict[Method, Tally] = field(default_factory=dict)
    by_level: dict[Level | None, Tally] = field(default_factory=dict)
    barrier_notes: list[str] = field(default_factory=list)  # the "other" reasons, in their words
    needs_support_named: list[str] = field(default_factory=list)
    needs_support_unnamed: int = 0
    weekly_done: dict[date, Counter[Method]] = field(default_factory=dict)
    notes: list[NoteLine] = field(default_factory=list)  # what messengers wrote in a thread or DM, newest first
    roster: Roster | None = None  # who the coalition can ask now (the report's capacity table)


@dataclass(frozen=True)
class NoteLine:
    call_id: int
    who: str  # a name only where `core.privacy` allows
    words: str
    at: datetime


def _notes(
    session: Session, team_id: str, campaign_id: int | None, since: datetime | None, *, details: bool = False
) -> dict[int, list[tuple[CheckIn, Messenger | None]]]:
    """Notes (replies in an ask's thread) per delivery, oldest first, and with `details` what the Done form
    said (whom they reached, what they were told, a link); only the words of people who have not opted out
    (deleted people's notes are gone)."""
    said = (
        or_(
            and_(CheckIn.outcome == Outcome.NOTE, CheckIn.note.is_not(None)),
            and_(CheckIn.outcome == Outcome.DONE, or_(CheckIn.note.is_not(None), CheckIn.evidence.is_not(None))),
        )
        if details
        else and_(CheckIn.outcome == Outcome.NOTE, CheckIn.note.is_not(None))
    )
    query = (
        select(CheckIn, Messenger)
        .join(Delivery, Delivery.id == CheckIn.delivery_id)
        .join(Call, Call.id == Delivery.call_id)
        .outerjoin(Messenger, Messenger.id == CheckIn.messenger_id)
        .where(Call.team_id == team_id, said)
        .order_by(CheckIn.id)
    )
    if campaign_id is not None:
        query = query.where(Call.campaign_id == campaign_id)
    if since is not None:
        query = query.where(CheckIn.created_at >= since)
    found: dict[int, list[tuple[CheckIn, Messenger | None]]] = defaultdict(list)
    for check_in, messenger in session.execute(query):
        if check_in.delivery_id is not None and privacy.may_quote(messenger):
            found[check_in.delivery_id].append((check_in, messenger))
    return found


@dataclass(frozen=True)
class _Row:
    delivery: Delivery
    call: Call
    campaign: str
    outcome: Outcome | None
    barrier: Barrier | None
    note: str | None
    answered_at: datetime | None
    evidence: str | None
    messenger: Messenger | None


def _rows(session: Session, team_id: str, campaign_id: int | None, since: datetime | None) -> list[_Row]:
    latest = latest_answers()
    answer = select(CheckIn).where(CheckIn.id.in_(select(latest.c.id))).subquery()
    query = (
        select(
            Delivery,
            Call,
            Campaign.name,
            answer.c.outcome,
            answer.c.barrier,
            answer.c.note,
            answer.c.created_at,
            answer.c.evidence,
            Messenger,
        )
        .join(Call, Call.id == Delivery.call_id)
        .join(Campaign, Campaign.id == Call.campaign_id)
        .outerjoin(answer, answer.c.delivery_id == Delivery.id)
        .outerjoin(Messenger, Messenger.id == Delivery.messenger_id)
        .where(Call.team_id == team_id, Delivery.state == DeliveryState.SENT)
        .order_by(Call.id, Delivery.id)
    )
    if campaign_id is not None:
        query = query.where(Call.campaign_id == campaign_id)
    if since is not None:
        query = query.where(Delivery.sent_at >= since)
    rows = []
    for delivery, call, campaign, outcome, barrier, note, answered_at, evidence, messenger in session.execute(query):
        rows.append(
            _Row(
                delivery,
                call,
                campaign,
                Outcome(outcome) if outcome else None,
                Barrier(barrier) if barrier else None,
                note,
                _aware(answered_at),
                evidence,
                messenger,
            )
        )
    return rows


def _aware(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment if moment.tzinfo else moment.replace(tzinfo=zone("UTC"))


def week_of(moment: datetime, tz: str) -> date:
    local = moment.astimezone(zone(tz)).date()
    return local - timedelta(days=local.weekday())


def report(
    session: Session, team_id: str, *, campaign_id: int | None = None, since: datetime | None = None, tz: str = "UTC"
) -> Report:
    campaign = session.get(Campaign, campaign_id) if campaign_id else None
    result = Report(campaign=campaign.name if campaign else None, since=since)
    lines: dict[int, CallLine] = {}
    cants: Counter[int] = Counter()
    people: dict[int, Messenger] = {}
    weekly: dict[date, Counter[Method]] = defaultdict(Counter)
    rows = _rows(session, team_id, campaign_id, since)
    for row in rows:
        line = lines.get(row.call.id)
        if line is None:
            line = lines[row.call.id] = CallLine(
                row.call.id, row.call.objective, row.call.tactic, row.campaign, Tally()
            )
        for tally in (
            line.tally,
            result.total,
            result.by_tactic.setdefault(row.call.tactic, Tally()),
            result.by_level.setdefault(row.delivery.level, Tally()),
        ):
            tally.add(row.outcome, row.barrier)
        if row.outcome == Outcome.CANT:
            if row.barrier == Barrier.OTHER and row.note and privacy.may_quote(row.messenger):
                result.barrier_notes.append(row.note)
            if row.messenger is not None:
                cants[row.messenger.id] += 1
                people[row.messenger.id] = row.messenger
        if row.outcome == Outcome.DONE and row.answered_at is not None:
            weekly[week_of(row.answered_at, tz)][row.call.tactic] += 1
    result.calls = list(lines.values())
    for messenger_id, count in cants.items():
        if count >= NEEDS_SUPPORT_CANTS:
            if privacy.may_name(people[messenger_id]):
                result.needs_support_named.append(privacy.label(people[messenger_id]))
            else:
                result.needs_support_unnamed += 1
    result.weekly_done = dict(sorted(weekly.items()))
    delivery_actions = {row.delivery.id: row.call.id for row in rows}
    notes = [
        NoteLine(delivery_actions.get(delivery_id, 0), privacy.label(messenger), _words(check_in), check_in.created_at)
        for delivery_id, found in _notes(session, team_id, campaign_id, since, details=True).items()
        for check_in, messenger in found
    ]
    result.notes = sorted(notes, key=lambda n: n.at, reverse=True)
    result.roster = roster(session, team_id)
    return result


def _words(check_in: CheckIn) -> str:
    parts = [check_in.note or ""] + ([f"Link: {check_in.evidence}"] if check_in.evidence else [])
    return "\n".join(p for p in parts if p)


EXPORT_COLUMNS = [
    "call_id",
    "campaign",
    "tactic",
    "objective",
    "audience",
    "level",
    "messenger",
    "due_at",
    "sent_at",
    "answer",
    "barrier",
    "answered_at",
    "note",
    "evidence",
    "notes",
]


def export_rows(session: Session, team_id: str, campaign_id: int | None = None) -> list[dict[str, str]]:
    """Deliveries and their latest check-ins, for a CSV: only what organizers need, names only if credited."""
    out = []
    notes = _notes(session, team_id, campaign_id, None)
    for row in _rows(session, team_id, campaign_id, None):
        call = row.call
        audience = (
            call.decision_maker.name
            if call.audience == Audience.DECISION_MAKER and call.decision_maker
            else call.audience.value
        )
        out.append(
            {
                "call_id": str(call.id),
                "campaign": row.campaign,
                "tactic": METHOD_KEYS[call.tactic],
                "objective": call.objective,
                "audience": audience,
                "level": row.delivery.level.value if row.delivery.level else "",
                "messenger": privacy.label(row.messenger),
                "due_at": row.delivery.due_at.isoformat(),
                "sent_at": row.delivery.sent_at.isoformat() if row.delivery.sent_at else "",
                "answer": row.outcome.value if row.outcome else "silent",
                "barrier": row.barrier.value if row.barrier else "",
                "answered_at": row.answered_at.isoformat() if row.answered_at else "",
                "note": (row.note or "") if privacy.may_quote(row.messenger) else "",
                "evidence": (row.evidence or "") if privacy.may_quote(row.messenger) else "",
                "notes": " | ".join(c.note or "" for c, _ in notes.get(row.delivery.id, [])),
            }
        )
    return out


@dataclass
class Roster:
    """Active messengers by level and method (a person with two methods counts under both), and by
    district where they said. Counts only: never names."""

    cells: dict[tuple[Level, Method], int] = field(default_factory=dict)
    by_level: Counter[Level] = field(default_factory=Counter)
    by_district: list[tuple[str, int]] = field(default_factory=list)  # every district, in name order
    no_district: int = 0
    total: int = 0


def roster(session: Session, team_id: str) -> Roster:
    found = Roster()
    rows = session.execute(
        select(Messenger.level, Messenger.methods, func.count())
        .where(Messenger.team_id == team_id, Messenger.status == MessengerStatus.ACTIVE, Messenger.level.is_not(None))
        .group_by(Messenger.level, Messenger.methods)
    ).all()
    for level, methods, count in rows:
        found.by_level[level] += count
        found.total += count
        for method in Method:
            if method & methods:
                found.cells[(level, method)] = found.cells.get((level, method), 0) + count
    living = dict(
        (district_id, count)
        for district_id, count in session.execute(
            select(Messenger.district_id, func.count())
            .where(Messenger.team_id == team_id, Messenger.status == MessengerStatus.ACTIVE)
            .group_by(Messenger.district_id)
        )
    )
    districts = session.scalars(select(District).where(District.team_id == team_id).order_by(District.name))
    found.by_district = [(d.name, int(living.get(d.id, 0))) for d in districts]
    found.no_district = int(living.get(None, 0))
    return found


MIN_HISTORY = 5  # past asks needed before a rate is used for a level (else the tactic's rate overall)


@dataclass(frozen=True)
class Expected:
    """How many of the people asked are likely to act, from the coalition's own past answers."""

    likely: float | None  # None: no history to go on
    asked: int
    history: int  # past asks of this tactic the rates come from
    rates: dict[Level | None, float]  # done per ask sent, by level (the levels asked now)


def done_rates(session: Session, team_id: str, tactic: Method) -> dict[Level | None, tuple[int, int]]:
    """(done, sent) per level at the time of the ask, over every past ask of this tactic that reached Slack."""
    latest = latest_answers()
    done = func.sum(case((CheckIn.outcome == Outcome.DONE, 1), else_=0))
    rows = session.execute(
        select(Delivery.level, done, func.count())
        .join(Call, Call.id == Delivery.call_id)
        .outerjoin(latest, latest.c.delivery_id == Delivery.id)
        .outerjoin(CheckIn, CheckIn.id == latest.c.id)
        .where(Call.team_id == team_id, Call.tactic == tactic, Delivery.state == DeliveryState.SENT)
        .group_by(Delivery.level)
    ).all()
    return {level: (int(done_count or 0), int(sent)) for level, done_count, sent in rows}


def expected(session: Session, team_id: str, tactic: Method, asked: Counter[Level | None]) -> Expected:
    """Expected yield of asking these people (counted by level): each level's past rate for this tactic,
    or the tactic's overall rate for a level with little history. No history at all: it says so."""
    rates = done_rates(session, team_id, tactic)
    done_all = sum(d for d, _ in rates.values())
    sent_all = sum(s for _, s in rates.values())
    total = sum(asked.values())
    if sent_all < MIN_HISTORY:
        return Expected(None, total, sent_all, {})
    overall = done_all / sent_all
    used: dict[Level | None, float] = {}
    for level in asked:
        done, sent = rates.get(level, (0, 0))
        used[level] = done / sent if sent >= MIN_HISTORY else overall
    likely = sum(count * used[level] for level, count in asked.items())
    return Expected(likely, total, sent_all, used)


@dataclass
class Attention:
    barriers: Counter[Barrier] = field(default_factory=Counter)
    stalled: list[str] = field(default_factory=list)
    quiet_decision_makers: list[str] = field(default_factory=list)  # "Mayor Lee (ID cards)"
    flagged_checks: list[tuple[str, int]] = field(default_factory=list)  # (campaign, days after the win)


def last_done_by_decision_maker(session: Session, team_id: str) -> dict[int, datetime]:
    """When each decision maker was last reached: the latest Done answer (the latest answer to its ask)."""
    latest = latest_answers()
    rows = session.execute(
        select(Call.decision_maker_id, func.max(CheckIn.created_at))
        .select_from(latest)
        .join(CheckIn, CheckIn.id == latest.c.id)
        .join(Delivery, Delivery.id == CheckIn.delivery_id)
        .join(Call, Call.id == Delivery.call_id)
        .where(Call.team_id == team_id, CheckIn.outcome == Outcome.DONE, Call.decision_maker_id.is_not(None))
        .group_by(Call.decision_maker_id)
    ).all()
    return {int(maker): at for maker, at in rows if at is not None}


def attention(session: Session, team_id: str, now: datetime) -> Attention:
    """What organizers should look at: recent barriers, stalled campaigns, decision makers with no completed
    contact in 21 days, implementation checks that look doubtful."""
    found = Attention()
    recent = report(session, team_id, since=now - timedelta(days=14))
    found.barriers = recent.total.barriers
    campaigns = session.scalars(select(Campaign).where(Campaign.team_id == team_id)).all()
    found.stalled = [c.name for c in campaigns if c.status == CampaignStatus.STALLED]
    cutoff = now - timedelta(days=QUIET_DECISION_MAKER_DAYS)
    # Counted in contacts made (a Done answer), not in asks sent: an ask nobody acted on is no contact.
    contacted = {maker for maker, at in last_done_by_decision_maker(session, team_id).items() if at >= cutoff}
    for campaign in campaigns:
        if campaign.status not in (CampaignStatus.ADVOCATING, CampaignStatus.STALLED):
            continue
        for maker in session.scalars(select(DecisionMaker).where(DecisionMaker.campaign_id == campaign.id)):
            if maker.id not in contacted:
                found.quiet_decision_makers.append(f"{maker.name} ({campaign.name})")
    for campaign in campaigns:
        book = ledger(session, campaign.id)
        if book is None:
            continue
        for check in book.checks:
            if check.flagged:
                found.flagged_checks.append((campaign.name, check.days_after_win))
    return found


@dataclass
class UpcomingLine:
    call_id: int
    objective: str
    next_due: datetime
    pending: int


def upcoming(session: Session, team_id: str, limit: int = 5) -> list[UpcomingLine]:
    rows = session.execute(
        select(Call.id, Call.objective, func.min(Delivery.due_at), func.count())
        .join(Delivery, Delivery.call_id == Call.id)
        .where(
            Call.team_id == team_id,
            Call.status.in_((CallStatus.SCHEDULED, CallStatus.SENDING)),
            Delivery.state == DeliveryState.PENDING,
        )
        .group_by(Call.id, Call.objective)
        .order_by(func.min(Delivery.due_at))
        .limit(limit)
    ).all()
    return [UpcomingLine(r[0], r[1], r[2], r[3]) for r in rows]


def report_of(
    db: Database, team_id: str, *, campaign_id: int | None = None, since: datetime | None = None, tz: str = "UTC"
) -> Report:
    with db.reading() as session:
        return report(session, team_id, campaign_id=campaign_id, since=since, tz=tz)


def export_of(db: Database, team_id: str, campaign_id: int | None = None) -> list[dict[str, str]]:
    with db.reading() as session:
        return export_rows(session, team_id, campaign_id)


def roster_of(db: Database, team_id: str) -> Roster:
    with db.reading() as session:
        return roster(session, team_id)


@dataclass(frozen=True)
class Digest:
    """The weekly digest: the week's report, what needs attention, and the drumbeat against the plan."""

    found: Report
    attention: Attention
    drumbeat: tuple[int, int] | None  # (completed contacts, planned) last week, if anything was planned


def digest_of(db: Database, team_id: str, now: datetime, tz: str) -> Digest:
    from core import coverage, plan  # (both read reports)

    with db.reading() as session:
        found = report(session, team_id, since=now - timedelta(days=7), tz=tz)
        needs = attention(session, team_id, now)
        last_week = plan.monday_of(now.astimezone(zone(tz)).date()) - timedelta(days=7)
        planned = [line for line in coverage.coverage(session, team_id, [last_week], tz) if line.targets]
    drumbeat = (
        (sum(line.contacts for line in planned), sum(sum(line.targets.values()) for line in planned))
        if planned
        else None
    )
    return Digest(found, needs, drumbeat)
