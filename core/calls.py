"""Calls to action: drafts, validation, preview, scheduling (the outbox rows), cancel, reschedule, lists."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, func, insert, select, type_coerce, update
from sqlalchemy.orm import Session

from core import reports
from core.invalid import Errors, invalid
from core.matching import Match, Targeting, When, match
from core.reports import Expected
from core.text import clean, plain_link
from core.timing import zone
from models import Call, Campaign, Database, DecisionMaker, Delivery, District, Event, Messenger, Speaks
from models.types import UTCDateTime
from models.vocab import (
    METHOD_LABELS,
    NO_METHODS,
    Audience,
    CallStatus,
    DeliveryState,
    Effort,
    Method,
    ScheduleKind,
    suggested_effort,
)

OBJECTIVE_MAX = 300
ASK_MAX = 2500
LINKS_MAX = 1000
MAX_NAMED = 100
MAX_SPREAD_DAYS = 60


@dataclass(frozen=True)
class Draft:
    """A call to action as the organizer described it: plain values from the modal or the one-line form."""

    campaign_id: int | None
    tactic: Method | None
    objective: str
    audience: Audience | None
    decision_maker_id: int | None = None
    ask: str = ""
    links: str = ""
    targeting: Targeting = field(default_factory=Targeting)  # the organizer's own filters
    connected: bool = False  # only messengers who know the targeted decision maker (picked in their profile)
    schedule: ScheduleKind = ScheduleKind.NOW
    at: datetime | None = None  # AT: the moment; LOCAL: any moment on the day
    local_minute: int | None = None
    spread_days: int = 0
    due_date: date | None = None
    effort: Effort | None = None  # None: what the tactic usually asks (SUGGESTED_EFFORT)
    objective_es: str = ""  # the objective and the ask in Spanish, if the organizer wrote them
    ask_es: str = ""
    any_method: bool = False  # widened: also people who did not choose the tactic's method
    constituents: bool = False  # only people who live in the targeted decision maker's district


def validate(session: Session, team_id: str, draft: Draft, now: datetime, coalition_tz: str) -> Errors:
    """Field -> what to fix. Empty when the draft can be previewed."""
    errors: Errors = {}
    campaign = session.get(Campaign, draft.campaign_id) if draft.campaign_id else None
    if campaign is None or campaign.team_id != team_id:
        errors["campaign"] = invalid("call_campaign")
    if draft.tactic is None or draft.tactic not in METHOD_LABELS:
        errors["tactic"] = invalid("call_tactic")
    if not clean(draft.objective, OBJECTIVE_MAX + 1):
        errors["objective"] = invalid("call_objective_missing")
    elif len(draft.objective.strip()) > OBJECTIVE_MAX:
        errors["objective"] = invalid("call_objective_long", max=OBJECTIVE_MAX)
    if draft.audience is None:
        errors["audience"] = invalid("call_audience")
    elif draft.audience == Audience.DECISION_MAKER:
        maker = session.get(DecisionMaker, draft.decision_maker_id) if draft.decision_maker_id else None
        if maker is None or campaign is None or maker.campaign_id != campaign.id:
            errors["audience"] = invalid("call_audience_maker")
    if draft.connected and draft.audience != Audience.DECISION_MAKER:
        errors.setdefault("who", invalid("call_connected_needs_maker"))
    if draft.constituents:
        maker = session.get(DecisionMaker, draft.decision_maker_id) if draft.decision_maker_id else None
        if draft.audience != Audience.DECISION_MAKER:
            errors.setdefault("who", invalid("call_constituents_needs_maker"))
        elif maker is not None and maker.district_id is None:
            errors.setdefault("who", invalid("call_maker_no_district", name=maker.name[:60]))
    if len(draft.ask) > ASK_MAX:
        errors["ask"] = invalid("call_ask_long", max=ASK_MAX)
    if len(draft.links) > LINKS_MAX:
        errors["links"] = invalid("call_links_long", max=LINKS_MAX)
    elif any(plain_link(link) is None for link in draft.links.split()):
        errors["links"] = invalid("call_links_plain")
    if len(draft.targeting.user_ids) > MAX_NAMED:
        errors["who"] = invalid("call_too_many_named", max=MAX_NAMED)
    if draft.targeting.limit is not None and not 1 <= draft.targeting.limit <= 100_000:
        errors["limit"] = invalid("call_limit_range")
    if not 0 <= draft.spread_days <= MAX_SPREAD_DAYS:
        errors["spread"] = invalid("call_spread_range", max=MAX_SPREAD_DAYS)
    today = now.astimezone(zone(coalition_tz)).date()
    if draft.schedule == ScheduleKind.AT:
        if draft.at is None:
            errors["when_date"] = invalid("call_when_missing")
        elif draft.at < now - timedelta(minutes=5):
            errors["when_date"] = invalid("call_time_passed")
    if draft.schedule == ScheduleKind.LOCAL:
        if draft.local_minute is None:
            errors["when_time"] = invalid("call_local_missing")
        if draft.at is not None and draft.at.astimezone(zone(coalition_tz)).date() < today:
            errors["when_date"] = invalid("call_day_passed")
    if draft.due_date is not None:
        start = draft.at.astimezone(zone(coalition_tz)).date() if draft.at else today
        if draft.due_date < max(today, start):
            errors["due"] = invalid("call_due_before_send")
    return errors


def _local_minute(call: Call) -> int | None:
    """A call's wall-clock time in each messenger's zone ("HH:MM"), as minutes after midnight."""
    if not call.local_time:
        return None
    hours, minutes = call.local_time.split(":")
    return int(hours) * 60 + int(minutes)


def when_of(call: Call, coalition_tz: str) -> When:
    return When(
        kind=call.schedule_kind,
        at=call.send_at,
        local_minute=_local_minute(call),
        spread_days=call.spread_days,
        coalition_tz=coalition_tz,
    )


def role_targeting(session: Session, draft: Draft) -> Targeting:
    """The organizer's filters plus role fit by default: the tactic's method (unless widened or the
    organizer chose methods), the effort (suggested from the tactic unless chosen), and, as asked,
    constituents only and people who know the targeted decision maker."""
    assert draft.tactic is not None, "validate first"
    given = draft.targeting
    maker = session.get(DecisionMaker, draft.decision_maker_id) if draft.decision_maker_id else None
    methods = given.methods or (NO_METHODS if draft.any_method else draft.tactic)
    return replace(
        given,
        methods=methods,
        effort=draft.effort or suggested_effort(draft.tactic, draft.audience),
        district_id=maker.district_id if draft.constituents and maker else None,
        knows=maker.key if draft.connected and maker else None,
    )


def save_draft(
    session: Session, team_id: str, draft: Draft, created_by: str, now: datetime, editing: int | None = None
) -> int:
    """Save a draft; `editing`: the draft it replaces (changed in place, so it keeps its number, while it is
    still a draft of this coalition's; else a new draft)."""
    assert draft.tactic is not None, "validate first"
    assert draft.audience is not None, "validate first"
    assert draft.campaign_id is not None, "validate first"
    targeting = role_targeting(session, draft)
    minute = draft.local_minute
    fields = dict(
        campaign_id=draft.campaign_id,
        tactic=draft.tactic,
        objective=clean(draft.objective, OBJECTIVE_MAX),
        audience=draft.audience,
        decision_maker_id=draft.decision_maker_id if draft.audience == Audience.DECISION_MAKER else None,
        ask=clean(draft.ask, ASK_MAX),
        objective_es=clean(draft.objective_es, OBJECTIVE_MAX) or None,
        ask_es=clean(draft.ask_es, ASK_MAX) or None,
        links=clean(draft.links, LINKS_MAX) or None,
        targeting=targeting.to_json(),
        schedule_kind=draft.schedule,
        send_at=draft.at if draft.at is not None and draft.schedule != ScheduleKind.NOW else now,
        local_time=f"{minute // 60:02d}:{minute % 60:02d}" if minute is not None else None,
        spread_days=draft.spread_days,
        due_date=draft.due_date,
        effort=targeting.effort,
        status=CallStatus.DRAFT,
        created_by=created_by,
        created_at=now,
    )
    old = session.get(Call, editing, with_for_update=True) if editing is not None else None
    if old is not None and old.team_id == team_id and old.status == CallStatus.DRAFT:
        for name, value in fields.items():
            setattr(old, name, value)
        session.flush()
        return old.id
    call = Call(team_id=team_id, **fields)
    session.add(call)
    session.flush()
    return call.id


@dataclass(frozen=True)
class Editing:
    """A draft as its form shows it again (Edit in the preview): the organizer's choices, and the names
    the form's searched pickers show for the chosen campaign and decision maker."""

    call_id: int
    draft: Draft
    campaign: str
    decision_maker: str | None


def edit_of(db: Database, team_id: str, call_id: int) -> Editing | None:
    """What the organizer chose for this draft, as they chose it; None if it is not a draft (any more)."""
    with db.reading() as session:
        call = session.get(Call, call_id)
        if call is None or call.team_id != team_id or call.status != CallStatus.DRAFT:
            return None
        return Editing(call_id, draft_of(call), call.campaign.name, _maker_name(call))


def _maker_name(call: Call) -> str | None:
    return call.decision_maker.name if call.decision_maker is not None else None


def draft_of(call: Call) -> Draft:
    """The Draft that `save_draft` saved as this call: role fit back into the organizer's own choices
    (the tactic's method and the suggested effort are what an untouched form gives)."""
    saved = Targeting.from_json(call.targeting)
    maker = call.decision_maker
    own_methods = saved.methods if saved.methods not in (NO_METHODS, call.tactic) else NO_METHODS
    kind = call.schedule_kind
    return Draft(
        campaign_id=call.campaign_id,
        tactic=call.tactic,
        objective=call.objective,
        audience=call.audience,
        decision_maker_id=call.decision_maker_id,
        ask=call.ask or "",
        objective_es=call.objective_es or "",
        ask_es=call.ask_es or "",
        links=call.links or "",
        targeting=replace(saved, methods=own_methods, effort=None, district_id=None, knows=None),
        connected=maker is not None and saved.knows is not None and saved.knows == maker.key,
        constituents=saved.district_id is not None,
        schedule=kind,
        at=call.send_at if kind != ScheduleKind.NOW else None,
        local_minute=_local_minute(call),
        spread_days=call.spread_days,
        due_date=call.due_date,
        effort=None if call.effort == suggested_effort(call.tactic, call.audience) else call.effort,
        any_method=saved.methods == NO_METHODS and not saved.user_ids,
    )


def preview(session: Session, call_id: int, now: datetime, coalition_tz: str) -> Match:
    call = session.get(Call, call_id)
    assert call is not None
    return match(
        session,
        call.team_id,
        Targeting.from_json(call.targeting),
        when_of(call, coalition_tz),
        now,
        call_id=call.id,
    )


@dataclass(frozen=True)
class Preview:
    """What the organizer sees before scheduling: who matches and who is left out and why, and what to
    expect."""

    matched: Match
    tactic: Method
    effort: Effort | None
    widened: bool  # asked whatever methods people chose
    district: str | None  # the targeted decision maker's district, if any
    constituents: int | None  # how many of those asked live there (None: no district to count)
    expected: Expected
    card: Card | None = None  # what each of them reads in their DM
    picked: tuple[str, ...] = ()  # Slack ids of the people the organizer named (people=) who match
    spanish: int = 0  # how many of them read Drumbeat in Spanish
    in_spanish: bool = False  # the organizer wrote the words in Spanish too (else they get hers as written)


def preview_story(session: Session, call_id: int, now: datetime, coalition_tz: str) -> Preview:
    call = session.get(Call, call_id)
    assert call is not None
    targeting = Targeting.from_json(call.targeting)
    found = preview(session, call_id, now, coalition_tz)
    maker = call.decision_maker
    district = session.get(District, maker.district_id) if maker and maker.district_id else None
    constituents = None
    if district is not None:
        living_there = set(
            session.scalars(
                select(Messenger.id).where(Messenger.team_id == call.team_id, Messenger.district_id == district.id)
            )
        )
        constituents = sum(1 for messenger_id in found.ids if messenger_id in living_there)
    picked: tuple[str, ...] = ()
    if targeting.user_ids and found.ids:
        matching = set(session.scalars(select(Messenger.user_id).where(Messenger.id.in_(found.ids))))
        picked = tuple(user_id for user_id in targeting.user_ids if user_id in matching)
    # Those who read Spanish, counted like constituents: the team's few, then a pass over the matched.
    reading_spanish = set(
        session.scalars(
            select(Messenger.id)
            .join(Speaks, and_(Speaks.team_id == Messenger.team_id, Speaks.user_id == Messenger.user_id))
            .where(Messenger.team_id == call.team_id, Speaks.language == "es")
        )
    )
    spanish = sum(1 for messenger_id in found.ids if messenger_id in reading_spanish) if reading_spanish else 0
    return Preview(
        matched=found,
        tactic=call.tactic,
        effort=call.effort,
        widened=not targeting.methods and not targeting.user_ids,
        district=district.name if district else None,
        constituents=constituents,
        expected=reports.expected(session, call.team_id, call.tactic, Counter(found.levels)),
        card=card(session, call_id),
        picked=picked,
        spanish=spanish,
        in_spanish=bool(call.objective_es or call.ask_es),
    )


@dataclass(frozen=True)
class Scheduled:
    call_id: int
    planned: int
    first_due: datetime | None
    objective: str = ""
    progress: Progress | None = None  # for the organizer's live progress message


class NobodyMatches(Exception):
    """Scheduling would ask nobody (filters, limits, quiet hours): the call stays a draft; the preview says
    why."""


class NotADraft(Exception):
    pass


def schedule(
    session: Session,
    call_id: int,
    now: datetime,
    coalition_tz: str,
    *,
    status_channel: str | None = None,
    status_ts: str | None = None,
) -> Scheduled:
    """Plan the deliveries (the outbox rows) for a draft and mark it scheduled, in the caller's transaction.
    Raises NotADraft, or NobodyMatches (and changes nothing)."""
    call = session.get(Call, call_id, with_for_update=True)
    if call is None or call.status != CallStatus.DRAFT:
        raise NotADraft()
    if call.schedule_kind == ScheduleKind.NOW:
        call.send_at = now
    result = preview(session, call_id, now, coalition_tz)
    if not result.ids:
        raise NobodyMatches()
    due = [result.due_at(i) for i in range(len(result))]
    if result.ids:
        session.execute(
            insert(Delivery),
            [
                {
                    "call_id": call.id,
                    "messenger_id": messenger_id,
                    "level": level,
                    "due_at": when,
                    "state": DeliveryState.PENDING,
                    "attempts": 0,
                    "needs_check": False,
                }
                for messenger_id, level, when in zip(result.ids, result.levels, due, strict=True)
            ],
        )
        session.execute(
            update(Messenger),
            [{"id": messenger_id, "last_asked_at": when} for messenger_id, when in zip(result.ids, due, strict=True)],
        )
    call.status = CallStatus.SCHEDULED
    call.status_channel = status_channel
    call.status_ts = status_ts
    session.flush()
    return Scheduled(
        call_id=call.id,
        planned=len(result),
        first_due=result.first_due,
        objective=call.objective,
        progress=progress(session, call.id),
    )


class NotValid(Exception):
    """What to fix, field by field, before a draft can be saved."""

    def __init__(self, errors: Errors) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Drafted:
    """A draft saved, with the preview an organizer sees before Schedule."""

    call_id: int
    objective: str
    story: Preview


def save_and_preview(
    db: Database, team_id: str, organizer: str, draft: Draft, now: datetime, tz: str, editing: int | None = None
) -> Drafted:
    """Validate and save a draft (raises NotValid), then read its preview. `editing`: see `save_draft`."""
    with db.transaction() as session:
        errors = validate(session, team_id, draft, now, tz)
        if errors:
            raise NotValid(errors)
        call_id = save_draft(session, team_id, draft, organizer, now, editing)
    with db.reading() as session:
        return Drafted(call_id, draft.objective, preview_story(session, call_id, now, tz))


def preview_of(db: Database, call_id: int, now: datetime, tz: str) -> Drafted:
    """The preview of a draft saved before (a follow-up, an event)."""
    with db.reading() as session:
        call = session.get(Call, call_id)
        assert call is not None
        return Drafted(call_id, call.objective, preview_story(session, call_id, now, tz))


def schedule_draft(db: Database, call_id: int, now: datetime, tz: str) -> Scheduled:
    """Schedule a draft in a transaction of its own. Raises NotADraft or NobodyMatches."""
    with db.transaction() as session:
        return schedule(session, call_id, now, tz)


def discard_draft(db: Database, team_id: str, call_id: int) -> bool:
    with db.transaction() as session:
        return discard(session, team_id, call_id)


def cancel_call(db: Database, team_id: str, call_id: int) -> Cancelled | None:
    with db.transaction() as session:
        return cancel(session, team_id, call_id)


def reschedule_call(
    db: Database, team_id: str, call_id: int, moment: datetime, now: datetime, tz: str
) -> Scheduled | None:
    """Raises AlreadyStarted."""
    with db.transaction() as session:
        return reschedule(session, team_id, call_id, moment, now, tz)


@dataclass(frozen=True)
class Page:
    calls: list[CallSummary]
    start: int
    total: int


def page_of(db: Database, team_id: str, start: int, size: int) -> Page:
    with db.reading() as session:
        return Page(summaries(session, team_id, limit=size, offset=start), start, count_calls(session, team_id))


def detail_of(db: Database, team_id: str, call_id: int) -> tuple[CallSummary, Card] | None:
    with db.reading() as session:
        found = summary(session, team_id, call_id)
        found_card = card(session, call_id) if found else None
        return (found, found_card) if found is not None and found_card is not None else None


def card_of(db: Database, call_id: int) -> Card | None:
    with db.reading() as session:
        return card(session, call_id)


def set_status_message(db: Database, call_id: int, channel: str, ts: str) -> None:
    """Where the organizer's progress message is, for the sender to keep it current."""
    with db.transaction() as session:
        session.execute(update(Call).where(Call.id == call_id).values(status_channel=channel, status_ts=ts))


@dataclass(frozen=True)
class Cancelled:
    cancelled: int
    already_sent: int


def cancel(session: Session, team_id: str, call_id: int) -> Cancelled | None:
    """Stop what has not gone out yet (mid-spread too). None if no such call to action."""
    call = session.get(Call, call_id, with_for_update=True)
    if call is None or call.team_id != team_id:
        return None
    result = session.execute(
        update(Delivery)
        .where(Delivery.call_id == call_id, Delivery.state == DeliveryState.PENDING)
        .values(state=DeliveryState.CANCELLED, last_error="cancelled")
    )
    sent = session.scalar(
        select(func.count()).where(
            Delivery.call_id == call_id, Delivery.state.in_((DeliveryState.SENT, DeliveryState.SENDING))
        )
    )
    call.status = CallStatus.CANCELLED
    return Cancelled(cancelled=int(getattr(result, "rowcount", 0) or 0), already_sent=int(sent or 0))


def discard(session: Session, team_id: str, call_id: int) -> bool:
    """Drop a draft from its preview; False if it is not a draft (already scheduled, say)."""
    call = session.get(Call, call_id, with_for_update=True)
    if call is None or call.team_id != team_id or call.status != CallStatus.DRAFT:
        return False
    call.status = CallStatus.CANCELLED
    return True


class AlreadyStarted(Exception):
    pass


def reschedule(
    session: Session, team_id: str, call_id: int, new_at: datetime, now: datetime, coalition_tz: str
) -> Scheduled | None:
    """Move a call to action that has not started sending to a new time (the plan is made again)."""
    call = session.get(Call, call_id, with_for_update=True)
    if call is None or call.team_id != team_id:
        return None
    started = session.scalar(
        select(func.count()).where(
            Delivery.call_id == call_id,
            Delivery.state.not_in((DeliveryState.PENDING, DeliveryState.CANCELLED)),
        )
    )
    if started or call.status not in (CallStatus.SCHEDULED, CallStatus.DRAFT):
        raise AlreadyStarted()
    session.execute(delete(Delivery).where(Delivery.call_id == call_id, Delivery.state == DeliveryState.PENDING))
    call.send_at = new_at
    if call.schedule_kind == ScheduleKind.NOW:
        call.schedule_kind = ScheduleKind.AT
    call.status = CallStatus.DRAFT
    session.flush()
    return schedule(session, call_id, now, coalition_tz, status_channel=call.status_channel, status_ts=call.status_ts)


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int
    pending: int
    skipped: int
    cancelled: int

    @property
    def finished(self) -> bool:
        return self.pending == 0


def progress(session: Session, call_id: int) -> Progress:
    counts: Counter[str] = Counter()
    for state, count in session.execute(
        select(Delivery.state, func.count()).where(Delivery.call_id == call_id).group_by(Delivery.state)
    ):
        counts[state] = count
    total = sum(counts.values())
    return Progress(
        total=total,
        sent=counts[DeliveryState.SENT],
        failed=counts[DeliveryState.FAILED],
        pending=counts[DeliveryState.PENDING] + counts[DeliveryState.SENDING],
        skipped=counts[DeliveryState.SKIPPED],
        cancelled=counts[DeliveryState.CANCELLED],
    )


@dataclass(frozen=True)
class CallSummary:
    id: int
    campaign: str
    tactic: Method
    objective: str
    status: CallStatus
    send_at: datetime
    next_due: datetime | None
    due_date: date | None
    total: int
    sent: int
    failed: int
    pending: int


def _counts() -> Any:
    """Per call to action: deliveries in all, sent, failed, still to go, and the next one due."""
    return (
        select(
            Delivery.call_id.label("call_id"),
            func.count().label("total"),
            func.sum(case((Delivery.state == DeliveryState.SENT, 1), else_=0)).label("sent"),
            func.sum(case((Delivery.state == DeliveryState.FAILED, 1), else_=0)).label("failed"),
            func.sum(case((Delivery.state.in_((DeliveryState.PENDING, DeliveryState.SENDING)), 1), else_=0)).label(
                "pending"
            ),
            type_coerce(
                func.min(case((Delivery.state == DeliveryState.PENDING, Delivery.due_at), else_=None)), UTCDateTime()
            ).label("next_due"),
        )
        .group_by(Delivery.call_id)
        .subquery()
    )


def _summaries(session: Session, *where: Any, limit: int | None = None, offset: int = 0) -> list[CallSummary]:
    counts = _counts()
    query = (
        select(Call, Campaign.name, counts)
        .join(Campaign, Campaign.id == Call.campaign_id)
        .outerjoin(counts, counts.c.call_id == Call.id)
        .where(*where)
        .order_by(Call.send_at.desc(), Call.id.desc())
        .limit(limit)
        .offset(offset)
    )
    result = []
    for row in session.execute(query):
        call: Call = row[0]
        result.append(
            CallSummary(
                id=call.id,
                campaign=row.name,
                tactic=call.tactic,
                objective=call.objective,
                status=call.status,
                send_at=call.send_at,
                next_due=row.next_due,
                due_date=call.due_date,
                total=int(row.total or 0),
                sent=int(row.sent or 0),
                failed=int(row.failed or 0),
                pending=int(row.pending or 0),
            )
        )
    return result


def summaries(session: Session, team_id: str, limit: int = 20, offset: int = 0) -> list[CallSummary]:
    """Upcoming and recent calls to action, latest first, with delivery counts (drafts left out)."""
    return _summaries(session, Call.team_id == team_id, Call.status != CallStatus.DRAFT, limit=limit, offset=offset)


def count_calls(session: Session, team_id: str) -> int:
    """How many calls to action `summaries` can list (drafts left out)."""
    found = session.scalar(
        select(func.count()).select_from(Call).where(Call.team_id == team_id, Call.status != CallStatus.DRAFT)
    )
    return int(found or 0)


def summary(session: Session, team_id: str, call_id: int) -> CallSummary | None:
    """One call to action of this team, drafts included."""
    found = _summaries(session, Call.team_id == team_id, Call.id == call_id)
    return found[0] if found else None


@dataclass(frozen=True)
class StatusMessage:
    """Where the organizer's progress message for a call to action is, and what it says."""

    channel: str
    ts: str
    objective: str
    progress: Progress
    team_id: str = ""
    organizer: str | None = None  # who scheduled it (the DM it is in is theirs)


def status_message(session: Session, call_id: int) -> StatusMessage | None:
    call = session.get(Call, call_id)
    if call is None or not call.status_channel or not call.status_ts:
        return None
    return StatusMessage(
        call.status_channel, call.status_ts, call.objective, progress(session, call_id), call.team_id, call.created_by
    )


@dataclass(frozen=True)
class Card:
    """What a messenger reads in a call to action."""

    call_id: int
    campaign: str
    tactic: Method
    objective: str
    audience: Audience
    decision_maker: str | None
    ask: str
    links: str | None
    due_date: date | None
    objective_es: str | None = None  # the organizer's words in Spanish, if she wrote them
    ask_es: str | None = None
    event_at: datetime | None = None  # an event: when it starts
    event_place: str | None = None
    speakers: int = 0  # speaker slots (speakers are drawn from Lead)


def card(session: Session, call_id: int) -> Card | None:
    call = session.get(Call, call_id)
    if call is None:
        return None
    maker = call.decision_maker
    return Card(
        call_id=call.id,
        campaign=call.campaign.name,
        tactic=call.tactic,
        objective=call.objective,
        audience=call.audience,
        decision_maker=f"{maker.name}" + (f", {maker.role}" if maker and maker.role else "") if maker else None,
        ask=call.ask,
        links=call.links,
        due_date=call.due_date,
        objective_es=call.objective_es,
        ask_es=call.ask_es,
        **_event_fields(session, call.id),
    )


def _event_fields(session: Session, call_id: int) -> dict[str, Any]:
    event = session.get(Event, call_id)
    if event is None:
        return {}
    return {"event_at": event.starts_at, "event_place": event.place, "speakers": event.speakers}


def status_message_of(db: Database, call_id: int) -> StatusMessage | None:
    with db.reading() as session:
        return status_message(session, call_id)
