"""Bulk writing for the benchmark data generator: COPY on PostgreSQL, executemany on SQLite.

Rows are plain tuples in a column order the generator declares per table. The writer checks that
order once against the real table (every NOT NULL column without a server default is given), buffers
rows and flushes every table in foreign-key order, so a child row never reaches the database before
its parent. PostgreSQL gets psycopg 3's ``cursor.copy()`` (JSON as text, the rest adapted by
psycopg); SQLite gets the column types' own bind processors (UUIDs as 32 hex digits, UTC times
without offset, JSON dumped) and one ``executemany`` per table, as SQLAlchemy would store them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import JSON, Engine, Table

from kompas.core.db import metadata

FLUSH_ROWS = 100_000  # buffered rows over all tables before a flush


class BulkWriter:
    """Buffers rows per table and writes them in bulk, in foreign-key order, in one transaction."""

    def __init__(self, engine: Engine, columns: Mapping[str, Sequence[str]]) -> None:
        self.engine = engine
        self.dialect = engine.dialect
        self.is_postgres = engine.dialect.name == "postgresql"
        self.columns = {name: tuple(cols) for name, cols in columns.items()}
        self.tables: dict[str, Table] = {t.name: t for t in metadata.sorted_tables}
        self.order = [t.name for t in metadata.sorted_tables if t.name in self.columns]
        self.buffers: dict[str, list[tuple[Any, ...]]] = {name: [] for name in self.columns}
        self.counts: dict[str, int] = dict.fromkeys(self.columns, 0)
        self.seconds: dict[str, float] = dict.fromkeys(self.columns, 0.0)
        self.deferred: list[str] = []
        self.buffered = 0
        for name, cols in self.columns.items():
            self._check(self.tables[name], cols)
        self.raw = engine.raw_connection()
        self.cursor = self.raw.cursor()
        if not self.is_postgres:
            self.cursor.execute("PRAGMA foreign_keys=ON")

    @staticmethod
    def _check(table: Table, cols: Sequence[str]) -> None:
        unknown = set(cols) - set(table.c.keys())
        if unknown:
            raise ValueError(f"{table.name}: unknown columns {sorted(unknown)}")
        missing = [
            c.name
            for c in table.c
            if not c.nullable and c.server_default is None and c.name not in cols
        ]
        if missing:
            raise ValueError(f"{table.name}: NOT NULL columns not given: {missing}")

    def add(self, table: str, row: tuple[Any, ...]) -> None:
        self.buffers[table].append(row)
        self.buffered += 1
        if self.buffered >= FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write every buffered row, parents before children."""
        for name in self.order:
            rows = self.buffers[name]
            if rows:
                started = time.perf_counter()
                self._write(name, rows)
                self.seconds[name] += time.perf_counter() - started
                self.counts[name] += len(rows)
                self.buffers[name] = []
        self.buffered = 0

    def _write(self, name: str, rows: list[tuple[Any, ...]]) -> None:
        table = self.tables[name]
        cols = self.columns[name]
        if self.is_postgres:
            json_at = [i for i, c in enumerate(cols) if isinstance(table.c[c].type, JSON)]
            quoted = ", ".join(f'"{c}"' for c in cols)
            with self.cursor.copy(f"COPY {name} ({quoted}) FROM STDIN") as copy:
                if json_at:
                    for row in rows:
                        values = list(row)
                        for i in json_at:
                            values[i] = json.dumps(values[i])
                        copy.write_row(values)
                else:
                    for row in rows:
                        copy.write_row(row)
            return
        processors = [table.c[c].type._cached_bind_processor(self.dialect) for c in cols]
        active = [(i, p) for i, p in enumerate(processors) if p is not None]
        if active:
            converted = []
            for row in rows:
                values = list(row)
                for i, process in active:
                    values[i] = process(values[i])
                converted.append(values)
        else:
            converted = rows  # type: ignore[assignment]
        marks = ", ".join("?" for _ in cols)
        quoted = ", ".join(f'"{c}"' for c in cols)
        self.cursor.executemany(f"INSERT INTO {name} ({quoted}) VALUES ({marks})", converted)  # noqa: S608

    def defer_indexes(self) -> None:
        """PostgreSQL: drop the plain indexes (not those behind a primary key or unique
        constraint) of the tables written, to build them once after the load: one sort per
        index instead of an insertion per row, and the search's GIN indexes in bulk. The same
        definitions are created again in the same transaction, so the schema ends as the
        migrations made it."""
        if not self.is_postgres:
            return
        self.cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i "
            "JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = i.schemaname "
            "WHERE i.schemaname = 'public' AND i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)",
            (list(self.columns),),
        )
        for name, definition in self.cursor.fetchall():
            self.deferred.append(definition)
            self.cursor.execute(f'DROP INDEX "{name}"')

    def restore_indexes(self) -> None:
        if not self.deferred:
            return
        self.flush()
        self.cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for definition in self.deferred:
            self.cursor.execute(definition)
        self.deferred = []

    def commit(self) -> None:
        self.flush()
        self.restore_indexes()
        self.raw.commit()
        self.cursor.close()
        self.raw.close()

    def rollback(self) -> None:
        self.raw.rollback()
        self.raw.close()
