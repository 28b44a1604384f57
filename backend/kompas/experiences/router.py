"""Routes of the experience backpack."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from kompas.core.concurrency import IfMatch, check_if_match, set_etag
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery, list_query
from kompas.core.pagecache import kept
from kompas.core.principal import CurrentPrincipal, Principal
from kompas.core.routing import CREATED, DELETED, LISTED, READ_ONE, id_param, respond_page
from kompas.core.schemas import page_of
from kompas.experiences import service
from kompas.experiences.auth import Sharer
from kompas.experiences.models import Experience
from kompas.experiences.schemas import ExperienceCreate, ExperienceRead, ExperienceUpdate

router = APIRouter()
TAG = "experiences"
ExperienceId = Annotated[uuid.UUID, id_param("experienceId", "experience")]


def _one(
    response: Response, session: Session, principal: Principal, experience: Experience
) -> dict[str, Any]:
    set_etag(response, experience)
    return service.as_read(session, principal, [experience])[0]


@router.get("/experiences", tags=[TAG], response_model=page_of(ExperienceRead), responses=LISTED)
@kept
def list_experiences(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.EXPERIENCES))],
) -> dict[str, Any]:
    """The experience backpack: lessons learned, latest first. A partner sees those shared with
    partners and those that involve its party."""
    items, cursor = service.get_all(session=session, principal=principal, query=query)
    return respond_page(response, request, items, cursor)


@router.post(
    "/experiences",
    tags=[TAG],
    status_code=201,
    response_model=ExperienceRead,
    responses=CREATED,
)
def create_experience(
    body: ExperienceCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Sharer,
) -> dict[str, Any]:
    """Share an experience; you are its author. A partner shares only experiences that involve
    its own party, visible to the organisation or its partners (never `published`)."""
    experience = service.create(session=session, principal=principal, data=body.model_dump())
    response.status_code = 201
    response.headers["Location"] = f"{request.url.path}/{experience.id}"
    return _one(response, session, principal, experience)


@router.get(
    "/experiences/{experienceId}",
    tags=[TAG],
    response_model=ExperienceRead,
    responses=READ_ONE,
)
@kept
def read_experience(
    experience_id: ExperienceId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> dict[str, Any]:
    """One experience, with the records it came from."""
    experience = service.get(session=session, principal=principal, experience_id=experience_id)
    return _one(response, session, principal, experience)


@router.patch(
    "/experiences/{experienceId}",
    tags=[TAG],
    response_model=ExperienceRead,
    responses=READ_ONE,
)
def update_experience(
    experience_id: ExperienceId,
    body: ExperienceUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: Sharer,
) -> dict[str, Any]:
    """Change an experience: its author, or an admin or coordinator. Publishing (`published`)
    and taking it back are for admins, coordinators and members."""
    experience = service.get(session=session, principal=principal, experience_id=experience_id)
    check_if_match(if_match, experience)
    service.update(
        session=session,
        principal=principal,
        experience=experience,
        changes=body.model_dump(exclude_unset=True),
    )
    return _one(response, session, principal, experience)


@router.delete("/experiences/{experienceId}", tags=[TAG], status_code=204, responses=DELETED)
def delete_experience(
    experience_id: ExperienceId,
    if_match: IfMatch,
    session: SessionDep,
    principal: Sharer,
) -> None:
    """Delete an experience with its links: its author, or an admin or coordinator."""
    experience = service.get(session=session, principal=principal, experience_id=experience_id)
    check_if_match(if_match, experience)
    service.delete(session=session, principal=principal, experience=experience)
