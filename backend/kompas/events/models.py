"""The outbox: every event Kompas publishes, written in the transaction of the change itself."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from kompas.core.db import UTCDateTime, utcnow


class OutboxEvent(SQLModel, table=True):
    """One event; its id is the CloudEvent id, stable across retries and redeliveries."""

    __tablename__ = "outbox_events"
    __table_args__ = (
        Index("ix_outbox_events_organisation_time", "organisation_id", "occurred_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", nullable=False, ondelete="CASCADE"
    )
    # e.g. nl.kompas.agenda-item.handoff-offered.v1
    type: str = Field(max_length=200)
    # The resource path below /api/v1, e.g. agenda-items/<id>
    subject: str = Field(max_length=200)
    resource_type: str = Field(max_length=60)
    resource_id: uuid.UUID
    # The record as admins and coordinators see it in the API (camelCase, JSON types).
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    occurred_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
