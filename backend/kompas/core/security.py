"""Passwords (argon2id), access tokens (JWT) and the tokens of the municipality's identity
provider (OIDC). Every use of python-jose lives in this module."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from jose import jwk, jwt
from jose.backends.base import Key
from jose.exceptions import JOSEError
from jose.utils import base64_to_long

from kompas.core.config import Settings
from kompas.core.db import utcnow

# The one algorithm access tokens are signed with. Decoding accepts nothing else, so neither
# `alg: none` nor a token signed with another algorithm (algorithm confusion) gets through.
ACCESS_TOKEN_ALGORITHM = "HS256"  # noqa: S105 - an algorithm name
REQUIRED_CLAIMS = ("exp", "iat", "aud", "iss", "sub", "jti")

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
    token_id: str
    issued_at: datetime
    expires_at: datetime
    # The user's token generation when the token was issued (`gen`): logging out everywhere
    # raises the user's, which ends every token of an older one.
    generation: int = 0
    # The session (refresh-token family) the token belongs to (`sid`); None for one without.
    session_id: uuid.UUID | None = None


class InvalidToken(Exception):
    """The token is malformed, expired, signed by another key or lacks a required claim."""


def create_access_token(
    settings: Settings,
    *,
    user_id: uuid.UUID,
    organisation_id: uuid.UUID,
    generation: int = 0,
    session_id: uuid.UUID | None = None,
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
        "gen": generation,
    }
    if session_id is not None:
        claims["sid"] = str(session_id)
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
    """The claims of a valid access token; raises InvalidToken for anything else.

    A client sends the same token with every request for its lifetime, and the rate limiter and
    the route both read it: the signature is checked once per token and process, and the claims
    kept (keyed by the whole token, signature included, and the key that checked it), so a
    request pays only for the expiry check. A forged or altered token is never in the cache; a
    revoked one is refused by the database check every request makes (``auth.service``)."""
    claims = _verified_claims(
        token, settings.signing_key, settings.jwt_audience, settings.jwt_issuer
    )
    if claims.expires_at <= utcnow():
        raise InvalidToken("Signature has expired.")
    return claims


@lru_cache(maxsize=4096)
def _verified_claims(token: str, key: str, audience: str, issuer: str) -> AccessClaims:
    """The claims of a token whose signature, algorithm, audience, issuer and required claims
    check out (raises InvalidToken otherwise; exceptions are not cached)."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("alg") != ACCESS_TOKEN_ALGORITHM:
            raise InvalidToken("unexpected algorithm")
        claims = jwt.decode(
            token,
            key,
            algorithms=[ACCESS_TOKEN_ALGORITHM],
            audience=audience,
            issuer=issuer,
            options={f"require_{claim}": True for claim in REQUIRED_CLAIMS},
        )
        if claims.get("typ") != "access":
            raise InvalidToken("not an access token")
        # A token without `gen` was issued before generations existed, when every user's was 0.
        generation = claims.get("gen", 0)
        if not isinstance(generation, int) or isinstance(generation, bool):
            raise InvalidToken("the token generation is not a number")
        return AccessClaims(
            user_id=uuid.UUID(str(claims["sub"])),
            organisation_id=uuid.UUID(str(claims["org"])),
            token_id=str(claims["jti"])[:64],
            issued_at=datetime.fromtimestamp(int(claims["iat"]), tz=utcnow().tzinfo),
            expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=utcnow().tzinfo),
            generation=generation,
            session_id=uuid.UUID(str(claims["sid"])) if "sid" in claims else None,
        )
    except (JOSEError, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise InvalidToken(str(exc)) from exc


# --- tokens of the municipality's identity provider (OIDC) -------------------------------------

# Signed by the provider with a private key we never see. A token naming any other algorithm —
# `none`, or HS256 "signed" with the provider's public key as the secret (algorithm confusion) —
# is refused before a key is even chosen.
OIDC_ALGORITHMS = ("RS256", "PS256")
# Required whether or not the token carries them (OpenID Connect Core §2 requires all five).
OIDC_REQUIRED_CLAIMS = ("iss", "aud", "exp", "iat", "sub")
# The clocks of the provider and Kompas may differ this much on `exp` and `nbf`.
OIDC_LEEWAY_SECONDS = 30
# RFC 7518 §3.3: RSA keys of 2048 bits or larger.
OIDC_MIN_RSA_BITS = 2048


class UnknownSigningKey(InvalidToken):
    """The token names a key (`kid`) the JWKS does not hold: the provider may have rotated."""


class _RsaPssSha256Key(Key):
    """PS256 (RFC 7518 §3.5) for python-jose, which has RS256 but not RSASSA-PSS; verifies only."""

    def __init__(self, public_key: rsa.RSAPublicKey) -> None:
        self._public_key = public_key

    def verify(self, msg: bytes, sig: bytes) -> bool:
        # MGF1 with SHA-256 and a salt as long as the hash, as §3.5 prescribes.
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=hashes.SHA256.digest_size)
        try:
            self._public_key.verify(sig, msg, pss, hashes.SHA256())
        except InvalidSignature:
            return False
        return True


