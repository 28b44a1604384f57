"""Reflection rounds, and the two tables that keep who answered apart from what was answered.

Anonymity is a property of what is stored (docs/reflection-anonymity.md): ``Respondent`` says
that a person answered a round, for the once-only rule; ``Answer`` holds what a member of a
party answered. The two share no key but the round, carry no timestamp, and have random uuid4
keys. Neither is a ``TenantRecord``: the audit trail never sees them. On SQLite both are
WITHOUT ROWID tables (rows live in the order of their random keys); on both databases every
answer rewrites all rows of its round in a random order (``service.answer``), so neither the
physical order nor PostgreSQL's ``xmin`` follows the order of answering.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from kompas.core.db import UTCDateTime, enum_type
from kompas.core.models import TenantRecord


class RoundStatus(StrEnum):
    draft = "draft"
    open = "open"
    closed = "closed"


class ReflectionRound(TenantRecord, table=True):
    __tablename__ = "reflection_rounds"

    title: str = Field(max_length=200)
    opens_on: date
    closes_on: date
    status: RoundStatus = Field(default=RoundStatus.draft, sa_type=enum_type(RoundStatus))
    # [{key, textNl, textEn}], rated 1–5; editable while the round is a draft.
    statements: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # [{key, textNl, textEn}], answered in free text (optional).
    questions: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    # Results released before the close (a coordinator's early release); answers end with it.
    released_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RoundParty(SQLModel, table=True):
    """A party invited to a round: every active user of it may answer."""

    __tablename__ = "reflection_round_parties"

    round_id: uuid.UUID = Field(
        foreign_key="reflection_rounds.id", primary_key=True, ondelete="CASCADE"
    )
    party_id: uuid.UUID = Field(
        foreign_key="parties.id", primary_key=True, index=True, ondelete="RESTRICT"
    )


class Respondent(SQLModel, table=True):
    """That a person answered a round; never what, never when."""

    __tablename__ = "reflection_respondents"
    __table_args__ = (UniqueConstraint("round_id", "user_id"), {"sqlite_with_rowid": False})

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    round_id: uuid.UUID = Field(foreign_key="reflection_rounds.id", index=True, ondelete="CASCADE")
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")


class Answer(SQLModel, table=True):
    """What one member of a party answered; never who, never when."""

    __tablename__ = "reflection_answers"
    __table_args__ = ({"sqlite_with_rowid": False},)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    round_id: uuid.UUID = Field(foreign_key="reflection_rounds.id", index=True, ondelete="CASCADE")
    party_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    # {statement key: 1–5}: every statement of the round.
    ratings: dict[str, int] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # {question key: text}: only the questions answered.
    open_answers: dict[str, str] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
