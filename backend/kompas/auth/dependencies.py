"""Who is calling: a Bearer token resolved to its caller (password JWT, OIDC, partner token).

Routes declare the caller with ``kompas.core.principal`` (``CurrentPrincipal``, ``Editor``, …);
``resolve_principal`` is what those dependencies call, registered on the app at start-up
(``kompas.main``), so that core imports no domain and every domain can declare its callers.
"""

from __future__ import annotations

from fastapi import Request
from sqlmodel import Session

from kompas.auth import oidc
from kompas.auth import service as auth_service
from kompas.core.config import Settings
from kompas.core.errors import Forbidden, Unauthorized
from kompas.core.principal import TOKEN_PREFIX, Principal, PrincipalKind, Role
from kompas.core.security import InvalidToken, decode_access_token, token_issuer
from kompas.tokens import service as token_service
from kompas.tokens.scopes import required_scope
from kompas.users.models import User


def resolve_principal(
    request: Request, session: Session, settings: Settings, token: str
) -> Principal:
    """The caller a Bearer token stands for; 401 unless usable, 403 outside a token's scopes."""
    if token.startswith(TOKEN_PREFIX):
        return _token_principal(request, session, token)
    user: User | None
    if settings.oidc_issuer and token_issuer(token) == settings.oidc_issuer:
        # the municipality's identity provider
        user = oidc.authenticate(session=session, settings=settings, token=token)
    else:
        try:
            claims = decode_access_token(settings, token)
        except InvalidToken as exc:
            raise Unauthorized("The access token is invalid or has expired.") from exc
        request.state.access_claims = claims
        # One statement: the user, and whether a logout has ended this token or its session.
        user = auth_service.user_of_access_token(session=session, claims=claims)
    if user is None or not user.is_active:
        raise Unauthorized("The access token is invalid or has expired.")
    return Principal(
        kind=PrincipalKind.user,
        id=user.id,
        organisation_id=user.organisation_id,
        role=Role(user.role),
        party_id=user.party_id,
        name=user.name,
    )


def _token_principal(request: Request, session: Session, secret: str) -> Principal:
    """A partner's API token: 401 unless usable, 403 outside its scopes."""
    token = token_service.find_usable(session=session, secret=secret)
    if token is None:
        raise Unauthorized("The API token is unknown, expired or revoked.")
    scopes = frozenset(token.scopes)
    route = request.scope.get("route")
    needed = required_scope(getattr(route, "path", ""), request.method)
    if needed is None:
        raise Forbidden("API tokens cannot be used here; this is for people who log in.")
    if needed not in scopes:
        raise Forbidden(f"This API token lacks the scope {needed}.")
    return Principal(
        kind=PrincipalKind.token,
        id=token.id,
        organisation_id=token.organisation_id,
        role=Role.partner,
        party_id=token.party_id,
        name=token.name,
        scopes=scopes,
    )
