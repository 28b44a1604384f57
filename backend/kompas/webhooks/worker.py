"""The delivery worker: claims due deliveries, sends each as a signed CloudEvent, and records
the attempt; retried on the configured schedule, then failed.

A claim is a lease (``claimed_until``): a killed worker's claims lapse by themselves and another
worker (or the same one, restarted) takes the deliveries again, so no event is lost; it may be
sent twice, which the stable event id lets a receiver notice (at least once). On PostgreSQL the
claim reads with ``FOR UPDATE SKIP LOCKED``, so several workers never claim one delivery at the
same moment; on SQLite, which has one writer, the claim's conditional UPDATE does the same.

Between batches the worker also sweeps the outbox (``KOMPAS_WEBHOOK_RETENTION_DAYS``): an event
older than that whose deliveries are all delivered or failed goes, with its deliveries and their
attempts, a bounded batch per short transaction (docs/operations.md).
"""

from __future__ import annotations

import atexit
import email.utils
import logging
import random
import threading
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import httpx
from sqlalchemy import CursorResult, Engine, delete, exists, or_, update
from sqlmodel import Session, col, select

from kompas.audit import recorder as audit
from kompas.audit.models import AuditAction
from kompas.core.config import Settings
from kompas.core.db import utcnow
from kompas.events.models import OutboxEvent
from kompas.organisations.models import Organisation
from kompas.webhooks import signing
from kompas.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from kompas.webhooks.service import signing_secrets

log = logging.getLogger("kompas.webhooks")

TIMEOUT_SECONDS = 5.0
MAX_RESPONSE_BYTES = 1024
MAX_RETRY_AFTER = timedelta(days=1)
JITTER = 0.1  # each delay varies by up to ±10 %
SWEEP_EVERY = timedelta(hours=1)
SWEEP_BATCH_SIZE = 500  # events per transaction of the sweep
SWEEP_BATCHES_PER_ROUND = 10  # then deliveries again, and the sweep goes on after them


