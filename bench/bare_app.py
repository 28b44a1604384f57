"""The bare framework: FastAPI with no middleware, no dependencies and no database.

``bench/load.py`` runs it as a process of its own, served by uvicorn exactly as ``kompas serve``
serves Kompas (same server options), and asks it for the same number of bytes as each Kompas
endpoint answered: what the framework and server alone can do on this machine, the figure every
Kompas result is divided by.

- ``GET /bytes?n=N``: N precomputed bytes of JSON in a ``Response`` (no serialisation at all).
- ``GET /dict?n=N``: a precomputed dict of about N bytes (a page of 50 items like a Kompas list)
  that FastAPI serialises on every request, as a route returning a dict does.

    .venv/bin/python bench/bare_app.py --port 8101
"""

from __future__ import annotations

import argparse
from functools import lru_cache
from typing import Annotated, Any

from fastapi import FastAPI, Query
from fastapi.responses import Response

app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

_MAX = 10_000_000
_PADDED_FROM = len(b'{"p":""}')


@lru_cache(maxsize=64)
def body_of(size: int) -> bytes:
    """A JSON document of exactly ``size`` bytes, as the ceiling endpoint answers."""
    if size < _PADDED_FROM:
        return b"{}" + b" " * (size - 2)
    return b'{"p":"' + b"x" * (size - _PADDED_FROM) + b'"}'


@lru_cache(maxsize=64)
def page_of(size: int) -> dict[str, Any]:
    """A list page of 50 items whose JSON is about ``size`` bytes."""
    count = 50
    item_overhead = 200  # the keys, ids and punctuation of one item below
    text = max(1, (size - 40) // count - item_overhead)
    items = [
        {
            "id": f"00000000-0000-4000-8000-{i:012d}",
            "title": f"Item {i}",
            "description": "x" * text,
            "status": "planned",
            "createdAt": "2026-01-01T00:00:00Z",
            "updatedAt": "2026-01-02T00:00:00Z",
            "version": 1,
        }
        for i in range(count)
    ]
    return {"items": items, "nextCursor": None}


@app.get("/bytes")
async def precomputed_bytes(n: Annotated[int, Query(ge=2, le=_MAX)] = 1024) -> Response:
    return Response(content=body_of(n), media_type="application/json")


@app.get("/dict")
async def serialised_dict(n: Annotated[int, Query(ge=2, le=_MAX)] = 1024) -> dict[str, Any]:
    return page_of(n)


def main() -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8101)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    # The options of `kompas serve` (backend/kompas/cli.py), so only the app differs.
    uvicorn.run(
        "bare_app:app",
        app_dir=str(__import__("pathlib").Path(__file__).parent),
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        server_header=False,
        log_level="info",
    )


if __name__ == "__main__":
    main()
