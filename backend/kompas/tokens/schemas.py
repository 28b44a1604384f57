"""API models of partner API tokens."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from kompas.core.schemas import InputModel, Moment, Name, RecordRead
from kompas.tokens.scopes import Scope

MAX_DAYS = 365
DEFAULT_DAYS = 90


class ApiTokenCreate(InputModel):
    name: Name = Field(description="What the token is for, e.g. `Planning-koppeling Woonstede`.")
    scopes: list[Scope] = Field(min_length=1, max_length=len(Scope))
    expires_at: Moment | None = Field(
        default=None,
        description=f"At most {MAX_DAYS} days ahead; {DEFAULT_DAYS} days when left out.",
    )


class ApiTokenRead(RecordRead):
    party_id: uuid.UUID
    name: str
    prefix: str = Field(description="The start of the secret, to recognise the token.")
    scopes: list[str]
    expires_at: datetime
    created_by: uuid.UUID | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenCreated(ApiTokenRead):
    token: str = Field(description="The secret. Shown only now: store it safely.")
