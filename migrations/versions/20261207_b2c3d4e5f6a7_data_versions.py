"""data versions, and the dashboard's experience figure read from an index for partners too

A number per organisation that every committed change of its records moves: the dashboard keeps
its figures per process, keyed by it (kompas.core.dataversion,
docs/decisions/0017-dashboard-figures-kept-per-data-version.md). The experiences' dashboard index
takes the id, which a partner's rule tests: at the size of a large municipality the partner's
figure read the table (130 ms under load) instead of the index (35 ms).

Revision ID: b2c3d4e5f6a7
Revises: f4e5d6c7b8a9
Create Date: 2026-12-07 09:15:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b2c3d4e5f6a7"
down_revision: str | None = "f4e5d6c7b8a9"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_versions",
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_data_versions_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_data_versions")),
    )
    op.execute(
        "INSERT INTO data_versions (organisation_id, version) SELECT id, 1 FROM organisations"
    )
    op.drop_index("ix_experiences_dashboard", table_name="experiences")
    op.create_index(
        "ix_experiences_dashboard",
        "experiences",
        ["organisation_id", "visibility", "created_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_experiences_dashboard", table_name="experiences")
    op.create_index(
        "ix_experiences_dashboard", "experiences", ["organisation_id", "visibility", "created_at"]
    )
    op.drop_table("data_versions")
