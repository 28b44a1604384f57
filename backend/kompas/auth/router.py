"""The OAuth 2.0 token endpoint (password and refresh-token grants) and logout."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request

from kompas.auth import service
from kompas.auth.schemas import LogoutRequest, TokenRequest, TokenResponse
from kompas.core.db import SessionDep
from kompas.core.errors import BadRequest, InvalidParam
from kompas.core.principal import CurrentPrincipal, SettingsDep

router = APIRouter()


def _missing(*names: str) -> BadRequest:
    return BadRequest(
        f"This grant needs: {', '.join(names)}.",
        invalid_params=[
            InvalidParam(name=n, reason="Field required.", code="missing") for n in names
        ],
    )


@router.post("/auth/token", tags=["auth"], response_model=TokenResponse)
def create_token(
    form: Annotated[TokenRequest, Form()], session: SessionDep, settings: SettingsDep
) -> TokenResponse:
    """Log in with e-mail and password, or exchange a refresh token (OAuth 2.0 grants)."""
    if form.grant_type == "refresh_token":
        if not form.refresh_token:
            raise _missing("refresh_token")
        outcome = service.refresh(session=session, settings=settings, secret=form.refresh_token)
        if not isinstance(outcome, tuple):
            # A reused token: keep the revocation of its family, then refuse.
            session.commit()
            raise service.invalid_grant("This refresh token was already used; log in again.")
        access, expires_in, refresh, refresh_expires_in = outcome
    else:
        missing = [name for name in ("username", "password") if not getattr(form, name)]
        if missing:
            raise _missing(*missing)
        assert form.username is not None
        assert form.password is not None
        user = service.authenticate(
            session=session, email=form.username.strip(), password=form.password
        )
        if user is None:
            # The same answer whether the account exists or not (RFC 6749 5.2 invalid_grant).
            raise service.invalid_grant("The e-mail address or password is incorrect.")
        access, expires_in, refresh, refresh_expires_in = service.issue_tokens(
            session=session, settings=settings, user=user
        )
    return TokenResponse(
        access_token=access,
        expires_in=expires_in,
        refresh_token=refresh,
        refresh_expires_in=refresh_expires_in,
    )


@router.post("/auth/logout", tags=["auth"], status_code=204)
def logout(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    body: LogoutRequest,
) -> None:
    """End this session: the access token and its refresh tokens stop working at once.

    Send `{"refreshToken": …}` to end this session only, or `{}` to end all of yours."""
    # Only Kompas' own access tokens can be ended here; an identity provider's ends at the IdP.
    claims = getattr(request.state, "access_claims", None)
    service.logout(
        session=session,
        user_id=principal.id,
        organisation_id=principal.organisation_id,
        access_token=(claims.token_id, claims.expires_at) if claims else None,
        refresh_secret=body.refresh_token,
    )
