"""Campaigns: the policy, practice or funding change pursued, its decision makers, its status."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from core.text import clean
from models import Campaign, DecisionMaker
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


def parse_decision_makers(text: str) -> list[tuple[str, str | None]]:
    makers: list[tuple[str, str | None]] = []
    for line in text.splitlines():
        line = clean(line, 300)
        if not line:
            continue
        parts = _SPLIT.split(line, maxsplit=1)
        name = parts[0].strip()[:150]
        role = parts[1].strip()[:150] if len(parts) > 1 and parts[1].strip() else None
        if name:
            makers.append((name, role))
    return makers


def validate(campaign: CampaignInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not clean(campaign.name, NAME_MAX):
        errors["name"] = "Give the campaign a short name."
    elif len(campaign.name.strip()) > NAME_MAX:
        errors["name"] = f"Keep the name under {NAME_MAX} characters."
    if campaign.change_type is None:
        errors["change_type"] = "Is this a change of policy, practice or funding?"
    if len(campaign.goal) > GOAL_MAX:
        errors["goal"] = f"Keep this under {GOAL_MAX} characters."
    makers = parse_decision_makers(campaign.decision_makers)
    if not makers:
        errors["decision_makers"] = "Name at least one decision maker, one per line, e.g. “Mayor Lee, Mayor”."
    elif len(makers) > MAX_DECISION_MAKERS:
        errors["decision_makers"] = f"List at most {MAX_DECISION_MAKERS} decision makers."
    return errors


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
    row.decision_makers = [DecisionMaker(name=n, role=r) for n, r in parse_decision_makers(campaign.decision_makers)]
    session.add(row)
    session.flush()
    return row


def all_of(session: Session, team_id: str) -> list[Campaign]:
    return list(
        session.scalars(
            select(Campaign)
            .where(Campaign.team_id == team_id)
            .options(selectinload(Campaign.decision_makers))
            .order_by(Campaign.created_at)
        )
    )


def find(session: Session, team_id: str, ref: str) -> Campaign | None:
    """By id (`3`, `#3`) or by a name (case-insensitive; a unique prefix will do)."""
    ref = ref.strip().lstrip("#")
    campaigns = all_of(session, team_id)
    if ref.isdigit():
        return next((c for c in campaigns if c.id == int(ref)), None)
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
