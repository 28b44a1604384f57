"""API models shared by joint-work records: participants, handoffs, status history."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import Field

from kompas.core.schemas import ApiModel, InputModel, RecordRead, ShortText
from kompas.joint.models import HandoffStatus, Level, SubjectKind

MAX_PARTICIPANTS = 200
MAX_LINKS = 200


class Participant(InputModel):
    party_id: uuid.UUID
    level: Level = Field(
        description="`watching` (meekijken), `thinking-along` (meedenken) or "
        "`taking-part` (meedoen)."
    )


class ParticipantRead(ApiModel):
    party_id: uuid.UUID
    level: Level


class HandoffCreate(InputModel):
    to_party_id: uuid.UUID = Field(description="The party the ball is handed to.")
    note: ShortText = Field(default="", description="What the receiver needs to know.")


class HandoffDecision(InputModel):
    status: Literal["accepted", "declined", "withdrawn"] = Field(
        description="`accepted` or `declined` by the receiving party; `withdrawn` by the giver."
    )
    reason: ShortText = Field(default="", description="Required when declining.")


class HandoffRead(RecordRead):
    subject_kind: SubjectKind
    subject_id: uuid.UUID
    from_party_id: uuid.UUID
    to_party_id: uuid.UUID
    note: str
    status: HandoffStatus
    reason: str
    requested_by: str
    decided_by: str
    decided_at: datetime | None


class StatusChangeRead(ApiModel):
    id: uuid.UUID
    from_status: str | None
    to_status: str
    reason: str
    changed_by: str
    changed_at: datetime


class PendingHandoff(ApiModel):
    id: uuid.UUID
    to_party_id: uuid.UUID
    note: str
    created_at: datetime
