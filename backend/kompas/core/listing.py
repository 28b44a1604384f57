"""Collections: filters by field name, free-text search, sorting and cursor pagination.

Each domain declares a ``ListSpec``; ``list_query(spec)`` turns it into a dependency whose query
parameters appear in the OpenAPI spec, and ``paginate`` runs one query per page.
"""

from __future__ import annotations

import base64
import binascii
import inspect
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Annotated, Any, TypeVar

from fastapi import Query, Request, Response
from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.sql import Select
from sqlmodel import Session

from kompas.core.errors import BadRequest, InvalidParam

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
RESERVED = ("limit", "cursor", "sort", "q")

T = TypeVar("T")


@dataclass(frozen=True)
class Filter:
    """A filter on one column; ``kind`` is the Python type of the query value.

    ``where`` builds the condition from the value instead, for a filter that is not one column's
    equality (a link to a party, a lower bound). ``column=None`` without ``where`` declares a
    filter the route applies itself (and removes from the query), e.g. one that needs settings."""

    column: Any
    kind: type
    description: str = ""
    where: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class ListSpec:
    """What a collection can be filtered, searched and sorted by (keys are camelCase)."""

    name: str
    id_column: Any
    sortable: dict[str, Any]
    default_sort: str
    filters: dict[str, Filter] = field(default_factory=dict)
    searchable: tuple[Any, ...] = ()


@dataclass(frozen=True)
class ListQuery:
    limit: int
    cursor: str | None
    sort: list[tuple[str, bool]]  # (key, descending)
    sort_text: str
    q: str | None
    filters: dict[str, Any]


def _sort_pattern(keys: Sequence[str]) -> str:
    alternatives = "|".join(keys)
    return rf"^-?({alternatives})(,-?({alternatives}))*$"


def _parse_sort(spec: ListSpec, text: str) -> list[tuple[str, bool]]:
    keys: list[tuple[str, bool]] = []
    for raw in text.split(","):
        descending = raw.startswith("-")
        key = raw[1:] if descending else raw
        if key not in spec.sortable:
            raise BadRequest(
                f"Cannot sort by '{key}'.",
                invalid_params=[
                    InvalidParam(
                        name="sort",
                        reason=f"Unknown sort key '{key}'; use one of: {', '.join(spec.sortable)}.",
                        code="unknown-sort-key",
                    )
                ],
            )
        if any(existing == key for existing, _ in keys):
            raise BadRequest(
                f"Sort key '{key}' appears twice.",
                invalid_params=[
                    InvalidParam(name="sort", reason=f"'{key}' appears twice.", code="duplicate")
                ],
            )
        keys.append((key, descending))
    return keys


def list_query(spec: ListSpec) -> Callable[..., ListQuery]:
    """A dependency that reads and checks the query of a list request for ``spec``."""
    sort_keys = list(spec.sortable)
    parameters = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter(
            "limit",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[
                int,
                Query(ge=1, le=MAX_LIMIT, description=f"Page size, 1–{MAX_LIMIT}."),
            ],
            default=DEFAULT_LIMIT,
        ),
        inspect.Parameter(
            "cursor",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[
                str | None,
                Query(
                    min_length=1,
                    max_length=2000,
                    description="The `nextCursor` of the previous page.",
                ),
            ],
            default=None,
        ),
        inspect.Parameter(
            "sort",
            inspect.Parameter.KEYWORD_ONLY,
            annotation=Annotated[
                str | None,
                Query(
                    min_length=1,
                    max_length=500,
                    description=(
                        f"Comma-separated sort keys, `-` for descending. Keys: "
                        f"{', '.join(sort_keys)}. Default: `{spec.default_sort}`."
                    ),
                    json_schema_extra={"pattern": _sort_pattern(sort_keys)},
                ),
            ],
            default=None,
        ),
    ]
    if spec.searchable:
        parameters.append(
            inspect.Parameter(
                "q",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[
                    str | None,
                    Query(
                        min_length=1,
                        max_length=200,
                        pattern=r"^[^\x00]*$",
                        description="Free text, matched case-insensitively.",
                    ),
                ],
                default=None,
            )
        )
    for key, flt in spec.filters.items():
        parameters.append(
            inspect.Parameter(
                f"filter_{key}",
                inspect.Parameter.KEYWORD_ONLY,
                annotation=Annotated[
                    flt.kind | None, Query(alias=key, description=flt.description or None)
                ],
                default=None,
            )
        )
    known = set(RESERVED) | set(spec.filters)

    def dependency(**values: Any) -> ListQuery:
        request: Request = values["request"]
        unknown = [key for key in request.query_params if key not in known]
        if not spec.searchable and "q" in request.query_params:
            unknown.append("q")
        if unknown:
            allowed = ", ".join(sorted(known - ({"q"} if not spec.searchable else set())))
            raise BadRequest(
                f"Unknown query parameter(s): {', '.join(unknown)}.",
                invalid_params=[
                    InvalidParam(
                        name=key,
                        reason=f"Unknown query parameter; this collection knows: {allowed}.",
                        code="unknown-parameter",
                    )
                    for key in unknown
                ],
            )
        sort_text = spec.default_sort if values["sort"] is None else values["sort"]
        return ListQuery(
            limit=values["limit"],
            cursor=values["cursor"],
            sort=_parse_sort(spec, sort_text),
            sort_text=sort_text,
            q=values.get("q"),
            filters={
                key: values[f"filter_{key}"]
                for key in spec.filters
                if values[f"filter_{key}"] is not None
            },
        )

    dependency.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    dependency.__name__ = f"list_{spec.name}_query"
    return dependency


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):  # a datetime is a date too
        return value.isoformat()
    if isinstance(value, uuid.UUID | Enum):
        return str(value.value if isinstance(value, Enum) else value)
    return value


