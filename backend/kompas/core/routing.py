"""What every route shares: id path parameters, created/paged responses and their headers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from fastapi import Path, Request, Response

from kompas.core.concurrency import Versioned, set_etag
from kompas.core.listing import set_link_header

T = TypeVar("T")


def id_param(name: str, what: str) -> Any:
    """The metadata of a camelCase UUID path parameter, for an alias mypy reads as a type:
    ``DepartmentId = Annotated[uuid.UUID, id_param("departmentId", "department")]``."""
    return Path(alias=name, description=f"The id of the {what}.")


_HEADER = {"schema": {"type": "string"}}
ETAG_HEADER = {"ETag": {"description": "The version, for `If-Match` on a change.", **_HEADER}}
READ_ONE: dict[int | str, dict[str, Any]] = {200: {"headers": ETAG_HEADER}}
CREATED: dict[int | str, dict[str, Any]] = {
    201: {
        "description": "Created.",
        "headers": {"Location": {"description": "The new resource.", **_HEADER}, **ETAG_HEADER},
    }
}
LISTED: dict[int | str, dict[str, Any]] = {
    200: {"headers": {"Link": {"description": 'The next page, `rel="next"`.', **_HEADER}}}
}
DELETED: dict[int | str, dict[str, Any]] = {204: {"description": "Deleted."}}


def respond_one(response: Response, record: Versioned) -> Any:
    """A single resource with its ETag."""
    set_etag(response, record)
    return record


def respond_created(response: Response, request: Request, record: Any) -> Any:
    """201 with the new resource's ``Location`` and ``ETag``."""
    response.status_code = 201
    response.headers["Location"] = f"{request.url.path}/{record.id}"
    set_etag(response, record)
    return record


def respond_page(
    response: Response, request: Request, items: Sequence[T], next_cursor: str | None
) -> dict[str, Any]:
    """A page of a collection with its ``Link`` header."""
    set_link_header(response, request, next_cursor)
    return {"items": items, "nextCursor": next_cursor}
