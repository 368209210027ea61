"""Coverage: completed contacts per audience and week, against the plan's targets.

A contact is a *Done* answer (the latest answer to an ask counts: a Done later changed to Can't is not a
contact) on an ask aimed at that audience: a decision maker, or a campaign's public, press or coalition
leaders. One-off calls to action count when they share the audience. Sent asks are counted beside them,
so "6 asks went out, 0 done" can be said. Constituents: the messenger lives in the decision maker's
district. Plain functions over a session.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from core.answers import latest_answers, standing_done
from core.matching import epoch_of
from core.plan import OPEN_CAMPAIGNS, monday_of, rows_of, runs_on
from core.timing import local_moment, zone
from models import Call, Campaign, CheckIn, Database, DecisionMaker, Delivery, Messenger, PlanRow
from models.vocab import AUDIENCE_LABELS, Audience, DeliveryState, Method, Outcome

GAP_DAYS = 14

Key = tuple[int, Audience, int | None]  # campaign, audience, decision maker (None unless a decision maker)


@dataclass
class Line:
    campaign_id: int
    campaign: str
    audience: Audience
    decision_maker_id: int | None
    label: str
    weekly: dict[date, int] = field(default_factory=dict)  # completed contacts, by the Monday of their week
    targets: dict[date, int] = field(default_factory=dict)  # the plan's target, by week
    by_tactic: Counter[Method] = field(default_factory=Counter)
    constituents: int = 0
    asks: int = 0  # asks that reached Slack in the period
    first_ask: datetime | None = None  # the first of them (UTC)

    @property
    def contacts(self) -> int:
        return sum(self.weekly.values())

    @property
    def key(self) -> Key:
        return (self.campaign_id, self.audience, self.decision_maker_id)


def first_week(lines: list[Line], tz: str) -> date | None:
    """The Monday of the first week with anything to count: an ask sent, a contact, or a target."""
    found = [monday_of(line.first_ask.astimezone(zone(tz)).date()) for line in lines if line.first_ask]
    found += [week for line in lines for week, n in line.weekly.items() if n]
    found += [week for line in lines for week in line.targets]
    return min(found) if found else None


def weeks_between(first: date, last: date) -> list[date]:
    weeks, day = [], monday_of(first)
    while day <= last:
        weeks.append(day)
        day += timedelta(days=7)
    return weeks


def _key(campaign_id: int, audience: Audience, maker: int | None) -> Key:
    return (campaign_id, audience, maker if audience == Audience.DECISION_MAKER else None)


def coverage(
    session: Session,
    team_id: str,
    weeks: list[date],
    tz: str,
    *,
    campaign_id: int | None = None,
    asked_since: datetime | None = None,
) -> list[Line]:
    """One line per audience (of the campaign, or of every campaign): contacts per week and the targets.
    With `asked_since` (a report's period), only what happened in the period: asks sent since then, and the
    contacts they led to. Three queries over the period, whatever its length."""
    since = max(local_moment(weeks[0], 0, tz), asked_since) if asked_since else local_moment(weeks[0], 0, tz)
    until = local_moment(weeks[-1] + timedelta(days=7), 0, tz)
    campaigns = {
        c.id: c
        for c in session.scalars(select(Campaign).where(Campaign.team_id == team_id))
        if campaign_id is None or c.id == campaign_id
    }
    makers = {m.id: m for m in session.scalars(select(DecisionMaker).where(DecisionMaker.campaign_id.in_(campaigns)))}
    lines: dict[Key, Line] = {}

    def line(key: Key) -> Line:
        if key not in lines:
            campaign, audience, maker = key
            label = makers[maker].name if maker is not None and maker in makers else AUDIENCE_LABELS[audience]
            lines[key] = Line(campaign, campaigns[campaign].name, audience, maker, label)
        return lines[key]

    for maker in makers.values():  # every decision maker of an open campaign shows, contacted or not
        if campaigns[maker.campaign_id].status in OPEN_CAMPAIGNS:
            line((maker.campaign_id, Audience.DECISION_MAKER, maker.id))
    for row in rows_of(session, team_id, campaign_id):
        found = line(_key(row.campaign_id, row.audience, row.decision_maker_id))
        for week in weeks:
            if runs_on(row, week):
                found.targets[week] = found.targets.get(week, 0) + row.per_week
    # Contacts: Done answers no later answer replaced, read as plain values (at a year of answers, building
    # ORM rows and enums would take longer than the query) and put in weeks by their epoch seconds.
    constituent = case(
        (and_(Messenger.district_id.is_not(None), Messenger.district_id == DecisionMaker.district_id), 1), else_=0
    )
    dialect = session.get_bind().dialect.name
    query = (
        select(
            Call.campaign_id,
            Call.audience,
            Call.decision_maker_id,
            Call.tactic,
            constituent,
            epoch_of(CheckIn.created_at, dialect),
        )
        .select_from(CheckIn)
        .join(Delivery, Delivery.id == CheckIn.delivery_id)
        .join(Call, Call.id == Delivery.call_id)
        .outerjoin(Messenger, Messenger.id == Delivery.messenger_id)
        .outerjoin(DecisionMaker, DecisionMaker.id == Call.decision_maker_id)
        .where(
            Call.team_id == team_id,
            Call.campaign_id.in_(campaigns),
            standing_done(),
            CheckIn.created_at >= since,
            CheckIn.created_at < until,
            *([Delivery.sent_at >= asked_since] if asked_since is not None else []),
        )
    )
    starts = [local_moment(week, 0, tz).timestamp() for week in weeks]
    counted: Counter[tuple[int, str, int | None, int, int, int]] = Counter()
    for campaign, audience, maker_id, tactic, is_constituent, at in (
        session.connection().execute(query).cursor.fetchall()
    ):
        counted[(campaign, audience, maker_id, tactic, is_constituent, bisect.bisect_right(starts, at) - 1)] += 1
    for (campaign, audience, maker_id, tactic, is_constituent, index), n in counted.items():
        if index < 0:
            continue
        found = line(_key(campaign, Audience(audience), maker_id))
        week = weeks[index]
        found.weekly[week] = found.weekly.get(week, 0) + n
        found.by_tactic[Method(tactic)] += n
        found.constituents += n if is_constituent else 0
    # Asks that reached Slack, per call to action (from ix_deliveries_call_state_sent), then per audience.
    audience_of = {
        call_id: _key(campaign, audience, maker)
        for call_id, campaign, audience, maker in session.execute(
            select(Call.id, Call.campaign_id, Call.audience, Call.decision_maker_id).where(
                Call.team_id == team_id, Call.campaign_id.in_(campaigns)
            )
        )
    }
    sent = session.execute(
        select(Delivery.call_id, func.count(), func.min(Delivery.sent_at))
        .where(
            Delivery.call_id.in_(select(Call.id).where(Call.team_id == team_id, Call.campaign_id.in_(campaigns))),
            Delivery.state == DeliveryState.SENT,
            Delivery.sent_at >= since,
            Delivery.sent_at < until,
        )
        .group_by(Delivery.call_id)
    ).all()
    for call_id, count, first in sent:
        found = line(audience_of[call_id])
        found.asks += int(count)
        first = first if first is None or first.tzinfo else first.replace(tzinfo=UTC)
        if first is not None and (found.first_ask is None or first < found.first_ask):
            found.first_ask = first
    return sorted(lines.values(), key=lambda x: (x.campaign_id, x.audience != Audience.DECISION_MAKER, x.label))


# ----- gaps ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """An audience of a running plan row that no completed contact reached in GAP_DAYS or more."""

    row_id: int
    organizer: str
    campaign: str
    label: str
    since: date  # the day after the last contact (or the row's first day): names the gap, once
    days: int
    per_week: int
    asks: int  # asks that reached Slack during the gap

    @property
    def subject(self) -> str:
        return f"{self.row_id}:{self.since.isoformat()}"


def gaps(session: Session, team_id: str, now: datetime, tz: str) -> list[Gap]:
    """Running rows whose audience has gone GAP_DAYS without a completed contact."""
    today = now.astimezone(zone(tz)).date()
    rows = [
        r
        for r in session.scalars(
            select(PlanRow)
            .join(Campaign, Campaign.id == PlanRow.campaign_id)
            .where(PlanRow.team_id == team_id, Campaign.status.in_(OPEN_CAMPAIGNS))
            .order_by(PlanRow.id)
        )
        if runs_on(r, today)
    ]
    if not rows:
        return []
    latest = latest_answers()
    last_done = {
        _key(c, a, m): at
        for c, a, m, at in session.execute(
            select(Call.campaign_id, Call.audience, Call.decision_maker_id, func.max(CheckIn.created_at))
            .select_from(latest)
            .join(CheckIn, CheckIn.id == latest.c.id)
            .join(Delivery, Delivery.id == CheckIn.delivery_id)
            .join(Call, Call.id == Delivery.call_id)
            .where(Call.team_id == team_id, CheckIn.outcome == Outcome.DONE)
            .group_by(Call.campaign_id, Call.audience, Call.decision_maker_id)
        ).all()
    }
    found: list[Gap] = []
    seen: set[Key] = set()
    for row in rows:
        key = _key(row.campaign_id, row.audience, row.decision_maker_id)
        if key in seen:
            continue  # one gap per audience, named after its first row
        seen.add(key)
        start = local_moment(row.starts_on, 0, tz)
        last = last_done.get(key)
        began = max(start, last) if last is not None else start
        if now - began < timedelta(days=GAP_DAYS):
            continue
        asks = session.scalar(
            select(func.count())
            .select_from(Delivery)
            .join(Call, Call.id == Delivery.call_id)
            .where(
                Call.campaign_id == row.campaign_id,
                Call.audience == row.audience,
                Call.decision_maker_id == row.decision_maker_id
                if row.decision_maker_id is not None
                else Call.decision_maker_id.is_(None),
                Delivery.state == DeliveryState.SENT,
                Delivery.sent_at >= began,
            )
        )
        label = row.decision_maker.name if row.decision_maker is not None else AUDIENCE_LABELS[row.audience]
        began_day = began.astimezone(zone(tz)).date() + (timedelta(days=1) if last is not None else timedelta(0))
        found.append(
            Gap(
                row_id=row.id,
                organizer=row.created_by,
                campaign=row.campaign.name,
                label=label,
                since=began_day,
                days=(now - began).days,
                per_week=sum(r.per_week for r in rows if _key(r.campaign_id, r.audience, r.decision_maker_id) == key),
                asks=int(asks or 0),
            )
        )
    return found


def totals_by_week(lines: list[Line]) -> dict[date, int]:
    """All contacts per week (for the digest's one line)."""
    found: dict[date, int] = defaultdict(int)
    for item in lines:
        for week, count in item.weekly.items():
            found[week] += count
    return dict(found)


def of(
    db: Database,
    team_id: str,
    weeks: list[date],
    tz: str,
    *,
    campaign_id: int | None = None,
    asked_since: datetime | None = None,
) -> list[Line]:
    """`coverage`, in a read of its own."""
    with db.reading() as session:
        return coverage(session, team_id, weeks, tz, campaign_id=campaign_id, asked_since=asked_since)


def gaps_now(db: Database, team_id: str, now: datetime, tz: str) -> list[Gap]:
    with db.reading() as session:
        return gaps(session, team_id, now, tz)
