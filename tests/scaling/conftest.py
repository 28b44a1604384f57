"""Fixtures of the beyond-one-machine tests: PostgreSQL clusters of their own (a primary, a
streaming replica), PgBouncer, Redis, and people to sign in. The clusters and `kompas serve`
processes are the fault tests' (tests/faults/conftest.py); here they live for a whole module,
since an initdb or a pg_basebackup costs a second or two."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

from kompas.core.config import Settings
from kompas.core.db import make_engine
from kompas.core.migrate import upgrade
from kompas.core.principal import Role
from kompas.core.security import create_access_token, hash_password
from kompas.organisations import service as organisation_service
from kompas.parties.models import Party, PartyKind
from kompas.users.models import User
from tests.faults.conftest import (
    ADMIN_PASSWORD,
    PG_BINARIES,
    PostgresCluster,
    free_port,
)
from tests.redis import redis_key_prefix

PGBOUNCER = Path("/usr/sbin/pgbouncer")


def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Polls ``condition`` until it holds; fails naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)  # polling the condition above, with a deadline


def _own_folder(prefix: str, *subfolders: str) -> Path:
    """A temporary folder (and sub-folders) the `postgres` user owns when the tests run as root."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    for name in subfolders:
        (root / name).mkdir()
    if os.geteuid() == 0:
        for path in (root, *(root / name for name in subfolders)):
            shutil.chown(path, "postgres", "postgres")
    return root


