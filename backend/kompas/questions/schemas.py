"""API models of questions investigated together (vraagstukken) and their contributions."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from kompas.core.schemas import (
    TRIM,
    InputModel,
    LongText,
    RecordRead,
    ShortText,
    no_control_characters,
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
from kompas.questions.models import ContributionKind, QuestionStatus


def _visible(value: str) -> str:
    if not value.strip():
        raise ValueError("must contain at least one visible character")
    return no_control_characters(value)


QuestionText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500),
    TRIM,
    AfterValidator(_visible),
    Field(description="The question itself."),
]
ContributionBody = Annotated[
    str,
    StringConstraints(min_length=1, max_length=10_000),
    AfterValidator(_visible),
    Field(description="The observation, data or proposal."),
]
IdList = Annotated[list[uuid.UUID], Field(max_length=MAX_LINKS)]


class QuestionCreate(InputModel):
    title: QuestionText
    rationale: LongText = Field(default="", description="Why it matters.")
    phase_id: uuid.UUID | None = None
    status: QuestionStatus = Field(
        default=QuestionStatus.open, description="`open` or `investigating` to start with."
    )
    findings: LongText = Field(default="", description="What was found; required once answered.")
    lead_party_id: uuid.UUID = Field(description="The party that leads (trekker).")
    ball_holder_id: uuid.UUID | None = Field(
        default=None, description="Who has the ball now; the lead party when omitted."
    )
    driver_ids: IdList = Field(default_factory=list, description="The drivers it serves.")
    participants: list[Participant] = Field(default_factory=list, max_length=MAX_PARTICIPANTS)
    visibility: Visibility = Visibility.organisation


class QuestionUpdate(InputModel):
    """The ball moves only through handoffs; the status only along the allowed steps."""

    title: QuestionText = unset()
    rationale: LongText = unset()
    phase_id: uuid.UUID | None = None
    status: QuestionStatus = unset(
        description="`open` → `investigating` → `answered` (with `findings`) → `closed`; back "
        "from `investigating` to `open`, from `answered` to `investigating`, from `closed` to "
        "`open`; `open` may also be closed directly."
    )
    status_reason: ShortText = unset(description="Why the status changed (optional).")
    findings: LongText = unset(description="Required when the status becomes `answered`.")
    lead_party_id: uuid.UUID = unset()
    driver_ids: IdList = unset()
    participants: list[Participant] = unset(max_length=MAX_PARTICIPANTS)
    visibility: Visibility = unset()


class QuestionRead(RecordRead):
    title: str
    rationale: str
    phase_id: uuid.UUID | None
    status: QuestionStatus
    status_reason: str
    findings: str
    lead_party_id: uuid.UUID
    ball_holder_id: uuid.UUID
    ball_moved_at: datetime
    pending_handoff: PendingHandoff | None = Field(
        description="Handed over but not yet accepted: to whom, since when."
    )
    stalled: bool = Field(description="Open, and neither ball nor question moved for a while.")
    driver_ids: list[uuid.UUID]
    agenda_item_ids: list[uuid.UUID] = Field(description="Agenda items that came from it.")
    success_ids: list[uuid.UUID] = Field(description="Successes that name this question.")
    meeting_ids: list[uuid.UUID] = Field(description="Meetings it came out of.")
    experience_ids: list[uuid.UUID] = Field(description="Experiences that came from it.")
    participants: list[ParticipantRead]
    contribution_count: int = Field(description="How many contributions the parties made.")
    visibility: Visibility


class ContributionCreate(InputModel):
    kind: ContributionKind = Field(description="`observation`, `data` or `proposal`.")
    body: ContributionBody
    party_id: uuid.UUID | None = Field(
        default=None,
        description="The contributing party; the caller's own when omitted. Members and "
        "partners contribute for their own party only.",
    )


class ContributionUpdate(InputModel):
    kind: ContributionKind = unset()
    body: ContributionBody = unset()


class ContributionRead(RecordRead):
    question_id: uuid.UUID
    party_id: uuid.UUID
    kind: ContributionKind
    body: str
    author_name: str
