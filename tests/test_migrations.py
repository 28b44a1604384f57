"""The schema is made only by the migrations, and they agree with the models."""

from __future__ import annotations

import uuid

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import Session

from kompas.audit.models import AuditAction, AuditEvent
from kompas.core.db import metadata
from kompas.core.migrate import downgrade, upgrade
from kompas.search.ddl import include_name


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
