"""A session of the programme."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field

from kompas.core.db import UTCDateTime, enum_type
from kompas.core.models import TenantRecord
from kompas.core.visibility import Visibility


class Meeting(TenantRecord, table=True):
    __tablename__ = "meetings"

    title: str = Field(max_length=200)
    agenda: str = Field(default="", max_length=10_000, description="What the session is about.")
    location: str = Field(default="", max_length=200)
    starts_at: datetime = Field(sa_type=UTCDateTime, index=True)
    ends_at: datetime = Field(sa_type=UTCDateTime)
    phase_id: uuid.UUID | None = Field(
        default=None, foreign_key="phases.id", index=True, ondelete="SET NULL"
    )
    work_format_id: uuid.UUID | None = Field(
        default=None, foreign_key="work_formats.id", index=True, ondelete="SET NULL"
    )
    outcome_notes: str = Field(default="", max_length=10_000)
    visibility: Visibility = Field(default=Visibility.organisation, sa_type=enum_type(Visibility))
