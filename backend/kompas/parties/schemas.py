"""API models of the parties domain."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from kompas.core.schemas import (
    ApiModel,
    Email,
    InputModel,
    LongText,
    Name,
    Phone,
    RecordRead,
    ShortText,
    Url,
    unset,
)
from kompas.core.visibility import Visibility
from kompas.parties.models import NeedKind, NeedStatus, OrganisationType, PartyKind

MAX_CONTACTS = 50
# Needs are about parties, never private to their author.
NeedVisibility = Literal[Visibility.organisation, Visibility.partners, Visibility.published]
Description = ShortText  # a party's description is short: it shows in lists


class Contact(InputModel):
    name: Name
    role: ShortText = ""
    email: Email | None = None
    phone: Phone | None = None


class DepartmentCreate(InputModel):
    name: Name
    description: Description = ""


class DepartmentUpdate(InputModel):
    name: Name = unset()
    description: Description = unset()


class DepartmentRead(RecordRead):
    kind: PartyKind
    name: str
    description: str


class PartnerCreate(InputModel):
    name: Name
    description: Description = ""
    organisation_type: OrganisationType = OrganisationType.other
    website: Url | None = None
    contacts: list[Contact] = Field(default_factory=list, max_length=MAX_CONTACTS)


class PartnerUpdate(InputModel):
    name: Name = unset()
    description: Description = unset()
    organisation_type: OrganisationType = unset()
    website: Url | None = None
    contacts: list[Contact] = unset(max_length=MAX_CONTACTS)


class ContactRead(ApiModel):
    name: str
    role: str
    email: str | None
    phone: str | None


class PartnerRead(RecordRead):
    kind: PartyKind
    name: str
    description: str
    organisation_type: OrganisationType
    website: str | None
    contacts: list[ContactRead]


class PartyRead(RecordRead):
    """A department or a partner, as far as both kinds share fields."""

    kind: PartyKind
    name: str
    description: str
    organisation_type: OrganisationType | None


class PersonCreate(InputModel):
    name: Name
    email: Email | None = None
    job_title: ShortText = ""
    phone: Phone | None = None
    party_id: uuid.UUID = Field(description="The department or partner the person belongs to.")


class PersonUpdate(InputModel):
    name: Name = unset()
    email: Email | None = None
    job_title: ShortText = unset()
    phone: Phone | None = None
    party_id: uuid.UUID = unset()


class PersonRead(RecordRead):
    name: str
    email: str | None
    job_title: str
    phone: str | None
    party_id: uuid.UUID


class NeedCreate(InputModel):
    party_id: uuid.UUID = Field(description="The party that needs or offers.")
    kind: NeedKind
    title: Name
    description: LongText = ""
    counterpart_party_id: uuid.UUID | None = Field(
        default=None, description="The party asked or offered to; null for everyone."
    )
    status: NeedStatus = NeedStatus.open
    visibility: NeedVisibility = Field(
        default=Visibility.organisation,
        description="`organisation` (partners see it only when involved), `partners` or "
        "`published`.",
    )


class NeedUpdate(InputModel):
    party_id: uuid.UUID = unset()
    kind: NeedKind = unset()
    title: Name = unset()
    description: LongText = unset()
    counterpart_party_id: uuid.UUID | None = None
    status: NeedStatus = unset()
    visibility: NeedVisibility = unset()


class NeedRead(RecordRead):
    party_id: uuid.UUID
    kind: NeedKind
    title: str
    description: str
    counterpart_party_id: uuid.UUID | None
    status: NeedStatus
    visibility: Visibility
