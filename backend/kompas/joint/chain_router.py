"""`GET /drivers/{driverId}/chain`: a driver shows everything that serves it."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter
from pydantic import Field

from kompas.agenda.models import AgendaStatus
from kompas.core.db import SessionDep
from kompas.core.principal import CurrentPrincipal
from kompas.core.routing import id_path
from kompas.core.schemas import ApiModel
from kompas.joint.chain import chain_of
from kompas.questions.models import QuestionStatus

router = APIRouter()
DriverId = id_path("driverId", "driver")


class ChainQuestion(ApiModel):
    id: uuid.UUID
    title: str
    status: QuestionStatus


class ChainAgendaItem(ApiModel):
    id: uuid.UUID
    title: str
    status: AgendaStatus
    ball_holder_id: uuid.UUID


class ChainSuccess(ApiModel):
    id: uuid.UUID
    title: str
    achieved_on: date


class DriverChain(ApiModel):
    driver_id: uuid.UUID
    questions: list[ChainQuestion] = Field(description="Questions that serve the driver.")
    agenda_items: list[ChainAgendaItem] = Field(
        description="Agenda items that serve it, directly or through one of those questions."
    )
    successes: list[ChainSuccess] = Field(
        description="Successes linked to the driver, or to one of those questions or items."
    )


@router.get("/drivers/{driverId}/chain", tags=["drivers"], response_model=DriverChain)
def read_driver_chain(
    driver_id: DriverId,  # type: ignore[valid-type]
    session: SessionDep,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    """Everything that serves the driver: the traceable chain from the driver to questions, to
    agenda items, to successes. Each record once; a partner sees only what it may see."""
    return chain_of(session, principal, driver_id)
