"""Routes of personal commitments: my own (read, replace, delete, export), the shared ones of
colleagues, and how many people made one."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from kompas.commitments import service
from kompas.commitments.models import Commitment
from kompas.commitments.schemas import (
    CommitmentExport,
    CommitmentRead,
    CommitmentSummary,
    CommitmentWrite,
)
from kompas.core.concurrency import IfMatch, check_if_match, set_etag
from kompas.core.db import SessionDep
from kompas.core.errors import PreconditionFailed
from kompas.core.listing import ListQuery, list_query
from kompas.core.pagecache import kept
from kompas.core.principal import CurrentPrincipal, Editor, Principal
from kompas.core.routing import CREATED, DELETED, LISTED, READ_ONE, id_param, respond_page
from kompas.core.schemas import page_of

router = APIRouter()
TAG = "commitments"
CommitmentId = Annotated[uuid.UUID, id_param("commitmentId", "commitment")]
EXPORT_NAME = "kompas-mijn-inzet.json"


def _one(
    response: Response, session: Session, principal: Principal, commitment: Commitment
) -> dict[str, Any]:
    set_etag(response, commitment)
    return service.as_read(session, principal, [commitment])[0]


@router.get("/commitments", tags=[TAG], response_model=page_of(CommitmentRead), responses=LISTED)
@kept
def list_commitments(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.COMMITMENTS))],
) -> dict[str, Any]:
    """Your own commitment and those colleagues shared (staff only; a partner sees only its
    own), latest first. A private commitment of someone else is never listed, to anyone."""
    items, cursor = service.get_all(session=session, principal=principal, query=query)
    return respond_page(response, request, items, cursor)


@router.get("/commitments/mine", tags=[TAG], response_model=CommitmentRead, responses=READ_ONE)
@kept
def read_my_commitment(
    response: Response, session: SessionDep, principal: CurrentPrincipal
) -> dict[str, Any]:
    """Your own commitment; 404 when you have made none."""
    commitment = service.get_mine(session=session, principal=principal)
    return _one(response, session, principal, commitment)


@router.put(
    "/commitments/mine",
    tags=[TAG],
    response_model=CommitmentRead,
    responses={**READ_ONE, **CREATED},
)
def replace_my_commitment(
    body: CommitmentWrite,
    if_match: IfMatch,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    """Make your commitment (201) or replace it as a whole (200, with `If-Match`). Without
    `shared: true` it stays private: nobody but you reads it."""
    commitment = service.find_mine(session=session, principal=principal)
    data = body.model_dump()
    if commitment is None:
        if if_match is not None and if_match.strip():
            # The one the caller edited is gone (deleted in another tab): not silently made anew.
            raise PreconditionFailed(
                "You have no commitment now, so there is no version to match; "
                "send it without If-Match to make a new one."
            )
        commitment = service.create(session=session, principal=principal, data=data)
        response.status_code = 201
        response.headers["Location"] = f"{request.url.path.rsplit('/', 1)[0]}/{commitment.id}"
    else:
        check_if_match(if_match, commitment)
        commitment = service.replace(
            session=session, principal=principal, commitment=commitment, data=data
        )
    return _one(response, session, principal, commitment)


@router.delete("/commitments/mine", tags=[TAG], status_code=204, responses=DELETED)
def delete_my_commitment(
    if_match: IfMatch, session: SessionDep, principal: CurrentPrincipal
) -> None:
    """Delete your commitment; the audit trail keeps only that it existed, never its words."""
    commitment = service.get_mine(session=session, principal=principal)
    check_if_match(if_match, commitment)
    service.delete(session=session, commitment=commitment)


@router.get(
    "/commitments/mine/export",
    tags=[TAG],
    response_model=CommitmentExport,
    responses={
        200: {
            "headers": {
                "Content-Disposition": {
                    "description": "`attachment`, with a file name: a browser saves it.",
                    "schema": {"type": "string"},
                }
            }
        }
    },
)
def export_my_commitment(
    response: Response, session: SessionDep, principal: CurrentPrincipal
) -> dict[str, Any]:
    """Everything Kompas holds of your commitment, as a JSON file to keep; only ever your own."""
    response.headers["Content-Disposition"] = f'attachment; filename="{EXPORT_NAME}"'
    return service.export(session=session, principal=principal)


@router.get("/commitments/summary", tags=[TAG], response_model=CommitmentSummary)
@kept
def read_commitment_summary(session: SessionDep, principal: Editor) -> dict[str, Any]:
    """How many people made a commitment and how many shared it, per party of the author
    (people without a party last): counts only, for admins and coordinators."""
    return service.summary(session=session, principal=principal)


@router.get(
    "/commitments/{commitmentId}", tags=[TAG], response_model=CommitmentRead, responses=READ_ONE
)
@kept
def read_commitment(
    commitment_id: CommitmentId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    """One commitment: your own, or one a colleague shared (staff only). Someone else's private
    commitment answers 404, to every role."""
    commitment = service.get(session=session, principal=principal, commitment_id=commitment_id)
    return _one(response, session, principal, commitment)
