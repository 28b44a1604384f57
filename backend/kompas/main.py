"""The app factory: the API under /api/v1 and the web app at /."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

import kompas.models  # noqa: F401 - every table and the audit recorder
from kompas.agenda.router import router as agenda_router
from kompas.audit.router import router as audit_router
from kompas.auth.dependencies import idempotency_caller, page_caller, resolve_principal
from kompas.auth.router import router as auth_router
from kompas.calendar.router import router as calendar_router
from kompas.chain.router import router as chain_router
from kompas.commitments.router import router as commitments_router
from kompas.compass.router import router as compass_router
from kompas.core import benchmode, controlchars, pagecache
from kompas.core.apidocs import docs_router
from kompas.core.asyncdb import OneStatement
from kompas.core.config import Settings, get_settings
from kompas.core.db import engine_from_settings
from kompas.core.errors import BadRequest, InvalidParam, install_error_handlers, problem_response
from kompas.core.health import router as health_router
from kompas.core.idempotency import IdempotencyMiddleware
from kompas.core.middleware import ApiHeadersMiddleware, BodyLimitMiddleware
from kompas.core.negotiation import negotiate
from kompas.core.openapi import API_PREFIX, API_VERSION, build_openapi, operation_id
from kompas.core.pagecache import KeptPages
from kompas.core.principal import RESOLVER_KEY
from kompas.core.ratelimit import install_rate_limits
from kompas.core.replica import install_read_replica
from kompas.core.routing import index_routes
from kompas.core.security import configure_password_hashing
from kompas.dashboard.router import router as dashboard_router
from kompas.experiences.router import router as experiences_router
from kompas.feeds.router import router as feeds_router
from kompas.joint.router import router as joint_router
from kompas.meetings.router import router as meetings_router
from kompas.parties.router import router as parties_router
from kompas.personaldata.router import router as personaldata_router
from kompas.questions.router import router as questions_router
from kompas.reflection.router import router as reflection_router
from kompas.reports.router import router as reports_router
from kompas.rolemaps.router import router as rolemaps_router
from kompas.search.router import router as search_router
from kompas.successes.router import router as successes_router
from kompas.tokens.router import router as tokens_router
from kompas.transfer.router import router as transfer_router
from kompas.users.router import router as users_router
from kompas.webhooks.router import router as webhooks_router

log = logging.getLogger("kompas")

EXPOSED_HEADERS = [
    "API-Version",
    "Link",
    "ETag",
    "Location",
    "RateLimit",
    "RateLimit-Policy",
    "Retry-After",
]


def create_api(settings: Settings, session_factory: sessionmaker[Session]) -> FastAPI:
    """The REST API, mounted at /api/v1 (its spec's paths are relative to that server URL)."""
    api = FastAPI(
        title="Kompas API",
        version=API_VERSION,
        openapi_url=None,  # served below, with CORS open to everyone
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
        generate_unique_id_function=operation_id,
        dependencies=[Depends(negotiate)],
    )
    api.state.settings = settings
    api.state.session_factory = session_factory
    # How a Bearer token becomes a caller: the access domain's, for core's dependencies to call.
    setattr(api.state, RESOLVER_KEY, resolve_principal)
    for router in (
        health_router,
        auth_router,
        users_router,
        parties_router,
        compass_router,
        audit_router,
        tokens_router,
        rolemaps_router,
        agenda_router,
        successes_router,
        experiences_router,
        meetings_router,
        chain_router,
        questions_router,
        joint_router,
        search_router,
        calendar_router,
        feeds_router,
        commitments_router,
        dashboard_router,
        reports_router,
        reflection_router,
        webhooks_router,
        transfer_router,
        personaldata_router,
    ):
        api.include_router(router)
    if settings.bench_mode:  # the load harness's ceiling endpoint, never in production
        api.include_router(benchmode.router)
    install_error_handlers(api)

    @api.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        # A uniqueness race the service checks could not see: the state changed, not the request.
        return problem_response(
            request, 409, "The change conflicts with the current data; read it again and retry."
        )

    @api.exception_handler(OperationalError)
    async def _unavailable(request: Request, exc: OperationalError) -> JSONResponse:
        log.error("database unavailable: %s", exc.__class__.__name__)
        return problem_response(
            request,
            503,
            "The database is unavailable; try again shortly.",
            headers={"Retry-After": "10"},
        )

    def custom_openapi() -> dict[str, Any]:
        return controlchars.document(build_openapi(api))

    api.openapi = custom_openapi  # type: ignore[method-assign]

    @api.get("/openapi.json", include_in_schema=False)
    def openapi_document() -> JSONResponse:
        return JSONResponse(api.openapi(), headers={"Access-Control-Allow-Origin": "*"})

    if settings.api_docs:
        api.include_router(
            docs_router(
                path="/docs",
                public_path=f"{API_PREFIX}/docs",
                spec_url=f"{API_PREFIX}/openapi.json",
                title="Kompas API",
            )
        )
    index_routes(api)  # after the last router
    _keep_pages(api, settings, session_factory)

    install_read_replica(api, settings, session_factory)  # innermost: sees the route's answer
    # Outermost last: headers wrap everything, the body limit guards the buffering of the two
    # inside it; control characters are refused before a request is remembered for idempotency.
    api.add_middleware(
        IdempotencyMiddleware,
        settings=settings,
        session_factory=session_factory,
        caller=idempotency_caller,
    )
    api.add_middleware(controlchars.ControlCharacterMiddleware)
    api.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    install_rate_limits(api, settings, session_factory)  # inside CORS: a 429 keeps its headers
    api.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        allow_headers=[
            "Authorization",
            "Content-Type",
            "If-Match",
            "Idempotency-Key",
            "Accept-Language",
        ],
        expose_headers=EXPOSED_HEADERS,
        max_age=600,
    )
    return api


