"""Running the Alembic migrations from code (the CLI and the tests)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text

# The project root holds alembic.ini and migrations/; the package may also be installed elsewhere,
# so the path is taken from the source tree when it is there.
PROJECT_ROOT = Path(__file__).resolve().parents[3]
# Any fixed number: the key of the advisory lock that lets one process at a time migrate.
_MIGRATION_LOCK = 0x6B6F6D706173  # "kompas"


def alembic_config() -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (the newest by default)."""
    config = alembic_config()
    with engine.begin() as connection:
        _one_at_a_time(connection)
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        _one_at_a_time(connection)
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def _one_at_a_time(connection: Connection) -> None:
    """Several API processes (or replicas) starting together all run ``upgrade``: on PostgreSQL
    the second waits for the first's transaction and then finds the schema at head, instead of
    both adding the same column. SQLite's write lock already serialises them."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
