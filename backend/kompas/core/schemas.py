"""Building blocks for API models: camelCase on the wire, bounded text, UTC date-times."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    EmailStr,
    Field,
    GetJsonSchemaHandler,
    StrictInt,
    StringConstraints,
    create_model,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from kompas.core.controlchars import CONTROL, CONTROL_IN_TEXT, NO_CONTROL_IN_TEXT

# Control characters (core.controlchars): PostgreSQL refuses NUL in text where SQLite would store
# it, and none belongs in a name. Text that may span lines keeps TAB, LF and CR; a name or label
# is one line, whose surrounding white space (TAB and line breaks too) is trimmed first, as
# pydantic trims: Unicode White_Space. Each type's validator and its spec `pattern` say the same.
_TRIMMED = r"\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
LINE_PATTERN = f"^[{_TRIMMED}]*[^{CONTROL}]*[{_TRIMMED}]*$"
# A name: one line, with at least one character that is neither control nor white space.
NAME_PATTERN = f"^[{_TRIMMED}]*[^{CONTROL}{_TRIMMED}][^{CONTROL}]*[{_TRIMMED}]*$"
TEXT_PATTERN = NO_CONTROL_IN_TEXT
# Text on several lines of a field that is trimmed (a question), as the body rule declares it.
TRIMMED_TEXT_PATTERN = f"^[{_TRIMMED}]*[^{CONTROL_IN_TEXT}]*[{_TRIMMED}]*$"
_CONTROL_IN_LINE = re.compile(f"[{CONTROL}]")
_CONTROL_IN_TEXT = re.compile(f"[{CONTROL_IN_TEXT}]")


def no_control_characters(value: str) -> str:
    """Refuses control characters in text on several lines: TAB, LF and CR may stay."""
    if _CONTROL_IN_TEXT.search(value):
        raise PydanticCustomError(
            "control-character",
            "must not contain control characters (U+0000–U+001F, U+007F) but tab and line breaks",
        )
    return value


_ENDS = re.compile(f"^[{_TRIMMED}]+|[{_TRIMMED}]+$")


def _trim(value: str) -> str:
    # After the length check: `maxLength` in the spec counts what was sent, white space included.
    return _ENDS.sub("", value)


# Takes the white space off both ends (what pydantic's strip_whitespace takes, but after
# maxLength is checked: with strip_whitespace, 201 characters of which one a leading space passed).
TRIM = AfterValidator(_trim)


def _one_line(value: str) -> str:
    if _CONTROL_IN_LINE.search(value):
        raise PydanticCustomError(
            "control-character",
            "must be one line without control characters (U+0000–U+001F, U+007F)",
        )
    return value


def _visible(value: str) -> str:
    _one_line(value)
    if not value.strip():
        raise ValueError("must contain at least one visible character")
    return value


@dataclass(frozen=True)
class _Pattern:
    """The spec `pattern` of what a validator checks (pydantic's own pattern check would quote
    the regular expression to the client as its reason)."""

    pattern: str

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(core_schema)
        json_schema["pattern"] = self.pattern
        return json_schema


Name = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200),
    TRIM,
    AfterValidator(_visible),
    _Pattern(NAME_PATTERN),
]
# A short optional label (a theme, a cluster); may be empty.
Label = Annotated[
    str,
    StringConstraints(max_length=200),
    TRIM,
    AfterValidator(_one_line),
    _Pattern(LINE_PATTERN),
]
# One line, as it is (not trimmed): a password, a secret.
OneLine = Annotated[str, AfterValidator(_one_line), _Pattern(f"^[^{CONTROL}]*$")]
ShortText = Annotated[
    str,
    StringConstraints(max_length=500),
    AfterValidator(no_control_characters),
    _Pattern(TEXT_PATTERN),
]
LongText = Annotated[
    str,
    StringConstraints(max_length=10_000),
    AfterValidator(no_control_characters),
    _Pattern(TEXT_PATTERN),
]
Phone = Annotated[str, StringConstraints(max_length=40, pattern=r"^[0-9+()\- ]{0,40}$")]
Url = Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://[^\s\x00-\x1f\x7f]+$")]


_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _rfc3339_text(value: Any) -> Any:
    # Lax mode would read 12345, or "0.5", as a Unix time; a moment is sent as RFC 3339 text.
    if isinstance(value, datetime) or (isinstance(value, str) and _DATE_TIME.match(value)):
        return value
    raise ValueError("must be an RFC 3339 date-time string with an offset")


def _full_date_text(value: Any) -> Any:
    # Lax mode would read 0 as 1970-01-01; a date is sent as RFC 3339 `full-date` text.
    if isinstance(value, date) or (isinstance(value, str) and _FULL_DATE.match(value)):
        return value
    raise ValueError("must be a date as YYYY-MM-DD, e.g. 2027-03-01")


# RFC 3339 with an offset, e.g. 2027-01-31T17:00:00+01:00 (answered in UTC with Z).
# Kept in UTC from the start, so that every answer gives it with "Z".
Moment = Annotated[
    AwareDatetime, BeforeValidator(_rfc3339_text), AfterValidator(lambda d: d.astimezone(UTC))
]
# A calendar date, RFC 3339 `full-date` (2027-03-01).
Day = Annotated[date, BeforeValidator(_full_date_text)]


def _whole_number(value: Any) -> Any:
    # JSON Schema counts 847.0 as an integer, so the spec allows it; strict mode alone would not.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Every integer field of a request body is `Annotated[StrictInt, Field(…), WHOLE_FLOAT_AS_INT]`:
# an integer as JSON Schema means it, 847 or 847.0. Strict otherwise: JSON `true` is not 1 (lax
# mode would read it so), nor is "847"; 847.5 is no integer either way. Last, after the bounds:
# put before them, it would keep pydantic from writing them as `minimum`/`maximum` in the spec.
WHOLE_FLOAT_AS_INT = BeforeValidator(_whole_number)
Position = Annotated[StrictInt, Field(ge=0, le=100_000), WHOLE_FLOAT_AS_INT]


def _lower_email(value: str) -> str:
    return value.lower()


# Syntax checked by email-validator (no DNS lookups); stored in lower case so logins match.
Email = Annotated[EmailStr, AfterValidator(_lower_email)]


class ApiModel(BaseModel):
    """Base of every API model: camelCase aliases, Python names inside."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


