"""The test harness: the real app served by uvicorn over HTTP, on a database built by the real
migrations — SQLite by default, PostgreSQL when KOMPAS_TEST_DATABASE_URL is set.

Each test starts from empty tables (they are emptied after every test) and builds what it needs
with the factories below.

Time: no test computes a moment at import or collection (the suite may reach a test many minutes
later on a busy machine); where behaviour depends on time, a test holds the clock with the
``wall_clock`` fixture. ``KOMPAS_TEST_CLOCK_JUMP=900`` moves the whole process's clock that many
seconds forward between collection and the first test, to prove it (see the README).
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import time_machine
import uvicorn
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlmodel import Session

import kompas.models  # noqa: F401 - all tables known to the metadata
from kompas.core.config import Environment, Settings
from kompas.core.db import make_engine, metadata
from kompas.core.migrate import upgrade
from kompas.core.principal import Role
from kompas.core.security import create_access_token
from kompas.main import create_app
from kompas.organisations import service as organisation_service
from kompas.organisations.models import Organisation
from kompas.parties.models import Party, PartyKind
from kompas.users.models import User

TEST_SECRET = "test-secret-" + "k" * 40
API = "/api/v1"
# A Monday morning in winter time, far from midnight and from a change of the clocks.
FIXED_MOMENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def pytest_collection_finish(session: pytest.Session) -> None:
    """With KOMPAS_TEST_CLOCK_JUMP=<seconds>, time jumps ahead after collection (a slow machine)."""
    jump = int(os.environ.get("KOMPAS_TEST_CLOCK_JUMP", "0") or 0)
    if jump:
        traveller = time_machine.travel(datetime.now(UTC) + timedelta(seconds=jump), tick=True)
        traveller.start()
        session.config.add_cleanup(traveller.stop)


class Clock:
    """The process's clock, held by a test: every ``now`` in the app and the test reads it."""

    def __init__(self, traveller: time_machine.TimeMachineFixture) -> None:
        self._traveller = traveller

    def move_to(self, moment: datetime) -> None:
        self._traveller.move_to(moment, tick=True)

    def advance(self, **delta: float) -> None:
        self._traveller.shift(timedelta(**delta))

    def now(self) -> datetime:
        return datetime.now(UTC)


@pytest.fixture
def wall_clock(time_machine: time_machine.TimeMachineFixture) -> Clock:
    """The clock at FIXED_MOMENT, ticking on; move it with ``advance`` or ``move_to``."""
    held = Clock(time_machine)
    held.move_to(FIXED_MOMENT)
    return held


def database_url(tmp_dir: Path) -> str:
    """SQLite in the worker's own temporary directory, or KOMPAS_TEST_DATABASE_URL.

    Under pytest-xdist each worker (gw0, gw1, …) gets a PostgreSQL database of its own beside the
    configured one (``test_gw0``, …), created on first use, so workers never share tables.
    """
    configured = os.environ.get("KOMPAS_TEST_DATABASE_URL")
    if not configured:
        return f"sqlite:///{tmp_dir / 'kompas-test.db'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return configured
    return beside(configured, f"{make_url(configured).database}_{worker}")


def beside(configured: str, database: str) -> str:
    """Another PostgreSQL database on the server of ``configured`` (created if missing)."""
    base = make_url(configured)
    own = base.set(database=database)
    server = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": database}
            ).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{database}"'))
    finally:
        server.dispose()
    return own.render_as_string(hide_password=False)


def reset_database(engine: Engine) -> None:
    """Drop everything, so the migrations build the schema from nothing."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    else:
        with engine.begin() as connection:
            connection.execute(text("PRAGMA foreign_keys=OFF"))
            tables = connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ).scalars()
            for table in list(tables):
                connection.execute(text(f'DROP TABLE IF EXISTS "{table}"'))
            # The connection goes back to the pool: leave it as make_engine made it.
            connection.execute(text("PRAGMA foreign_keys=ON"))


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(database_url(tmp_path_factory.mktemp("db")))
    reset_database(engine)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        env=Environment.test,
        secret_key=TEST_SECRET,
        cors_origins=["https://intranet.voorbeeld.nl"],
        max_body_bytes=64 * 1024,
        # The cheapest argon2id cost: the suite hashes hundreds of passwords.
        password_hash_time_cost=1,
        password_hash_memory_kib=8_192,
        web_dir=tmp_path_factory.mktemp("web"),
        # Off for the suite; tests/security/test_rate_limits.py turns each on in its own app.
        rate_limit_per_minute=0,
        rate_limit_per_address_per_minute=0,
        login_failures_per_account=0,
        login_failures_per_address=0,
    )


class LiveServer:
    """uvicorn serving the app on a free local port, in a thread of the test process."""

    def __init__(self, app: Any) -> None:
        # uvicorn serves on this very socket: a port probed and released could be taken by another
        # server (another xdist worker) before uvicorn bound it.
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(
            app,
            host="127.0.0.1",
            port=self.port,
            log_level="warning",
            lifespan="on",  # closes what the app opened (the event loop's connection pool)
            server_header=False,  # as `kompas serve` runs it
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def send_raw(self, request: bytes) -> bytes:
        """Sends raw bytes (no client would send them) and reads until the server closes."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as connection:
            connection.sendall(request)
            received = b""
            while chunk := connection.recv(65536):
                received += chunk
        return received

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture(scope="session")
def app(settings: Settings, engine: Engine) -> Any:
    return create_app(settings, engine)


