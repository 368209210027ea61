"""What a person's App Home shows, gathered in one read: their profile and asks; for organizers, more."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import calls, campaigns, checkins, coverage, inbox, messengers, plan, reports
from core.calls import Card
from core.checkins import Ask
from core.messengers import Profile
from core.reports import Attention, Tally, UpcomingLine
from core.timing import zone
from models import Database, PlannedWeek
from models.vocab import CampaignStatus, MessengerStatus, WeekState


@dataclass(frozen=True)
class WaitingDraft:
    """A planned week waiting for approval, and whose DM its Approve / Edit / Skip buttons are in."""

    planned_week_id: int
    asks: int
    sent_to: list[str]  # empty: not sent yet (the autopilot sends it to current organizers)
    yours: bool  # in the DM of the person looking


@dataclass
class OrganizerPanel:
    campaigns: list[tuple[str, CampaignStatus]] = field(default_factory=list)
    upcoming: list[UpcomingLine] = field(default_factory=list)
    recent: Tally = field(default_factory=Tally)
    attention: Attention = field(default_factory=Attention)
    plan: list[coverage.Line] = field(default_factory=list)  # audiences with a target this week
    drafts: list[WaitingDraft] = field(default_factory=list)  # planned weeks waiting for approval
    inbox: list[inbox.Thread] = field(default_factory=list)  # the newest open threads
    inbox_open: int = 0


@dataclass
class Home:
    profile: Profile | None  # None until they have joined
    choices: messengers.Choices  # names for the districts and decision makers a profile picks
    tz: str
    status: MessengerStatus | None
    paused_until: datetime | None
    asks: list[tuple[Ask, Card]]
    organizer: OrganizerPanel | None


def gather(db: Database, team_id: str, user_id: str, now: datetime, *, organizer: bool, tz: str = "UTC") -> Home:
    """Everything the person's Home shows, in one read."""
    with db.reading() as session:
        return _gather(session, team_id, user_id, now, organizer=organizer, tz=tz)


def _gather(session: Session, team_id: str, user_id: str, now: datetime, *, organizer: bool, tz: str) -> Home:
    messenger = messengers.find(session, team_id, user_id)
    joined = messenger is not None and messenger.onboarded_at is not None
    asks = []
    for ask in checkins.asks_of(session, team_id, user_id, now):
        card = calls.card(session, ask.call_id)
        if card is not None:
            asks.append((ask, card))
    panel = None
    if organizer:
        panel = OrganizerPanel(
            campaigns=[(c.name, c.status) for c in campaigns.newest_open_first(campaigns.all_of(session, team_id))],
            upcoming=reports.upcoming(session, team_id),
            recent=reports.report(session, team_id, since=now - timedelta(days=30)).total,
            attention=reports.attention(session, team_id, now),
        )
        week = plan.monday_of(now.astimezone(zone(tz)).date())
        panel.plan = [line for line in coverage.coverage(session, team_id, [week], tz) if line.targets]
        waiting = session.scalars(
            select(PlannedWeek).where(PlannedWeek.team_id == team_id, PlannedWeek.state == WeekState.DRAFTED)
        )
        panel.inbox, panel.inbox_open = inbox.open_threads(session, team_id, limit=3)
        panel.drafts = [
            WaitingDraft(b.id, plan.asks_in(b), plan.sent_to(b), user_id in plan.sent_to(b)) for b in waiting
        ]
    return Home(
        profile=Profile.of(messenger) if messenger is not None and joined else None,
        choices=messengers.choices(session, team_id),
        tz=messenger.tz if messenger else "UTC",
        status=messenger.status if messenger else None,
        paused_until=messenger.paused_until if messenger else None,
        asks=asks,
        organizer=panel,
    )
