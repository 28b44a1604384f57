"""Building blocks for API models: camelCase on the wire, bounded text, UTC date-times."""

from __future__ import annotations

import re
import uuid
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
    StrictInt,
    StringConstraints,
    create_model,
)
from pydantic.alias_generators import to_camel


def no_nul(value: str) -> str:
    # PostgreSQL refuses NUL in text; SQLite would store it. Refusing it everywhere keeps both
    # databases equal. Checked here rather than as a spec `pattern`, which makes generated
    # clients and test-data generators crawl through 10,000-character regular expressions.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


def _visible(value: str) -> str:
    if not value.strip():
        raise ValueError("must contain at least one visible character")
    return no_nul(value)


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    AfterValidator(_visible),
]
# A short optional label (a theme, a cluster); may be empty.
Label = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=200), AfterValidator(no_nul)
]
ShortText = Annotated[str, StringConstraints(max_length=500), AfterValidator(no_nul)]
LongText = Annotated[str, StringConstraints(max_length=10_000), AfterValidator(no_nul)]
Phone = Annotated[str, StringConstraints(max_length=40, pattern=r"^[0-9+()\- ]{0,40}$")]
Url = Annotated[str, StringConstraints(max_length=2000, pattern=r"^https?://[^\s\x00]+$")]


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
# Strict: JSON `true` is not a position (lax mode would read it as 1).
Position = Annotated[StrictInt, Field(ge=0, le=100_000)]


def _lower_email(value: str) -> str:
    return value.lower()


# Syntax checked by email-validator (no DNS lookups); stored in lower case so logins match.
Email = Annotated[EmailStr, AfterValidator(_lower_email)]


class ApiModel(BaseModel):
    """Base of every API model: camelCase aliases, Python names inside."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)


class InputModel(ApiModel):
    """Base of request bodies: an unknown field is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


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
