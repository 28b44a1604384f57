"""Routes of shared successes and their endorsements."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from sqlmodel import Session

from kompas.core.concurrency import IfMatch, check_etag_match, check_if_match, set_etag
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery, list_query
from kompas.core.pagecache import kept
from kompas.core.principal import CurrentPrincipal, Principal
from kompas.core.routing import CREATED, DELETED, LISTED, READ_ONE, id_param, respond_page
from kompas.core.schemas import page_of
from kompas.joint.router import BallPlayer
from kompas.successes import service
from kompas.successes.models import Endorsement, Success
from kompas.successes.schemas import (
    EndorsementCreate,
    EndorsementRead,
    SuccessCreate,
    SuccessRead,
    SuccessUpdate,
)

router = APIRouter()
TAG = "successes"
SuccessId = Annotated[uuid.UUID, id_param("successId", "success")]
EndorsementId = Annotated[
    uuid.UUID, Path(alias="endorsementId", description="The id of the endorsement.")
]
# An endorsement is never changed, only withdrawn: its version is always the first.
ENDORSEMENT_ETAG = '"1"'


def _one(
    response: Response, session: Session, principal: Principal, success: Success
) -> dict[str, Any]:
    set_etag(response, success)
    return service.as_read(session, principal, [success])[0]


@router.get("/successes", tags=[TAG], response_model=page_of(SuccessRead), responses=LISTED)
@kept
def list_successes(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.SUCCESSES))],
) -> dict[str, Any]:
    """Shared successes, latest first. A partner sees those shared with partners and those that
    name its party."""
    items, cursor = service.get_all(session=session, principal=principal, query=query)
    return respond_page(response, request, items, cursor)


@router.post(
    "/successes", tags=[TAG], status_code=201, response_model=SuccessRead, responses=CREATED
)
def create_success(
    body: SuccessCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: BallPlayer,
) -> dict[str, Any]:
    """Name a success, with the parties involved and what it relates to. A partner names only
    successes that list its own party."""
    success = service.create(session=session, principal=principal, data=body.model_dump())
    response.status_code = 201
    response.headers["Location"] = f"{request.url.path}/{success.id}"
    return _one(response, session, principal, success)


@router.get("/successes/{successId}", tags=[TAG], response_model=SuccessRead, responses=READ_ONE)
@kept
def read_success(
    success_id: SuccessId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    """One success, with its endorsements and the meetings it came out of."""
    success = service.get(session=session, principal=principal, success_id=success_id)
    return _one(response, session, principal, success)


@router.patch("/successes/{successId}", tags=[TAG], response_model=SuccessRead, responses=READ_ONE)
def update_success(
    success_id: SuccessId,
    body: SuccessUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: BallPlayer,
) -> dict[str, Any]:
    """Change a success; a partner only one that lists its party (and it stays listed)."""
    success = service.get(session=session, principal=principal, success_id=success_id)
    check_if_match(if_match, success)
    service.update(
        session=session,
        principal=principal,
        success=success,
        changes=body.model_dump(exclude_unset=True),
    )
    return _one(response, session, principal, success)


@router.delete("/successes/{successId}", tags=[TAG], status_code=204, responses=DELETED)
def delete_success(
    success_id: SuccessId,
    if_match: IfMatch,
    session: SessionDep,
    principal: BallPlayer,
) -> None:
    """Delete a success with its endorsements and links."""
    success = service.get(session=session, principal=principal, success_id=success_id)
    check_if_match(if_match, success)
    service.delete(session=session, principal=principal, success=success)


@router.get(
    "/successes/{successId}/endorsements",
    tags=[TAG],
    response_model=page_of(EndorsementRead),
    responses=LISTED,
)
@kept
def list_success_endorsements(
    success_id: SuccessId,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.ENDORSEMENTS))],
) -> dict[str, Any]:
    """The parties that see the success as theirs too, oldest first."""
    success = service.get(session=session, principal=principal, success_id=success_id)
    items, cursor = service.get_endorsements(session=session, success=success, query=query)
    return respond_page(response, request, items, cursor)


@router.post(
    "/successes/{successId}/endorsements",
    tags=[TAG],
    status_code=201,
    response_model=EndorsementRead,
    responses=CREATED,
)
def create_success_endorsement(
    success_id: SuccessId,
    body: EndorsementCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: BallPlayer,
) -> Endorsement:
    """Your party endorses the success ("we see this as ours too"): only a party the success
    lists, once (409 when again). A caller without a party cannot endorse (403)."""
    success = service.get(session=session, principal=principal, success_id=success_id)
    endorsement = service.endorse(
        session=session, principal=principal, success=success, comment=body.comment
    )
    response.status_code = 201
    response.headers["Location"] = f"{request.url.path}/{endorsement.id}"
    response.headers["ETag"] = ENDORSEMENT_ETAG
    return endorsement


@router.get(
    "/successes/{successId}/endorsements/{endorsementId}",
    tags=[TAG],
    response_model=EndorsementRead,
    responses=READ_ONE,
)
@kept
def read_success_endorsement(
    success_id: SuccessId,
    endorsement_id: EndorsementId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> Endorsement:
    """One endorsement."""
    success = service.get(session=session, principal=principal, success_id=success_id)
    endorsement = service.get_endorsement(
        session=session, success=success, endorsement_id=endorsement_id
    )
    response.headers["ETag"] = ENDORSEMENT_ETAG
    return endorsement


@router.delete(
    "/successes/{successId}/endorsements/{endorsementId}",
    tags=[TAG],
    status_code=204,
    responses=DELETED,
)
def delete_success_endorsement(
    success_id: SuccessId,
    endorsement_id: EndorsementId,
    if_match: IfMatch,
    session: SessionDep,
    principal: BallPlayer,
) -> None:
    """Withdraw an endorsement: the party that gave it (or a coordinator)."""
    success = service.get(session=session, principal=principal, success_id=success_id)
    endorsement = service.get_endorsement(
        session=session, success=success, endorsement_id=endorsement_id
    )
    check_etag_match(if_match, ENDORSEMENT_ETAG)
    service.withdraw(session=session, principal=principal, endorsement=endorsement)
