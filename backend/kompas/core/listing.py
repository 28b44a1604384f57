"""Collections: filters by field name, free-text search, sorting and cursor pagination.

Each domain declares a ``ListSpec``; ``list_query(spec)`` turns it into a dependency whose query
parameters appear in the OpenAPI spec, and ``paginate`` runs one query per page.

Keyset paging (docs/decisions/0008-signed-cursors-and-null-order.md): a null sorts after every
value, so last ascending and first descending, on SQLite and PostgreSQL alike; the id breaks ties.
A cursor carries the last record's sort values, signed for its collection and sort order.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import inspect
import json
import math
import re
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import Enum
from functools import lru_cache
from typing import Annotated, Any, TypeVar

from fastapi import Query, Request, Response
from sqlalchemy import BigInteger, ColumnElement, SmallInteger, and_, false, or_
from sqlalchemy.sql import Select
from sqlmodel import Session

from kompas.core.controlchars import NO_CONTROL
from kompas.core.errors import BadRequest, InvalidParam, refuse_unknown_query

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
RESERVED = ("limit", "cursor", "sort", "q")
# A cursor carries the last record's sort values: a 500-character title of emoji makes one of
# about 3,000 characters, of characters JSON escapes (control characters) about 4,200.
MAX_CURSOR_LENGTH = 6000
_CURSOR_CONTEXT = b"kompas/listing/cursor"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_INT64 = 2**63

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
    cursor_key: bytes = field(repr=False)  # signs and checks the cursors


def _sort_pattern(keys: Sequence[str]) -> str:
    """Comma-separated keys, each at most once: the lookahead refuses a key that comes again.

    ECMA-262 (the spec's dialect) and Python read it alike, and Hypothesis and Schemathesis
    generate from it."""
    alternatives = "|".join(keys)
    repeated = rf"(?:.*,)?-?({alternatives}),(?:.*,)?-?\1(?:,|$)"
    return rf"^(?!{repeated})-?(?:{alternatives})(?:,-?(?:{alternatives}))*$"


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


def list_query(spec: ListSpec) -> Callable[..., Awaitable[ListQuery]]:
    """A dependency that reads and checks the query of a list request for ``spec``."""
    sort_keys = list(spec.sortable)
    for column in [*spec.sortable.values(), spec.id_column]:
        _python_type(column)  # a column a cursor cannot carry fails at start-up, not on page 2
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
                    max_length=MAX_CURSOR_LENGTH,
                    description=(
                        "The `nextCursor` of the previous page, with the same `sort`; "
                        "any other cursor answers 400."
                    ),
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
                        f"Comma-separated sort keys, each at most once, `-` for descending. "
                        f"Keys: {', '.join(sort_keys)}. Default: `{spec.default_sort}`. "
                        "Ties are ordered by id; a missing (null) value sorts after every "
                        "value: last ascending, first descending."
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
                        pattern=NO_CONTROL,
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

    # async: it only reads the request, so it runs on the event loop, not in a worker thread.
    async def dependency(**values: Any) -> ListQuery:
        request: Request = values["request"]
        allowed = sorted(known - ({"q"} if not spec.searchable else set()))
        refuse_unknown_query(request.query_params, allowed, what="this collection")
        sort_text = spec.default_sort if values["sort"] is None else values["sort"]
        settings = request.app.state.settings
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
            cursor_key=_cursor_key(settings.signing_key),
        )

    dependency.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    dependency.__name__ = f"list_{spec.name}_query"
    return dependency


@lru_cache
def _cursor_key(signing_key: str) -> bytes:
    """The cursors' own key, derived from the app's secret: a cursor is never a token."""
    return hmac.new(signing_key.encode(), _CURSOR_CONTEXT, hashlib.sha256).digest()


def _signature(key: bytes, spec: ListSpec, query: ListQuery, payload: bytes) -> bytes:
    # Bound to the collection and the sort order: a cursor is valid for them alone.
    message = b"\0".join([spec.name.encode(), query.sort_text.encode(), payload])
    return hmac.new(key, message, hashlib.sha256).digest()


def _base64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unbase64(text: str) -> bytes:
    """Strict: only the URL-safe alphabet, no padding, and only the one spelling of the bytes."""
    if not _BASE64URL.fullmatch(text):
        raise ValueError("not base64url")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _base64(raw) != text:
        raise ValueError("not the canonical spelling")
    return raw


def _python_type(column: Any) -> type:
    python_type: type = column.type.python_type
    if python_type is object:  # SQLModel's AutoString
        return str
    if issubclass(python_type, Enum | bool | int | float | datetime | date | uuid.UUID | str):
        return python_type
    raise TypeError(f"A cursor cannot carry values of {column} ({python_type.__name__}).")


def _nullable(column: Any) -> bool:
    return bool(getattr(column, "nullable", True))


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):  # a datetime is a date too
        return value.isoformat()
    if isinstance(value, uuid.UUID | Enum):
        return str(value.value if isinstance(value, Enum) else value)
    return value


def _decode(value: Any, column: Any) -> Any:
    """``value`` as ``column`` holds it, or ValueError: exactly what ``_encode`` makes of one."""
    if value is None:
        if not _nullable(column):
            raise ValueError("null where none can be")
        return None
    python_type = _python_type(column)
    if python_type is bool or isinstance(value, bool):
        if python_type is not bool or not isinstance(value, bool):
            raise ValueError("not a boolean")
        return value
    if issubclass(python_type, Enum):  # before str: a StrEnum is a str
        if not isinstance(value, str):
            raise ValueError("not an enum value")
        return python_type(value)
    if python_type is int:
        # The column's own range: PostgreSQL compares with a cast to it, and refuses a larger one.
        bound = _int_bound(column)
        if not isinstance(value, int) or not -bound <= value < bound:
            raise ValueError("not an integer the column can hold")
        return value
    if python_type is float:
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError("not a finite number")
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a {python_type.__name__}")
    if python_type is datetime:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("naive datetime")
        return moment.astimezone(UTC)  # OverflowError when out of range in UTC
    if python_type is date:
        day = date.fromisoformat(value)
        if day.isoformat() != value:
            raise ValueError("not the canonical spelling")
        return day
    if python_type is uuid.UUID:
        identifier = uuid.UUID(value)
        if str(identifier) != value:
            raise ValueError("not the canonical spelling")
        return identifier
    if "\x00" in value:
        raise ValueError("NUL in text")
    value.encode("utf-8")  # UnicodeEncodeError for a lone surrogate
    return value


def _int_bound(column: Any) -> int:
    """The magnitude bound of an integer column: 16, 32 or 64 bits, as the database stores it."""
    if isinstance(column.type, BigInteger):
        return _INT64
    if isinstance(column.type, SmallInteger):
        return 2**15
    return 2**31


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


def _order_by(column: Any, descending: bool) -> Any:
    """The ORDER BY term; nulls placed explicitly, since SQLite's default is PostgreSQL's
    reverse."""
    term = column.desc() if descending else column.asc()
    if not _nullable(column):
        return term
    return term.nulls_first() if descending else term.nulls_last()


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
        values = _read_cursor(spec, query, order)
        statement = statement.where(_after(order, values))
        start = _start_at(*order[0], values[0])
        if start is not None:
            statement = statement.where(start)

    statement = statement.order_by(*(_order_by(column, desc) for column, desc in order)).limit(
        query.limit + 1
    )
    rows = list(session.exec(statement).all())  # type: ignore[call-overload]
    items = [row[0] if isinstance(row, tuple) else row for row in rows]
    if len(items) <= query.limit:
        return items, None
    items = items[: query.limit]
    last = items[-1]
    values = [_encode(getattr(last, column.key)) for column, _ in order]
    payload = json.dumps(values, separators=(",", ":"), ensure_ascii=False).encode()
    signature = _signature(query.cursor_key, spec, query, payload)
    return items, f"{_base64(payload)}.{_base64(signature)}"


def _read_cursor(spec: ListSpec, query: ListQuery, order: list[tuple[Any, bool]]) -> list[Any]:
    """The sort values of a cursor this server issued for this collection and sort order."""
    assert query.cursor is not None
    try:
        payload_text, _, signature_text = query.cursor.partition(".")
        payload, signature = _unbase64(payload_text), _unbase64(signature_text)
        if not hmac.compare_digest(signature, _signature(query.cursor_key, spec, query, payload)):
            raise ValueError("not signed for this collection and sort order")
        # Signed by us, so made by us; checked all the same, as a query parameter of our own.
        raw_values = json.loads(payload.decode("utf-8"))
        if not isinstance(raw_values, list) or len(raw_values) != len(order):
            raise ValueError("cursor of another shape")
        return [
            _decode(value, column) for value, (column, _) in zip(raw_values, order, strict=True)
        ]
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # binascii.Error, UnicodeError and json.JSONDecodeError are ValueErrors
        raise _invalid_cursor() from exc


def _after(order: list[tuple[Any, bool]], values: list[Any]) -> ColumnElement[bool]:
    """Rows strictly after ``values`` in ``order`` (keyset pagination), where a null sorts after
    every value. SQL compares nothing with null, so a null is spelled out on each side."""
    alternatives = []
    equal_before: list[ColumnElement[bool]] = []
    for (column, descending), value in zip(order, values, strict=True):
        beyond: ColumnElement[bool] | None
        if value is None:
            # Ascending, nothing comes after a null; descending, every value does.
            beyond = column.is_not(None) if descending else None
            equal = column.is_(None)
        else:
            beyond = column < value if descending else column > value
            if not descending and _nullable(column):
                beyond = or_(beyond, column.is_(None))
            equal = column == value
        if beyond is not None:
            alternatives.append(and_(*equal_before, beyond))
        equal_before.append(equal)
    return or_(*alternatives) if alternatives else false()


def _start_at(column: Any, descending: bool, value: Any) -> ColumnElement[bool] | None:
    """A bound on the first sort key alone that every row after the cursor meets: implied by
    ``_after``, but one the database can start an index scan at (an OR of conditions it cannot),
    so page k reads from the cursor on instead of every row before it. None where the rows after
    include nulls on both sides of ``value`` (ascending, nullable: they come last)."""
    if value is None:
        # Descending, the non-null values follow a null, and so do nulls with a later id.
        return None if descending else column.is_(None)
    if descending:
        return column <= value  # nulls sort first when descending: all before the cursor
    return None if _nullable(column) else column >= value


def set_link_header(response: Response, request: Request, next_cursor: str | None) -> None:
    """The RFC 8288 ``Link`` header pointing at the next page, when there is one."""
    if next_cursor:
        url = request.url.include_query_params(cursor=next_cursor)
        response.headers["Link"] = f'<{url}>; rel="next"'
