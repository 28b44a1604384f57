"""Who is calling: one type for every kind of caller, and the dependencies that resolve it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from kompas.core.config import Settings
from kompas.core.db import SessionDep
from kompas.core.errors import Forbidden, Unauthorized
from kompas.core.security import InvalidToken, decode_access_token, token_issuer


class Role(StrEnum):
    admin = "admin"
    coordinator = "coordinator"
    member = "member"
    partner = "partner"
    viewer = "viewer"


PRINCIPAL_KEY = "kompas.principal"
TOKEN_PREFIX = "kompas_pat_"  # noqa: S105 - a name, not a secret


class PrincipalKind(StrEnum):
    user = "user"
    token = "token"  # a partner's API token  # noqa: S105 - a name, not a secret


@dataclass(frozen=True)
class Principal:
    """A caller: a web user today; OIDC users and partner tokens resolve to this type too."""

    kind: PrincipalKind
    id: uuid.UUID
    organisation_id: uuid.UUID
    role: Role
    party_id: uuid.UUID | None
    name: str
    # What a partner token may do (e.g. `needs:write`); None for users, who are not scope-limited.
    scopes: frozenset[str] | None = None

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles


_bearer = HTTPBearer(
    auto_error=False,
    description="An access token from `POST /api/v1/auth/token`, as `Authorization: Bearer …`.",
)


def get_settings_from_app(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]


def get_principal(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller behind the Bearer token; 401 for a missing, invalid or expired one."""
    # Domains depend on core, not the other way round; these are only needed here.
    from kompas.auth import service as auth_service
    from kompas.users.models import User

    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
    token = credentials.credentials
    if token.startswith(TOKEN_PREFIX):
        return _token_principal(request, session, token)
    user: User | None
    if settings.oidc_issuer and token_issuer(token) == settings.oidc_issuer:
        from kompas.auth import oidc  # the municipality's identity provider

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
    principal = Principal(
        kind=PrincipalKind.user,
        id=user.id,
        organisation_id=user.organisation_id,
        role=Role(user.role),
        party_id=user.party_id,
        name=user.name,
    )
    request.state.principal = principal
    # The audit trail attributes this request's writes to the caller (kompas.audit.recorder).
    session.info[PRINCIPAL_KEY] = principal
    return principal


def _token_principal(request: Request, session: Session, secret: str) -> Principal:
    """A partner's API token: 401 unless usable, 403 outside its scopes."""
    from kompas.tokens import service as token_service
    from kompas.tokens.scopes import required_scope

    token = token_service.find_usable(session=session, secret=secret)
    if token is None:
        raise Unauthorized("The API token is unknown, expired or revoked.")
    scopes = frozenset(token.scopes)
    principal = Principal(
        kind=PrincipalKind.token,
        id=token.id,
        organisation_id=token.organisation_id,
        role=Role.partner,
        party_id=token.party_id,
        name=token.name,
        scopes=scopes,
    )
    route = request.scope.get("route")
    needed = required_scope(getattr(route, "path", ""), request.method)
    if needed is None:
        raise Forbidden("API tokens cannot be used here; this is for people who log in.")
    if needed not in scopes:
        raise Forbidden(f"This API token lacks the scope {needed}.")
    request.state.principal = principal
    session.info[PRINCIPAL_KEY] = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


def get_optional_principal(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal | None:
    """None without an ``Authorization`` header (a route serving published content to everyone);
    with one, the caller exactly as ``get_principal`` finds it: a bad token is still a 401."""
    if credentials is None and "authorization" not in request.headers:
        return None
    return get_principal(request, session, settings, credentials)


OptionalPrincipal = Annotated[Principal | None, Depends(get_optional_principal)]


def require_roles(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets only the given roles through (403 for the others)."""

    allowed = ", ".join(roles)

    def dependency(principal: CurrentPrincipal) -> Principal:
        if principal.role not in roles:
            raise Forbidden(f"This needs one of the roles: {allowed}.")
        return principal

    return dependency


# The role groups most rules are made of; each domain's auth.py names its own rules with them.
EDITORS = (Role.admin, Role.coordinator)
CONTRIBUTORS = (Role.admin, Role.coordinator, Role.member)

Editor = Annotated[Principal, Depends(require_roles(*EDITORS))]
Contributor = Annotated[Principal, Depends(require_roles(*CONTRIBUTORS))]
Admin = Annotated[Principal, Depends(require_roles(Role.admin))]
