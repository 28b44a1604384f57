"""Partner API tokens: made by admins and coordinators, shown once, stored as a hash."""

from __future__ import annotations

import hashlib
import secrets
import string
import uuid
import zlib
from datetime import timedelta
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from kompas.core.db import utcnow
from kompas.core.errors import InvalidField, NotFound
from kompas.core.listing import ListQuery, ListSpec, paginate
from kompas.core.principal import TOKEN_PREFIX, Principal
from kompas.core.tenancy import scoped
from kompas.parties import service as party_service
from kompas.parties.models import PartyKind
from kompas.tokens.models import ApiToken
from kompas.tokens.schemas import DEFAULT_DAYS, MAX_DAYS

PREFIX = TOKEN_PREFIX
_ALPHABET = string.ascii_letters + string.digits
_RANDOM_LENGTH = 32
_CHECKSUM_LENGTH = 6
# Seen again at most this often, so a busy integration does not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)

API_TOKENS = ListSpec(
    name="api_tokens",
    id_column=ApiToken.id,
    sortable={"createdAt": ApiToken.created_at, "name": ApiToken.name},
    default_sort="-createdAt",
)


def _base62(number: int, length: int) -> str:
    digits = []
    for _ in range(length):
        number, rest = divmod(number, 62)
        digits.append(_ALPHABET[rest])
    return "".join(reversed(digits))


def _checksum(random_part: str) -> str:
    return _base62(zlib.crc32(random_part.encode()), _CHECKSUM_LENGTH)


def new_secret() -> str:
    """``kompas_pat_`` + 32 random characters + a 6-character CRC32 checksum."""
    random_part = "".join(secrets.choice(_ALPHABET) for _ in range(_RANDOM_LENGTH))
    return PREFIX + random_part + _checksum(random_part)


def looks_like_token(secret: str) -> bool:
    """The shape and checksum are right (typos and garbage are refused without a lookup)."""
    if not secret.startswith(PREFIX):
        return False
    body = secret[len(PREFIX) :]
    if len(body) != _RANDOM_LENGTH + _CHECKSUM_LENGTH or any(c not in _ALPHABET for c in body):
        return False
    return secrets.compare_digest(_checksum(body[:_RANDOM_LENGTH]), body[_RANDOM_LENGTH:])


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def get_all(
    *, session: Session, principal: Principal, partner_id: uuid.UUID, query: ListQuery
) -> tuple[list[ApiToken], str | None]:
    """One page of a partner's tokens, revoked ones included."""
    party_service.get_party(
        session=session, principal=principal, party_id=partner_id, kind=PartyKind.partner
    )
    statement = scoped(ApiToken, principal).where(ApiToken.party_id == partner_id)
    return paginate(session, statement, API_TOKENS, query)


def get(
    *, session: Session, principal: Principal, partner_id: uuid.UUID, token_id: uuid.UUID
) -> ApiToken:
    """One token of the partner; 404 otherwise."""
    token = session.exec(
        scoped(ApiToken, principal).where(ApiToken.id == token_id, ApiToken.party_id == partner_id)
    ).first()
    if token is None:
        raise NotFound(f"There is no API token with id {token_id} for this partner.")
    return token


def create(
    *, session: Session, principal: Principal, partner_id: uuid.UUID, data: dict[str, Any]
) -> tuple[ApiToken, str]:
    """A new token for the partner, and its secret (which is not kept)."""
    party_service.get_party(
        session=session, principal=principal, party_id=partner_id, kind=PartyKind.partner
    )
    now = utcnow()
    expires_at = data.get("expires_at") or now + timedelta(days=DEFAULT_DAYS)
    if expires_at <= now:
        raise InvalidField("expiresAt", "Must lie in the future.", "in-past")
    if expires_at > now + timedelta(days=MAX_DAYS):
        raise InvalidField("expiresAt", f"At most {MAX_DAYS} days ahead.", "too-far")
    secret = new_secret()
    token = ApiToken(
        organisation_id=principal.organisation_id,
        party_id=partner_id,
        name=data["name"],
        prefix=secret[: len(PREFIX) + 8],
        token_hash=digest(secret),
        scopes=sorted({str(scope) for scope in data["scopes"]}),
        expires_at=expires_at,
        created_by=principal.id,
    )
    session.add(token)
    session.flush()
    return token, secret


def revoke(*, session: Session, token: ApiToken) -> ApiToken:
    """Stop the token at once; it stays listed, marked revoked."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
    return token


def look_up(*, session: Session, secret: str) -> ApiToken | None:
    """The usable token with this secret, read without recording its use."""
    if not looks_like_token(secret):
        return None
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == digest(secret))).first()
    if token is None or token.revoked_at is not None or token.expires_at <= utcnow():
        return None
    return token


def record_use(*, session: Session, token: ApiToken) -> None:
    """Note that the token was used now, at most once per ``LAST_USED_RESOLUTION``."""
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        # A plain UPDATE: bookkeeping, not a change of the token (no new version, no audit event).
        session.execute(
            update(ApiToken).where(col(ApiToken.id) == token.id).values(last_used_at=now)
        )
