"""The search objects the migrations make by hand, which Alembic's autogenerate must not see.

Neither SQLite's FTS5 table (and its shadow tables) nor PostgreSQL's generated ``tsvector``
columns and their GIN indexes are declared on the models (they exist on one database only, and
no code reads them through the ORM), so the comparison of models and database leaves them out:
both migrations/env.py and tests/test_migrations.py pass ``include_name`` to Alembic. The same
holds for the indexes the feeds read by (migration e2f3a4b5c6d7): a partial index on the audit
trail (PostgreSQL only; a model cannot declare its predicate for one database alone) and the
feeds' order on experiences and successes (both databases), made next to it; and for the partial
index a partner's search reads the shared experiences by (migration c3d4e5f6a7b8, PostgreSQL
only, as the search objects it serves).
"""

from __future__ import annotations

from collections.abc import Mapping

SEARCH_TABLE = "search_index"
SEARCHED_TABLES = ("agenda_items", "questions", "successes", "meetings", "experiences")
SEARCH_INDEXES = frozenset(f"ix_{table}_search" for table in SEARCHED_TABLES)
SEARCH_COLUMN = "search_document"  # PostgreSQL: the stored weighted tsvector of each row
# Made by hand in migration e2f3a4b5c6d7 for the feeds (kompas.feeds.service.get_published).
FEED_INDEXES = frozenset(
    {"ix_audit_events_withdrawn_published", "ix_experiences_feed", "ix_successes_feed"}
)
# Made by hand in migration c3d4e5f6a7b8: the experiences shared with partners, newest first.
SHARED_INDEXES = frozenset({"ix_experiences_shared"})


def include_name(name: str | None, type_: str, parent_names: Mapping[str, str | None]) -> bool:
    """Alembic ``include_name`` hook: False for the search objects made by hand."""
    if name is None:
        return True
    if type_ == "table":
        return name != SEARCH_TABLE and not name.startswith(f"{SEARCH_TABLE}_")
    if type_ == "index":
        return name not in SEARCH_INDEXES | FEED_INDEXES | SHARED_INDEXES
    if type_ == "column":
        table = parent_names.get("table_name")
        return not (name == SEARCH_COLUMN and table in SEARCHED_TABLES)
    return True
