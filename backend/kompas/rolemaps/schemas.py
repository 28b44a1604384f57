"""API models of role maps."""

from __future__ import annotations

import uuid

from pydantic import ConfigDict, Field

from kompas.core.schemas import (
    ApiModel,
    InputModel,
    Label,
    LongText,
    Name,
    Position,
    RecordRead,
    unset,
)
from kompas.rolemaps.analysis import FindingKind
from kompas.rolemaps.models import RaciRole

MAX_PARTIES = 200
MAX_ASSIGNMENTS = 100_000


class RoleMapCreate(InputModel):
    title: Name
    description: LongText = ""
    theme: Label = ""
    phase_id: uuid.UUID | None = None
    party_ids: list[uuid.UUID] = Field(
        default_factory=list,
        max_length=MAX_PARTIES,
        description="The departments and partners that take part.",
    )


class RoleMapUpdate(InputModel):
    title: Name = unset()
    description: LongText = unset()
    theme: Label = unset()
    phase_id: uuid.UUID | None = None
    party_ids: list[uuid.UUID] = unset(max_length=MAX_PARTIES)


class RoleMapRead(RecordRead):
    title: str
    description: str
    theme: str
    phase_id: uuid.UUID | None
    party_ids: list[uuid.UUID]


class TaskCreate(InputModel):
    title: Name
    description: LongText = ""
    cluster: Label = ""
    position: Position | None = Field(default=None, description="Omitted: after the last one.")


class TaskUpdate(InputModel):
    title: Name = unset()
    description: LongText = unset()
    cluster: Label = unset()
    position: Position = unset()


class TaskRead(RecordRead):
    role_map_id: uuid.UUID
    title: str
    description: str
    cluster: str
    position: int


class AssignmentIn(ApiModel):
    """One row of a submitted view: an unknown field is an error, as in every request body.

    Not an InputModel: its fields are two UUIDs and a RACI role, none of which can hold a control
    character, and InputModel's check of every field of every row cost more than the rest of
    validating a view of 2,000 rows (the spec and every answer stay the same).
    """

    model_config = ConfigDict(extra="forbid")

    task_id: uuid.UUID
    party_id: uuid.UUID
    role: RaciRole


class PerspectiveWrite(InputModel):
    assignments: list[AssignmentIn] = Field(max_length=MAX_ASSIGNMENTS)


class AssignmentOut(ApiModel):
    task_id: uuid.UUID
    party_id: uuid.UUID
    role: RaciRole


class PerspectiveRead(ApiModel):
    perspective: str = Field(description="`agreed`, or the id of the party whose view it is.")
    assignments: list[AssignmentOut]


class AssignmentRead(ApiModel):
    id: uuid.UUID
    task_id: uuid.UUID
    party_id: uuid.UUID
    role: RaciRole
    perspective: str


class MatrixParty(ApiModel):
    id: uuid.UUID
    name: str
    kind: str


class MatrixRow(ApiModel):
    task_id: uuid.UUID
    title: str
    cluster: str
    position: int
    cells: dict[str, list[RaciRole]] = Field(
        description="Per party id with a role on this task in this view: its roles (RACI "
        "order). Parties without a role are left out."
    )


class Matrix(ApiModel):
    perspective: str
    parties: list[MatrixParty]
    rows: list[MatrixRow]


class Explanation(ApiModel):
    nl: str
    en: str


class FindingRead(ApiModel):
    kind: FindingKind
    party_ids: list[uuid.UUID]
    explanation: Explanation


class TaskAnalysis(ApiModel):
    task_id: uuid.UUID
    findings: list[FindingRead]


class PartyLoadRead(ApiModel):
    party_id: uuid.UUID
    accountable: int
    responsible: int


class AnalysisSummary(ApiModel):
    counts: dict[FindingKind, int]
    clarity: float = Field(ge=0, le=1, description="The share of tasks without findings.")
    load: list[PartyLoadRead] = Field(description="Per party: its A and R tasks, agreed view.")


class AnalysisOut(ApiModel):
    tasks: list[TaskAnalysis]
    summary: AnalysisSummary


class SnapshotCreate(InputModel):
    label: Name = Field(description="E.g. `Partnertafel 12 maart`.")


class SnapshotRead(RecordRead):
    role_map_id: uuid.UUID
    label: str
    clarity: float
    analysis: AnalysisOut


class SnapshotSummary(RecordRead):
    role_map_id: uuid.UUID
    label: str
    clarity: float


class ChangedFinding(ApiModel):
    task_id: uuid.UUID
    finding: FindingRead


class ComparisonOut(ApiModel):
    from_: str = Field(alias="from", description="A snapshot id.")
    to: str = Field(description="A snapshot id, or `current`.")
    resolved: list[ChangedFinding]
    new: list[ChangedFinding]
    unchanged: int
    clarity_before: float
    clarity_after: float


class CsvImportResult(ApiModel):
    tasks_created: int
    views_replaced: int
    rows: int
