"""The allowed values of Drumbeat's data, with the plain words people see for each.

The database enforces these (CHECK constraints); views and reports use the labels.
"""

from __future__ import annotations

import enum
from typing import TypeVar


def N_(message: str) -> str:
    """Marks a label for translation (`pybabel extract` finds it); views translate it where it is shown."""
    return message


class Level(enum.StrEnum):
    LEAD = "lead"
    ORGANIZE = "organize"
    PARTICIPATE = "participate"
    OCCASIONAL = "occasional"


LEVEL_LABELS: dict[Level, tuple[str, str]] = {
    Level.LEAD: (N_("Lead"), N_("Speak at events, testify, be quoted")),
    Level.ORGANIZE: (N_("Organize"), N_("Host meetings, recruit, coordinate others")),
    Level.PARTICIPATE: (N_("Participate"), N_("Attend events, meetings and visits")),
    Level.OCCASIONAL: (N_("Occasional"), N_("An occasional call, email or share")),
}


class Method(enum.Flag):
    OUTREACH = 1
    EDUCATION = 2
    MEETINGS = 4
    SOCIAL = 8
    MEDIA = 16


METHOD_KEYS: dict[Method, str] = {
    Method.OUTREACH: "outreach",
    Method.EDUCATION: "education",
    Method.MEETINGS: "meetings",
    Method.SOCIAL: "social",
    Method.MEDIA: "media",
}
METHOD_LABELS: dict[Method, tuple[str, str]] = {
    Method.OUTREACH: (N_("Direct outreach"), N_("Calls and emails to officials")),
    Method.EDUCATION: (N_("Education and awareness"), N_("Talks, trainings, one-on-ones")),
    Method.MEETINGS: (N_("In-person meetings and visits"), N_("Meetings, site visits, hearings")),
    Method.SOCIAL: (N_("Social media"), N_("Posts and shares")),
    Method.MEDIA: (N_("Traditional media"), N_("Letters to the editor, op-eds, interviews")),
}


class Skill(enum.Flag):
    PUBLIC_SPEAKING = 1
    WRITING = 2
    LIVED_EXPERIENCE = 4
    FAMILY_MEMBER = 8
    LEGAL = 16
    EMPLOYMENT = 32
    HOUSING = 64
    HEALTH = 128
    FAITH = 256
    BUSINESS = 512
    SERVICE_PROVIDER = 1024
    RESEARCH = 2048
    TRANSLATION = 4096
    OTHER = 8192


SKILL_KEYS: dict[Skill, str] = {
    Skill.PUBLIC_SPEAKING: "speaking",
    Skill.WRITING: "writing",
    Skill.LIVED_EXPERIENCE: "lived",
    Skill.FAMILY_MEMBER: "family",
    Skill.LEGAL: "legal",
    Skill.EMPLOYMENT: "employment",
    Skill.HOUSING: "housing",
    Skill.HEALTH: "health",
    Skill.FAITH: "faith",
    Skill.BUSINESS: "business",
    Skill.SERVICE_PROVIDER: "provider",
    Skill.RESEARCH: "research",
    Skill.TRANSLATION: "translation",
    Skill.OTHER: "other",
}
SKILL_LABELS: dict[Skill, str] = {
    Skill.PUBLIC_SPEAKING: N_("Public speaking"),
    Skill.WRITING: N_("Writing"),
    Skill.LIVED_EXPERIENCE: N_("Lived experience of incarceration or reentry"),
    Skill.FAMILY_MEMBER: N_("Family member of someone incarcerated"),
    Skill.LEGAL: N_("Legal"),
    Skill.EMPLOYMENT: N_("Employment and workforce"),
    Skill.HOUSING: N_("Housing"),
    Skill.HEALTH: N_("Health and behavioral health"),
    Skill.FAITH: N_("Faith leadership"),
    Skill.BUSINESS: N_("Business owner or employer"),
    Skill.SERVICE_PROVIDER: N_("Service provider"),
    Skill.RESEARCH: N_("Research and data"),
    Skill.TRANSLATION: N_("Translation"),
    Skill.OTHER: N_("Other"),
}


class Connection(enum.Flag):
    FAITH = 1
    BUSINESS = 2
    NEIGHBORHOOD = 4
    SERVICE_PROVIDERS = 8
    SCHOOLS = 16
    MEDIA = 32


