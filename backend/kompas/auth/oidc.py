"""Login through the municipality's own identity provider (OpenID Connect).

A Bearer token whose ``iss`` is the configured issuer comes here (core/principal.py). It is
verified against the provider's public keys — a JWKS read from a URL or a file, kept for
``oidc_jwks_cache_seconds`` and read again when a token names a key it does not hold — and its
e-mail claim is mapped to a user of the configured organisation. See docs/oidc.md.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import Session

from kompas.core.config import Settings
from kompas.core.errors import ProblemError, Unauthorized
from kompas.core.principal import Role
from kompas.core.security import InvalidToken, UnknownSigningKey, decode_oidc_token
from kompas.organisations import service as organisation_service
from kompas.users import service as user_service
from kompas.users.models import User

log = logging.getLogger("kompas.oidc")

# Unknown `kid`s make Kompas read the keys again at most this often, so a flood of made-up
# ones costs the provider one request per interval; a provider that fails is retried as often.
JWKS_REFETCH_MIN_SECONDS = 30.0
JWKS_FETCH_TIMEOUT_SECONDS = 5.0
JWKS_MAX_BYTES = 1_048_576
# Read through this name so that tests can move time forward.
clock: Callable[[], float] = time.monotonic
# The lengths of the users table's columns.
MAX_EMAIL_LENGTH, MAX_NAME_LENGTH = 254, 200


class IdentityProviderUnavailable(ProblemError):
    """The provider's keys cannot be read, so no token of it can be checked (503)."""

    status, slug = 503, "identity-provider-unavailable"

    def __init__(self) -> None:
        super().__init__(
            "The identity provider's keys cannot be read; try again shortly.",
            headers={"Retry-After": str(math.ceil(JWKS_REFETCH_MIN_SECONDS))},
        )


class JwksUnavailable(Exception):
    """The key set could not be read, or what was read is not a key set."""


class KeySet:
    """The provider's public keys (a JWKS) from one URL or file, cached in this process."""

    def __init__(self, source: str, *, is_url: bool) -> None:
        self.source = source
        self.is_url = is_url
        self._lock = threading.Lock()
        self._jwks: dict[str, Any] | None = None
        self._read_at = -math.inf  # the last successful read
        self._tried_at = -math.inf  # the last attempt, successful or not
        self._refetched_at = -math.inf  # the last read caused by an unknown kid

    def current(self, max_age: float) -> dict[str, Any]:
        """The keys, read again once they are older than ``max_age`` seconds."""
        with self._lock:
            now = clock()
            stale = self._jwks is None or now - self._read_at >= max_age
            if stale and now - self._tried_at >= JWKS_REFETCH_MIN_SECONDS:
                self._load(now)
            if self._jwks is None:
                raise JwksUnavailable(f"no keys could be read from {self.source}")
            return self._jwks

    def after_unknown_kid(self) -> dict[str, Any]:
        """The keys read again for a token naming an unknown kid, unless done too recently."""
        with self._lock:
            now = clock()
            if now - self._refetched_at >= JWKS_REFETCH_MIN_SECONDS:
                self._refetched_at = now
                self._load(now)
            assert self._jwks is not None  # current() succeeded before
            return self._jwks

    def _load(self, now: float) -> None:
        self._tried_at = now
        try:
            jwks = self._read()
        except JwksUnavailable as exc:
            if self._jwks is None:
                raise
            # The keys we have still verify the tokens they signed; rotation waits for the IdP.
            log.warning("keeping the cached keys of the identity provider: %s", exc)
            return
        self._jwks, self._read_at = jwks, now

    def _read(self) -> dict[str, Any]:
        try:
            raw = self._fetch() if self.is_url else Path(self.source).read_bytes()
        except (httpx.HTTPError, OSError) as exc:
            raise JwksUnavailable(f"cannot read {self.source}: {exc}") from exc
        if len(raw) > JWKS_MAX_BYTES:
            raise JwksUnavailable(f"{self.source} is larger than {JWKS_MAX_BYTES} bytes")
        try:
            jwks = json.loads(raw)
        except ValueError as exc:
            raise JwksUnavailable(f"{self.source} is not JSON: {exc}") from exc
        if not isinstance(jwks, dict) or not isinstance(jwks.get("keys"), list):
            raise JwksUnavailable(f"{self.source} is not a JWKS (no list of keys)")
        return jwks

    def _fetch(self) -> bytes:
        body = bytearray()
        with httpx.stream("GET", self.source, timeout=JWKS_FETCH_TIMEOUT_SECONDS) as response:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > JWKS_MAX_BYTES:
                    break
        return bytes(body)


