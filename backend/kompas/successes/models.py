"""A success named together, and the parties that endorse it."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from kompas.core.db import UTCDateTime, enum_type, utcnow
from kompas.core.models import TenantRecord
from kompas.core.visibility import Visibility


class Success(TenantRecord, table=True):
    __tablename__ = "successes"
    # The list's default order within an organisation: keyset pages read from the index.
    __table_args__ = (Index("ix_successes_list", "organisation_id", "achieved_on"),)

    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=10_000)
    achieved_on: date
    evidence_url: str | None = Field(default=None, max_length=2000)
    evidence: str = Field(default="", max_length=500, description="A short measured result.")
    visibility: Visibility = Field(default=Visibility.organisation, sa_type=enum_type(Visibility))


class Endorsement(SQLModel, table=True):
    """A party saying "we see this success as ours too"."""

    __tablename__ = "endorsements"
    __table_args__ = (UniqueConstraint("success_id", "party_id"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )
    success_id: uuid.UUID = Field(foreign_key="successes.id", index=True, ondelete="CASCADE")
    party_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    endorsed_by: str = Field(default="", max_length=200)
    comment: str = Field(default="", max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
