"""Which tables an export holds, which of their columns, and how each value is written and read.

Every table of the metadata is decided here, with the reason (``KINDS``); a table that is not
fails ``tests/transfer/test_kinds.py`` and is left out of exports until it is. A kind is a table:
its file is ``<table>.ndjson``, one JSON object per row with every exported column under the
column's own name. The import accepts exactly what an export writes (``decode`` refuses any value
that ``encode`` would not give back byte for byte), so export → import → export is identical.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Column, Date, Float, Integer, String, Table, Uuid
from sqlalchemy import Enum as SAEnum
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.types import TypeDecorator

import kompas.models  # noqa: F401 - every table in the metadata, whoever imports this
from kompas.core.db import UTCDateTime, metadata


@dataclass(frozen=True)
class Kind:
    """What an export does with one table."""

    exported: bool
    why: str
    # How a row belongs to the organisation when the table has no ``organisation_id``: a column
    # and the tenant table it points to (the invited parties of a round: ``round_id``).
    via: tuple[str, str] | None = None


def _out(why: str) -> Kind:
    return Kind(exported=False, why=why)


def _in(why: str, via: tuple[str, str] | None = None) -> Kind:
    return Kind(exported=True, why=why, via=via)


KINDS: dict[str, Kind] = {
    "organisations": _in("the organisation itself: its id and name"),
    # content of the organisation
    "audit_events": _in("the audit trail is the organisation's record; secrets redacted"),
    "drivers": _in("compass"),
    "phases": _in("compass"),
    "purposes": _in("compass"),
    "work_formats": _in("compass"),
    "parties": _in("registry"),
    "people": _in("registry"),
    "needs": _in("registry"),
    "users": _in("accounts, without password hash: a restored user resets or signs in by OIDC"),
    "links": _in("joint work"),
    "participations": _in("joint work"),
    "handoffs": _in("joint work"),
    "status_changes": _in("joint work"),
    "agenda_items": _in("feature"),
    "questions": _in("feature"),
    "contributions": _in("feature"),
    "successes": _in("feature"),
    "endorsements": _in("feature"),
    "meetings": _in("feature"),
    "experiences": _in("feature"),
    "role_maps": _in("feature"),
    "role_map_parties": _in("feature"),
    "role_map_tasks": _in("feature"),
    "role_assignments": _in("feature"),
    "role_map_snapshots": _in("feature"),
    "commitments": _in("only shared ones: a private commitment belongs to its person"),
    "reflection_rounds": _in("the rounds, their statements and questions"),
    "reflection_round_parties": _in(
        "the parties invited to a round", via=("round_id", "reflection_rounds")
    ),
    # never exported
    "reflection_answers": _out(
        "anonymous answers: a file outside Kompas shows groups below k and, between two "
        "nightly exports, what one person answered (docs/export.md)"
    ),
    "reflection_respondents": _out(
        "who answered a round: the response per person that Kompas never shows (docs/export.md)"
    ),
    "api_tokens": _out("credentials: a token without its hash cannot work; issue new ones"),
    "refresh_tokens": _out("sessions: credentials, and bookkeeping of one login"),
    "revoked_access_tokens": _out("sessions: bookkeeping until a token expires"),
    "idempotency_keys": _out("per-request bookkeeping (24 h); its stored responses hold secrets"),
    "rate_limit_counters": _out("per-request bookkeeping of abuse limits, not per organisation"),
    "data_versions": _out("a count of changes kept by each installation; an import starts anew"),
    "webhook_subscriptions": _out(
        "its secret cannot leave Kompas, and without it a subscription cannot sign; partner "
        "subscriptions also hang on API tokens: subscribers subscribe again after a restore"
    ),
    "outbox_events": _out("the delivery queue of webhooks: sent by the installation it was"),
    "webhook_deliveries": _out("delivery bookkeeping of webhooks"),
    "webhook_attempts": _out("delivery bookkeeping of webhooks"),
}

# A column whose name says it holds a secret is never exported, whatever its table.
SECRET_COLUMN = re.compile(r"secret|_hash$|^hash$", re.IGNORECASE)
# Keys of an audit event's ``changes`` that name such a column (camelCase, as the trail writes).
SECRET_CHANGE = re.compile(r"secret|Hash$|^hash$", re.IGNORECASE)
# Rows of an exported table that stay out (the table's column, and the value to keep).
ROW_FILTERS: dict[str, tuple[str, Any]] = {"commitments": ("shared", True)}


def undecided_tables() -> list[str]:
    """Tables of the metadata that ``KINDS`` does not decide (the test fails on any)."""
    return sorted(set(metadata.tables) - set(KINDS))


def exported_tables() -> list[Table]:
    """The exported tables, in an order that satisfies every foreign key on import."""
    return [t for t in metadata.sorted_tables if KINDS.get(t.name, _out("")).exported]


def exported_columns(table: Table) -> list[Column[Any]]:
    """The columns of ``table`` an export writes: all but the secret ones."""
    return [c for c in table.columns if not SECRET_COLUMN.search(c.name)]


def tenant_clause(table: Table, organisation_id: uuid.UUID) -> ColumnElement[bool]:
    """The rows of ``table`` that belong to the organisation."""
    if table.name == "organisations":
        return table.c.id == organisation_id
    if "organisation_id" in table.c:
        return table.c.organisation_id == organisation_id
    via = KINDS[table.name].via
    if via is None:
        raise LookupError(f"{table.name} has no organisation_id and no declared way to it")
    column, parent_name = via
    parent = metadata.tables[parent_name]
    owned = (
        parent.select().with_only_columns(parent.c.id).where(tenant_clause(parent, organisation_id))
    )
    return table.c[column].in_(owned)


def row_clause(table: Table) -> ColumnElement[bool] | None:
    """The rows of an exported table that stay out, as a condition on those that go in."""
    found = ROW_FILTERS.get(table.name)
    if found is None:
        return None
    column, value = found
    return table.c[column] == value


# --- values ---------------------------------------------------------------------------------


class InvalidValue(ValueError):
    """A value an export would not have written."""


def _redacted_changes(changes: Any) -> Any:
    if not isinstance(changes, dict):
        return changes
    return {
        key: {"changed": True} if SECRET_CHANGE.search(key) else value
        for key, value in changes.items()
    }


def _type(column: Column[Any]) -> Any:
    """The column's type, through decorators such as SQLModel's AutoString (not UTCDateTime)."""
    kind = column.type
    while isinstance(kind, TypeDecorator) and not isinstance(kind, UTCDateTime):
        kind = kind.impl_instance
    return kind


def encode(table: Table, column: Column[Any], value: Any) -> Any:
    """The JSON value of one column of a row as an export writes it."""
    if value is None:
        return None
    kind = _type(column)
    if isinstance(kind, Uuid):
        return str(value)
    if isinstance(kind, UTCDateTime):
        return value.astimezone(UTC).isoformat()
    if isinstance(kind, Date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(kind, JSON):
        if table.name == "audit_events" and column.name == "changes":
            return _redacted_changes(value)
        return value
    if isinstance(kind, Boolean | Integer | Float | String):
        return value
    raise TypeError(f"{table.name}.{column.name}: no export rule for {kind!r}")


def _check_text(value: str) -> str:
    if "\x00" in value:
        raise InvalidValue("holds a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidValue("is not valid Unicode text") from exc
    return value


def _check_json(value: Any) -> None:
    if isinstance(value, str):
        _check_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_json(item)
    elif isinstance(value, list):
        for item in value:
            _check_json(item)
    elif isinstance(value, float) and not math.isfinite(value):
        raise InvalidValue("holds a number JSON cannot write")


_INT_RANGE = {Integer: 2**31, BigInteger: 2**63}


def _decode(column: Column[Any], value: Any) -> Any:
    kind = _type(column)
    if isinstance(kind, Uuid):
        if not isinstance(value, str):
            raise InvalidValue("must be a UUID string")
        try:
            return uuid.UUID(value)
        except ValueError as exc:
            raise InvalidValue("must be a UUID string") from exc
    if isinstance(kind, UTCDateTime):
        if not isinstance(value, str):
            raise InvalidValue("must be an ISO 8601 date-time with offset")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError as exc:
            raise InvalidValue("must be an ISO 8601 date-time with offset") from exc
        if moment.tzinfo is None:
            raise InvalidValue("must be an ISO 8601 date-time with offset")
        return moment
    if isinstance(kind, Date):
        if not isinstance(value, str):
            raise InvalidValue("must be an ISO 8601 date")
        try:
            return date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidValue("must be an ISO 8601 date") from exc
    if isinstance(kind, SAEnum):
        if kind.enum_class is None or not isinstance(value, str):
            raise InvalidValue("must be one of the known values")
        try:
            return kind.enum_class(value)
        except ValueError as exc:
            raise InvalidValue("must be one of the known values") from exc
    if isinstance(kind, JSON):
        _check_json(value)
        return value
    if isinstance(kind, Boolean):
        if not isinstance(value, bool):
            raise InvalidValue("must be true or false")
        return value
    if isinstance(kind, Integer):
        limit = next((n for t, n in _INT_RANGE.items() if type(kind) is t), 2**31)
        if isinstance(value, bool) or not isinstance(value, int) or not -limit <= value < limit:
            raise InvalidValue("must be a whole number in range")
        return value
    if isinstance(kind, Float):
        if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
            raise InvalidValue("must be a decimal number")
        return value
    if isinstance(kind, String):
        if not isinstance(value, str):
            raise InvalidValue("must be text")
        _check_text(value)
        if kind.length is not None and len(value) > kind.length:
            raise InvalidValue(f"is longer than {kind.length} characters")
        return value
    raise InvalidValue(f"has a type the import does not know ({kind!r})")


def _canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def decode(table: Table, column: Column[Any], value: Any) -> Any:
    """The Python value for one column, from the JSON value an export wrote; ``InvalidValue``
    for anything else (the wrong type, a value out of range, or not in the form an export
    writes, e.g. a date-time in another time zone)."""
    if value is None:
        if not column.nullable:
            raise InvalidValue("must not be null")
        return None
    decoded = _decode(column, value)
    if _canonical(encode(table, column, decoded)) != _canonical(value):
        raise InvalidValue("is not written as an export writes it")
    return decoded


def encode_row(table: Table, columns: list[Column[Any]], row: Any) -> bytes:
    """One NDJSON line (with its newline) for a database row."""
    document = {c.name: encode(table, c, row[i]) for i, c in enumerate(columns)}
    return (_canonical(document) + "\n").encode("utf-8")
