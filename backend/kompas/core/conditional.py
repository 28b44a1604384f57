"""Conditional GET (RFC 9110 section 13) for public representations that caches may keep:
a strong ``ETag`` over the body, ``Last-Modified``, and 304 Not Modified when the client's copy
is still current."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request, Response

PUBLIC_CACHE = "public, max-age=300"


def strong_etag(body: bytes) -> str:
    """A strong validator: equal for byte-equal bodies only."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def _none_match(header: str, etag: str) -> bool:
    """If-None-Match uses the weak comparison: ``W/"x"`` matches ``"x"``."""
    tags = [tag.strip().removeprefix("W/") for tag in header.split(",")]
    return "*" in tags or etag in tags


def _not_modified_since(header: str, last_modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return False  # an invalid date is ignored (RFC 9110 13.1.3)
    if since.tzinfo is None:
        return False
    return last_modified.replace(microsecond=0) <= since


def cached_response(
    request: Request,
    body: bytes,
    *,
    media_type: str,
    last_modified: datetime,
    headers: dict[str, str] | None = None,
) -> Response:
    """The response with its validators, or 304 without a body when the client's copy is
    current. If-None-Match decides when sent; If-Modified-Since only without it."""
    etag = strong_etag(body)
    validators = {
        "ETag": etag,
        "Last-Modified": http_date(last_modified),
        "Cache-Control": PUBLIC_CACHE,
        **(headers or {}),
    }
    if_none_match = request.headers.get("if-none-match")
    if_modified_since = request.headers.get("if-modified-since")
    if if_none_match is not None:
        current = _none_match(if_none_match, etag)
    else:
        current = if_modified_since is not None and _not_modified_since(
            if_modified_since, last_modified
        )
    if current:
        return Response(status_code=304, headers=validators)
    return Response(body, media_type=media_type, headers=validators)
