"""Idempotency under concurrency: several requests with one key released at the same moment.

Each round sends PARALLEL requests from as many threads, each with its own open connection,
held at a barrier until all are ready, so they reach the server together. Whatever the
interleaving, one record is created (counted in the database): with the same body every other
request replays the first response or hears 409 "still running"; with another body 422 or 409.
ROUNDS rounds per test make every interleaving the server can produce likely.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from kompas.parties.models import Need, Party
from tests.conftest import Actor, LiveServer, assert_problem

PARALLEL = 8
ROUNDS = 20


@pytest.fixture
def clients(server: LiveServer) -> Iterator[list[httpx.Client]]:
    """One client per thread, each keeping its connection open between rounds."""
    opened = [httpx.Client(base_url=server.url + "/api/v1", timeout=30) for _ in range(PARALLEL)]
    for client in opened:
        assert client.get("/health").status_code == 200  # the connection is up before the race
    yield opened
    for client in opened:
        client.close()


def race(
    clients: list[httpx.Client], path: str, headers: dict[str, str], bodies: list[Any]
) -> list[httpx.Response]:
    """POSTs ``bodies[i]`` from one thread per client, all released at once."""
    barrier = threading.Barrier(len(clients))
    responses: list[httpx.Response | None] = [None] * len(clients)
    failures: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            responses[i] = clients[i].post(path, json=bodies[i], headers=headers)
        except BaseException as exc:  # reported below, in the test's thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not failures, failures
    assert all(r is not None for r in responses)
    return [r for r in responses if r is not None]


def needs_titled(db: Session, *titles: str) -> int:
    db.expire_all()
    statement = select(func.count()).select_from(Need).where(col(Need.title).in_(titles))
    return db.exec(statement).one()


def need(party: Party, title: str) -> dict[str, Any]:
    return {"partyId": str(party.id), "kind": "offer", "title": title}


def assert_one_created_and_the_rest_replayed(responses: list[httpx.Response]) -> None:
    created = [r for r in responses if r.status_code == 201]
    running = [r for r in responses if r.status_code == 409]
    assert len(created) + len(running) == len(responses), [r.text for r in responses]
    originals = [r for r in created if "Idempotent-Replayed" not in r.headers]
    assert len(originals) == 1, [r.status_code for r in responses]
    first = originals[0]
    for replay in created:
        assert replay.json() == first.json()
        assert replay.headers["Location"] == first.headers["Location"]
        assert replay.headers["ETag"] == first.headers["ETag"]
    for response in running:
        problem = assert_problem(response, 409)
        assert "still running" in problem["detail"]


def assert_one_created_and_the_rest_refused(responses: list[httpx.Response]) -> None:
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 1, statuses
    for response in responses:
        if response.status_code != 201:
            assert_problem(response, response.status_code)
            assert response.status_code in (409, 422), response.text


def test_parallel_posts_with_one_key_and_body_create_one_record_and_replay_it(
    clients, admin: Actor, partner: Party, db
):
    for round_ in range(ROUNDS):
        title = f"Huisbezoek {round_}"
        headers = {**admin.headers, "Idempotency-Key": f"ronde-{round_}-{uuid.uuid4().hex}"}
        responses = race(clients, "/needs", headers, [need(partner, title)] * PARALLEL)
        assert_one_created_and_the_rest_replayed(responses)
        assert needs_titled(db, title) == 1, f"round {round_}"


def test_parallel_posts_with_one_key_and_different_bodies_create_one_record(
    clients, admin: Actor, partner: Party, db
):
    for round_ in range(ROUNDS):
        titles = [f"Ronde {round_} aanbod {i}" for i in range(PARALLEL)]
        headers = {**admin.headers, "Idempotency-Key": f"ronde-{round_}-{uuid.uuid4().hex}"}
        responses = race(clients, "/needs", headers, [need(partner, t) for t in titles])
        assert_one_created_and_the_rest_refused(responses)
        assert needs_titled(db, *titles) == 1, f"round {round_}"


def test_parallel_posts_of_a_partner_token_with_one_key_create_one_record(
    clients, http, admin: Actor, partner: Party, db
):
    created = http.post(
        f"/partners/{partner.id}/api-tokens",
        json={"name": "Planning-koppeling", "scopes": ["needs:write"]},
        headers=admin.headers,
    )
    secret = created.json()["token"]
    for round_ in range(ROUNDS // 2):
        title = f"Koppeling {round_}"
        headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": uuid.uuid4().hex}
        responses = race(clients, "/needs", headers, [need(partner, title)] * PARALLEL)
        assert_one_created_and_the_rest_replayed(responses)
        assert needs_titled(db, title) == 1, f"round {round_}"
