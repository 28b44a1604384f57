"""Logging in: passwords, access tokens, rotating refresh tokens and logout."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, String, Uuid, bindparam, delete, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Mapped, aliased
from sqlmodel import Session, col, select

from kompas.auth.models import RefreshToken, RevokedAccessToken
from kompas.core.asyncdb import OneStatement
from kompas.core.config import Settings
from kompas.core.dataversion import DataVersion
from kompas.core.db import utcnow
from kompas.core.errors import BadRequest, InvalidField, Unauthorized
from kompas.core.security import (
    AccessClaims,
    create_access_token,
    hash_password,
    password_needs_rehash,
    verify_password,
)
from kompas.organisations.models import Organisation
from kompas.users import service as user_service
from kompas.users.models import User

REFRESH_PREFIX = "kompas_rt_"


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password; the same work is done when there is none."""
    user = user_service.get_by_email(session=session, email=email)
    if not verify_password(password, user.password_hash if user else None):
        return None
    assert user is not None
    if not user.is_active:
        return None
    if user.password_hash and password_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return user


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def invalid_grant(detail: str) -> BadRequest:
    return BadRequest(detail, extra={"error": "invalid_grant"})


def issue_tokens(
    *, session: Session, settings: Settings, user: User, family_id: uuid.UUID | None = None
) -> tuple[str, int, str, int]:
    """An access token and a new refresh token (of ``family_id``, or a new family)."""
    family_id = family_id or uuid.uuid4()
    access, expires_in = create_access_token(
        settings,
        user_id=user.id,
        organisation_id=user.organisation_id,
        generation=user.token_generation,
        session_id=family_id,
    )
    secret = REFRESH_PREFIX + secrets.token_urlsafe(32)
    lifetime = timedelta(hours=settings.refresh_token_hours)
    session.add(
        RefreshToken(
            organisation_id=user.organisation_id,
            user_id=user.id,
            family_id=family_id,
            generation=user.token_generation,
            token_hash=_digest(secret),
            expires_at=utcnow() + lifetime,
        )
    )
    session.flush()
    return access, expires_in, secret, int(lifetime.total_seconds())


def _family_ended(
    family_id: uuid.UUID | Mapped[uuid.UUID] | ColumnElement[uuid.UUID],
) -> ColumnElement[bool]:
    """Whether any refresh token of the family was revoked: then the whole session has ended.

    Asked of the family rather than of one token, so that a token a concurrent refresh added
    while the family was being revoked is ended all the same.
    """
    sibling = aliased(RefreshToken)
    return (
        select(sibling.id)
        .where(col(sibling.family_id) == family_id, col(sibling.revoked_at).is_not(None))
        .exists()
    )


