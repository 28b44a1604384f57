"""Health: for load balancers and monitoring, without authentication.

- ``/health/live``: the process answers; touches nothing else, so a load balancer never restarts
  a healthy process because its database is away.
- ``/health/ready``: the database answers and its schema is at the migrations' head; 503 with
  ``Retry-After`` otherwise, so a load balancer sends no traffic to an instance that cannot serve.
- ``/health``: the database answers (kept as it was for existing monitors).
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from alembic.script import ScriptDirectory
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from kompas.core.errors import problem_response
from kompas.core.migrate import alembic_config

router = APIRouter()

RETRY_AFTER_SECONDS = "10"
UNAVAILABLE: dict[int | str, dict[str, object]] = {
    503: {
        "description": "Not ready.",
        "headers": {"Retry-After": {"schema": {"type": "string"}}},
    }
}


class Health(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]


class Live(BaseModel):
    status: Literal["ok"]


class Ready(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]
    migrations: Literal["ok"]


@cache
def migration_heads() -> frozenset[str]:
    """The head revision(s) of the migration scripts this code was shipped with."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


def _unavailable(request: Request, detail: str) -> JSONResponse:
    return problem_response(
        request, 503, detail, slug="unavailable", headers={"Retry-After": RETRY_AFTER_SECONDS}
    )


@router.get("/health", tags=["health"], response_model=Health)
def read_health(request: Request) -> object:
    """Whether the API and its database answer."""
    try:
        with request.app.state.session_factory() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        response: JSONResponse = problem_response(
            request, 503, "The database does not answer.", headers={"Retry-After": "10"}
        )
        return response
    return Health(status="ok", database="ok")


@router.get("/health/live", tags=["health"], response_model=Live)
def read_liveness() -> Live:
    """Whether the process answers (no database is asked): for a load balancer's liveness probe."""
    return Live(status="ok")


@router.get("/health/ready", tags=["health"], response_model=Ready, responses=UNAVAILABLE)
def read_readiness(request: Request) -> object:
    """Whether this instance can serve: the database answers and its schema is at the newest
    migration (503 with `Retry-After` otherwise)."""
    with request.app.state.session_factory() as session:
        try:
            session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return _unavailable(request, "The database does not answer.")
        try:
            current = set(
                session.execute(text("SELECT version_num FROM alembic_version")).scalars()
            )
        except SQLAlchemyError:  # no alembic_version table: never migrated
            current = set()
    if current != migration_heads():
        return _unavailable(
            request, "The database schema is not at the newest migration; run `kompas migrate`."
        )
    return Ready(status="ok", database="ok", migrations="ok")
