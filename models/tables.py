"""Drumbeat's tables: SQLAlchemy 2.0 typed models.

The database itself enforces the invariants: allowed values (CHECK constraints), one delivery per
call to action and messenger, one record per processed Slack event and per one-time notice.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from models.types import FlagSet, UTCDateTime
from models.vocab import (
    Audience,
    Barrier,
    CallStatus,
    CampaignStatus,
    ChangeType,
    CheckInSource,
    CheckStage,
    CheckState,
    Connection,
    DeliveryState,
    Effort,
    Frequency,
    Level,
    MessengerStatus,
    Method,
    Outcome,
    ScheduleKind,
    Skill,
    WeekState,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _enum(cls: type[Any], name: str) -> Enum:
    """A portable string enum: VARCHAR plus a CHECK constraint listing the values."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=20,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Messenger(Base):
    """A supporter who carries the coalition's message. Only what matching and reports need."""

    __tablename__ = "messengers"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id", name="uq_messengers_team_user"),
        CheckConstraint("quiet_start BETWEEN 0 AND 1439", name="quiet_start_range"),
        CheckConstraint("quiet_end BETWEEN 0 AND 1439", name="quiet_end_range"),
        CheckConstraint("methods >= 0 AND methods < 32", name="methods_mask"),
        CheckConstraint("skills >= 0 AND skills < 16384", name="skills_mask"),
        CheckConstraint("connections >= 0 AND connections < 64", name="connections_mask"),
        # Covers matching: the candidates and their timing are read from the index alone.
        Index(
            "ix_messengers_match",
            "team_id",
            "status",
            "tz",
            "quiet_start",
            "quiet_end",
            "frequency",
            "level",
            "methods",
            "skills",
            "onboarded_at",
            "paused_until",
            "last_asked_at",
            "district_id",
            "connections",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(40))
    display_name: Mapped[str | None] = mapped_column(String(255))
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    level: Mapped[Level | None] = mapped_column(_enum(Level, "level"))
    methods: Mapped[Method] = mapped_column(FlagSet(Method), default=Method(0))
    skills: Mapped[Skill] = mapped_column(FlagSet(Skill), default=Skill(0))
    skills_note: Mapped[str | None] = mapped_column(String(200))
    connections: Mapped[Connection] = mapped_column(FlagSet(Connection), default=Connection(0))
    ties: Mapped[str | None] = mapped_column(String(500))  # "I know Councilmember Ortiz": their words, never matched
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"))
    frequency: Mapped[Frequency] = mapped_column(_enum(Frequency, "frequency"), default=Frequency.TWICE_MONTHLY)
    quiet_start: Mapped[int] = mapped_column(Integer, default=20 * 60)  # minutes after local midnight
    quiet_end: Mapped[int] = mapped_column(Integer, default=9 * 60)
    credit_ok: Mapped[bool] = mapped_column(Boolean, default=False)
    monthly_note: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())  # "your drumbeat"
    status: Mapped[MessengerStatus] = mapped_column(
        _enum(MessengerStatus, "messenger_status"), default=MessengerStatus.PENDING
    )
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    history: Mapped[list[StatusChange]] = relationship(
        back_populates="messenger", cascade="all, delete-orphan", passive_deletes=True
    )
    knows: Mapped[list[Acquaintance]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class District(Base):
    """A district or ward the coalition organizes by: decision makers represent one, messengers live in one."""

    __tablename__ = "districts"
    __table_args__ = (UniqueConstraint("team_id", "name", name="uq_districts_team_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Acquaintance(Base):
    """A decision maker a messenger knows personally, picked in their profile. By the decision maker's key
    (their name, normalized), so a person named in several campaigns is one pick."""

    __tablename__ = "messenger_knows"
    __table_args__ = (Index("ix_messenger_knows_key", "key", "messenger_id"),)

    messenger_id: Mapped[int] = mapped_column(ForeignKey("messengers.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(150), primary_key=True)


class StatusChange(Base):
    """Every change of a messenger's status, with its time and how it happened."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    messenger_id: Mapped[int] = mapped_column(ForeignKey("messengers.id", ondelete="CASCADE"), index=True)
    status: Mapped[MessengerStatus] = mapped_column(_enum(MessengerStatus, "messenger_status"))
    via: Mapped[str] = mapped_column(String(30))
    at: Mapped[datetime] = mapped_column(UTCDateTime())

    messenger: Mapped[Messenger] = relationship(back_populates="history")


class Organizer(Base):
    """Organizers added in Slack; those named in DRUMBEAT_ORGANIZERS and workspace admins need no row."""

    __tablename__ = "organizers"
    __table_args__ = (UniqueConstraint("team_id", "user_id", name="uq_organizers_team_user"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(40))
    added_by: Mapped[str] = mapped_column(String(40))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Speaks(Base):
    """The language a person reads Drumbeat in (anyone: messenger, organizer, someone just invited): taken
    from their Slack locale the first time Drumbeat writes to them, or chosen (`chosen`: then Slack's is
    never asked again). Erased when the person deletes their data."""

    __tablename__ = "speaks"
    __table_args__ = (
        UniqueConstraint("team_id", "user_id", name="uq_speaks_team_user"),
        CheckConstraint("language IN ('en', 'es')", name="language_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(8))
    chosen: Mapped[bool] = mapped_column(Boolean, default=False)


class Campaign(Base):
    """A policy, practice or funding change the coalition pursues."""

    __tablename__ = "campaigns"
    __table_args__ = (CheckConstraint("length(name) > 0", name="name_present"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(150))
    change_type: Mapped[ChangeType] = mapped_column(_enum(ChangeType, "change_type"))
    goal: Mapped[str | None] = mapped_column(Text)
    status: Mapped[CampaignStatus] = mapped_column(
        _enum(CampaignStatus, "campaign_status"), default=CampaignStatus.ADVOCATING
    )
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    won_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    commitment: Mapped[str | None] = mapped_column(Text)  # what the decision makers committed to, and proof

    decision_makers: Mapped[list[DecisionMaker]] = relationship(
        back_populates="campaign", cascade="all, delete-orphan", order_by="DecisionMaker.id"
    )


class DecisionMaker(Base):
    """Someone whose decision a campaign needs: "Mayor Lee", "County Board"."""

    __tablename__ = "decision_makers"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(150))
    role: Mapped[str | None] = mapped_column(String(150))
    key: Mapped[str] = mapped_column(String(150), index=True)  # the name, normalized: one person across campaigns
    district_id: Mapped[int | None] = mapped_column(ForeignKey("districts.id", ondelete="SET NULL"))

    campaign: Mapped[Campaign] = relationship(back_populates="decision_makers")


class Call(Base):
    """A call to action: objective, audience, the ask, who should get it and when."""

    __tablename__ = "calls"
    __table_args__ = (
        CheckConstraint("length(objective) > 0", name="objective_present"),
        CheckConstraint("tactic IN (1, 2, 4, 8, 16)", name="one_tactic"),
        CheckConstraint("spread_days >= 0 AND spread_days <= 60", name="spread_range"),
        CheckConstraint("audience = 'decision_maker' OR decision_maker_id IS NULL", name="audience_decision_maker"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    tactic: Mapped[Method] = mapped_column(FlagSet(Method))
    objective: Mapped[str] = mapped_column(Text)
    audience: Mapped[Audience] = mapped_column(_enum(Audience, "audience"))
    decision_maker_id: Mapped[int | None] = mapped_column(ForeignKey("decision_makers.id", ondelete="SET NULL"))
    ask: Mapped[str] = mapped_column(Text, default="")
    # The organizer's words in Spanish, if she wrote them: Spanish speakers get them (else the above, as written).
    objective_es: Mapped[str | None] = mapped_column(Text)
    ask_es: Mapped[str | None] = mapped_column(Text)
    links: Mapped[str | None] = mapped_column(Text)
    targeting: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    schedule_kind: Mapped[ScheduleKind] = mapped_column(_enum(ScheduleKind, "schedule_kind"))
    send_at: Mapped[datetime] = mapped_column(UTCDateTime())
    local_time: Mapped[str | None] = mapped_column(String(5))
    spread_days: Mapped[int] = mapped_column(Integer, default=0)
    due_date: Mapped[date | None] = mapped_column(Date)
    effort: Mapped[Effort | None] = mapped_column(_enum(Effort, "effort"))  # None: made before efforts existed
    status: Mapped[CallStatus] = mapped_column(_enum(CallStatus, "call_status"), default=CallStatus.SCHEDULED)
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status_channel: Mapped[str | None] = mapped_column(String(40))
    status_ts: Mapped[str | None] = mapped_column(String(40))
    # Drafted by the autopilot for a plan row and week (None: an organizer's one-off call).
    plan_row_id: Mapped[int | None] = mapped_column(ForeignKey("plan_rows.id", ondelete="SET NULL"))
    planned_week_id: Mapped[int | None] = mapped_column(ForeignKey("planned_weeks.id", ondelete="SET NULL"), index=True)

    campaign: Mapped[Campaign] = relationship()
    decision_maker: Mapped[DecisionMaker | None] = relationship()


class PlanRow(Base):
    """One line of a campaign's tactics chart: a tactic aimed at an audience, with its objective, effort,
    a cadence target in completed contacts per week, the weeks it runs, and its ask templates."""

    __tablename__ = "plan_rows"
    __table_args__ = (
        CheckConstraint("tactic IN (1, 2, 4, 8, 16)", name="one_tactic"),
        CheckConstraint("per_week BETWEEN 1 AND 100", name="per_week_range"),
        CheckConstraint("weeks BETWEEN 1 AND 104", name="weeks_range"),
        CheckConstraint("audience = 'decision_maker' OR decision_maker_id IS NULL", name="audience_decision_maker"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    tactic: Mapped[Method] = mapped_column(FlagSet(Method))
    audience: Mapped[Audience] = mapped_column(_enum(Audience, "audience"))
    decision_maker_id: Mapped[int | None] = mapped_column(ForeignKey("decision_makers.id", ondelete="SET NULL"))
    objective: Mapped[str] = mapped_column(Text)
    objective_es: Mapped[str | None] = mapped_column(Text)  # in Spanish, if written (a template may have "ask_es")
    effort: Mapped[Effort] = mapped_column(_enum(Effort, "effort"))
    per_week: Mapped[int] = mapped_column(Integer)  # completed contacts a week: the target
    constituents_first: Mapped[bool] = mapped_column(Boolean, default=True)
    starts_on: Mapped[date] = mapped_column(Date)  # a Monday
    weeks: Mapped[int] = mapped_column(Integer)
    asks: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)  # [{"ask", "ask_es", "links"}]
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    campaign: Mapped[Campaign] = relationship()
    decision_maker: Mapped[DecisionMaker | None] = relationship()


class PlannedWeek(Base):
    """A planned week of the autopilot's drafts (a week for every row, or a gap filled for one row), and what an
    organizer decided about it. Nothing in it is sent until it is approved."""

    __tablename__ = "planned_weeks"
    __table_args__ = (Index("ix_planned_weeks_team_first_day", "team_id", "first_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    first_day: Mapped[date] = mapped_column(Date)  # the Monday of the week drafted, or the first day of a gap fill
    row_id: Mapped[int | None] = mapped_column(ForeignKey("plan_rows.id", ondelete="SET NULL"))  # None: every row
    state: Mapped[WeekState] = mapped_column(_enum(WeekState, "week_state"), default=WeekState.DRAFTED)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # what the draft said, per row
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[str | None] = mapped_column(String(40))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Delivery(Base):
    """The outbox: one row per call to action and messenger, committed before Slack is called."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("call_id", "messenger_id", name="uq_deliveries_call_messenger"),
        CheckConstraint("attempts >= 0", name="attempts_nonnegative"),
        # Due rows for the sender; with messenger_id, it also covers the recent asks behind ask limits.
        Index("ix_deliveries_state_due_messenger", "state", "due_at", "messenger_id"),
        Index("ix_deliveries_messenger_due", "messenger_id", "due_at"),
        # Asks that reached Slack per call to action, over a period (coverage counts them for a year).
        Index("ix_deliveries_call_state_sent", "call_id", "state", "sent_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"))
    # NULL once the messenger deleted their data: the row still counts in reports, without identity.
    messenger_id: Mapped[int | None] = mapped_column(ForeignKey("messengers.id", ondelete="SET NULL"))
    level: Mapped[Level | None] = mapped_column(_enum(Level, "level"))  # at the time of the ask
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[DeliveryState] = mapped_column(_enum(DeliveryState, "delivery_state"), default=DeliveryState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(100))
    needs_check: Mapped[bool] = mapped_column(Boolean, default=False)  # may have reached Slack: look before resending
    channel: Mapped[str | None] = mapped_column(String(40))
    ts: Mapped[str | None] = mapped_column(String(40))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    call: Mapped[Call] = relationship()
    messenger: Mapped[Messenger | None] = relationship()


class ImplementationCheck(Base):
    """After a win: on a set day, messengers connected to the campaign are asked how it is going."""

    __tablename__ = "implementation_checks"
    __table_args__ = (UniqueConstraint("campaign_id", "due_at", name="uq_implementation_checks_campaign_due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    stage: Mapped[CheckStage] = mapped_column(_enum(CheckStage, "check_stage"))
    days_after_win: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[CheckState] = mapped_column(_enum(CheckState, "check_state"), default=CheckState.SCHEDULED)
    asked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    campaign: Mapped[Campaign] = relationship()


class CheckIn(Base):
    """An answer: to a delivery (done, will do, can't, a note) or to a campaign's implementation check.

    Every answer is kept; the latest one for a delivery is the one that counts.
    """

    __tablename__ = "check_ins"
    __table_args__ = (
        CheckConstraint("delivery_id IS NOT NULL OR campaign_id IS NOT NULL", name="has_subject"),
        Index("ix_check_ins_delivery", "delivery_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"))
    check_id: Mapped[int | None] = mapped_column(ForeignKey("implementation_checks.id", ondelete="CASCADE"), index=True)
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    messenger_id: Mapped[int | None] = mapped_column(ForeignKey("messengers.id", ondelete="SET NULL"), index=True)
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome, "outcome"))
    barrier: Mapped[Barrier | None] = mapped_column(_enum(Barrier, "barrier"))
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(String(500))  # a link: a published letter, a post, notes
    source: Mapped[CheckInSource] = mapped_column(_enum(CheckInSource, "check_in_source"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Event(Base):
    """A call to action that is an event: when, where, and slots by role."""

    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("speakers >= 0 AND speakers <= 100", name="speakers_range"),
        CheckConstraint("attendees >= 0 AND attendees <= 10000", name="attendees_range"),
    )

    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    place: Mapped[str] = mapped_column(String(300))  # an address or a link
    speakers: Mapped[int] = mapped_column(Integer, default=0)
    attendees: Mapped[int] = mapped_column(Integer, default=0)


class Rsvp(Base):
    """Someone's place at an event: going or on the waiting list, as a speaker or an attendee; afterwards,
    whether they were there. Erased when the person deletes their data."""

    __tablename__ = "rsvps"
    __table_args__ = (
        UniqueConstraint("call_id", "user_id", name="uq_rsvps_call_user"),
        CheckConstraint("role IN ('speaker', 'attendee')", name="role_known"),
        CheckConstraint("state IN ('going', 'waiting', 'cancelled')", name="state_known"),
        Index("ix_rsvps_call_state", "call_id", "role", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("events.call_id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(40))
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id", ondelete="SET NULL"))
    role: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10))
    attended: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class InboxThread(Base):
    """The open line: what a person wrote to Drumbeat that was not a command or an answer, for organizers.
    Words are kept until the thread is closed plus a retention period (DRUMBEAT_INBOX_DAYS), then erased
    with it; deleting one's data erases them at once."""

    __tablename__ = "inbox_threads"
    __table_args__ = (
        Index("ix_inbox_threads_team_user", "team_id", "user_id"),
        Index("ix_inbox_threads_team_closed", "team_id", "closed_at", "last_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(40))  # who wrote
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_at: Mapped[datetime] = mapped_column(UTCDateTime())  # the latest message, either way
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by: Mapped[str | None] = mapped_column(String(40))

    messages: Mapped[list[InboxMessage]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="InboxMessage.id"
    )


class InboxMessage(Base):
    """One message of a thread: from the person (`organizer` None) or an organizer's reply."""

    __tablename__ = "inbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("inbox_threads.id", ondelete="CASCADE"), index=True)
    organizer: Mapped[str | None] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DoNotContact(Base):
    """People who asked Drumbeat never to message them (STOP, "Not now", deletion), kept as a keyed hash
    of team and user id: no profile, no readable id. Every path that starts a conversation checks it;
    only the person's own `/drumbeat join` (saved) clears it."""

    __tablename__ = "do_not_contact"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Meta(Base):
    """Per-installation values, e.g. the key of the do-not-contact hashes (made by the migration)."""

    __tablename__ = "drumbeat_meta"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class SlackEvent(Base):
    """Slack events already handled: a retry of the same event_id finds its row and does nothing."""

    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)


class Notice(Base):
    """A one-time message to a person (welcome, reminder, check-in prompt) that was sent: never twice."""

    __tablename__ = "notices"
    __table_args__ = (UniqueConstraint("team_id", "user_id", "kind", "subject", name="uq_notices_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(30))
    subject: Mapped[str] = mapped_column(String(60), default="")
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())


class HeldMessage(Base):
    """A DM that would have reached a person in their quiet hours, kept until their daytime (its words: the
    coalition's, or an organizer's, `author`). Erased when the person, or its author, deletes their data,
    and dropped when the person says STOP."""

    __tablename__ = "held_messages"
    __table_args__ = (Index("ix_held_messages_due", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(40))  # whom it is for
    author: Mapped[str | None] = mapped_column(String(40))  # an organizer whose words it carries
    kind: Mapped[str] = mapped_column(String(30))  # what it is, for logs: win, inbox_reply, event_message...
    message: Mapped[dict[str, Any]] = mapped_column(JSON)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


__all__ = [
    "Acquaintance",
    "Base",
    "Call",
    "Campaign",
    "CheckIn",
    "DecisionMaker",
    "Delivery",
    "District",
    "DoNotContact",
    "Event",
    "HeldMessage",
    "ImplementationCheck",
    "InboxMessage",
    "InboxThread",
    "Messenger",
    "Meta",
    "Notice",
    "Organizer",
    "PlanRow",
    "PlannedWeek",
    "Rsvp",
    "SlackEvent",
    "StatusChange",
]
