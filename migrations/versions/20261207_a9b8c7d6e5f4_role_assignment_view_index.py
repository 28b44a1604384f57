"""role assignments: one index for a view of a map, three fewer to write

A view PUT of 2,000 rows read the view through the index on `perspective` alone, which holds
every map's rows of that perspective ("agreed" is in every map): about 1,500 pages at the size of
a large municipality. (role_map_id, perspective) finds the view's rows directly. The indexes on
role_map_id (a prefix of the new one), task_id (the unique constraint's index leads with it) and
perspective are no longer needed; every stored row wrote seven index entries, now five.

Revision ID: a9b8c7d6e5f4
Revises: e2f3a4b5c6d7
Create Date: 2026-12-07 05:25:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "a9b8c7d6e5f4"
down_revision: str | None = "e2f3a4b5c6d7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REPLACED = ("role_map_id", "task_id", "perspective")


def upgrade() -> None:
    op.create_index("ix_role_assignments_view", "role_assignments", ["role_map_id", "perspective"])
    for column in REPLACED:
        op.drop_index(f"ix_role_assignments_{column}", table_name="role_assignments")


def downgrade() -> None:
    for column in REPLACED:
        op.create_index(f"ix_role_assignments_{column}", "role_assignments", [column])
    op.drop_index("ix_role_assignments_view", table_name="role_assignments")
