"""API models of the experience backpack: lessons learned, shared and published."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, StringConstraints

from kompas.core.schemas import (
    NAME_PATTERN,
    TRIM,
    InputModel,
    LongText,
    Name,
    RecordRead,
    no_control_characters,
    unset,
)
from kompas.core.visibility import Visibility
from kompas.joint.schemas import MAX_LINKS

MAX_TAGS = 20
MAX_TAG_LENGTH = 40

# An experience is shared at least with the organisation, never private to its author.
SharedVisibility = Literal[Visibility.organisation, Visibility.partners, Visibility.published]
IdList = Annotated[list[uuid.UUID], Field(max_length=MAX_LINKS)]


def _visible_line(value: str) -> str:
    if not value.strip() or "\n" in value or "\r" in value or "\t" in value:
        raise ValueError("must be one line with at least one visible character")
    return no_control_characters(value)


# One short line, trimmed after the length check (as `Name` is).
Tag = Annotated[
    str,
    StringConstraints(min_length=1, max_length=MAX_TAG_LENGTH),
    TRIM,
    AfterValidator(_visible_line),
    Field(json_schema_extra={"pattern": NAME_PATTERN}),
]


def _normalised(tags: list[str]) -> list[str]:
    """Trimmed (by ``Tag``), lower case, each once, in the order first given."""
    return list(dict.fromkeys(" ".join(tag.split()).lower() for tag in tags))


Tags = Annotated[
    list[Tag],
    Field(
        max_length=MAX_TAGS,
        description=f"Short words to find it by, at most {MAX_TAGS}; stored trimmed, in lower "
        "case and each once.",
    ),
    AfterValidator(_normalised),
]
Tip = Annotated[
    str,
    StringConstraints(max_length=2000),
    AfterValidator(no_control_characters),
    Field(description="A tip for others."),
]

_VISIBILITY = (
    "`organisation` (partners see it only when their party is involved), `partners` (every "
    "partner too) or `published` (also the intranet feeds and widget; admins, coordinators and "
    "members only)."
)


class ExperienceCreate(InputModel):
    title: Name
    situation: LongText = Field(default="", description="The situation it happened in.")
    what_was_done: LongText = Field(default="", description="What was done.")
    what_was_learned: LongText = Field(default="", description="What was learned.")
    tip: Tip = ""
    tags: Tags = Field(default_factory=list)
    phase_id: uuid.UUID | None = Field(default=None, description="The compass phase it belongs to.")
    visibility: SharedVisibility = Field(default=Visibility.organisation, description=_VISIBILITY)
    party_ids: IdList = Field(default_factory=list, description="The parties involved.")
    agenda_item_ids: IdList = Field(default_factory=list, description="Agenda items it came from.")
    question_ids: IdList = Field(default_factory=list, description="Questions it relates to.")
    success_ids: IdList = Field(default_factory=list, description="Successes it relates to.")


class ExperienceUpdate(InputModel):
    title: Name = unset()
    situation: LongText = unset()
    what_was_done: LongText = unset()
    what_was_learned: LongText = unset()
    tip: Tip = unset()
    tags: Tags = unset()
    phase_id: uuid.UUID | None = None
    visibility: SharedVisibility = unset(description=_VISIBILITY)
    party_ids: IdList = unset()
    agenda_item_ids: IdList = unset()
    question_ids: IdList = unset()
    success_ids: IdList = unset()


class ExperienceRead(RecordRead):
    title: str
    situation: str
    what_was_done: str
    what_was_learned: str
    tip: str
    tags: list[str]
    phase_id: uuid.UUID | None
    visibility: Visibility
    author_id: uuid.UUID = Field(description="Who shared it: a user, or a partner's API token.")
    author_name: str = Field(description="The name of who shared it.")
    party_ids: list[uuid.UUID]
    agenda_item_ids: list[uuid.UUID]
    question_ids: list[uuid.UUID]
    success_ids: list[uuid.UUID]
