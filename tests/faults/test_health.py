"""Health for load balancers: live asks nothing of the database, ready asks that the database
answers and stands at the newest migration; neither needs a token."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import text

from kompas.core.db import make_engine
from kompas.core.migrate import upgrade
from kompas.main import create_app
from tests.conftest import API, LiveServer, assert_problem
from tests.faults.conftest import free_port


def test_live_and_ready_answer_without_a_token_when_all_is_well(http):
    live = http.get("/health/live")
    assert live.status_code == 200
    assert live.json() == {"status": "ok"}
    ready = http.get("/health/ready")
    assert ready.status_code == 200, ready.text
    assert ready.json() == {"status": "ok", "database": "ok", "migrations": "ok"}
    assert http.get("/health").json() == {"status": "ok", "database": "ok"}


def test_without_a_database_the_process_is_live_but_not_ready(settings):
    nowhere = make_engine(f"postgresql://postgres@127.0.0.1:{free_port()}/kompas")
    with (
        LiveServer(create_app(settings, nowhere)) as server,
        httpx.Client(base_url=server.url + API, timeout=10) as client,
    ):
        assert client.get("/health/live").json() == {"status": "ok"}
        for path in ("/health/ready", "/health"):
            response = client.get(path)
            assert_problem(response, 503)
            assert response.headers["Retry-After"].isdigit()
    nowhere.dispose()


def test_a_database_behind_the_migrations_is_not_ready_until_migrated(tmp_path: Path, settings):
    engine = make_engine(f"sqlite:///{tmp_path / 'kompas.db'}")
    upgrade(engine)
    with engine.begin() as connection:
        head = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        connection.execute(text("UPDATE alembic_version SET version_num = 'aaaaaaaaaaaa'"))
    with (
        LiveServer(create_app(settings, engine)) as server,
        httpx.Client(base_url=server.url + API, timeout=10) as client,
    ):
        behind = client.get("/health/ready")
        body = assert_problem(behind, 503)
        assert "migration" in body["detail"]
        assert behind.headers["Retry-After"].isdigit()
        assert client.get("/health/live").status_code == 200
        with engine.begin() as connection:
            connection.execute(
                text("UPDATE alembic_version SET version_num = :head"), {"head": head}
            )
        assert client.get("/health/ready").status_code == 200
    engine.dispose()
