"""Messengers: onboarding, profiles, status (pause, resume, opt-out), deletion, one-time notices.

Plain functions over plain values and a session. The caller owns the transaction; time is an argument.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import String, bindparam, cast, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import attendance, contact, held, inbox, languages, roles, slack_events
from core.campaigns import Person, decision_makers
from core.contact import NotJoined
from core.invalid import Errors, Refused, invalid
from core.text import clean, has_control_chars
from models import Acquaintance, Call, CheckIn, Database, Delivery, District, Messenger, Notice, StatusChange
from models.vocab import (
    DEFAULT_FREQUENCY,
    NO_CONNECTIONS,
    NO_METHODS,
    NO_SKILLS,
    CallStatus,
    Connection,
    DeliveryState,
    Frequency,
    Level,
    MessengerStatus,
    Method,
    NoticeKind,
    Outcome,
    Skill,
)

MAX_PAUSE_DAYS = 365
SKILLS_NOTE_MAX = 200
TIES_MAX = 500
# What stops a person, whatever their language (matched without case or accents); each set says the
# language of the confirmation for someone whose own Drumbeat has not learned yet.
STOP_WORDS = {
    "en": frozenset({"stop", "stop all", "stopall", "unsubscribe", "opt out", "optout", "opt-out", "quit", "end"}),
    "es": frozenset(
        {"alto", "parar", "para", "pare", "basta", "cancelar", "detener", "no mas", "baja", "darme de baja", "salir"}
    ),
}


@dataclass(frozen=True)
class Profile:
    """What a messenger tells us about themselves; the plain values behind the profile form."""

    level: Level | None = None
    methods: Method = NO_METHODS
    skills: Skill = NO_SKILLS
    skills_note: str = ""
    connections: Connection = NO_CONNECTIONS
    ties: str = ""
    frequency: Frequency | None = None  # None: the default for their level
    quiet_start: int = 20 * 60
    quiet_end: int = 9 * 60
    credit_ok: bool = False
    district_id: int | None = None  # where they live, if they said (one of the coalition's districts)
    knows: frozenset[str] = frozenset()  # keys of decision makers they know personally

    @classmethod
    def of(cls, m: Messenger) -> Profile:
        return cls(
            level=m.level,
            methods=m.methods,
            skills=m.skills,
            skills_note=m.skills_note or "",
            connections=m.connections,
            ties=m.ties or "",
            frequency=m.frequency if m.onboarded_at else None,
            quiet_start=m.quiet_start,
            quiet_end=m.quiet_end,
            credit_ok=m.credit_ok,
            district_id=m.district_id,
            knows=frozenset(a.key for a in m.knows),
        )


@dataclass(frozen=True)
class Choices:
    """The coalition's own lists a profile picks from: its districts and the decision makers it targets."""

    districts: tuple[tuple[int, str], ...] = ()  # (id, name), by name
    people: tuple[Person, ...] = ()  # every campaign's decision makers, once each

    def district_name(self, district_id: int | None) -> str | None:
        return next((name for i, name in self.districts if i == district_id), None)

    def names_of(self, keys: frozenset[str]) -> list[str]:
        return [p.name for p in self.people if p.key in keys]


def choices(session: Session, team_id: str) -> Choices:
    districts = session.execute(
        select(District.id, District.name).where(District.team_id == team_id).order_by(District.name)
    ).all()
    return Choices(tuple((i, name) for i, name in districts), tuple(decision_makers(session, team_id)))


def suggest_districts(
    session: Session, team_id: str, query: str, limit: int = 100
) -> tuple[list[tuple[int, str]], int]:
    """The coalition's districts whose name holds what was typed, by name: at most `limit`, and how many."""
    wanted = query.casefold().strip()
    found = [(i, name) for i, name in choices(session, team_id).districts if wanted in name.casefold()]
    return found[:limit], len(found)


