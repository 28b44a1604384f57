"""Partner API tokens: made and revoked by admins and coordinators."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from kompas.core.concurrency import IfMatch, check_if_match, set_etag
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery, list_query
from kompas.core.principal import Editor
from kompas.core.routing import CREATED, LISTED, READ_ONE, respond_one, respond_page
from kompas.core.schemas import page_of
from kompas.tokens import auth, service  # noqa: F401 - auth: its property tables
from kompas.tokens.schemas import ApiTokenCreate, ApiTokenCreated, ApiTokenRead

router = APIRouter()
PartnerId = Annotated[uuid.UUID, Path(alias="partnerId", description="The id of the partner.")]
TokenId = Annotated[uuid.UUID, Path(alias="apiTokenId", description="The id of the token.")]


@router.get(
    "/partners/{partnerId}/api-tokens",
    tags=["api-tokens"],
    response_model=page_of(ApiTokenRead),
    responses=LISTED,
)
def list_api_tokens(
    partner_id: PartnerId,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Editor,
    query: Annotated[ListQuery, Depends(list_query(service.API_TOKENS))],
) -> dict[str, object]:
    """A partner's API tokens: name, prefix, scopes, creation, expiry, last use, revocation."""
    items, cursor = service.get_all(
        session=session, principal=principal, partner_id=partner_id, query=query
    )
    return respond_page(response, request, items, cursor)


@router.post(
    "/partners/{partnerId}/api-tokens",
    tags=["api-tokens"],
    status_code=201,
    response_model=ApiTokenCreated,
    responses=CREATED,
)
def create_api_token(
    partner_id: PartnerId,
    body: ApiTokenCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> ApiTokenCreated:
    """Make a token for the partner's own systems. The secret is in this answer only."""
    token, secret = service.create(
        session=session, principal=principal, partner_id=partner_id, data=body.model_dump()
    )
    response.headers["Location"] = f"{request.url.path}/{token.id}"
    set_etag(response, token)
    return ApiTokenCreated.model_validate(
        {**ApiTokenRead.model_validate(token).model_dump(), "token": secret}
    )


@router.get(
    "/partners/{partnerId}/api-tokens/{apiTokenId}",
    tags=["api-tokens"],
    response_model=ApiTokenRead,
    responses=READ_ONE,
)
def read_api_token(
    partner_id: PartnerId,
    token_id: TokenId,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> object:
    """One API token (never its secret)."""
    token = service.get(
        session=session, principal=principal, partner_id=partner_id, token_id=token_id
    )
    return respond_one(response, token)


@router.delete(
    "/partners/{partnerId}/api-tokens/{apiTokenId}", tags=["api-tokens"], status_code=204
)
def revoke_api_token(
    partner_id: PartnerId,
    token_id: TokenId,
    if_match: IfMatch,
    session: SessionDep,
    principal: Editor,
) -> None:
    """Revoke the token at once: every later request with it answers 401."""
    token = service.get(
        session=session, principal=principal, partner_id=partner_id, token_id=token_id
    )
    check_if_match(if_match, token)
    service.revoke(session=session, token=token)
