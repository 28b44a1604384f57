"""role maps

Revision ID: 4e6e85a4b2b8
Revises: d6204c235a83
Create Date: 2026-11-27 08:24:10.788291
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kompas.core.db

revision: str = "4e6e85a4b2b8"
down_revision: str | None = "d6204c235a83"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "role_maps",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
        sa.Column("theme", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("phase_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_role_maps_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["phase_id"],
            ["phases.id"],
            name=op.f("fk_role_maps_phase_id_phases"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_maps")),
    )
    with op.batch_alter_table("role_maps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_role_maps_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_role_maps_phase_id"), ["phase_id"], unique=False)

    op.create_table(
        "role_map_parties",
        sa.Column("role_map_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_role_map_parties_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_role_map_parties_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["role_map_id"],
            ["role_maps.id"],
            name=op.f("fk_role_map_parties_role_map_id_role_maps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("role_map_id", "party_id", name=op.f("pk_role_map_parties")),
    )
    with op.batch_alter_table("role_map_parties", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_role_map_parties_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_role_map_parties_party_id"), ["party_id"], unique=False
        )

    op.create_table(
        "role_map_tasks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("role_map_id", sa.Uuid(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
        sa.Column("cluster", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_role_map_tasks_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["role_map_id"],
            ["role_maps.id"],
            name=op.f("fk_role_map_tasks_role_map_id_role_maps"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_map_tasks")),
    )
    with op.batch_alter_table("role_map_tasks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_role_map_tasks_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_role_map_tasks_role_map_id"), ["role_map_id"], unique=False
        )

    op.create_table(
        "role_assignments",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("role_map_id", sa.Uuid(), nullable=False),
        sa.Column("task_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "responsible",
                "accountable",
                "consulted",
                "informed",
                name="racirole",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("perspective", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_role_assignments_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_role_assignments_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["role_map_id"],
            ["role_maps.id"],
            name=op.f("fk_role_assignments_role_map_id_role_maps"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["role_map_tasks.id"],
            name=op.f("fk_role_assignments_task_id_role_map_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_assignments")),
        sa.UniqueConstraint(
            "task_id",
            "party_id",
            "role",
            "perspective",
            name=op.f("uq_role_assignments_task_id_party_id_role_perspective"),
        ),
    )
    with op.batch_alter_table("role_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_role_assignments_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_role_assignments_party_id"), ["party_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_role_assignments_perspective"), ["perspective"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_role_assignments_role_map_id"), ["role_map_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_role_assignments_task_id"), ["task_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("role_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_assignments_task_id"))
        batch_op.drop_index(batch_op.f("ix_role_assignments_role_map_id"))
        batch_op.drop_index(batch_op.f("ix_role_assignments_perspective"))
        batch_op.drop_index(batch_op.f("ix_role_assignments_party_id"))
        batch_op.drop_index(batch_op.f("ix_role_assignments_organisation_id"))

    op.drop_table("role_assignments")
    with op.batch_alter_table("role_map_tasks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_map_tasks_role_map_id"))
        batch_op.drop_index(batch_op.f("ix_role_map_tasks_organisation_id"))

    op.drop_table("role_map_tasks")
    with op.batch_alter_table("role_map_parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_map_parties_party_id"))
        batch_op.drop_index(batch_op.f("ix_role_map_parties_organisation_id"))

    op.drop_table("role_map_parties")
    with op.batch_alter_table("role_maps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_maps_phase_id"))
        batch_op.drop_index(batch_op.f("ix_role_maps_organisation_id"))

    op.drop_table("role_maps")
