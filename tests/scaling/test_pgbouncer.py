"""Kompas through PgBouncer in transaction mode (KOMPAS_DATABASE_POOLER=transaction): the
migrations and the key flows work although consecutive transactions of one connection of the
app land on different server connections (two server connections for all clients).

Each flow runs more than five times on purpose: psycopg prepares a statement on the server at
its fifth run on a connection, which is what breaks under transaction pooling unless the
setting turns preparing off."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from kompas.core.config import Environment, Settings
from kompas.core.db import engine_from_settings
from kompas.core.migrate import upgrade
from kompas.main import create_app
from tests.conftest import API, TEST_SECRET, LiveServer
from tests.faults.conftest import ADMIN_PASSWORD
from tests.scaling.conftest import Organisation, PgBouncer, make_organisation

ROUNDS = 8  # more than psycopg's prepare threshold (5)


@pytest.fixture(scope="module")
def settings(pgbouncer: PgBouncer, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        env=Environment.test,
        secret_key=TEST_SECRET,
        database_url=pgbouncer.url,
        database_pooler="transaction",
        password_hash_time_cost=1,
        password_hash_memory_kib=8_192,
        web_dir=tmp_path_factory.mktemp("web"),
        rate_limit_per_minute=0,
        rate_limit_per_address_per_minute=0,
        login_failures_per_account=0,
        login_failures_per_address=0,
        redis_url="",
    )


@pytest.fixture(scope="module")
def client(settings: Settings) -> Iterator[httpx.Client]:
    engine = engine_from_settings(settings)
    upgrade(engine)  # the migrations through the pooler too
    app = create_app(settings, engine)
    with LiveServer(app) as live, httpx.Client(base_url=live.url + API, timeout=30) as http:
        yield http
    engine.dispose()


@pytest.fixture
def organisation(settings: Settings) -> Iterator[Organisation]:
    engine = engine_from_settings(settings)
    yield make_organisation(engine, settings, people=1)
    engine.dispose()


def test_the_engine_prepares_no_statement_on_the_server(settings: Settings) -> None:
    engine = engine_from_settings(settings)
    try:
        with engine.connect() as connection:
            assert connection.connection.dbapi_connection.prepare_threshold is None  # type: ignore[union-attr]
    finally:
        engine.dispose()


def test_login_create_page_patch_and_replay_through_pgbouncer(
    client: httpx.Client, organisation: Organisation
) -> None:
    admin = organisation.people[0]
    for _ in range(3):  # argon2 is slow on purpose: three logins are enough
        login = client.post(
            "/auth/token", data={"username": admin.email, "password": ADMIN_PASSWORD}
        )
        assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}

    names = {f"Afdeling {n}" for n in range(ROUNDS * 2)}
    for name in sorted(names):
        created = client.post("/departments", json={"name": name}, headers=headers)
        assert created.status_code == 201, created.text

    seen: list[str] = []
    page = client.get("/departments", params={"limit": 3}, headers=headers)
    while True:
        assert page.status_code == 200, page.text
        seen += [item["name"] for item in page.json()["items"]]
        cursor = page.json()["nextCursor"]
        if cursor is None:
            break
        page = client.get("/departments", params={"limit": 3, "cursor": cursor}, headers=headers)
    assert sorted(seen) == sorted(names | {"Werk en Inkomen"})  # every one exactly once

    department = client.get("/departments", params={"limit": 1}, headers=headers).json()
    path = f"/departments/{department['items'][0]['id']}"
    etag = client.get(path, headers=headers).headers["ETag"]
    for n in range(ROUNDS):
        changed = client.patch(
            path, json={"description": f"Ronde {n}"}, headers={**headers, "If-Match": etag}
        )
        assert changed.status_code == 200, changed.text
        stale = client.patch(
            path, json={"description": "Te laat"}, headers={**headers, "If-Match": etag}
        )
        assert stale.status_code == 412, stale.text
        etag = changed.headers["ETag"]

    for _ in range(ROUNDS):
        key = {"Idempotency-Key": str(uuid.uuid4())}
        body = {"name": f"Eenmalig {uuid.uuid4().hex[:8]}"}
        first = client.post("/departments", json=body, headers={**headers, **key})
        again = client.post("/departments", json=body, headers={**headers, **key})
        assert first.status_code == again.status_code == 201, again.text
        assert again.headers.get("idempotent-replayed") == "true"
        assert again.json() == first.json()

    for _ in range(ROUNDS):
        dashboard = client.get("/dashboard", headers=headers)
        assert dashboard.status_code == 200, dashboard.text


def test_a_role_map_view_is_replaced_again_and_again_through_pgbouncer(
    client: httpx.Client, organisation: Organisation
) -> None:
    headers = organisation.people[0].headers
    role_map = client.post(
        "/role-maps",
        json={"title": "Schulden", "partyIds": [str(organisation.department_id)]},
        headers=headers,
    )
    assert role_map.status_code == 201, role_map.text
    path = f"/role-maps/{role_map.json()['id']}"
    tasks = []
    for title in ("Signaleren", "Huisbezoek", "Schuldregeling"):
        task = client.post(f"{path}/tasks", json={"title": title}, headers=headers)
        assert task.status_code == 201, task.text
        tasks.append(task.json()["id"])
    etag = "*"
    for n in range(ROUNDS):
        rows = [
            {"taskId": task, "partyId": str(organisation.department_id), "role": role}
            for task, role in zip(
                tasks, ("accountable", "responsible", "consulted")[n % 3 :], strict=False
            )
        ]
        view = client.put(
            f"{path}/perspectives/agreed",
            json={"assignments": rows},
            headers={**headers, "If-Match": etag},
        )
        assert view.status_code == 200, view.text
        assert len(view.json()["assignments"]) == len(rows)
        etag = view.headers["ETag"]
    matrix = client.get(f"{path}/matrix", headers=headers)
    assert matrix.status_code == 200, matrix.text
