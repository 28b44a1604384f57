"""A number per organisation that moves with every committed change of its records.

Whoever keeps figures computed from an organisation's records (the dashboard, per process) reads
this number first and uses it in the key of what it keeps: a write in any API process moves it in
the same transaction as the write, so a reader in any process sees the new number as soon as it can
see the new records (docs/decisions/0017-dashboard-figures-kept-per-data-version.md).

How it moves: a session that flushed a record of an organisation, or sent an INSERT, UPDATE or
DELETE through ``session.execute``, adds one to that organisation's number just before it commits.
At commit, not at the first write: the row is locked only for the commit itself, after every other
lock of the transaction, so two writers never wait on each other in a cycle. Tables of bookkeeping
(the audit trail, rate limits, tokens, idempotency keys, the webhook outbox) do not count. A write
whose organisation is unknown moves every organisation's number. Writes that bypass Kompas's
sessions (a psql session by hand, bench/datagen.py's COPY) do not move it.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from sqlalchemy import BigInteger, event, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, UOWTransaction
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, Session, SQLModel, col, select

from kompas.core.principal import PRINCIPAL_KEY


class DataVersion(SQLModel, table=True):
    """The organisation's data version: moved by every commit that changed its records."""

    __tablename__ = "data_versions"

    organisation_id: uuid.UUID = Field(
        foreign_key="organisations.id", primary_key=True, ondelete="CASCADE"
    )
    version: int = Field(default=0, sa_type=BigInteger, nullable=False)


# Bookkeeping, not content: no figure is computed from these.
NOT_DATA = frozenset(
    {
        "data_versions",
        "audit_events",
        "outbox_events",
        "idempotency_keys",
        "rate_limit_counters",
        "refresh_tokens",
        "revoked_access_tokens",
        "api_tokens",
        "webhook_deliveries",
        "webhook_attempts",
    }
)
_CHANGED_KEY = "kompas.data_version.changed"
_EVERY = "every organisation"


def first_version() -> int:
    """Where an organisation's number starts: at random, not at 1, so that a number is never
    seen twice for one organisation even when its row is deleted and made again (a test's
    emptied tables, an organisation exported, deleted and imported with its own id): whatever
    was kept by an earlier number can then never pass for the new data."""
    return secrets.randbits(62) + 1


def read(session: Session, organisation_id: uuid.UUID) -> int:
    """The organisation's data version (0 before its first counted change); one query."""
    version = session.exec(
        select(DataVersion.version).where(DataVersion.organisation_id == organisation_id)
    ).first()
    return version or 0


def _changed(session: OrmSession) -> set[Any]:
    changed: set[Any] = session.info.setdefault(_CHANGED_KEY, set())
    return changed


def _caller_organisation(session: OrmSession) -> Any:
    principal = session.info.get(PRINCIPAL_KEY)
    return principal.organisation_id if principal is not None else _EVERY


@event.listens_for(OrmSession, "after_flush")
def _note_flushed(session: OrmSession, _flush: UOWTransaction) -> None:
    # After the flush the collections still hold what it wrote.
    for records in (session.new, session.dirty, session.deleted):
        for record in records:
            if getattr(record, "__tablename__", None) in NOT_DATA:
                continue
            organisation_id = getattr(record, "organisation_id", None)
            _changed(session).add(organisation_id or _caller_organisation(session))


@event.listens_for(OrmSession, "do_orm_execute")
def _note_executed(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in NOT_DATA:
        return
    _changed(state.session).add(_caller_organisation(state.session))


@event.listens_for(OrmSession, "before_commit")
def _move(session: OrmSession) -> None:
    if session.new or session.dirty or session.deleted:
        session.flush()
    changed = session.info.pop(_CHANGED_KEY, None)
    if not changed:
        return
    if _EVERY in changed:
        session.execute(update(DataVersion).values(version=col(DataVersion.version) + 1))
    dialect = session.get_bind().dialect.name
    # In a fixed order: two commits moving the same organisations lock their rows alike.
    for organisation_id in sorted(changed - {_EVERY}, key=str):
        values = {"organisation_id": organisation_id, "version": first_version()}
        statement: Any = (
            postgresql.insert(DataVersion).values(values)
            if dialect == "postgresql"
            else sqlite.insert(DataVersion).values(values)
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[DataVersion.organisation_id],
                set_={"version": col(DataVersion.version) + 1},
            )
        )
    session.info.pop(_CHANGED_KEY, None)


@event.listens_for(OrmSession, "after_rollback")
def _forget(session: OrmSession) -> None:
    session.info.pop(_CHANGED_KEY, None)
