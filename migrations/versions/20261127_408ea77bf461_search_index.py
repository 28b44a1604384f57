"""search index: PostgreSQL full-text GIN indexes, or an SQLite FTS5 table kept by triggers

Revision ID: 408ea77bf461
Revises: 266be47d0dd5
Create Date: 2026-11-27 11:20:00.000000

Written by hand: autogenerate cannot see either kind of object (migrations/env.py and
kompas.search.ddl.include_name keep them out of its comparison). docs/decisions/0007-search.md
explains the design.

PostgreSQL: one GIN expression index per table on the weighted document that
``kompas.search.service`` queries; the two expressions must stay identical, or the index is not
used (tests/search checks that it is).

SQLite: one FTS5 table ``search_index`` for the four kinds, filled from the rows that exist and
kept up to date by triggers. A later *batch* migration of one of these tables recreates the table
and so drops its triggers: such a migration must create them again (tests/search checks they are
there at head).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "408ea77bf461"
down_revision: str | None = "266be47d0dd5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# kind, table, title column, the other searchable columns
SOURCES = (
    ("agenda-item", "agenda_items", "title", ("description",)),
    ("question", "questions", "title", ("rationale", "findings")),
    ("success", "successes", "title", ("description", "evidence")),
    ("meeting", "meetings", "title", ("agenda", "location", "outcome_notes")),
)


# Only names from SOURCES are put into these statements, never input.
INSERT = "INSERT INTO search_index (kind, record_id, organisation_id, title, body)"


def _pg_document(title: str, body: Sequence[str]) -> str:
    text = " || ' ' || ".join(body)
    return (
        f"setweight(to_tsvector('dutch'::regconfig, {title}), 'A') || "
        f"setweight(to_tsvector('dutch'::regconfig, {text}), 'B')"
    )


def _sqlite_body(prefix: str, body: Sequence[str]) -> str:
    return " || ' ' || ".join(f"{prefix}.{column}" for column in body)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for _kind, table, title, body in SOURCES:
            op.execute(
                f"CREATE INDEX ix_{table}_search ON {table} "
                f"USING gin (({_pg_document(title, body)}))"
            )
    elif dialect == "sqlite":
        # record_id is indexed (not UNINDEXED) so that the triggers find a row by MATCH instead of
        # scanning the table; searches are limited to the columns {title body}.
        op.execute(
            "CREATE VIRTUAL TABLE search_index USING fts5("
            "kind UNINDEXED, record_id, organisation_id UNINDEXED, title, body, "
            "tokenize = 'unicode61 remove_diacritics 2')"
        )
        for kind, table, title, body in SOURCES:
            columns = ", ".join((title, *body))
            values = (
                f"'{kind}', new.id, new.organisation_id, new.{title}, {_sqlite_body('new', body)}"
            )
            forget = (
                "DELETE FROM search_index WHERE search_index MATCH "
                "'record_id:\"' || old.id || '\"';"
            )
            insert = f"{INSERT} VALUES ({values});"
            op.execute(
                f"CREATE TRIGGER {table}_search_insert AFTER INSERT ON {table} BEGIN {insert} END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_search_update AFTER UPDATE OF {columns} ON {table} "
                f"BEGIN {forget} {insert} END"
            )
            op.execute(
                f"CREATE TRIGGER {table}_search_delete AFTER DELETE ON {table} BEGIN {forget} END"
            )
            existing = f"t.id, t.organisation_id, t.{title}, {_sqlite_body('t', body)}"
            op.execute(f"{INSERT} SELECT '{kind}', {existing} FROM {table} AS t")  # noqa: S608


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for _kind, table, _title, _body in SOURCES:
            op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
    elif dialect == "sqlite":
        for _kind, table, _title, _body in SOURCES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_search_{event}")
        op.execute("DROP TABLE IF EXISTS search_index")
