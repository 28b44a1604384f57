"""Passwords (argon2id) and access tokens (JWT). Every use of python-jose lives in this module."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from jose import jwt
from jose.exceptions import JOSEError

from kompas.core.config import Settings
from kompas.core.db import utcnow

# The one algorithm access tokens are signed with. Decoding accepts nothing else, so neither
# `alg: none` nor a token signed with another algorithm (algorithm confusion) gets through.
ACCESS_TOKEN_ALGORITHM = "HS256"  # noqa: S105 - an algorithm name
REQUIRED_CLAIMS = ("exp", "iat", "aud", "iss", "sub")

# argon2id; the cost is set from the settings at start-up (configure_password_hashing).
_hasher = PasswordHasher()
# Verified against when the account does not exist, so the answer takes as long either way.
_dummy_hash = _hasher.hash("kompas-timing-equaliser")


def configure_password_hashing(settings: Settings) -> None:
    """Use the configured argon2id cost; hashes made with another cost are upgraded at login."""
    global _hasher, _dummy_hash
    if (_hasher.time_cost, _hasher.memory_cost) == (
        settings.password_hash_time_cost,
        settings.password_hash_memory_kib,
    ):
        return
    _hasher = PasswordHasher(
        time_cost=settings.password_hash_time_cost,
        memory_cost=settings.password_hash_memory_kib,
    )
    _dummy_hash = _hasher.hash("kompas-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """True when the password matches; always spends the time of one argon2 verification."""
    try:
        return _hasher.verify(password_hash or _dummy_hash, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def password_needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@dataclass(frozen=True)
class AccessClaims:
    user_id: uuid.UUID
    organisation_id: uuid.UUID
    issued_at: datetime
    expires_at: datetime


class InvalidToken(Exception):
    """The token is malformed, expired, signed by another key or lacks a required claim."""


def create_access_token(
    settings: Settings, *, user_id: uuid.UUID, organisation_id: uuid.UUID
) -> tuple[str, int]:
    """A signed access token for the user, and its lifetime in seconds."""
    now = utcnow()
    lifetime = timedelta(minutes=settings.access_token_minutes)
    claims: dict[str, Any] = {
        "sub": str(user_id),
        "org": str(organisation_id),
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": int(now.timestamp()),
        "exp": int((now + lifetime).timestamp()),
        "jti": uuid.uuid4().hex,
        "typ": "access",
    }
    token = jwt.encode(claims, settings.signing_key, algorithm=ACCESS_TOKEN_ALGORITHM)
    return token, int(lifetime.total_seconds())


def token_issuer(token: str) -> str | None:
    """The unverified ``iss`` of a JWT, only to choose its verifier; None if unreadable."""
    try:
        issuer = jwt.get_unverified_claims(token).get("iss")
    except (JOSEError, ValueError, TypeError, AttributeError):
        return None
    return issuer if isinstance(issuer, str) else None


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    """The claims of a valid access token; raises InvalidToken for anything else."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ACCESS_TOKEN_ALGORITHM:
            raise InvalidToken("unexpected algorithm")
        claims = jwt.decode(
            token,
            settings.signing_key,
            algorithms=[ACCESS_TOKEN_ALGORITHM],
            audience=settings.jwt_audience,
            issuer=settings.jwt_issuer,
            options={f"require_{claim}": True for claim in REQUIRED_CLAIMS},
        )
        if claims.get("typ") != "access":
            raise InvalidToken("not an access token")
        return AccessClaims(
            user_id=uuid.UUID(str(claims["sub"])),
            organisation_id=uuid.UUID(str(claims["org"])),
            issued_at=datetime.fromtimestamp(int(claims["iat"]), tz=utcnow().tzinfo),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=utcnow().tzinfo),
        )
    except (JOSEError, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise InvalidToken(str(exc)) from exc
