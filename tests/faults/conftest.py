"""Fixtures of the fault tests: a PostgreSQL cluster of the test's own, which it may stop and
start, and Kompas served as real processes (`kompas serve`)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text
from sqlmodel import Session

from kompas.core.config import Settings
from kompas.core.principal import Role
from kompas.core.security import create_access_token, hash_password
from kompas.organisations import service as organisation_service
from kompas.users.models import User
from tests.conftest import TEST_SECRET

PG_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
VENV_BIN = Path(sys.executable).parent
ADMIN_PASSWORD = "een lang wachtwoord"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    """Runs as the `postgres` user when the tests run as root (initdb refuses root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


class PostgresCluster:
    """A PostgreSQL cluster of this test alone, on a free port of 127.0.0.1."""

    def __init__(self, bin_dir: Path, root: Path) -> None:
        self.bin_dir = bin_dir
        self.data = root / "data"
        self.socket_dir = root / "socket"
        self.log = root / "postgres.log"
        self.port = free_port()

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/kompas_faults"

    def _run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run(
            _as_postgres([str(self.bin_dir / args[0]), *args[1:]]),
            check=True,
            capture_output=True,
            timeout=timeout,
        )

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 "
            f"-c unix_socket_directories={self.socket_dir} -c fsync=off"
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self, mode: str = "immediate") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def create_database(self) -> None:
        server = create_engine(
            f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres",
            isolation_level="AUTOCOMMIT",
        )
        with server.connect() as connection:
            connection.execute(text("CREATE DATABASE kompas_faults"))
        server.dispose()


@pytest.fixture
def postgres_cluster() -> Iterator[PostgresCluster]:
    if not PG_BINARIES:
        pytest.skip("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
    root = Path(tempfile.mkdtemp(prefix="kompas-pg-"))
    for folder in (root / "data", root / "socket"):
        folder.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        for folder in (root / "data", root / "socket"):
            shutil.chown(folder, "postgres", "postgres")
    cluster = PostgresCluster(PG_BINARIES[-1].parent, root)
    cluster.init()
    cluster.start()
    cluster.create_database()
    try:
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            cluster.stop("fast")
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Admin:
    id: uuid.UUID
    organisation_id: uuid.UUID
    email: str
    headers: dict[str, str]


def make_admin(engine: Engine, settings: Settings) -> Admin:
    """An organisation with an admin who can sign in, and a ready access token."""
    with Session(engine, expire_on_commit=False) as session:
        organisation = organisation_service.create(
            session=session, name=f"Gemeente {uuid.uuid4().hex[:8]}"
        )
        user = User(
            organisation_id=organisation.id,
            email=f"admin-{uuid.uuid4().hex[:8]}@test.example",
            name="Beheerder",
            role=Role.admin,
            password_hash=hash_password(ADMIN_PASSWORD),
        )
        session.add(user)
        session.commit()
    token, _ = create_access_token(settings, user_id=user.id, organisation_id=organisation.id)
    return Admin(user.id, organisation.id, user.email, {"Authorization": f"Bearer {token}"})


def serve_environment(database_url: str) -> dict[str, str]:
    """The environment of a `kompas serve` process of the tests."""
    return {
        **os.environ,
        "KOMPAS_ENV": "test",
        "KOMPAS_DATABASE_URL": database_url,
        "KOMPAS_SECRET_KEY": TEST_SECRET,
        "KOMPAS_PASSWORD_HASH_TIME_COST": "1",
        "KOMPAS_PASSWORD_HASH_MEMORY_KIB": "8192",
        "KOMPAS_RATE_LIMIT_PER_MINUTE": "0",
        "KOMPAS_RATE_LIMIT_PER_ADDRESS_PER_MINUTE": "0",
        "KOMPAS_LOGIN_FAILURES_PER_ACCOUNT": "0",
        "KOMPAS_LOGIN_FAILURES_PER_ADDRESS": "0",
        "KOMPAS_WEBHOOK_WORKER": "false",  # not under test here
        "PYTHONUNBUFFERED": "1",
    }


class KompasProcess:
    """`kompas serve` as its own process, as it runs in production."""

    def __init__(
        self,
        database_url: str,
        log: Path,
        environment: dict[str, str] | None = None,
        arguments: tuple[str, ...] = (),
    ) -> None:
        self.port = free_port()
        self.log = log
        self._log_file = log.open("wb")
        self.process = subprocess.Popen(
            [
                str(VENV_BIN / "kompas"),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                *arguments,
            ],
            env={**serve_environment(database_url), **(environment or {})},
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_until_live(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"kompas serve ended: {self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/api/v1/health/live", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)  # polling the condition above, with a deadline
        raise RuntimeError(f"kompas serve did not start: {self.log.read_text()}")

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=30)
        self._log_file.close()
