"""The benchmark data generator (bench/datagen.py) builds data the real app serves as its own.

It generates the smallest workable scale into the suite's database (SQLite, or PostgreSQL with
KOMPAS_TEST_DATABASE_URL), then asks the app over HTTP, with tokens minted for the generated
users: every list, a detail of each kind, the dashboard, the role-map analysis and matrix,
search and a feed answer 200 with the generated records, and walking the lists finds exactly the
counts the manifest reports.
"""

from __future__ import annotations

import uuid
from types import ModuleType
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select, text

from kompas.core.config import Settings
from kompas.core.db import metadata
from kompas.core.security import create_access_token
from tests.bench.scripts import bench_script
from tests.conftest import LiveServer

SCALE = 0.001


def _datagen() -> ModuleType:
    return bench_script("datagen", "datagen")


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def generated(engine: Engine) -> dict[str, Any]:
    manifest: dict[str, Any] = _datagen().generate(_url(engine), SCALE)
    return manifest


def _headers(settings: Settings, org: dict[str, Any], role: str) -> dict[str, str]:
    token, _ = create_access_token(
        settings,
        user_id=uuid.UUID(org["users"][role]),
        organisation_id=uuid.UUID(org["organisation_id"]),
    )
    return {"Authorization": f"Bearer {token}"}


def _walk(http: httpx.Client, path: str, headers: dict[str, str], **params: Any) -> list[Any]:
    """Every item of a collection, page by page through its cursor."""
    items: list[Any] = []
    query: dict[str, Any] = {"limit": 200, **params}
    for _ in range(1000):
        response = http.get(path, headers=headers, params=query)
        assert response.status_code == 200, (path, response.text)
        body = response.json()
        items += body["items"]
        if body["nextCursor"] is None:
            return items
        query = {**query, "cursor": body["nextCursor"]}
    raise AssertionError(f"{path} did not end")


def test_the_manifest_has_the_agreed_shape_and_the_database_its_counts(
    generated: dict[str, Any], engine: Engine
) -> None:
    assert set(generated) == {"scale", "national", "database_url", "counts", "organisations"}
    assert generated["scale"] == SCALE
    assert generated["national"] is False
    large = generated["organisations"]["large"]
    assert set(large) == {
        "organisation_id",
        "users",
        "party_id",
        "role_map_id",
        "agenda_item_id",
        "question_id",
        "success_id",
        "experience_id",
        "meeting_id",
        "reflection_round_id",
        "search_term",
    }
    assert set(large["users"]) == {"admin", "coordinator", "member", "viewer", "partner"}
    tables = {table.name: table for table in metadata.sorted_tables}
    with engine.connect() as connection:
        for name, count in generated["counts"].items():
            stored = connection.execute(select(func.count()).select_from(tables[name])).scalar()
            assert stored == count, name
    counts = generated["counts"]
    # ×0.001 of the large municipality, each count at least 1.
    expected = {"agenda_items": 20, "experiences": 50, "audit_events": 1_000}
    assert {table: counts[table] for table in expected} == expected
    assert counts["reflection_answers"] == 200
    assert counts["role_map_tasks"] >= 1
    assert counts["role_assignments"] >= 1


def test_a_second_run_is_refused_without_reset(generated: dict[str, Any], engine: Engine) -> None:
    with pytest.raises(RuntimeError, match="--reset"):
        _datagen().generate(_url(engine), SCALE)


