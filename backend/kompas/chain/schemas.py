"""API models of the chain: a driver and what serves it."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import Field

from kompas.agenda.models import AgendaStatus
from kompas.core.schemas import ApiModel
from kompas.questions.models import QuestionStatus


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
