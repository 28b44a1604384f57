"""Route of the calendar feed: `GET /calendar` as text/calendar (RFC 5545)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from kompas.calendar import service
from kompas.core.db import SessionDep
from kompas.core.errors import BadRequest, InvalidParam, NotFound, refuse_unknown_query
from kompas.core.principal import OptionalPrincipal
from kompas.organisations.models import Organisation

router = APIRouter()
TAG = "calendar"
KNOWN = ("organisation",)


class CalendarResponse(Response):
    media_type = "text/calendar"


CALENDAR_CONTENT = {"text/calendar": {"schema": {"type": "string"}}}


@router.get(
    "/calendar",
    tags=[TAG],
    response_class=CalendarResponse,
    responses={
        200: {
            "description": "An iCalendar (RFC 5545) in UTF-8: one VEVENT per meeting and per "
            "agenda item with a target date (an all-day event).",
            "content": CALENDAR_CONTENT,
        }
    },
    # The Bearer header is optional here: without it, the published calendar of `organisation`.
    openapi_extra={"security": [{}]},
)
def read_calendar(
    request: Request,
    session: SessionDep,
    principal: OptionalPrincipal,
    organisation: Annotated[
        uuid.UUID | None,
        Query(
            description="The id of the organisation whose published calendar to read; required "
            "without a Bearer token, and with one it may only name the caller's own."
        ),
    ] = None,
) -> Response:
    """Meetings and the target dates of agenda items, from a year ago on, to subscribe to.

    With a Bearer token: everything the caller may see. Without one: only what an organisation
    has published (`visibility=published`), chosen with `organisation`; an organisation that does
    not exist answers 404. UIDs are stable (`meeting-<id>@kompas`, `agenda-item-<id>@kompas`)
    and SEQUENCE grows with every change, so calendar apps update events in place."""
    refuse_unknown_query(request.query_params, KNOWN, what="the calendar")
    if principal is None:
        if organisation is None:
            raise BadRequest(
                "Say whose calendar: without a Bearer token, `organisation` is required.",
                invalid_params=[
                    InvalidParam(
                        name="organisation",
                        reason="Required without a Bearer token.",
                        code="missing",
                    )
                ],
            )
        found = session.get(Organisation, organisation)
        if found is None:
            raise NotFound(f"There is no organisation with id {organisation}.")
        meetings, items = service.published_records(session, found.id)
        name = f"Kompas – {found.name}"
    else:
        if organisation is not None and organisation != principal.organisation_id:
            raise BadRequest(
                "With a Bearer token the calendar is that of your own organisation.",
                invalid_params=[
                    InvalidParam(
                        name="organisation",
                        reason="Leave it out, or name your own organisation.",
                        code="other-organisation",
                    )
                ],
            )
        own = session.get(Organisation, principal.organisation_id)
        meetings, items = service.records(session, principal)
        name = f"Kompas – {own.name if own else ''}".rstrip(" –")
    return CalendarResponse(
        service.render(name, meetings, items),
        headers={"Content-Disposition": 'inline; filename="kompas.ics"'},
    )
