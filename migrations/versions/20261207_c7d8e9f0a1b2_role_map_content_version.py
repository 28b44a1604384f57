"""role maps: a content version, raised by every change of tasks, parties or views

The analysis and matrix of a large map are kept per process by this number (docs/role-map-analysis.md):
the map's own `version` is its ETag and stays for changes of the map itself, so that submitting a
view never makes a coordinator's edit of the title fail.

Revision ID: c7d8e9f0a1b2
Revises: b1c2d3e4f5a6
Create Date: 2026-12-07 04:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c7d8e9f0a1b2"
down_revision: str | None = "b1c2d3e4f5a6"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("role_maps") as batch:
        batch.add_column(
            sa.Column("content_version", sa.Integer(), nullable=False, server_default="1")
        )


def downgrade() -> None:
    with op.batch_alter_table("role_maps") as batch:
        batch.drop_column("content_version")
