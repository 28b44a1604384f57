"""Routes of the compass: the purpose, drivers, phases and work formats."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from sqlmodel import Session

from kompas.compass import auth, service  # noqa: F401 - auth: its property tables
from kompas.compass.models import Driver, Phase, WorkFormat
from kompas.compass.schemas import (
    DriverCreate,
    DriverRead,
    DriverUpdate,
    PhaseCreate,
    PhaseRead,
    PhaseUpdate,
    PurposeRead,
    PurposeWrite,
    WorkFormatCreate,
    WorkFormatRead,
    WorkFormatUpdate,
)
from kompas.core.concurrency import IfMatch, check_if_match
from kompas.core.crud import Collection, add_collection_routes
from kompas.core.db import SessionDep
from kompas.core.models import TenantRecord
from kompas.core.pagecache import kept
from kompas.core.principal import CurrentPrincipal, Editor, Principal
from kompas.core.routing import READ_ONE, respond_one

router = APIRouter()


@router.get("/purpose", tags=["purpose"], response_model=PurposeRead, responses=READ_ONE)
@kept
def read_purpose(response: Response, session: SessionDep, principal: CurrentPrincipal) -> object:
    """The shared purpose (gemeenschappelijke bedoeling): the compass for daily work."""
    return respond_one(response, service.get_purpose(session=session, principal=principal))


@router.put("/purpose", tags=["purpose"], response_model=PurposeRead, responses=READ_ONE)
def replace_purpose(
    body: PurposeWrite,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> object:
    """Replace the shared purpose."""
    purpose = service.get_purpose(session=session, principal=principal)
    check_if_match(if_match, purpose)
    purpose = service.replace_purpose(session=session, purpose=purpose, data=body.model_dump())
    return respond_one(response, purpose)


def _create(model: type[TenantRecord]) -> Any:
    def create(session: Session, principal: Principal, data: dict[str, Any]) -> TenantRecord:
        return service.create(session=session, principal=principal, model=model, data=data)

    return create


def _update(
    session: Session, principal: Principal, record: TenantRecord, changes: dict[str, Any]
) -> TenantRecord:
    return service.update(session=session, principal=principal, record=record, changes=changes)


for collection in (
    Collection(
        path="/drivers",
        tag="drivers",
        id_name="driverId",
        label="driver",
        model=Driver,
        create_schema=DriverCreate,
        update_schema=DriverUpdate,
        read_schema=DriverRead,
        spec=service.DRIVERS,
        writer=Editor,
        create=_create(Driver),
        update=_update,
    ),
    Collection(
        path="/phases",
        tag="phases",
        id_name="phaseId",
        label="phase",
        model=Phase,
        create_schema=PhaseCreate,
        update_schema=PhaseUpdate,
        read_schema=PhaseRead,
        spec=service.PHASES,
        writer=Editor,
        create=_create(Phase),
        update=_update,
    ),
    Collection(
        path="/work-formats",
        tag="work-formats",
        id_name="workFormatId",
        label="work format",
        model=WorkFormat,
        create_schema=WorkFormatCreate,
        update_schema=WorkFormatUpdate,
        read_schema=WorkFormatRead,
        spec=service.WORK_FORMATS,
        writer=Editor,
        create=_create(WorkFormat),
        update=_update,
    ),
):
    add_collection_routes(router, collection)
