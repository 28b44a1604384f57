"""Optimistic concurrency: ETags on reads, ``If-Match`` required on every change."""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, Header, Response

from kompas.core.errors import PreconditionFailed, PreconditionRequired


class Versioned(Protocol):
    version: int


async def _if_match(
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=200,
            description="The `ETag` of the version you edited. Required: 428 without it, "
            "412 when someone changed the resource since.",
        ),
    ] = None,
) -> str | None:
    # Optional to the framework, so that a missing header answers 428 rather than 400.
    return if_match


IfMatch = Annotated[str | None, Depends(_if_match)]


def etag_of(record: Versioned) -> str:
    return f'"{record.version}"'


def set_etag(response: Response, record: Versioned) -> None:
    response.headers["ETag"] = etag_of(record)


def check_if_match(if_match: str | None, record: Versioned) -> None:
    """428 without ``If-Match``, 412 when it does not name the current version (RFC 9110 13.1.1)."""
    check_etag_match(if_match, etag_of(record))


def check_etag_match(if_match: str | None, current: str) -> None:
    """The same for a representation whose ETag is not a version (e.g. a role-map view)."""
    if if_match is None or not if_match.strip():
        raise PreconditionRequired(
            "Send If-Match with the ETag of the version you are changing, so no edit is lost."
        )
    candidates = [tag.strip() for tag in if_match.split(",")]
    # Strong comparison: a weak tag (W/"…") never matches.
    if "*" in candidates or current in candidates:
        return
    raise PreconditionFailed(
        f"The resource has changed since you read it (now {current}). "
        "Read it again, reapply your change and send the new ETag.",
        headers={"ETag": current},
    )
