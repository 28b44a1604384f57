"""API models of users."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import Field, StrictBool

from kompas.core.principal import Role
from kompas.core.schemas import ApiModel, Email, InputModel, Name, OneLine, RecordRead, unset

MIN_PASSWORD_LENGTH = 12

# One line: the login form refuses TAB and line breaks, so a password holding one could never
# be typed at login.
Password = Annotated[
    OneLine,
    Field(
        min_length=MIN_PASSWORD_LENGTH,
        max_length=256,
        description=f"At least {MIN_PASSWORD_LENGTH} characters, on one line.",
    ),
]


class UserCreate(InputModel):
    email: Email
    name: Name
    role: Role
    party_id: uuid.UUID | None = Field(
        default=None, description="The department or partner the person belongs to."
    )
    password: Password


class UserUpdate(InputModel):
    name: Name = unset()
    role: Role = unset()
    party_id: uuid.UUID | None = None
    is_active: StrictBool = unset()


class UserRead(RecordRead):
    email: str
    name: str
    role: Role
    party_id: uuid.UUID | None
    is_active: bool


class Me(ApiModel):
    id: uuid.UUID
    email: str
    name: str
    role: Role
    party_id: uuid.UUID | None
    organisation_id: uuid.UUID
    organisation_name: str
