"""Reading the audit trail (writing it is the recorder's job)."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from kompas.audit.models import AuditAction, AuditEvent
from kompas.core.errors import NotFound
from kompas.core.listing import Filter, ListQuery, ListSpec, paginate
from kompas.core.principal import Principal

AUDIT_EVENTS = ListSpec(
    name="audit_events",
    id_column=AuditEvent.id,
    sortable={"occurredAt": AuditEvent.occurred_at},
    default_sort="-occurredAt",
    filters={
        "resourceType": Filter(AuditEvent.resource_type, str, "E.g. `parties`, `needs`, `users`."),
        "resourceId": Filter(AuditEvent.resource_id, uuid.UUID),
        "actorId": Filter(AuditEvent.actor_id, uuid.UUID),
        "action": Filter(AuditEvent.action, AuditAction),
    },
)


def get_all(
    *, session: Session, principal: Principal, query: ListQuery
) -> tuple[list[AuditEvent], str | None]:
    """One page of the organisation's audit trail, newest first by default."""
    statement = select(AuditEvent).where(AuditEvent.organisation_id == principal.organisation_id)
    return paginate(session, statement, AUDIT_EVENTS, query)


def get(*, session: Session, principal: Principal, event_id: uuid.UUID) -> AuditEvent:
    """One audit event of the caller's organisation; 404 otherwise."""
    found = session.exec(
        select(AuditEvent).where(
            AuditEvent.id == event_id, AuditEvent.organisation_id == principal.organisation_id
        )
    ).first()
    if found is None:
        raise NotFound(f"There is no audit event with id {event_id}.")
    return found
