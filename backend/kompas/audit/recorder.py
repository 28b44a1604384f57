"""Records every write of a tenant record as an AuditEvent, in the flush that writes it.

A SQLAlchemy ``before_flush`` listener sees every new, changed and deleted record of the
session, whichever service made the change, so no route can forget to audit.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import Enum
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction

from kompas.audit.models import AuditAction, AuditEvent
from kompas.core.models import TenantRecord
from kompas.core.principal import PRINCIPAL_KEY, Principal


# Never written to the trail, only that they changed: every credential by its column's name (a
# password's or token's hash, a signing secret), whichever model holds it, and what a model names
# in its class attribute ``__audit_redacted__`` (kompas.core.models.TenantRecord).
def redacted(name: str, of_model: frozenset[str]) -> bool:
    return name in of_model or name.endswith("_hash") or name.split("_")[-1] == "secret"


# Bookkeeping, not content.
IGNORED = {"id", "organisation_id", "created_at", "updated_at", "version"}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):  # a datetime is a date too
        return value.isoformat()
    return value


def _resource_type(record: TenantRecord) -> str:
    return str(record.__tablename__).replace("_", "-")


def _changes(record: TenantRecord, action: AuditAction) -> dict[str, Any]:
    state = inspect(record)
    changes: dict[str, Any] = {}
    for attribute in state.mapper.column_attrs:
        name = attribute.key
        if name in IGNORED:
            continue
        history = state.attrs[name].history
        if action is AuditAction.update and not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = getattr(record, name) if action is not AuditAction.delete else None
        if action is AuditAction.delete:
            old = getattr(record, name)
        if action is AuditAction.update and old == new:
            continue
        if redacted(name, record.__audit_redacted__):
            changes[_camel(name)] = {"changed": True}
        else:
            changes[_camel(name)] = {"from": _plain(old), "to": _plain(new)}
    return changes


@event.listens_for(OrmSession, "before_flush")
def _record(session: OrmSession, _flush: UOWTransaction, _instances: object) -> None:
    principal: Principal | None = session.info.get(PRINCIPAL_KEY)
    events: list[AuditEvent] = []
    for records, action in (
        (session.new, AuditAction.create),
        (session.dirty, AuditAction.update),
        (session.deleted, AuditAction.delete),
    ):
        for record in records:
            if not isinstance(record, TenantRecord):
                continue
            if action is AuditAction.update and not session.is_modified(record):
                continue
            changes = _changes(record, action)
            if action is AuditAction.update and not changes:
                continue
            if record.id is None:
                record.id = uuid.uuid4()
            events.append(
                AuditEvent(
                    organisation_id=record.organisation_id,
                    actor_kind=principal.kind.value if principal else "system",
                    actor_id=principal.id if principal else None,
                    actor_name=principal.name if principal else "Kompas",
                    action=action,
                    resource_type=_resource_type(record),
                    resource_id=record.id,
                    changes=changes,
                )
            )
    session.add_all(events)


def record(
    session: OrmSession,
    *,
    organisation_id: uuid.UUID,
    action: AuditAction,
    resource_type: str,
    resource_id: uuid.UUID,
    changes: dict[str, Any],
) -> None:
    """One event for a change written in bulk (e.g. a whole role-map view), by this session's
    caller."""
    principal: Principal | None = session.info.get(PRINCIPAL_KEY)
    session.add(
        AuditEvent(
            organisation_id=organisation_id,
            actor_kind=principal.kind.value if principal else "system",
            actor_id=principal.id if principal else None,
            actor_name=principal.name if principal else "Kompas",
            action=action,
            resource_type=resource_type,
            resource_id=resource_id,
            changes=changes,
        )
    )
