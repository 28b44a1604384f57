"""People who log in to Kompas."""

from __future__ import annotations

import uuid

from sqlalchemy import Index
from sqlmodel import Field

from kompas.core.db import enum_type
from kompas.core.models import TenantRecord
from kompas.core.principal import Role


class User(TenantRecord, table=True):
    __tablename__ = "users"
    # The list's default order within an organisation: keyset pages read from the index.
    __table_args__ = (Index("ix_users_list", "organisation_id", "name"),)

    # Unique across organisations: the e-mail address alone identifies who logs in.
    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=200)
    role: Role = Field(sa_type=enum_type(Role))
    party_id: uuid.UUID | None = Field(
        default=None, foreign_key="parties.id", index=True, ondelete="RESTRICT"
    )
    password_hash: str | None = Field(default=None, max_length=255)
    is_active: bool = Field(default=True)
    # Raised by "log out everywhere" (and nothing else): every access and refresh token carries
    # the generation it was issued in, and only the current one is accepted (docs/sessions.md).
    token_generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
