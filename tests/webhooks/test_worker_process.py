"""The delivery worker as a real process: killed in the middle of a batch and started again, it
delivers every event (at least once, none lost); on PostgreSQL two workers side by side never
send one delivery at the same time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, update
from sqlmodel import Session, col, func, select

from kompas.core.config import Settings
from kompas.webhooks.models import DeliveryStatus, WebhookDelivery
from kompas.webhooks.worker import Worker
from tests.conftest import TEST_SECRET, Actor, Tenant
from tests.webhooks.conftest import Answer, Receiver

CREATED = "nl.kompas.agenda-item.created.v1"
EVENTS = 40
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def make_events(http, admin: Actor, tenant: Tenant, count: int) -> set[str]:
    lead = tenant.party("Werk en Inkomen")
    ids = set()
    for n in range(count):
        response = http.post(
            "/agenda-items",
            json={"title": f"Punt {n}", "leadPartyId": str(lead.id)},
            headers=admin.headers,
        )
        assert response.status_code == 201, response.text
        ids.add(response.json()["id"])
    return ids


def start_worker(engine: Engine, tmp_path: Path, name: str) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "KOMPAS_ENV": "test",
        "KOMPAS_DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "KOMPAS_SECRET_KEY": TEST_SECRET,
        "KOMPAS_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
    }
    log = (tmp_path / f"{name}.log").open("wb")
    kompas = Path(sys.executable).with_name("kompas")
    return subprocess.Popen(
        [
            str(kompas),
            "worker",
            "--batch-size",
            "10",
            "--lease-seconds",
            "3",
            "--idle-seconds",
            "0.1",
        ],
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def delivered_ids(receiver: Receiver) -> set[str]:
    return {event["data"]["id"] for event in receiver.events()}


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def test_a_worker_killed_mid_batch_and_started_again_delivers_every_event(
    http, admin: Actor, tenant: Tenant, receiver: Receiver, subscribe, engine: Engine, tmp_path
):
    subscribe(admin, receiver.url, CREATED)
    expected = make_events(http, admin, tenant, EVENTS)
    receiver.default = Answer(delay=0.1)  # slow: the kill lands in the middle of a batch
    # The worker process reads the real clock, which this test's clock may be ahead of
    # (KOMPAS_TEST_CLOCK_JUMP): make every delivery due by any clock.
    with Session(engine) as session:
        session.execute(update(WebhookDelivery).values(next_attempt_at=LONG_AGO))
        session.commit()
    first = start_worker(engine, tmp_path, "first")
    try:
        wait_until(lambda: len(receiver.received) >= 5, 60, "the first deliveries")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    arrived_before = delivered_ids(receiver)
    assert 0 < len(arrived_before) < EVENTS  # killed with work claimed and not done
    with Session(engine) as session:
        claimed = session.exec(
            select(func.count()).where(
                WebhookDelivery.status == DeliveryStatus.pending,
                col(WebhookDelivery.claimed_until).is_not(None),
            )
        ).one()
    assert claimed > 0  # the killed worker's claims are left behind, to lapse
    receiver.default = Answer()
    second = start_worker(engine, tmp_path, "second")

    def all_delivered() -> bool:
        # the killed worker's request in flight may have arrived unrecorded: its delivery is sent
        # again once the claim lapses
        with Session(engine) as session:
            pending = session.exec(
                select(func.count()).where(WebhookDelivery.status != DeliveryStatus.delivered)
            ).one()
        return pending == 0 and delivered_ids(receiver) >= expected

    try:
        wait_until(all_delivered, 90, "every event")
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=20) == 0
    assert delivered_ids(receiver) == expected  # none lost (some may have come twice)
    with Session(engine) as session:
        statuses = session.exec(select(WebhookDelivery.status)).all()
    assert set(statuses) == {DeliveryStatus.delivered}


@pytest.mark.skipif(
    not os.environ.get("KOMPAS_TEST_DATABASE_URL"), reason="SKIP LOCKED: PostgreSQL only"
)
def test_two_workers_in_parallel_never_send_one_delivery_at_the_same_time(
    http,
    admin: Actor,
    tenant: Tenant,
    receiver: Receiver,
    subscribe,
    engine: Engine,
    webhook_settings: Settings,
):
    subscribe(admin, receiver.url, CREATED)
    expected = make_events(http, admin, tenant, 60)
    receiver.default = Answer(delay=0.02)
    workers = [Worker(engine, webhook_settings, batch_size=5) for _ in range(2)]
    counts = [0, 0]

    def run(index: int) -> None:
        while sent := workers[index].run_once():
            counts[index] += sent

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for worker in workers:
        worker.close()
    ids = [event["data"]["id"] for event in receiver.events()]
    assert sorted(ids) == sorted(expected)  # each exactly once: no delivery claimed twice
    assert all(counts), counts  # both took part