def test_the_app_serves_the_generated_records(
    generated: dict[str, Any], app: Any, settings: Settings
) -> None:
    org = generated["organisations"]["large"]
    counts = generated["counts"]
    admin = _headers(settings, org, "admin")
    with LiveServer(app) as live, httpx.Client(base_url=live.url + "/api/v1", timeout=60) as http:
        for path, table in (
            ("/agenda-items", "agenda_items"),
            ("/questions", "questions"),
            ("/successes", "successes"),
            ("/experiences", "experiences"),
            ("/meetings", "meetings"),
            ("/parties", "parties"),
            ("/people", "people"),
            ("/needs", "needs"),
            ("/role-maps", "role_maps"),
            ("/reflection-rounds", "reflection_rounds"),
            ("/audit-events", "audit_events"),
            ("/users", "users"),
        ):
            assert len(_walk(http, path, admin)) == counts[table], path
        # A filter and a sort, as the load harness asks.
        in_progress = _walk(http, "/agenda-items", admin, status="in-progress", sort="-updatedAt")
        assert all(item["status"] == "in-progress" for item in in_progress)
        for path, key in (
            ("/agenda-items", "agenda_item_id"),
            ("/questions", "question_id"),
            ("/successes", "success_id"),
            ("/experiences", "experience_id"),
            ("/meetings", "meeting_id"),
            ("/role-maps", "role_map_id"),
            ("/reflection-rounds", "reflection_round_id"),
        ):
            response = http.get(f"{path}/{org[key]}", headers=admin)
            assert response.status_code == 200, (path, response.text)
            assert response.json()["id"] == org[key]
            assert response.headers["ETag"]
        results = http.get(
            f"/reflection-rounds/{org['reflection_round_id']}/results", headers=admin
        )
        assert results.status_code == 200, results.text
        assert results.json()["overall"]["answered"] > 0

        dashboard = http.get("/dashboard", headers=admin)
        assert dashboard.status_code == 200, dashboard.text

        role_map = org["role_map_id"]
        analysis = http.get(f"/role-maps/{role_map}/analysis", headers=admin)
        assert analysis.status_code == 200, analysis.text
        tasks = _walk(http, f"/role-maps/{role_map}/tasks", admin)
        assert len(tasks) >= 1
        matrix = http.get(f"/role-maps/{role_map}/matrix", headers=admin)
        assert matrix.status_code == 200, matrix.text

        found = http.get("/search", headers=admin, params={"q": org["search_term"], "limit": 50})
        assert found.status_code == 200, found.text
        assert found.json()["items"], "the search term finds nothing"

        feed = http.get("/feeds/published/json", params={"organisation": org["organisation_id"]})
        assert feed.status_code == 200, feed.text

        # Every generated login is a working caller, the partner sees what its party leads.
        for role in ("coordinator", "member", "viewer", "partner"):
            me = http.get("/me", headers=_headers(settings, org, role))
            assert me.status_code == 200, (role, me.text)
        partner = _headers(settings, org, "partner")
        item = http.get(f"/agenda-items/{org['agenda_item_id']}", headers=partner)
        assert item.status_code == 200, item.text
        assert item.json()["leadPartyId"] == org["party_id"]


def test_the_search_index_holds_the_generated_records(
    generated: dict[str, Any], engine: Engine
) -> None:
    """SQLite's FTS5 table is filled by the triggers; PostgreSQL's GIN indexes need no rows."""
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL searches its tables through expression indexes")
    counts = generated["counts"]
    searched = ("agenda_items", "questions", "successes", "meetings", "experiences")
    with engine.connect() as connection:
        indexed = connection.execute(text("SELECT count(*) FROM search_index")).scalar()
    assert indexed == sum(counts[table] for table in searched)


def test_the_national_variant_keeps_each_organisation_to_itself(
    engine: Engine, app: Any, settings: Settings
) -> None:
    manifest: dict[str, Any] = _datagen().generate(_url(engine), SCALE, national=True)
    assert manifest["national"] is True
    assert manifest["counts"]["organisations"] == 342
    large, small = manifest["organisations"]["large"], manifest["organisations"]["small"]
    assert set(small) == set(large)
    with LiveServer(app) as live, httpx.Client(base_url=live.url + "/api/v1", timeout=60) as http:
        for org in (large, small):
            admin = _headers(settings, org, "admin")
            response = http.get(f"/agenda-items/{org['agenda_item_id']}", headers=admin)
            assert response.status_code == 200, response.text
            found = http.get("/search", headers=admin, params={"q": org["search_term"]})
            assert found.status_code == 200, found.text
            assert found.json()["items"], "the search term finds nothing"
            assert http.get("/dashboard", headers=admin).status_code == 200
        # The small organisation sees nothing of the large one.
        small_admin = _headers(settings, small, "admin")
        other = http.get(f"/agenda-items/{large['agenda_item_id']}", headers=small_admin)
        assert other.status_code == 404, other.text
        ids = {item["id"] for item in _walk(http, "/agenda-items", small_admin)}
        assert small["agenda_item_id"] in ids
        assert large["agenda_item_id"] not in ids
