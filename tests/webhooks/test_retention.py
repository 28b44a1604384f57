"""The outbox sweep: events older than KOMPAS_WEBHOOK_RETENTION_DAYS whose deliveries are all
delivered or failed go, with their deliveries and attempts, in bounded batches; nothing still
pending or retrying, nor an event redelivered within the retention, is touched."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from kompas.core.config import Settings
from kompas.core.principal import Role
from kompas.events.models import OutboxEvent
from kompas.webhooks.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)
from kompas.webhooks.worker import Worker
from tests.conftest import Clock, Tenant
from tests.webhooks.test_webhooks import CREATED, agenda_item, deliveries

DELIVERED, FAILED, PENDING = (
    DeliveryStatus.delivered,
    DeliveryStatus.failed,
    DeliveryStatus.pending,
)


@pytest.fixture
def sweeper(engine: Engine, webhook_settings: Settings) -> Iterator[Worker]:
    """A worker keeping 30 days, sweeping two events per batch."""
    settings = webhook_settings.model_copy(update={"webhook_retention_days": 30})
    running = Worker(engine, settings, sweep_batch_size=2)
    yield running
    running.close()


class Outbox:
    """Writes events, deliveries and attempts straight into the tables, at the clock's now."""

    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self.subscription = tenant.add(
            WebhookSubscription(
                organisation_id=tenant.id, url="https://hooks.example.nl/", secret="whsec_x"
            )
        )

    def event(self, *statuses: DeliveryStatus, attempts: int = 2) -> uuid.UUID:
        """An event with a delivery in each status, each with ``attempts`` attempts."""
        event = self.tenant.add(
            OutboxEvent(
                organisation_id=self.tenant.id,
                type=CREATED,
                subject="agenda-items/x",
                resource_type="agenda-item",
                resource_id=uuid.uuid4(),
            )
        )
        for status in statuses:
            self.delivery(event.id, status, attempts)
        return event.id

    def delivery(self, event_id: uuid.UUID, status: DeliveryStatus, attempts: int = 2) -> None:
        delivery = self.tenant.add(
            WebhookDelivery(
                organisation_id=self.tenant.id,
                subscription_id=self.subscription.id,
                event_id=event_id,
                event_type=CREATED,
                status=status,
                attempts=attempts,
            )
        )
        for _ in range(attempts):
            self.tenant.add(
                WebhookAttempt(
                    organisation_id=self.tenant.id,
                    delivery_id=delivery.id,
                    succeeded=status is DELIVERED,
                )
            )


def event_ids(db: Session) -> set[uuid.UUID]:
    db.expire_all()
    return set(db.exec(select(OutboxEvent.id)).all())


def rows(db: Session, model: type) -> int:
    return db.exec(select(func.count()).select_from(model)).one()


def test_finished_events_past_the_retention_go_with_their_deliveries_and_attempts_and_the_rest_stay(
    tenant: Tenant, other_tenant: Tenant, sweeper: Worker, wall_clock: Clock, db, count_sql
):
    ours, theirs = Outbox(tenant), Outbox(other_tenant)
    delivered = ours.event(DELIVERED)
    failed = ours.event(FAILED, attempts=8)
    unsubscribed = ours.event()  # no subscription wanted it: no delivery at all
    both = ours.event(DELIVERED, FAILED)
    retrying = ours.event(DELIVERED, PENDING)  # one receiver still retrying
    waiting = ours.event(PENDING, attempts=0)  # e.g. for a disabled subscription
    redelivered = ours.event(DELIVERED)
    elsewhere = theirs.event(DELIVERED)
    wall_clock.advance(days=20)
    ours.delivery(redelivered, DELIVERED)  # redelivered 10 days before the sweep
    recent = ours.event(DELIVERED)
    wall_clock.advance(days=10, seconds=1)
    old = {delivered, failed, unsubscribed, both, retrying, waiting, redelivered, elsewhere}
    assert event_ids(db) == old | {recent}

    counter = count_sql()
    batches = []
    for deleted in sweeper.sweep_batches():
        batches.append((deleted, len(counter)))
        counter.statements.clear()

    gone = {delivered, failed, unsubscribed, both, elsewhere}
    assert event_ids(db) == {retrying, waiting, redelivered, recent}
    assert sum(deleted for deleted, _ in batches) == len(gone)
    # What stays keeps all of its deliveries and attempts; nothing of what went is left.
    assert rows(db, WebhookDelivery) == 2 + 1 + 2 + 1
    assert rows(db, WebhookAttempt) == 2 * 2 + 0 + 2 * 2 + 2
    # Ours: seven old events two by two (the last batch short), theirs one; each batch is one
    # transaction of two statements (read the batch, delete it with what hangs on it), the first
    # also reads the organisations, whichever comes first.
    assert len(batches) == 5
    assert all(deleted <= 2 for deleted, _ in batches)
    assert [statements for _, statements in batches] == [3, 2, 2, 2, 2]