CONNECTION_KEYS: dict[Connection, str] = {
    Connection.FAITH: "faith",
    Connection.BUSINESS: "business",
    Connection.NEIGHBORHOOD: "neighborhood",
    Connection.SERVICE_PROVIDERS: "providers",
    Connection.SCHOOLS: "schools",
    Connection.MEDIA: "media",
}
CONNECTION_LABELS: dict[Connection, str] = {
    Connection.FAITH: N_("Faith community"),
    Connection.BUSINESS: N_("Business community"),
    Connection.NEIGHBORHOOD: N_("Neighborhood association"),
    Connection.SERVICE_PROVIDERS: N_("Service providers"),
    Connection.SCHOOLS: N_("Schools"),
    Connection.MEDIA: N_("Media contacts"),
}


NO_METHODS, NO_SKILLS, NO_CONNECTIONS = Method(0), Skill(0), Connection(0)


class Frequency(enum.StrEnum):
    TWICE_WEEKLY = "twice_weekly"
    WEEKLY = "weekly"
    TWICE_MONTHLY = "twice_monthly"
    MONTHLY = "monthly"


# (asks allowed, window in days)
FREQUENCY_LIMITS: dict[Frequency, tuple[int, int]] = {
    Frequency.TWICE_WEEKLY: (2, 7),
    Frequency.WEEKLY: (1, 7),
    Frequency.TWICE_MONTHLY: (2, 30),
    Frequency.MONTHLY: (1, 30),
}
FREQUENCY_LABELS: dict[Frequency, str] = {
    Frequency.TWICE_WEEKLY: N_("Up to twice a week"),
    Frequency.WEEKLY: N_("Up to once a week"),
    Frequency.TWICE_MONTHLY: N_("Up to twice a month"),
    Frequency.MONTHLY: N_("Up to once a month"),
}
DEFAULT_FREQUENCY: dict[Level, Frequency] = {
    Level.LEAD: Frequency.WEEKLY,
    Level.ORGANIZE: Frequency.WEEKLY,
    Level.PARTICIPATE: Frequency.TWICE_MONTHLY,
    Level.OCCASIONAL: Frequency.TWICE_MONTHLY,
}


class MessengerStatus(enum.StrEnum):
    PENDING = "pending"  # welcomed or started, profile not finished
    ACTIVE = "active"
    PAUSED = "paused"
    OPTED_OUT = "opted_out"


class ChangeType(enum.StrEnum):
    POLICY = "policy"
    PRACTICE = "practice"
    FUNDING = "funding"


class CampaignStatus(enum.StrEnum):
    ADVOCATING = "advocating"
    WON = "won"
    IMPLEMENTING = "implementing"
    SUSTAINED = "sustained"
    STALLED = "stalled"


class Audience(enum.StrEnum):
    DECISION_MAKER = "decision_maker"
    PUBLIC = "public"
    PRESS = "press"
    COALITION = "coalition"  # the coalition's own leaders: "an occasional call with a coalition leader"


AUDIENCE_LABELS: dict[Audience, str] = {
    Audience.DECISION_MAKER: N_("A decision maker"),
    Audience.PUBLIC: N_("The public"),
    Audience.PRESS: N_("The press"),
    Audience.COALITION: N_("The coalition's own leaders"),
}


class Effort(enum.StrEnum):
    """How much a call to action asks of someone. A messenger gets asks at or below their level's."""

    QUICK = "quick"  # a call, an email, a share
    TAKE_PART = "take_part"  # attend, join a visit
    ORGANIZE = "organize"  # organize others
    LEAD = "lead"  # lead or speak


EFFORT_LABELS: dict[Effort, tuple[str, str]] = {
    Effort.QUICK: (N_("Quick action"), N_("A call, an email, a share")),
    Effort.TAKE_PART: (N_("Take part"), N_("Attend an event, join a visit")),
    Effort.ORGANIZE: (N_("Organize others"), N_("Host, recruit, coordinate")),
    Effort.LEAD: (N_("Lead or speak"), N_("Speak, testify, be quoted")),
}
EFFORT_RANK: dict[Effort, int] = {effort: rank for rank, effort in enumerate(Effort)}
# The most each level signed up for (LEVEL_LABELS says the same in words).
LEVEL_EFFORT: dict[Level, Effort] = {
    Level.LEAD: Effort.LEAD,
    Level.ORGANIZE: Effort.ORGANIZE,
    Level.PARTICIPATE: Effort.TAKE_PART,
    Level.OCCASIONAL: Effort.QUICK,
}
# What each tactic usually asks; the organizer can change it.
SUGGESTED_EFFORT: dict[Method, Effort] = {
    Method.OUTREACH: Effort.QUICK,
    Method.EDUCATION: Effort.TAKE_PART,
    Method.MEETINGS: Effort.TAKE_PART,
    Method.SOCIAL: Effort.QUICK,
    Method.MEDIA: Effort.LEAD,
}


