"""needs visibility

Revision ID: d6204c235a83
Revises: e536402ca3d1
Create Date: 2026-11-27 07:52:24.425710
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "d6204c235a83"
down_revision: str | None = "e536402ca3d1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.add_column(
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
                server_default="organisation",
                nullable=False,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("needs", schema=None) as batch_op:
        batch_op.drop_column("visibility")
