"""API models of a person's own data."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import Field

from kompas.core.principal import Role
from kompas.core.schemas import ApiModel

Records = list[dict[str, Any]]


class Profile(ApiModel):
    id: uuid.UUID
    email: str
    name: str
    role: Role
    party_id: uuid.UUID | None
    party_name: str | None
    organisation_id: uuid.UUID
    organisation_name: str
    is_active: bool
    created_at: datetime
    updated_at: datetime


class PersonalData(ApiModel):
    """Everything Kompas holds about the caller (AVG/GDPR art. 15), organised per kind."""

    generated_at: datetime
    profile: Profile
    commitments: Records = Field(description="Your commitment, private or shared.")
    experiences: Records = Field(description="The experiences you shared.")
    contributions: Records = Field(description="Your contributions to questions.")
    handoffs: Records = Field(description="Handoffs you offered or decided on.")
    role_map_views: Records = Field(description="The role-map views you submitted.")
    reflection_rounds_answered: Records = Field(
        description="The rounds you answered (never what: answers are anonymous and stored "
        "apart from who answered; docs/reflection-anonymity.md)."
    )
    audit_events: Records = Field(description="Every change you made, from the audit trail.")
    audit_events_about_you: Records = Field(
        description="The changes others made to your user record."
    )
