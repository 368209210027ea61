"""Holding decision makers to account after a win.

When an organizer marks a campaign won, implementation checks are set (by default 30, 90 and 180 days
later). On each, messengers connected to the campaign are asked whether the change is being
implemented (or, for the last, sustained) as intended. The answers build a per-campaign ledger:
the commitment, then implemented?, then sustained?, each with evidence, who said so and when. A check
whose answers are mostly "no" or "not sure" is flagged for the organizers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from core import campaigns, contact, inbox, numbers, privacy
from core.campaigns import set_status
from core.contact import NotJoined
from core.invalid import Refused, invalid
from core.matching import at_ask_limit
from core.text import clean
from core.timing import in_quiet_hours, zone
from models import (
    Acquaintance,
    Call,
    Campaign,
    CheckIn,
    Database,
    Delivery,
    ImplementationCheck,
    Messenger,
    Notice,
)
from models.vocab import CampaignStatus, CheckInSource, CheckStage, CheckState, MessengerStatus, NoticeKind, Outcome

DEFAULT_CHECK_DAYS = (30, 90, 180)
FLAG_MIN_ANSWERS = 3


def parse_check_days(text: str | None) -> tuple[int, ...]:
    """`30,90,180` -> (30, 90, 180). Raises Refused with what is wrong."""
    if not text:
        return DEFAULT_CHECK_DAYS
    days = []
    for part in text.replace(" ", "").split(","):
        day = numbers.read_or_none(part, low=1, high=3650)
        if day is None:
            raise Refused(invalid("checks_days", typed=part[:20]))
        days.append(day)
    if len(days) > 10:
        raise Refused(invalid("checks_many", max=10))
    return tuple(sorted(set(days)))


def mark_won(
    session: Session, campaign: Campaign, now: datetime, check_days: tuple[int, ...], commitment: str | None
) -> list[ImplementationCheck]:
    """Record the win and schedule its implementation checks (the last one asks whether it is sustained)."""
    set_status(session, campaign, CampaignStatus.WON, now)
    campaign.won_at = campaign.won_at or now
    if commitment:
        campaign.commitment = clean(commitment, 2000)
    existing = {
        c.days_after_win
        for c in session.scalars(select(ImplementationCheck).where(ImplementationCheck.campaign_id == campaign.id))
    }
    checks = []
    for index, days in enumerate(check_days):
        if days in existing:
            continue
        last = index == len(check_days) - 1 and len(check_days) > 1
        check = ImplementationCheck(
            campaign_id=campaign.id,
            stage=CheckStage.SUSTAINED if last else CheckStage.IMPLEMENTED,
            days_after_win=days,
            due_at=campaign.won_at + timedelta(days=days),
        )
        session.add(check)
        checks.append(check)
    session.flush()
    return checks


ASKING_DAYS = 3  # people in quiet hours when a check comes due are asked later, for this long


def checks_to_ask(session: Session, now: datetime) -> list[ImplementationCheck]:
    """Checks that have come due, or came due lately (some people were in quiet hours then)."""
    return list(
        session.scalars(
            select(ImplementationCheck).where(
                or_(
                    and_(ImplementationCheck.state == CheckState.SCHEDULED, ImplementationCheck.due_at <= now),
                    and_(
                        ImplementationCheck.state == CheckState.ASKED,
                        ImplementationCheck.asked_at >= now - timedelta(days=ASKING_DAYS),
                    ),
                )
            )
        )
    )


def connected_messengers(session: Session, campaign_id: int) -> list[Messenger]:
    """Active messengers who carried one of the campaign's calls to action, or who picked one of its
    decision makers as someone they know (in their profile; their free-text words never select anyone)."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return []
    carried = (
        select(Delivery.messenger_id)
        .join(Call, Call.id == Delivery.call_id)
        .where(Call.campaign_id == campaign_id, Delivery.messenger_id.is_not(None))
    )
    keys = [m.key for m in campaign.decision_makers]
    knows = select(Acquaintance.messenger_id).where(Acquaintance.key.in_(keys))
    return list(
        session.scalars(
            select(Messenger).where(
                Messenger.team_id == campaign.team_id,
                Messenger.status == MessengerStatus.ACTIVE,
                or_(Messenger.id.in_(carried), Messenger.id.in_(knows)),
            )
        )
    )


@dataclass(frozen=True)
class CheckPrompt:
    """One implementation-check question to send now."""

    team_id: str
    user_id: str
    check_id: int
    campaign: str
    commitment: str | None
    stage: CheckStage
    days_after_win: int


