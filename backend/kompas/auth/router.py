"""The OAuth 2.0 token endpoint (password grant) for the web app and scripts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form

from kompas.auth import service
from kompas.auth.schemas import TokenRequest, TokenResponse
from kompas.core.db import SessionDep
from kompas.core.errors import BadRequest
from kompas.core.principal import SettingsDep
from kompas.core.security import create_access_token

router = APIRouter()


@router.post("/auth/token", tags=["auth"], response_model=TokenResponse)
def create_token(
    form: Annotated[TokenRequest, Form()], session: SessionDep, settings: SettingsDep
) -> TokenResponse:
    """Log in with e-mail and password (OAuth 2.0 password grant); answers an access token."""
    user = service.authenticate(
        session=session, email=form.username.strip(), password=form.password
    )
    if user is None:
        # The same answer whether the account exists or not (RFC 6749 5.2 invalid_grant).
        raise BadRequest(
            "The e-mail address or password is incorrect.", extra={"error": "invalid_grant"}
        )
    token, expires_in = create_access_token(
        settings, user_id=user.id, organisation_id=user.organisation_id
    )
    return TokenResponse(access_token=token, expires_in=expires_in)
