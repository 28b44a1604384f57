"""Who may see and change what in the parties domain (docs/permissions.md)."""

from __future__ import annotations

import uuid
from typing import Annotated, TypeVar

from fastapi import Depends
from sqlalchemy import or_
from sqlmodel import col
from sqlmodel.sql.expression import SelectOfScalar

from kompas.core.errors import Forbidden
from kompas.core.principal import EDITORS, Principal, Role, require_roles
from kompas.core.properties import EVERY_WRITER, PropertyTable, publishing, writers
from kompas.core.visibility import SHARED_WITH_PARTNERS
from kompas.parties.models import Need, Person
from kompas.parties.schemas import (
    DepartmentCreate,
    DepartmentUpdate,
    NeedCreate,
    NeedUpdate,
    PartnerCreate,
    PartnerUpdate,
    PersonCreate,
    PersonUpdate,
)

T = TypeVar("T")

# Needs and offers are recorded by the parties themselves.
NeedWriter = Annotated[
    Principal, Depends(require_roles(Role.admin, Role.coordinator, Role.member, Role.partner))
]


def visible_people(statement: SelectOfScalar[T], principal: Principal) -> SelectOfScalar[T]:
    """A partner sees the people of its own party only; everyone else sees all."""
    if principal.role is Role.partner:
        return statement.where(Person.party_id == principal.party_id)
    return statement


def visible_needs(statement: SelectOfScalar[Need], principal: Principal) -> SelectOfScalar[Need]:
    """A partner sees needs shared with partners or involving its own party."""
    if principal.role is not Role.partner:
        return statement
    return statement.where(
        or_(
            col(Need.visibility).in_(SHARED_WITH_PARTNERS),
            col(Need.party_id) == principal.party_id,
            col(Need.counterpart_party_id) == principal.party_id,
        )
    )


def check_need_party(principal: Principal, party_id: uuid.UUID) -> None:
    """Coordinators record needs of any party; members and partners only of their own."""
    if principal.role in EDITORS:
        return
    if principal.party_id is None or party_id != principal.party_id:
        raise Forbidden("You can record and change needs and offers of your own party only.")


# --- who may change which property (core.properties) ------------------------------------------

_REGISTRY = "Admins and coordinators, who keep the registry."
for _schema in (
    DepartmentCreate,
    DepartmentUpdate,
    PartnerCreate,
    PartnerUpdate,
    PersonCreate,
    PersonUpdate,
):
    PropertyTable.only(_schema, frozenset(EDITORS), _REGISTRY)

_NEED_PARTY = writers("Admins and coordinators any party; members and partners their own only.")
_NEED_RULES = {
    "party_id": _NEED_PARTY,
    "kind": writers(),
    "title": writers(),
    "description": writers(),
    "counterpart_party_id": writers(),
    "status": writers(),
    "visibility": publishing(
        EVERY_WRITER, "Whoever may change the need; publishing (`published`) is staff's alone."
    ),
}
NEED_CREATE = PropertyTable(NeedCreate, writers=EVERY_WRITER, rules=dict(_NEED_RULES))
NEED_UPDATE = PropertyTable(NeedUpdate, writers=EVERY_WRITER, rules=dict(_NEED_RULES))
