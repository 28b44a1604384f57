"""Abuse limits: requests per principal and per client address, and failed logins.

Every limit is a fixed window that starts at a bucket's first hit: a counter and the moment it
resets. The counters live where every API process sees them — in Redis when ``redis_url`` is
set, otherwise in the database — and each hit is one atomic statement (a Lua script, an SQL
upsert), so two processes never both let the last request of a budget through.

Answers carry the IETF fields of draft-ietf-httpapi-ratelimit-headers-11:
``RateLimit-Policy: "principal";q=600;w=60`` and ``RateLimit: "principal";r=599;t=42``.
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any, Protocol

import anyio
from fastapi import Depends, FastAPI, Request
from sqlalchemy import BigInteger, Connection, Engine, Table, case, delete, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import sessionmaker
from sqlmodel import Field, Session, SQLModel
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kompas.core.config import Settings
from kompas.core.errors import ProblemError
from kompas.core.middleware import problem_message
from kompas.core.security import InvalidToken, decode_access_token

log = logging.getLogger("kompas")

REQUEST_WINDOW_SECONDS = 60
# Relative to the API's root: what load balancers and client generators must always reach.
EXEMPT_PATHS = frozenset({"/health", "/health/live", "/health/ready", "/openapi.json", "/docs"})
_SWEEP_EVERY_MS = 60_000


class RateLimitCounter(SQLModel, table=True):
    """One bucket's count in its current window (the database store)."""

    __tablename__ = "rate_limit_counters"

    key: str = Field(primary_key=True, max_length=100)
    count: int = Field(nullable=False)
    # Milliseconds since the epoch: compared in SQL the same way on every database.
    resets_at_ms: int = Field(sa_type=BigInteger, nullable=False, index=True)


@dataclass(frozen=True)
class Bucket:
    key: str
    window_ms: int


@dataclass(frozen=True)
class Hit:
    count: int
    resets_at_ms: int


class CounterStore(Protocol):
    def hit(self, buckets: Sequence[Bucket], now_ms: int) -> list[Hit]:
        """Count one more in each bucket, opening a new window where the last one has ended."""

    def give_back(self, key: str, now_ms: int) -> None:
        """Take back one hit of the bucket's current window."""

    def clear(self, key: str) -> None:
        """Forget the bucket."""


class DatabaseStore:
    """Counters in the ``rate_limit_counters`` table: one upsert statement for all of a
    request's buckets."""

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self.session_factory = session_factory
        self._swept_at_ms = 0

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        engine: Engine = self.session_factory.kw["bind"]
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # A counter lost in a crash costs nothing; waiting for the disk to flush the
                # commit would cost every request.
                connection.execute(text("SET LOCAL synchronous_commit TO OFF"))
            yield connection

    def hit(self, buckets: Sequence[Bucket], now_ms: int) -> list[Hit]:
        table = _table()
        with self._connect() as connection:
            statement: postgresql.Insert | sqlite.Insert
            if connection.dialect.name == "postgresql":
                statement = postgresql.insert(table)
            else:
                statement = sqlite.insert(table)
            statement = statement.values(
                [
                    {"key": bucket.key, "count": 1, "resets_at_ms": now_ms + bucket.window_ms}
                    for bucket in buckets
                ]
            )
            ended = table.c.resets_at_ms <= now_ms
            upsert = statement.on_conflict_do_update(
                index_elements=[table.c.key],
                set_={
                    "count": case((ended, 1), else_=table.c.count + 1),
                    "resets_at_ms": case(
                        (ended, statement.excluded.resets_at_ms), else_=table.c.resets_at_ms
                    ),
                },
            ).returning(table.c.key, table.c.count, table.c.resets_at_ms)
            rows = {
                key: Hit(int(count), int(resets))
                for key, count, resets in connection.execute(upsert)
            }
            if now_ms - self._swept_at_ms > _SWEEP_EVERY_MS:
                self._swept_at_ms = now_ms
                connection.execute(delete(table).where(table.c.resets_at_ms <= now_ms))
        return [rows[bucket.key] for bucket in buckets]

    def give_back(self, key: str, now_ms: int) -> None:
        table = _table()
        with self._connect() as connection:
            connection.execute(
                update(table)
                .where(table.c.key == key, table.c.resets_at_ms > now_ms, table.c.count > 0)
                .values(count=table.c.count - 1)
            )

    def clear(self, key: str) -> None:
        with self._connect() as connection:
            connection.execute(delete(_table()).where(_table().c.key == key))


def _table() -> Table:
    table: Table = RateLimitCounter.__table__  # type: ignore[attr-defined]
    return table


