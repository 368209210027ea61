"""Wins shared: when a campaign is won, everyone who carried its asks hears what changed, what the
coalition did, and their own part; the coalition channel hears the numbers and, by name, only those who
agreed to be credited.

"Carried its asks": an ask of the campaign reached them (a delivery sent). Their part: their completed
contacts (the latest answer is Done). People who asked Drumbeat to stop, or deleted their data, hear
nothing. Plain functions over a session.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session

from core import contact, privacy
from core.answers import standing_done
from models import Call, Campaign, CheckIn, Database, Delivery, Messenger
from models.vocab import DeliveryState, Method

NAMED_SHOWN = 10


@dataclass
class Carrier:
    user_id: str
    asks: int = 0
    contacts: int = 0


@dataclass
class WinNews:
    campaign: str
    commitment: str | None
    contacts: int = 0
    by_tactic: Counter[Method] = field(default_factory=Counter)
    carriers: list[Carrier] = field(default_factory=list)  # who hears, in user id order
    credited: list[str] = field(default_factory=list)  # names that may appear in the channel
    asked: int = 0  # messengers its asks reached (those who deleted their data are not counted)


def news(session: Session, team_id: str, campaign_id: int) -> WinNews | None:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or campaign.team_id != team_id:
        return None
    found = WinNews(campaign.name, campaign.commitment)
    done = exists().where(CheckIn.delivery_id == Delivery.id, standing_done())
    rows = session.execute(
        select(Messenger, Call.tactic, done)
        .select_from(Delivery)
        .join(Call, and_(Call.id == Delivery.call_id, Call.campaign_id == campaign_id))
        .outerjoin(Messenger, Messenger.id == Delivery.messenger_id)
        .where(Delivery.state == DeliveryState.SENT)
    ).all()
    carriers: dict[str, Carrier] = {}
    people: dict[str, Messenger] = {}
    for messenger, tactic, was_done in rows:
        if was_done:
            found.contacts += 1
            found.by_tactic[tactic] += 1
        if messenger is None:  # deleted: counted, never messaged
            continue
        carrier = carriers.setdefault(messenger.user_id, Carrier(messenger.user_id))
        people[messenger.user_id] = messenger
        carrier.asks += 1
        carrier.contacts += 1 if was_done else 0
    found.asked = len(carriers)
    may_hear = [c for c in carriers.values() if contact.may_start_conversation(session, team_id, c.user_id)]
    found.carriers = sorted(may_hear, key=lambda c: c.user_id)
    found.credited = sorted(
        privacy.label(people[c.user_id]) for c in found.carriers if c.contacts and privacy.may_name(people[c.user_id])
    )
    return found


def news_of(db: Database, team_id: str, campaign_id: int) -> WinNews | None:
    """`news`, read now: who may hear, and whom the channel may name, as it stands at this moment."""
    with db.reading() as session:
        return news(session, team_id, campaign_id)
