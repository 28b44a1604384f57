"""A person's own commitment: what working together means to them, what they bring and need."""

from __future__ import annotations

import uuid
from datetime import date
from typing import ClassVar

from sqlmodel import Field

from kompas.core.models import TenantRecord

# A person's own words: the audit trail records that they changed, never what they say.
WORDS = frozenset({"meaning", "contribution", "needs", "step", "step_date"})


class Commitment(TenantRecord, table=True):
    """One per person; private to its author until they share it with the organisation's staff."""

    __tablename__ = "commitments"
    __audit_redacted__: ClassVar[frozenset[str]] = WORDS

    author_id: uuid.UUID = Field(
        foreign_key="users.id", unique=True, nullable=False, ondelete="CASCADE"
    )
    meaning: str = Field(default="", max_length=2000)
    contribution: str = Field(default="", max_length=2000)
    needs: str = Field(default="", max_length=2000)
    step: str = Field(default="", max_length=500)
    step_date: date | None = None
    shared: bool = Field(default=False)
