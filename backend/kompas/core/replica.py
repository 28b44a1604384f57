"""Heavy reads on a streaming replica (KOMPAS_DATABASE_REPLICA_URL), and every caller's own writes
read back from the primary until the replica has replayed them.

How a read is routed (docs/operations.md, "A read replica"):
- After a successful write request (any method but GET/HEAD/OPTIONS, answered below 400) the
  primary's WAL insert position (``pg_current_wal_insert_lsn()``, taken after the commit) is
  remembered for the caller: in Redis when KOMPAS_REDIS_URL is set, so every API process knows
  it, otherwise in this process; for KOMPAS_DATABASE_REPLICA_READ_YOUR_WRITES_SECONDS.
- A route that takes ``ReadSessionDep`` gets a session that picks its database at its first
  statement, when the caller is known: the replica if it has replayed at least the caller's
  remembered position (``pg_last_wal_replay_lsn()``), otherwise the primary. The one query that
  asks is also the replica's liveness check: a replica that does not answer is left alone for
  KOMPAS_DATABASE_REPLICA_RETRY_SECONDS and its reads go to the primary meanwhile.
- Other callers may read slightly older data from the replica (as old as its replay lag); public
  feeds, which have no caller, always may.

Only routes that never write may take ``ReadSessionDep``: a replica refuses writes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, Protocol

import anyio.to_thread
from fastapi import Depends, FastAPI, Request
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kompas.core.config import Settings
from kompas.core.db import make_engine, request_session

log = logging.getLogger("kompas.replica")

ROUTING_KEY = "read_routing"
# A position no replica reaches: remembered when a write's real position could not be read, so
# the caller's reads stay on the primary for the whole window rather than risk missing the write.
UNKNOWN_POSITION = (1 << 64) - 1
_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def parse_lsn(value: str) -> int:
    """A WAL position as PostgreSQL writes it (``16/B374D848``) as one comparable number."""
    high, _, low = value.partition("/")
    return (int(high, 16) << 32) | int(low, 16)


def caller_key(principal: Any) -> str | None:
    """Whose writes these are: a user or a partner token (a Principal), None for no caller."""
    if principal is None:
        return None
    return f"{principal.kind}:{principal.id}"


class PositionStore(Protocol):
    def remember(self, caller: str, position: int) -> None: ...

    def recall(self, caller: str) -> int | None: ...


class MemoryPositionStore:
    """Positions in this process: enough for one API process (or sticky sessions)."""

    def __init__(self, ttl_seconds: float) -> None:
        self.ttl = ttl_seconds
        self._positions: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def remember(self, caller: str, position: int) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._positions) > 10_000:  # forget the expired ones now and then
                self._positions = {k: v for k, v in self._positions.items() if v[1] > now}
            earlier = self._positions.get(caller)
            if earlier is not None and earlier[1] > now:
                position = max(position, earlier[0])
            self._positions[caller] = (position, now + self.ttl)

    def recall(self, caller: str) -> int | None:
        with self._lock:
            found = self._positions.get(caller)
            if found is None or found[1] <= time.monotonic():
                return None
            return found[0]


# Keeps the highest position: two processes may record one caller's writes out of order. The
# positions are fixed-width hex, so comparing them as strings compares them as numbers.
_REMEMBER_HIGHEST = """
local earlier = redis.call('GET', KEYS[1])
if not earlier or earlier < ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
else
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 1
"""


class RedisPositionStore:
    """Positions in Redis, shared by every API process, expiring by themselves."""

    def __init__(self, url: str, prefix: str, ttl_seconds: float) -> None:
        import redis  # only needed when Redis is configured

        self.client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.prefix = f"{prefix}wal-position:"
        self.ttl_ms = int(ttl_seconds * 1000)
        self._remember = self.client.register_script(_REMEMBER_HIGHEST)

    def remember(self, caller: str, position: int) -> None:
        self._remember(keys=[self.prefix + caller], args=[f"{position:016x}", self.ttl_ms])

    def recall(self, caller: str) -> int | None:
        found = self.client.get(self.prefix + caller)
        return None if found is None else int(found, 16)


class ReadRouting:
    """Chooses the database of each read session and remembers each caller's last write."""

    def __init__(
        self, settings: Settings, primary: Engine, replica: Engine, store: PositionStore
    ) -> None:
        self.primary = primary
        self.replica = replica
        self.store = store
        self.retry_seconds = settings.database_replica_retry_seconds
        # While the store cannot be trusted (Redis down when a write was recorded), every read
        # goes to the primary.
        self.window_seconds = settings.database_replica_read_your_writes_seconds
        self._replica_down_until = 0.0
        self._store_unsure_until = 0.0
        # How many read sessions went where: for operators (and the tests) to see the routing.
        self.routed = {"replica": 0, "primary": 0}

    def choose(self, caller: str | None) -> Engine:
        """The replica if it is up and has replayed the caller's last write, else the primary."""
        engine = self._choose(caller)
        self.routed["replica" if engine is self.replica else "primary"] += 1
        return engine

    def _choose(self, caller: str | None) -> Engine:
        now = time.monotonic()
        if now < self._replica_down_until or now < self._store_unsure_until:
            return self.primary
        try:
            needed = self.store.recall(caller) if caller else None
        except Exception:
            log.warning("the write positions cannot be read; reading from the primary")
            return self.primary
        replayed = self._replayed()
        if replayed is None or (needed is not None and replayed < needed):
            return self.primary
        return self.replica

    def _replayed(self) -> int | None:
        """How far the replica has replayed the primary's WAL; None when it cannot say."""
        for attempt in (1, 2):
            try:
                with self.replica.connect() as connection:
                    value = connection.execute(
                        text("SELECT pg_last_wal_replay_lsn()::text")
                    ).scalar()
            except DBAPIError as exc:
                # A connection the replica dropped (a restart) is thrown away; try a fresh one once.
                if attempt == 1 and exc.connection_invalidated:
                    continue
                log.warning(
                    "the read replica does not answer (%s); reading from the primary for %s s",
                    exc.__class__.__name__,
                    self.retry_seconds,
                )
                self._replica_down_until = time.monotonic() + self.retry_seconds
                return None
            if value is None:  # not in recovery: not a replica of anything
                log.warning("KOMPAS_DATABASE_REPLICA_URL is not a streaming replica")
                self._replica_down_until = time.monotonic() + self.retry_seconds
                return None
            return parse_lsn(value)
        return None  # pragma: no cover - the loop returns

    def remember_write(self, caller: str) -> None:
        """Remembers the primary's WAL position after ``caller``'s committed write."""
        try:
            with self.primary.connect() as connection:
                position = parse_lsn(
                    connection.execute(
                        text("SELECT pg_current_wal_insert_lsn()::text")
                    ).scalar_one()
                )
        except DBAPIError:
            position = UNKNOWN_POSITION  # read from the primary for the whole window instead
        try:
            self.store.remember(caller, position)
        except Exception:
            log.warning("a write position cannot be stored; reading from the primary for a while")
            self._store_unsure_until = time.monotonic() + self.window_seconds

    def session(self, caller: Callable[[], str | None]) -> RoutedSession:
        return RoutedSession(self, caller)


