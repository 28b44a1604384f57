"""The OAuth 2.0 token endpoint (password grant) for the web app and scripts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form

from kompas.auth import service
from kompas.auth.schemas import TokenResponse
from kompas.core.db import SessionDep
from kompas.core.errors import BadRequest
from kompas.core.principal import SettingsDep
from kompas.core.security import create_access_token

router = APIRouter()


@router.post(
    "/auth/token",
    tags=["auth"],
    response_model=TokenResponse,
    openapi_extra={"security": []},
)
def create_token(
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=254, description="Your e-mail address.")],
    password: Annotated[str, Form(max_length=256)],
    grant_type: Annotated[str | None, Form(pattern="^password$")] = None,
) -> TokenResponse:
    """Log in with e-mail and password (OAuth 2.0 password grant); answers an access token."""
    user = service.authenticate(session=session, email=username.strip(), password=password)
    if user is None:
        # The same answer whether the account exists or not (RFC 6749 5.2 invalid_grant).
        raise BadRequest(
            "The e-mail address or password is incorrect.", extra={"error": "invalid_grant"}
        )
    token, expires_in = create_access_token(
        settings, user_id=user.id, organisation_id=user.organisation_id
    )
    return TokenResponse(access_token=token, expires_in=expires_in)
