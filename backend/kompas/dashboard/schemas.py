"""API models of the dashboard: the interim results at a glance, as counts and series."""

from __future__ import annotations

import uuid
from datetime import datetime

from pydantic import Field

from kompas.agenda.models import AgendaStatus
from kompas.commitments.schemas import CommitmentSummary
from kompas.core.schemas import ApiModel
from kompas.core.visibility import Visibility
from kompas.joint.models import Level
from kompas.reflection.schemas import TrendStatement


class StatusCount(ApiModel):
    status: AgendaStatus
    count: int


class PhaseCount(ApiModel):
    phase_id: uuid.UUID | None = Field(description="Null for the items without a phase.")
    phase_name: str | None
    count: int


class AgendaFigures(ApiModel):
    total: int
    by_status: list[StatusCount] = Field(description="Every status, in the order of its steps.")
    by_phase: list[PhaseCount] = Field(
        description="Per phase in the programme's order; the items without a phase last."
    )


class PartyBall(ApiModel):
    party_id: uuid.UUID
    party_name: str
    stalled_agenda_items: int = Field(
        description="Open agenda items whose ball this party holds and that have not moved for "
        "`KOMPAS_STALLED_AFTER_DAYS` days."
    )
    stalled_questions: int = Field(description="The same for questions.")
    pending_handoffs: int = Field(description="Handoffs to this party it has not yet decided.")


class SnapshotPoint(ApiModel):
    snapshot_id: uuid.UUID
    label: str
    taken_at: datetime
    clarity: float = Field(description="The share of tasks without findings, 0 to 1.")
    findings: int = Field(description="The number of findings in the snapshot's analysis.")


class RoleMapSeries(ApiModel):
    role_map_id: uuid.UUID
    title: str
    snapshots: list[SnapshotPoint] = Field(description="Oldest first.")


class QuarterCount(ApiModel):
    quarter: str = Field(description="A quarter, `2026-Q1`.", examples=["2026-Q1"])
    count: int


class ParticipationCount(ApiModel):
    party_id: uuid.UUID
    party_name: str
    level: Level
    count: int = Field(description="Agenda items and questions the party takes part in so.")


class VisibilityCount(ApiModel):
    visibility: Visibility
    count: int


class ExperienceFigures(ApiModel):
    total: int
    by_visibility: list[VisibilityCount]
    by_quarter: list[QuarterCount] = Field(description="By the quarter they were shared in.")


class Dashboard(ApiModel):
    """The interim results the caller may see; a partner's figures hold only what it may read."""

    generated_at: datetime
    agenda: AgendaFigures
    ball: list[PartyBall] = Field(
        description="Per party with stalled items or open handoffs, by name."
    )
    role_maps: list[RoleMapSeries] = Field(description="Clarity and findings over time.")
    successes_per_quarter: list[QuarterCount] = Field(description="Oldest quarter first.")
    participation: list[ParticipationCount] = Field(description="Per party (by name) and level.")
    experiences: ExperienceFigures = Field(description="Lessons shared in the backpack.")
    commitments: CommitmentSummary | None = Field(
        description="Personal commitments made, counts only; for coordinators and admins, "
        "null for the others."
    )
    reflection: list[TrendStatement] = Field(
        description="Per statement, everyone together: the mean and its change per reflection "
        "round with released results, oldest first, under the rules of the results (a group "
        "below the minimum shows no figures)."
    )
