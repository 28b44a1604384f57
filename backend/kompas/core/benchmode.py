"""Bench mode: a ceiling endpoint for the load harness (``bench/load.py``), never in production.

``GET /api/v1/bench/ceiling?bytes=N`` answers a precomputed JSON body of exactly N bytes through
the API's whole stack (headers, CORS, rate limits, body limit, control characters, idempotency,
content negotiation) but with no database and no work of its own. Measured beside a real
endpoint that answers the same number of bytes, it tells how much of that endpoint's time is
the request path every route shares and how much is the endpoint itself: the "ceiling" a route
could reach if its own work cost nothing.

The router is included only when ``KOMPAS_BENCH_MODE=true`` (which start-up refuses together
with ``KOMPAS_ENV=production``), and it is left out of the OpenAPI document: it is a measuring
instrument, not part of the API.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

router = APIRouter(include_in_schema=False)

# Bounds the memory the cache below can hold (64 bodies of at most 10 MB would be far too much,
# but the harness asks for a few dozen sizes of tens of kilobytes).
MAX_CEILING_BYTES = 10_000_000
_PADDED_FROM = len(b'{"p":""}')


@lru_cache(maxsize=64)
def ceiling_body(size: int) -> bytes:
    """A JSON document of exactly ``size`` bytes (at least 2), made once per size."""
    if size < _PADDED_FROM:
        return b"{}" + b" " * (size - 2)  # whitespace after a value is still JSON
    return b'{"p":"' + b"x" * (size - _PADDED_FROM) + b'"}'


@router.get("/bench/ceiling")
async def ceiling(
    size: Annotated[int, Query(alias="bytes", ge=2, le=MAX_CEILING_BYTES)] = 1024,
) -> Response:
    # async and without dependencies of its own: no thread hop, no session, no principal, so
    # whatever it costs is the shared request path and nothing else.
    return Response(content=ceiling_body(size), media_type="application/json")