# KEYS: the buckets; ARGV: now, then per bucket its window and the reset of a new window.
_HIT_SCRIPT = """
local now = tonumber(ARGV[1])
local out = {}
for i, key in ipairs(KEYS) do
  local resets = tonumber(redis.call('HGET', key, 'r') or '0')
  local count
  if resets <= now then
    redis.call('HSET', key, 'c', 1, 'r', ARGV[2 * i + 1])
    redis.call('PEXPIRE', key, ARGV[2 * i])
    count, resets = 1, tonumber(ARGV[2 * i + 1])
  else
    count = redis.call('HINCRBY', key, 'c', 1)
  end
  out[#out + 1] = count
  out[#out + 1] = resets
end
return out
"""
_GIVE_BACK_SCRIPT = """
local resets = tonumber(redis.call('HGET', KEYS[1], 'r') or '0')
local count = tonumber(redis.call('HGET', KEYS[1], 'c') or '0')
if resets > tonumber(ARGV[1]) and count > 0 then
  return redis.call('HINCRBY', KEYS[1], 'c', -1)
end
return 0
"""


class RedisStore:
    """Counters as Redis hashes that expire with their window; one script call per hit."""

    def __init__(self, url: str, prefix: str) -> None:
        import redis  # only needed when Redis is configured

        # Short timeouts: a slow Redis must not hold every request up.
        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.prefix = prefix
        self._hit = self.client.register_script(_HIT_SCRIPT)
        self._give_back = self.client.register_script(_GIVE_BACK_SCRIPT)

    def hit(self, buckets: Sequence[Bucket], now_ms: int) -> list[Hit]:
        args: list[int] = [now_ms]
        for bucket in buckets:
            args += [bucket.window_ms, now_ms + bucket.window_ms]
        flat = self._hit(keys=[self.prefix + bucket.key for bucket in buckets], args=args)
        return [Hit(int(flat[i]), int(flat[i + 1])) for i in range(0, len(flat), 2)]

    def give_back(self, key: str, now_ms: int) -> None:
        self._give_back(keys=[self.prefix + key], args=[now_ms])

    def clear(self, key: str) -> None:
        self.client.delete(self.prefix + key)


def make_store(settings: Settings, session_factory: sessionmaker[Session]) -> CounterStore:
    if settings.redis_url:
        return RedisStore(settings.redis_url, settings.redis_key_prefix)
    return DatabaseStore(session_factory)


class TooManyRequests(ProblemError):
    status, slug = 429, "too-many-requests"


class CountersUnavailable(ProblemError):
    status, slug = 503, "service-unavailable"


@dataclass(frozen=True)
class Policy:
    """A quota per window for one partition of callers, named as in the RateLimit fields."""

    name: str
    quota: int
    window_seconds: int


@dataclass(frozen=True)
class Verdict:
    """What a request spent of each policy that applies to it."""

    spent: list[tuple[Policy, Hit]]
    now_ms: int

    def _seconds_left(self, hit: Hit) -> int:
        return max(0, math.ceil((hit.resets_at_ms - self.now_ms) / 1000))

    @property
    def retry_after(self) -> int | None:
        """Seconds until every exceeded policy has a new window; None when none is exceeded."""
        waits = [self._seconds_left(hit) for policy, hit in self.spent if hit.count > policy.quota]
        return max(waits) if waits else None

    def headers(self) -> list[tuple[bytes, bytes]]:
        policies = ", ".join(
            f'"{policy.name}";q={policy.quota};w={policy.window_seconds}'
            for policy, _ in self.spent
        )
        limits = ", ".join(
            f'"{policy.name}";r={max(0, policy.quota - hit.count)};t={self._seconds_left(hit)}'
            for policy, hit in self.spent
        )
        return [(b"ratelimit-policy", policies.encode()), (b"ratelimit", limits.encode())]


@dataclass
class LoginAttempt:
    account_key: str | None
    address_key: str | None


