"""Control characters and broken UTF-8 are refused at the door, in every string of a request.

The API conventions: no C0 control character (U+0000–U+001F) nor DEL in the path, a query
parameter, a form field or a header value, whatever the operation and before anyone is
authenticated. PostgreSQL cannot store NUL, so one that reached a query answered 500; none of
them belongs in an identifier, a filter or a login. A header value may hold TAB, HTTP's own white
space (RFC 9110 5.5). A percent-escape that is not UTF-8 (``%ff``) is refused too: it would reach
the routes as U+FFFD, silently another value. JSON bodies keep their per-field rules
(``core.schemas``), where text that may span lines also holds TAB, LF and CR.

The answer is the 400 of any invalid input, naming each parameter with the code
``control-character`` or ``invalid-encoding``. The spec says the same: ``document`` gives every
string parameter and form field the pattern of what passes. On a request without anything
suspect the check is a few regular-expression searches; it parses only what one flags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import unquote_plus, unquote_to_bytes

from starlette.datastructures import Headers
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kompas.core.errors import BadRequest, InvalidParam, problem_title
from kompas.core.middleware import problem_message
from kompas.core.negotiation import FORM_TYPES

# Character classes, written as regular-expression source so that the spec shows them as is.
CONTROL = r"\x00-\x1f\x7f"  # C0 and DEL
CONTROL_IN_TEXT = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"  # less TAB, LF and CR: text on several lines
CONTROL_IN_HEADER = r"\x00-\x08\x0a-\x1f\x7f"  # less TAB

# The patterns the spec gives: a parameter or form field, a header value, text in a JSON body.
NO_CONTROL = f"^[^{CONTROL}]*$"
NO_CONTROL_IN_HEADER = f"^[^{CONTROL_IN_HEADER}]*$"
NO_CONTROL_IN_TEXT = f"^[^{CONTROL_IN_TEXT}]*$"
# A pattern that says less than the door does, replaced where `document` finds it on a parameter
# or form field: text that may span lines (a body's rule).
_WEAKER = {NO_CONTROL_IN_TEXT}

_CONTROL = re.compile(f"[{CONTROL}]")
_CONTROL_IN_HEADER = re.compile(f"[{CONTROL_IN_HEADER}]".encode())
# Worth a closer look in a query or form: a raw control byte, or an escaped one, or an escaped
# non-ASCII byte (which must be part of a UTF-8 sequence).
_SUSPECT = re.compile(f"[{CONTROL}]|%(?:[0189a-fA-F][0-9a-fA-F]|7[fF])")

_REASON = "Must not contain control characters (U+0000–U+001F, U+007F)."
_REASON_IN_HEADER = "Must not contain control characters (U+0000–U+001F, U+007F) but tab."
_REASON_ENCODING = "Percent-escapes must encode UTF-8 text."


def has_control_characters(text: str) -> bool:
    """Whether ``text`` holds a C0 control character or DEL."""
    return _CONTROL.search(text) is not None


class ControlCharacterMiddleware:
    """Answers 400 to a request with a control character outside its JSON body (see above).

    Sits inside the body limit, which bounds the form it reads, and outside idempotency.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        invalid = [*_in_path(scope), *_in_query(scope["query_string"]), *_in_headers(scope)]
        if _media_type(scope) in FORM_TYPES:
            body, after = await _read_body(receive)
            invalid += await _in_form(scope, body)
            receive = _replay(body, after, receive)
        if not invalid:
            await self.app(scope, receive, send)
            return
        names = ", ".join(dict.fromkeys(p.name for p in invalid))
        for message in problem_message(
            400,
            problem_title(400),
            f"The request has {len(invalid)} invalid parameter(s): {names}.",
            scope["path"],
            slug=BadRequest.slug,
            invalid_params=invalid,
        ):
            await send(message)


def _control(name: str, reason: str = _REASON) -> InvalidParam:
    return InvalidParam(name=_shown(name), reason=reason, code="control-character")


def _encoding(name: str) -> InvalidParam:
    return InvalidParam(name=_shown(name), reason=_REASON_ENCODING, code="invalid-encoding")


