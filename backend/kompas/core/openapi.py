"""The published OpenAPI document: what FastAPI generates, completed with Kompas' conventions.

Documented here once for every operation rather than per route: problem+json errors, the
API-Version header, the rate limits, If-Match and Idempotency-Key, the contact details; a nullable
date or date-time carries its `format` on the property itself (the NL API Design Rules linter,
openapi/nlgov-adr.spectral.yaml, run by `make lint-api`).
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from kompas import __version__
from kompas.core.errors import PROBLEM_MEDIA_TYPE, Problem
from kompas.core.ratelimit import EXEMPT_PATHS

API_VERSION = __version__
API_PREFIX = "/api/v1"

DESCRIPTION = """\
Kompas makes collaboration between the departments of a municipality and its external partners
tangible: the shared purpose and drivers, parties, role maps, the joint agenda and more.

Follows the NL API Design Rules: resource names are English (the product's glossary maps them to
the Dutch terms), errors are RFC 9457 problem details, collections use cursor pagination, and
changes need `If-Match` with the resource's `ETag`.
"""

_ERRORS = {
    400: "The request is invalid; `invalidParams` names every wrong parameter.",
    401: "No valid access token.",
    403: "Your role does not allow this.",
    404: "Not found, or not visible to you.",
    406: "The `Accept` header asks for a representation this resource does not have.",
    409: "Conflicts with the current state, e.g. a name already in use.",
    412: "`If-Match` does not match the current `ETag`: someone changed the resource.",
    413: "The request body is too large.",
    415: "The request body has a `Content-Type` this operation does not take.",
    422: "The `Idempotency-Key` was used with another request.",
    428: "`If-Match` is required.",
    429: "Too many requests, or too many failed logins; try again after `Retry-After`.",
    500: "An unexpected error on our side.",
    503: "A service the API depends on is unavailable; try again after `Retry-After`.",
}
_COMMON = (400, 401, 403, 404, 406, 429, 500, 503)
_BY_METHOD = {
    "get": (),
    "post": (409, 413, 415, 422),
    "put": (409, 412, 413, 415, 428),
    "patch": (409, 412, 413, 415, 428),
    "delete": (409, 412, 428),
}
_HEADER_API_VERSION = {
    "description": "The semantic version of the API that answered.",
    "schema": {"type": "string", "example": API_VERSION},
}
# draft-ietf-httpapi-ratelimit-headers-11; absent while the limits are off.
_HEADERS_RATE_LIMIT = {
    "RateLimit-Policy": {
        "description": "The request quotas that apply to you, per window in seconds.",
        "schema": {"type": "string", "example": '"principal";q=600;w=60, "address";q=2400;w=60'},
    },
    "RateLimit": {
        "description": "What is left of each quota, and the seconds until it is whole again.",
        "schema": {"type": "string", "example": '"principal";r=599;t=42, "address";r=2399;t=42'},
    },
}


def _problem_response(status: int) -> dict[str, Any]:
    headers: dict[str, Any] = {"API-Version": _HEADER_API_VERSION}
    if status == 401:
        headers["WWW-Authenticate"] = {"schema": {"type": "string"}}
    if status in (429, 503):
        headers["Retry-After"] = {"schema": {"type": "integer"}}
    if status == 429:
        headers |= _HEADERS_RATE_LIMIT
    return {
        "description": _ERRORS[status],
        "headers": headers,
        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def _complete_operation(
    method: str, operation: dict[str, Any], secured: bool, rate_limited: bool
) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    for code, response in list(responses.items()):
        if code.startswith(("2", "3")):
            headers = response.setdefault("headers", {})
            headers["API-Version"] = _HEADER_API_VERSION
            if rate_limited and code.startswith("2"):
                headers |= _HEADERS_RATE_LIMIT
    statuses = set(_COMMON) | set(_BY_METHOD.get(method, ()))
    if not secured:
        statuses -= {401, 403}
    if not rate_limited:
        statuses -= {429}
    for status in sorted(statuses):
        responses[str(status)] = _problem_response(status)
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "header" and parameter["name"] == "If-Match":
            # Optional to the framework (see core.concurrency), required and non-empty here: an
            # empty one answers 428 like a missing one.
            parameter["required"] = True
            parameter["schema"] = {"type": "string", "minLength": 1, "maxLength": 200}
    if method == "post" and secured:
        operation.setdefault("parameters", []).append(
            {
                "name": "Idempotency-Key",
                "in": "header",
                "required": False,
                "description": "Repeat a POST safely: the same key with the same body within "
                "24 hours answers the first response again.",
                "schema": {"type": "string", "pattern": "^[\\x21-\\x7e]{1,255}$"},
            }
        )


# ADR /core/date-time: the linter's nlgov:specify-format-for-date-and-time wants `format` on the
# property, where Pydantic writes a nullable one as anyOf [{type: string, format}, {type: null}].
_DATE_FORMATS = frozenset({"date", "date-time"})


def _nullable_date(branches: Any) -> dict[str, Any] | None:
    """``{type: [string, "null"], format}`` for the branches of a nullable date or date-time."""
    if not isinstance(branches, list) or len(branches) != 2 or {"type": "null"} not in branches:
        return None
    others = [branch for branch in branches if branch != {"type": "null"}]
    if len(others) != 1 or not isinstance(others[0], dict):
        return None
    string = others[0]
    if string.get("type") != "string" or string.get("format") not in _DATE_FORMATS:
        return None
    return {**string, "type": ["string", "null"]}


def _date_formats_on_the_property(node: Any) -> None:
    """Every nullable date and date-time in the document as one OpenAPI 3.1 type list with its
    format beside it, in place of the anyOf; its title, description and default are kept."""
    if isinstance(node, list):
        for item in node:
            _date_formats_on_the_property(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _date_formats_on_the_property(value)
    merged = _nullable_date(node.get("anyOf"))
    if merged is None:
        return
    rebuilt: dict[str, Any] = {}
    for key, value in node.items():
        if key == "anyOf":
            rebuilt |= {name: part for name, part in merged.items() if name not in node}
        else:
            rebuilt[key] = value
    node.clear()
    node.update(rebuilt)


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title="Kompas API",
        version=API_VERSION,
        summary="Collaboration across departments and partners in the social domain.",
        description=DESCRIPTION,
        routes=app.routes,
        tags=[{"name": route.tags[0]} for route in _unique_tag_routes(app)],
        contact={
            "name": "Kompas",
            "url": "https://kompas.example/",
            "email": "kompas@kompas.example",
        },
        license_info={"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
        servers=[{"url": API_PREFIX}],
    )
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    problem = copy.deepcopy(
        Problem.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
    )
    for name, definition in problem.pop("$defs", {}).items():
        schemas[name] = definition
    schemas["Problem"] = problem

    for path, path_item in schema.get("paths", {}).items():
        for method, operation in path_item.items():
            if method not in _BY_METHOD:
                continue
            operation["responses"].pop("422", None)
            _complete_operation(
                method,
                operation,
                secured=bool(operation.get("security")),
                rate_limited=path not in EXEMPT_PATHS,
            )
    _date_formats_on_the_property(schema)
    app.openapi_schema = schema
    return schema


def _unique_tag_routes(app: FastAPI) -> list[APIRoute]:
    seen: set[str] = set()
    routes = []
    for route in app.routes:
        if isinstance(route, APIRoute) and route.tags and route.tags[0] not in seen:
            seen.add(str(route.tags[0]))
            routes.append(route)
    return routes


def operation_id(route: APIRoute) -> str:
    """``{tag}-{name}``, e.g. ``departments-list_departments``: stable names for the client."""
    tag = route.tags[0] if route.tags else "default"
    return f"{tag}-{route.name}"