def prompts_due(session: Session, now: datetime) -> list[CheckPrompt]:
    """Who to ask about which check now: the connected messengers of every check that has come due,
    except those in their quiet hours (asked on a later run, within ASKING_DAYS). Marks new checks asked.
    The caller claims a one-time notice per prompt before sending it (`still_askable`, `claim_notice`)."""
    prompts = []
    for check in checks_to_ask(session, now):
        campaign = check.campaign
        for messenger in connected_messengers(session, campaign.id):
            local = now.astimezone(zone(messenger.tz))
            if in_quiet_hours(local.hour * 60 + local.minute, messenger.quiet_start, messenger.quiet_end):
                continue
            prompts.append(
                CheckPrompt(
                    messenger.team_id,
                    messenger.user_id,
                    check.id,
                    campaign.name,
                    campaign.commitment,
                    check.stage,
                    check.days_after_win,
                )
            )
        if check.state == CheckState.SCHEDULED:
            mark_asked(session, check, now)
    return prompts


def still_askable(session: Session, team_id: str, user_id: str, now: datetime) -> bool:
    """Checked just before an implementation check goes: still active, and not at their ask limit (a check
    is an ask like any other: never more often than they agreed)."""
    found = session.scalar(select(Messenger).where(Messenger.team_id == team_id, Messenger.user_id == user_id))
    return found is not None and found.status == MessengerStatus.ACTIVE and not at_ask_limit(session, found, now)


def mark_asked(session: Session, check: ImplementationCheck, now: datetime) -> None:
    check.state = CheckState.ASKED
    check.asked_at = now
    if check.stage == CheckStage.IMPLEMENTED:
        campaign = check.campaign
        if campaign.status == CampaignStatus.WON:
            set_status(session, campaign, CampaignStatus.IMPLEMENTING, now)


class NotAsked(Exception):
    pass


def answer_check(
    session: Session,
    check_id: int,
    team_id: str,
    user_id: str,
    outcome: Outcome,
    now: datetime,
    source: CheckInSource,
    *,
    note: str | None = None,
    evidence: str | None = None,
) -> bool:
    """Record a messenger's answer to an implementation check; False if it repeated their last one."""
    check = session.get(ImplementationCheck, check_id, with_for_update=True)
    messenger = session.scalar(select(Messenger).where(Messenger.team_id == team_id, Messenger.user_id == user_id))
    if messenger is None and contact.forbidden(session, team_id, user_id):
        raise contact.StoppedMessages()  # they deleted their data: an old question's buttons record nothing
    if messenger is not None and messenger.status == MessengerStatus.OPTED_OUT:
        raise contact.StoppedMessages()
    if check is None or messenger is None or check.campaign.team_id != team_id:
        raise NotAsked()
    asked = session.scalar(
        select(Notice.id).where(
            Notice.team_id == team_id,
            Notice.user_id == user_id,
            Notice.kind == NoticeKind.IMPLEMENTATION,
            Notice.subject == str(check_id),
        )
    )
    if asked is None:
        raise NotAsked()  # only the people asked may answer
    note = clean(note, 2000) or None
    evidence = clean(evidence, 500) or None
    last = session.scalar(
        select(CheckIn)
        .where(CheckIn.check_id == check_id, CheckIn.messenger_id == messenger.id)
        .order_by(CheckIn.id.desc())
        .limit(1)
    )
    if last is not None and last.outcome == outcome and note is None and evidence is None:
        return False
    session.add(
        CheckIn(
            check_id=check_id,
            campaign_id=check.campaign_id,
            messenger_id=messenger.id,
            outcome=outcome,
            note=note,
            evidence=evidence,
            source=source,
            created_at=now,
        )
    )
    session.flush()
    return True


@dataclass
class Testimony:
    outcome: Outcome
    who: str
    when: datetime
    note: str | None
    evidence: str | None


@dataclass
class CheckResult:
    check_id: int
    stage: CheckStage
    days_after_win: int
    due_at: datetime
    asked: bool
    counts: Counter[Outcome] = field(default_factory=Counter)
    testimony: list[Testimony] = field(default_factory=list)

    @property
    def answers(self) -> int:
        return sum(self.counts.values())

    @property
    def flagged(self) -> bool:
        """Mostly "no" or "not sure", once enough people have answered."""
        doubtful = self.counts[Outcome.NO] + self.counts[Outcome.NOT_SURE]
        return self.answers >= FLAG_MIN_ANSWERS and doubtful * 2 > self.answers


@dataclass
class Ledger:
    campaign_id: int
    campaign: str
    status: CampaignStatus
    won_at: datetime | None
    commitment: str | None
    checks: list[CheckResult]


