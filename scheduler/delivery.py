"""The sender: drains the outbox through a bounded pool of Slack calls.

One coordinating thread talks to the database (claims in small batches, records results in one
transaction per batch); the pool threads only talk to Slack. At most `pool` messages are in flight, so
after a crash at most that many rows are left `sending`, and those are checked, not blindly resent.
"""

from __future__ import annotations

import logging
import time
import urllib.error
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError, SlackClientError

from core import calls, languages, outbox
from core.calls import Card
from core.outbox import Claimed, Result
from runtime.deps import Deps
from runtime.languages import coalitions, theirs
from runtime.slack import error_code
from runtime.slack_client import NotPosted, bulk, last_look, retry_after
from views import calls as views
from views import checkins as checkin_views
from views.i18n import speaking

log = logging.getLogger("drumbeat.delivery")

# Errors from looking a message up that say the person cannot get it at all (else: look again later).
RECIPIENT_GONE = frozenset(
    {
        "user_not_found",
        "account_inactive",
        "cannot_dm_bot",
        "channel_not_found",
        "is_archived",
        "user_disabled",
        "messages_tab_disabled",
    }
)
# Errors worth trying again; every other error from posting is permanent.
TRANSIENT_ERRORS = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout", "team_added_to_org"}
)


@dataclass
class Stats:
    sent: int = 0
    failed: int = 0
    retried: int = 0
    claimed: int = 0
    touched_calls: set[int] = field(default_factory=set)


