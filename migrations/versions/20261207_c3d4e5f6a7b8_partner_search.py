"""a partner's search: the experiences shared with partners in the order of search's candidates

Revision ID: c3d4e5f6a7b8
Revises: b2c3d4e5f6a7
Create Date: 2026-12-07 13:00:00

Written by hand, PostgreSQL only (SQLite searches its FTS5 table and never reads it).

A partner sees the experiences shared with partners (visibility `partners` or `published`) and
those linked to its party. Search takes each kind's 500 most recent matches, and for a partner
it tested that rule on every match of the organisation, read newest first: at the size of a large
municipality some 2,300 to 6,000 experiences for 500 candidates (the shared ones are 3 in 10).
Search now reads the shared ones and the linked ones apart (kompas.search.sources); this partial
index holds the shared ones in the candidates' order, so that part stops after its 500 as an
admin's does. kompas.search.ddl keeps it out of autogenerate's comparison, as the other indexes
made by hand for one database. docs/decisions/0018 (second addendum) has the figures.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "c3d4e5f6a7b8"
down_revision: str | None = "b2c3d4e5f6a7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_experiences_shared"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    # Only names and literals of this file are put into this statement, never input.
    op.execute(
        f"CREATE INDEX {INDEX} ON experiences (organisation_id, created_at, id) "
        "WHERE visibility IN ('partners', 'published')"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP INDEX IF EXISTS {INDEX}")
