"""A statement on the event loop: for the one read that decides whether a kept page answers.

Every route runs its statements through the request's ``Session``, in a worker thread. The few
reads that must cost less than that hop (a caller and its organisation's data version, read for
every request a kept page may answer: ``kompas.core.pagecache``) go through ``OneStatement``:

- on PostgreSQL, on a small pool of psycopg's own asynchronous connections (``psycopg_pool``),
  each statement in autocommit: PostgreSQL works on it while the event loop serves other
  requests. Measured beside each other on this machine, one statement and a fixed answer: 2,655
  requests a second this way, 1,456 through a worker thread on a plain connection, 916 through
  the ORM's session (docs/decisions/0021-kept-pages.md);
- on SQLite, and whenever the pool is not open on the running loop (an event loop of a test
  client), through the engine in a worker thread, as before.

The pool opens when it is first used, on the loop that uses it, and closes at shutdown
(``close``). Its statements are compiled once per statement object for the engine's dialect.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import Engine
from sqlalchemy.engine import Row
from sqlalchemy.sql import Executable

log = logging.getLogger("kompas.asyncdb")

POOL_SIZE = 4
# A connection unused this long is closed.
IDLE_SECONDS = 300.0
# How long a statement waits for a free connection before it fails (and the caller takes the
# route's own way), and how long a pool that failed rests before a new one is opened.
WAIT_SECONDS = 1.0
REST_SECONDS = 5.0


class OneStatement:
    """Runs a read of one row; see the module's documentation."""

    def __init__(self, engine: Engine, *, pooler: str = "none") -> None:
        self.engine = engine
        self._postgres = engine.dialect.name == "postgresql"
        self._pooler = pooler
        self._pool: Any = None
        self._opening: asyncio.Future[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._compiled: dict[int, tuple[Executable, str, dict[str, Any]]] = {}
        self._resting_until = 0.0
        self._closing: set[asyncio.Future[None]] = set()

    async def first(self, statement: Executable, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The statement's first row (as a tuple), or None."""
        loop = asyncio.get_running_loop()
        if (
            not self._postgres
            or (self._loop is not None and self._loop is not loop)
            or time.monotonic() < self._resting_until
        ):
            return await run_in_threadpool(self._first_in_thread, statement, params)
        if self._opening is None:
            self._open(loop)
        assert self._opening is not None
        sql, defaults = self._compile(statement)
        try:
            await self._opening
            async with self._pool.connection(timeout=WAIT_SECONDS) as connection:
                cursor = await connection.execute(sql, {**defaults, **params})
                row = await cursor.fetchone()
        except Exception:
            # PostgreSQL unreachable (or the pool stuck): rest the pool and go through the engine,
            # which fails at once while the database is down and recovers when it is back.
            self._rest()
            raise
        return tuple(row) if row is not None else None

    def _rest(self) -> None:
        pool, self._pool, self._opening, self._loop = self._pool, None, None, None
        self._resting_until = time.monotonic() + REST_SECONDS
        if pool is not None:
            task = asyncio.ensure_future(pool.close(timeout=1))
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    def _first_in_thread(self, statement: Executable, params: dict[str, Any]) -> Any:
        with self.engine.connect() as connection:
            row: Row[Any] | None = connection.execute(statement, params).first()
            return tuple(row) if row is not None else None

    def _open(self, loop: asyncio.AbstractEventLoop) -> None:
        from psycopg_pool import AsyncConnectionPool

        url = self.engine.url.set(drivername="postgresql")
        kwargs: dict[str, Any] = {"autocommit": True}
        if self._pooler == "transaction":  # as core.db.make_engine: no server-side prepares
            kwargs["prepare_threshold"] = None
        self._pool = AsyncConnectionPool(
            url.render_as_string(hide_password=False),
            min_size=0,  # none kept open while no request needs one
            max_size=POOL_SIZE,
            max_idle=IDLE_SECONDS,
            kwargs=kwargs,
            open=False,
            name="kompas-one-statement",
        )
        self._loop = loop
        self._opening = asyncio.ensure_future(self._pool.open(wait=True, timeout=10))

    def _compile(self, statement: Executable) -> tuple[str, dict[str, Any]]:
        """The SQL for psycopg and the values the statement binds itself (its literals)."""
        compiled = self._compiled.get(id(statement))
        if compiled is None or compiled[0] is not statement:
            sql = statement.compile(dialect=self.engine.dialect)  # type: ignore[attr-defined]
            compiled = (statement, str(sql), dict(sql.params))
            self._compiled[id(statement)] = compiled
        return compiled[1], compiled[2]

    async def close(self) -> None:
        """Close the pool (at shutdown, on the loop that opened it)."""
        pool, self._pool, self._opening, self._loop = self._pool, None, None, None
        if pool is not None:
            await pool.close()
        for task in list(self._closing):
            await task
