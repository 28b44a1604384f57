"""Errors as RFC 9457 problem details, the only shape of error Kompas ever answers with."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("kompas")

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://kompas.example/problems/"


class InvalidParam(BaseModel):
    name: str = Field(
        description="camelCase path of the invalid parameter, e.g. `contacts.0.email`"
    )
    reason: str
    code: str


class Problem(BaseModel):
    """An RFC 9457 problem details object."""

    model_config = ConfigDict(
        populate_by_name=True,
        json_schema_extra={"additionalProperties": True},
    )

    type: str
    title: str
    status: int
    detail: str
    instance: str
    invalid_params: list[InvalidParam] | None = Field(default=None, alias="invalidParams")


class ProblemError(Exception):
    """Raised anywhere to answer with a problem; services use the subclasses below."""

    status = 500
    slug = "internal"

    def __init__(
        self,
        detail: str,
        *,
        invalid_params: Sequence[InvalidParam] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.invalid_params = list(invalid_params) if invalid_params else None
        self.headers = headers or {}
        self.extra = extra or {}


class BadRequest(ProblemError):
    status, slug = 400, "invalid-request"


def refuse_unknown_query(
    names: Iterable[str], known: Iterable[str], *, what: str = "this resource"
) -> None:
    """400 naming each query parameter the operation does not know (a typo in a filter would
    otherwise be ignored and answer the wrong thing); ``what`` names the operation's kind."""
    allowed = list(known)
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise BadRequest(
            f"Unknown query parameter(s): {', '.join(unknown)}.",
            invalid_params=[
                InvalidParam(
                    name=name,
                    reason=f"Unknown query parameter; {what} knows: {', '.join(allowed)}.",
                    code="unknown-parameter",
                )
                for name in unknown
            ],
        )


class Unauthorized(ProblemError):
    status, slug = 401, "unauthorized"

    def __init__(self, detail: str = "A valid Bearer token is required.", **kwargs: Any) -> None:
        kwargs.setdefault("headers", {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        super().__init__(detail, **kwargs)


class Forbidden(ProblemError):
    status, slug = 403, "forbidden"


class NotFound(ProblemError):
    status, slug = 404, "not-found"


class Conflict(ProblemError):
    status, slug = 409, "conflict"


class PreconditionFailed(ProblemError):
    status, slug = 412, "precondition-failed"


class UnprocessableContent(ProblemError):
    status, slug = 422, "unprocessable-content"


class PreconditionRequired(ProblemError):
    status, slug = 428, "precondition-required"


class InvalidField(BadRequest):
    """One named field is wrong (for rules a schema cannot express, such as a foreign key)."""

    def __init__(self, name: str, reason: str, code: str = "invalid") -> None:
        super().__init__(
            f"{name}: {reason}", invalid_params=[InvalidParam(name=name, reason=reason, code=code)]
        )


# RFC 9110's names where Python's differ: before 3.13 it still says "Request Entity Too Large".
# A problem's title (and the type made from it) must not depend on the Python version.
_TITLES = {
    413: "Content Too Large",
    414: "URI Too Long",
    416: "Range Not Satisfiable",
    422: "Unprocessable Content",
}


def problem_title(status: int) -> str:
    """The RFC 9110 reason phrase of ``status``: the title of its problem."""
    return _TITLES.get(status) or HTTPStatus(status).phrase


def problem_document(
    status: int,
    detail: str,
    instance: str,
    *,
    title: str | None = None,
    slug: str | None = None,
    invalid_params: Sequence[InvalidParam] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The problem details object; the one shape for handlers and middleware alike."""
    title = title or problem_title(status)
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + (slug or _slugify(title)),
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    if invalid_params:
        body["invalidParams"] = [p.model_dump() for p in invalid_params]
    if extra:
        body.update(extra)
    return body


def problem_response(
    request: Request,
    status: int,
    detail: str,
    *,
    slug: str | None = None,
    invalid_params: Sequence[InvalidParam] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body = problem_document(
        status,
        detail,
        request.url.path,
        slug=slug,
        invalid_params=invalid_params,
        extra=extra,
    )
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def _slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _camel(segment: str) -> str:
    head, *rest = segment.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _param_name(loc: Sequence[int | str]) -> str:
    # ("body", "contacts", 0, "email") -> "contacts.0.email"; ("query", "pageSize") -> "pageSize"
    parts = [str(p) if isinstance(p, int) else _camel(p) for p in loc[1:]] if loc else []
    if not parts:
        return "body" if loc and loc[0] == "body" else str(loc[0]) if loc else "request"
    return ".".join(parts)


def _reason(error: dict[str, Any]) -> str:
    if error["type"] == "json_invalid":
        return f"The body is not valid JSON: {error.get('ctx', {}).get('error', 'parse error')}."
    if error["type"] == "extra_forbidden":
        return "Unknown field."
    message: str = error.get("msg", "Invalid value.")
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def invalid_params_from(errors: Sequence[Any]) -> list[InvalidParam]:
    params: list[InvalidParam] = []
    for error in errors:
        loc = tuple(error.get("loc", ()))
        if error["type"] == "json_invalid":
            loc = ("body",)
        params.append(
            InvalidParam(name=_param_name(loc), reason=_reason(error), code=error["type"])
        )
    return params


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route at this path takes (Starlette only names the first route's)."""
    path, root = request.scope["path"], request.scope.get("root_path", "")
    path = path[len(root) :] if root and path.startswith(root) else path
    # The published spec is the list of what each path takes (FastAPI nests included routers).
    methods: set[str] = set()
    for template, operations in request.app.openapi()["paths"].items():
        if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)), path):
            methods |= {method.upper() for method in operations}
    order = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    return [method for method in order if method in methods]


