"""Campaigns: the policy, practice or funding change pursued, its decision makers, its status."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core import numbers
from core.invalid import Errors, invalid
from core.text import clean
from models import Campaign, Database, DecisionMaker, District
from models.vocab import CampaignStatus, ChangeType

NAME_MAX = 150
GOAL_MAX = 2000
MAX_DECISION_MAKERS = 25
_SPLIT = re.compile(r"\s+[-–—]\s+|,\s*")


@dataclass(frozen=True)
class CampaignInput:
    name: str
    change_type: ChangeType | None
    goal: str
    decision_makers: str  # one per line: "Mayor Lee, Mayor" or "County Board"
    status: CampaignStatus = CampaignStatus.ADVOCATING


@dataclass(frozen=True)
class MakerLine:
    """One line of the decision makers field: `Council Member Diaz, Council Member, Ward 3`."""

    name: str
    role: str | None
    district: str | None  # one of the coalition's districts, by name


def decision_maker_key(name: str) -> str:
    """One person, however a campaign spells their name's case and spacing (the pick messengers make)."""
    return " ".join(name.casefold().split())[:150]


def parse_decision_makers(text: str) -> list[MakerLine]:
    makers: list[MakerLine] = []
    for line in text.splitlines():
        line = clean(line, 400)
        if not line:
            continue
        parts = [p.strip() for p in _SPLIT.split(line, maxsplit=2)]
        name = parts[0][:150]
        role = parts[1][:150] if len(parts) > 1 and parts[1] else None
        district = " ".join(parts[2].split()) if len(parts) > 2 and parts[2] else None
        if name:
            makers.append(MakerLine(name, role, district))
    return makers


def validate(campaign: CampaignInput, districts: list[str] | None = None) -> Errors:
    """Field -> what to fix. `districts`: the coalition's district names (a decision maker may name one)."""
    errors: Errors = {}
    if not clean(campaign.name, NAME_MAX):
        errors["name"] = invalid("campaign_name")
    elif len(campaign.name.strip()) > NAME_MAX:
        errors["name"] = invalid("campaign_name_long", max=NAME_MAX)
    if campaign.change_type is None:
        errors["change_type"] = invalid("campaign_change_type")
    if len(campaign.goal) > GOAL_MAX:
        errors["goal"] = invalid("campaign_goal_long", max=GOAL_MAX)
    makers = parse_decision_makers(campaign.decision_makers)
    if not makers:
        errors["decision_makers"] = invalid("campaign_makers")
    elif len(makers) > MAX_DECISION_MAKERS:
        errors["decision_makers"] = invalid("campaign_makers_many", max=MAX_DECISION_MAKERS)
    known = {d.casefold() for d in districts or []}
    unknown = [m.district for m in makers if m.district and m.district.casefold() not in known]
    if unknown and "decision_makers" not in errors:
        errors["decision_makers"] = (
            invalid("campaign_district_unknown", district=unknown[0][:40])
            if known
            else invalid("campaign_no_districts")
        )
    return errors


class NotValid(Exception):
    def __init__(self, errors: Errors) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


def add(db: Database, team_id: str, campaign: CampaignInput, organizer: str, now: datetime) -> Campaign:
    """Validate (raises NotValid, field by field) and create a campaign."""
    with db.transaction() as session:
        known = [d.name for d in session.scalars(select(District).where(District.team_id == team_id))]
        errors = validate(campaign, known)
        if errors:
            raise NotValid(errors)
        created = create(session, team_id, campaign, organizer, now)
        session.refresh(created)  # every column loaded (some have server defaults), for after the session
        _ = list(created.decision_makers)
        return created


def every(db: Database, team_id: str) -> list[Campaign]:
    """Every campaign, oldest first (with their decision makers)."""
    with db.reading() as session:
        return all_of(session, team_id)


def change_status(db: Database, team_id: str, ref: str, status: CampaignStatus, now: datetime) -> Campaign | None:
    """None: no campaign by that number or name."""
    with db.transaction() as session:
        found_ = find(session, team_id, ref)
        if found_ is not None:
            set_status(session, found_, status, now)
        return found_


def create(session: Session, team_id: str, campaign: CampaignInput, created_by: str, now: datetime) -> Campaign:
    assert campaign.change_type is not None
    row = Campaign(
        team_id=team_id,
        name=clean(campaign.name, NAME_MAX),
        change_type=campaign.change_type,
        goal=clean(campaign.goal, GOAL_MAX) or None,
        status=campaign.status,
        created_by=created_by,
        created_at=now,
        status_changed_at=now,
    )
    districts = {d.name.casefold(): d.id for d in session.scalars(select(District).where(District.team_id == team_id))}
    row.decision_makers = [
        DecisionMaker(
            name=m.name,
            role=m.role,
            key=decision_maker_key(m.name),
            district_id=districts.get(m.district.casefold()) if m.district else None,
        )
        for m in parse_decision_makers(campaign.decision_makers)
    ]
    session.add(row)
    session.flush()
    return row


OPEN_STATUSES = (CampaignStatus.ADVOCATING, CampaignStatus.STALLED, CampaignStatus.WON, CampaignStatus.IMPLEMENTING)


