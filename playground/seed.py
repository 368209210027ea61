"""The playground's people, and `--demo`: a realistic coalition written through Drumbeat's own core functions.

Everything here is deterministic: one seeded random generator, times relative to the `now` given.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from core import accountability, calls, campaigns, checkins, districts, languages, messengers, outbox
from core.calls import Draft
from core.matching import Targeting
from core.messengers import Profile
from core.timing import zone
from models import Database
from models.vocab import (
    NO_CONNECTIONS,
    NO_SKILLS,
    Audience,
    Barrier,
    ChangeType,
    CheckInSource,
    Connection,
    Frequency,
    Level,
    Method,
    Outcome,
    ScheduleKind,
    Skill,
)

TEAM = "T0DRUMBEAT"
TIMEZONE = "America/Chicago"
ORGANIZER = "U0ORGANIZER"
COALITION_CHANNEL = "C0COALITION"
REPORT_CHANNEL = "C0ORGANIZERS"
SEED = 2026


@dataclass(frozen=True)
class Person:
    user_id: str
    handle: str  # Slack's `name`, which Drumbeat keeps as the display name
    real_name: str
    tz: str = TIMEZONE
    locale: str = "en-US"  # their Slack language


ORGANIZER_PERSON = Person(ORGANIZER, "olivia.reyes", "Olivia Reyes")
# People in the workspace who have not joined Drumbeat yet: each gets the welcome DM when the playground starts.
NEWCOMERS = [
    Person("U0MARCUS", "marcus.johnson", "Marcus Johnson"),
    Person("U0ALICIA", "alicia.gomez", "Alicia Gomez", "America/New_York"),
    Person("U0DEE", "dee.williams", "Dee Williams"),
    Person("U0ROSA", "rosa.hernandez", "Rosa Hernández", TIMEZONE, "es-LA"),  # her Slack is in Spanish
]

_FIRST = [
    "Aaliyah", "Andre", "Beatriz", "Calvin", "Darnell", "Denise", "Eduardo", "Fatima", "Gloria", "Hector",
    "Imani", "Jamal", "Jasmine", "Keisha", "Luis", "Malik", "Maria", "Nadia", "Omar", "Patrice",
    "Quentin", "Rosa", "Samuel", "Tamika", "Terrence", "Tyrone", "Valerie", "Wanda", "Xavier", "Yolanda",
    "Zeke", "Angela", "Brandon", "Carmen", "Devon", "Ebony", "Frank", "Grace", "Isaiah", "Kendra",
]  # fmt: skip
_LAST = [
    "Brooks", "Castillo", "Davis", "Ellis", "Flores", "Garcia", "Harris", "Jackson", "King", "Lewis",
    "Martinez", "Nguyen", "Owens", "Perez", "Robinson", "Sanders", "Thomas", "Walker", "Washington", "Young",
]  # fmt: skip
_ZONES = [TIMEZONE] * 8 + ["America/New_York", "America/Denver", "America/Los_Angeles"]
_TIES = [
    "I know Councilmember Ortiz from church.",
    "Mayor Lee's chief of staff is my neighbor.",
    "I worked with County Executive Park on a jobs program.",
    "Sheriff Dunn's office hired me as a peer mentor.",
    "I testified before the County Board last spring.",
    "My cousin works in Councilmember Ortiz's office.",
]
_NOTES = [
    "Reached: the Mayor's scheduler\nTold: they'll pass the message on",
    "Reached: Councilmember Ortiz\nTold: she supports it if the budget office agrees",
    "Reached: a staffer\nTold: they have heard from many people this week",
    "Told: the office asked for the program's cost estimate",
    "Reached: the County Board clerk\nTold: it's on the agenda next month",
]
_BARRIER_WORDS = {
    Barrier.OTHER: "My parole officer meeting moved to that day.",
    Barrier.NEED_INFO: "I wasn't sure what to say about the budget numbers.",
}


def demo_people(rng: random.Random | None = None) -> list[Person]:
    """About 40 messengers, always the same ones."""
    rng = rng or random.Random(SEED)
    people = []
    lasts = list(_LAST)
    for n, first in enumerate(_FIRST, start=1):
        last = lasts[(n * 7) % len(lasts)]
        tz = rng.choice(_ZONES)
        locale = "es-LA" if n % 5 == 0 else "en-US"  # some read Spanish first
        people.append(Person(f"UDEMO{n:04d}", f"{first}.{last}".lower(), f"{first} {last}", tz, locale))
    return people


def _local(now: datetime, days_ago: int, hour: int) -> datetime:
    """`hour` o'clock in the coalition's zone, `days_ago` days before `now` (in UTC)."""
    day = now.astimezone(zone(TIMEZONE)).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour, 0), tzinfo=zone(TIMEZONE)).astimezone(now.tzinfo)


DISTRICTS = ["Ward 1", "Ward 2", "Ward 3", "Ward 4", "Ward 5"]


def _profile(rng: random.Random, wards: list[int], people: list[str]) -> Profile:
    level = rng.choices(list(Level), weights=[4, 8, 16, 12])[0]
    methods = Method(0)
    for method in rng.sample(list(Method), rng.randint(1, 3)):
        methods |= method
    skills = NO_SKILLS
    for skill in rng.sample([s for s in Skill if s not in (Skill.TRANSLATION, Skill.OTHER)], rng.randint(0, 3)):
        skills |= skill
    if rng.random() < 0.4:
        skills |= Skill.LIVED_EXPERIENCE
    connections = NO_CONNECTIONS
    for connection in rng.sample(list(Connection), rng.randint(0, 2)):
        connections |= connection
    quiet = rng.choice([(20 * 60, 9 * 60), (21 * 60, 8 * 60), (22 * 60, 7 * 60)])
    return Profile(
        level=level,
        methods=methods,
        skills=skills,
        connections=connections,
        ties=rng.choice(_TIES) if rng.random() < 0.2 else "",
        frequency=rng.choice([None, None, None, Frequency.TWICE_WEEKLY, Frequency.WEEKLY]),
        quiet_start=quiet[0],
        quiet_end=quiet[1],
        credit_ok=rng.random() < 0.5,
        district_id=rng.choice(wards) if rng.random() < 0.7 else None,
        knows=frozenset(rng.sample(people, 1)) if rng.random() < 0.2 else frozenset(),
    )


@dataclass(frozen=True)
class _Past:
    days_ago: int
    campaign: int  # index into the campaigns
    tactic: Method
    objective: str
    maker: int | None  # index of the decision maker, None: the public
    limit: int
    ask: str = ""


_PAST = [
    _Past(34, 0, Method.OUTREACH, "Call Mayor Lee: fund reentry ID cards in the 2027 budget", 0, 14),
    _Past(31, 0, Method.SOCIAL, "Share the ID card fact sheet on social media", None, 12),
    _Past(29, 0, Method.MEETINGS, "Join the budget hearing on ID cards", 2, 8),
    _Past(27, 0, Method.MEDIA, "Write a letter to the editor about ID cards", None, 6),
    _Past(20, 1, Method.OUTREACH, "Email County Executive Park about fair chance hiring", 0, 14),
    _Past(16, 1, Method.EDUCATION, "Host a one-on-one about the box on county job forms", None, 8),
    _Past(12, 1, Method.MEETINGS, "Visit the County Board on fair chance hiring", 1, 8),
    _Past(6, 1, Method.OUTREACH, "Call Sheriff Dunn about hiring people with records", 2, 12),
    _Past(3, 1, Method.SOCIAL, "Post your story: why fair chance hiring matters", None, 12),
]


def seed_demo(db: Database, now: datetime, rng: random.Random | None = None) -> list[Person]:
    """Write the demo coalition into a migrated, empty database; returns the messengers (for the workspace)."""
    rng = rng or random.Random(SEED)
    people = demo_people(rng)
    districts.add_named(db, TEAM, ", ".join(DISTRICTS), now - timedelta(days=80))
    made = [
        campaigns.CampaignInput(
            name="Reentry ID cards",
            change_type=ChangeType.FUNDING,
            goal="Fund a reentry ID card program in the 2027 city budget.",
            decision_makers=(
                "Mayor Lee, Mayor\nCouncilmember Ortiz, Chair of Public Safety, Ward 3\nCity Council Budget Committee"
            ),
        ),
        campaigns.CampaignInput(
            name="Fair chance hiring in county jobs",
            change_type=ChangeType.POLICY,
            goal="Remove the conviction question from county job applications.",
            decision_makers="County Executive Park, County Executive\nCounty Board\nSheriff Dunn, Sheriff",
        ),
    ]
    rows = [campaigns.add(db, TEAM, c, ORGANIZER, now - timedelta(days=75 - 5 * i)) for i, c in enumerate(made)]
    ids = [c.id for c in rows]
    makers = [[m.id for m in c.decision_makers] for c in rows]
    wards = [line.id for line in districts.listing(db, TEAM)]
    keys = [p.key for p in campaigns.decision_makers_of(db, TEAM)]

    for person in people:
        joined = now - timedelta(days=rng.randint(40, 70), hours=rng.randint(0, 12))
        profile = _profile(rng, wards, keys)
        messengers.join(db, TEAM, person.user_id, profile, joined, joining=True, tz=person.tz, name=person.handle)
        languages.learn(db, TEAM, person.user_id, "es" if person.locale.startswith("es") else "en", chosen=False)
    # A few who took a break or stopped.
    for person in people[5:7]:
        messengers.pause_days(db, TEAM, person.user_id, 14, now - timedelta(days=5), via="home")
    messengers.stop(db, TEAM, people[11].user_id, now - timedelta(days=10), via="dm_stop")

    for past in _PAST:
        _past_ask(db, rng, past, ids[past.campaign], makers[past.campaign], now)

    # The first campaign was won four weeks ago: its first implementation check comes due in two days.
    accountability.win(
        db,
        TEAM,
        str(ids[0]),
        "30,90,180",
        "Mayor Lee committed $400,000 for reentry ID cards in the 2027 budget: https://example.org/budget",
        now - timedelta(days=28),
    )

    # An upcoming drumbeat: tomorrow morning, spread over three working days.
    draft = Draft(
        campaign_id=ids[1],
        tactic=Method.OUTREACH,
        objective="Ask County Executive Park to back fair chance hiring before the vote",
        audience=Audience.DECISION_MAKER,
        decision_maker_id=makers[1][0],
        ask="Call 555-0142 and say: “I support removing the conviction question from county job applications.”",
        links="https://example.org/fair-chance",
        targeting=Targeting(limit=15),
        schedule=ScheduleKind.AT,
        at=_local(now, -1, 10),
        spread_days=3,
        due_date=(now + timedelta(days=6)).astimezone(zone(TIMEZONE)).date(),
    )
    drafted = calls.save_and_preview(db, TEAM, ORGANIZER, draft, now, TIMEZONE)
    calls.schedule_draft(db, drafted.call_id, now, TIMEZONE)
    return people


def _past_ask(
    db: Database, rng: random.Random, past: _Past, campaign_id: int, makers: list[int], now: datetime
) -> None:
    """A call to action sent `days_ago`, with the answers people gave."""
    sent_at = _local(now, past.days_ago, 10)
    draft = Draft(
        campaign_id=campaign_id,
        tactic=past.tactic,
        objective=past.objective,
        audience=Audience.DECISION_MAKER if past.maker is not None else Audience.PUBLIC,
        decision_maker_id=makers[past.maker] if past.maker is not None else None,
        ask=past.ask,
        targeting=Targeting(methods=past.tactic, limit=past.limit),
        schedule=ScheduleKind.NOW,
        due_date=(sent_at + timedelta(days=4)).astimezone(zone(TIMEZONE)).date(),
    )
    drafted = calls.save_and_preview(db, TEAM, ORGANIZER, draft, sent_at, TIMEZONE)
    calls.schedule_draft(db, drafted.call_id, sent_at, TIMEZONE)
    for delivery_id, user_id, due in outbox.as_if_sent(db, drafted.call_id):
        roll = rng.random()
        when = min(due + timedelta(hours=rng.randint(1, 40)), now - timedelta(minutes=5))
        if roll < 0.5:
            note = rng.choice(_NOTES) if rng.random() < 0.4 else None
            evidence = "https://example.org/letter" if past.tactic == Method.MEDIA and rng.random() < 0.5 else None
            source = CheckInSource.FORM if note else CheckInSource.BUTTON
            checkins.record(db, delivery_id, TEAM, user_id, Outcome.DONE, when, source, note=note, evidence=evidence)
        elif roll < 0.6:
            checkins.record(db, delivery_id, TEAM, user_id, Outcome.WILL_DO, when, CheckInSource.BUTTON)
        elif roll < 0.75:
            barrier = rng.choice(list(Barrier))
            checkins.record(
                db, delivery_id, TEAM, user_id, Outcome.CANT, when, CheckInSource.FORM,
                barrier=barrier, note=_BARRIER_WORDS.get(barrier),
            )  # fmt: skip
        # else: no answer (silent)
