"""API tokens with which a partner organisation's own systems call Kompas."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field

from kompas.core.db import UTCDateTime
from kompas.core.models import TenantRecord


class ApiToken(TenantRecord, table=True):
    """Only a hash of the secret is stored; the secret is shown once, when the token is made."""

    __tablename__ = "api_tokens"

    party_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    # The first characters of the secret, to recognise a token in lists and logs.
    prefix: str = Field(max_length=40)
    token_hash: str = Field(max_length=64, unique=True)
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    expires_at: datetime = Field(sa_type=UTCDateTime)
    created_by: uuid.UUID | None = Field(default=None)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