def newest_open_first(found: list[Campaign]) -> list[Campaign]:
    """Campaigns still being worked on first (sustained ones are done), newest first within each."""
    return sorted(found, key=lambda c: (c.status not in OPEN_STATUSES, -c.id))


def all_of(session: Session, team_id: str) -> list[Campaign]:
    return list(
        session.scalars(
            select(Campaign)
            .where(Campaign.team_id == team_id)
            .options(selectinload(Campaign.decision_makers))
            .order_by(Campaign.created_at)
        )
    )


def listed(db: Database, team_id: str) -> list[Campaign]:
    """Every campaign of the coalition, still open and newest first (with their decision makers)."""
    with db.reading() as session:
        return newest_open_first(all_of(session, team_id))


def found(db: Database, team_id: str, ref: str) -> Campaign | None:
    """`find`, in a read of its own."""
    with db.reading() as session:
        return find(session, team_id, ref)


def suggestions(db: Database, team_id: str, query: str) -> tuple[list[Campaign], int]:
    with db.reading() as session:
        return suggest(session, team_id, query)


def maker_suggestions(db: Database, team_id: str, query: str, *, first: int | None) -> tuple[list[Suggested], int]:
    with db.reading() as session:
        return suggest_decision_makers(session, team_id, query, first=first)


def people_suggestions(db: Database, team_id: str, query: str) -> tuple[list[Person], int]:
    with db.reading() as session:
        return suggest_people(session, team_id, query)


@dataclass(frozen=True)
class Person:
    """A decision maker the coalition targets, once however many campaigns name them."""

    key: str
    name: str
    role: str | None
    district_id: int | None


def decision_makers(session: Session, team_id: str) -> list[Person]:
    """Every decision maker of every campaign, once each (as the newest campaign names them), by name."""
    people: dict[str, Person] = {}
    for maker in session.scalars(
        select(DecisionMaker)
        .join(Campaign, Campaign.id == DecisionMaker.campaign_id)
        .where(Campaign.team_id == team_id)
        .order_by(DecisionMaker.id)
    ):
        people[maker.key] = Person(maker.key, maker.name, maker.role, maker.district_id)
    return sorted(people.values(), key=lambda p: p.name.casefold())


SUGGESTED = 100  # an external select shows at most 100 options


def _matches(query: str, *texts: str | None) -> bool:
    wanted = query.casefold().strip().lstrip("#")
    return not wanted or any(wanted in (t or "").casefold() for t in texts)


def suggest(session: Session, team_id: str, query: str, limit: int = SUGGESTED) -> tuple[list[Campaign], int]:
    """Campaigns whose name (or number) holds what was typed, open and newest first: at most `limit`, and
    how many matched in all."""
    found = [c for c in newest_open_first(all_of(session, team_id)) if _matches(query, c.name, str(c.id))]
    return found[:limit], len(found)


@dataclass(frozen=True)
class Suggested:
    """A decision maker offered in the audience picker, under their campaign."""

    id: int
    name: str
    role: str | None
    campaign: str


def suggest_decision_makers(
    session: Session, team_id: str, query: str, *, first: int | None = None, limit: int = SUGGESTED
) -> tuple[list[Suggested], int]:
    """Decision makers whose name, role or campaign holds what was typed: the chosen campaign's (`first`)
    first, then by campaign, open and newest first. At most `limit`, and how many matched in all."""
    ordered = newest_open_first(all_of(session, team_id))
    ordered.sort(key=lambda c: c.id != first)
    found = [
        Suggested(m.id, m.name, m.role, c.name)
        for c in ordered
        for m in c.decision_makers
        if _matches(query, m.name, m.role, c.name)
    ]
    return found[:limit], len(found)


def suggest_people(session: Session, team_id: str, query: str, limit: int = SUGGESTED) -> tuple[list[Person], int]:
    """Decision makers (once each, by name) whose name or role holds what was typed, for "whom you know"."""
    found = [p for p in decision_makers(session, team_id) if _matches(query, p.name, p.role)]
    return found[:limit], len(found)


def find(session: Session, team_id: str, ref: str) -> Campaign | None:
    """By id (`3`, `#3`) or by a name (case-insensitive; a unique prefix will do)."""
    ref = ref.strip()
    campaigns = all_of(session, team_id)
    if numbers.is_written_as_number(ref):
        wanted = numbers.an_id(ref)  # None: more than any id there is
        return next((c for c in campaigns if c.id == wanted), None)
    ref = ref.lstrip("#")
    lowered = ref.lower()
    exact = [c for c in campaigns if c.name.lower() == lowered]
    if exact:
        return exact[0]
    prefixed = [c for c in campaigns if c.name.lower().startswith(lowered)]
    return prefixed[0] if len(prefixed) == 1 else None


def set_status(session: Session, campaign: Campaign, status: CampaignStatus, now: datetime) -> bool:
    if campaign.status == status:
        return False
    campaign.status = status
    campaign.status_changed_at = now
    return True


def decision_makers_of(db: Database, team_id: str) -> list[Person]:
    with db.reading() as session:
        return decision_makers(session, team_id)