def levels_for(effort: Effort) -> frozenset[Level]:
    """The levels that signed up for at least this much."""
    return frozenset(level for level, most in LEVEL_EFFORT.items() if EFFORT_RANK[most] >= EFFORT_RANK[effort])


def suggested_effort(tactic: Method, audience: Audience | None) -> Effort:
    """A call with a coalition leader is a quick, passive ask (Occasional messengers get it too)."""
    return Effort.QUICK if audience == Audience.COALITION else SUGGESTED_EFFORT[tactic]


class ScheduleKind(enum.StrEnum):
    NOW = "now"
    AT = "at"  # a moment in the coalition's zone
    LOCAL = "local"  # a wall-clock time in each messenger's own zone


class CallStatus(enum.StrEnum):
    DRAFT = "draft"  # being previewed; nothing planned yet
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class DeliveryState(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class Outcome(enum.StrEnum):
    DONE = "done"
    WILL_DO = "will_do"
    CANT = "cant"
    NOTE = "note"
    # answers to implementation checks after a win
    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


class WeekState(enum.StrEnum):
    """A week of the plan's drafts (the autopilot): nothing is sent until an organizer approves."""

    DRAFTED = "drafted"
    APPROVED = "approved"
    SKIPPED = "skipped"


# Answers to an ask; the latest of them counts (a note written afterwards does not replace it).
ANSWERS: tuple[Outcome, ...] = (Outcome.DONE, Outcome.WILL_DO, Outcome.CANT)


class CheckStage(enum.StrEnum):
    """What an implementation check after a win asks."""

    IMPLEMENTED = "implemented"  # is it being implemented as intended?
    SUSTAINED = "sustained"  # is it holding up over time?


class CheckState(enum.StrEnum):
    SCHEDULED = "scheduled"
    ASKED = "asked"


class Barrier(enum.StrEnum):
    TIME = "time"
    TRANSPORT = "transport"
    CHILDCARE = "childcare"
    NOT_COMFORTABLE = "not_comfortable"
    NEED_INFO = "need_info"
    OTHER = "other"


BARRIER_LABELS: dict[Barrier, str] = {
    Barrier.TIME: N_("Time"),
    Barrier.TRANSPORT: N_("Transport"),
    Barrier.CHILDCARE: N_("Childcare"),
    Barrier.NOT_COMFORTABLE: N_("Not comfortable yet"),
    Barrier.NEED_INFO: N_("Need more information"),
    Barrier.OTHER: N_("Other"),
}


# Answers to an implementation check after a win, in the order they are offered.
CHECK_ANSWER_LABELS: dict[Outcome, str] = {
    Outcome.YES: N_("Yes"),
    Outcome.NO: N_("No"),
    Outcome.NOT_SURE: N_("Not sure"),
}


class NoticeKind(enum.StrEnum):
    """One-time messages (the `notices` table): each is sent at most once per person and subject."""

    WELCOME = "welcome"  # subject: ""
    REMINDER = "reminder"  # subject: the delivery id
    IMPLEMENTATION = "implementation"  # an implementation check asked; subject: the check id
    DIGEST = "digest"  # the weekly digest; "user": the channel, subject: the week
    CHANNEL = "channel"  # "Drumbeat is not in that channel" to an organizer; subject: "<channel>:<day>"
    WIN = "win"  # a won campaign shared with one who carried its asks (or the channel); subject: the campaign id
    EVENT_DAY = "event_day"  # the day-before reminder of an event; subject: the RSVP id
    EVENT_HOUR = "event_hour"  # the hour-before reminder; subject: the RSVP id
    EVENT_AFTER = "event_after"  # "Were you there?"; subject: the RSVP id
    MONTHLY = "monthly"  # the monthly "your drumbeat" note; subject: the month, YYYY-MM
    GAP = "gap"  # "no completed contacts in 14 days" to an organizer; subject: "<row>:<first day of the gap>"


class CheckInSource(enum.StrEnum):
    BUTTON = "button"
    FORM = "form"
    THREAD = "thread"
    DM = "dm"
    SLASH = "slash"


F = TypeVar("F", bound=enum.Flag)


def flag_members(value: F) -> list[F]:
    """The single flags set in `value`, in declaration order."""
    return [member for member in type(value) if member & value]
