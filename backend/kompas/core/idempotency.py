"""``Idempotency-Key`` on POST: the same key with the same body replays the first response.

A retry after a lost connection then creates nothing twice. Keys are scoped to the caller and
to the operation: the method and the concrete path, as Stripe does. The caller is whoever the
Bearer token stands for, whatever its kind: the user behind a password login's token or behind a
token of the municipality's identity provider (one person, one set of keys), or a partner's API
token itself. How a token becomes that caller is the access domain's business: it hands the
middleware a ``CallerResolver`` at start-up (``kompas.main``), so core imports no domain.

A retry goes to the very same URL, and the same key on another path is another request: scoped
by route template instead, the same key and body under two role maps would answer map A's new
task for map B. Records are kept for 24 hours; only successful responses are kept, as a
failed request changed nothing and may simply be tried again.

Two requests with one key at the same moment create one record: the first to insert the key's
row (unique per caller, operation and key) runs, every other one finds that row and answers 409
while it runs, the first response once it is stored (before the first caller receives it), or
422 for another body.

Bodies are compared as parsed JSON, so whitespace and key order do not count; a body that is not
JSON is compared byte for byte.

An operation may opt out (``not_remembered``): nothing of its requests is stored, and a key sent
to it is ignored. An anonymous answer needs it: a stored caller, path, moment and body would say
who answered what.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import anyio
from sqlalchemy import LargeBinary, UniqueConstraint, delete, update
from sqlalchemy.exc import IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Field, Session, SQLModel, col, select
from starlette.routing import compile_path
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kompas.core.config import Settings
from kompas.core.db import UTCDateTime, utcnow
from kompas.core.errors import BadRequest, InvalidParam
from kompas.core.middleware import problem_message

log = logging.getLogger("kompas")

RETENTION = timedelta(hours=24)
# A reservation still without an outcome this long after it was made belongs to a request that
# can no longer finish (its process died, or the database went away before the outcome was
# stored): a retry with the same key and body then runs as the first request.
ABANDONED_AFTER = timedelta(minutes=5)
_KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")
_REPLAYED_HEADERS = {b"content-type", b"location", b"etag"}
# The operations that opted out, as path patterns relative to the API's root.
_NOT_REMEMBERED: list[re.Pattern[str]] = []


def not_remembered(path: str) -> str:
    """Declares a POST operation (its path template, e.g. ``/things/{thingId}/votes``) whose
    requests are never stored for idempotency: an ``Idempotency-Key`` sent to it is ignored.
    Returns the path, for the route's own decorator."""
    pattern, _, _ = compile_path(path)
    _NOT_REMEMBERED.append(pattern)
    return path


def _is_not_remembered(scope: Scope) -> bool:
    path, root = scope["path"], scope.get("root_path", "")
    if root and path.startswith(root):
        path = path[len(root) :]
    return any(pattern.match(path) for pattern in _NOT_REMEMBERED)


@dataclass(frozen=True)
class Caller:
    """Whose keys a request's are: a user's id (password or OIDC login) or a partner token's."""

    id: uuid.UUID
    organisation_id: uuid.UUID


# The caller a Bearer token stands for, or None for one that is not usable (the route answers
# 401 or 403 then, and nothing is remembered). Called with its own session, the settings, the
# token and the request's state (``request.state``), where the access domain may leave what it
# looked up for its resolver to use: the token is then decoded and read once per request.
CallerResolver = Callable[[Session, Settings, str, dict[str, Any]], Caller | None]


class IdempotencyRecord(SQLModel, table=True):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("principal_id", "operation_hash", "key"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", index=True, nullable=False, ondelete="CASCADE"
    )
    principal_id: uuid.UUID = Field(nullable=False)
    # SHA-256 of the method and the concrete path: bounded however long the path is.
    operation_hash: str = Field(max_length=64)
    key: str = Field(max_length=255)
    request_hash: str = Field(max_length=64)
    # Null while the first request is still running.
    status: int | None = Field(default=None)
    headers: str | None = Field(default=None, max_length=10_000)
    body: bytes | None = Field(default=None, sa_type=LargeBinary)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)


class IdempotencyMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        settings: Settings,
        session_factory: sessionmaker[Session],
        caller: CallerResolver,
    ) -> None:
        self.app = app
        self.settings = settings
        self.session_factory = session_factory
        self.caller = caller

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw_key = headers.get(b"idempotency-key")
        if raw_key is None or _is_not_remembered(scope):
            await self.app(scope, receive, send)
            return
        instance = scope["path"]
        key = raw_key.decode("latin-1")
        if not _KEY_PATTERN.match(key):
            reason = "Must be 1–255 visible ASCII characters."
            for message in problem_message(
                400,
                "Bad Request",
                f"Idempotency-Key: {reason}",
                instance,
                slug=BadRequest.slug,
                invalid_params=[
                    InvalidParam(
                        name="Idempotency-Key", reason=reason, code="string_pattern_mismatch"
                    )
                ],
            ):
                await send(message)
            return
        token = _bearer_token(headers.get(b"authorization", b""))
        if token is None:  # the route will answer 401; nothing to remember
            await self.app(scope, receive, send)
            return

        body = await _read_body(receive)
        operation = _sha256(f"{scope['method']} {instance}".encode())
        state: dict[str, Any] = scope.setdefault("state", {})

        async def replay_receive() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        try:
            outcome = await anyio.to_thread.run_sync(
                self._claim, token, state, operation, key, body
            )
        except OperationalError as exc:
            log.error("database unavailable: %s", exc.__class__.__name__)
            unavailable, end = problem_message(
                503,
                "Service Unavailable",
                "The database is unavailable; try again shortly.",
                instance,
                slug="service-unavailable",
            )
            unavailable["headers"].append((b"retry-after", b"10"))
            await send(unavailable)
            await send(end)
            return
        if outcome is None:  # no usable token: the route answers 401 or 403
            await self.app(scope, replay_receive, send)
            return
        if outcome == "conflict":
            for message in problem_message(
                422,
                "Unprocessable Content",
                "This Idempotency-Key was used with another request in the last 24 hours.",
                instance,
            ):
                await send(message)
            return
        if outcome == "running":
            for message in problem_message(
                409, "Conflict", "A request with this Idempotency-Key is still running.", instance
            ):
                await send(message)
            return
        if isinstance(outcome, IdempotencyRecord):
            await _replay(outcome, send)
            return

        assert isinstance(outcome, uuid.UUID)
        record_id = outcome
        start: Message = {}
        chunks: list[bytes] = []
        finished = False

        async def finish() -> None:
            nonlocal finished
            if not finished:
                finished = True
                try:
                    await anyio.to_thread.run_sync(
                        self._finish,
                        record_id,
                        start.get("status", 500),
                        start.get("headers", []),
                        b"".join(chunks),
                    )
                except SQLAlchemyError as exc:
                    # The route's answer stands (what it wrote is committed or rolled back);
                    # only its replay could not be stored. The reservation is taken over by a
                    # retry once ABANDONED_AFTER has passed.
                    log.error("idempotency outcome not stored: %s", exc.__class__.__name__)

        async def capture(message: Message) -> None:
            # Held back until the outcome is stored, so a retry sent the moment this answer
            # arrives already finds it.
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                await finish()
                await send(start)
                await send({"type": "http.response.body", "body": b"".join(chunks)})

        try:
            await self.app(scope, replay_receive, capture)
        finally:
            await finish()

    def _claim(
        self, token: str, state: dict[str, Any], operation: str, key: str, body: bytes
    ) -> IdempotencyRecord | uuid.UUID | str | None:
        """Reserve the key for the token's caller, or return what an earlier request with it
        left behind; None when the token stands for no caller."""
        digest = _sha256(_canonical(body))
        with self.session_factory() as session:
            caller = self.caller(session, self.settings, token, state)
            # What the access domain wrote (an identity provider's user at first login) stays.
            session.commit()
            if caller is None:
                return None
            return self._reserve(session, caller, operation, key, digest)

    def _reserve(
        self, session: Session, caller: Caller, operation: str, key: str, digest: str
    ) -> IdempotencyRecord | uuid.UUID | str:
        expired = delete(IdempotencyRecord).where(
            col(IdempotencyRecord.created_at) < utcnow() - RETENTION
        )
        session.execute(expired)
        session.commit()
        record = IdempotencyRecord(
            organisation_id=caller.organisation_id,
            principal_id=caller.id,
            operation_hash=operation,
            key=key,
            request_hash=digest,
        )
        session.add(record)
        try:
            session.commit()
            return record.id
        except IntegrityError:
            session.rollback()
        existing = session.exec(
            select(IdempotencyRecord).where(
                IdempotencyRecord.principal_id == caller.id,
                IdempotencyRecord.operation_hash == operation,
                IdempotencyRecord.key == key,
            )
        ).first()
        if existing is None:  # expired and removed in between: treat as a first request
            return self._reserve(session, caller, operation, key, digest)
        if existing.request_hash != digest:
            return "conflict"
        if existing.status is None:
            if existing.created_at >= utcnow() - ABANDONED_AFTER:
                return "running"
            # Take the abandoned reservation over, unless another retry did so first.
            taken = session.execute(
                update(IdempotencyRecord)
                .where(
                    col(IdempotencyRecord.id) == existing.id,
                    col(IdempotencyRecord.status).is_(None),
                    col(IdempotencyRecord.created_at) == existing.created_at,
                )
                .values(created_at=utcnow())
            )
            session.commit()
            return existing.id if taken.rowcount == 1 else "running"  # type: ignore[attr-defined]
        session.expunge(existing)
        return existing

    def _finish(self, record_id: uuid.UUID, status: int, headers: list[Any], body: bytes) -> None:
        with self.session_factory() as session:
            record = session.get(IdempotencyRecord, record_id)
            if record is None:
                return
            if 200 <= status < 300:
                record.status = status
                record.headers = json.dumps(
                    [
                        [n.decode("latin-1"), v.decode("latin-1")]
                        for n, v in headers
                        if n in _REPLAYED_HEADERS
                    ]
                )
                record.body = body
            else:
                session.delete(record)
            session.commit()


def _bearer_token(authorization: bytes) -> str | None:
    scheme, _, token = authorization.decode("latin-1").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _canonical(body: bytes) -> bytes:
    """A JSON body in one canonical form (keys sorted, no whitespace); any other body as is."""
    try:
        parsed = json.loads(body)
        return json.dumps(parsed, sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, RecursionError):  # not JSON (or not UTF-8), or nested too deep to parse
        return body


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _replay(record: IdempotencyRecord, send: Send) -> None:
    body = record.body or b""
    headers = [
        (n.encode("latin-1"), v.encode("latin-1")) for n, v in json.loads(record.headers or "[]")
    ]
    headers = [(n, v) for n, v in headers if n != b"content-length"]
    headers += [(b"content-length", str(len(body)).encode()), (b"idempotent-replayed", b"true")]
    await send({"type": "http.response.start", "status": record.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