def _revoke_family(session: Session, family_id: uuid.UUID) -> None:
    session.execute(
        update(RefreshToken)
        .where(col(RefreshToken.family_id) == family_id, col(RefreshToken.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )


def refresh(
    *, session: Session, settings: Settings, secret: str
) -> tuple[str, int, str, int] | RefreshToken:
    """Rotate a refresh token. A reused one revokes its whole family (returned to be committed)."""
    row = session.exec(
        select(RefreshToken, _family_ended(col(RefreshToken.family_id))).where(
            RefreshToken.token_hash == _digest(secret)
        )
    ).first()
    now = utcnow()
    invalid = invalid_grant("The refresh token is invalid, expired or revoked; log in again.")
    if row is None:
        raise invalid
    token, family_ended = row
    if token.revoked_at is not None or family_ended or token.expires_at <= now:
        raise invalid
    if token.used_at is None:
        # Marked used only if nobody did so first: of two uses at once, one is the reuse.
        marked = session.execute(
            update(RefreshToken)
            .where(col(RefreshToken.id) == token.id, col(RefreshToken.used_at).is_(None))
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
        reused = marked.rowcount == 0  # type: ignore[attr-defined]
    else:
        reused = True
    if reused:
        # Someone presents a token that was already exchanged: assume theft, end the session.
        _revoke_family(session, token.family_id)
        return token
    user = session.get(User, token.user_id)
    # An older generation: the user logged out everywhere since this token was issued.
    if user is None or not user.is_active or token.generation != user.token_generation:
        raise invalid
    return issue_tokens(session=session, settings=settings, user=user, family_id=token.family_id)


@dataclass(frozen=True)
class TokenHolder:
    """What a request needs of the user behind an access token: read as plain columns, not as a
    ``User`` entity, since every authenticated request reads it."""

    id: uuid.UUID
    organisation_id: uuid.UUID
    role: str
    party_id: uuid.UUID | None
    name: str
    is_active: bool
    token_generation: int


def _holder_columns() -> tuple[Any, ...]:
    """The user's columns a ``TokenHolder`` is made of, in its order."""
    return (
        col(User.id),
        col(User.organisation_id),
        col(User.role),
        col(User.party_id),
        col(User.name),
        col(User.is_active),
        col(User.token_generation),
    )


def _data_version_of_user() -> Any:
    """The user's organisation's data version (NULL before its first counted change)."""
    return (
        sa_select(col(DataVersion.version))
        .where(col(DataVersion.organisation_id) == col(User.organisation_id))
        .scalar_subquery()
    )


def _user_of_access_token_statement(*, with_data_version: bool = False) -> Select[Any]:
    """Built once: the user's columns and whether this token or its session was ended (and, for
    a kept page, the organisation's data version). With no session id (``sid`` NULL) the family
    test is false, so one statement serves both kinds."""
    jti, sid = bindparam("jti", type_=String()), bindparam("sid", type_=Uuid())
    ended = or_(
        select(RevokedAccessToken.jti).where(col(RevokedAccessToken.jti) == jti).exists(),
        _family_ended(sid),
    )
    extra = [_data_version_of_user()] if with_data_version else []
    return sa_select(*_holder_columns(), ended, *extra).where(
        col(User.id) == bindparam("user_id", type_=Uuid()),
        col(User.organisation_id) == bindparam("organisation_id", type_=Uuid()),
    )


_USER_OF_ACCESS_TOKEN = _user_of_access_token_statement()
_CALLER_AND_DATA_VERSION = _user_of_access_token_statement(with_data_version=True)


def user_of_access_token(*, session: Session, claims: AccessClaims) -> TokenHolder | None:
    """The user behind a valid access token of ours; 401 for one a logout has ended.

    One statement for each request: the user, with whether this token or its session was ended.
    """
    row = session.execute(
        _USER_OF_ACCESS_TOKEN,
        {
            "user_id": claims.user_id,
            "organisation_id": claims.organisation_id,
            "jti": claims.token_id,
            "sid": claims.session_id,
        },
    ).first()
    if row is None:
        return None
    *columns, token_ended = row
    holder = TokenHolder(*columns)
    if token_ended or claims.generation != holder.token_generation:
        raise Unauthorized(
            "This access token's session has ended (a logout, or a refresh token used twice); "
            "log in again."
        )
    return holder


async def caller_and_data_version(
    *, statements: OneStatement, claims: AccessClaims
) -> tuple[TokenHolder, int] | None:
    """For a kept page (``kompas.core.pagecache``): the user behind a valid access token of ours
    and its organisation's data version, in one statement on the event loop; None for a token a
    logout ended or an unknown user (the route then answers it as ``user_of_access_token``)."""
    row = await statements.first(
        _CALLER_AND_DATA_VERSION,
        {
            "user_id": claims.user_id,
            "organisation_id": claims.organisation_id,
            "jti": claims.token_id,
            "sid": claims.session_id,
        },
    )
    if row is None:
        return None
    *columns, token_ended, version = row
    holder = TokenHolder(*columns)
    if token_ended or claims.generation != holder.token_generation:
        return None
    return holder, version or 0


def _provider_user_and_data_version_statement() -> Select[Any]:
    """Built once: the user of an identity provider's login (by e-mail, in the organisation
    the provider logs into) and that organisation's data version."""
    return (
        sa_select(*_holder_columns(), _data_version_of_user())
        .join(Organisation, col(Organisation.id) == col(User.organisation_id))
        .where(
            col(User.email) == bindparam("email", type_=String()),
            col(Organisation.name) == bindparam("organisation", type_=String()),
        )
    )


_PROVIDER_USER_AND_DATA_VERSION = _provider_user_and_data_version_statement()


async def provider_user_and_data_version(
    *, statements: OneStatement, email: str, organisation: str
) -> tuple[TokenHolder, int] | None:
    """For a kept page: the existing user of an identity provider's login and its
    organisation's data version, in one statement on the event loop; None when there is none
    yet (the route makes the account at a first login, as ``oidc.authenticate``)."""
    row = await statements.first(
        _PROVIDER_USER_AND_DATA_VERSION, {"email": email, "organisation": organisation}
    )
    if row is None:
        return None
    *columns, version = row
    return TokenHolder(*columns), version or 0


def logout(
    *,
    session: Session,
    user_id: uuid.UUID,
    organisation_id: uuid.UUID,
    access_token: AccessClaims | None,
    refresh_secret: str | None,
) -> None:
    """End the caller's session: its access token and its refresh-token family stop working.

    With a refresh token of another session of the caller's, that session ends too; without
    one, every session of the caller ends (log out everywhere).
    """
    named_family: uuid.UUID | None = None
    if refresh_secret:
        named_family = session.exec(
            select(RefreshToken.family_id).where(
                RefreshToken.token_hash == _digest(refresh_secret),
                RefreshToken.user_id == user_id,
            )
        ).first()
        if named_family is None:
            # The same answer for a token that does not exist and one of somebody else's.
            raise InvalidField(
                "refreshToken", "This is not a refresh token of yours.", "unknown-refresh-token"
            )
    now = utcnow()
    if access_token is not None and session.get(RevokedAccessToken, access_token.token_id) is None:
        session.add(
            RevokedAccessToken(
                jti=access_token.token_id,
                organisation_id=organisation_id,
                expires_at=access_token.expires_at,
            )
        )
    # Revocations are only needed until the token would have expired anyway.
    session.execute(delete(RevokedAccessToken).where(col(RevokedAccessToken.expires_at) < now))
    revoke = update(RefreshToken).where(
        col(RefreshToken.user_id) == user_id, col(RefreshToken.revoked_at).is_(None)
    )
    if named_family is None:
        # Everywhere: every token issued before now is of an older generation. Neither the
        # user's version (its ETag) nor its updatedAt change: nothing of the user itself did.
        session.execute(
            update(User)
            .where(col(User.id) == user_id)
            .values(
                token_generation=col(User.token_generation) + 1, updated_at=col(User.updated_at)
            )
            .execution_options(synchronize_session=False)
        )
    else:
        families = {named_family}
        if access_token is not None and access_token.session_id is not None:
            families.add(access_token.session_id)
        revoke = revoke.where(col(RefreshToken.family_id).in_(families))
    session.execute(revoke.values(revoked_at=now))
    session.flush()
