"""Two `kompas serve` processes on different ports against one PostgreSQL, as two machines behind
a load balancer would run (one of them with `--workers 2`): each sees the other's writes at once,
they share one rate-limit budget through Redis, and their webhook workers never send one event
twice."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from kompas.core.config import Environment, Settings
from kompas.webhooks.models import DeliveryStatus, WebhookAttempt, WebhookDelivery
from tests.conftest import API, TEST_SECRET
from tests.faults.conftest import KompasProcess, PostgresCluster
from tests.redis import REDIS_URL
from tests.scaling.conftest import (
    Organisation,
    create_agenda_item,
    make_organisation,
    wait_until,
)
from tests.webhooks.conftest import Receiver

REQUESTS_PER_MINUTE = 12
CREATED = "nl.kompas.agenda-item.created.v1"


@pytest.fixture(scope="module")
def engine(primary_engine: Engine) -> Engine:
    """The primary, migrated before either process starts (both would otherwise race to)."""
    return primary_engine


@pytest.fixture(scope="module")
def settings() -> Settings:
    """What the processes sign tokens with (the same secret on both, as on every replica)."""
    return Settings(env=Environment.test, secret_key=TEST_SECRET)


@pytest.fixture(scope="module")
def servers(
    primary: PostgresCluster,
    engine: Engine,
    redis_prefix: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    environment = {
        "KOMPAS_REDIS_URL": REDIS_URL,
        "KOMPAS_REDIS_KEY_PREFIX": redis_prefix,
        "KOMPAS_RATE_LIMIT_PER_MINUTE": str(REQUESTS_PER_MINUTE),
        "KOMPAS_WEBHOOK_WORKER": "true",  # each process runs its delivery worker
        "KOMPAS_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
    }
    logs: Path = tmp_path_factory.mktemp("serve")
    processes = [
        KompasProcess(primary.url, logs / "a.log", environment, ("--workers", "2")),
        KompasProcess(primary.url, logs / "b.log", environment),
    ]
    try:
        for process in processes:
            process.wait_until_live()
        with (
            httpx.Client(base_url=processes[0].url + API, timeout=30) as a,
            httpx.Client(base_url=processes[1].url + API, timeout=30) as b,
        ):
            yield a, b
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.close()


@pytest.fixture
def organisation(engine: Engine, settings: Settings) -> Organisation:
    """Its people are new callers: each test starts with a full rate-limit budget."""
    return make_organisation(engine, settings)


def test_each_process_sees_the_others_writes_at_once(
    servers: tuple[httpx.Client, httpx.Client], organisation: Organisation
) -> None:
    a, b = servers
    person = organisation.people[0]
    created = a.post("/departments", json={"name": "Jeugd"}, headers=person.headers)
    assert created.status_code == 201, created.text
    path = f"/departments/{created.json()['id']}"

    read = b.get(path, headers=person.headers)
    assert read.status_code == 200, read.text
    assert read.headers["ETag"] == created.headers["ETag"]

    changed = b.patch(
        path,
        json={"name": "Jeugd en Gezin"},
        headers={**person.headers, "If-Match": read.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    assert a.get(path, headers=person.headers).json()["name"] == "Jeugd en Gezin"
    # The ETag A handed out first is stale on B as well: no edit is lost between processes.
    stale = b.patch(
        path,
        json={"name": "Verloren"},
        headers={**person.headers, "If-Match": created.headers["ETag"]},
    )
    assert stale.status_code == 412, stale.text


def test_the_rate_limit_is_one_budget_across_both_processes(
    servers: tuple[httpx.Client, httpx.Client], organisation: Organisation
) -> None:
    a, b = servers
    person = organisation.people[0]
    for n in range(REQUESTS_PER_MINUTE):
        answer = (a if n % 2 else b).get("/me", headers=person.headers)
        assert answer.status_code == 200, answer.text
    for client in (a, b):  # half the budget went through each: both have none left
        refused = client.get("/me", headers=person.headers)
        assert refused.status_code == 429, refused.text
        assert int(refused.headers["Retry-After"]) > 0
    # Another caller's budget is its own.
    assert a.get("/me", headers=organisation.people[1].headers).status_code == 200


def test_two_processes_deliver_each_webhook_event_once(
    servers: tuple[httpx.Client, httpx.Client], organisation: Organisation, engine: Engine
) -> None:
    a, b = servers
    first, second = organisation.people
    receiver = Receiver()
    receiver.thread.start()
    try:
        subscribed = a.post(
            "/webhook-subscriptions",
            json={"url": receiver.url, "eventTypes": [CREATED]},
            headers=first.headers,
        )
        assert subscribed.status_code == 201, subscribed.text
        subscription = subscribed.json()["id"]
        ids = set()
        for n in range(REQUESTS_PER_MINUTE - 2):  # within each person's budget
            for client, person in ((a, first), (b, second)):
                ids.add(create_agenda_item(client, person, organisation.department_id, f"P{n}"))

        def all_delivered() -> bool:
            with Session(engine) as session:
                return session.exec(
                    select(func.count()).where(
                        col(WebhookDelivery.subscription_id) == subscription,
                        col(WebhookDelivery.status) == DeliveryStatus.delivered,
                    )
                ).one() == len(ids)

        wait_until(all_delivered, 60, "every delivery to be delivered")
        received = Counter(event["data"]["id"] for event in receiver.events())
        assert set(received) == ids
        assert set(received.values()) == {1}, received.most_common(3)
        with Session(engine) as session:
            attempts = session.exec(
                select(func.count())
                .select_from(WebhookAttempt)
                .join(WebhookDelivery, col(WebhookDelivery.id) == col(WebhookAttempt.delivery_id))
                .where(col(WebhookDelivery.subscription_id) == subscription)
            ).one()
        assert attempts == len(ids)  # one attempt each: no process sent one again
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