_key_sets: dict[tuple[str, bool], KeySet] = {}
_key_sets_lock = threading.Lock()


def key_set(settings: Settings) -> KeySet:
    """The one cached key set of the configured URL or file."""
    is_url = bool(settings.oidc_jwks_url)
    source = settings.oidc_jwks_url if is_url else str(settings.oidc_jwks_file)
    with _key_sets_lock:
        return _key_sets.setdefault((source, is_url), KeySet(source, is_url=is_url))


def verified_claims(*, settings: Settings, token: str) -> dict[str, Any]:
    """The claims of a valid token of the provider; 401 for an invalid one."""
    keys = key_set(settings)
    try:
        jwks = keys.current(settings.oidc_jwks_cache_seconds)
    except JwksUnavailable as exc:
        log.error("cannot check tokens of the identity provider: %s", exc)
        raise IdentityProviderUnavailable() from exc
    try:
        try:
            return decode_oidc_token(settings, token, jwks)
        except UnknownSigningKey:
            # The provider may have rotated its keys since they were read.
            return decode_oidc_token(settings, token, keys.after_unknown_kid())
    except InvalidToken as exc:
        reason = str(exc).rstrip(".")
        raise Unauthorized(f"The identity provider's token is not valid: {reason}.") from exc


def authenticate(*, session: Session, settings: Settings, token: str) -> User | None:
    """The active user of the configured organisation behind a token of the identity provider."""
    claims = verified_claims(settings=settings, token=token)
    address = account_address(settings, claims)
    organisation = organisation_service.get_by_name(
        session=session, name=settings.oidc_organisation
    )
    if organisation is None:
        log.error("KOMPAS_OIDC_ORGANISATION names no organisation: %r", settings.oidc_organisation)
        raise Unauthorized("Login through the identity provider is not set up correctly.")
    no_account = Unauthorized("There is no Kompas account for this e-mail address.")
    user = user_service.get_by_email(session=session, email=address)
    if user is None:
        if not settings.oidc_create_users:
            raise no_account
        user = _create_user(session, settings, claims, address, organisation.id)
    # E-mail addresses are unique across organisations: the provider of one municipality must
    # not open the account of another's.
    if user.organisation_id != organisation.id:
        raise no_account
    if not user.is_active:
        raise Unauthorized("This Kompas account has been deactivated.")
    return user


def account_address(settings: Settings, claims: dict[str, Any]) -> str:
    """The address of the Kompas account a provider's verified claims open; 401 for none."""
    email = claims.get(settings.oidc_email_claim)
    if not isinstance(email, str) or "@" not in email or len(email.strip()) > MAX_EMAIL_LENGTH:
        raise Unauthorized(
            f"The identity provider's token has no e-mail address in '{settings.oidc_email_claim}'."
        )
    # A provider that says it has not checked the address must not open the account behind it.
    if claims.get("email_verified") is False:
        raise Unauthorized("The identity provider has not verified this e-mail address.")
    return email.strip().lower()


def _create_user(
    session: Session,
    settings: Settings,
    claims: dict[str, Any],
    address: str,
    organisation_id: uuid.UUID,
) -> User:
    """A user for a first login, with the configured role and no password."""
    name = claims.get(settings.oidc_name_claim)
    name = name.strip()[:MAX_NAME_LENGTH] if isinstance(name, str) and name.strip() else address
    user = User(
        organisation_id=organisation_id,
        email=address,
        name=name,
        role=Role(settings.oidc_default_role),
    )
    session.add(user)
    # A second first login at the same moment fails on the unique e-mail: 409, and a retry works.
    session.flush()
    log.info("created user %s on first login through the identity provider", user.id)
    return user
