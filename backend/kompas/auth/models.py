"""Refresh tokens and revoked access tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from kompas.core.db import UTCDateTime, utcnow


class RefreshToken(SQLModel, table=True):
    """One link of a rotation chain. Only a hash of the secret is stored.

    A family is one session: the refresh tokens descended from one login, and the access tokens
    issued with them (their `sid` is the family id). Every use rotates: the used token is marked
    and a new one of the same family is issued. Presenting a used token again means it was
    stolen or replayed: the whole family is revoked. A family with any revoked token is ended,
    refresh tokens and access tokens alike (see docs/sessions.md).
    """

    __tablename__ = "refresh_tokens"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    family_id: uuid.UUID = Field(index=True)
    # The user's token generation when this token was issued; it must still be the user's.
    generation: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class RevokedAccessToken(SQLModel, table=True):
    """An access token ended by logout before it expired; kept until its own expiry."""

    __tablename__ = "revoked_access_tokens"

    jti: str = Field(primary_key=True, max_length=64)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)