@dataclass(frozen=True)
class Outcome:
    response_code: int | None
    response_body: str
    error: str
    retry_after: timedelta | None
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300

    @property
    def retryable(self) -> bool:
        code = self.response_code
        return code is None or code >= 500 or code == 429


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def retry_after(value: str | None, now: datetime) -> timedelta | None:
    """A Retry-After header (seconds or an HTTP date) as a delay, at most a day."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        delay = timedelta(seconds=int(value))
    else:
        try:
            moment = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        delay = moment - now
    return max(timedelta(0), min(delay, MAX_RETRY_AFTER))


class Worker:
    """Sends the due deliveries. ``run_once`` sends one batch (the tests call it); ``run`` loops
    until told to stop."""

    def __init__(
        self,
        engine: Engine,
        settings: Settings,
        *,
        batch_size: int = 50,
        lease_seconds: float | None = None,
        timeout: float = TIMEOUT_SECONDS,
        concurrency: int = 1,
        sweep_batch_size: int = SWEEP_BATCH_SIZE,
    ) -> None:
        self.engine = engine
        self.concurrency = concurrency
        self._pool = ThreadPoolExecutor(max(concurrency, 1), thread_name_prefix="kompas-webhook")
        self.settings = settings
        self.batch_size = batch_size
        self.timeout = timeout
        # Long enough to send the whole batch, each attempt timing out.
        rounds = -(-batch_size // max(concurrency, 1))
        self.lease = timedelta(seconds=lease_seconds or rounds * (timeout + 1) + 30)
        self.client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"user-agent": "Kompas-Webhooks/1"},
            trust_env=False,
        )
        self.sweep_batch_size = sweep_batch_size
        self._next_sweep: datetime | None = None  # None: at once
        self._sweeping: Iterator[int] | None = None

    def close(self) -> None:
        self._pool.shutdown()
        self.client.close()

    # --- claiming ---------------------------------------------------------------------------

    def claim(self) -> list[tuple[WebhookDelivery, OutboxEvent, WebhookSubscription]]:
        """Take up to a batch of due deliveries for this worker, for the lease's time."""
        now = utcnow()
        claim_id = uuid.uuid4()
        with Session(self.engine, expire_on_commit=False) as session:
            due = (
                select(WebhookDelivery.id)
                .join(
                    WebhookSubscription,
                    col(WebhookSubscription.id) == col(WebhookDelivery.subscription_id),
                )
                .where(
                    WebhookDelivery.status == DeliveryStatus.pending,
                    col(WebhookDelivery.next_attempt_at) <= now,
                    or_(
                        col(WebhookDelivery.claimed_until).is_(None),
                        col(WebhookDelivery.claimed_until) < now,
                    ),
                    col(WebhookSubscription.active).is_(True),
                )
                .order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id))
                .limit(self.batch_size)
            )
            if self.engine.dialect.name == "postgresql":
                due = due.with_for_update(skip_locked=True, of=WebhookDelivery)
            ids = list(session.exec(due).all())
            if not ids:
                session.rollback()
                return []
            # The same conditions again: on SQLite another worker may have claimed meanwhile.
            session.execute(
                update(WebhookDelivery)
                .where(
                    col(WebhookDelivery.id).in_(ids),
                    col(WebhookDelivery.status) == DeliveryStatus.pending,
                    or_(
                        col(WebhookDelivery.claimed_until).is_(None),
                        col(WebhookDelivery.claimed_until) < now,
                    ),
                )
                .values(claimed_until=now + self.lease, claim_id=claim_id)
            )
            session.commit()
            rows = session.exec(
                select(WebhookDelivery, OutboxEvent, WebhookSubscription)
                .join(OutboxEvent, col(OutboxEvent.id) == col(WebhookDelivery.event_id))
                .join(
                    WebhookSubscription,
                    col(WebhookSubscription.id) == col(WebhookDelivery.subscription_id),
                )
                .where(WebhookDelivery.claim_id == claim_id)
                .order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id))
            ).all()
            return [tuple(row) for row in rows]  # type: ignore[misc]

    def release(self, deliveries: list[WebhookDelivery]) -> None:
        """Give back claims not used (on shutdown), so another worker takes them at once."""
        if not deliveries:
            return
        with Session(self.engine) as session:
            session.execute(
                update(WebhookDelivery)
                .where(
                    col(WebhookDelivery.id).in_([d.id for d in deliveries]),
                    col(WebhookDelivery.claim_id) == deliveries[0].claim_id,
                )
                .values(claimed_until=None, claim_id=None)
            )
            session.commit()

    # --- sending ----------------------------------------------------------------------------

    def run_once(self, stop: threading.Event | None = None) -> int:
        """Claim one batch and send it, ``concurrency`` at a time; the number claimed."""
        batch = self.claim()
        if self.concurrency > 1 and len(batch) > 1:
            list(self._pool.map(lambda row: self._deliver(row[0], row[1], row[2], stop), batch))
        else:
            for delivery, event, subscription in batch:
                self._deliver(delivery, event, subscription, stop)
        return len(batch)

    def _deliver(
        self,
        delivery: WebhookDelivery,
        event: OutboxEvent,
        subscription: WebhookSubscription,
        stop: threading.Event | None,
    ) -> None:
        # Stopping, or the subscription disabled earlier in this batch: give the claim back.
        if (stop is not None and stop.is_set()) or not subscription.active:
            self.release([delivery])
            return
        outcome = self.send(event, delivery, subscription)
        self.record(delivery, subscription, outcome)

    def run(self, stop: threading.Event, idle_seconds: float = 1.0) -> None:
        """Send until ``stop`` is set, sweeping the outbox in between; wait ``idle_seconds`` when
        nothing is due."""
        log.info("webhook worker started")
        while not stop.is_set():
            try:
                sent = self.run_once(stop)
            except Exception:  # the database away for a moment: try again shortly
                log.exception("webhook worker: a batch failed")
                sent = 0
            try:
                sweeping = self.sweep_some(stop)
            except Exception:
                log.exception("webhook worker: the outbox sweep failed")
                self._sweeping, sweeping = None, False
            if not sent and not sweeping:
                stop.wait(idle_seconds)
        log.info("webhook worker stopped")

    def send(
        self, event: OutboxEvent, delivery: WebhookDelivery, subscription: WebhookSubscription
    ) -> Outcome:
        """POST the signed CloudEvent to the subscription's URL, to an address checked now."""
        body = signing.cloud_event(event, delivery.data)
        timestamp = int(utcnow().timestamp())
        headers = signing.headers(signing_secrets(subscription), str(event.id), timestamp, body)
        started = time.monotonic()
        code: int | None = None
        text, error, delay = "", "", None
        try:
            # Again at every attempt: what a host name resolves to may have changed.
            addresses = signing.check_url(subscription.url, self.settings)
            code, text, header = self._post(subscription.url, addresses[0], body, headers)
            delay = retry_after(header, utcnow())
        except signing.UnsafeUrl as exc:
            error = f"Refused: the URL {exc}."
        except httpx.TimeoutException:
            error = f"No answer within {self.timeout:g} seconds."
        except httpx.HTTPError as exc:
            error = f"Network error: {type(exc).__name__}: {exc}"[:500]
        duration = int((time.monotonic() - started) * 1000)
        return Outcome(code, text, error, delay, duration)

    def _post(
        self, url: str, address: str, body: bytes, headers: dict[str, str]
    ) -> tuple[int, str, str | None]:
        """To the address just checked, not to what DNS answers a moment later (rebinding):
        the host name still goes in the Host header and, for https, in SNI and the
        certificate check."""
        target = httpx.URL(url)
        pinned = target.copy_with(host=address)
        request_headers = {**headers, "host": target.netloc.decode("ascii")}
        extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
        with self.client.stream(
            "POST", pinned, content=body, headers=request_headers, extensions=extensions
        ) as response:
            received = b""
            for chunk in response.iter_raw():
                received += chunk
                if len(received) >= MAX_RESPONSE_BYTES:
                    break
            text = received[:MAX_RESPONSE_BYTES].decode("utf-8", errors="replace")
            return response.status_code, text, response.headers.get("retry-after")

    # --- recording --------------------------------------------------------------------------

    def next_delay(self, attempts: int, outcome: Outcome) -> timedelta | None:
        """When to try again after the ``attempts``-th failed attempt; None: give up."""
        schedule = self.settings.webhook_retry_schedule
        if not outcome.retryable or attempts > len(schedule):
            return None
        seconds = schedule[attempts - 1] * random.uniform(1 - JITTER, 1 + JITTER)  # noqa: S311
        delay = timedelta(seconds=seconds)
        if outcome.retry_after is not None:
            delay = max(delay, outcome.retry_after)
        return delay

    def record(
        self, delivery: WebhookDelivery, subscription: WebhookSubscription, outcome: Outcome
    ) -> None:
        """The attempt, the delivery's new state, and the subscription's health, in one
        transaction."""
        now = utcnow()
        attempts = delivery.attempts + 1
        values: dict[str, Any] = {
            "attempts": attempts,
            "last_response_code": outcome.response_code,
            "claimed_until": None,
            "claim_id": None,
        }
        disable = ""
        if outcome.succeeded:
            values.update(status=DeliveryStatus.delivered, delivered_at=now, next_attempt_at=None)
        else:
            delay = self.next_delay(attempts, outcome)
            if delay is None:
                values.update(status=DeliveryStatus.failed, next_attempt_at=None)
            else:
                values.update(next_attempt_at=now + delay)
            if outcome.response_code == 410:
                values.update(status=DeliveryStatus.failed, next_attempt_at=None)
                disable = f"The receiver answered 410 Gone on {now:%Y-%m-%d %H:%M} UTC."
            failing_since = subscription.failing_since or now
            limit = timedelta(days=self.settings.webhook_disable_after_days)
            if not disable and now - failing_since >= limit:
                disable = (
                    f"Every delivery failed for {self.settings.webhook_disable_after_days} days "
                    f"(since {failing_since:%Y-%m-%d %H:%M} UTC)."
                )
        with Session(self.engine) as session:
            session.add(
                WebhookAttempt(
                    organisation_id=delivery.organisation_id,
                    delivery_id=delivery.id,
                    started_at=now - timedelta(milliseconds=outcome.duration_ms),
                    duration_ms=outcome.duration_ms,
                    succeeded=outcome.succeeded,
                    response_code=outcome.response_code,
                    response_body=outcome.response_body,
                    error=outcome.error,
                )
            )
            session.execute(
                update(WebhookDelivery)
                .where(col(WebhookDelivery.id) == delivery.id)
                .values(**values)
            )
            self._subscription_health(session, subscription, outcome, now, disable)
            session.commit()

    def _subscription_health(
        self,
        session: Session,
        subscription: WebhookSubscription,
        outcome: Outcome,
        now: datetime,
        disable: str,
    ) -> None:
        table = WebhookSubscription
        which = col(table.id) == subscription.id
        if outcome.succeeded:
            if subscription.failing_since is not None:
                session.execute(update(table).where(which).values(failing_since=None))
            return
        if disable:
            disabled = session.execute(
                update(table)
                .where(which, col(table.active).is_(True))
                .values(
                    active=False,
                    disabled_reason=disable,
                    disabled_at=now,
                    version=table.version + 1,
                    updated_at=now,
                )
            )
            if cast(CursorResult[Any], disabled).rowcount:
                # As a PATCH by its owner would be, with Kompas itself as the actor (this
                # session has no principal).
                audit.record(
                    session,
                    organisation_id=subscription.organisation_id,
                    action=AuditAction.update,
                    resource_type="webhook-subscriptions",
                    resource_id=subscription.id,
                    changes={
                        "active": {"from": True, "to": False},
                        "disabledReason": {"from": subscription.disabled_reason, "to": disable},
                        "disabledAt": {
                            "from": _iso(subscription.disabled_at),
                            "to": now.isoformat(),
                        },
                    },
                )
            subscription.active = False
            log.warning("webhook subscription %s disabled: %s", subscription.id, disable)
        elif subscription.failing_since is None:
            subscription.failing_since = now
            session.execute(
                update(table)
                .where(which, col(table.failing_since).is_(None))
                .values(failing_since=now)
            )

    # --- retention ----------------------------------------------------------------------------

    def sweep_some(
        self, stop: threading.Event | None = None, batches: int = SWEEP_BATCHES_PER_ROUND
    ) -> bool:
        """Up to ``batches`` batches of the sweep, starting one when it is due; True while a
        sweep is under way (more batches to come)."""
        if self._sweeping is None:
            now = utcnow()
            if not self.settings.webhook_retention_days or (
                self._next_sweep is not None and now < self._next_sweep
            ):
                return False
            self._next_sweep = now + SWEEP_EVERY
            self._sweeping = self.sweep_batches()
        for _ in range(batches):
            if stop is not None and stop.is_set():
                return True
            if next(self._sweeping, None) is None:
                self._sweeping = None
                return False
        return True

    def sweep(self) -> int:
        """The whole sweep at once; the number of outbox events deleted."""
        return sum(self.sweep_batches())

    def sweep_batches(self) -> Iterator[int]:
        """Delete the events older than the retention whose deliveries are all finished, with
        those deliveries and their attempts; one transaction per batch, yielding how many each
        deleted."""
        days = self.settings.webhook_retention_days
        if not days:
            return
        cutoff = utcnow() - timedelta(days=days)
        with Session(self.engine) as session:
            organisations = list(session.exec(select(Organisation.id)).all())
        for organisation_id in organisations:
            after: tuple[datetime, uuid.UUID] | None = None
            while True:
                deleted, after = self._sweep_batch(organisation_id, cutoff, after)
                yield deleted
                if after is None:
                    break

    def _sweep_batch(
        self,
        organisation_id: uuid.UUID,
        cutoff: datetime,
        after: tuple[datetime, uuid.UUID] | None,
    ) -> tuple[int, tuple[datetime, uuid.UUID] | None]:
        """One batch of an organisation's old events, read along its (organisation, time)
        index from ``after`` on: two statements. Returns how many were deleted and where the
        next batch starts (None: this organisation is done)."""
        with Session(self.engine) as session:
            candidates = (
                select(OutboxEvent.id, OutboxEvent.occurred_at)
                .where(
                    OutboxEvent.organisation_id == organisation_id,
                    col(OutboxEvent.occurred_at) < cutoff,
                )
                .order_by(col(OutboxEvent.occurred_at), col(OutboxEvent.id))
                .limit(self.sweep_batch_size)
            )
            if after is not None:
                moment, last_id = after
                # The first condition starts the index's range where the last batch ended.
                candidates = candidates.where(
                    col(OutboxEvent.occurred_at) >= moment,
                    or_(
                        col(OutboxEvent.occurred_at) > moment,
                        col(OutboxEvent.id) > last_id,
                    ),
                )
            if self.engine.dialect.name == "postgresql":
                # Locked, no delivery of these events can be added (a redelivery) until the
                # DELETE below has decided; one being added now is skipped until the next sweep.
                candidates = candidates.with_for_update(skip_locked=True)
            rows = session.exec(candidates).all()
            if not rows:
                session.rollback()
                return 0, None
            # Kept: a delivery still pending (or retrying), or made within the retention (a
            # recent redelivery). Checked again here, in the DELETE's own snapshot.
            unfinished = exists().where(
                col(WebhookDelivery.event_id) == col(OutboxEvent.id),
                or_(
                    col(WebhookDelivery.status) == DeliveryStatus.pending,
                    col(WebhookDelivery.created_at) >= cutoff,
                ),
            )
            # Deliveries and attempts go with their event: ON DELETE CASCADE, along the indexes
            # on webhook_deliveries.event_id and webhook_attempts.delivery_id.
            result = session.connection().execute(
                delete(OutboxEvent).where(
                    col(OutboxEvent.id).in_([row[0] for row in rows]), ~unfinished
                )
            )
            session.commit()
        last = rows[-1]
        more = len(rows) == self.sweep_batch_size
        return result.rowcount, (last[1], last[0]) if more else None


def start_in_thread(engine: Engine, settings: Settings) -> tuple[threading.Thread, threading.Event]:
    """The worker in a daemon thread of this process (``kompas serve``); set the event to stop."""
    stop = threading.Event()
    worker = Worker(engine, settings, concurrency=4)
    thread = threading.Thread(
        target=worker.run, args=(stop,), name="kompas-webhook-worker", daemon=True
    )
    thread.start()

    def finish() -> None:  # at exit: the request in flight ends, the other claims go back
        stop.set()
        thread.join(timeout=TIMEOUT_SECONDS + 5)
        worker.close()

    atexit.register(finish)
    return thread, stop
