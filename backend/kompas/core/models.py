"""Columns every tenant-owned table shares."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

from kompas.core.db import UTCDateTime, utcnow


class TenantRecord(SQLModel):
    """Mixin: an id, the owning organisation, timestamps and a version for ETags.

    The version is SQLAlchemy's ``version_id_col``: every UPDATE carries ``WHERE version = n``,
    so two writers that both read version n cannot both win, even between ETag check and commit.
    """

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    updated_at: datetime = Field(
        default_factory=utcnow,
        sa_type=UTCDateTime,
        nullable=False,
        sa_column_kwargs={"onupdate": utcnow},
    )
    version: int = Field(default=1, nullable=False)

    # Fields the audit trail never writes, only that they changed (kompas.audit.recorder): words
    # a model keeps for one reader alone, such as a person's own commitment.
    __audit_redacted__: ClassVar[frozenset[str]] = frozenset()

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]
