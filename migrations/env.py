"""Alembic environment: the schema is made only by these migrations."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import kompas.models  # noqa: F401 - fills the metadata
from kompas.core.config import get_settings
from kompas.core.db import make_engine, metadata
from kompas.search.ddl import include_name

config = context.config


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        # The search objects made by hand (an FTS5 table, expression indexes) are not models.
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # handed over by kompas.core.migrate (tests, the CLI)
        run_migrations(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or get_settings().database_url)
    with engine.begin() as conn:
        run_migrations(conn)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run `kompas migrate`.")
run_migrations_online()
