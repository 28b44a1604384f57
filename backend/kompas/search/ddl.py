"""The search objects the migrations make by hand, which Alembic's autogenerate must not see.

Neither SQLite's FTS5 table (and its shadow tables) nor PostgreSQL's expression indexes can be
declared on the models, so the comparison of models and database leaves them out: both
migrations/env.py and tests/test_migrations.py pass ``include_name`` to Alembic.
"""

from __future__ import annotations

from collections.abc import Mapping

SEARCH_TABLE = "search_index"
SEARCHED_TABLES = ("agenda_items", "questions", "successes", "meetings", "experiences")
SEARCH_INDEXES = frozenset(f"ix_{table}_search" for table in SEARCHED_TABLES)


def include_name(name: str | None, type_: str, parent_names: Mapping[str, str | None]) -> bool:
    """Alembic ``include_name`` hook: False for the search objects made by hand."""
    if name is None:
        return True
    if type_ == "table":
        return name != SEARCH_TABLE and not name.startswith(f"{SEARCH_TABLE}_")
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True
