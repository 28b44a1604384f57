"""Kept pages: a read's answer kept per caller and data version, answered again without the route.

A route marked ``@kept`` (its domain marks it: the reads of an organisation's shared work) is
answered from a kept page when all of these hold (docs/decisions/0021-kept-pages.md):

- the request is a ``GET`` with a Bearer token the app's ``PageCaller`` recognises (Kompas's own
  access tokens: the access domain registers it) and no conditional header;
- the caller, read from the database for this very request in one statement on the event loop
  (``kompas.core.asyncdb``) together with the organisation's data version
  (``kompas.core.dataversion``), is still active with a token no logout has ended; otherwise
  the route answers as it always does (401, …);
- a page is kept for the same caller (user, role, party), the same path and query, the same
  ``Accept`` and ``Accept-Language``, made at the same data version and in the same minute.

A page is kept only from a ``200`` whose whole body the route returned at once (no stream, no
background task) and that is at most ``max_entry_bytes``. The data version is read *before* the
route runs, so a kept page is at least as new as its key says; the minute in the key bounds how
long a page can show what depends on the clock (a round that closes, an item that stalls) or a
change that bypassed Kompas's sessions (docs/decisions/0017). Pages are kept per process: the
newest page of each caller, path and query, in at most ``KOMPAS_KEPT_PAGES_MB`` megabytes, the
least recently used going first. Off (0) with a read replica, whose pages could be older than the
primary's data version says (``KOMPAS_DATABASE_REPLICA_URL``).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from kompas.core.db import utcnow
from kompas.core.principal import Principal

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("kompas.pagecache")

_KEPT: set[Callable[..., Any]] = set()
CALLER_KEY = "page_caller"
PAGES_KEY = "kept_pages"
_WRAPPED = "kompas_kept_page"


def kept(endpoint: F) -> F:
    """Marks a read whose answer may be kept per caller and data version: it reads only its
    organisation's records (those that move the data version, not ``dataversion.NOT_DATA``)
    and the clock, and answers the same to the same caller for the same request."""
    _KEPT.add(endpoint)
    return endpoint


@dataclass(frozen=True, slots=True)
class Recognised:
    """A caller found for a kept page: who, and its organisation's data version."""

    principal: Principal
    version: int


# Finds the caller of a Bearer token in one statement on the event loop, with its organisation's
# data version; None for a token it does not handle or that is not usable (the route answers it).
PageCaller = Callable[[Request, str], Awaitable[Recognised | None]]


@dataclass(frozen=True, slots=True)
class Page:
    version: int
    minute: int
    raw_headers: list[tuple[bytes, bytes]]
    body: bytes


class KeptPages:
    """The newest page per key, in at most ``max_bytes`` of bodies, least recently used first out.
    Thread-safe (the routes of one process share it)."""

    def __init__(self, max_bytes: int, *, max_entry_bytes: int | None = None) -> None:
        self.max_bytes = max_bytes
        self.max_entry_bytes = max_entry_bytes or max(max_bytes // 16, 1)
        self._pages: OrderedDict[tuple[Any, ...], Page] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...], version: int, minute: int) -> Page | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None or page.version != version or page.minute != minute:
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: tuple[Any, ...], page: Page) -> None:
        size = len(page.body)
        if size > self.max_entry_bytes:
            return
        with self._lock:
            old = self._pages.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._pages[key] = page
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, evicted = self._pages.popitem(last=False)
                self._bytes -= len(evicted.body)

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def bytes(self) -> int:
        return self._bytes

    def pages(self) -> Iterator[Page]:
        """What is kept (for tests that inspect it)."""
        with self._lock:
            return iter(list(self._pages.values()))


def _minute() -> int:
    return int(utcnow().timestamp()) // 60


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _kept_handler(
    handler: Callable[[Request], Awaitable[Response]],
) -> Callable[[Request], Awaitable[Response]]:
    async def answer(request: Request) -> Response:
        pages: KeptPages | None = getattr(request.app.state, PAGES_KEY, None)
        if pages is None or request.method != "GET":
            return await handler(request)
        headers = request.headers
        token = _bearer(request)
        if token is None or any(name in headers for name in ("if-none-match", "if-modified-since")):
            return await handler(request)
        find: PageCaller = getattr(request.app.state, CALLER_KEY)
        try:
            recognised = await find(request, token)
        except Exception as exc:  # a shortcut only: the route answers what went wrong
            log.warning("kept pages: the caller could not be read (%s)", exc.__class__.__name__)
            recognised = None
        if recognised is None or recognised.version == 0:
            # 0: no change of the organisation's was ever counted, so the number tells nothing.
            return await handler(request)
        principal = recognised.principal
        key = (
            principal.kind,
            principal.id,
            principal.organisation_id,
            principal.role,
            principal.party_id,
            request.scope["path"],
            request.scope["query_string"],
            headers.get("accept"),
            headers.get("accept-language"),
        )
        minute = _minute()
        page = pages.get(key, recognised.version, minute)
        if page is not None:
            request.state.principal = principal
            response = Response(page.body)
            response.raw_headers = page.raw_headers
            return response
        response = await handler(request)
        body = getattr(response, "body", None)
        if isinstance(body, bytes) and response.status_code == 200 and response.background is None:
            pages.put(key, Page(recognised.version, minute, list(response.raw_headers), body))
        return response

    return answer


def _routes(routes: list[BaseRoute]) -> Iterator[BaseRoute]:
    for route in routes:
        original = getattr(route, "original_router", None)
        if original is not None:
            yield from _routes(original.routes)
        else:
            yield route


def install(api: FastAPI, pages: KeptPages | None, caller: PageCaller) -> int:
    """Answer the app's ``@kept`` routes from ``pages`` (None: keep nothing); the number of
    routes. Call after every router is included, before the first request.

    The framework builds each included route's handler with ``route.get_route_handler()`` when
    it first routes a request; the kept routes' is wrapped once per route object (the domains'
    routers are shared by every app made in a process, and each request asks its own app's
    ``kept_pages``)."""
    api.state.kept_pages = pages
    setattr(api.state, CALLER_KEY, caller)
    count = 0
    for route in _routes(api.router.routes):
        if not isinstance(route, APIRoute) or route.endpoint not in _KEPT:
            continue
        count += 1
        if getattr(route, _WRAPPED, False):
            continue
        plain = route.get_route_handler

        def wrapped(plain: Callable[[], Any] = plain) -> Any:
            return _kept_handler(plain())

        route.get_route_handler = wrapped  # type: ignore[method-assign]
        setattr(route, _WRAPPED, True)
    return count
