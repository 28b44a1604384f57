"""What every route shares: id path parameters, created/paged responses and their headers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from fastapi import FastAPI, Path, Request, Response
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

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


def index_routes(api: FastAPI) -> None:
    """Let each included router be skipped at once when a request's first path segment is none
    of its routes' (``/agenda-items/…`` never reaches the users router's regular expressions).

    The framework tries the routers in order and each of its routes' patterns in turn: about 90
    pattern matches for a path served late in the list, some 8 % of a list request's Python
    calls. The index changes which routers are asked, not what a router answers: a router whose
    routes do not all start with a fixed segment (or that was included with a prefix) is always
    asked, and a path's 405 still comes from the router holding its other methods, since they
    share the first segment. Call it after every router is included.
    """
    for route in api.router.routes:
        context = getattr(route, "include_context", None)
        original = getattr(route, "original_router", None)
        if context is None or original is None or context.prefix or not hasattr(route, "__dict__"):
            continue
        firsts = _first_segments(original.routes)
        if firsts:
            route.matches = _asked_only_for(route.matches, firsts)  # type: ignore[method-assign,assignment]


def _first_segments(routes: Sequence[BaseRoute]) -> frozenset[str] | None:
    """The fixed first path segments of ``routes``; None if any route's first is not fixed."""
    firsts = set()
    for route in routes:
        path = getattr(route, "path", None)
        first = path.lstrip("/").split("/", 1)[0] if isinstance(path, str) else ""
        if not first or "{" in first:
            return None
        firsts.add(first)
    return frozenset(firsts)


def _asked_only_for(
    matches: Callable[[Scope], tuple[Match, Scope]], firsts: frozenset[str]
) -> Callable[[Scope], tuple[Match, Scope]]:
    def prefiltered(scope: Scope) -> tuple[Match, Scope]:
        path, root = scope.get("path", ""), scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        if path.lstrip("/").split("/", 1)[0] not in firsts:
            return Match.NONE, {}
        return matches(scope)

    return prefiltered
