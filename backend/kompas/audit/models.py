"""The audit trail: one row per changed record, written in the same transaction as the change."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from kompas.core.db import UTCDateTime, enum_type, utcnow


class AuditAction(StrEnum):
    create = "create"
    update = "update"
    delete = "delete"


class AuditEvent(SQLModel, table=True):
    """Append-only: no route changes or deletes these rows."""

    __tablename__ = "audit_events"
    __table_args__ = (
        Index("ix_audit_events_organisation_occurred", "organisation_id", "occurred_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", nullable=False, ondelete="CASCADE"
    )
    occurred_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    # Who: a user today; partner tokens and the command line later. Null actor_id = the system.
    actor_kind: str = Field(max_length=20)
    actor_id: uuid.UUID | None = Field(default=None, index=True)
    actor_name: str = Field(max_length=200)
    action: AuditAction = Field(sa_type=enum_type(AuditAction))
    resource_type: str = Field(max_length=60, index=True)
    resource_id: uuid.UUID = Field(index=True)
    # {"field": {"from": old, "to": new}}, camelCase field names as in the API.
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
