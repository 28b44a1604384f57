"""Logging in: passwords, access tokens, rotating refresh tokens and logout."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from kompas.auth.models import RefreshToken, RevokedAccessToken
from kompas.core.config import Settings
from kompas.core.db import utcnow
from kompas.core.errors import BadRequest
from kompas.core.security import (
    create_access_token,
    hash_password,
    password_needs_rehash,
    verify_password,
)
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
    access, expires_in = create_access_token(
        settings, user_id=user.id, organisation_id=user.organisation_id
    )
    secret = REFRESH_PREFIX + secrets.token_urlsafe(32)
    lifetime = timedelta(hours=settings.refresh_token_hours)
    session.add(
        RefreshToken(
            organisation_id=user.organisation_id,
            user_id=user.id,
            family_id=family_id or uuid.uuid4(),
            token_hash=_digest(secret),
            expires_at=utcnow() + lifetime,
        )
    )
    session.flush()
    return access, expires_in, secret, int(lifetime.total_seconds())


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
    token = session.exec(
        select(RefreshToken).where(RefreshToken.token_hash == _digest(secret))
    ).first()
    now = utcnow()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        raise invalid_grant("The refresh token is invalid, expired or revoked; log in again.")
    if token.used_at is not None:
        # Someone presents a token that was already exchanged: assume theft, end the session.
        _revoke_family(session, token.family_id)
        return token
    user = session.get(User, token.user_id)
    if user is None or not user.is_active:
        raise invalid_grant("The refresh token is invalid, expired or revoked; log in again.")
    token.used_at = now
    return issue_tokens(session=session, settings=settings, user=user, family_id=token.family_id)


def logout(
    *,
    session: Session,
    user_id: uuid.UUID,
    organisation_id: uuid.UUID,
    access_token: tuple[str, datetime] | None,
    refresh_secret: str | None,
) -> None:
    """End the session: this access token stops working, and so does the refresh token family
    (or, without a refresh token, every refresh token of the user)."""
    if access_token is not None and session.get(RevokedAccessToken, access_token[0]) is None:
        token_id, expires_at = access_token
        session.add(
            RevokedAccessToken(jti=token_id, organisation_id=organisation_id, expires_at=expires_at)
        )
    # Revocations are only needed until the token would have expired anyway.
    session.execute(delete(RevokedAccessToken).where(col(RevokedAccessToken.expires_at) < utcnow()))
    statement = update(RefreshToken).where(
        col(RefreshToken.user_id) == user_id, col(RefreshToken.revoked_at).is_(None)
    )
    if refresh_secret:
        token = session.exec(
            select(RefreshToken).where(
                RefreshToken.token_hash == _digest(refresh_secret), RefreshToken.user_id == user_id
            )
        ).first()
        if token is None:
            session.flush()
            return
        statement = statement.where(col(RefreshToken.family_id) == token.family_id)
    session.execute(statement.values(revoked_at=utcnow()))
    session.flush()


def is_revoked(*, session: Session, token_id: str) -> bool:
    """Whether this access token was ended by a logout."""
    return session.get(RevokedAccessToken, token_id) is not None