def ledger(session: Session, campaign_id: int) -> Ledger | None:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return None
    checks = session.scalars(
        select(ImplementationCheck)
        .where(ImplementationCheck.campaign_id == campaign_id)
        .order_by(ImplementationCheck.due_at)
    ).all()
    results = []
    for check in checks:
        result = CheckResult(check.id, check.stage, check.days_after_win, check.due_at, check.state == CheckState.ASKED)
        rows = session.execute(
            select(CheckIn, Messenger)
            .outerjoin(Messenger, Messenger.id == CheckIn.messenger_id)
            .where(CheckIn.check_id == check.id)
            .order_by(CheckIn.id)
        ).all()
        # The latest answer of each messenger counts (deleted messengers' answers stay, unnamed).
        latest: dict[object, tuple[CheckIn, Messenger | None]] = {}
        for check_in, messenger in rows:
            key = check_in.messenger_id if check_in.messenger_id is not None else ("gone", check_in.id)
            latest[key] = (check_in, messenger)
        for check_in, messenger in latest.values():
            result.counts[check_in.outcome] += 1
            quote = privacy.may_quote(messenger)  # an opted-out person's words are no longer shown
            result.testimony.append(
                Testimony(
                    check_in.outcome,
                    privacy.label(messenger),
                    check_in.created_at,
                    check_in.note if quote else None,
                    check_in.evidence if quote else None,
                )
            )
        results.append(result)
    return Ledger(campaign.id, campaign.name, campaign.status, campaign.won_at, campaign.commitment, results)


@dataclass(frozen=True)
class CheckAnswered:
    """An answer recorded: what the check was, and whether it just turned mostly doubtful."""

    check_id: int
    campaign: str
    stage: CheckStage
    days_after_win: int
    newly_flagged: bool


def record_answer(
    db: Database,
    check_id: int,
    team_id: str,
    user_id: str,
    outcome: Outcome,
    now: datetime,
    source: CheckInSource,
    *,
    note: str | None = None,
    evidence: str | None = None,
) -> CheckAnswered:
    """`answer_check`, then whether the organizers should now hear that the check looks doubtful (once), in
    one transaction. Raises NotAsked, or contact.StoppedMessages."""
    with db.transaction() as session:
        answer_check(session, check_id, team_id, user_id, outcome, now, source, note=note, evidence=evidence)
        check = session.get(ImplementationCheck, check_id)
        assert check is not None, "answer_check found it"
        flagged = newly_flagged(session, check_id, now)
        return CheckAnswered(check.id, check.campaign.name, check.stage, check.days_after_win, flagged)


def newly_flagged(session: Session, check_id: int, now: datetime) -> bool:
    """True once, when a check first turns mostly doubtful (so organizers hear of it once)."""
    check = session.get(ImplementationCheck, check_id)
    if check is None or check.flagged_at is not None:
        return False
    found = ledger(session, check.campaign_id)
    result = next((c for c in found.checks if c.check_id == check_id), None) if found else None
    if result is None or not result.flagged:
        return False
    check.flagged_at = now
    return True


# ----- problems reported between checks, and what follows a flag ---------------------------------------


def won_campaigns(session: Session, team_id: str) -> list[Campaign]:
    """Campaigns with a win on record, the newest win first: what a problem can be reported against."""
    return list(
        session.scalars(
            select(Campaign)
            .where(Campaign.team_id == team_id, Campaign.won_at.is_not(None))
            .order_by(Campaign.won_at.desc(), Campaign.id.desc())
        )
    )


class NotWon(Exception):
    """The campaign is not (or no longer) a won one of this team."""


@dataclass(frozen=True)
class ProblemReported:
    campaign: str
    check_id: int | None
    days_after_win: int | None
    newly_flagged: bool


