"""A question investigated together, and what the parties contribute to it."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field

from kompas.core.db import UTCDateTime, enum_type, utcnow
from kompas.core.models import TenantRecord
from kompas.core.visibility import Visibility


class QuestionStatus(StrEnum):
    open = "open"
    investigating = "investigating"
    answered = "answered"
    closed = "closed"


class ContributionKind(StrEnum):
    observation = "observation"
    data = "data"
    proposal = "proposal"


class Question(TenantRecord, table=True):
    __tablename__ = "questions"
    # The list's default order within an organisation: keyset pages read from the index.
    __table_args__ = (Index("ix_questions_list", "organisation_id", "updated_at"),)

    title: str = Field(max_length=500, description="The question itself.")
    rationale: str = Field(default="", max_length=10_000, description="Why it matters.")
    phase_id: uuid.UUID | None = Field(
        default=None, foreign_key="phases.id", index=True, ondelete="SET NULL"
    )
    status: QuestionStatus = Field(
        default=QuestionStatus.open, sa_type=enum_type(QuestionStatus), index=True
    )
    status_reason: str = Field(default="", max_length=2000)
    findings: str = Field(default="", max_length=10_000)
    lead_party_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    ball_holder_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    ball_moved_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    visibility: Visibility = Field(default=Visibility.organisation, sa_type=enum_type(Visibility))


class Contribution(TenantRecord, table=True):
    """An observation, data or a proposal of one involved party."""

    __tablename__ = "contributions"

    question_id: uuid.UUID = Field(foreign_key="questions.id", index=True, ondelete="CASCADE")
    party_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    kind: ContributionKind = Field(sa_type=enum_type(ContributionKind))
    body: str = Field(max_length=10_000)
    author_name: str = Field(default="", max_length=200)
