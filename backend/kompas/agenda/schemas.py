"""API models of the joint future agenda."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StrictInt, StringConstraints

from kompas.agenda.models import AgendaStatus
from kompas.core.schemas import (
    WHOLE_FLOAT_AS_INT,
    Day,
    InputModel,
    LongText,
    Name,
    RecordRead,
    ShortText,
    unset,
)
from kompas.core.visibility import Visibility
from kompas.joint.schemas import (
    MAX_LINKS,
    MAX_PARTICIPANTS,
    Participant,
    ParticipantRead,
    PendingHandoff,
)

Horizon = Annotated[
    str,
    StringConstraints(pattern=r"^(\d{4}(-Q[1-4])?)?$", max_length=7),
    Field(description="A year (`2027`) or a quarter (`2027-Q2`); empty when open."),
]
Progress = Annotated[
    StrictInt, Field(ge=0, le=100, description="Per cent done, 0–100."), WHOLE_FLOAT_AS_INT
]
IdList = Annotated[list[uuid.UUID], Field(max_length=MAX_LINKS)]


class AgendaItemCreate(InputModel):
    title: Name
    description: LongText = ""
    horizon: Horizon = ""
    phase_id: uuid.UUID | None = None
    status: AgendaStatus = Field(
        default=AgendaStatus.idea, description="`idea`, `planned` or `in-progress` to start with."
    )
    lead_party_id: uuid.UUID = Field(description="The party that leads (trekker).")
    ball_holder_id: uuid.UUID | None = Field(
        default=None, description="Who has the ball now; the lead party when omitted."
    )
    target_date: Day | None = Field(default=None, description="Not before today.")
    progress: Progress = 0
    driver_ids: IdList = Field(default_factory=list, description="The drivers it serves.")
    question_ids: IdList = Field(default_factory=list, description="The questions it came from.")
    participants: list[Participant] = Field(default_factory=list, max_length=MAX_PARTICIPANTS)
    visibility: Visibility = Visibility.organisation


class AgendaItemUpdate(InputModel):
    """The ball moves only through handoffs; the status only along the allowed steps."""

    title: Name = unset()
    description: LongText = unset()
    horizon: Horizon = unset()
    phase_id: uuid.UUID | None = None
    status: AgendaStatus = unset()
    status_reason: ShortText = unset(description="Required when the status becomes `dropped`.")
    lead_party_id: uuid.UUID = unset()
    target_date: Day | None = None
    progress: Progress = unset()
    driver_ids: IdList = unset()
    question_ids: IdList = unset()
    participants: list[Participant] = unset(max_length=MAX_PARTICIPANTS)
    visibility: Visibility = unset()


class AgendaItemRead(RecordRead):
    title: str
    description: str
    horizon: str
    phase_id: uuid.UUID | None
    status: AgendaStatus
    status_reason: str
    lead_party_id: uuid.UUID
    ball_holder_id: uuid.UUID
    ball_moved_at: datetime
    pending_handoff: PendingHandoff | None = Field(
        description="Handed over but not yet accepted: to whom, since when."
    )
    stalled: bool = Field(description="Open, and neither ball nor item moved for a while.")
    target_date: date | None
    progress: int
    driver_ids: list[uuid.UUID]
    question_ids: list[uuid.UUID]
    success_ids: list[uuid.UUID] = Field(description="Successes that name this item.")
    meeting_ids: list[uuid.UUID] = Field(description="Meetings it came out of.")
    experience_ids: list[uuid.UUID] = Field(description="Experiences that came from it.")
    participants: list[ParticipantRead]
    visibility: Visibility
