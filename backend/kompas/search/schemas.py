"""API models of search."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from kompas.core.schemas import ApiModel

Kind = Literal["agenda-item", "question", "success", "meeting", "experience"]


class SearchResult(ApiModel):
    kind: Kind = Field(description="What was found.")
    id: uuid.UUID
    title: str
    snippet: str = Field(description="A short excerpt of the text, plain text.")
    score: float = Field(
        description="Relevance; higher is better. Comparable within one response only."
    )
    url: str = Field(description="The API path of the record, e.g. `/api/v1/questions/{id}`.")


class SearchResults(ApiModel):
    """The best matches, best first. Not paged: at most `limit` (≤ 50) results, and
    `nextCursor` is always null; refine `q` or `kinds` for others."""

    items: list[SearchResult]
    next_cursor: None = Field(description="Always null: search is not paged.")