class Sender:
    def __init__(
        self,
        deps: Deps,
        *,
        pool: int | None = None,
        batch: int | None = None,
        retry_base: float | None = None,
        progress_every: float | None = None,
        renew_every: float = 5.0,
    ) -> None:
        """Options default to `deps.delivery`."""
        options = deps.delivery
        self.deps = deps
        self.pool = options.pool if pool is None else pool
        self.batch = options.batch if batch is None else batch
        self.retry_base = options.retry_base if retry_base is None else retry_base
        self.progress_every = options.progress_every if progress_every is None else progress_every
        self.renew_every = renew_every  # seconds between renewals of the leases on rows in flight
        self._leases: dict[int, datetime] = {}  # delivery id -> when its lease was last confirmed
        self._lost: set[int] = set()  # rows another scheduler recovered: never post them
        self._cards: dict[int, Card | None] = {}
        self._languages: dict[str, str] = {}  # user id -> language, for whom Drumbeat knows it
        self._last_progress: dict[int, float] = {}
        self._shown: dict[int, str] = {}  # the progress each organizer's message shows now

    # ----- the loop ----------------------------------------------------------------------------

    def run(
        self,
        call_id: int | None = None,
        *,
        max_seconds: float | None = None,
        keep_going: Callable[[], bool] = lambda: True,
    ) -> Stats:
        """Send everything due now (for one call to action, or all); returns when nothing due is left.

        `keep_going` is asked before each claim: a scheduler that lost its lock stops claiming, and
        finishes only what is already in flight."""
        stats = Stats()
        deadline = None if max_seconds is None else time.monotonic() + max_seconds
        in_flight: dict[Future[Result], Claimed] = {}
        finished: dict[Future[Result], Claimed] = {}
        exhausted = False
        last_flush = last_renewal = time.monotonic()
        with ThreadPoolExecutor(max_workers=self.pool, thread_name_prefix="deliver") as pool:
            while True:
                room = self.pool - len(in_flight) - len(finished)  # unrecorded results are still `sending`
                if (
                    not exhausted
                    and room >= max(1, min(self.batch, self.pool) // 2)
                    and not _past(deadline)
                    and keep_going()
                ):
                    claimed, exhausted = self._claim(min(room, self.batch), call_id)
                    stats.claimed += len(claimed)
                    self._learn_languages(claimed)
                    for claim in claimed:
                        self._leases[claim.delivery_id] = claim.claimed_at
                        in_flight[pool.submit(self._send, claim)] = claim
                if in_flight:
                    wait(list(in_flight), timeout=0.5, return_when=FIRST_COMPLETED)
                    finished.update({f: in_flight.pop(f) for f in list(in_flight) if f.done()})
                if in_flight and time.monotonic() - last_renewal >= self.renew_every:
                    in_flight = self._renew(in_flight)
                    last_renewal = time.monotonic()
                # Record in batches: one transaction for many results, and always before stopping.
                if finished and (
                    not in_flight or len(finished) >= self.batch // 2 or time.monotonic() - last_flush > 0.2
                ):
                    self._record(finished, stats)
                    finished = {}
                    last_flush = time.monotonic()
                if not in_flight and (exhausted or _past(deadline) or not keep_going()):
                    break
        self._report(stats.touched_calls, force=True)
        return stats

    def _claim(self, limit: int, call_id: int | None) -> tuple[list[Claimed], bool]:
        """Claim up to `limit` rows; also says whether nothing due is left."""
        while True:
            claimed, examined = outbox.claim_due_now(self.deps.db, self.deps.now(), limit, call_id)
            if claimed or examined < limit:
                return claimed, examined < limit
            # every row examined was skipped or moved past quiet hours: look at the next ones

    def _renew(self, in_flight: dict[Future[Result], Claimed]) -> dict[Future[Result], Claimed]:
        """Renew the leases on rows still in flight (waiting in the pacer, say); rows lost meanwhile to
        another scheduler are marked so that their last look says no."""
        now = self.deps.now()
        try:
            lost = outbox.renew_leases(self.deps.db, in_flight.values(), now)
        except Exception as error:  # the database is away: leases age, and posts stop at their last look
            log.warning("could not renew %d leases: %s", len(in_flight), type(error).__name__)
            return in_flight
        if lost:
            log.warning("%d deliveries were recovered by another scheduler; not posting them", len(lost))
        self._lost |= lost
        renewed: dict[Future[Result], Claimed] = {}
        for future, claim in in_flight.items():
            if claim.delivery_id not in lost:
                claim = replace(claim, claimed_at=now)
                self._leases[claim.delivery_id] = now
            renewed[future] = claim
        return renewed

    def _may_post(self, claim: Claimed) -> bool:
        """The last look: is this row still ours, on a lease young enough for the post to end before it
        could be recovered?"""
        if claim.delivery_id in self._lost:
            return False
        leased = self._leases.get(claim.delivery_id, claim.claimed_at)
        return self.deps.now() - leased < outbox.POST_WITHIN

    def _record(self, finished: dict[Future[Result], Claimed], stats: Stats) -> None:
        """One transaction for a batch of results; then the progress message, at most every few seconds."""
        results = []
        for future, claim in finished.items():
            try:
                results.append(future.result())
            except Exception as error:  # a bug in rendering, say: keep the row, try later
                log.exception("delivery %d: unexpected %s", claim.delivery_id, type(error).__name__)
                results.append(Result(claim.delivery_id, error=type(error).__name__, ambiguous=True))
        claims = {c.delivery_id: c for c in finished.values()}
        for delivery_id in claims:
            self._leases.pop(delivery_id, None)
        touched = outbox.record_results(self.deps.db, claims, results, self.deps.now(), self.retry_base)
        for result in results:
            if result.ok:
                stats.sent += 1
            elif result.permanent or claims[result.delivery_id].attempts >= outbox.MAX_ATTEMPTS:
                stats.failed += 1
                log.warning("delivery %d failed: %s", result.delivery_id, result.error)
            else:
                stats.retried += 1
        stats.touched_calls |= touched
        self._report(touched)

    # ----- one message ------------------------------------------------------------------------

    def _learn_languages(self, claimed: list[Claimed]) -> None:
        """Each recipient's language, once per batch (unknown: the coalition's)."""
        unknown = [c.user_id for c in claimed if c.user_id not in self._languages]
        if unknown:
            with self.deps.db.reading() as session:
                self._languages.update(languages.of_people(session, self.deps.team_id or "", unknown))

    def _card(self, call_id: int) -> Card | None:
        if call_id not in self._cards:
            self._cards[call_id] = calls.card_of(self.deps.db, call_id)
        return self._cards[call_id]

    def _send(self, claim: Claimed) -> Result:
        with bulk():  # leaves room under Slack's limits for what answers a person meanwhile
            return self._send_one(claim)

    def _send_one(self, claim: Claimed) -> Result:
        if claim.needs_check:
            found = self._find_sent(claim)
            if found is not None:
                return found
        card = self._card(claim.call_id)
        if card is None:
            return Result(claim.delivery_id, error="action_missing", permanent=True)
        with speaking(self._languages.get(claim.user_id, self.deps.settings.language)):
            message = checkin_views.call_to_action(card, claim.delivery_id, self.deps.settings.timezone)
        try:
            with last_look(lambda: self._may_post(claim)):
                response = self.deps.client.chat_postMessage(channel=claim.user_id, **message)
        except NotPosted:
            log.info("delivery %d not posted: its lease ran out or was taken over", claim.delivery_id)
            return Result(claim.delivery_id, error="lease_expired")
        except SlackApiError as error:
            return _classify(claim, error)
        except (urllib.error.URLError, OSError, SlackClientError) as error:
            return Result(claim.delivery_id, error=error_code(error), ambiguous=_maybe_sent(error))
        return Result(claim.delivery_id, channel=response.get("channel"), ts=response.get("ts"))

    def _find_sent(self, claim: Claimed) -> Result | None:
        """Did an earlier attempt reach Slack? Look for our metadata among the DM's latest messages.

        No `oldest` bound: Slack's clock, not ours, stamps messages, and a DM with Drumbeat is quiet
        enough that the last hundred messages reach back well past any attempt still being retried.
        """
        try:
            channel = self.deps.client.conversations_open(users=claim.user_id)["channel"]["id"]
            history = self.deps.client.conversations_history(channel=channel, include_all_metadata=True, limit=100)
        except SlackApiError as error:
            code = error.response.get("error") if error.response is not None else None
            if code in RECIPIENT_GONE:
                return Result(claim.delivery_id, error=str(code), permanent=True)
            return Result(claim.delivery_id, error=f"check:{code}", ambiguous=True)
        except (urllib.error.URLError, OSError, SlackClientError) as error:
            return Result(claim.delivery_id, error=f"check:{error_code(error)}", ambiguous=True)
        found: list[dict[str, Any]] = history.get("messages", [])
        for posted in found:
            payload = (posted.get("metadata") or {}).get("event_payload") or {}
            if payload.get("delivery_id") == claim.delivery_id:
                log.info("delivery %d had reached Slack before; not sending it again", claim.delivery_id)
                return Result(claim.delivery_id, channel=channel, ts=posted.get("ts"))
        return None

    # ----- the organizer's progress message ---------------------------------------------------

    def _report(self, call_ids: set[int], *, force: bool = False) -> None:
        now = time.monotonic()
        for call_id in call_ids:
            if not force and now - self._last_progress.get(call_id, 0.0) < self.progress_every:
                continue
            self._last_progress[call_id] = now
            status = calls.status_message_of(self.deps.db, call_id)
            if status is not None:
                with theirs(self.deps, status.team_id, status.organizer) if status.organizer else coalitions(self.deps):
                    message = views.progress_message(call_id, status.objective, status.progress)
                if self._shown.get(call_id) != message["text"]:  # an edit that changes nothing costs as much
                    self._shown[call_id] = message["text"]
                    self.deps.slack.update(status.channel, status.ts, message)


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() > deadline


def _maybe_sent(error: BaseException) -> bool:
    """Could Slack have received and acted on the request? Only a refused connection proves it did not."""
    reason: Any = getattr(error, "reason", error)
    return not isinstance(reason, ConnectionRefusedError)


def _classify(claim: Claimed, error: SlackApiError) -> Result:
    response = error.response
    status = getattr(response, "status_code", 200)
    code = str(response.get("error", "unknown")) if response is not None else "unknown"
    if status == 429:
        return Result(claim.delivery_id, error="ratelimited", wait=retry_after(dict(response.headers)))
    if status >= 500:
        # Slack may have posted before failing: look before sending again.
        return Result(claim.delivery_id, error=f"http_{status}", ambiguous=True)
    if code in TRANSIENT_ERRORS:
        return Result(claim.delivery_id, error=code, ambiguous=True)
    return Result(claim.delivery_id, error=code, permanent=True)
