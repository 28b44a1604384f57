"""lists: indexes in each list's default order, for keyset pagination at scale

At the size of a large municipality (bench/explain.py at x1) the default lists of agenda items,
questions, successes, experiences, handoffs and people read and sorted every row of the
organisation (10,000-28,000) for each page. With (organisation_id, sort column) the page is read
from the index in order, and a next page starts at the cursor (core/listing.py bounds the first
sort key) instead of re-reading every row before it.

Revision ID: d1e2f3a4b5c6
Revises: c7d8e9f0a1b2
Create Date: 2026-12-07 05:15:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "d1e2f3a4b5c6"
down_revision: str | None = "c7d8e9f0a1b2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


INDEXES = [
    ("agenda_items", "updated_at"),
    ("questions", "updated_at"),
    ("successes", "achieved_on"),
    ("experiences", "created_at"),
    ("handoffs", "created_at"),
    ("people", "name"),
    ("needs", "updated_at"),
    ("users", "name"),
]


def upgrade() -> None:
    for table, column in INDEXES:
        op.create_index(f"ix_{table}_list", table, ["organisation_id", column])


def downgrade() -> None:
    for table, _ in INDEXES:
        op.drop_index(f"ix_{table}_list", table_name=table)