@pytest.fixture(scope="session")
def server(app: Any) -> Iterator[LiveServer]:
    with LiveServer(app) as live:
        yield live


@pytest.fixture(autouse=True)
def _empty_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "engine" not in request.fixturenames:
        return
    engine: Engine = request.getfixturevalue("engine")
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def http(server: LiveServer) -> Iterator[httpx.Client]:
    """An HTTP client for the API, without credentials."""
    with httpx.Client(base_url=server.url + API, timeout=30) as client:
        yield client


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    """A session for arranging data and checking what the API stored."""
    with Session(engine, expire_on_commit=False) as session:
        yield session


class SqlCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append(statement)

    def __len__(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_sql(engine: Engine) -> Iterator[Callable[[], SqlCounter]]:
    """Starts counting the SQL statements the app sends; returns the counter."""
    counters: list[SqlCounter] = []

    def start() -> SqlCounter:
        counter = SqlCounter()
        event.listen(engine, "before_cursor_execute", counter)
        counters.append(counter)
        return counter

    yield start
    for counter in counters:
        event.remove(engine, "before_cursor_execute", counter)


# --- factories ---------------------------------------------------------------------------------


@dataclass
class Actor:
    """A user of a test organisation with a ready access token."""

    user: User
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def id(self) -> uuid.UUID:
        return self.user.id


@dataclass
class Tenant:
    """A test organisation: make users, parties and records in it."""

    organisation: Organisation
    engine: Engine
    settings: Settings

    @property
    def id(self) -> uuid.UUID:
        return self.organisation.id

    def party(
        self, name: str | None = None, kind: PartyKind = PartyKind.department, **fields: Any
    ) -> Party:
        party = Party(
            organisation_id=self.id,
            kind=kind,
            name=name or f"{kind.value} {uuid.uuid4().hex[:8]}",
            **fields,
        )
        return self.add(party)

    def actor(self, role: Role = Role.admin, party: Party | None = None, **fields: Any) -> Actor:
        if role is Role.partner and party is None:
            party = self.party(kind=PartyKind.partner)
        user = User(
            organisation_id=self.id,
            email=fields.pop("email", f"{role.value}-{uuid.uuid4().hex[:8]}@test.example"),
            name=fields.pop("name", f"Test {role.value}"),
            role=role,
            party_id=party.id if party else None,
            **fields,
        )
        self.add(user)
        token, _ = create_access_token(self.settings, user_id=user.id, organisation_id=self.id)
        return Actor(user=user, token=token)

    def add(self, record: Any) -> Any:
        with Session(self.engine, expire_on_commit=False) as session:
            session.add(record)
            session.commit()
            session.refresh(record)
        return record


@pytest.fixture
def make_tenant(engine: Engine, settings: Settings) -> Callable[[str | None], Tenant]:
    def make(name: str | None = None) -> Tenant:
        with Session(engine, expire_on_commit=False) as session:
            organisation = organisation_service.create(
                session=session, name=name or f"Gemeente {uuid.uuid4().hex[:8]}"
            )
            session.commit()
        return Tenant(organisation=organisation, engine=engine, settings=settings)

    return make


@pytest.fixture
def tenant(make_tenant: Callable[[str | None], Tenant]) -> Tenant:
    return make_tenant("Gemeente Test")


@pytest.fixture
def admin(tenant: Tenant) -> Actor:
    return tenant.actor(Role.admin)


@pytest.fixture
def other_tenant(make_tenant: Callable[[str | None], Tenant]) -> Tenant:
    return make_tenant("Gemeente Elders")


def assert_problem(response: httpx.Response, status: int, *invalid: str) -> dict[str, Any]:
    """The response is a problem+json with ``status``, naming each of ``invalid`` if given."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= body.keys(), body
    assert body["status"] == status
    if invalid:
        names = {param["name"] for param in body.get("invalidParams", [])}
        assert set(invalid) <= names, f"expected {invalid} among {names}"
    return body


# The joint-work cast: two departments and two partners, and a person of each role. A folder
# that needs another cast defines its own `parties` or `people`, which pytest prefers.
@pytest.fixture
def parties(tenant: Tenant) -> dict[str, Party]:
    return {
        "werk": tenant.party("Werk en Inkomen"),
        "jeugd": tenant.party("Jeugd"),
        "woon": tenant.party("Woonstede", PartyKind.partner),
        "ggd": tenant.party("GGD", PartyKind.partner),
    }


@pytest.fixture
def people(tenant: Tenant, parties: dict[str, Party]) -> dict[str, Actor]:
    return {
        "admin": tenant.actor(Role.admin),
        "coordinator": tenant.actor(Role.coordinator, name="Fatima Coördinator"),
        "werk": tenant.actor(Role.member, party=parties["werk"], name="Sanne Werk"),
        "jeugd": tenant.actor(Role.member, party=parties["jeugd"], name="Jeroen Jeugd"),
        "woon": tenant.actor(Role.partner, party=parties["woon"], name="Wim Woonstede"),
        "ggd": tenant.actor(Role.partner, party=parties["ggd"], name="Gerda GGD"),
        "viewer": tenant.actor(Role.viewer),
    }
