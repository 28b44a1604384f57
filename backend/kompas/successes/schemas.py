"""API models of shared successes and their endorsements."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field

from kompas.core.schemas import (
    ApiModel,
    Day,
    InputModel,
    LongText,
    Name,
    RecordRead,
    ShortText,
    Url,
    unset,
)
from kompas.core.visibility import Visibility
from kompas.joint.schemas import MAX_LINKS

# Successes are named by parties together, never private to their author.
SharedVisibility = Literal[Visibility.organisation, Visibility.partners, Visibility.published]
IdList = Annotated[list[uuid.UUID], Field(max_length=MAX_LINKS)]
Evidence = Annotated[ShortText, Field(description="A short measured result.")]


_VISIBILITY = (
    "`organisation` (partners see it only when their party is named), `partners` or `published`."
)


class SuccessCreate(InputModel):
    title: Name
    description: LongText = ""
    achieved_on: Day = Field(description="When it was achieved; not in the future.")
    evidence_url: Url | None = Field(default=None, description="A link to the evidence.")
    evidence: Evidence = ""
    visibility: SharedVisibility = Field(default=Visibility.organisation, description=_VISIBILITY)
    party_ids: IdList = Field(
        default_factory=list, description="The parties involved; they may endorse it."
    )
    agenda_item_ids: IdList = Field(default_factory=list, description="Agenda items it came from.")
    question_ids: IdList = Field(default_factory=list, description="Questions it answers.")
    driver_ids: IdList = Field(default_factory=list, description="The drivers it serves.")


class SuccessUpdate(InputModel):
    title: Name = unset()
    description: LongText = unset()
    achieved_on: Day = unset(description="Not in the future.")
    evidence_url: Url | None = None
    evidence: Evidence = unset()
    visibility: SharedVisibility = unset(description=_VISIBILITY)
    party_ids: IdList = unset()
    agenda_item_ids: IdList = unset()
    question_ids: IdList = unset()
    driver_ids: IdList = unset()


class EndorsementCreate(InputModel):
    comment: ShortText = Field(default="", description="Why the party sees it as its own too.")


class EndorsementRead(ApiModel):
    id: uuid.UUID
    party_id: uuid.UUID = Field(description="The party that endorses.")
    endorsed_by: str = Field(description="Who endorsed it on the party's behalf.")
    comment: str
    created_at: datetime


class SuccessRead(RecordRead):
    title: str
    description: str
    achieved_on: date
    evidence_url: str | None
    evidence: str
    visibility: Visibility
    party_ids: list[uuid.UUID]
    agenda_item_ids: list[uuid.UUID]
    question_ids: list[uuid.UUID]
    driver_ids: list[uuid.UUID]
    meeting_ids: list[uuid.UUID] = Field(description="Meetings it came out of.")
    experience_ids: list[uuid.UUID] = Field(description="Experiences that came from it.")
    endorsements: list[EndorsementRead] = Field(
        description="The parties that see it as theirs too, oldest first."
    )
