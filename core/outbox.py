"""The delivery outbox: claim due rows, record what Slack said, recover rows left in flight.

A row is committed as `sending` before Slack is called and marked `sent` (with channel and ts) after.
Rows found `sending` at start-up may or may not have reached Slack: they are flagged `needs_check`, and
the sender looks for the message (by its metadata) before sending again, so nobody gets two copies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, and_, bindparam, func, select, update
from sqlalchemy.orm import Session

from core.messengers import may_receive_asks
from core.timing import in_quiet_hours, next_allowed, zone
from models import Call, Database, Delivery, Messenger
from models.vocab import CallStatus, DeliveryState

MAX_ATTEMPTS = 12


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    call_id: int
    user_id: str
    attempts: int
    needs_check: bool
    claimed_at: datetime


@dataclass(frozen=True)
class Result:
    """What happened to one claimed delivery."""

    delivery_id: int
    channel: str | None = None
    ts: str | None = None
    error: str | None = None
    permanent: bool = False
    ambiguous: bool = False  # the message may have reached Slack: look before sending again
    wait: float | None = None  # seconds before the next try, when Slack said (Retry-After)

    @property
    def ok(self) -> bool:
        return self.ts is not None


def claim_due(session: Session, now: datetime, limit: int, call_id: int | None = None) -> tuple[list[Claimed], int]:
    """Mark due rows `sending` (attempts + 1); commit before calling Slack. Looks at up to `limit` rows.

    Rows whose messenger may no longer be asked are skipped; rows now in quiet hours move later.
    Returns the claimed rows and how many rows were looked at.
    """
    query = (
        select(
            Delivery.id,
            Delivery.call_id,
            Delivery.attempts,
            Delivery.needs_check,
            Call.status,
            Messenger,
        )
        .join(Call, Call.id == Delivery.call_id)
        .join(Messenger, Messenger.id == Delivery.messenger_id, isouter=True)
        .where(Delivery.state == DeliveryState.PENDING, Delivery.due_at <= now)
        .order_by(Delivery.due_at, Delivery.id)
        .limit(limit)
    )
    if call_id is not None:
        query = query.where(Delivery.call_id == call_id)
    if session.bind is not None and session.bind.dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=Delivery)
    claimed: list[Claimed] = []
    cancelled: list[int] = []
    skipped: dict[int, str] = {}
    later: dict[int, datetime] = {}
    rows = session.execute(query).all()
    for delivery_id, row_call_id, attempts, needs_check, call_status, messenger in rows:
        if call_status == CallStatus.CANCELLED:  # e.g. back from a retry after the organizer cancelled
            cancelled.append(delivery_id)
            continue
        if messenger is None or not may_receive_asks(messenger, now):
            skipped[delivery_id] = "deleted" if messenger is None else str(messenger.status.value)
            continue
        local = now.astimezone(zone(messenger.tz))
        if in_quiet_hours(local.hour * 60 + local.minute, messenger.quiet_start, messenger.quiet_end):
            later[delivery_id] = next_allowed(now, messenger.tz, messenger.quiet_start, messenger.quiet_end)
            continue
        claimed.append(Claimed(delivery_id, row_call_id, messenger.user_id, attempts + 1, needs_check, now))
    for delivery_id, reason in skipped.items():
        session.execute(
            update(Delivery).where(Delivery.id == delivery_id).values(state=DeliveryState.SKIPPED, last_error=reason)
        )
    for delivery_id, due in later.items():
        session.execute(update(Delivery).where(Delivery.id == delivery_id).values(due_at=due))
    if cancelled:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_(cancelled))
            .values(state=DeliveryState.CANCELLED, last_error="cancelled")
            .execution_options(synchronize_session=False)
        )
    if claimed:
        session.execute(
            update(Delivery)
            .where(Delivery.id.in_([c.delivery_id for c in claimed]), Delivery.state == DeliveryState.PENDING)
            .values(state=DeliveryState.SENDING, attempts=Delivery.attempts + 1, claimed_at=now)
            .execution_options(synchronize_session=False)
        )
        call_ids = {c.call_id for c in claimed}
        session.execute(
            update(Call)
            .where(Call.id.in_(call_ids), Call.status == CallStatus.SCHEDULED)
            .values(status=CallStatus.SENDING)
            .execution_options(synchronize_session=False)
        )
    return claimed, len(rows)


def backoff(attempts: int, base: float) -> timedelta:
    """5 s, 10 s, 20 s, 40 s ... at most 30 min (with the sender's default base of 5 s)."""
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 1800.0))