def _shown(name: str) -> str:
    """A name as it can be shown back: its own control characters escaped."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", name)


def _in_path(scope: Scope) -> list[InvalidParam]:
    path: str = scope["path"]
    if _CONTROL.search(path):
        return [_control(name) for name in _path_parameters(scope, _CONTROL.search)]
    # The server decoded the path leniently: U+FFFD may stand for bytes that are not UTF-8.
    raw_path = scope.get("raw_path")
    if "\ufffd" in path and raw_path and not _is_utf8(unquote_to_bytes(raw_path)):
        return [_encoding(name) for name in _path_parameters(scope, lambda v: "\ufffd" in v)]
    return []


def _path_parameters(scope: Scope, wrong: Callable[[str], Any]) -> list[str]:
    """The names of the path parameters the operation would read with a wrong value; else `path`.

    Matched against the spec's path templates, as in `errors`: the routes are FastAPI's inside.
    """
    path: str = scope["path"]
    if "app" not in scope:
        return ["path"]
    # Without its slash: a path ending in a line break makes Starlette's mount add one.
    root_path: str = scope.get("root_path", "").rstrip("/")
    relative = path[len(root_path) :] if path.startswith(root_path) else path
    for template in _templates(scope["app"]):
        match = template.fullmatch(relative)
        if match:
            names = [name for name, value in match.groupdict().items() if wrong(value)]
            if names:
                return names
    return ["path"]


@lru_cache(maxsize=16)
def _templates(app: Any) -> list[re.Pattern[str]]:
    return [
        re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)))
        for template in app.openapi()["paths"]
    ]


def _in_query(query_string: bytes) -> list[InvalidParam]:
    text = query_string.decode("latin-1")  # as Starlette reads it
    return _in_fields(text) if _SUSPECT.search(text) else []


def _in_fields(text: str) -> list[InvalidParam]:
    """The fields of a query or urlencoded form with a control character or broken UTF-8."""
    invalid = []
    for field in text.split("&"):
        if not _SUSPECT.search(field):
            continue
        raw_name, _, raw_value = field.partition("=")
        name = unquote_plus(raw_name)
        try:
            decoded = [unquote_plus(part, errors="strict") for part in (raw_name, raw_value)]
        except UnicodeDecodeError:
            invalid.append(_encoding(name))
            continue
        if any(_CONTROL.search(part) for part in decoded):
            invalid.append(_control(name))
    return invalid


def _in_headers(scope: Scope) -> list[InvalidParam]:
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    # One search over all values; joined with TAB, which a value may hold anyway.
    if not _CONTROL_IN_HEADER.search(b"\t".join(value for _, value in headers)):
        return []
    return [
        _control(_header_name(name), _REASON_IN_HEADER)
        for name, value in headers
        if _CONTROL_IN_HEADER.search(value)
    ]


def _header_name(name: bytes) -> str:
    # Named as the spec names a header parameter: `If-Match`, `Idempotency-Key`.
    return "-".join(part.capitalize() for part in name.decode("latin-1").split("-"))


def _media_type(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == b"content-type":
            return value.decode("latin-1").split(";", 1)[0].strip().lower()
    return ""


async def _in_form(scope: Scope, body: bytes) -> list[InvalidParam]:
    """The form fields of ``body`` as the route will read them, checked as a query is."""
    if _media_type(scope) != "multipart/form-data":
        text = body.decode("latin-1")
        return _in_fields(text) if _SUSPECT.search(text) else []

    async def stream() -> Any:
        yield body

    try:
        form = await MultiPartParser(Headers(scope=scope), stream()).parse()
    except MultiPartException:
        return []  # the route refuses it the same way
    try:
        return [
            _control(name)
            for name, value in form.multi_items()
            if isinstance(value, str) and _CONTROL.search(name + value)
        ]
    finally:
        await form.close()


async def _read_body(receive: Receive) -> tuple[bytes, Message | None]:
    """The whole body, and the message that ended it early (a disconnect), if one did."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), message
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), None


def _replay(body: bytes, after: Message | None, receive: Receive) -> Receive:
    """A ``receive`` that gives the body read already, then what the client sends next."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": False}]
    if after is not None:
        pending.append(after)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- the spec -----------------------------------------------------------------------------------


def document(spec: dict[str, Any]) -> dict[str, Any]:
    """Gives every string parameter and form field the pattern of what passes, unless its own
    pattern says more (a sort order, a refresh token)."""
    schemas = spec.get("components", {}).get("schemas", {})
    for path_item in spec.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                pattern = NO_CONTROL_IN_HEADER if parameter["in"] == "header" else NO_CONTROL
                _declare(parameter["schema"], pattern)
            content = operation.get("requestBody", {}).get("content", {})
            for media_type in FORM_TYPES:
                if media_type in content:
                    for schema in _properties(content[media_type]["schema"], schemas):
                        _declare(schema, NO_CONTROL)
    return spec


def _properties(schema: dict[str, Any], schemas: dict[str, Any]) -> Iterable[dict[str, Any]]:
    if "$ref" in schema:
        schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
    properties: dict[str, dict[str, Any]] = schema.get("properties", {})
    return properties.values()


def _declare(schema: dict[str, Any], pattern: str) -> None:
    if schema.get("pattern", pattern) not in _WEAKER | {pattern}:
        return  # its own pattern (a sort order, a list of kinds) says more
    for branch in _strings(schema):
        if branch.get("pattern", pattern) in _WEAKER | {pattern}:
            branch["pattern"] = pattern


def _strings(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The free string branches of a schema: not an enum, a format or a reference."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string" and not {"enum", "format", "const"} & branch.keys():
            yield branch
