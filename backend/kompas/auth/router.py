"""The OAuth 2.0 token endpoint (password and refresh-token grants) and logout."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request

from kompas.auth import service
from kompas.auth.models import RefreshToken
from kompas.auth.schemas import (
    AuthConfig,
    LogoutRequest,
    OidcLoginConfig,
    TokenRequest,
    TokenResponse,
)
from kompas.core.db import SessionDep
from kompas.core.errors import BadRequest, InvalidParam
from kompas.core.principal import CurrentPrincipal, SettingsDep
from kompas.core.ratelimit import RateLimiterDep, client_address

router = APIRouter()


def _missing(*names: str) -> BadRequest:
    params = [InvalidParam(name=name, reason="Field required.", code="missing") for name in names]
    return BadRequest(
        f"The request has {len(params)} invalid parameter(s): {', '.join(names)}.",
        invalid_params=params,
    )


@router.post("/auth/token", tags=["auth"], response_model=TokenResponse)
def create_token(
    form: Annotated[TokenRequest, Form()],
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limiter: RateLimiterDep,
) -> TokenResponse:
    """Log in with e-mail and password, or exchange a refresh token (OAuth 2.0 grants)."""
    if form.grant_type == "refresh_token":
        if not form.refresh_token:
            raise _missing("refresh_token")
        result = service.refresh(session=session, settings=settings, secret=form.refresh_token)
        if isinstance(result, RefreshToken):
            # A reused token: its family stays revoked although the answer is an error.
            session.commit()
            raise service.invalid_grant("The refresh token was already used; log in again.")
        access, expires_in, refresh, refresh_expires_in = result
    else:
        if form.username is None or form.password is None:
            raise _missing(
                *(name for name in ("username", "password") if getattr(form, name) is None)
            )
        email = form.username.strip()
        # Counted before the password is checked, for an unknown e-mail address just the same.
        attempt = limiter.start_login(email=email, address=client_address(request.scope))
        user = service.authenticate(session=session, email=email, password=form.password)
        if user is None:
            # The same answer whether the account exists or not (RFC 6749 5.2 invalid_grant).
            raise service.invalid_grant("The e-mail address or password is incorrect.")
        limiter.login_succeeded(attempt)
        access, expires_in, refresh, refresh_expires_in = service.issue_tokens(
            session=session, settings=settings, user=user
        )
    return TokenResponse(
        access_token=access,
        expires_in=expires_in,
        refresh_token=refresh,
        refresh_expires_in=refresh_expires_in,
    )


@router.get("/auth/config", tags=["auth"], response_model=AuthConfig)
def read_auth_config(settings: SettingsDep) -> AuthConfig:
    """How to log in: which methods exist, and the identity provider the web app can use.

    Public, so the login page can ask before anyone is logged in. See docs/oidc.md.
    """
    oidc = None
    if settings.oidc_issuer:
        oidc = OidcLoginConfig(
            issuer=settings.oidc_issuer,
            client_id=settings.oidc_web_client_id,
            scopes=settings.oidc_scopes,
        )
    return AuthConfig(oidc=oidc)


@router.post("/auth/logout", tags=["auth"], status_code=204)
def logout(
    body: LogoutRequest, request: Request, session: SessionDep, principal: CurrentPrincipal
) -> None:
    """End your session: its access tokens and refresh tokens stop working at once.

    Send `{"refreshToken": …}` with this session's refresh token to end this session only; the
    refresh token of another session of yours ends that one as well. A refresh token that is
    not yours answers 400 and ends nothing. Send `{}` to end every session of yours at once
    (log out everywhere): every access and refresh token Kompas issued to you. Partner API
    tokens and the identity provider's tokens are not sessions of yours; see docs/sessions.md.
    """
    service.logout(
        session=session,
        user_id=principal.id,
        organisation_id=principal.organisation_id,
        access_token=getattr(request.state, "access_claims", None),
        refresh_secret=body.refresh_token,
    )
