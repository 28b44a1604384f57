"""Who may change which property of a user (docs/permissions.md): admins manage users."""

from __future__ import annotations

from kompas.core.principal import Role
from kompas.core.properties import PropertyTable
from kompas.users.schemas import UserCreate, UserUpdate

ADMINS = frozenset({Role.admin})
for _schema in (UserCreate, UserUpdate):
    PropertyTable.only(_schema, ADMINS, "Admins (never their own admin role away).")
