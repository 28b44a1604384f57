"""Routes of the joint future agenda: items, their handoffs and status history."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from kompas.agenda import csvroutes, service
from kompas.agenda.models import AgendaItem
from kompas.agenda.schemas import AgendaItemCreate, AgendaItemRead, AgendaItemUpdate
from kompas.core.concurrency import IfMatch, check_if_match, set_etag
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery, list_query
from kompas.core.pagecache import kept
from kompas.core.principal import Contributor, CurrentPrincipal, Principal, SettingsDep
from kompas.core.replica import ReadSessionDep
from kompas.core.routing import CREATED, DELETED, LISTED, READ_ONE, id_param, respond_page
from kompas.core.schemas import page_of
from kompas.joint.router import BallPlayer, BallRoutes, add_ball_routes

router = APIRouter()
router.include_router(csvroutes.router)  # before /agenda-items/{agendaItemId}
TAG = "agenda-items"
AgendaItemId = Annotated[uuid.UUID, id_param("agendaItemId", "agenda item")]


def _one(
    response: Response, session: Session, principal: Principal, item: AgendaItem, days: int
) -> dict[str, Any]:
    set_etag(response, item)
    return service.as_read(session, principal, [item], days)[0]


@router.get("/agenda-items", tags=[TAG], response_model=page_of(AgendaItemRead), responses=LISTED)
@kept
def list_agenda_items(
    request: Request,
    response: Response,
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    query: Annotated[ListQuery, Depends(list_query(service.AGENDA_ITEMS))],
) -> dict[str, Any]:
    """The joint future agenda. `stalled=true&ballHolderId=…` lists the work that lies still
    with one party. A partner sees the items its party leads, holds or takes part in."""
    items, cursor = service.get_all(
        session=session,
        principal=principal,
        query=query,
        stalled_after_days=settings.stalled_after_days,
    )
    return respond_page(response, request, items, cursor)


@router.post(
    "/agenda-items", tags=[TAG], status_code=201, response_model=AgendaItemRead, responses=CREATED
)
def create_agenda_item(
    body: AgendaItemCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Contributor,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Put an item on the agenda, with its lead party, participants and the drivers it serves."""
    item = service.create(session=session, principal=principal, data=body.model_dump())
    response.status_code = 201
    response.headers["Location"] = f"{request.url.path}/{item.id}"
    return _one(response, session, principal, item, settings.stalled_after_days)


@router.get(
    "/agenda-items/{agendaItemId}", tags=[TAG], response_model=AgendaItemRead, responses=READ_ONE
)
@kept
def read_agenda_item(
    item_id: AgendaItemId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
) -> dict[str, Any]:
    """One item, with its successes and meetings (links both ways) and who has the ball."""
    item = service.get(session=session, principal=principal, item_id=item_id)
    return _one(response, session, principal, item, settings.stalled_after_days)


@router.patch(
    "/agenda-items/{agendaItemId}", tags=[TAG], response_model=AgendaItemRead, responses=READ_ONE
)
def update_agenda_item(
    item_id: AgendaItemId,
    body: AgendaItemUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: BallPlayer,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Change an item. The status moves only along the allowed steps (kept in its history); a
    partner changes only items its party leads, holds the ball of or takes part in."""
    item = service.get(session=session, principal=principal, item_id=item_id)
    check_if_match(if_match, item)
    service.update(
        session=session,
        principal=principal,
        item=item,
        changes=body.model_dump(exclude_unset=True),
    )
    return _one(response, session, principal, item, settings.stalled_after_days)


@router.delete("/agenda-items/{agendaItemId}", tags=[TAG], status_code=204, responses=DELETED)
def delete_agenda_item(
    item_id: AgendaItemId,
    if_match: IfMatch,
    session: SessionDep,
    principal: Contributor,
) -> None:
    """Delete an item with its handoffs, history and links (`dropped` keeps it visible)."""
    item = service.get(session=session, principal=principal, item_id=item_id)
    check_if_match(if_match, item)
    service.delete(session=session, item=item)


def _load(session: Session, principal: Principal, item_id: uuid.UUID) -> AgendaItem:
    return service.get(session=session, principal=principal, item_id=item_id)


add_ball_routes(
    router,
    BallRoutes(
        path="/agenda-items/{agendaItemId}",
        id_name="agendaItemId",
        label="agenda item",
        tag=TAG,
        kind=service.KIND,
        load=_load,
    ),
)
