"""The database: engine, naming convention, column types and the request's session."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import DateTime, Engine, MetaData, event
from sqlalchemy import Enum as SAEnum
from sqlalchemy.engine import Dialect
from sqlalchemy.engine.url import make_url
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel, create_engine

from kompas.core.config import Settings

# Constraint names that are the same on every database, so migrations can drop and alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata: MetaData = SQLModel.metadata

SQLITE_BUSY_TIMEOUT_MS = 5000


class UTCDateTime(TypeDecorator[datetime]):
    """A point in time, stored in UTC and always read back timezone-aware.

    SQLite has no time zones; without this a value written as 10:00+01:00 would read back as a
    naive 10:00.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    @property
    def python_type(self) -> type[datetime]:
        return datetime

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# Kompas serves Dutch municipalities: "today" is the date in the Netherlands (decision 0009).
CIVIL_ZONE = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """The date in the Netherlands now: what "today" means to the people using Kompas."""
    return utcnow().astimezone(CIVIL_ZONE).date()


def engine_from_settings(settings: Settings) -> Engine:
    """The primary database's engine as configured (KOMPAS_DATABASE_URL, _POOLER)."""
    return make_engine(settings.database_url, pooler=settings.database_pooler)


def make_engine(url: str, *, pooler: str = "none", **kwargs: Any) -> Engine:
    """An engine with the settings each database needs to behave well under load.

    ``pooler="transaction"``: the URL points at a pooler in transaction mode (PgBouncer), which
    gives each transaction whichever server connection is free. psycopg prepares a statement on
    the server after its fifth run on a connection, and the next transaction may land on a server
    connection that never saw it (PgBouncer before 1.21 does not track prepared statements), so
    preparing is turned off.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            from pathlib import Path

            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, **kwargs
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # psycopg 3 is the only PostgreSQL driver Kompas installs.
        url = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if pooler == "transaction":
        kwargs["connect_args"] = {**kwargs.get("connect_args", {}), "prepare_threshold": None}
    kwargs.setdefault("pool_pre_ping", True)
    engine = create_engine(url, **kwargs)
    if pooler != "transaction":
        # PostgreSQL's JIT compiles a query whose estimated cost is high, which the visibility
        # subqueries of the dashboard and lists often are: ~60 ms per query at the size of a
        # large municipality, for queries that run in a few. Behind a pooler in transaction mode a
        # connection's setting would not stay: there set it on the database (docs/operations.md).
        @event.listens_for(engine, "connect")
        def _no_jit(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET jit = off")
            dbapi_connection.commit()

    return engine


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request: commits once when the route succeeds, rolls back otherwise."""
    async with request_session(request.app.state.session_factory()) as session:
        yield session


@asynccontextmanager
async def request_session(session: Session) -> AsyncIterator[Session]:
    """A request's ``session``, ended as the route ends: committed when it succeeds, rolled back
    otherwise, then closed.

    The session is made on the event loop (it touches the database only when first used) and
    ended in one worker-thread call; a ``def`` generator dependency would cost two thread hops
    per request, one to make the session and one to end it.
    """
    try:
        yield session
    except BaseException:
        await run_in_threadpool(end_session, session, commit=False)
        raise
    await run_in_threadpool(end_session, session, commit=True)


def end_session(session: Session, *, commit: bool) -> None:
    """Commit (or roll back) and close: what a request's session needs at its end, in one call."""
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


# scope="function": commit before the response is sent, so a failed commit is the answer.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def enum_type(enum_class: type[StrEnum]) -> SAEnum:
    """A StrEnum stored as its value in a plain VARCHAR: no native enum types to migrate."""
    return SAEnum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=max(len(member.value) for member in enum_class),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
