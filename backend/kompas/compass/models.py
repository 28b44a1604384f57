"""The compass: the shared purpose, the drivers beneath it, the phases and the work formats."""

from __future__ import annotations

from sqlalchemy import UniqueConstraint
from sqlmodel import Field

from kompas.core.models import TenantRecord


class Purpose(TenantRecord, table=True):
    """The organisation's one shared purpose statement (gemeenschappelijke bedoeling)."""

    __tablename__ = "purposes"
    __table_args__ = (UniqueConstraint("organisation_id"),)

    statement: str = Field(default="", max_length=2000)
    explanation: str = Field(default="", max_length=10_000)


class Driver(TenantRecord, table=True):
    """A motivation under the purpose (drijfveer); ordered by position."""

    __tablename__ = "drivers"

    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=10_000)
    position: int = Field(default=0)


class Phase(TenantRecord, table=True):
    """A phase of the programme ("bewegen in samenwerken"); ordered by position."""

    __tablename__ = "phases"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=10_000)
    position: int = Field(default=0)


class WorkFormat(TenantRecord, table=True):
    """A format of a meeting (werkvorm): dialogue, action-learning set, partner table, …"""

    __tablename__ = "work_formats"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=10_000)
