"""Test data through Drumbeat's own domain functions (so tests start from states the bot can reach)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core import campaigns, districts, messengers
from core.messengers import Profile
from models import Campaign, Database, Messenger, StatusChange
from models.vocab import NO_CONNECTIONS, NO_SKILLS, Connection, Frequency, Level, MessengerStatus, Method, Skill
from slacksim import SlackSim

TEAM = "T0DRUMBEAT"
ALL_METHODS = Method.OUTREACH | Method.EDUCATION | Method.MEETINGS | Method.SOCIAL | Method.MEDIA


def add_messenger(
    db: Database,
    sim: SlackSim | None,
    user_id: str,
    now: datetime,
    *,
    level: Level = Level.PARTICIPATE,
    methods: Method = ALL_METHODS,
    skills: Skill = NO_SKILLS,
    tz: str = "America/Chicago",
    frequency: Frequency | None = Frequency.TWICE_WEEKLY,
    quiet: tuple[int, int] = (22 * 60, 7 * 60),
    ties: str = "",
    status: MessengerStatus = MessengerStatus.ACTIVE,
    credit_ok: bool = False,
    name: str | None = None,
    knows: tuple[str, ...] = (),
    district: str | None = None,
    connections: Connection = NO_CONNECTIONS,
    **extra: Any,
) -> int:
    """A messenger who joined with this profile. `knows`: names of decision makers they picked (the
    campaigns naming them must exist); `district`: the name of one of the coalition's districts."""
    if sim is not None and user_id not in sim.users:
        sim.add_user(user_id, name=name or user_id.lower(), tz=tz)
    with db.transaction() as session:
        found = districts.find(session, TEAM, district) if district else None
        assert district is None or found is not None, f"no district {district}"
        profile = Profile(
            level=level,
            methods=methods,
            skills=skills,
            frequency=frequency,
            quiet_start=quiet[0],
            quiet_end=quiet[1],
            ties=ties,
            credit_ok=credit_ok,
            connections=connections,
            district_id=found.id if found else None,
            knows=frozenset(campaigns.decision_maker_key(n) for n in knows),
        )
        saved = messengers.save_profile(session, TEAM, user_id, profile, now, tz=tz, name=name or user_id.lower())
        messenger = messengers.find(session, TEAM, user_id)
        assert messenger is not None
        if status != MessengerStatus.ACTIVE:
            messengers.set_status(session, messenger, status, "test", now)
        for key, value in extra.items():
            setattr(messenger, key, value)
        return saved.messenger_id


def add_messengers(
    db: Database, sim: SlackSim | None, user_ids: list[str], now: datetime, *, bulk: bool = True, **fields: Any
) -> None:
    """Many messengers with one profile (load tests). `bulk`: the rows `save_profile` writes for a new
    person, inserted together (a thousand in milliseconds); otherwise through `save_profile` itself
    (tests/test_factories.py holds the two to the same rows)."""
    profile = Profile(
        level=fields.pop("level", Level.PARTICIPATE),
        methods=fields.pop("methods", ALL_METHODS),
        skills=NO_SKILLS,
        frequency=Frequency.TWICE_WEEKLY,
        quiet_start=fields.pop("quiet", (0, 0))[0],
        quiet_end=0,
        ties="",
        credit_ok=False,
        connections=NO_CONNECTIONS,
        district_id=None,
        knows=frozenset(),
    )
    tz = messengers.valid_tz(fields.pop("tz", "UTC"))
    assert not fields, f"unknown fields {sorted(fields)}"
    if sim is not None:
        for user_id in user_ids:
            if user_id not in sim.users:
                sim.add_user(user_id, name=user_id.lower(), tz=tz)
    if not bulk:
        with db.transaction() as session:
            for user_id in user_ids:
                messengers.save_profile(session, TEAM, user_id, profile, now, tz=tz, name=user_id.lower())
        return
    with db.transaction() as session:
        people = [
            Messenger(
                team_id=TEAM,
                user_id=user_id,
                tz=tz,
                display_name=user_id.lower(),
                level=profile.level,
                methods=profile.methods,
                skills=profile.skills,
                skills_note=None,
                connections=profile.connections,
                ties=None,
                frequency=profile.frequency,
                quiet_start=profile.quiet_start,
                quiet_end=profile.quiet_end,
                credit_ok=profile.credit_ok,
                district_id=None,
                status=MessengerStatus.ACTIVE,
                status_changed_at=now,
                created_at=now,
                onboarded_at=now,
            )
            for user_id in user_ids
        ]
        session.add_all(people)
        session.flush()
        session.add_all(
            StatusChange(messenger_id=person.id, status=status, via=via, at=now)
            for person in people
            for status, via in ((MessengerStatus.PENDING, "created"), (MessengerStatus.ACTIVE, "profile"))
        )


def add_campaign(
    db: Database, now: datetime, name: str = "Reentry ID cards", makers: str = "Mayor Lee, Mayor\nCounty Board"
) -> Campaign:
    from models.vocab import ChangeType

    with db.transaction() as session:
        campaign = campaigns.create(
            session,
            TEAM,
            campaigns.CampaignInput(name=name, change_type=ChangeType.FUNDING, goal="", decision_makers=makers),
            "U0ORGANIZER",
            now,
        )
        _ = list(campaign.decision_makers)  # loaded before the session ends
        session.expunge(campaign)
        return campaign


def add_districts(db: Database, now: datetime, *names: str) -> None:
    with db.transaction() as session:
        districts.add(session, TEAM, list(names), now)


def add_sent_ask(db: Database, campaign_id: int, messenger_id: int, due_at: datetime) -> int:
    """A past call to action that reached this messenger (it counts toward their ask limit)."""
    from models import Call, Delivery
    from models.vocab import Audience, CallStatus, DeliveryState, ScheduleKind

    with db.transaction() as session:
        past = Call(
            team_id=TEAM,
            campaign_id=campaign_id,
            tactic=Method.OUTREACH,
            objective="An earlier ask",
            audience=Audience.PUBLIC,
            schedule_kind=ScheduleKind.AT,
            send_at=due_at,
            status=CallStatus.DONE,
            created_by="U0ORGANIZER",
            created_at=due_at,
        )
        session.add(past)
        session.flush()
        session.add(Delivery(call_id=past.id, messenger_id=messenger_id, due_at=due_at, state=DeliveryState.SENT))
        return past.id
