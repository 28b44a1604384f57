"""The audit trail, read-only, for admins and coordinators."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from kompas.audit import service
from kompas.audit.schemas import AuditEventRead
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery, list_query
from kompas.core.principal import Editor
from kompas.core.routing import LISTED, respond_page
from kompas.core.schemas import page_of

router = APIRouter()
AuditEventId = Annotated[uuid.UUID, Path(alias="auditEventId", description="The id of the event.")]


@router.get(
    "/audit-events", tags=["audit-events"], response_model=page_of(AuditEventRead), responses=LISTED
)
def list_audit_events(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Editor,
    query: Annotated[ListQuery, Depends(list_query(service.AUDIT_EVENTS))],
) -> dict[str, object]:
    """Who changed what, when: every write in the organisation (admins and coordinators)."""
    items, cursor = service.get_all(session=session, principal=principal, query=query)
    return respond_page(response, request, items, cursor)


@router.get("/audit-events/{auditEventId}", tags=["audit-events"], response_model=AuditEventRead)
def read_audit_event(event_id: AuditEventId, session: SessionDep, principal: Editor) -> object:
    """One audit event."""
    return service.get(session=session, principal=principal, event_id=event_id)