class RoutedSession(Session):
    """A session that picks its database at its first statement: by then the route's
    dependencies have run and the caller is known."""

    def __init__(self, routing: ReadRouting, caller: Callable[[], str | None]) -> None:
        super().__init__(expire_on_commit=False)
        self._routing = routing
        self._caller = caller
        self._chosen: Engine | None = None

    def get_bind(
        self, mapper: Any = None, *, clause: Any = None, bind: Any = None, **kw: Any
    ) -> Engine | Connection:
        if self._chosen is None:
            self._chosen = self._routing.choose(self._caller())
        return self._chosen


class WritePositionMiddleware:
    """After a write request succeeds, and before its answer leaves, remembers the primary's WAL
    position for the caller, so the caller's next read finds its write wherever it is served."""

    def __init__(self, app: ASGIApp, routing: ReadRouting) -> None:
        self.app = app
        self.routing = routing

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _READ_METHODS:
            await self.app(scope, receive, send)
            return

        async def send_after_remembering(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] < 400:
                # The route's session has committed by now (SessionDep commits before answering).
                caller = caller_key(scope.get("state", {}).get("principal"))
                if caller is not None:
                    await anyio.to_thread.run_sync(self.routing.remember_write, caller)
            await send(message)

        await self.app(scope, receive, send_after_remembering)


def install_read_replica(api: FastAPI, settings: Settings, primary: sessionmaker[Session]) -> None:
    """With KOMPAS_DATABASE_REPLICA_URL: routes taking ``ReadSessionDep`` read from the replica."""
    if not settings.database_replica_url:
        return
    replica = make_engine(
        settings.database_replica_url,
        pooler=settings.database_pooler,
        # The routing query before each session is the liveness check; a replica that does not
        # answer must not hold a request up for long.
        pool_pre_ping=False,
        pool_use_lifo=True,  # the session gets the connection the check just used
        connect_args={"connect_timeout": 2},
    )
    window = settings.database_replica_read_your_writes_seconds
    store: PositionStore = (
        RedisPositionStore(settings.redis_url, settings.redis_key_prefix, window)
        if settings.redis_url
        else MemoryPositionStore(window)
    )
    routing = ReadRouting(settings, primary.kw["bind"], replica, store)
    setattr(api.state, ROUTING_KEY, routing)
    api.add_middleware(WritePositionMiddleware, routing=routing)


async def get_read_session(request: Request) -> AsyncIterator[Session]:
    """A session for a route that only reads: on the replica when there is one and it has the
    caller's own writes (chosen at its first statement), otherwise exactly ``get_session``'s.
    Ending it ends the read transaction; a replica refuses any write in it."""
    routing: ReadRouting | None = getattr(request.app.state, ROUTING_KEY, None)
    session = (
        routing.session(lambda: caller_key(getattr(request.state, "principal", None)))
        if routing is not None
        else request.app.state.session_factory()
    )
    async with request_session(session) as ended:
        yield ended


# For list, dashboard, feed, export, search and analysis routes; never for a route that writes.
ReadSessionDep = Annotated[Session, Depends(get_read_session, scope="function")]
