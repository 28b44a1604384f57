"""Role/task overlap maps: the map, the parties taking part, its tasks and every view on them."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from kompas.core.db import enum_type
from kompas.core.models import TenantRecord


class RaciRole(StrEnum):
    responsible = "responsible"
    accountable = "accountable"
    consulted = "consulted"
    informed = "informed"


AGREED = "agreed"


class RoleMap(TenantRecord, table=True):
    """A map for one theme ("Schulden en armoede"), with the parties that take part."""

    __tablename__ = "role_maps"

    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=10_000)
    theme: str = Field(default="", max_length=200)
    phase_id: uuid.UUID | None = Field(
        default=None, foreign_key="phases.id", index=True, ondelete="SET NULL"
    )
    # Raised by every change of what the analysis and the matrix read (tasks, who takes part,
    # views), so a process can keep their answers until it changes (service.content_version).
    # Not the ETag: a view submitted by a partner must not make an edit of the title fail.
    content_version: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class RoleMapParty(SQLModel, table=True):
    """A party taking part in a map."""

    __tablename__ = "role_map_parties"

    role_map_id: uuid.UUID = Field(foreign_key="role_maps.id", primary_key=True, ondelete="CASCADE")
    party_id: uuid.UUID = Field(
        foreign_key="parties.id", primary_key=True, index=True, ondelete="RESTRICT"
    )
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )


class RoleMapTask(TenantRecord, table=True):
    """A task in a map, ordered by position and grouped by an optional cluster."""

    __tablename__ = "role_map_tasks"

    role_map_id: uuid.UUID = Field(foreign_key="role_maps.id", index=True, ondelete="CASCADE")
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=10_000)
    cluster: str = Field(default="", max_length=200)
    position: int = Field(default=0)


class RoleAssignment(SQLModel, table=True):
    """One cell of one view: in `perspective`'s view, `party` has `role` for `task`.

    `perspective` is "agreed" or the id of the party whose view it is. Views are replaced as a
    whole (PUT …/perspectives/{perspective}), so rows are written in bulk and audited per view.
    """

    __tablename__ = "role_assignments"
    # A party may hold several roles on one task (accountable and responsible, say), each once.
    # The unique constraint's index, led by task_id, also serves the task's foreign key; one view
    # of one map is read and replaced through (role_map_id, perspective).
    __table_args__ = (
        UniqueConstraint("task_id", "party_id", "role", "perspective"),
        Index("ix_role_assignments_view", "role_map_id", "perspective"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )
    role_map_id: uuid.UUID = Field(foreign_key="role_maps.id", ondelete="CASCADE")
    task_id: uuid.UUID = Field(foreign_key="role_map_tasks.id", ondelete="CASCADE")
    party_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    role: RaciRole = Field(sa_type=enum_type(RaciRole))
    perspective: str = Field(max_length=36)


class RoleMapSnapshot(TenantRecord, table=True):
    """The state of a map and its analysis at one moment, e.g. the end of a partner table.

    The state keeps the tasks, parties (with their names) and every view, so a party that later
    leaves the map keeps its history here, and two snapshots can be compared at any time.
    """

    __tablename__ = "role_map_snapshots"

    role_map_id: uuid.UUID = Field(foreign_key="role_maps.id", index=True, ondelete="CASCADE")
    label: str = Field(max_length=200)
    clarity: float = Field(default=1.0)
    state: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    analysis: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
