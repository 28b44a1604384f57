"""A streaming read replica (KOMPAS_DATABASE_REPLICA_URL): lists and the dashboard are answered
from it, a caller's own writes are read back at once (from the primary until the replica has
replayed them), and reads go to the primary while the replica is down.

The proof that a read came from the replica is its data: with the replica's replay paused, a
write on the primary is not there yet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, text
from starlette.routing import Mount

from kompas.core.config import Environment, Settings
from kompas.core.db import make_engine
from kompas.core.replica import ROUTING_KEY, ReadRouting
from kompas.main import create_app
from tests.conftest import API, TEST_SECRET, LiveServer
from tests.faults.conftest import PostgresCluster
from tests.scaling.conftest import (
    Organisation,
    agenda_titles,
    create_agenda_item,
    make_organisation,
    wait_until,
)


def replica_settings(
    primary: PostgresCluster, replica: PostgresCluster, web_dir: Path, **more: object
) -> Settings:
    fields: dict[str, object] = {
        "env": Environment.test,
        "secret_key": TEST_SECRET,
        "database_url": primary.url,
        "database_replica_url": replica.url,
        "database_replica_retry_seconds": 1,
        "password_hash_time_cost": 1,
        "password_hash_memory_kib": 8_192,
        "web_dir": web_dir,
        "rate_limit_per_minute": 0,
        "rate_limit_per_address_per_minute": 0,
        "login_failures_per_account": 0,
        "login_failures_per_address": 0,
        "redis_url": "",
        **more,
    }
    return Settings(**fields)  # type: ignore[arg-type]


@dataclass
class Served:
    client: httpx.Client
    routing: ReadRouting


def serve(settings: Settings) -> Iterator[Served]:
    app = create_app(settings)
    api = next(route.app for route in app.routes if isinstance(route, Mount))
    with LiveServer(app) as live, httpx.Client(base_url=live.url + API, timeout=30) as client:
        yield Served(client, getattr(api.state, ROUTING_KEY))
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def replica_engine(replica: PostgresCluster) -> Iterator[Engine]:
    engine = make_engine(replica.url, isolation_level="AUTOCOMMIT")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def settings(
    primary: PostgresCluster, replica: PostgresCluster, tmp_path_factory: pytest.TempPathFactory
) -> Settings:
    return replica_settings(primary, replica, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def served(settings: Settings, primary_engine: Engine) -> Iterator[Served]:
    yield from serve(settings)


@pytest.fixture
def organisation(
    primary_engine: Engine, settings: Settings, replica_engine: Engine
) -> Organisation:
    made = make_organisation(primary_engine, settings)
    caught_up(primary_engine, replica_engine)
    return made


def caught_up(primary_engine: Engine, replica_engine: Engine) -> None:
    """Waits until the replica has replayed everything the primary has written so far."""
    with primary_engine.connect() as connection:
        written = connection.execute(text("SELECT pg_current_wal_insert_lsn()")).scalar_one()

    def replayed() -> bool:
        with replica_engine.connect() as connection:
            return bool(
                connection.execute(
                    text("SELECT pg_last_wal_replay_lsn() >= CAST(:written AS pg_lsn)"),
                    {"written": written},
                ).scalar_one()
            )

    wait_until(replayed, 30, "the replica to replay the primary's WAL")


class PausedReplay:
    """The replica stops replaying the primary's WAL (it still receives it) until resumed."""

    def __init__(self, replica_engine: Engine) -> None:
        self.engine = replica_engine

    def _state(self) -> str:
        with self.engine.connect() as connection:
            return str(
                connection.execute(text("SELECT pg_get_wal_replay_pause_state()")).scalar_one()
            )

    def __enter__(self) -> PausedReplay:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_wal_replay_pause()"))
        wait_until(lambda: self._state() == "paused", 30, "the replay to pause")
        return self

    def __exit__(self, *exc: object) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_wal_replay_resume()"))


