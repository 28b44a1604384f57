"""reflection rounds: statements, invitations and anonymous answers kept apart

Revision ID: 7f3a9b2c4d13
Revises: 6c0a11f3e9d2
Create Date: 2026-12-06 21:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kompas.core.db

revision: str = "7f3a9b2c4d13"
down_revision: str | None = "6c0a11f3e9d2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Who answered and what was answered share no key but the round and carry no timestamp; on
# SQLite both are WITHOUT ROWID tables, so their rows lie in the order of their random keys
# (docs/reflection-anonymity.md).


def upgrade() -> None:
    op.create_table(
        "reflection_rounds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("opens_on", sa.Date(), nullable=False),
        sa.Column("closes_on", sa.Date(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("draft", "open", "closed", name="roundstatus", native_enum=False),
            nullable=False,
        ),
        sa.Column("statements", sa.JSON(), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("released_at", kompas.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_reflection_rounds_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflection_rounds")),
    )
    with op.batch_alter_table("reflection_rounds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reflection_rounds_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "reflection_answers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("ratings", sa.JSON(), nullable=False),
        sa.Column("open_answers", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_reflection_answers_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["reflection_rounds.id"],
            name=op.f("fk_reflection_answers_round_id_reflection_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflection_answers")),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("reflection_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reflection_answers_party_id"), ["party_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reflection_answers_round_id"), ["round_id"], unique=False
        )

    op.create_table(
        "reflection_round_parties",
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_reflection_round_parties_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["reflection_rounds.id"],
            name=op.f("fk_reflection_round_parties_round_id_reflection_rounds"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "party_id", name=op.f("pk_reflection_round_parties")),
    )
    with op.batch_alter_table("reflection_round_parties", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reflection_round_parties_party_id"), ["party_id"], unique=False
        )

    op.create_table(
        "reflection_respondents",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("round_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["reflection_rounds.id"],
            name=op.f("fk_reflection_respondents_round_id_reflection_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_reflection_respondents_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reflection_respondents")),
        sa.UniqueConstraint(
            "round_id", "user_id", name=op.f("uq_reflection_respondents_round_id_user_id")
        ),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("reflection_respondents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reflection_respondents_round_id"), ["round_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_reflection_respondents_user_id"), ["user_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("reflection_respondents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reflection_respondents_user_id"))
        batch_op.drop_index(batch_op.f("ix_reflection_respondents_round_id"))

    op.drop_table("reflection_respondents")
    with op.batch_alter_table("reflection_round_parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reflection_round_parties_party_id"))

    op.drop_table("reflection_round_parties")
    with op.batch_alter_table("reflection_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reflection_answers_round_id"))
        batch_op.drop_index(batch_op.f("ix_reflection_answers_party_id"))

    op.drop_table("reflection_answers")
    with op.batch_alter_table("reflection_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reflection_rounds_organisation_id"))

    op.drop_table("reflection_rounds")
