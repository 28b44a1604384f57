"""role map snapshots

Revision ID: c0aaa43ebe50
Revises: 4e6e85a4b2b8
Create Date: 2026-11-27 08:29:15.210467
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kompas.core.db

revision: str = "c0aaa43ebe50"
down_revision: str | None = "4e6e85a4b2b8"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "role_map_snapshots",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("role_map_id", sa.Uuid(), nullable=False),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("clarity", sa.Float(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("analysis", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_role_map_snapshots_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_map_id"],
            ["role_maps.id"],
            name=op.f("fk_role_map_snapshots_role_map_id_role_maps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_map_snapshots")),
    )
    with op.batch_alter_table("role_map_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_role_map_snapshots_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_role_map_snapshots_role_map_id"), ["role_map_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("role_map_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_map_snapshots_role_map_id"))
        batch_op.drop_index(batch_op.f("ix_role_map_snapshots_organisation_id"))

    op.drop_table("role_map_snapshots")
