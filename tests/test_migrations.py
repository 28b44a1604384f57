"""The schema is made only by the migrations, and they agree with the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

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
