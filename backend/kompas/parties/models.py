"""Parties (departments and external partners), the people in them, and their needs and offers."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field

from kompas.core.db import enum_type
from kompas.core.models import TenantRecord
from kompas.core.visibility import Visibility


class PartyKind(StrEnum):
    department = "department"
    partner = "partner"


class OrganisationType(StrEnum):
    housing_corporation = "housing-corporation"
    public_health = "public-health"
    employment_agency = "employment-agency"
    care_provider = "care-provider"
    neighbourhood_team = "neighbourhood-team"
    education = "education"
    other = "other"


class Party(TenantRecord, table=True):
    """A department or an external partner: one table, so any later record can point at either."""

    __tablename__ = "parties"
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    kind: PartyKind = Field(sa_type=enum_type(PartyKind), index=True)
    name: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    # Partners only; null for departments.
    organisation_type: OrganisationType | None = Field(
        default=None, sa_type=enum_type(OrganisationType)
    )
    website: str | None = Field(default=None, max_length=2000)
    contacts: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )


class Person(TenantRecord, table=True):
    __tablename__ = "people"
    # The list's default order within an organisation: keyset pages read from the index.
    __table_args__ = (Index("ix_people_list", "organisation_id", "name"),)

    party_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    name: str = Field(max_length=200)
    email: str | None = Field(default=None, max_length=254)
    job_title: str = Field(default="", max_length=200)
    phone: str | None = Field(default=None, max_length=40)


class NeedKind(StrEnum):
    need = "need"
    offer = "offer"


class NeedStatus(StrEnum):
    open = "open"
    being_met = "being-met"
    met = "met"


class Need(TenantRecord, table=True):
    """What a party needs from another party (or from everyone), or what it offers."""

    __tablename__ = "needs"
    # The list's default order within an organisation: keyset pages read from the index.
    __table_args__ = (Index("ix_needs_list", "organisation_id", "updated_at"),)

    party_id: uuid.UUID = Field(foreign_key="parties.id", index=True, ondelete="RESTRICT")
    kind: NeedKind = Field(sa_type=enum_type(NeedKind))
    title: str = Field(max_length=200)
    description: str = Field(default="", max_length=10_000)
    # The party asked or offered to; null means everyone.
    counterpart_party_id: uuid.UUID | None = Field(
        default=None, foreign_key="parties.id", index=True, ondelete="RESTRICT"
    )
    status: NeedStatus = Field(default=NeedStatus.open, sa_type=enum_type(NeedStatus), index=True)
    visibility: Visibility = Field(
        default=Visibility.organisation,
        sa_type=enum_type(Visibility),
        sa_column_kwargs={"server_default": Visibility.organisation.value},
    )
