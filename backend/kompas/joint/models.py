"""Tables shared by the joint-work records (agenda items, questions, successes, meetings).

Participations, handoffs, status changes and links point at their subject by kind and id, as
Decidim's resource links do (docs/decisions/0006-joint-work-links.md): one table each serves
every kind, and "everything that serves this driver" is one indexed lookup. Their rows are
removed with their subject by ``kompas.joint.cleanup``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from kompas.core.db import UTCDateTime, enum_type, utcnow
from kompas.core.models import TenantRecord


class SubjectKind(StrEnum):
    """What a participation, handoff or status change is about."""

    agenda_item = "agenda-item"
    question = "question"


class LinkKind(StrEnum):
    """What a link may join."""

    agenda_item = "agenda-item"
    question = "question"
    success = "success"
    meeting = "meeting"
    experience = "experience"
    driver = "driver"
    party = "party"
    person = "person"
    snapshot = "snapshot"


class Level(StrEnum):
    """How a party takes part (participatieniveau)."""

    watching = "watching"  # meekijken
    thinking_along = "thinking-along"  # meedenken
    taking_part = "taking-part"  # meedoen


class HandoffStatus(StrEnum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"


class Participation(SQLModel, table=True):
    """A party taking part in an agenda item or question, at a level."""

    __tablename__ = "participations"
    # the dashboard's participation per party and level: read from the index alone
    __table_args__ = (
        Index("ix_participations_dashboard", "organisation_id", "party_id", "level", "subject_id"),
    )

    subject_id: uuid.UUID = Field(primary_key=True)
    party_id: uuid.UUID = Field(
        foreign_key="parties.id", primary_key=True, index=True, ondelete="RESTRICT"
    )
    subject_kind: SubjectKind = Field(sa_type=enum_type(SubjectKind))
    level: Level = Field(sa_type=enum_type(Level))
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )


class Handoff(TenantRecord, table=True):
    """The ball handed from one party to another; the receiver accepts or declines it."""

    __tablename__ = "handoffs"
    __table_args__ = (
        Index("ix_handoffs_subject", "subject_id", "created_at"),
        Index("ix_handoffs_list", "organisation_id", "created_at"),
    )

    subject_kind: SubjectKind = Field(sa_type=enum_type(SubjectKind))
    subject_id: uuid.UUID
    from_party_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    to_party_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    note: str = Field(default="", max_length=2000)
    status: HandoffStatus = Field(
        default=HandoffStatus.pending, sa_type=enum_type(HandoffStatus), index=True
    )
    reason: str = Field(default="", max_length=2000)
    requested_by: str = Field(default="", max_length=200)
    decided_by: str = Field(default="", max_length=200)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class StatusChange(SQLModel, table=True):
    """One step in the status history of an agenda item or question."""

    __tablename__ = "status_changes"
    __table_args__ = (Index("ix_status_changes_subject", "subject_id", "changed_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )
    subject_kind: SubjectKind = Field(sa_type=enum_type(SubjectKind))
    subject_id: uuid.UUID
    from_status: str | None = Field(default=None, max_length=40)
    to_status: str = Field(max_length=40)
    reason: str = Field(default="", max_length=2000)
    changed_by: str = Field(default="", max_length=200)
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Link(SQLModel, table=True):
    """``source`` relates to ``target``: an agenda item serves a driver, a success came from a
    question, a meeting had a party at the table. Read both ways."""

    __tablename__ = "links"
    __table_args__ = (
        UniqueConstraint("source_id", "target_id"),
        Index("ix_links_target", "target_id", "source_kind"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )
    source_kind: LinkKind = Field(sa_type=enum_type(LinkKind))
    source_id: uuid.UUID = Field(index=True)
    target_kind: LinkKind = Field(sa_type=enum_type(LinkKind))
    target_id: uuid.UUID
