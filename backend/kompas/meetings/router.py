"""Routes of meetings: sessions of the programme, who took part and what came out of them."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from kompas.core.concurrency import IfMatch, check_if_match, set_etag
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery, list_query
from kompas.core.pagecache import kept
from kompas.core.principal import Contributor, CurrentPrincipal, Principal
from kompas.core.routing import CREATED, DELETED, LISTED, READ_ONE, id_param, respond_page
from kompas.core.schemas import page_of
from kompas.meetings import service
from kompas.meetings.models import Meeting
from kompas.meetings.schemas import MeetingCreate, MeetingRead, MeetingUpdate

router = APIRouter()
TAG = "meetings"
MeetingId = Annotated[uuid.UUID, id_param("meetingId", "meeting")]


def _one(
    response: Response, session: Session, principal: Principal, meeting: Meeting
) -> dict[str, Any]:
    set_etag(response, meeting)
    return service.as_read(session, principal, [meeting])[0]


@router.get("/meetings", tags=[TAG], response_model=page_of(MeetingRead), responses=LISTED)
@kept
def list_meetings(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.MEETINGS))],
) -> dict[str, Any]:
    """Meetings, first to start first; `startsAfter`/`startsBefore` take a period. A partner sees
    the meetings its party is at and those shared with partners."""
    items, cursor = service.get_all(session=session, principal=principal, query=query)
    return respond_page(response, request, items, cursor)


@router.post(
    "/meetings", tags=[TAG], status_code=201, response_model=MeetingRead, responses=CREATED
)
def create_meeting(
    body: MeetingCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Contributor,
) -> dict[str, Any]:
    """Plan or record a meeting, with the parties and people at the table and its outcomes."""
    meeting = service.create(session=session, principal=principal, data=body.model_dump())
    response.status_code = 201
    response.headers["Location"] = f"{request.url.path}/{meeting.id}"
    return _one(response, session, principal, meeting)


@router.get("/meetings/{meetingId}", tags=[TAG], response_model=MeetingRead, responses=READ_ONE)
@kept
def read_meeting(
    meeting_id: MeetingId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    """One meeting, with what came out of it."""
    meeting = service.get(session=session, principal=principal, meeting_id=meeting_id)
    return _one(response, session, principal, meeting)


@router.patch("/meetings/{meetingId}", tags=[TAG], response_model=MeetingRead, responses=READ_ONE)
def update_meeting(
    meeting_id: MeetingId,
    body: MeetingUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: Contributor,
) -> dict[str, Any]:
    """Change a meeting, e.g. record its outcomes afterwards."""
    meeting = service.get(session=session, principal=principal, meeting_id=meeting_id)
    check_if_match(if_match, meeting)
    service.update(
        session=session,
        principal=principal,
        meeting=meeting,
        changes=body.model_dump(exclude_unset=True),
    )
    return _one(response, session, principal, meeting)


@router.delete("/meetings/{meetingId}", tags=[TAG], status_code=204, responses=DELETED)
def delete_meeting(
    meeting_id: MeetingId,
    if_match: IfMatch,
    session: SessionDep,
    principal: Contributor,
) -> None:
    """Delete a meeting with its links (what it linked to stays)."""
    meeting = service.get(session=session, principal=principal, meeting_id=meeting_id)
    check_if_match(if_match, meeting)
    service.delete(session=session, meeting=meeting)
