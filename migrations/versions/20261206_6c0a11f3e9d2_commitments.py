"""commitments: a person's own statement on working together

Revision ID: 6c0a11f3e9d2
Revises: 5e1f0c2a7b01
Create Date: 2026-12-06 21:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kompas.core.db

revision: str = "6c0a11f3e9d2"
down_revision: str | None = "5e1f0c2a7b01"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "commitments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("meaning", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("contribution", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("needs", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("step", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("step_date", sa.Date(), nullable=True),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_commitments_author_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_commitments_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitments")),
        sa.UniqueConstraint("author_id", name=op.f("uq_commitments_author_id")),
    )
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitments_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("commitments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitments_organisation_id"))

    op.drop_table("commitments")
