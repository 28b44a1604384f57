"""Who may see and change what in role maps (docs/permissions.md)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends
from sqlalchemy import exists
from sqlmodel import col
from sqlmodel.sql.expression import SelectOfScalar

from kompas.core.errors import Forbidden
from kompas.core.principal import EDITORS, Principal, Role, require_roles
from kompas.core.properties import EVERY_WRITER, PropertyTable, writers
from kompas.rolemaps.models import AGREED, RoleMap, RoleMapParty
from kompas.rolemaps.schemas import (
    PerspectiveWrite,
    RoleMapCreate,
    RoleMapUpdate,
    SnapshotCreate,
    TaskCreate,
    TaskUpdate,
)

# Views are given by the parties themselves; viewers only read.
ViewWriter = Annotated[
    Principal, Depends(require_roles(Role.admin, Role.coordinator, Role.member, Role.partner))
]


def visible_maps(
    statement: SelectOfScalar[RoleMap], principal: Principal
) -> SelectOfScalar[RoleMap]:
    """A partner sees the maps its party takes part in; everyone else sees all."""
    if principal.role is not Role.partner:
        return statement
    takes_part = exists().where(
        col(RoleMapParty.role_map_id) == RoleMap.id,
        col(RoleMapParty.party_id) == principal.party_id,
    )
    return statement.where(takes_part)


def check_may_speak_for(principal: Principal, perspective: str) -> None:
    """Coordinators set the agreed view (and may enter any party's); a party gives its own."""
    if principal.role in EDITORS:
        return
    if perspective == AGREED:
        raise Forbidden("Only coordinators and admins set the agreed view.")
    if principal.role in (Role.member, Role.partner) and principal.party_id == uuid.UUID(
        perspective
    ):
        return
    raise Forbidden("You can give your own party's view only.")


# --- who may change which property (core.properties) ------------------------------------------

for _schema in (RoleMapCreate, RoleMapUpdate, TaskCreate, TaskUpdate, SnapshotCreate):
    PropertyTable.only(_schema, frozenset(EDITORS), "Admins and coordinators, who run the map.")

PERSPECTIVE = PropertyTable(
    PerspectiveWrite,
    writers=EVERY_WRITER,
    rules={
        "assignments": writers(
            "A party's member or partner its own view; admins and coordinators any view and the "
            "agreed one (check_may_speak_for)."
        )
    },
)