def _decode(value: Any, column: Any) -> Any:
    python_type = column.type.python_type
    if value is None:
        return None
    if python_type is datetime:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("naive datetime")
        return moment
    if python_type is date:
        if not isinstance(value, str):
            raise ValueError("not a date")
        return date.fromisoformat(value)
    if python_type is uuid.UUID:
        return uuid.UUID(value)
    if python_type is bool:
        if not isinstance(value, bool):
            raise ValueError("not a boolean")
        return value
    if python_type is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError("not an integer")
        return value
    if not isinstance(value, str):
        raise ValueError("not a string")
    return value


def _invalid_cursor() -> BadRequest:
    return BadRequest(
        "The cursor is not valid for this collection and sort order.",
        invalid_params=[
            InvalidParam(
                name="cursor",
                reason="Not a cursor of this collection and sort order; start again without one.",
                code="invalid-cursor",
            )
        ],
    )


def paginate(
    session: Session, statement: Select[Any], spec: ListSpec, query: ListQuery
) -> tuple[list[Any], str | None]:
    """One page of ``statement`` (already scoped to the tenant) and the cursor of the next page."""
    order: list[tuple[Any, bool]] = [(spec.sortable[key], desc) for key, desc in query.sort]
    if not any(column is spec.id_column for column, _ in order):
        order.append((spec.id_column, False))

    for key, value in query.filters.items():
        flt = spec.filters[key]
        if flt.where is not None:
            statement = statement.where(flt.where(value))
        elif flt.column is None:  # a filter only its route can apply (e.g. `stalled`)
            raise RuntimeError(f"The route must apply the filter '{key}' itself.")
        else:
            statement = statement.where(flt.column == value)
    if query.q and spec.searchable:
        statement = statement.where(
            or_(*(column.icontains(query.q, autoescape=True) for column in spec.searchable))
        )

    if query.cursor:
        statement = statement.where(_after(order, _read_cursor(query, order)))

    statement = statement.order_by(
        *(column.desc() if desc else column.asc() for column, desc in order)
    ).limit(query.limit + 1)
    rows = list(session.exec(statement).all())  # type: ignore[call-overload]
    items = [row[0] if isinstance(row, tuple) else row for row in rows]
    if len(items) <= query.limit:
        return items, None
    items = items[: query.limit]
    last = items[-1]
    values = [_encode(getattr(last, column.key)) for column, _ in order]
    payload = json.dumps({"s": query.sort_text, "v": values}, separators=(",", ":"))
    return items, base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _read_cursor(query: ListQuery, order: list[tuple[Any, bool]]) -> list[Any]:
    assert query.cursor is not None
    try:
        padded = query.cursor + "=" * (-len(query.cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if not isinstance(payload, dict) or payload.get("s") != query.sort_text:
            raise ValueError("cursor of another sort order")
        raw_values = payload["v"]
        if not isinstance(raw_values, list) or len(raw_values) != len(order):
            raise ValueError("cursor of another shape")
        return [
            _decode(value, column) for value, (column, _) in zip(raw_values, order, strict=True)
        ]
    except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error) as exc:
        raise _invalid_cursor() from exc


def _after(order: list[tuple[Any, bool]], values: list[Any]) -> ColumnElement[bool]:
    """Rows strictly after ``values`` in ``order`` (keyset pagination)."""
    alternatives = []
    for i, (column, descending) in enumerate(order):
        equal_before = [order[j][0] == values[j] for j in range(i)]
        beyond = column < values[i] if descending else column > values[i]
        alternatives.append(and_(*equal_before, beyond))
    return or_(*alternatives)


def set_link_header(response: Response, request: Request, next_cursor: str | None) -> None:
    """The RFC 8288 ``Link`` header pointing at the next page, when there is one."""
    if next_cursor:
        url = request.url.include_query_params(cursor=next_cursor)
        response.headers["Link"] = f'<{url}>; rel="next"'
