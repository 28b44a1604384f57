"""A role map holds at most KOMPAS_ROLE_MAP_MAX_TASKS tasks: every read of a whole map is bounded.

The matrix, the analysis, a snapshot, a comparison and the CSV export read a whole map; a map's
parties are bounded by its schema (200) and its tasks by this setting, whichever way they are
added (one by one or by CSV).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from kompas.core.config import Settings
from kompas.core.middleware import body_limit
from kompas.main import create_app
from kompas.rolemaps.router import VIEW_MAX_BYTES
from kompas.rolemaps.schemas import MAX_ASSIGNMENTS
from tests.conftest import API, Actor, LiveServer, assert_problem
from tests.rolemaps.test_csv import export, import_csv, new_tasks_csv, tasks_of


@pytest.fixture
def client(settings: Settings, engine: Engine) -> Iterator[Callable[..., httpx.Client]]:
    with ExitStack() as stack:

        def start(**changes: Any) -> httpx.Client:
            app = create_app(settings.model_copy(update=changes), engine)
            server = stack.enter_context(LiveServer(app))
            return stack.enter_context(httpx.Client(base_url=server.url + API, timeout=30))

        yield start


def test_a_map_holds_at_most_the_configured_tasks_one_by_one(client, admin: Actor, role_map):
    http = client(role_map_max_tasks=4)  # the map has 3
    path = f"/role-maps/{role_map['id']}/tasks"
    assert http.post(path, json={"title": "Vier"}, headers=admin.headers).status_code == 201
    body = assert_problem(http.post(path, json={"title": "Vijf"}, headers=admin.headers), 409)
    assert "at most 4 tasks" in body["detail"]
    assert [t["title"] for t in tasks_of(http, admin, role_map)][-1] == "Vier"


def test_a_map_holds_at_most_the_configured_tasks_by_csv_and_nothing_changes(
    client, admin: Actor, role_map
):
    http = client(role_map_max_tasks=5)
    before = export(http, admin, role_map)
    body = assert_problem(import_csv(http, admin, role_map, new_tasks_csv(3)), 400, "task")
    assert body["invalidParams"][0]["code"] == "too-many-tasks"
    assert "at most 5 tasks" in body["invalidParams"][0]["reason"]
    assert export(http, admin, role_map) == before
    assert import_csv(http, admin, role_map, new_tasks_csv(2)).status_code == 200


def test_the_default_is_ten_thousand_tasks(settings: Settings):
    assert Settings().role_map_max_tasks == settings.role_map_max_tasks == 10_000


def test_a_whole_view_may_be_larger_than_other_bodies_and_is_stored(client, admin: Actor, role_map):
    """A view's schema allows 100,000 rows, some 12 MB: more than the installation's body limit
    (1 MiB by default). The view PUT has a limit of its own; every other body keeps the limit."""
    http = client(max_body_bytes=1024)
    party_ids = role_map["partyIds"]
    rows = [
        {"taskId": task["id"], "partyId": party, "role": role}
        for task in role_map["tasks"]
        for party in party_ids
        for role in ("accountable", "responsible", "consulted", "informed")
    ]
    path = f"/role-maps/{role_map['id']}/perspectives/agreed"
    headers = {**admin.headers, "If-Match": "*"}
    body = json.dumps({"assignments": rows}).encode()
    assert len(body) > 4 * 1024
    stored = http.put(path, content=body, headers={**headers, "Content-Type": "application/json"})
    assert stored.status_code == 200, stored.text
    assert len(stored.json()["assignments"]) == len(rows)
    # Another operation's body of the same size is refused, and so is this one's on another verb.
    task = {"title": "T" * 100, "description": "x" * len(body)}
    tasks = f"/role-maps/{role_map['id']}/tasks"
    assert_problem(http.post(tasks, json=task, headers=admin.headers), 413)
    assert_problem(http.post(path, content=body, headers=headers), 413)
    assert len(http.get(path, headers=admin.headers).json()["assignments"]) == len(rows)


def test_the_view_limit_is_its_own_and_bounded():
    view = f"{API}/role-maps/{uuid.uuid4()}/perspectives/agreed"
    assert body_limit("PUT", view, 1024) == VIEW_MAX_BYTES == MAX_ASSIGNMENTS * 160
    assert body_limit("PUT", view, 32 * 1024 * 1024) == 32 * 1024 * 1024  # never below the limit
    assert body_limit("GET", view, 1024) == 1024
    assert body_limit("PUT", view + "/extra", 1024) == 1024
    assert body_limit("PUT", f"{API}/role-maps/{uuid.uuid4()}", 1024) == 1024
