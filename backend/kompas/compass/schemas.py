"""API models of the compass: purpose, drivers, phases, work formats."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from kompas.core.schemas import (
    ApiModel,
    InputModel,
    LongText,
    Name,
    Position,
    RecordRead,
    no_control_characters,
    unset,
)


class PurposeWrite(InputModel):
    statement: Annotated[
        str, StringConstraints(max_length=2000), AfterValidator(no_control_characters)
    ]
    explanation: LongText = ""


class PurposeRead(ApiModel):
    statement: str
    explanation: str
    updated_at: datetime


class DriverCreate(InputModel):
    title: Name
    description: LongText = ""
    position: Position | None = Field(default=None, description="Omitted: after the last one.")


class DriverUpdate(InputModel):
    title: Name = unset()
    description: LongText = unset()
    position: Position = unset()


class DriverRead(RecordRead):
    title: str
    description: str
    position: int


class PhaseCreate(InputModel):
    name: Name
    description: LongText = ""
    position: Position | None = Field(default=None, description="Omitted: after the last one.")


class PhaseUpdate(InputModel):
    name: Name = unset()
    description: LongText = unset()
    position: Position = unset()


class PhaseRead(RecordRead):
    name: str
    description: str
    position: int


class WorkFormatCreate(InputModel):
    name: Name
    description: LongText = ""


class WorkFormatUpdate(InputModel):
    name: Name = unset()
    description: LongText = unset()


class WorkFormatRead(RecordRead):
    name: str
    description: str
