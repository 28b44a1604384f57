"""API models of the programme's meetings."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field

from kompas.core.schemas import InputModel, Label, LongText, Moment, Name, RecordRead, unset
from kompas.core.visibility import Visibility
from kompas.joint.schemas import MAX_LINKS
from kompas.successes.schemas import SharedVisibility

IdList = Annotated[list[uuid.UUID], Field(max_length=MAX_LINKS)]

_VISIBILITY = (
    "`organisation` (partners see it only when their party takes part), `partners` or `published`."
)


class MeetingCreate(InputModel):
    title: Name
    agenda: LongText = Field(default="", description="What the session is about.")
    location: Label = ""
    starts_at: Moment
    ends_at: Moment = Field(description="After `startsAt`.")
    phase_id: uuid.UUID | None = None
    work_format_id: uuid.UUID | None = None
    visibility: SharedVisibility = Field(default=Visibility.organisation, description=_VISIBILITY)
    party_ids: IdList = Field(default_factory=list, description="The parties at the table.")
    person_ids: IdList = Field(default_factory=list, description="The people taking part.")
    agenda_item_ids: IdList = Field(
        default_factory=list, description="Outcome: agenda items that came out of it."
    )
    success_ids: IdList = Field(default_factory=list, description="Outcome: successes named.")
    snapshot_ids: IdList = Field(
        default_factory=list, description="Outcome: role-map snapshots taken."
    )
    outcome_notes: LongText = ""


class MeetingUpdate(InputModel):
    title: Name = unset()
    agenda: LongText = unset()
    location: Label = unset()
    starts_at: Moment = unset()
    ends_at: Moment = unset(description="After `startsAt`.")
    phase_id: uuid.UUID | None = None
    work_format_id: uuid.UUID | None = None
    visibility: SharedVisibility = unset(description=_VISIBILITY)
    party_ids: IdList = unset()
    person_ids: IdList = unset()
    agenda_item_ids: IdList = unset()
    success_ids: IdList = unset()
    snapshot_ids: IdList = unset()
    outcome_notes: LongText = unset()


class MeetingRead(RecordRead):
    title: str
    agenda: str
    location: str
    starts_at: datetime
    ends_at: datetime
    phase_id: uuid.UUID | None
    work_format_id: uuid.UUID | None
    visibility: Visibility
    party_ids: list[uuid.UUID]
    person_ids: list[uuid.UUID]
    agenda_item_ids: list[uuid.UUID]
    success_ids: list[uuid.UUID]
    snapshot_ids: list[uuid.UUID]
    outcome_notes: str