def test_a_finished_event_younger_than_the_retention_stays_until_it_is_old_enough(
    tenant: Tenant, sweeper: Worker, wall_clock: Clock, db
):
    outbox = Outbox(tenant)
    event = outbox.event(DELIVERED)
    wall_clock.advance(days=29, hours=23)
    assert sweeper.sweep() == 0
    assert event_ids(db) == {event}
    wall_clock.advance(hours=1, seconds=1)
    assert sweeper.sweep() == 1
    assert event_ids(db) == set()
    assert rows(db, WebhookAttempt) == 0


def test_retention_zero_keeps_everything(
    tenant: Tenant, engine: Engine, webhook_settings: Settings, wall_clock: Clock, db
):
    event = Outbox(tenant).event(DELIVERED)
    wall_clock.advance(days=3650)
    keeping = Worker(engine, webhook_settings.model_copy(update={"webhook_retention_days": 0}))
    assert keeping.sweep() == 0
    assert keeping.sweep_some() is False
    keeping.close()
    assert event_ids(db) == {event}


def test_the_worker_sweeps_at_start_then_hourly_a_few_batches_between_deliveries(
    tenant: Tenant, sweeper: Worker, wall_clock: Clock, db
):
    outbox = Outbox(tenant)
    for _ in range(5):
        outbox.event(DELIVERED)
    wall_clock.advance(minutes=10)
    later = outbox.event(DELIVERED)
    wall_clock.advance(days=30, minutes=-5)
    # three batches of two: a round of two batches leaves the sweep under way
    assert sweeper.sweep_some(batches=2) is True
    assert len(event_ids(db)) == 2
    assert sweeper.sweep_some(batches=2) is False
    assert event_ids(db) == {later}
    wall_clock.advance(minutes=30)  # `later` is past the retention now, but no sweep is due
    assert sweeper.sweep_some() is False
    assert event_ids(db) == {later}
    wall_clock.advance(minutes=30)  # an hour after the last sweep began
    assert sweeper.sweep_some() is False
    assert event_ids(db) == set()


def test_a_delivered_event_disappears_from_the_deliveries_list_after_the_retention(
    http, admin, tenant: Tenant, receiver, subscribe, sweeper: Worker, wall_clock: Clock
):
    made = subscribe(admin, receiver.url, CREATED)
    agenda_item(http, admin, tenant.party("Werk en Inkomen"))
    assert sweeper.run_once() == 1
    assert [d["status"] for d in deliveries(http, admin, made)] == ["delivered"]
    wall_clock.advance(days=30, seconds=1)
    assert sweeper.sweep() == 1
    assert deliveries(http, tenant.actor(Role.admin), made) == []


def test_the_retention_is_read_from_the_environment_and_a_negative_one_refused(monkeypatch):
    assert Settings().webhook_retention_days == 30
    monkeypatch.setenv("KOMPAS_WEBHOOK_RETENTION_DAYS", "0")
    assert Settings().webhook_retention_days == 0
    monkeypatch.setenv("KOMPAS_WEBHOOK_RETENTION_DAYS", "-1")
    with pytest.raises(ValueError, match="webhook_retention_days"):
        Settings()
