"""Content negotiation for every route.

415 for a body the route cannot read, 406 for an ``Accept`` it cannot serve.
"""

from __future__ import annotations

from email.message import Message

from fastapi import Request
from fastapi.datastructures import DefaultPlaceholder
from fastapi.params import Form
from fastapi.routing import APIRoute

from kompas.core.errors import ProblemError

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class UnsupportedMediaType(ProblemError):
    status, slug = 415, "unsupported-media-type"


class NotAcceptable(ProblemError):
    status, slug = 406, "not-acceptable"


def _media_type(header: str) -> str:
    message = Message()
    message["content-type"] = header
    return message.get_content_type()


def _is_json(media_type: str) -> bool:
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def _acceptable(accept: str, offered: str) -> bool:
    """Whether an ``Accept`` header admits ``offered`` (or its problem+json errors)."""
    main, _, _sub = offered.partition("/")
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        quality = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            if float(quality) <= 0:
                continue
        except ValueError:
            continue
        media = media.lower()
        if media in ("*/*", f"{main}/*", offered) or (
            _is_json(offered) and media == "application/problem+json"
        ):
            return True
    return False


async def negotiate(request: Request) -> None:
    """Applied to every route; reads what the route consumes and produces from the route itself."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    response_class = route.response_class
    if isinstance(response_class, DefaultPlaceholder):
        response_class = response_class.value
    produces = getattr(response_class, "media_type", None) or "application/json"
    accept = request.headers.get("accept")
    if accept and request.method != "DELETE" and not _acceptable(accept, produces):
        raise NotAcceptable(
            f"This resource is only available as {produces}; Accept was '{accept}'."
        )

    if request.method not in ("POST", "PUT", "PATCH") or route.body_field is None:
        return
    content_type = request.headers.get("content-type")
    field_info = route.body_field.field_info
    wants_form = isinstance(field_info, Form)
    declared = getattr(field_info, "media_type", "application/json")
    if content_type is None and (wants_form or not await request.body()):
        return  # nothing sent: the body's own validation reports what is missing
    media_type = _media_type(content_type or "")
    if wants_form and media_type not in FORM_TYPES:
        raise UnsupportedMediaType(
            f"Send this request as application/x-www-form-urlencoded, not '{content_type}'."
        )
    if not wants_form and not _is_json(declared):  # e.g. a CSV upload: exactly that type
        if media_type != declared:
            raise UnsupportedMediaType(f"Send this request as {declared}, not '{content_type}'.")
        return
    if not wants_form and not _is_json(media_type):
        raise UnsupportedMediaType(f"Send this request as application/json, not '{content_type}'.")