def constraint_kind(exc: IntegrityError) -> str | None:
    """`unique` or `reference` for a constraint two racing requests can break; else None."""
    code = getattr(exc.orig, "sqlstate", None)  # psycopg
    text = str(exc.orig)
    if code == "23505" or "UNIQUE constraint failed" in text:
        return "unique"
    if code == "23503" or "FOREIGN KEY constraint failed" in text:
        return "reference"
    return None


def is_transient(exc: OperationalError) -> bool:
    """A lock timeout, deadlock or serialisation failure: the same request may succeed later."""
    code = getattr(exc.orig, "sqlstate", None)
    return code in {"40001", "40P01", "55P03"} or "database is locked" in str(exc.orig)


def install_error_handlers(app: FastAPI) -> None:
    """Every error leaves the app as problem+json; nothing else may reach a client."""

    @app.exception_handler(ProblemError)
    async def _problem(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(
            request,
            exc.status,
            exc.detail,
            slug=exc.slug,
            invalid_params=exc.invalid_params,
            headers=exc.headers,
            extra=exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        params = invalid_params_from(exc.errors())
        names = ", ".join(dict.fromkeys(p.name for p in params))
        return problem_response(
            request,
            400,
            f"The request has {len(params)} invalid parameter(s): {names}.",
            slug="invalid-request",
            invalid_params=params,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else problem_title(exc.status_code)
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"There is no resource at {request.url.path}."
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            detail = f"{request.method} is not allowed here."
            headers["Allow"] = ", ".join(_allowed_methods(request))
        return problem_response(request, exc.status_code, detail, headers=headers)

    @app.exception_handler(StaleDataError)
    async def _stale(request: Request, exc: StaleDataError) -> JSONResponse:
        # Two writers passed If-Match with the same version; the version guard let one through.
        return problem_response(
            request,
            412,
            "The resource was changed by someone else while your change was being saved. "
            "Read it again, reapply your change and send the new ETag.",
            slug=PreconditionFailed.slug,
        )

    @app.exception_handler(IntegrityError)
    async def _integrity(request: Request, exc: IntegrityError) -> JSONResponse:
        kind = constraint_kind(exc)
        if kind is None:  # a NOT NULL or CHECK failure is our bug, not the caller's race
            return await _unexpected(request, exc)
        detail = (
            "Another request stored the same value at the same moment; it must be unique."
            if kind == "unique"
            else "A record this change refers to was removed or is still referred to."
        )
        return problem_response(request, 409, detail, slug=Conflict.slug)

    @app.exception_handler(OperationalError)
    async def _operational(request: Request, exc: OperationalError) -> JSONResponse:
        if is_transient(exc):
            return problem_response(
                request,
                503,
                "The database was busy with other changes; nothing was saved. Try again.",
                slug="busy",
                headers={"Retry-After": "1"},
            )
        return await _unexpected(request, exc)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem_response(
            request, 500, "Something went wrong on our side. It has been logged.", slug="internal"
        )
