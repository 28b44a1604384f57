"""Kept pages (docs/decisions/0021-kept-pages.md): a read is answered again from what the same
caller was answered at the same data version, without the route's statements; never to another
caller, never after a change in any process, never past a logout or a role change."""

from __future__ import annotations

import uuid

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, update

from kompas.agenda.models import AgendaItem
from kompas.core import dataversion
from kompas.core.config import Settings
from kompas.core.dataversion import DataVersion
from kompas.core.pagecache import KeptPages, Page
from kompas.core.principal import Role
from kompas.core.security import hash_password
from kompas.main import create_app
from tests.conftest import Actor, Clock, LiveServer, Tenant, assert_problem

API = "/api/v1"


def create_item(http, actor: Actor, title: str, lead) -> dict:
    response = http.post(
        "/agenda-items", json={"title": title, "leadPartyId": str(lead.id)}, headers=actor.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def titles(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(item["title"] for item in response.json()["items"])


def route_statements(statements: list[str]) -> list[str]:
    """What the route itself read: every statement but the caller's (``users`` with the data
    version, which a kept page costs on SQLite; on PostgreSQL it runs on the event loop)."""
    return [s for s in statements if "data_versions" not in s]


def test_the_same_read_again_is_answered_from_the_kept_page_with_the_same_bytes_and_headers(
    http, engine: Engine, tenant: Tenant, parties, count_sql
):
    coordinator = tenant.actor(Role.coordinator)
    create_item(http, coordinator, "Schuldhulp", parties["werk"])
    first = http.get("/agenda-items?limit=10", headers=coordinator.headers)
    counter = count_sql()
    again = http.get("/agenda-items?limit=10", headers=coordinator.headers)
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("content-type", "content-length", "link", "etag"):
        assert again.headers.get(header) == first.headers.get(header)
    assert route_statements(counter.statements) == []
    # The caller and the data version, in one statement: through the engine in a worker thread on
    # SQLite, on the event loop's own connections on PostgreSQL.
    assert len(counter.statements) == (0 if engine.dialect.name == "postgresql" else 1)

    # Another query is another page.
    counter = count_sql()
    other = http.get("/agenda-items?limit=1", headers=coordinator.headers)
    assert titles(other) == ["Schuldhulp"]
    assert route_statements(counter.statements) != []


def test_a_write_in_another_process_is_seen_at_once(
    http, settings: Settings, engine: Engine, tenant: Tenant, parties, count_sql
):
    coordinator = tenant.actor(Role.coordinator)
    create_item(http, coordinator, "Schuldhulp", parties["werk"])
    assert titles(http.get("/agenda-items", headers=coordinator.headers)) == ["Schuldhulp"]
    assert titles(http.get("/agenda-items", headers=coordinator.headers)) == ["Schuldhulp"]
    with TestClient(create_app(settings, engine), base_url="http://other" + API) as other:
        create_item(other, coordinator, "Jongeren 18+", parties["jeugd"])
    counter = count_sql()
    after = http.get("/agenda-items", headers=coordinator.headers)
    assert titles(after) == ["Jongeren 18+", "Schuldhulp"]
    assert route_statements(counter.statements) != []


def test_a_page_is_never_answered_to_another_caller(http, tenant: Tenant, parties):
    coordinator = tenant.actor(Role.coordinator)
    partner = tenant.actor(Role.partner, party=parties["woon"])
    create_item(http, coordinator, "Schuldhulp", parties["werk"])  # private to the organisation
    assert titles(http.get("/agenda-items", headers=coordinator.headers)) == ["Schuldhulp"]
    assert titles(http.get("/agenda-items", headers=coordinator.headers)) == ["Schuldhulp"]
    assert titles(http.get("/agenda-items", headers=partner.headers)) == []
    me = http.get("/me", headers=partner.headers).json()
    assert me["id"] == str(partner.id)
    assert http.get("/me", headers=coordinator.headers).json()["id"] == str(coordinator.id)


def test_a_logout_ends_the_token_though_its_page_is_kept(http, tenant: Tenant, parties):
    tenant.actor(Role.member, email="jeroen@voorbeeld.nl", password_hash=hash_password("geheim123"))
    tokens = http.post(
        "/auth/token", data={"username": "jeroen@voorbeeld.nl", "password": "geheim123"}
    ).json()
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert http.get("/me", headers=headers).status_code == 200
    assert http.get("/me", headers=headers).status_code == 200
    logout = http.post(
        "/auth/logout", json={"refreshToken": tokens["refresh_token"]}, headers=headers
    )
    assert logout.status_code == 204, logout.text
    assert_problem(http.get("/me", headers=headers), 401)


def test_a_blocked_user_or_a_new_role_is_never_answered_from_an_older_page(
    http, tenant: Tenant, admin: Actor, parties
):
    member = tenant.actor(Role.member, party=parties["werk"])
    assert http.get("/me", headers=member.headers).json()["role"] == "member"
    assert http.get("/me", headers=member.headers).json()["role"] == "member"
    user = http.get(f"/users/{member.id}", headers=admin.headers)
    changed = http.patch(
        f"/users/{member.id}",
        json={"role": "coordinator"},
        headers={**admin.headers, "If-Match": user.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    assert http.get("/me", headers=member.headers).json()["role"] == "coordinator"
    blocked = http.patch(
        f"/users/{member.id}",
        json={"isActive": False},
        headers={**admin.headers, "If-Match": changed.headers["ETag"]},
    )
    assert blocked.status_code == 200, blocked.text
    assert_problem(http.get("/me", headers=member.headers), 401)


def test_a_change_that_bypasses_kompas_shows_within_a_minute(
    wall_clock: Clock, http, engine: Engine, tenant: Tenant, parties
):
    """A write outside Kompas's sessions (psql by hand) does not move the data version: the
    minute in the key bounds how long a kept page can miss it, as for the clock's own effects."""
    coordinator = tenant.actor(Role.coordinator)
    created = create_item(http, coordinator, "Schuldhulp", parties["werk"])
    assert titles(http.get("/agenda-items", headers=coordinator.headers)) == ["Schuldhulp"]
    with engine.begin() as connection:
        connection.execute(
            update(AgendaItem)
            .where(AgendaItem.id == uuid.UUID(created["id"]))
            .values(title="Bijgewerkt")
        )
    wall_clock.advance(minutes=1)
    assert titles(http.get("/agenda-items", headers=coordinator.headers)) == ["Bijgewerkt"]


def test_conditional_requests_and_partner_tokens_take_the_route(
    http, tenant: Tenant, admin: Actor, parties, count_sql
):
    partner = parties["woon"]
    token = http.post(
        f"/partners/{partner.id}/api-tokens",
        json={"name": "Planning", "scopes": ["needs:read"]},
        headers=admin.headers,
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(2):
        counter = count_sql()
        assert http.get("/needs", headers=headers).status_code == 200
        assert any("api_tokens" in s for s in counter.statements)  # looked up, its use recorded

    http.get("/agenda-items", headers=admin.headers)
    counter = count_sql()
    response = http.get("/agenda-items", headers={**admin.headers, "If-None-Match": '"x"'})
    assert response.status_code == 200
    assert route_statements(counter.statements) != []


def test_nothing_is_kept_when_turned_off(settings: Settings, engine: Engine, tenant: Tenant):
    app = create_app(settings.model_copy(update={"kept_pages_mb": 0}), engine)
    assert app.state.api.state.kept_pages is None
    coordinator = tenant.actor(Role.coordinator)
    with LiveServer(app) as live, httpx.Client(base_url=live.url + API) as client:
        assert client.get("/me", headers=coordinator.headers).status_code == 200
    on = create_app(settings, engine)
    assert on.state.api.state.kept_pages is not None
    replica = settings.model_copy(update={"database_replica_url": "postgresql://replica/db"})
    assert create_app(replica, engine).state.api.state.kept_pages is None


def page(version: int, size: int, minute: int = 0) -> Page:
    return Page(version, minute, [], b"x" * size)


def test_kept_pages_keep_the_newest_per_key_within_their_bytes():
    pages = KeptPages(1000, max_entry_bytes=400)
    pages.put(("a",), page(1, 300))
    pages.put(("a",), page(2, 300))  # replaces, not beside
    assert len(pages) == 1
    assert pages.bytes == 300
    assert pages.get(("a",), 1, 0) is None
    assert pages.get(("a",), 2, 0) is not None
    assert pages.get(("a",), 2, 1) is None  # another minute
    pages.put(("b",), page(1, 300))
    pages.put(("c",), page(1, 300))
    pages.get(("a",), 2, 0)  # used: "b" is now the least recently used
    pages.put(("d",), page(1, 300))
    assert pages.get(("b",), 1, 0) is None
    assert {p.body for p in pages.pages()} == {b"x" * 300}
    assert len(pages) == 3
    assert pages.bytes == 900
    pages.put(("e",), page(1, 401))  # larger than an entry may be
    assert pages.get(("e",), 1, 0) is None
    assert pages.bytes == 900


def test_kept_pages_are_bounded_over_many_callers_and_minutes(
    wall_clock: Clock, http, tenant: Tenant, app
):
    pages: KeptPages = app.state.api.state.kept_pages
    actors = [tenant.actor(Role.member) for _ in range(5)]
    for _ in range(3):
        for actor in actors:
            assert http.get("/me", headers=actor.headers).status_code == 200
        wall_clock.advance(minutes=1)
    mine = [p for p in pages.pages() if str(actors[0].id).encode() in p.body]
    assert len(mine) == 1  # one page per caller and path, whatever the minutes


def test_a_data_version_made_again_never_counts_the_same_numbers(
    http, engine: Engine, db, tenant: Tenant, parties
):
    """An organisation's row in data_versions deleted and made again (emptied by hand, or an
    organisation exported, deleted and imported with its own id) starts at a new random number,
    so a page kept under the old numbers never passes for the new data (counted from 1 again, it
    reached the kept page's number after as many changes as before)."""
    coordinator = tenant.actor(Role.coordinator)
    created = create_item(http, coordinator, "Schuldhulp", parties["werk"])
    assert titles(http.get("/agenda-items", headers=coordinator.headers)) == ["Schuldhulp"]
    kept_at = dataversion.read(db, tenant.id)
    with engine.begin() as connection:
        connection.execute(delete(DataVersion))
        connection.execute(
            update(AgendaItem)
            .where(AgendaItem.id == uuid.UUID(created["id"]))
            .values(title="Bijgewerkt")
        )
    # Changes through Kompas make the organisation's number again, until it is at least as high.
    for n in range(50):
        driver = http.post(
            "/drivers", json={"title": f"Drijfveer {n}"}, headers=coordinator.headers
        )
        assert driver.status_code == 201, driver.text
        if dataversion.read(db, tenant.id) >= kept_at:
            break
    assert titles(http.get("/agenda-items", headers=coordinator.headers)) == ["Bijgewerkt"]