def _declare_text_pattern(schema: dict[str, Any], model: type[Any]) -> None:
    """The body rule as the `pattern` of each string property that has none of its own."""
    fields = {field.alias or name: field for name, field in model.model_fields.items()}
    for name, prop in schema.get("properties", {}).items():
        field = fields.get(name)
        trimmed = field is not None and any(
            constraint is TRIM or getattr(constraint, "strip_whitespace", False)
            for constraint in field.metadata
        )
        for branch in prop.get("anyOf", [prop]):
            if branch.get("type") == "array":
                branch = branch.get("items", {})
            if branch.get("type") == "string" and not {"enum", "format", "const", "pattern"} & (
                branch.keys()
            ):
                branch["pattern"] = TRIMMED_TEXT_PATTERN if trimmed else TEXT_PATTERN


class InputModel(ApiModel):
    """Base of request bodies: an unknown field is an error, not silently dropped.

    No string of a body holds a control character but TAB, LF and CR, whatever its type says
    (a password, a statement); the spec gives each such property that pattern.
    """

    model_config = ConfigDict(extra="forbid", json_schema_extra=_declare_text_pattern)

    @field_validator("*")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        for text in value if isinstance(value, list | tuple | set) else [value]:
            if isinstance(text, str):
                no_control_characters(text)
        return value


class RecordRead(ApiModel):
    id: uuid.UUID
    created_at: datetime
    updated_at: datetime


ItemT = TypeVar("ItemT")


class Page(ApiModel, Generic[ItemT]):
    """One page of a collection: ``DepartmentPage``, ``NeedPage``, …"""

    items: list[ItemT]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )


def unset(**constraints: Any) -> Any:
    """Default of a PATCH field that may be left out but not set to null."""
    return Field(default=None, **constraints)


@cache
def page_of(item: type[BaseModel]) -> type[Page[Any]]:
    """The page model of a collection, named ``DepartmentPage`` for ``DepartmentRead``.

    A named subclass, because the spec would otherwise call it ``Page_DepartmentRead_``.
    """
    name = item.__name__.removesuffix("Read") + "Page"
    model: type[Page[Any]] = create_model(name, __base__=Page[item], __module__=item.__module__)  # type: ignore[valid-type]
    return model