def validate_profile(profile: Profile) -> Errors:
    errors: Errors = {}
    if profile.level is None:
        errors["level"] = invalid("profile_level")
    if not profile.methods:
        errors["methods"] = invalid("profile_methods")
    needs_note = profile.skills & (Skill.TRANSLATION | Skill.OTHER)
    if needs_note and not profile.skills_note.strip():
        errors["skills_note"] = invalid("profile_skills_note")
    if len(profile.skills_note) > SKILLS_NOTE_MAX:
        errors["skills_note"] = invalid("text_long", max=SKILLS_NOTE_MAX)
    if len(profile.ties) > TIES_MAX:
        errors["ties"] = invalid("text_long", max=TIES_MAX)
    if has_control_chars(profile.skills_note) or has_control_chars(profile.ties):
        errors.setdefault("ties", invalid("control_chars"))
    if profile.quiet_start == profile.quiet_end:
        errors["quiet_end"] = invalid("quiet_same")
    for name in ("quiet_start", "quiet_end"):
        value = getattr(profile, name)
        if not 0 <= value < 24 * 60:
            errors[name] = invalid("time_of_day")
    return errors


@dataclass(frozen=True)
class FormFacts:
    """What the profile form shows: the saved profile (None until they join), the time zone if Drumbeat
    knows it (None: not yet learned from Slack), the coalition's lists, and whether they stopped."""

    saved: Profile | None
    tz: str | None
    choices: Choices
    stopped: bool


def form_facts(db: Database, team_id: str, user_id: str) -> FormFacts:
    with db.reading() as session:
        found = find(session, team_id, user_id)
        saved = Profile.of(found) if found is not None and found.onboarded_at is not None else None
        tz = found.tz if found is not None and found.tz != "UTC" else None
        stopped = not contact.may_start_conversation(session, team_id, user_id)
        return FormFacts(saved, tz, choices(session, team_id), stopped)


def districts_like(db: Database, team_id: str, query: str) -> tuple[list[tuple[int, str]], int]:
    with db.reading() as session:
        return suggest_districts(session, team_id, query)