@dataclass
class RateLimiter:
    """The limits of one API, over one store; ``clock`` (seconds) is there for the tests."""

    settings: Settings
    store: CounterStore
    clock: Callable[[], float] = field(default=time.time)

    def __post_init__(self) -> None:
        s = self.settings
        self.principal_policy = Policy("principal", s.rate_limit_per_minute, REQUEST_WINDOW_SECONDS)
        self.address_policy = Policy(
            "address", s.rate_limit_per_address_per_minute, REQUEST_WINDOW_SECONDS
        )
        self.login_window_ms = s.login_failure_window_minutes * 60_000

    @property
    def limits_requests(self) -> bool:
        return bool(self.principal_policy.quota or self.address_policy.quota)

    def _now_ms(self) -> int:
        return int(self.clock() * 1000)

    def check_request(self, authorization: str | None, address: str) -> Verdict:
        """Spend one request of the caller's and the address' budget."""
        wanted: list[tuple[Policy, str]] = []
        principal = self._principal(authorization) if authorization else None
        if principal and self.principal_policy.quota:
            wanted.append((self.principal_policy, f"req:{principal}"))
        if self.address_policy.quota:
            wanted.append((self.address_policy, f"req:addr:{address}"))
        applied = [(policy, Bucket(key, policy.window_seconds * 1000)) for policy, key in wanted]
        now_ms = self._now_ms()
        hits = self.store.hit([bucket for _, bucket in applied], now_ms) if applied else []
        return Verdict(
            [(policy, hit) for (policy, _), hit in zip(applied, hits, strict=True)], now_ms
        )

    def _principal(self, authorization: str) -> str | None:
        """The user behind a valid access token, else a hash of the token: never a lookup."""
        scheme, _, token = authorization.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            return f"user:{decode_access_token(self.settings, token).user_id}"
        except InvalidToken:
            # Another kind of token (OIDC, a partner's), or garbage: its own budget, and the
            # address' budget still bounds anyone who makes up new ones.
            return "token:" + self._digest(b"token", token)

    def start_login(self, *, email: str, address: str) -> LoginAttempt:
        """Count a login attempt before the password is checked; 429 once the failures allowed
        for the account or the address are spent. Known and unknown accounts count alike."""
        s = self.settings
        attempt = LoginAttempt(
            account_key=f"login:account:{self._digest(b'login', email.strip().lower())}"
            if s.login_failures_per_account
            else None,
            address_key=f"login:addr:{address}" if s.login_failures_per_address else None,
        )
        limited = [
            (key, quota)
            for key, quota in (
                (attempt.account_key, s.login_failures_per_account),
                (attempt.address_key, s.login_failures_per_address),
            )
            if key
        ]
        if not limited:
            return attempt
        now_ms = self._now_ms()
        hits = self._guarded(
            lambda: self.store.hit(
                [Bucket(key, self.login_window_ms) for key, _ in limited], now_ms
            )
        )
        waits = [
            math.ceil((hit.resets_at_ms - now_ms) / 1000)
            for (_, quota), hit in zip(limited, hits, strict=True)
            if hit.count > quota
        ]
        if waits:
            raise TooManyRequests(
                "Too many failed logins; try again after the time in Retry-After.",
                headers={"Retry-After": str(max(1, *waits))},
            )
        return attempt

    def login_succeeded(self, attempt: LoginAttempt) -> None:
        """A success clears the account's failures and is not held against the address."""
        if attempt.account_key:
            key = attempt.account_key
            self._guarded(lambda: self.store.clear(key))
        if attempt.address_key:
            address_key, now_ms = attempt.address_key, self._now_ms()
            self._guarded(lambda: self.store.give_back(address_key, now_ms))

    def _digest(self, purpose: bytes, value: str) -> str:
        # Keyed, so the counters hold no token nor e-mail address, nor a hash of one that a
        # dictionary or another table could match.
        key = self.settings.signing_key.encode()
        return hmac.new(key, purpose + b"\0" + value.encode(), "sha256").hexdigest()[:40]

    @staticmethod
    def _guarded(call: Callable[[], Any]) -> Any:
        # Login throttling guards passwords: without its counters, logins wait.
        try:
            return call()
        except Exception as exc:
            log.error("login throttling unavailable: %s", exc.__class__.__name__)
            raise CountersUnavailable(
                "Logging in is unavailable for a moment; try again shortly.",
                headers={"Retry-After": "10"},
            ) from exc


def client_address(scope: Scope) -> str:
    """The caller's address as uvicorn reports it; an IPv6 caller is counted by its /64."""
    client = scope.get("client")
    host = client[0] if client else ""
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return host[:60] or "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


class RateLimitMiddleware:
    """Spends a request of the caller's budgets before the API sees it; 429 once one is spent,
    and the RateLimit fields on every answer."""

    def __init__(self, app: ASGIApp, *, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter
        self._warned_at = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.limiter.limits_requests:
            await self.app(scope, receive, send)
            return
        path, root = scope["path"], scope.get("root_path", "")
        if (path[len(root) :] if path.startswith(root) else path) in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        authorization = next(
            (
                value.decode("latin-1")
                for name, value in scope["headers"]
                if name == b"authorization"
            ),
            None,
        )
        try:
            verdict = await anyio.to_thread.run_sync(
                self.limiter.check_request, authorization, client_address(scope)
            )
        except Exception as exc:
            # Availability first: without its counters the API answers unlimited, and says so
            # (once a minute, not once a request).
            if time.monotonic() - self._warned_at > 60:
                self._warned_at = time.monotonic()
                log.warning("rate limits unavailable: %s", exc.__class__.__name__)
            await self.app(scope, receive, send)
            return
        fields = verdict.headers()
        if verdict.retry_after is not None:
            retry_after = max(1, verdict.retry_after)
            start, body = problem_message(
                429,
                "Too Many Requests",
                f"The request limit is spent; try again in {retry_after} seconds.",
                path,
            )
            start["headers"] += [*fields, (b"retry-after", str(retry_after).encode())]
            await send(start)
            await send(body)
            return

        async def send_with_fields(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in fields:
                    headers[name.decode()] = value.decode()
            await send(message)

        await self.app(scope, receive, send_with_fields)


def install_rate_limits(
    api: FastAPI, settings: Settings, session_factory: sessionmaker[Session]
) -> None:
    """The request limits as middleware, and the limiter for login throttling in app state."""
    limiter = RateLimiter(settings=settings, store=make_store(settings, session_factory))
    api.state.rate_limiter = limiter
    api.add_middleware(RateLimitMiddleware, limiter=limiter)


async def get_rate_limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]
