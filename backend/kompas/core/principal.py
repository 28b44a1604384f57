"""Who is calling: one type for every kind of caller, and the dependencies routes declare it with.

How a token becomes a caller (password JWT, OIDC, partner token) is the access domain's business
(kompas.auth.dependencies), registered on the app at start-up."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from kompas.core.config import Settings
from kompas.core.db import SessionDep
from kompas.core.errors import Forbidden, Unauthorized


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


async def get_settings_from_app(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_from_app)]


# Resolves a Bearer token to its caller, or raises Unauthorized/Forbidden. The access domain
# provides it (kompas.auth.dependencies) and the app registers it at start-up, so that core, which
# every domain imports, imports none of them.
PrincipalResolver = Callable[[Request, Session, Settings, str], Principal]
RESOLVER_KEY = "resolve_principal"


def get_principal(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller behind the Bearer token; 401 for a missing, invalid or expired one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized(headers={"WWW-Authenticate": "Bearer"})
    resolve: PrincipalResolver = getattr(request.app.state, RESOLVER_KEY)
    principal = resolve(request, session, settings, credentials.credentials)
    request.state.principal = principal
    # The audit trail attributes this request's writes to the caller (kompas.audit.recorder).
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


def require_roles(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets only the given roles through (403 for the others)."""

    allowed = ", ".join(roles)

    async def dependency(principal: CurrentPrincipal) -> Principal:
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
