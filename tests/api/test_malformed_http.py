"""What a request gets that the HTTP layer refuses before any route reads it.

A body over the limit is refused by Kompas' own middleware, the same way whether it was announced
(Content-Length) or streamed (chunked). A request that is not HTTP at all never reaches Kompas:
uvicorn's parser refuses it and writes a plain-text 400 itself. The tests below pin down that
answer, so that a change in the server (for the better or the worse) is noticed.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from kompas.core.config import Settings
from tests.conftest import API, Actor, LiveServer, assert_problem

# --- bodies over the limit ----------------------------------------------------------------------


def _post_too_large(
    server: LiveServer, admin: Actor, settings: Settings, *, chunked: bool, **headers: str
) -> httpx.Response:
    size = settings.max_body_bytes + 1024

    def chunks() -> Iterator[bytes]:
        # A generator body: httpx sends it chunked, without Content-Length.
        for _ in range(size // 1024):
            yield b" " * 1024

    with httpx.Client(base_url=server.url + API, timeout=30) as client:
        request = client.build_request(
            "POST",
            "/departments",
            content=chunks() if chunked else b" " * size,
            headers={**admin.headers, "Content-Type": "application/json", **headers},
        )
        assert ("content-length" in request.headers) is not chunked
        return client.send(request)


@pytest.mark.parametrize(
    "headers", [{}, {"Idempotency-Key": "groot-1"}], ids=["plain", "idempotent"]
)
def test_a_body_over_the_limit_is_one_problem_announced_or_streamed(
    server: LiveServer, admin: Actor, settings: Settings, headers: dict[str, str]
):
    announced = _post_too_large(server, admin, settings, chunked=False, **headers)
    streamed = _post_too_large(server, admin, settings, chunked=True, **headers)
    problem = assert_problem(announced, 413)
    assert assert_problem(streamed, 413) == problem
    assert problem == {
        "type": "https://kompas.example/problems/content-too-large",
        "title": "Content Too Large",
        "status": 413,
        "detail": f"The request body is larger than {settings.max_body_bytes} bytes.",
        "instance": f"{API}/departments",
    }


# --- requests that are not HTTP -----------------------------------------------------------------
# uvicorn's parser (httptools, as `kompas serve` runs it) refuses these and writes the answer
# itself before any ASGI app is called, so Kompas cannot make it problem+json short of replacing
# uvicorn's protocol class. What it sends instead is pinned down here.

MALFORMED = {
    "bad request line": b"GET /api/v1/health HTTP/1.1 extra\r\nHost: kompas\r\n\r\n",
    "NUL in a header": b"GET /api/v1/health HTTP/1.1\r\nHost: kompas\r\nX-Note: a\x00b\r\n\r\n",
    "header without colon": b"GET /api/v1/health HTTP/1.1\r\nHost: kompas\r\nNoColon\r\n\r\n",
}


@pytest.mark.parametrize("request_bytes", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_request_gets_uvicorns_plain_400_naming_no_server(
    server: LiveServer, request_bytes: bytes
):
    head, _, body = server.send_raw(request_bytes).partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in header_lines)
    }
    assert status_line == "HTTP/1.1 400 Bad Request"
    assert headers.keys() == {"date", "content-type", "content-length", "connection"}
    assert headers["content-type"] == "text/plain; charset=utf-8"
    assert headers["connection"] == "close"
    assert body == b"Invalid HTTP request received."
    assert int(headers["content-length"]) == len(body)
    # No server software name anywhere: `server_header=False` holds for this answer too.
    assert b"uvicorn" not in head.lower() + body.lower()
    assert "server" not in headers


def test_a_well_formed_request_on_the_same_socket_reaches_kompas(server: LiveServer):
    # The control for the test above: the raw exchange itself is sound.
    response = server.send_raw(
        b"GET /api/v1/health HTTP/1.1\r\nHost: kompas\r\nConnection: close\r\n\r\n"
    )
    assert response.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b"\r\napi-version: " in response.lower()
