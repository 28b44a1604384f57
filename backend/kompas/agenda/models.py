"""An item of the joint future agenda."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field

from kompas.core.db import UTCDateTime, enum_type, utcnow
from kompas.core.models import TenantRecord
from kompas.core.visibility import Visibility


class AgendaStatus(StrEnum):
    idea = "idea"
    planned = "planned"
    in_progress = "in-progress"
    done = "done"
    dropped = "dropped"


class AgendaItem(TenantRecord, table=True):
    __tablename__ = "agenda_items"
    # The list's default order within an organisation: keyset pages read from the index.
    __table_args__ = (Index("ix_agenda_items_list", "organisation_id", "updated_at"),)

    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=10_000)
    horizon: str = Field(
        default="", max_length=7, description="A year (2027) or quarter (2027-Q2)."
    )
    phase_id: uuid.UUID | None = Field(
        default=None, foreign_key="phases.id", index=True, ondelete="SET NULL"
    )
    status: AgendaStatus = Field(
        default=AgendaStatus.idea, sa_type=enum_type(AgendaStatus), index=True
    )
    status_reason: str = Field(default="", max_length=2000)
    lead_party_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    ball_holder_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    ball_moved_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    target_date: date | None = Field(default=None)
    progress: int = Field(default=0)
    visibility: Visibility = Field(default=Visibility.organisation, sa_type=enum_type(Visibility))
