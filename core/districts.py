"""The coalition's districts or wards: a short list organizers keep. Decision makers represent one;
messengers may say which they live in; a call to action can ask constituents only."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from core.campaigns import decision_maker_key, decision_makers
from core.invalid import Refused, invalid
from core.text import clean
from models import Campaign, Database, DecisionMaker, District, Messenger
from models.vocab import MessengerStatus

NAME_MAX = 80
MAX_DISTRICTS = 100  # a static select holds 100 options


@dataclass(frozen=True)
class DistrictLine:
    id: int
    name: str
    messengers: int  # active messengers who live there
    decision_makers: list[str]  # who represents it


def all_of(session: Session, team_id: str) -> list[District]:
    return list(session.scalars(select(District).where(District.team_id == team_id).order_by(District.name)))


def find(session: Session, team_id: str, name: str) -> District | None:
    wanted = " ".join(name.split()).casefold()
    return next((d for d in all_of(session, team_id) if d.name.casefold() == wanted), None)


def names_in(text: str) -> list[str]:
    """`Ward 3, Ward 4` -> the names, cleaned, in order, without repeats."""
    found: list[str] = []
    for part in text.replace("\n", ",").split(","):
        name = " ".join(clean(part, NAME_MAX * 2).split())
        if name and name.casefold() not in {f.casefold() for f in found}:
            found.append(name)
    return found


def add(session: Session, team_id: str, names: list[str], now: datetime) -> list[str]:
    """Add districts by name; returns those that were new. Raises Refused past MAX_DISTRICTS, or for a name
    that is too long."""
    existing = {d.name.casefold() for d in all_of(session, team_id)}
    added = []
    for name in names:
        if len(name) > NAME_MAX:
            raise Refused(invalid("district_name_long", max=NAME_MAX))
        if name.casefold() in existing:
            continue
        if len(existing) >= MAX_DISTRICTS:
            raise Refused(invalid("districts_many", max=MAX_DISTRICTS))
        session.add(District(team_id=team_id, name=name, created_at=now))
        existing.add(name.casefold())
        added.append(name)
    session.flush()
    return added


def remove(session: Session, team_id: str, names: list[str]) -> list[str]:
    """Remove districts; messengers and decision makers in them keep no district (the link is SET NULL)."""
    removed = []
    for name in names:
        district = find(session, team_id, name)
        if district is not None:
            session.delete(district)
            removed.append(district.name)
    session.flush()
    return removed


def assign(session: Session, team_id: str, maker_key: str, district: District | None) -> int:
    """Say which district a decision maker represents (in every campaign that names them)."""
    campaign_ids = select(Campaign.id).where(Campaign.team_id == team_id)
    result = session.execute(
        update(DecisionMaker)
        .where(DecisionMaker.key == maker_key, DecisionMaker.campaign_id.in_(campaign_ids))
        .values(district_id=district.id if district else None)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def overview(session: Session, team_id: str) -> list[DistrictLine]:
    districts = all_of(session, team_id)
    counts: Counter[int] = Counter()
    for district_id, count in session.execute(
        select(Messenger.district_id, func.count())
        .where(Messenger.team_id == team_id, Messenger.status == MessengerStatus.ACTIVE)
        .group_by(Messenger.district_id)
    ):
        if district_id is not None:
            counts[district_id] = count
    makers: dict[int, set[str]] = {}
    for maker in session.scalars(
        select(DecisionMaker)
        .join(Campaign, Campaign.id == DecisionMaker.campaign_id)
        .where(Campaign.team_id == team_id, DecisionMaker.district_id.is_not(None))
    ):
        assert maker.district_id is not None
        makers.setdefault(maker.district_id, set()).add(maker.name)
    return [DistrictLine(d.id, d.name, counts[d.id], sorted(makers.get(d.id, set()))) for d in districts]


# ----- in transactions of their own (for listeners) --------------------------------------------------


def listing(db: Database, team_id: str) -> list[DistrictLine]:
    with db.reading() as session:
        return overview(session, team_id)


def add_named(db: Database, team_id: str, text: str, now: datetime) -> list[str]:
    """Raises Refused (nothing is added then)."""
    with db.transaction() as session:
        return add(session, team_id, names_in(text), now)


def remove_named(db: Database, team_id: str, text: str) -> list[str]:
    with db.transaction() as session:
        return remove(session, team_id, names_in(text))


@dataclass(frozen=True)
class Assigned:
    """`who = where`: done (`maker`, `district`), or why not: no such decision maker (`known` lists them),
    or no such district."""

    maker: str | None = None
    district: str | None = None
    known: list[str] | None = None
    unknown_district: bool = False


def assign_named(db: Database, team_id: str, who: str, where: str) -> Assigned:
    key = decision_maker_key(who)
    with db.transaction() as session:
        known = {p.key: p.name for p in decision_makers(session, team_id)}
        if key not in known:
            return Assigned(known=list(known.values()))
        district = None
        if where.casefold() not in ("", "none", "-"):
            district = find(session, team_id, where)
            if district is None:
                return Assigned(unknown_district=True)
        assign(session, team_id, key, district)
        return Assigned(maker=known[key], district=district.name if district else None)
