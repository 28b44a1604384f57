"""Who may change which property of a partner API token (docs/permissions.md)."""

from __future__ import annotations

from kompas.core.properties import EDITORS, PropertyTable
from kompas.tokens.schemas import ApiTokenCreate

PropertyTable.only(ApiTokenCreate, EDITORS, "Admins and coordinators, who issue tokens.")