class NotValid(Exception):
    def __init__(self, errors: Errors) -> None:
        super().__init__(", ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Joined:
    saved: Saved
    tz: str | None  # None: not known yet (learned from Slack after saving)
    choices: Choices


def join(
    db: Database,
    team_id: str,
    user_id: str,
    profile: Profile,
    now: datetime,
    *,
    joining: bool,
    tz: str | None = None,
    name: str | None = None,
) -> Joined:
    """Validate (raises NotValid) and save a profile. Raises contact.StoppedMessages for a form left open
    across a STOP that was not opened by their own `/drumbeat join`."""
    errors = validate_profile(profile)
    if errors:
        raise NotValid(errors)
    with db.transaction() as session:
        saved = save_profile(session, team_id, user_id, profile, now, joining=joining, tz=tz, name=name)
        found = find(session, team_id, user_id)
        tz = found.tz if found is not None and found.tz != "UTC" else None
        return Joined(saved, tz, choices(session, team_id))


_FIND = select(Messenger).where(Messenger.team_id == bindparam("team_id"), Messenger.user_id == bindparam("user_id"))


def find(session: Session, team_id: str, user_id: str) -> Messenger | None:
    return session.scalar(_FIND, {"team_id": team_id, "user_id": user_id})


def find_or_create(
    session: Session, team_id: str, user_id: str, now: datetime, *, tz: str | None = None, name: str | None = None
) -> Messenger:
    messenger = find(session, team_id, user_id)
    if messenger is None:
        messenger = Messenger(
            team_id=team_id,
            user_id=user_id,
            tz=valid_tz(tz),
            display_name=name,
            status=MessengerStatus.PENDING,
            status_changed_at=now,
            created_at=now,
        )
        session.add(messenger)
        session.flush()
        session.add(StatusChange(messenger_id=messenger.id, status=MessengerStatus.PENDING, via="created", at=now))
    else:
        if tz:
            messenger.tz = valid_tz(tz)
        if name:
            messenger.display_name = name
    return messenger


def valid_tz(tz: str | None) -> str:
    if not tz:
        return "UTC"
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        return "UTC"
    return tz


def set_status(session: Session, messenger: Messenger, status: MessengerStatus, via: str, now: datetime) -> bool:
    """Change status and record how and when; False if it already had that status."""
    if messenger.status == status:
        return False
    messenger.status = status
    messenger.status_changed_at = now
    if status != MessengerStatus.PAUSED:
        messenger.paused_until = None
    session.add(StatusChange(messenger_id=messenger.id, status=status, via=via, at=now))
    return True


@dataclass(frozen=True)
class Saved:
    messenger_id: int
    first_time: bool  # the profile was just completed, not edited
    profile: Profile


def save_profile(
    session: Session,
    team_id: str,
    user_id: str,
    profile: Profile,
    now: datetime,
    *,
    joining: bool = False,
    tz: str | None = None,
    name: str | None = None,
) -> Saved:
    """Store a validated profile; the first one makes the messenger active.

    `joining`: the form was opened by the person's own `/drumbeat join`. Saving it is the only thing that
    restarts messages after STOP or deletion. Any other form (an old Edit or Get started button, one left
    open across a STOP) raises contact.StoppedMessages for someone who stopped, and changes nothing.
    """
    if joining:
        contact.allow(session, team_id, user_id)
    elif not contact.may_start_conversation(session, team_id, user_id):
        raise contact.StoppedMessages()
    messenger = find_or_create(session, team_id, user_id, now, tz=tz, name=name)
    assert profile.level is not None, "validate_profile first"
    first_time = messenger.onboarded_at is None
    messenger.level = profile.level
    messenger.methods = profile.methods
    messenger.skills = profile.skills
    messenger.skills_note = clean(profile.skills_note, SKILLS_NOTE_MAX) or None
    messenger.connections = profile.connections
    messenger.ties = clean(profile.ties, TIES_MAX) or None
    messenger.frequency = profile.frequency or DEFAULT_FREQUENCY[profile.level]
    messenger.quiet_start = profile.quiet_start
    messenger.quiet_end = profile.quiet_end
    messenger.credit_ok = profile.credit_ok
    districts = {d.id for d in session.scalars(select(District).where(District.team_id == team_id))}
    messenger.district_id = profile.district_id if profile.district_id in districts else None
    chosen = profile.knows & {p.key for p in decision_makers(session, team_id)}
    for dropped in [a for a in messenger.knows if a.key not in chosen]:
        messenger.knows.remove(dropped)  # delete-orphan: the pick is gone
    messenger.knows.extend(Acquaintance(key=key) for key in sorted(chosen - {a.key for a in messenger.knows}))
    if first_time:
        messenger.onboarded_at = now
    if messenger.status in (MessengerStatus.PENDING, MessengerStatus.OPTED_OUT):
        set_status(session, messenger, MessengerStatus.ACTIVE, "profile", now)
    session.flush()
    return Saved(messenger.id, first_time, Profile.of(messenger))


# ----- one-time notices ----------------------------------------------------------------------


def claim_notice(session: Session, team_id: str, user_id: str, kind: NoticeKind, subject: str, now: datetime) -> bool:
    """Record that a one-time message is being sent; False if it was sent before. Commit before sending."""
    exists = session.scalar(
        select(Notice.id).where(
            Notice.team_id == team_id, Notice.user_id == user_id, Notice.kind == kind, Notice.subject == subject
        )
    )
    if exists is not None:
        return False
    try:
        with session.begin_nested():
            session.add(Notice(team_id=team_id, user_id=user_id, kind=kind, subject=subject, sent_at=now))
    except IntegrityError:
        return False  # a concurrent twin claimed it first
    return True


def release_notice(session: Session, team_id: str, user_id: str, kind: NoticeKind, subject: str) -> None:
    """Forget a claim whose message could not be sent, so that a later attempt may send it."""
    session.execute(
        delete(Notice).where(
            Notice.team_id == team_id, Notice.user_id == user_id, Notice.kind == kind, Notice.subject == subject
        )
    )


# ----- welcome -------------------------------------------------------------------------------


class WelcomeSkip:
    ONBOARDED = "already onboarded"
    OPTED_OUT = "opted out"
    INVITED = "already invited"
    BOT = "bots"
    DEACTIVATED = "deactivated"


def welcome(session: Session, team_id: str, user_id: str, now: datetime, *, tz: str | None = None) -> str | None:
    """Claim the one welcome DM for this person: None if it should be sent now, or why not."""
    if not contact.may_start_conversation(session, team_id, user_id):
        return WelcomeSkip.OPTED_OUT
    messenger = find(session, team_id, user_id)
    if messenger is not None:
        if messenger.status == MessengerStatus.OPTED_OUT:
            return WelcomeSkip.OPTED_OUT
        if messenger.onboarded_at is not None:
            return WelcomeSkip.ONBOARDED
    if not claim_notice(session, team_id, user_id, NoticeKind.WELCOME, "", now):
        return WelcomeSkip.INVITED
    find_or_create(session, team_id, user_id, now, tz=tz)
    return None


def sort_invitees(session: Session, team_id: str, user_ids: list[str]) -> tuple[list[str], dict[str, int]]:
    """Who of `user_ids` may get a welcome, known without asking Slack: those Drumbeat has never welcomed,
    onboarded or been told to leave alone, in the order given. The others are counted by why not."""
    skipped: dict[str, int] = {}
    stopped = contact.forbidden_among(session, team_id, user_ids)
    statuses: dict[str, tuple[MessengerStatus, bool]] = {}
    welcomed: set[str] = set()
    for start in range(0, len(user_ids), 500):
        chunk = user_ids[start : start + 500]
        rows = session.execute(
            select(Messenger.user_id, Messenger.status, Messenger.onboarded_at).where(
                Messenger.team_id == team_id, Messenger.user_id.in_(chunk)
            )
        )
        statuses.update({user_id: (status, onboarded is not None) for user_id, status, onboarded in rows})
        welcomed |= set(
            session.scalars(
                select(Notice.user_id).where(
                    Notice.team_id == team_id, Notice.kind == NoticeKind.WELCOME, Notice.user_id.in_(chunk)
                )
            )
        )
    unknown = []
    for user_id in user_ids:
        status, onboarded = statuses.get(user_id, (None, False))
        if user_id in stopped or status == MessengerStatus.OPTED_OUT:
            reason: str | None = WelcomeSkip.OPTED_OUT
        elif onboarded:
            reason = WelcomeSkip.ONBOARDED
        elif user_id in welcomed:
            reason = WelcomeSkip.INVITED
        else:
            reason = None
        if reason is None:
            unknown.append(user_id)
        else:
            skipped[reason] = skipped.get(reason, 0) + 1
    return unknown, skipped


def claim_welcome(db: Database, team_id: str, user_id: str, now: datetime, *, tz: str | None = None) -> str | None:
    """`welcome`, in a transaction of its own: None if the welcome should go now (claimed), else why not."""
    with db.transaction() as session:
        return welcome(session, team_id, user_id, now, tz=tz)


def invitees(db: Database, team_id: str, user_ids: list[str]) -> tuple[list[str], dict[str, int]]:
    with db.reading() as session:
        return sort_invitees(session, team_id, user_ids)


def follow_tz(db: Database, team_id: str, user_id: str, tz: str | None) -> bool:
    """A messenger's Slack time zone changed (quiet hours are in it): a read decides, and only a change
    writes. Slack sends a profile change for anyone's status or photo too: thousands a day."""
    with db.reading() as session:
        if not tz_differs(session, team_id, user_id, tz):
            return False
    with db.transaction() as session:
        return update_tz(session, team_id, user_id, tz)


def decline_now(db: Database, team_id: str, user_id: str, now: datetime) -> None:
    with db.transaction() as session:
        decline(session, team_id, user_id, now)


def decline(session: Session, team_id: str, user_id: str, now: datetime) -> None:
    """'Not now' on the welcome: no more messages until they join themselves."""
    messenger = find_or_create(session, team_id, user_id, now)
    if messenger.onboarded_at is None:
        set_status(session, messenger, MessengerStatus.OPTED_OUT, "declined", now)
        contact.forbid(session, team_id, user_id, now)


# ----- pause, resume, stop -------------------------------------------------------------------


_DURATION = re.compile(r"^(\d{1,3})\s*(d|day|days|w|wk|wks|week|weeks|m|mo|month|months)$", re.ASCII)


def parse_pause(text: str, now: datetime, tz: str) -> datetime:
    """`2w`, `10d`, `1 month`, `until 2027-01-15` -> when to resume (UTC). Raises Refused."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise Refused(invalid("pause_empty"))
    if cleaned.startswith("until"):
        day_text = cleaned[len("until") :].strip()
        example = (now + timedelta(days=30)).date().isoformat()
        try:
            day = date.fromisoformat(day_text)
            resume = datetime.combine(day, time(0, 0), tzinfo=ZoneInfo(valid_tz(tz)))
            resume.astimezone(UTC)
        except (ValueError, OverflowError):
            raise Refused(invalid("pause_not_a_date", typed=day_text[:40], example=example)) from None
        if resume <= now:
            raise Refused(invalid("pause_not_future", day=day.isoformat()))
    else:
        match = _DURATION.match(cleaned)
        if match is None:
            raise Refused(invalid("pause_unreadable", typed=text.strip()[:40]))
        count, unit = int(match.group(1)), match.group(2)
        if count == 0:
            raise Refused(invalid("pause_zero"))
        days = count * (7 if unit.startswith("w") else 30 if unit.startswith("m") else 1)
        resume = now + timedelta(days=days)
    if resume - now > timedelta(days=MAX_PAUSE_DAYS):
        raise Refused(invalid("pause_too_long", days=MAX_PAUSE_DAYS))
    return resume


@dataclass(frozen=True)
class Paused:
    until: datetime
    tz: str


def pause_for(db: Database, team_id: str, user_id: str, text: str, now: datetime, via: str) -> Paused:
    """`/drumbeat pause 2w`: read how long, and pause. Raises Refused (what to fix) or NotJoined."""
    with db.transaction() as session:
        found = find(session, team_id, user_id)
        tz = found.tz if found else "UTC"
        until = parse_pause(text, now, tz)
        pause(session, team_id, user_id, until, now, via=via)
        return Paused(until, tz)


def pause_days(db: Database, team_id: str, user_id: str, days: int, now: datetime, via: str) -> bool:
    """The Home's *Pause for two weeks*; False if they have not joined."""
    with db.transaction() as session:
        try:
            pause(session, team_id, user_id, now + timedelta(days=days), now, via=via)
        except NotJoined:
            return False
        return True


def resume_now(db: Database, team_id: str, user_id: str, now: datetime, via: str) -> bool:
    """Back to active now; False if they were not paused. Raises NotJoined."""
    with db.transaction() as session:
        return resume(session, team_id, user_id, now, via=via)


def pause(session: Session, team_id: str, user_id: str, until: datetime, now: datetime, via: str) -> Messenger:
    messenger = find(session, team_id, user_id)
    if messenger is None or messenger.onboarded_at is None or messenger.status == MessengerStatus.OPTED_OUT:
        raise NotJoined()
    set_status(session, messenger, MessengerStatus.PAUSED, via, now)
    messenger.paused_until = until
    return messenger


def resume(session: Session, team_id: str, user_id: str, now: datetime, via: str) -> bool:
    """Back to active; False if they were not paused."""
    messenger = find(session, team_id, user_id)
    if messenger is None or messenger.onboarded_at is None or messenger.status == MessengerStatus.OPTED_OUT:
        raise NotJoined()
    return set_status(session, messenger, MessengerStatus.ACTIVE, via, now)


def resume_due(session: Session, now: datetime) -> list[int]:
    """Resume everyone whose pause has run out; returns their ids."""
    due = session.scalars(
        select(Messenger).where(Messenger.status == MessengerStatus.PAUSED, Messenger.paused_until <= now)
    ).all()
    for messenger in due:
        set_status(session, messenger, MessengerStatus.ACTIVE, "pause_ended", now)
    return [m.id for m in due]


def is_stop_word(text: str | None) -> bool:
    """STOP, stop, Unsubscribe, opt out, ALTO, Basta, ¡Parar!...: alone in the message, any case, accents and
    punctuation around it ignored, in every language Drumbeat speaks."""
    return stop_word_language(text) is not None


def stop_word_language(text: str | None) -> str | None:
    """The language of the stop word `text` is ("en", "es"), or None if it is not one."""
    if not text:
        return None
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    cleaned = " ".join(plain.strip().strip(".!¡?¿").casefold().split())
    return next((language for language, words in STOP_WORDS.items() if cleaned in words), None)


@dataclass(frozen=True)
class Left:
    """What stopping or deleting did: `changed` (False: nothing to do, they had stopped or were unknown),
    and who moved up into event places the person gave up (each hears so)."""

    changed: bool
    moved_up: list[attendance.MovedUp]


def stop(db: Database, team_id: str, user_id: str, now: datetime, via: str, *, event_id: str | None = None) -> Left:
    """STOP, in a transaction of its own (with the Slack event's id when it came as one: a retry of the same
    event finds it and changes nothing)."""
    with db.transaction() as session:
        if event_id is not None and not slack_events.claim(session, event_id, now):
            return Left(False, [])
        return opt_out(session, team_id, user_id, now, via)


def delete_everything(db: Database, team_id: str, user_id: str, now: datetime) -> Left:
    """Delete-me, in a transaction of its own (see `delete_data`)."""
    with db.transaction() as session:
        return delete_data(session, team_id, user_id, now)


def opt_out(session: Session, team_id: str, user_id: str, now: datetime, via: str) -> Left:
    """Stop everything for this person, at once: pending asks, places at events (the next in line moves
    up). `changed` the first time (confirm once), not when they had stopped already.

    Someone who deleted their data is already on the do-not-contact list: nothing is created for them
    and nothing is confirmed (Drumbeat never messages them again)."""
    if find(session, team_id, user_id) is None and contact.forbidden(session, team_id, user_id):
        return Left(False, [])
    contact.forbid(session, team_id, user_id, now)
    messenger = find_or_create(session, team_id, user_id, now)
    changed = set_status(session, messenger, MessengerStatus.OPTED_OUT, via, now)
    if changed:
        session.execute(
            update(Delivery)
            .where(Delivery.messenger_id == messenger.id, Delivery.state == DeliveryState.PENDING)
            .values(state=DeliveryState.SKIPPED, last_error="opted_out")
        )
    held.forget(session, team_id, user_id, their_words=False)
    return Left(changed, attendance.give_up(session, team_id, user_id))


def set_identity(session: Session, team_id: str, user_id: str, *, tz: str | None, name: str | None) -> str:
    """Keep their Slack time zone and name current; returns the time zone in effect."""
    messenger = find(session, team_id, user_id)
    if messenger is None:
        return valid_tz(tz)
    if tz:
        messenger.tz = valid_tz(tz)
    if name:
        messenger.display_name = name
    return messenger.tz


def remember_identity(db: Database, team_id: str, user_id: str, *, tz: str | None, name: str | None) -> str:
    """`set_identity` in a transaction of its own (Slack's answer, looked up at the edge)."""
    with db.transaction() as session:
        return set_identity(session, team_id, user_id, tz=tz, name=name)


def tz_differs(session: Session, team_id: str, user_id: str, tz: str | None) -> bool:
    """Would `update_tz` change anything? (A read: most profile changes in a workspace are not a messenger's
    time zone, and need no write at all.)"""
    if not tz:
        return False
    known = session.scalar(select(Messenger.tz).where(Messenger.team_id == team_id, Messenger.user_id == user_id))
    return known is not None and known != valid_tz(tz)


def update_tz(session: Session, team_id: str, user_id: str, tz: str | None) -> bool:
    messenger = find(session, team_id, user_id)
    if messenger is None or not tz or messenger.tz == valid_tz(tz):
        return False
    messenger.tz = valid_tz(tz)
    return True


# ----- deletion ------------------------------------------------------------------------------


def delete_data(session: Session, team_id: str, user_id: str, now: datetime) -> Left:
    """Erase every word they gave and every trace of their id; counts survive without identity. An
    organizer's replies in the inbox go too, her id leaves what she made or decided (the coalition keeps a
    campaign's, call's or plan row's own text, without her id), and she is no longer an organizer.

    They go on the do-not-contact list (a keyed hash, not their id): Drumbeat never messages them again
    unless they `/drumbeat join` themselves."""
    contact.forbid(session, team_id, user_id, now)
    _forget_in_targeting(session, team_id, user_id)
    inbox.forget(session, team_id, user_id)
    moved = attendance.forget(session, team_id, user_id)
    roles.forget(session, team_id, user_id)
    held.forget(session, team_id, user_id, their_words=True)
    languages.forget(session, team_id, user_id)
    messenger = find(session, team_id, user_id)
    session.execute(delete(Notice).where(Notice.team_id == team_id, Notice.user_id == user_id))
    if messenger is None:
        return Left(False, moved)
    # Notes are nothing but their words; answers keep their outcome (counts) without words or identity.
    session.execute(delete(CheckIn).where(CheckIn.messenger_id == messenger.id, CheckIn.outcome == Outcome.NOTE))
    session.execute(
        update(CheckIn).where(CheckIn.messenger_id == messenger.id).values(note=None, evidence=None, messenger_id=None)
    )
    session.execute(
        update(Delivery)
        .where(Delivery.messenger_id == messenger.id, Delivery.state == DeliveryState.PENDING)
        .values(state=DeliveryState.CANCELLED, last_error="deleted")
    )
    session.execute(
        update(Delivery).where(Delivery.messenger_id == messenger.id).values(messenger_id=None, channel=None, ts=None)
    )
    session.delete(messenger)
    return Left(True, moved)


def _forget_in_targeting(session: Session, team_id: str, user_id: str) -> None:
    """Calls to action that named them (`people=@them`) keep their targeting without the id."""
    named = session.scalars(
        select(Call).where(Call.team_id == team_id, cast(Call.targeting, String).contains(user_id))
    ).all()
    for call in named:
        targeting = dict(call.targeting)
        targeting["user_ids"] = [u for u in targeting.get("user_ids", []) if u != user_id]
        if not targeting["user_ids"] and call.status == CallStatus.DRAFT:
            session.delete(call)  # a draft for them alone: without them it would fit everyone
            continue
        call.targeting = targeting


# ----- who may be messaged -------------------------------------------------------------------


def may_receive_asks(messenger: Messenger | None, now: datetime) -> bool:
    if messenger is None or messenger.onboarded_at is None:
        return False
    if messenger.status == MessengerStatus.ACTIVE:
        return True
    return (
        messenger.status == MessengerStatus.PAUSED
        and messenger.paused_until is not None
        and messenger.paused_until <= now
    )


def resume_all_due(db: Database, now: datetime) -> list[int]:
    with db.transaction() as session:
        return resume_due(session, now)


def everyone(db: Database) -> list[tuple[str, str | None, str]]:
    """(user id, name, time zone) of every messenger: the playground puts them back in its workspace."""
    with db.reading() as session:
        return [
            (u, n, t) for u, n, t in session.execute(select(Messenger.user_id, Messenger.display_name, Messenger.tz))
        ]
