"""API models of personal commitments."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import Field, StringConstraints

from kompas.core.schemas import ApiModel, Day, InputModel, RecordRead, ShortText

# What a person writes about themselves: a few paragraphs at most.
Words = Annotated[str, StringConstraints(max_length=2000)]


class CommitmentWrite(InputModel):
    """The whole commitment, as `PUT /commitments/mine` replaces it."""

    meaning: Words = Field(default="", description="What working together means to me.")
    contribution: Words = Field(default="", description="What I bring.")
    needs: Words = Field(default="", description="What I need from others.")
    step: ShortText = Field(default="", description="One concrete step I will take.")
    step_date: Day | None = Field(default=None, description="When I take that step.")
    shared: bool = Field(
        default=False,
        description="False (the default): only I read it. True: the staff of my organisation "
        "read it too (admins, coordinators, members and viewers; never partners).",
    )


class CommitmentRead(RecordRead):
    author_id: uuid.UUID = Field(description="The person whose commitment it is.")
    author_name: str
    party_id: uuid.UUID | None = Field(description="The author's department or partner, if any.")
    meaning: str
    contribution: str
    needs: str
    step: str
    step_date: date | None
    shared: bool
    mine: bool = Field(description="Whether it is the caller's own.")


class CommitmentExport(ApiModel):
    """Everything Kompas holds of a person's commitment, for them alone."""

    exported_at: datetime
    author_id: uuid.UUID
    author_name: str
    author_email: str
    commitment: CommitmentRead | None = Field(description="Null when you have made none.")


class PartyCount(ApiModel):
    party_id: uuid.UUID | None = Field(description="Null: people without a party.")
    party_name: str | None
    people: int = Field(description="How many people of this party made a commitment.")
    shared: int = Field(description="How many of them shared it.")


class CommitmentSummary(ApiModel):
    """Counts only: never who made one, nor what it says."""

    people: int = Field(description="How many people made a commitment.")
    shared: int = Field(description="How many of them shared it.")
    parties: list[PartyCount] = Field(
        description="Per party of the author, by party name; people without a party last."
    )
