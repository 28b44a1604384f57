"""A lesson learned in the experience backpack (rugzak met ervaringen).

Its links to agenda items, questions and successes, and the parties involved, are rows of the
joint ``links`` table (``kompas.joint``); its tags are a JSON list of normalised words.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import JSON, Column, Index, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ColumnElement
from sqlalchemy.types import Boolean
from sqlmodel import Field

from kompas.core.db import enum_type
from kompas.core.models import TenantRecord
from kompas.core.visibility import Visibility


class Experience(TenantRecord, table=True):
    __tablename__ = "experiences"
    # The list's default order within an organisation: keyset pages read from the index.
    __table_args__ = (
        Index("ix_experiences_list", "organisation_id", "created_at"),
        # the dashboard's count per visibility and month: read from the index alone, a partner's
        # too (its rule tests the id against the experiences that name its party)
        Index("ix_experiences_dashboard", "organisation_id", "visibility", "created_at", "id"),
    )

    title: str = Field(max_length=200)
    situation: str = Field(default="", max_length=10_000, description="The situation.")
    what_was_done: str = Field(default="", max_length=10_000)
    what_was_learned: str = Field(default="", max_length=10_000)
    tip: str = Field(default="", max_length=2000, description="A tip for others.")
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    phase_id: uuid.UUID | None = Field(
        default=None, foreign_key="phases.id", index=True, ondelete="SET NULL"
    )
    # Who shared it: a user, or a partner's API token (its id and name), set by the server.
    author_id: uuid.UUID = Field(index=True)
    author_name: str = Field(max_length=200)
    visibility: Visibility = Field(
        default=Visibility.organisation, sa_type=enum_type(Visibility), index=True
    )


class HasTag(ColumnElement[bool]):
    """SQL: the JSON list ``column`` holds ``tag`` (json_each on SQLite, jsonb ``?`` on
    PostgreSQL), so that the tag filter is one condition on both databases."""

    inherit_cache = False
    type = Boolean()

    def __init__(self, column: Any, tag: str) -> None:
        self.column = column
        self.tag = tag


@compiles(HasTag, "sqlite")
def _has_tag_sqlite(element: HasTag, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    tag = compiler.process(_bound(element.tag), **kw)
    # Only the compiled column and a bound parameter are put into the text, never input.
    return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = {tag})"  # noqa: S608


@compiles(HasTag, "postgresql")
def _has_tag_postgresql(element: HasTag, compiler: SQLCompiler, **kw: Any) -> str:
    column = compiler.process(element.column, **kw)
    tag = compiler.process(_bound(element.tag), **kw)
    return f"(CAST({column} AS JSONB) ? {tag})"


def _bound(value: str) -> Any:
    return bindparam(None, value, unique=True)
