"""The service around the API: health, the web app at /, database settings."""

from __future__ import annotations

import asyncio
import gc

import httpx
from sqlalchemy import Engine, text

from kompas.core.config import Settings
from kompas.core.db import make_engine
from kompas.main import create_app
from tests.conftest import LiveServer, assert_problem


def test_health_answers_without_a_token(http):
    response = http.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_health_is_503_with_retry_after_when_the_database_is_down(settings: Settings):
    unreachable = make_engine(
        "postgresql://nobody@127.0.0.1:9/nowhere", connect_args={"connect_timeout": 1}
    )
    with LiveServer(create_app(settings, unreachable)) as server:
        response = httpx.get(f"{server.url}/api/v1/health", timeout=30)
    assert_problem(response, 503)
    assert response.headers["Retry-After"] == "10"


def test_the_web_app_is_served_at_root_with_a_fallback_for_its_routes(
    server: LiveServer, settings: Settings
):
    (settings.web_dir / "index.html").write_text(
        "<!doctype html><html lang='nl'><title>Kompas</title></html>"
    )
    with httpx.Client(base_url=server.url) as client:
        home = client.get("/")
        deep = client.get("/partijen/123")
        api_unknown = client.get("/api/v1/partijen")
    assert home.status_code == 200
    assert "<title>Kompas</title>" in home.text
    assert deep.text == home.text
    assert home.headers["X-Frame-Options"] == "DENY"
    assert "API-Version" not in home.headers
    assert_problem(api_unknown, 404)  # the API never falls back to the web app


def test_a_path_the_api_cannot_match_is_still_a_problem_with_api_headers(server: LiveServer):
    response = httpx.get(f"{server.url}/api/v1/departments/a%0Ab")
    assert_problem(response, 404)
    assert "API-Version" in response.headers


def test_sqlite_runs_with_foreign_keys_wal_and_a_busy_timeout(engine: Engine, tmp_path):
    sqlite = (
        engine if engine.dialect.name == "sqlite" else make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    )
    with sqlite.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_postgresql_urls_use_psycopg_3_with_pre_ping():
    engine = make_engine("postgresql://postgres@127.0.0.1:5432/test")
    assert engine.dialect.driver == "psycopg"
    assert engine.pool._pre_ping is True


def test_the_interactive_docs_can_be_switched_off(settings: Settings, engine: Engine):
    with LiveServer(create_app(settings.model_copy(update={"api_docs": False}), engine)) as server:
        hidden = httpx.get(f"{server.url}/api/v1/docs")
        spec = httpx.get(f"{server.url}/api/v1/openapi.json")
    assert_problem(hidden, 404)
    assert spec.status_code == 200


def test_a_crash_answers_one_500_problem_wherever_it_happens(settings: Settings, engine: Engine):
    """A route's error and one that escapes every handler (a middleware's) give the same problem,
    with the API's headers, and no trace of the cause."""
    from starlette.middleware import Middleware
    from starlette.routing import Mount

    app = create_app(settings, engine)

    api = next(r.app for r in app.routes if isinstance(r, Mount) and r.path == "/api/v1")

    @api.get("/crash-in-a-route", include_in_schema=False)
    def crash() -> None:
        raise RuntimeError("geheim detail")

    class CrashInMiddleware:
        def __init__(self, app) -> None:
            self.app = app

        async def __call__(self, scope, receive, send) -> None:
            if scope["type"] == "http" and scope["path"] == "/crash-in-a-middleware":
                raise RuntimeError("geheim detail")
            await self.app(scope, receive, send)

    app.user_middleware.append(Middleware(CrashInMiddleware))  # innermost: past every handler
    with LiveServer(app) as live:  # a connection each: the server closes one after a crash
        problems = [
            assert_problem(httpx.get(live.url + "/api/v1/crash-in-a-route"), 500),
            assert_problem(httpx.get(live.url + "/crash-in-a-middleware"), 500),
        ]
    assert problems[0]["type"] == problems[1]["type"], problems
    assert problems[0]["title"] == problems[1]["title"], problems
    assert all("geheim" not in str(problem) for problem in problems)


def test_the_served_app_moves_what_it_made_to_start_out_of_the_garbage_collectors_way(
    settings: Settings, engine: Engine
):
    """`kompas serve` runs the app's lifespan: what it made to start is frozen, so a full
    collection set off by a large request scans only what requests made (decision 0019)."""
    app = create_app(settings, engine)

    async def start() -> int:
        async with app.router.lifespan_context(app):
            return gc.get_freeze_count()

    gc.unfreeze()
    try:
        assert gc.get_freeze_count() == 0
        assert asyncio.run(start()) > 10_000
    finally:
        gc.unfreeze()  # the suite's own objects stay collectable