def _oidc_verifying_key(jwks: dict[str, Any], kid: str, algorithm: str) -> Any:
    """The key of the JWKS with this ``kid``, ready to verify ``algorithm``."""
    entries = jwks.get("keys")
    if not isinstance(entries, list):
        raise InvalidToken("the identity provider's key set holds no keys")
    entry = next((e for e in entries if isinstance(e, dict) and e.get("kid") == kid), None)
    if entry is None:
        raise UnknownSigningKey(f"the key {kid!r} is not among the identity provider's keys")
    if entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig":
        raise InvalidToken(f"the key {kid!r} is not an RSA signing key")
    if entry.get("alg", algorithm) != algorithm:
        raise InvalidToken(f"the key {kid!r} is for {entry['alg']}, not {algorithm}")
    # Only the public numbers are read, whatever else the entry holds.
    public_key = rsa.RSAPublicNumbers(
        base64_to_long(entry["e"]), base64_to_long(entry["n"])
    ).public_key()
    if public_key.key_size < OIDC_MIN_RSA_BITS:
        raise InvalidToken(f"the key {kid!r} is shorter than {OIDC_MIN_RSA_BITS} bits")
    if algorithm == "PS256":
        return _RsaPssSha256Key(public_key)
    return jwk.construct(public_key, algorithm)


def decode_oidc_token(settings: Settings, token: str, jwks: dict[str, Any]) -> dict[str, Any]:
    """The verified claims of a token of the configured identity provider; raises InvalidToken.

    The key is the one of ``jwks`` named by the token's ``kid``; UnknownSigningKey says there is
    none, so the caller may fetch the provider's keys again.
    """
    try:
        header = jwt.get_unverified_header(token)
        algorithm = header.get("alg")
        if algorithm not in OIDC_ALGORITHMS:
            raise InvalidToken(f"the algorithm {algorithm!r} is not accepted")
        if "crit" in header:  # RFC 7515 §4.1.11: extensions we do not understand
            raise InvalidToken("the token requires header extensions Kompas does not support")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise InvalidToken("the token does not name its key (kid)")
        key = _oidc_verifying_key(jwks, kid, algorithm)
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[algorithm],
            audience=settings.oidc_audience,
            issuer=settings.oidc_issuer,
            options={
                **{f"require_{claim}": True for claim in OIDC_REQUIRED_CLAIMS},
                # at_hash binds an ID token to an access token Kompas never receives.
                "verify_at_hash": False,
                "leeway": OIDC_LEEWAY_SECONDS,
            },
        )
    except InvalidToken:
        raise
    except (JOSEError, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise InvalidToken(str(exc) or exc.__class__.__name__) from exc
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise InvalidToken("the subject (sub) is empty")
    return claims