def test_lists_and_the_dashboard_come_from_the_replica_and_a_writer_reads_its_own_write(
    served: Served, organisation: Organisation, replica_engine: Engine
) -> None:
    writer, reader = organisation.people
    client, routing = served.client, served.routing
    with PausedReplay(replica_engine):
        create_agenda_item(client, writer, organisation.department_id, "Nieuw punt")

        before = dict(routing.routed)
        assert "Nieuw punt" not in agenda_titles(client, reader)  # the replica: not replayed yet
        assert routing.routed["replica"] == before["replica"] + 1

        dashboard = client.get("/dashboard", headers=reader.headers)
        assert dashboard.status_code == 200, dashboard.text
        assert routing.routed["replica"] == before["replica"] + 2

        # The writer's own list: the replica is behind the writer's write, so the primary.
        assert "Nieuw punt" in agenda_titles(client, writer)
        assert routing.routed["primary"] == before["primary"] + 1

    wait_until(lambda: "Nieuw punt" in agenda_titles(client, reader), 30, "the replica to catch up")
    before = dict(routing.routed)
    assert "Nieuw punt" in agenda_titles(client, writer)  # now the replica has it
    assert routing.routed["replica"] == before["replica"] + 1


def test_a_caller_reads_each_own_write_at_once(served: Served, organisation: Organisation) -> None:
    writer = organisation.people[0]
    for n in range(8):
        create_agenda_item(served.client, writer, organisation.department_id, f"Punt {n}")
        assert f"Punt {n}" in agenda_titles(served.client, writer)


def test_the_public_feed_is_read_from_the_replica(
    served: Served, organisation: Organisation
) -> None:
    before = dict(served.routing.routed)
    feed = served.client.get(
        "/feeds/experiences/json", params={"organisation": str(organisation.id)}
    )
    assert feed.status_code == 200, feed.text
    assert served.routing.routed["replica"] == before["replica"] + 1


def test_with_redis_every_process_knows_a_callers_last_write(
    primary: PostgresCluster,
    replica: PostgresCluster,
    primary_engine: Engine,
    replica_engine: Engine,
    organisation: Organisation,
    redis_prefix: str,
    tmp_path: Path,
) -> None:
    """Two API processes (here: two apps) share the write positions through Redis: a write
    through one is read back through the other while the replica has not replayed it."""
    shared = replica_settings(
        primary,
        replica,
        tmp_path,
        redis_url="redis://127.0.0.1:6379/0",
        redis_key_prefix=redis_prefix,
    )
    writer, reader = organisation.people
    first, second = serve(shared), serve(shared)
    one, other = next(first), next(second)
    try:
        with PausedReplay(replica_engine):
            create_agenda_item(one.client, writer, organisation.department_id, "Via de ene")
            assert "Via de ene" in agenda_titles(other.client, writer)
            assert "Via de ene" not in agenda_titles(other.client, reader)
    finally:
        for generator in (first, second):
            generator.close()


def test_reads_go_to_the_primary_while_the_replica_is_down(
    served: Served, organisation: Organisation, replica: PostgresCluster
) -> None:
    writer, reader = organisation.people
    create_agenda_item(served.client, writer, organisation.department_id, "Tijdens de storing")
    replica.stop("fast")
    try:
        before = dict(served.routing.routed)
        assert "Tijdens de storing" in agenda_titles(served.client, reader)
        assert served.routing.routed["primary"] == before["primary"] + 1
        dashboard = served.client.get("/dashboard", headers=reader.headers)
        assert dashboard.status_code == 200, dashboard.text
    finally:
        replica.start()
    # Back after the retry interval (1 s here): reads return to the replica by themselves.
    before = dict(served.routing.routed)
    wait_until(
        lambda: (
            agenda_titles(served.client, reader) is not None
            and served.routing.routed["replica"] > before["replica"]
        ),
        30,
        "reads to return to the replica",
    )