def _new_cluster(prefix: str) -> PostgresCluster:
    # These clusters, PgBouncer and processes are the same whichever database the suite runs on:
    # `make test` runs them once, with the PostgreSQL suite when one follows the SQLite one.
    if os.environ.get("KOMPAS_CLUSTER_TESTS") == "with-postgres-suite":
        pytest.skip("runs with the PostgreSQL suite (make test-postgres)")
    if not PG_BINARIES:
        pytest.fail("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
    return PostgresCluster(PG_BINARIES[-1].parent, _own_folder(prefix, "data", "socket"))


def _remove(cluster: PostgresCluster) -> None:
    with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
        cluster.stop("fast")
    shutil.rmtree(cluster.data.parent, ignore_errors=True)


@pytest.fixture(scope="package")
def primary() -> Iterator[PostgresCluster]:
    """A PostgreSQL cluster of these tests: initdb's defaults already allow streaming replication
    from 127.0.0.1 (wal_level=replica, max_wal_senders=10, a `replication` line in pg_hba.conf).
    One for the package: each module works in organisations of its own."""
    cluster = _new_cluster("kompas-primary-")
    cluster.init()
    cluster.start()
    cluster.create_database()
    yield cluster
    _remove(cluster)


@pytest.fixture(scope="package")
def primary_engine(primary: PostgresCluster) -> Iterator[Engine]:
    """The primary's database, built by the real migrations."""
    engine = make_engine(primary.url)
    upgrade(engine)
    yield engine
    engine.dispose()


def start_replica(primary: PostgresCluster) -> PostgresCluster:
    """A streaming replica of ``primary`` (pg_basebackup -R) on a port of its own."""
    replica = _new_cluster("kompas-replica-")
    replica.data.chmod(0o700)  # PostgreSQL starts only on a data folder no one else may read
    replica._run(
        "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        str(primary.port),
        "-U",
        "postgres",
        "-D",
        str(replica.data),
        "-R",  # standby.signal and primary_conninfo: the copy starts as a streaming replica
        "-X",
        "stream",
        "-c",
        "fast",
        timeout=120,
    )
    replica.start()
    return replica


@pytest.fixture(scope="module")
def replica(primary: PostgresCluster) -> Iterator[PostgresCluster]:
    cluster = start_replica(primary)
    yield cluster
    _remove(cluster)


class PgBouncer:
    """PgBouncer in transaction mode in front of one database, on a free port of 127.0.0.1.

    Two server connections for all clients: consecutive transactions of one client land on
    different server connections, as they do under load."""

    def __init__(self, target: PostgresCluster, database: str) -> None:
        if not PGBOUNCER.exists():
            pytest.fail(f"PgBouncer is not installed ({PGBOUNCER}); .ci/run installs pgbouncer")
        self.root = _own_folder("kompas-pgbouncer-")
        self.port = free_port()
        self.database = database
        users = self.root / "users.txt"
        users.write_text('"postgres" ""\n')
        config = self.root / "pgbouncer.ini"
        config.write_text(
            "[databases]\n"
            f"{database} = host=127.0.0.1 port={target.port} dbname={database} user=postgres\n"
            "[pgbouncer]\n"
            "listen_addr = 127.0.0.1\n"
            f"listen_port = {self.port}\n"
            "unix_socket_dir =\n"
            "auth_type = trust\n"
            f"auth_file = {users}\n"
            "pool_mode = transaction\n"
            "default_pool_size = 2\n"
            "max_client_conn = 200\n"
            f"logfile = {self.root / 'pgbouncer.log'}\n"
            "ignore_startup_parameters = extra_float_digits\n"
        )
        if os.geteuid() == 0:
            for path in (users, config):
                shutil.chown(path, "postgres", "postgres")
        # PgBouncer refuses to run as root; -u drops to the postgres user after start.
        user = ["-u", "postgres"] if os.geteuid() == 0 else []
        self.process = subprocess.Popen(
            [str(PGBOUNCER), *user, str(config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        wait_until(self._answers, 20, "PgBouncer to accept connections")

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{self.database}"

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            log = self.root / "pgbouncer.log"
            raise RuntimeError(f"pgbouncer ended: {log.read_text() if log.exists() else ''}")
        probe = create_engine(self.url.replace("postgresql:", "postgresql+psycopg:"))
        try:
            with probe.connect() as connection:
                connection.execute(text("SELECT 1"))
            return True
        except Exception:
            return False
        finally:
            probe.dispose()

    def close(self) -> None:
        self.process.send_signal(signal.SIGINT)  # PgBouncer's "shut down now"
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="module")
def pgbouncer(primary: PostgresCluster, primary_engine: Engine) -> Iterator[PgBouncer]:
    # A database of its own, so that the migrations run through the pooler too.
    with primary_engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("CREATE DATABASE kompas_bouncer"))
    bouncer = PgBouncer(primary, "kompas_bouncer")
    yield bouncer
    bouncer.close()


@pytest.fixture(scope="module")
def redis_prefix() -> Iterator[str]:
    """A key prefix of this module alone in the local Redis."""
    with redis_key_prefix() as prefix:
        yield prefix


@dataclass
class Person:
    id: uuid.UUID
    email: str
    headers: dict[str, str]


@dataclass
class Organisation:
    """An organisation with a department, and people of it who can sign in."""

    id: uuid.UUID
    department_id: uuid.UUID
    people: list[Person]


def make_organisation(engine: Engine, settings: Settings, people: int = 2) -> Organisation:
    with Session(engine, expire_on_commit=False) as session:
        organisation = organisation_service.create(
            session=session, name=f"Gemeente {uuid.uuid4().hex[:8]}"
        )
        department = Party(
            organisation_id=organisation.id, kind=PartyKind.department, name="Werk en Inkomen"
        )
        users = [
            User(
                organisation_id=organisation.id,
                email=f"beheer-{n}-{uuid.uuid4().hex[:8]}@test.example",
                name=f"Beheerder {n}",
                role=Role.admin,
                password_hash=hash_password(ADMIN_PASSWORD),
            )
            for n in range(people)
        ]
        session.add_all([department, *users])
        session.commit()
    persons = []
    for user in users:
        token, _ = create_access_token(settings, user_id=user.id, organisation_id=organisation.id)
        persons.append(Person(user.id, user.email, {"Authorization": f"Bearer {token}"}))
    return Organisation(organisation.id, department.id, persons)


def create_agenda_item(client: httpx.Client, person: Person, lead: uuid.UUID, title: str) -> str:
    response = client.post(
        "/agenda-items", json={"title": title, "leadPartyId": str(lead)}, headers=person.headers
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def agenda_titles(client: httpx.Client, person: Person) -> set[str]:
    response = client.get("/agenda-items", params={"limit": 200}, headers=person.headers)
    assert response.status_code == 200, response.text
    return {item["title"] for item in response.json()["items"]}
