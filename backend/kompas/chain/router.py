"""`GET /drivers/{driverId}/chain`: a driver shows everything that serves it."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter

from kompas.chain.schemas import DriverChain
from kompas.chain.service import chain_of
from kompas.core.db import SessionDep
from kompas.core.pagecache import kept
from kompas.core.principal import CurrentPrincipal
from kompas.core.routing import id_param

router = APIRouter()
DriverId = Annotated[uuid.UUID, id_param("driverId", "driver")]


@router.get("/drivers/{driverId}/chain", tags=["drivers"], response_model=DriverChain)
@kept
def read_driver_chain(
    driver_id: DriverId,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    """Everything that serves the driver: the traceable chain from the driver to questions, to
    agenda items, to successes. Each record once; a partner sees only what it may see."""
    return chain_of(session, principal, driver_id)
