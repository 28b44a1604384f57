"""ASGI middleware for every API response: headers, body limits, and last-resort errors."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence

from fastapi import HTTPException
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kompas.core.errors import PROBLEM_MEDIA_TYPE, InvalidParam, problem_document, problem_title

log = logging.getLogger("kompas")
_FRAMING_HEADERS = ("Content-Security-Policy", "X-Frame-Options")


def problem_message(
    status: int,
    title: str,
    detail: str,
    instance: str,
    *,
    slug: str | None = None,
    invalid_params: Sequence[InvalidParam] | None = None,
) -> tuple[Message, Message]:
    """The two ASGI messages of a problem+json response, for middleware that answers itself."""
    document = problem_document(
        status, detail, instance, title=title, slug=slug, invalid_params=invalid_params
    )
    body = json.dumps(document).encode()
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
        ],
    }
    return start, {"type": "http.response.body", "body": body}


def content_security_policy(
    connect_origins: tuple[str, ...] = (), frame_ancestors: tuple[str, ...] = ()
) -> str:
    """The policy of every response: a page loads scripts, styles, images and data only from
    its own origin (no CDN, no inline script), calls no one else but ``connect_origins`` (the
    identity provider's, for the web app's login), and is framed by no one but
    ``frame_ancestors`` (only the intranet widget names any)."""
    connect = " ".join(("'self'", *connect_origins))
    ancestors = " ".join(frame_ancestors) or "'none'"
    return (
        f"default-src 'self'; connect-src {connect}; img-src 'self' data:; object-src 'none'; "
        f"base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
    )


class ApiHeadersMiddleware:
    """Sets the security headers of every response and the API's own on API responses, and turns
    an escaped error into a 500 problem.

    Starlette's own error middleware sits outside every user middleware, so without this a
    crash would leave without the API-Version and security headers.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        api_version: str,
        api_prefix: str,
        production: bool,
        connect_origins: tuple[str, ...] = (),
    ) -> None:
        self.app = app
        self.api_version = api_version
        self.api_prefix = api_prefix
        self.headers = [
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Content-Security-Policy", content_security_policy(connect_origins)),
            ("Referrer-Policy", "no-referrer"),
        ]
        if production:
            self.headers.append(
                ("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        is_api = scope["path"].startswith(self.api_prefix)

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                # A response that sets its own policy (the widget, which the configured intranet
                # origins may frame) keeps it, without X-Frame-Options: that header cannot name
                # those origins, and DENY would contradict the policy.
                framed = "content-security-policy" in headers
                for name, value in self.headers:
                    if not (framed and name in _FRAMING_HEADERS):
                        headers[name] = value
                if is_api or headers.get("content-type", "").startswith(PROBLEM_MEDIA_TYPE):
                    headers["API-Version"] = self.api_version
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:
                raise
            start, body = problem_message(
                500,
                "Internal Server Error",
                "Something went wrong on our side. It has been logged.",
                scope.get("path", ""),
                slug="internal",  # the same problem as the handlers' 500
            )
            await send_with_headers(start)
            await send(body)


# Operations whose bodies may be larger than the installation's limit, as registered by the
# features that own them: (method, a pattern the path ends with, the most bytes).
_LARGER_BODIES: list[tuple[str, re.Pattern[str], int]] = []


def allow_larger_body(method: str, path_pattern: str, max_bytes: int) -> None:
    """Let one operation take bodies up to ``max_bytes`` (when more than the limit): for a
    document whose schema allows more than the limit holds, such as a whole role-map view.
    ``path_pattern`` is a regular expression the request's path must end with."""
    _LARGER_BODIES.append((method.upper(), re.compile(f"(?:{path_pattern})$"), max_bytes))


def body_limit(method: str, path: str, default: int) -> int:
    """The most bytes a request's body may have: the limit, or an operation's own larger one."""
    for allowed_method, pattern, max_bytes in _LARGER_BODIES:
        if method == allowed_method and pattern.search(path):
            return max(default, max_bytes)
    return default


class BodyLimitMiddleware:
    """Refuses request bodies over ``max_bytes`` with 413, whether announced or streamed (or
    over an operation's own larger limit, ``allow_larger_body``).

    An announced body is refused here before the app runs. A streamed one is found out while
    the app reads it: then the route's error handler answers, or this middleware when another
    middleware was reading. All three answer the same problem, made from ``_BodyTooLarge``.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.default_max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        instance = scope.get("path", "")
        max_bytes = body_limit(scope.get("method", ""), instance, self.default_max_bytes)
        for name, value in scope["headers"]:
            if name == b"content-length":
                try:
                    too_big = int(value) > max_bytes
                except ValueError:
                    too_big = True
                if too_big:
                    for message in _BodyTooLarge(max_bytes).messages(instance):
                        await send(message)
                    return
        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_bytes:
                    raise _BodyTooLarge(max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge as too_large:
            if response_started:
                raise
            for message in too_large.messages(instance):
                await send(message)


class _BodyTooLarge(HTTPException):
    """Raised while the body is read. An HTTPException, so that FastAPI passes it on from a
    route's body parsing (anything else becomes a 400 there) and the app's handler answers it
    with the same problem as ``messages``: the title and type come from ``problem_title``."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"The request body is larger than {max_bytes} bytes.")

    def messages(self, instance: str) -> tuple[Message, Message]:
        return problem_message(413, problem_title(413), self.detail, instance)
