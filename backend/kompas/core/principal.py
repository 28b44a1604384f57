"""Who is calling: one type for every kind of caller, and the dependencies that resolve it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import select

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


class PrincipalKind(StrEnum):
    user = "user"


@dataclass(frozen=True)
class Principal:
    """A caller: a web user today; OIDC users and partner tokens resolve to this type too."""

    kind: PrincipalKind
    id: uuid.UUID
    organisation_id: uuid.UUID
    role: Role
    party_id: uuid.UUID | None
    name: str

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
    # Domains depend on core, not the other way round; these two are only needed here.
    from kompas.auth.models import RevokedAccessToken
    from kompas.users.models import User

    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
    token = credentials.credentials
    user: User | None
    if settings.oidc_issuer and token_issuer(token) == settings.oidc_issuer:
        from kompas.auth import oidc  # the municipality's identity provider

        user = oidc.authenticate(session=session, settings=settings, token=token)
    else:
        try:
            claims = decode_access_token(settings, token)
        except InvalidToken as exc:
            raise Unauthorized("The access token is invalid or has expired.") from exc
        if session.get(RevokedAccessToken, claims.token_id) is not None:
            raise Unauthorized("This access token was ended by a logout.")
        request.state.access_claims = claims
        user = session.exec(
            select(User).where(
                User.id == claims.user_id, User.organisation_id == claims.organisation_id
            )
        ).first()
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


CurrentPrincipal = Annotated[Principal, Depends(get_principal)]


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
