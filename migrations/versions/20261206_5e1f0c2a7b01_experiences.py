"""experiences: the backpack of lessons learned

Revision ID: 5e1f0c2a7b01
Revises: bf15630bbeb9
Create Date: 2026-12-06 21:40:00

The table, and its place in search (as migration 408ea77bf461 made it for the other kinds, by
hand): on PostgreSQL a GIN expression index on the weighted document that
``kompas.search.service`` queries, on SQLite triggers that keep the FTS5 table ``search_index``.
Its links (parties, agenda items, questions, successes) are rows of ``links``, whose kind column
is a VARCHAR wide enough for `experience`.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kompas.core.db

revision: str = "5e1f0c2a7b01"
down_revision: str | None = "bf15630bbeb9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As in kompas.search.sources: kind, table, title column, the other searchable columns.
KIND, TABLE, TITLE = "experience", "experiences", "title"
BODY = ("situation", "what_was_done", "what_was_learned", "tip")
INSERT = "INSERT INTO search_index (kind, record_id, organisation_id, title, body)"


def upgrade() -> None:
    op.create_table(
        "experiences",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("situation", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
        sa.Column("what_was_done", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
        sa.Column(
            "what_was_learned", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False
        ),
        sa.Column("tip", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("phase_id", sa.Uuid(), nullable=True),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("author_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column(
            "visibility",
            sa.Enum(
                "private",
                "organisation",
                "partners",
                "published",
                name="visibility",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_experiences_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["phase_id"],
            ["phases.id"],
            name=op.f("fk_experiences_phase_id_phases"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experiences")),
    )
    op.create_index(op.f("ix_experiences_author_id"), "experiences", ["author_id"], unique=False)
    op.create_index(
        op.f("ix_experiences_organisation_id"), "experiences", ["organisation_id"], unique=False
    )
    op.create_index(op.f("ix_experiences_phase_id"), "experiences", ["phase_id"], unique=False)
    op.create_index(op.f("ix_experiences_visibility"), "experiences", ["visibility"], unique=False)
    _create_search()


def _create_search() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        body = " || ' ' || ".join(BODY)
        document = (
            f"setweight(to_tsvector('dutch'::regconfig, {TITLE}), 'A') || "
            f"setweight(to_tsvector('dutch'::regconfig, {body}), 'B')"
        )
        op.execute(f"CREATE INDEX ix_{TABLE}_search ON {TABLE} USING gin (({document}))")
    elif dialect == "sqlite":
        columns = ", ".join((TITLE, *BODY))
        body = " || ' ' || ".join(f"new.{column}" for column in BODY)
        values = f"'{KIND}', new.id, new.organisation_id, new.{TITLE}, {body}"
        forget = (
            "DELETE FROM search_index WHERE search_index MATCH 'record_id:\"' || old.id || '\"';"
        )
        insert = f"{INSERT} VALUES ({values});"
        op.execute(
            f"CREATE TRIGGER {TABLE}_search_insert AFTER INSERT ON {TABLE} BEGIN {insert} END"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_search_update AFTER UPDATE OF {columns} ON {TABLE} "
            f"BEGIN {forget} {insert} END"
        )
        op.execute(
            f"CREATE TRIGGER {TABLE}_search_delete AFTER DELETE ON {TABLE} BEGIN {forget} END"
        )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS ix_{TABLE}_search")
    elif dialect == "sqlite":
        op.execute(f"DELETE FROM search_index WHERE kind = '{KIND}'")  # noqa: S608
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_search_{event}")
    op.execute("DELETE FROM links WHERE source_kind = 'experience'")
    op.drop_index(op.f("ix_experiences_visibility"), table_name="experiences")
    op.drop_index(op.f("ix_experiences_phase_id"), table_name="experiences")
    op.drop_index(op.f("ix_experiences_organisation_id"), table_name="experiences")
    op.drop_index(op.f("ix_experiences_author_id"), table_name="experiences")
    op.drop_table("experiences")
