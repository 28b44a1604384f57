"""search and feeds at scale: a stored tsvector per searched row, an index for the feeds' audit read

Revision ID: e2f3a4b5c6d7
Revises: d1e2f3a4b5c6
Create Date: 2026-12-07 05:20:00

Written by hand, PostgreSQL only (SQLite keeps its FTS5 table and triggers of 408ea77bf461).

Search: ranking with ``ts_rank`` over the GIN *expression* index recomputed ``to_tsvector`` for
every matching row (a common word matches most of 50,000 experiences: seconds). Each searched
table now stores its weighted document in a generated column ``search_document`` (the same
expression as before, so results do not change), and ``ix_<table>_search`` is a GIN index on that
column. kompas.search.ddl keeps the column and the index out of autogenerate's comparison.

Feeds: their ``Last-Modified`` includes the last moment a published record was taken back or
deleted, read from the audit trail; without an index that read scanned every event of the
organisation (a million at the size of a large municipality). A partial index holds only the
events that took a record out of `published`, newest last, so the read is one index probe. And
each feed's 50 newest published records come from an index in that order (both databases),
instead of sorting every published record of the organisation.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e2f3a4b5c6d7"
down_revision: str | None = "d1e2f3a4b5c6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table, title column, the other searchable columns: as in kompas.search.sources and the
# migrations 408ea77bf461 and 5e1f0c2a7b01 (a copy: a migration must not change with the code).
SOURCES = (
    ("agenda_items", "title", ("description",)),
    ("questions", "title", ("rationale", "findings")),
    ("successes", "title", ("description", "evidence")),
    ("meetings", "title", ("agenda", "location", "outcome_notes")),
    ("experiences", "title", ("situation", "what_was_done", "what_was_learned", "tip")),
)
COLUMN = "search_document"
WITHDRAWN_INDEX = "ix_audit_events_withdrawn_published"
FEED_TABLES = ("experiences", "successes")  # kompas.feeds.sources


def _document(title: str, body: Sequence[str]) -> str:
    text = " || ' ' || ".join(body)
    return (
        f"setweight(to_tsvector('dutch'::regconfig, {title}), 'A') || "
        f"setweight(to_tsvector('dutch'::regconfig, {text}), 'B')"
    )


def upgrade() -> None:
    for table in FEED_TABLES:
        op.execute(
            f"CREATE INDEX ix_{table}_feed ON {table} (organisation_id, visibility, updated_at, id)"
        )
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, title, body in SOURCES:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({_document(title, body)}) STORED"
        )
        op.execute(f"CREATE INDEX ix_{table}_search ON {table} USING gin ({COLUMN})")
    # Only names and literals of this file are put into these statements, never input.
    op.execute(
        f"CREATE INDEX {WITHDRAWN_INDEX} ON audit_events "
        "(organisation_id, resource_type, occurred_at) "
        "WHERE (changes #>> '{visibility,from}') = 'published'"
    )


def downgrade() -> None:
    for table in FEED_TABLES:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_feed")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {WITHDRAWN_INDEX}")
    for table, title, body in SOURCES:
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_search")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")
        op.execute(
            f"CREATE INDEX ix_{table}_search ON {table} USING gin (({_document(title, body)}))"
        )
