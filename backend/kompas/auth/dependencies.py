"""Who is calling: a Bearer token resolved to its caller (password JWT, OIDC, partner token).

Routes declare the caller with ``kompas.core.principal`` (``CurrentPrincipal``, ``Editor``, …);
``resolve_principal`` is what those dependencies call, registered on the app at start-up
(``kompas.main``), so that core imports no domain and every domain can declare its callers.
``idempotency_caller`` is registered beside it: whose ``Idempotency-Key``s a POST uses.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from kompas.auth import oidc
from kompas.auth import service as auth_service
from kompas.core.config import Settings
from kompas.core.errors import Forbidden, ProblemError, Unauthorized
from kompas.core.idempotency import Caller
from kompas.core.pagecache import Recognised
from kompas.core.principal import TOKEN_PREFIX, Principal, PrincipalKind, Role
from kompas.core.security import AccessClaims, InvalidToken, decode_access_token, token_issuer
from kompas.tokens import service as token_service
from kompas.tokens.models import ApiToken
from kompas.tokens.scopes import required_scope
from kompas.users.models import User

# What a token stands for: a partner's token, an identity provider's user, our own claims.
Found = ApiToken | User | AccessClaims | None
# In the request's state: the token and what it stands for, found by idempotency_caller.
_FOUND = "bearer_found"
# In the request's state: the token, its claims and its caller, found by page_caller.
_RECOGNISED = "page_caller_found"


def resolve_principal(
    request: Request, session: Session, settings: Settings, token: str
) -> Principal:
    """The caller a Bearer token stands for; 401 unless usable, 403 outside a token's scopes."""
    recognised = getattr(request.state, _RECOGNISED, None)
    if recognised is not None and recognised[0] == token:
        # Found for a kept page a moment ago, in this request: not read twice.
        if recognised[1] is not None:
            request.state.access_claims = recognised[1]
        principal: Principal = recognised[2]
        return principal
    earlier = getattr(request.state, _FOUND, None)
    found = (
        earlier[1]
        if earlier is not None and earlier[0] == token
        else _find(session, settings, token)
    )
    if token.startswith(TOKEN_PREFIX):
        assert found is None or isinstance(found, ApiToken)
        return _token_principal(request, session, found)
    user: User | auth_service.TokenHolder | None
    if isinstance(found, AccessClaims):
        request.state.access_claims = found
        # One statement: the user, and whether a logout has ended this token or its session.
        user = auth_service.user_of_access_token(session=session, claims=found)
    else:
        assert found is None or isinstance(found, User)
        user = found
    if user is None or not user.is_active:
        raise Unauthorized("The access token is invalid or has expired.")
    return _user_principal(user)


def _user_principal(user: User | auth_service.TokenHolder) -> Principal:
    return Principal(
        kind=PrincipalKind.user,
        id=user.id,
        organisation_id=user.organisation_id,
        role=Role(user.role),
        party_id=user.party_id,
        name=user.name,
    )


async def page_caller(request: Request, token: str) -> Recognised | None:
    """Who a kept page may be answered to (``kompas.core.pagecache``), with the organisation's
    data version, in one statement on the event loop: a user with an access token of ours that is
    valid and not ended, or the existing, active account of a valid token of the identity
    provider (its claims checked in a worker thread, as its keys may have to be fetched). None
    for anything else: a partner's token (its use is recorded by the route), a first login
    through the provider (the route makes the account) and every token that is not usable, which
    the route answers with its 401."""
    if token.startswith(TOKEN_PREFIX):
        return None
    settings: Settings = request.app.state.settings
    statements = request.app.state.one_statement
    claims: AccessClaims | None = None
    if settings.oidc_issuer and token_issuer(token) == settings.oidc_issuer:
        try:
            # In a worker thread: the provider's keys may have to be fetched.
            provider_claims = await run_in_threadpool(
                oidc.verified_claims, settings=settings, token=token
            )
            address = oidc.account_address(settings, provider_claims)
        except ProblemError:
            return None
        found = await auth_service.provider_user_and_data_version(
            statements=statements, email=address, organisation=settings.oidc_organisation
        )
    else:
        try:
            claims = decode_access_token(settings, token)
        except InvalidToken:
            return None
        found = await auth_service.caller_and_data_version(statements=statements, claims=claims)
    if found is None:
        return None
    user, version = found
    if not user.is_active:
        return None
    principal = _user_principal(user)
    setattr(request.state, _RECOGNISED, (token, claims, principal))
    return Recognised(principal=principal, version=version)


def idempotency_caller(
    session: Session, settings: Settings, token: str, state: dict[str, Any]
) -> Caller | None:
    """Whose ``Idempotency-Key``s a POST with this token uses: its user (a password or an
    identity provider's login), or a partner's token itself; None for a token that is not
    usable. What it finds stays in the request's state for ``resolve_principal``, so the token
    is decoded and read once per request."""
    try:
        try:
            found = _find(session, settings, token)
        except IntegrityError:  # a first login through the provider at the same moment
            session.rollback()
            found = _find(session, settings, token)
    except ProblemError:  # the route finds the same and answers it
        return None
    state[_FOUND] = (token, found)
    if isinstance(found, AccessClaims):
        return Caller(id=found.user_id, organisation_id=found.organisation_id)
    if isinstance(found, ApiToken | User):
        return Caller(id=found.id, organisation_id=found.organisation_id)
    return None


def _find(session: Session, settings: Settings, token: str) -> Found:
    """What a token stands for, checked as far as it can be without the route: 401 (or 503 for
    an identity provider whose keys cannot be read) for one that is not valid."""
    if token.startswith(TOKEN_PREFIX):
        return token_service.look_up(session=session, secret=token)
    if settings.oidc_issuer and token_issuer(token) == settings.oidc_issuer:
        # the municipality's identity provider
        return oidc.authenticate(session=session, settings=settings, token=token)
    try:
        return decode_access_token(settings, token)
    except InvalidToken as exc:
        raise Unauthorized("The access token is invalid or has expired.") from exc


def _token_principal(request: Request, session: Session, token: ApiToken | None) -> Principal:
    """A partner's API token: 401 unless usable, 403 outside its scopes."""
    if token is None:
        raise Unauthorized("The API token is unknown, expired or revoked.")
    token_service.record_use(session=session, token=token)
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
