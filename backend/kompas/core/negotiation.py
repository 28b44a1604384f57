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
        # A JSON dialect (application/feed+json) is JSON to a client that asks for JSON.
        if media in ("*/*", f"{main}/*", offered) or (
            _is_json(offered) and media in ("application/problem+json", "application/json")
        ):
            return True
    return False


def _quality(accept: str, offered: str) -> float:
    """How much an ``Accept`` header wants ``offered``: the q of its most specific range."""
    main = offered.partition("/")[0]
    best, specificity = 0.0, -1
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        media = media.lower()
        rank = {offered: 2, f"{main}/*": 1, "*/*": 0}.get(media, -1)
        if rank > specificity:
            try:
                quality = float(next((p[2:] for p in params if p.startswith("q=")), "1"))
            except ValueError:
                continue
            best, specificity = quality, rank
    return best


def preferred(accept: str | None, offered: tuple[str, ...]) -> str:
    """The representation of ``offered`` an ``Accept`` header prefers; the first on a tie or
    without the header (``negotiate`` has already refused an ``Accept`` that admits none)."""
    if not accept:
        return offered[0]
    return max(offered, key=lambda media: (_quality(accept, media), -offered.index(media)))


async def negotiate(request: Request) -> None:
    """Applied to every route; reads what the route consumes and produces from the route itself."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    response_class = route.response_class
    if isinstance(response_class, DefaultPlaceholder):
        response_class = response_class.value
    # A response class may offer several representations (`media_types`); the route picks one
    # with `preferred`.
    produces = getattr(response_class, "media_types", None) or (
        getattr(response_class, "media_type", None) or "application/json",
    )
    accept = request.headers.get("accept")
    if (
        accept
        and request.method != "DELETE"
        and not any(_acceptable(accept, offered) for offered in produces)
    ):
        raise NotAcceptable(
            f"This resource is only available as {' or '.join(produces)}; Accept was '{accept}'."
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
