"""Who may change which property of the compass (docs/permissions.md): the core team keeps it."""

from __future__ import annotations

from kompas.compass.schemas import (
    DriverCreate,
    DriverUpdate,
    PhaseCreate,
    PhaseUpdate,
    PurposeWrite,
    WorkFormatCreate,
    WorkFormatUpdate,
)
from kompas.core.properties import EDITORS, PropertyTable

for _schema in (
    PurposeWrite,
    DriverCreate,
    DriverUpdate,
    PhaseCreate,
    PhaseUpdate,
    WorkFormatCreate,
    WorkFormatUpdate,
):
    PropertyTable.only(_schema, EDITORS, "Admins and coordinators, who keep the compass.")
