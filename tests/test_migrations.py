"""The schema is made only by the migrations, and they agree with the models."""

from __future__ import annotations

import threading
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import Session

from kompas.audit.models import AuditAction, AuditEvent
from kompas.core.db import make_engine, metadata
from kompas.core.migrate import downgrade, upgrade
from kompas.search.ddl import include_name
from tests.conftest import beside, reset_database


def test_models_and_migrations_agree(engine: Engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        diff = compare_metadata(context, metadata)
    assert diff == [], f"models and migrations differ; generate a migration: {diff}"


def test_downgrade_to_nothing_and_upgrade_again(engine: Engine):
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert {table.name for table in metadata.sorted_tables} <= set(
        inspect(engine).get_table_names()
    )


def test_token_hashes_written_to_the_trail_before_redaction_by_name_are_redacted(
    engine: Engine, make_tenant
):
    tenant = make_tenant(None)
    downgrade(engine, "8d4e5f6a7b20")
    event_id = uuid.uuid4()
    with Session(engine) as session:
        session.add(
            AuditEvent(
                id=event_id,
                organisation_id=tenant.organisation.id,
                actor_kind="user",
                actor_name="Beheerder",
                action=AuditAction.create,
                resource_type="api-tokens",
                resource_id=uuid.uuid4(),
                changes={"name": {"from": None, "to": "Koppeling"}, "tokenHash": {"to": "ab" * 32}},
            )
        )
        session.commit()
    upgrade(engine)
    with Session(engine) as session:
        changes = session.get_one(AuditEvent, event_id).changes
    assert changes == {"name": {"from": None, "to": "Koppeling"}, "tokenHash": {"changed": True}}


def test_processes_starting_together_migrate_one_after_the_other(engine: Engine):
    """Two processes upgrading an empty database at once (API replicas starting together): both
    succeed and the schema is built once. Without the advisory lock, on PostgreSQL the second
    fails adding a table or column the first has just added."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers by itself; the lock is PostgreSQL's")
    url = beside(
        engine.url.render_as_string(hide_password=False), f"{engine.url.database}_migrate_race"
    )
    engines = [make_engine(url) for _ in range(2)]
    try:
        reset_database(engines[0])
        barrier = threading.Barrier(2)
        failures: list[BaseException] = []

        def migrate(engine: Engine) -> None:
            barrier.wait(timeout=30)
            try:
                upgrade(engine)
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=migrate, args=(engine,)) for engine in engines]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in threads), "the two upgrades block each other"
        assert failures == []
        with engines[0].connect() as connection:
            heads = MigrationContext.configure(connection).get_current_heads()
        assert len(heads) == 1
    finally:
        for engine in engines:
            engine.dispose()