_ROWS: Table = Delivery.__table__  # type: ignore[assignment]
# Plain Core statement, run as one executemany over a batch (the ORM's bulk update wants primary keys
# only, without the extra condition).
_SENT = (
    _ROWS.update()
    .where(_ROWS.c.id == bindparam("row"), _ROWS.c.state != DeliveryState.SENT.value)
    .values(
        state=DeliveryState.SENT.value,
        channel=bindparam("channel"),
        ts=bindparam("ts"),
        sent_at=bindparam("sent_at"),
        needs_check=False,
        last_error=None,
    )
)


def _still_ours(claim: Claimed) -> Any:
    """The row is still as we claimed it (no other scheduler has recovered it since)."""
    return and_(
        Delivery.id == claim.delivery_id,
        Delivery.state == DeliveryState.SENDING,
        Delivery.claimed_at == claim.claimed_at,
    )


def record(
    session: Session, claimed: dict[int, Claimed], results: Iterable[Result], now: datetime, retry_base: float
) -> set[int]:
    """Store what Slack said for each claimed row; returns the action ids touched.

    A message that went out is recorded as sent whatever happened to the row meanwhile (that is the
    truth, and it stops anyone sending it again). A failure is recorded only while the row is still
    ours: if another scheduler recovered it, that one decides.
    """
    sent: list[dict[str, object]] = []
    touched: set[int] = set()
    for result in results:
        claim = claimed[result.delivery_id]
        touched.add(claim.call_id)
        if result.ok:
            sent.append({"row": result.delivery_id, "channel": result.channel, "ts": result.ts, "sent_at": now})
        elif result.permanent or claim.attempts >= MAX_ATTEMPTS:
            session.execute(
                update(Delivery)
                .where(_still_ours(claim))
                .values(state=DeliveryState.FAILED, last_error=(result.error or "failed")[:100], needs_check=False)
            )
        else:
            wait = backoff(claim.attempts, retry_base)
            if result.wait is not None:
                wait = max(wait, timedelta(seconds=result.wait))
            session.execute(
                update(Delivery)
                .where(_still_ours(claim))
                .values(
                    state=DeliveryState.PENDING,
                    due_at=now + wait,
                    last_error=(result.error or "transient")[:100],
                    needs_check=claim.needs_check or result.ambiguous,
                )
            )
    if sent:
        session.connection().execute(_SENT, sent)
    finish(session, touched)
    return touched


def finish(session: Session, call_ids: Iterable[int]) -> None:
    """Mark calls to action done once nothing is left to send."""
    for call_id in call_ids:
        open_rows = session.scalar(
            select(func.count()).where(
                Delivery.call_id == call_id,
                Delivery.state.in_((DeliveryState.PENDING, DeliveryState.SENDING)),
            )
        )
        if not open_rows:
            session.execute(
                update(Call)
                .where(Call.id == call_id, Call.status.in_((CallStatus.SCHEDULED, CallStatus.SENDING)))
                .values(status=CallStatus.DONE)
            )


# A claim is a lease. The sender renews the leases of everything it holds every few seconds (a row may wait
# in the pacer for a minute), and posts a row only while its lease is younger than POST_WITHIN; a post
# ends within its HTTP time-out (10 s), so a row whose lease is older than IN_FLIGHT_GRACE is nobody's.
IN_FLIGHT_GRACE = timedelta(seconds=30)
POST_WITHIN = timedelta(seconds=15)


