"""joint work: agenda items, questions, successes, meetings

Revision ID: 266be47d0dd5
Revises: c0aaa43ebe50
Create Date: 2026-11-27 09:47:03.622548
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

import kompas.core.db

revision: str = "266be47d0dd5"
down_revision: str | None = "c0aaa43ebe50"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "links",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column(
            "source_kind",
            sa.Enum(
                "agenda-item",
                "question",
                "success",
                "meeting",
                "driver",
                "party",
                "person",
                "snapshot",
                name="linkkind",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("source_id", sa.Uuid(), nullable=False),
        sa.Column(
            "target_kind",
            sa.Enum(
                "agenda-item",
                "question",
                "success",
                "meeting",
                "driver",
                "party",
                "person",
                "snapshot",
                name="linkkind",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_links_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_links")),
        sa.UniqueConstraint("source_id", "target_id", name=op.f("uq_links_source_id_target_id")),
    )
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_links_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_links_source_id"), ["source_id"], unique=False)
        batch_op.create_index("ix_links_target", ["target_id", "source_kind"], unique=False)

    op.create_table(
        "status_changes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column(
            "subject_kind",
            sa.Enum("agenda-item", "question", name="subjectkind", native_enum=False),
            nullable=False,
        ),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("from_status", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("to_status", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("changed_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_status_changes_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_status_changes")),
    )
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_status_changes_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(
            "ix_status_changes_subject", ["subject_id", "changed_at"], unique=False
        )

    op.create_table(
        "successes",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
        sa.Column("achieved_on", sa.Date(), nullable=False),
        sa.Column("evidence_url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("evidence", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
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
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_successes_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_successes")),
    )
    with op.batch_alter_table("successes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_successes_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "agenda_items",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
        sa.Column("horizon", sqlmodel.sql.sqltypes.AutoString(length=7), nullable=False),
        sa.Column("phase_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "idea",
                "planned",
                "in-progress",
                "done",
                "dropped",
                name="agendastatus",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("status_reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("lead_party_id", sa.Uuid(), nullable=False),
        sa.Column("ball_holder_id", sa.Uuid(), nullable=False),
        sa.Column("ball_moved_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=False),
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
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["ball_holder_id"],
            ["parties.id"],
            name=op.f("fk_agenda_items_ball_holder_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["lead_party_id"],
            ["parties.id"],
            name=op.f("fk_agenda_items_lead_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_agenda_items_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["phase_id"],
            ["phases.id"],
            name=op.f("fk_agenda_items_phase_id_phases"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agenda_items")),
    )
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_agenda_items_ball_holder_id"), ["ball_holder_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agenda_items_lead_party_id"), ["lead_party_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_agenda_items_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_agenda_items_phase_id"), ["phase_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_agenda_items_status"), ["status"], unique=False)

    op.create_table(
        "endorsements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("success_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column("endorsed_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("comment", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_endorsements_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_endorsements_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["success_id"],
            ["successes.id"],
            name=op.f("fk_endorsements_success_id_successes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_endorsements")),
        sa.UniqueConstraint(
            "success_id", "party_id", name=op.f("uq_endorsements_success_id_party_id")
        ),
    )
    with op.batch_alter_table("endorsements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_endorsements_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_endorsements_party_id"), ["party_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_endorsements_success_id"), ["success_id"], unique=False
        )

    op.create_table(
        "handoffs",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column(
            "subject_kind",
            sa.Enum("agenda-item", "question", name="subjectkind", native_enum=False),
            nullable=False,
        ),
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("from_party_id", sa.Uuid(), nullable=False),
        sa.Column("to_party_id", sa.Uuid(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "declined",
                "withdrawn",
                name="handoffstatus",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("decided_at", kompas.core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["from_party_id"],
            ["parties.id"],
            name=op.f("fk_handoffs_from_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_handoffs_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["to_party_id"],
            ["parties.id"],
            name=op.f("fk_handoffs_to_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handoffs")),
    )
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handoffs_from_party_id"), ["from_party_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_handoffs_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_handoffs_status"), ["status"], unique=False)
        batch_op.create_index("ix_handoffs_subject", ["subject_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_handoffs_to_party_id"), ["to_party_id"], unique=False)

    op.create_table(
        "meetings",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("agenda", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("starts_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("phase_id", sa.Uuid(), nullable=True),
        sa.Column("work_format_id", sa.Uuid(), nullable=True),
        sa.Column("outcome_notes", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
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
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_meetings_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["phase_id"],
            ["phases.id"],
            name=op.f("fk_meetings_phase_id_phases"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["work_format_id"],
            ["work_formats.id"],
            name=op.f("fk_meetings_work_format_id_work_formats"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meetings_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meetings_phase_id"), ["phase_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_meetings_starts_at"), ["starts_at"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_meetings_work_format_id"), ["work_format_id"], unique=False
        )

    op.create_table(
        "participations",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column(
            "subject_kind",
            sa.Enum("agenda-item", "question", name="subjectkind", native_enum=False),
            nullable=False,
        ),
        sa.Column(
            "level",
            sa.Enum("watching", "thinking-along", "taking-part", name="level", native_enum=False),
            nullable=False,
        ),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_participations_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_participations_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("subject_id", "party_id", name=op.f("pk_participations")),
    )
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participations_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_participations_party_id"), ["party_id"], unique=False)

    op.create_table(
        "questions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("rationale", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
        sa.Column("phase_id", sa.Uuid(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "open",
                "investigating",
                "answered",
                "closed",
                name="questionstatus",
                native_enum=False,
            ),
            nullable=False,
        ),
        sa.Column("status_reason", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("findings", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
        sa.Column("lead_party_id", sa.Uuid(), nullable=False),
        sa.Column("ball_holder_id", sa.Uuid(), nullable=False),
        sa.Column("ball_moved_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
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
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["ball_holder_id"],
            ["parties.id"],
            name=op.f("fk_questions_ball_holder_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["lead_party_id"],
            ["parties.id"],
            name=op.f("fk_questions_lead_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_questions_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["phase_id"],
            ["phases.id"],
            name=op.f("fk_questions_phase_id_phases"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_questions_ball_holder_id"), ["ball_holder_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_questions_lead_party_id"), ["lead_party_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_questions_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_questions_phase_id"), ["phase_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_questions_status"), ["status"], unique=False)

    op.create_table(
        "contributions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("organisation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", kompas.core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("observation", "data", "proposal", name="contributionkind", native_enum=False),
            nullable=False,
        ),
        sa.Column("body", sqlmodel.sql.sqltypes.AutoString(length=10000), nullable=False),
        sa.Column("author_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_contributions_organisation_id_organisations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["party_id"],
            ["parties.id"],
            name=op.f("fk_contributions_party_id_parties"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_contributions_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contributions")),
    )
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contributions_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contributions_party_id"), ["party_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_contributions_question_id"), ["question_id"], unique=False
        )

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table("contributions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contributions_question_id"))
        batch_op.drop_index(batch_op.f("ix_contributions_party_id"))
        batch_op.drop_index(batch_op.f("ix_contributions_organisation_id"))

    op.drop_table("contributions")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_questions_status"))
        batch_op.drop_index(batch_op.f("ix_questions_phase_id"))
        batch_op.drop_index(batch_op.f("ix_questions_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_questions_lead_party_id"))
        batch_op.drop_index(batch_op.f("ix_questions_ball_holder_id"))

    op.drop_table("questions")
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participations_party_id"))
        batch_op.drop_index(batch_op.f("ix_participations_organisation_id"))

    op.drop_table("participations")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meetings_work_format_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_starts_at"))
        batch_op.drop_index(batch_op.f("ix_meetings_phase_id"))
        batch_op.drop_index(batch_op.f("ix_meetings_organisation_id"))

    op.drop_table("meetings")
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handoffs_to_party_id"))
        batch_op.drop_index("ix_handoffs_subject")
        batch_op.drop_index(batch_op.f("ix_handoffs_status"))
        batch_op.drop_index(batch_op.f("ix_handoffs_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_handoffs_from_party_id"))

    op.drop_table("handoffs")
    with op.batch_alter_table("endorsements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_endorsements_success_id"))
        batch_op.drop_index(batch_op.f("ix_endorsements_party_id"))
        batch_op.drop_index(batch_op.f("ix_endorsements_organisation_id"))

    op.drop_table("endorsements")
    with op.batch_alter_table("agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agenda_items_status"))
        batch_op.drop_index(batch_op.f("ix_agenda_items_phase_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_items_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_items_lead_party_id"))
        batch_op.drop_index(batch_op.f("ix_agenda_items_ball_holder_id"))

    op.drop_table("agenda_items")
    with op.batch_alter_table("successes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_successes_organisation_id"))

    op.drop_table("successes")
    with op.batch_alter_table("status_changes", schema=None) as batch_op:
        batch_op.drop_index("ix_status_changes_subject")
        batch_op.drop_index(batch_op.f("ix_status_changes_organisation_id"))

    op.drop_table("status_changes")
    with op.batch_alter_table("links", schema=None) as batch_op:
        batch_op.drop_index("ix_links_target")
        batch_op.drop_index(batch_op.f("ix_links_source_id"))
        batch_op.drop_index(batch_op.f("ix_links_organisation_id"))

    op.drop_table("links")
    # ### end Alembic commands ###
