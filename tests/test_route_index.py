"""The route index (``kompas.core.routing.index_routes``) changes which routers are asked, never
what the app answers: the same status for every path and method with and without it."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from starlette.routing import Match

from kompas.core.routing import index_routes


def _app(indexed: bool) -> FastAPI:
    first, second, catch_all, prefixed = APIRouter(), APIRouter(), APIRouter(), APIRouter()

    @first.get("/apples")
    def apples() -> str:
        return "apples"

    @first.get("/apples/{apple_id}")
    def apple(apple_id: int) -> str:
        return f"apple {apple_id}"

    @second.post("/pears")
    def pears() -> str:
        return "pears"

    @second.get("/apples/{apple_id}/pears")  # a second router sharing the first segment
    def apple_pears(apple_id: int) -> str:
        return f"pears of {apple_id}"

    @prefixed.get("/inside")
    def inside() -> str:
        return "inside"

    @catch_all.get("/{anything}/kiwi")
    def kiwi(anything: str) -> str:
        return f"kiwi {anything}"

    app = FastAPI()
    app.include_router(first)
    app.include_router(second)
    app.include_router(prefixed, prefix="/box")
    app.include_router(catch_all)
    if indexed:
        index_routes(app)
    return app


REQUESTS = [
    ("GET", "/apples"),
    ("POST", "/apples"),  # 405: the router holds the path with another method
    ("GET", "/apples/3"),
    ("GET", "/apples/x"),  # 422
    ("GET", "/apples/3/pears"),
    ("GET", "/pears"),  # 405
    ("POST", "/pears"),
    ("GET", "/box/inside"),
    ("GET", "/pears/kiwi"),  # only the catch-all router serves it
    ("GET", "/nothing"),  # 404
    ("GET", "/"),
]


async def _ask(app: FastAPI, method: str, path: str) -> tuple[int, str]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.request(method, path)
        return response.status_code, response.text


@pytest.mark.parametrize(("method", "path"), REQUESTS)
def test_the_index_answers_as_the_framework_does(method: str, path: str) -> None:
    plain = asyncio.run(_ask(_app(indexed=False), method, path))
    indexed = asyncio.run(_ask(_app(indexed=True), method, path))
    assert indexed == plain


def test_only_routers_with_fixed_first_segments_are_indexed() -> None:
    """The two plain routers are asked only for their segments; the one included with a prefix
    and the one whose route starts with a parameter are always asked."""
    first, second, prefixed, catch_all = _app(indexed=True).router.routes[-4:]
    asked = {"type": "http", "root_path": "", "method": "GET"}
    assert first.matches({**asked, "path": "/pears"})[0] is Match.NONE
    assert second.matches({**asked, "path": "/apples/3/pears"})[0] is Match.FULL
    wrapped = [
        router.matches.__name__ == "prefiltered" for router in (first, second, prefixed, catch_all)
    ]
    assert wrapped == [True, True, False, False]
