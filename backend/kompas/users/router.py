"""Routes for users (admins manage them) and for the caller's own account."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from kompas.core.concurrency import IfMatch, check_if_match
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery, list_query
from kompas.core.pagecache import kept
from kompas.core.principal import Admin, CurrentPrincipal
from kompas.core.routing import (
    CREATED,
    LISTED,
    READ_ONE,
    respond_created,
    respond_one,
    respond_page,
)
from kompas.core.schemas import page_of
from kompas.users import auth, service  # noqa: F401 - auth: its property tables
from kompas.users.schemas import Me, UserCreate, UserRead, UserUpdate

router = APIRouter()
UserId = Annotated[uuid.UUID, Path(alias="userId", description="The id of the user.")]


@router.get("/me", tags=["me"], response_model=Me)
@kept
def read_me(session: SessionDep, principal: CurrentPrincipal) -> Me:
    """Who you are logged in as: your role, your party, your organisation."""
    return Me(**service.profile(session=session, principal=principal))


@router.get("/users", tags=["users"], response_model=page_of(UserRead), responses=LISTED)
@kept
def list_users(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Admin,
    query: Annotated[ListQuery, Depends(list_query(service.USERS))],
) -> dict[str, object]:
    """The organisation's users (admins only)."""
    items, cursor = service.get_all(session=session, principal=principal, query=query)
    return respond_page(response, request, items, cursor)


@router.post("/users", tags=["users"], status_code=201, response_model=UserRead, responses=CREATED)
def create_user(
    body: UserCreate, request: Request, response: Response, session: SessionDep, principal: Admin
) -> object:
    """Create a user with an initial password (admins only)."""
    user = service.create(session=session, principal=principal, data=body.model_dump())
    return respond_created(response, request, user)


@router.get("/users/{userId}", tags=["users"], response_model=UserRead, responses=READ_ONE)
@kept
def read_user(user_id: UserId, response: Response, session: SessionDep, principal: Admin) -> object:
    """One user (admins only)."""
    return respond_one(response, service.get(session=session, principal=principal, user_id=user_id))


@router.patch("/users/{userId}", tags=["users"], response_model=UserRead, responses=READ_ONE)
def update_user(
    user_id: UserId,
    body: UserUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: Admin,
) -> object:
    """Change a user's name, role, party, or block their login (admins only)."""
    user = service.get(session=session, principal=principal, user_id=user_id)
    check_if_match(if_match, user)
    user = service.update(
        session=session, principal=principal, user=user, changes=body.model_dump(exclude_unset=True)
    )
    return respond_one(response, user)