def report_problem(
    session: Session,
    team_id: str,
    user_id: str,
    campaign_id: int,
    what: str,
    where: str,
    link: str,
    now: datetime,
) -> ProblemReported:
    """A messenger says a won change is not carried out as promised, any time. It is their answer "no" to
    the campaign's current check (the latest that has come due, else the first), so it is evidence in
    the ledger and counts toward the check's flag. Raises contact.StoppedMessages or NotWon."""
    if not contact.may_start_conversation(session, team_id, user_id):
        raise contact.StoppedMessages()
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or campaign.team_id != team_id or campaign.won_at is None:
        raise NotWon()
    messenger = session.scalar(select(Messenger).where(Messenger.team_id == team_id, Messenger.user_id == user_id))
    if messenger is None or messenger.onboarded_at is None:
        raise NotJoined()  # words kept need a person who can erase them (delete-me), counted once
    checks = session.scalars(
        select(ImplementationCheck)
        .where(ImplementationCheck.campaign_id == campaign_id)
        .order_by(ImplementationCheck.due_at)
    ).all()
    due = [c for c in checks if c.due_at <= now]
    check = due[-1] if due else (checks[0] if checks else None)
    words = clean(what, 1500) + (f" (where: {clean(where, 300)})" if clean(where, 300) else "")
    session.add(
        CheckIn(
            check_id=check.id if check else None,
            campaign_id=campaign_id,
            messenger_id=messenger.id,
            outcome=Outcome.NO,
            note=words,
            evidence=clean(link, 500) or None,
            source=CheckInSource.FORM,
            created_at=now,
        )
    )
    session.flush()
    flagged = newly_flagged(session, check.id, now) if check is not None else False
    return ProblemReported(campaign.name, check.id if check else None, check.days_after_win if check else None, flagged)


@dataclass(frozen=True)
class FollowUp:
    """What a follow-up call to action is about: the responsible decision maker, the commitment, and what
    messengers reported at the check, in counts (never names). `views.problems` words it."""

    campaign_id: int
    campaign: str
    commitment: str | None
    decision_maker_id: int | None
    decision_maker: str | None
    days_after_win: int
    said_no: int
    not_sure: int
    answers: int


def follow_up(session: Session, team_id: str, check_id: int) -> FollowUp | None:
    check = session.get(ImplementationCheck, check_id)
    if check is None or check.campaign.team_id != team_id:
        return None
    campaign = check.campaign
    found = ledger(session, campaign.id)
    result = next((c for c in found.checks if c.check_id == check_id), None) if found else None
    if result is None:
        return None
    maker = campaign.decision_makers[0] if campaign.decision_makers else None
    return FollowUp(
        campaign_id=campaign.id,
        campaign=campaign.name,
        commitment=campaign.commitment,
        decision_maker_id=maker.id if maker else None,
        decision_maker=maker.name if maker else None,
        days_after_win=check.days_after_win,
        said_no=result.counts[Outcome.NO],
        not_sure=result.counts[Outcome.NOT_SURE],
        answers=result.answers,
    )


def follow_up_of(db: Database, team_id: str, check_id: int) -> FollowUp | None:
    with db.reading() as session:
        return follow_up(session, team_id, check_id)


def won(db: Database, team_id: str) -> list[Campaign]:
    with db.reading() as session:
        return won_campaigns(session, team_id)


def report_with_note(
    db: Database,
    team_id: str,
    user_id: str,
    campaign_id: int,
    what: str,
    where: str,
    link: str,
    now: datetime,
    for_inbox: Callable[[str], str],
) -> ProblemReported:
    """`report_problem`, and the report in the person's inbox thread (its words from `for_inbox`, given the
    campaign's name), in one transaction."""
    with db.transaction() as session:
        found = report_problem(session, team_id, user_id, campaign_id, what, where, link, now)
        inbox.receive(session, team_id, user_id, for_inbox(found.campaign), now)
        return found


def ledgers(db: Database, team_id: str, campaign_id: int | None) -> list[Ledger]:
    """The ledger of one campaign, or of every won campaign."""
    with db.reading() as session:
        if campaign_id is not None:
            chosen = [campaign_id]
        else:
            chosen = [c.id for c in campaigns.all_of(session, team_id) if c.won_at]
        return [b for c in chosen if (b := ledger(session, c)) is not None]


@dataclass(frozen=True)
class Won:
    campaign_id: int
    name: str
    check_days: tuple[int, ...]


def win(
    db: Database, team_id: str, ref: str, checks_text: str | None, commitment: str | None, now: datetime
) -> Won | None:
    """Record a win and schedule its implementation checks. None: no campaign by that number or name.
    Raises Refused (unreadable check days)."""
    days = parse_check_days(checks_text)
    with db.transaction() as session:
        found = campaigns.find(session, team_id, ref)
        if found is None:
            return None
        mark_won(session, found, now, days, commitment)
        return Won(found.id, found.name, days)


def prompts_now(db: Database, now: datetime) -> list[CheckPrompt]:
    """`prompts_due`, in a transaction of its own (it marks new checks asked)."""
    with db.transaction() as session:
        return prompts_due(session, now)


def askable(db: Database, team_id: str, user_id: str, now: datetime) -> bool:
    with db.reading() as session:
        return still_askable(session, team_id, user_id, now)
