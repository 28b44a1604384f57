"""Writers racing on one version over real parallel HTTP: one wins, every other gets 412 (409 for
a uniqueness race), never 500, and no update is lost."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from typing import Any

import httpx
import pytest

from tests.conftest import API, Actor, LiveServer, Tenant

RACERS = 20


def _race(server: LiveServer, requests: list[tuple[str, str, dict[str, Any], dict[str, str]]]):
    """Send ``requests`` at once, each from its own connection, released by one barrier."""
    barrier = Barrier(len(requests))

    def send(request: tuple[str, str, dict[str, Any], dict[str, str]]) -> httpx.Response:
        method, path, body, headers = request
        with httpx.Client(base_url=server.url + API, timeout=60) as client:
            client.get("/health")  # the connection is open before the start
            barrier.wait()
            return client.request(method, path, json=body, headers=headers)

    with ThreadPoolExecutor(max_workers=len(requests)) as pool:
        return list(pool.map(send, requests))


def _create(http: httpx.Client, admin: Actor, path: str, body: dict[str, Any]) -> str:
    response = http.post(path, json=body, headers=admin.headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.fixture
def records(http: httpx.Client, tenant: Tenant, admin: Actor) -> dict[str, tuple[str, str]]:
    """A record of each kind that joins a version-guarded update: its URL and a text field."""
    lead = str(tenant.party("Werk en Inkomen").id)
    made = {
        "agenda item": ("/agenda-items", {"title": "A", "leadPartyId": lead}, "title"),
        "question": ("/questions", {"title": "Q", "leadPartyId": lead}, "title"),
        "success": ("/successes", {"title": "S", "achievedOn": "2026-01-15"}, "title"),
        "driver": ("/drivers", {"title": "D"}, "title"),
        "department": ("/departments", {"name": "X"}, "name"),
    }
    return {
        kind: (f"{path}/{_create(http, admin, path, body)}", field)
        for kind, (path, body, field) in made.items()
    }


@pytest.mark.parametrize("kind", ["agenda item", "question", "success", "driver", "department"])
def test_parallel_patches_with_one_etag_give_one_winner_and_412s(
    http: httpx.Client, server: LiveServer, admin: Actor, records, kind: str
) -> None:
    url, field = records[kind]
    etag = http.get(url, headers=admin.headers).headers["ETag"]
    headers = {**admin.headers, "If-Match": etag}
    requests = [("PATCH", url, {field: f"Versie {i}"}, headers) for i in range(RACERS)]

    responses = _race(server, requests)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [412] * (RACERS - 1), [
        r.text for r in responses if r.status_code != 412
    ]
    for loser in (r for r in responses if r.status_code == 412):
        assert loser.headers["content-type"].startswith("application/problem+json")
    winner = next(r for r in responses if r.status_code == 200).json()[field]
    stored = http.get(url, headers=admin.headers)
    assert stored.json()[field] == winner  # the winner's update is the one kept
    assert stored.headers["ETag"] != etag


def test_parallel_creates_of_one_unique_name_give_one_201_and_409s(
    http: httpx.Client, server: LiveServer, admin: Actor
) -> None:
    requests = [("POST", "/departments", {"name": "Dubbel"}, admin.headers)] * RACERS

    responses = _race(server, requests)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [409] * (RACERS - 1), [
        r.text for r in responses if r.status_code >= 500
    ]
    listed = http.get("/departments", headers=admin.headers).json()["items"]
    assert [d["name"] for d in listed] == ["Dubbel"]