def _keep_pages(api: FastAPI, settings: Settings, session_factory: sessionmaker[Session]) -> None:
    """Kept pages (decision 0021), answered to the callers the access domain recognises; none
    without a database (the spec's app), with ``KOMPAS_KEPT_PAGES_MB=0`` or with a replica."""
    engine = session_factory.kw.get("bind")
    api.state.one_statement = (
        OneStatement(engine, pooler=settings.database_pooler) if engine is not None else None
    )
    keep = engine is not None and settings.kept_pages_mb > 0 and not settings.database_replica_url
    pages = KeptPages(settings.kept_pages_mb * 1024 * 1024) if keep else None
    pagecache.install(api, pages, page_caller)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """What the process made to start (the app, its routes and models: some 200,000 objects
    that live as long as it does) is moved out of the garbage collector's way. Otherwise every
    full collection, which a request that makes many objects sets off (a role-map view of
    thousands of rows), scans all of them again: 50 to 150 ms at a time (decision 0019)."""
    gc.collect()
    gc.freeze()
    yield
    statements: OneStatement | None = getattr(app.state.api.state, "one_statement", None)
    if statements is not None:
        await statements.close()


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_password_hashing(settings)
    engine = engine or engine_from_settings(settings)
    session_factory = sessionmaker(engine, class_=Session, expire_on_commit=False)
    app = FastAPI(
        title="Kompas",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
        lifespan=_lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.api = create_api(settings, session_factory)
    app.mount(API_PREFIX, app.state.api)
    _mount_web_app(app, settings.web_dir)
    # Also here, not only in the API: a path the API mount cannot even match (a newline in it)
    # is still answered as problem+json with the API's headers.
    install_error_handlers(app)
    app.add_middleware(
        ApiHeadersMiddleware,
        api_version=API_VERSION,
        api_prefix=API_PREFIX,
        production=settings.is_production,
        connect_origins=_origins(settings.oidc_issuer),
    )
    return app


def _origins(*urls: str) -> tuple[str, ...]:
    """The origins (scheme, host and port) of the non-empty ``urls``."""
    origins = []
    for url in filter(None, urls):
        parts = urlsplit(url)
        origins.append(f"{parts.scheme}://{parts.netloc}")
    return tuple(origins)


def _mount_web_app(app: FastAPI, web_dir: Path) -> None:
    """Serve the built SPA at / with a fallback to index.html for its client-side routes."""
    index = web_dir / "index.html"
    if (web_dir / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=web_dir / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    def web_app(path: str) -> Response:
        if controlchars.has_control_characters(path):  # never a file; NUL would crash resolve()
            raise BadRequest(
                "The path holds a control character.",
                invalid_params=[
                    InvalidParam(
                        name="path",
                        reason="Must not contain control characters.",
                        code="control-character",
                    )
                ],
            )
        candidate = (web_dir / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(web_dir.resolve()):
            return FileResponse(candidate)
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return Response(
            '<!doctype html><html lang="nl"><title>Kompas</title><p>De API draait op '
            f'<a href="{API_PREFIX}/docs">{API_PREFIX}/docs</a>.</p></html>',
            media_type="text/html",
        )


def create_api_for_spec() -> FastAPI:
    """The API without a database, to write the OpenAPI document."""
    settings = Settings(database_url="sqlite://", secret_key="x" * 32)
    return create_api(settings, sessionmaker(class_=Session))