def renew(session: Session, claims: Iterable[Claimed], now: datetime) -> set[int]:
    """Renew the leases on claimed rows (their `claimed_at` becomes `now`); returns the ids no longer ours
    (another scheduler recovered them: it decides, and we must not post them)."""
    by_claim: dict[datetime, list[int]] = {}
    for claim in claims:
        by_claim.setdefault(claim.claimed_at, []).append(claim.delivery_id)
    ids = [i for group in by_claim.values() for i in group]
    for claimed_at, group in by_claim.items():
        session.execute(
            update(Delivery)
            .where(
                Delivery.id.in_(group),
                Delivery.state == DeliveryState.SENDING,
                Delivery.claimed_at == claimed_at,
            )
            .values(claimed_at=now)
            .execution_options(synchronize_session=False)
        )
    ours = set(
        session.scalars(
            select(Delivery.id).where(
                Delivery.id.in_(ids), Delivery.state == DeliveryState.SENDING, Delivery.claimed_at == now
            )
        )
    )
    return set(ids) - ours


def recover_in_flight(session: Session, now: datetime, older_than: timedelta = IN_FLIGHT_GRACE) -> int:
    """Rows left `sending` (a crash, a lost result): due again now, but only after checking whether Slack
    has them. Rows whose lease was renewed within `older_than` are left alone: a sender holds them (maybe
    one that just lost its lock, still finishing a post), and its result will land."""
    result = session.execute(
        update(Delivery)
        .where(Delivery.state == DeliveryState.SENDING, Delivery.claimed_at <= now - older_than)
        .values(state=DeliveryState.PENDING, needs_check=True, due_at=now)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def next_due(session: Session, call_id: int | None = None) -> datetime | None:
    query = select(func.min(Delivery.due_at)).where(Delivery.state == DeliveryState.PENDING)
    if call_id is not None:
        query = query.where(Delivery.call_id == call_id)
    value = session.scalar(query)
    return value if value is None or value.tzinfo else value.replace(tzinfo=zone("UTC"))


def pending_calls(session: Session) -> dict[int, datetime]:
    """Each call to action with something left to send, and when its next delivery is due."""
    rows = session.execute(
        select(Delivery.call_id, func.min(Delivery.due_at))
        .where(Delivery.state == DeliveryState.PENDING)
        .group_by(Delivery.call_id)
    ).all()
    return {call_id: (due if due.tzinfo else due.replace(tzinfo=zone("UTC"))) for call_id, due in rows}


# ----- in transactions of their own (for the scheduler) ----------------------------------------------


def next_due_of(db: Database, call_id: int) -> datetime | None:
    with db.reading() as session:
        return next_due(session, call_id)


def recover(db: Database, now: datetime, older_than: timedelta = IN_FLIGHT_GRACE) -> int:
    with db.transaction() as session:
        return recover_in_flight(session, now, older_than)


def pending(db: Database) -> dict[int, datetime]:
    with db.reading() as session:
        return pending_calls(session)


def claim_due_now(db: Database, now: datetime, limit: int, call_id: int | None) -> tuple[list[Claimed], int]:
    with db.transaction() as session:
        return claim_due(session, now, limit, call_id)


def renew_leases(db: Database, claims: Iterable[Claimed], now: datetime) -> set[int]:
    with db.transaction() as session:
        return renew(session, claims, now)


def record_results(
    db: Database, claims: dict[int, Claimed], results: list[Result], now: datetime, retry_base: float
) -> set[int]:
    with db.transaction() as session:
        return record(session, claims, results, now, retry_base)


def as_if_sent(db: Database, call_id: int) -> list[tuple[int, str, datetime]]:
    """The playground's demo history (and tests' deciding): every planned delivery of a call recorded as sent
    at its due time, as the sender records them, each in a message of its own; (delivery, person, when)."""
    with db.transaction() as session:
        deliveries = list(session.scalars(select(Delivery).where(Delivery.call_id == call_id)))
        for delivery in deliveries:
            assert delivery.messenger is not None
            session.execute(
                update(Delivery)
                .where(Delivery.id == delivery.id)
                .values(
                    state=DeliveryState.SENT,
                    sent_at=delivery.due_at,
                    channel="D" + delivery.messenger.user_id[1:],
                    ts=f"{int(delivery.due_at.timestamp())}.{delivery.id:06d}",
                    attempts=1,
                )
            )
        finish(session, [call_id])
        return [(d.id, d.messenger.user_id, d.due_at) for d in deliveries if d.messenger is not None]
