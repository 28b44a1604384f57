"""The events Kompas publishes, and the outbox they are written to in the change's transaction.

The events layer knows no feature: each feature registers its kinds of record
(``register_kind``, when its service module is imported) with how the API shows a record and who
may read it, and, where a change to another table means something for its records (a handoff
offered, a status changed), a ``register_watch`` that says which events it makes. Whoever
consumes the events (the webhooks) registers a listener that is called, in the same transaction,
with each event written (``register_listener``).

An event is written in the SAME transaction as the change: a rolled-back change emits nothing.
Created, updated and deleted are found by a ``before_flush`` listener (as the audit trail is);
domain events by the watches, or by a feature calling ``emit``. Created and updated events are
completed just before the commit, when the record's links and participants are written too, so
that the event carries the record exactly as the API shows it after the change.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import Session, col, select

from kompas.core.principal import Principal, PrincipalKind, Role
from kompas.events.models import OutboxEvent
from kompas.joint.models import Handoff, StatusChange

CREATED, UPDATED, DELETED = "created", "updated", "deleted"
TYPE_PREFIX = "nl.kompas."
TEST_EVENT_TYPE = "nl.kompas.webhook.test.v1"
PENDING_KEY = "kompas.events.pending"
# Reads a list of records as the given caller sees them, in the API's shape (camelCase JSON).
Reader = Callable[[Session, Principal, list[Any]], list[dict[str, Any]]]
# (statement, model, principal) -> the statement narrowed to what the caller may read.
Visible = Callable[[Any, Any, Principal], Any]


@dataclass(frozen=True)
class EventKind:
    """A kind of record events are published about."""

    name: str  # agenda-item
    model: Any
    path: str  # agenda-items: the API collection, and the token scope `<path>:read`
    read: Reader
    visible: Visible
    events: tuple[str, ...]  # its domain events besides created, updated and deleted
    descriptions: dict[str, str] = field(default_factory=dict)

    def type_of(self, event_name: str) -> str:
        return f"{TYPE_PREFIX}{self.name}.{event_name}.v1"


@dataclass(frozen=True)
class Derived:
    """An event a change of another record means for a record of a registered kind."""

    kind: str
    resource_id: uuid.UUID
    event: str
    extra: dict[str, Any] = field(default_factory=dict)


# (record, action, {attribute: (old, new)} of its changed columns) -> the events it means.
Watch = Callable[[Any, str, dict[str, tuple[Any, Any]]], Iterable[Derived]]


@dataclass
class Published:
    """An event just written, for the listeners: its kind and record (None once deleted)."""

    event: OutboxEvent
    kind: EventKind | None
    record: Any | None
    extra: dict[str, Any] = field(default_factory=dict)


KINDS: dict[str, EventKind] = {}
_BY_MODEL: dict[type, EventKind] = {}
WATCHES: dict[type, list[Watch]] = {}
LISTENERS: list[Callable[[Session, list[Published]], None]] = []
# Event types without a record kind (the test event), with their description.
OTHER_TYPES: dict[str, str] = {TEST_EVENT_TYPE: "A test event sent on request to one subscription."}

_DEFAULT_DESCRIPTIONS = {
    CREATED: "{a} {what} was created.",
    UPDATED: "{a} {what} was changed.",
    DELETED: "{a} {what} was deleted; `data` holds only its id.",
}


def register_kind(
    name: str,
    model: Any,
    *,
    path: str,
    read: Callable[[Session, Principal, list[Any]], list[dict[str, Any]]],
    schema: type[BaseModel],
    visible: Visible,
    events: dict[str, str] | None = None,
) -> None:
    """Publish created/updated/deleted of ``model`` (and the domain ``events``, name →
    description) as ``nl.kompas.<name>.<event>.v1``; ``read`` and ``schema`` show a record as
    the API does, ``visible`` narrows a query to what a caller may read."""

    def shown(session: Session, principal: Principal, records: list[Any]) -> list[dict[str, Any]]:
        return [
            schema.model_validate(one).model_dump(mode="json", by_alias=True)
            for one in read(session, principal, records)
        ]

    what = name.replace("-", " ")
    article = "An" if what[0] in "aeiou" else "A"
    descriptions = {
        key: text.format(a=article, what=what) for key, text in _DEFAULT_DESCRIPTIONS.items()
    }
    descriptions.update(events or {})
    kind = EventKind(name, model, path, shown, visible, tuple(events or ()), descriptions)
    KINDS[name] = kind
    _BY_MODEL[model] = kind


def register_watch(model: type, watch: Watch) -> None:
    """Call ``watch`` for each created, updated or deleted ``model`` record; it says which
    events of registered kinds the change means (a handoff offered on an agenda item)."""
    WATCHES.setdefault(model, []).append(watch)


HANDOFF_EVENTS = {
    "handoff-offered": "The ball is offered to another party (a handoff is pending).",
    "handoff-accepted": "The receiving party accepted the ball.",
    "handoff-declined": "The receiving party declined the ball.",
    "handoff-withdrawn": "The handoff was withdrawn before it was answered.",
    "status-changed": "The status changed; `statusChange` holds from, to and the reason.",
}
PUBLISHED_EVENT = {"published": "It was published (visibility `published`)."}


def _camel_dict(record: Any, names: tuple[str, ...]) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        return str(value) if isinstance(value, uuid.UUID) else getattr(value, "value", value)

    def camel(name: str) -> str:
        head, *rest = name.split("_")
        return head + "".join(part.title() for part in rest)

    return {camel(name): plain(getattr(record, name)) for name in names}


def watch_joint_work(kind: str) -> None:
    """Publish the handoffs and status changes of the records of ``kind`` (an agenda item, a
    question) as its events: ``handoff-offered`` … ``handoff-withdrawn``, ``status-changed``."""

    def handoffs(record: Any, action: str, changes: dict[str, tuple[Any, Any]]) -> list[Derived]:
        if record.subject_kind != kind:
            return []
        extra = {
            "handoff": _camel_dict(
                record, ("id", "from_party_id", "to_party_id", "status", "note", "reason")
            )
        }
        if action == CREATED:
            return [Derived(kind, record.subject_id, "handoff-offered", extra)]
        if action == UPDATED and "status" in changes and record.status != "pending":
            return [Derived(kind, record.subject_id, f"handoff-{record.status}", extra)]
        return []

    def status_changes(
        record: Any, action: str, _changes: dict[str, tuple[Any, Any]]
    ) -> list[Derived]:
        # the first status, set with the record, is part of its created event
        if action != CREATED or record.subject_kind != kind or record.from_status is None:
            return []
        extra = {"statusChange": _camel_dict(record, ("from_status", "to_status", "reason"))}
        return [Derived(kind, record.subject_id, "status-changed", extra)]

    register_watch(Handoff, handoffs)
    register_watch(StatusChange, status_changes)


def watch_publishing(kind: str, model: type) -> None:
    """Publish ``published`` when a record of ``kind`` is made (or created) published."""

    def published(record: Any, action: str, changes: dict[str, tuple[Any, Any]]) -> list[Derived]:
        if record.visibility != "published" or action == DELETED:
            return []
        if action == CREATED or "visibility" in changes:
            return [Derived(kind, record.id, "published")]
        return []

    register_watch(model, published)


def register_listener(listener: Callable[[Session, list[Published]], None]) -> None:
    """Call ``listener`` in the writing transaction with every batch of events written."""
    LISTENERS.append(listener)


def event_types() -> dict[str, str]:
    """Every event type Kompas publishes, with a description."""
    types = {
        kind.type_of(name): kind.descriptions.get(name, "")
        for kind in KINDS.values()
        for name in (CREATED, UPDATED, DELETED, *kind.events)
    }
    return dict(sorted({**types, **OTHER_TYPES}.items()))


def kind_of_type(event_type: str) -> EventKind | None:
    """The kind of record an event type is about (None for the test event)."""
    name = event_type.removeprefix(TYPE_PREFIX).rpartition(".")[0].rpartition(".")[0]
    return KINDS.get(name)


def staff(organisation_id: uuid.UUID) -> Principal:
    """Who sees a record whole: the view events carry for the organisation's own subscribers."""
    return Principal(
        kind=PrincipalKind.user,
        id=uuid.UUID(int=0),
        organisation_id=organisation_id,
        role=Role.admin,
        party_id=None,
        name="Kompas",
    )


def emit(
    session: OrmSession,
    *,
    kind: str,
    resource_id: uuid.UUID,
    event: str,
    extra: dict[str, Any] | None = None,
) -> None:
    """Publish the domain ``event`` of a record of ``kind`` when this transaction commits."""
    _pending(session)[(kind, resource_id, event)] = extra or {}


def write(
    session: Session,
    *,
    organisation_id: uuid.UUID,
    event_type: str,
    subject: str,
    resource_type: str,
    resource_id: uuid.UUID,
    data: dict[str, Any],
) -> OutboxEvent:
    """An event written as is, with no listener called (the test event)."""
    outbox = OutboxEvent(
        organisation_id=organisation_id,
        type=event_type,
        subject=subject,
        resource_type=resource_type,
        resource_id=resource_id,
        data=data,
    )
    session.add(outbox)
    return outbox


# --- the listeners ------------------------------------------------------------------------------


def _pending(session: OrmSession) -> dict[tuple[str, uuid.UUID, str], dict[str, Any]]:
    pending: dict[tuple[str, uuid.UUID, str], dict[str, Any]] = session.info.setdefault(
        PENDING_KEY, {}
    )
    return pending


def _changes(record: Any) -> dict[str, tuple[Any, Any]]:
    state = inspect(record)
    changed = {}
    for attribute in state.mapper.column_attrs:
        history = state.attrs[attribute.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changed[attribute.key] = (old, new)
    return changed


def _before_flush(session: OrmSession, _flush: UOWTransaction, _instances: object) -> None:
    pending = _pending(session)
    deleted: list[tuple[EventKind, Any]] = []
    for records, action in ((session.new, CREATED), (session.dirty, UPDATED)):
        for record in records:
            kind = _BY_MODEL.get(type(record))
            watches = WATCHES.get(type(record))
            if kind is None and watches is None:
                continue
            if action == UPDATED and not session.is_modified(record):
                continue
            changes = _changes(record) if action == UPDATED or watches else {}
            if action == UPDATED and not changes:
                continue
            if kind is not None and (kind.name, record.id, CREATED) not in pending:
                pending.setdefault((kind.name, record.id, action), {})
            for watch in watches or ():
                for derived in watch(record, action, changes):
                    pending[(derived.kind, derived.resource_id, derived.event)] = derived.extra
    for record in session.deleted:
        kind = _BY_MODEL.get(type(record))
        for watch in WATCHES.get(type(record), ()):
            for derived in watch(record, DELETED, {}):
                pending[(derived.kind, derived.resource_id, derived.event)] = derived.extra
        if kind is None:
            continue
        born_here = (kind.name, record.id, CREATED) in pending
        for key in [key for key in pending if key[:2] == (kind.name, record.id)]:
            del pending[key]
        if not born_here:
            deleted.append((kind, record))
    if deleted:
        # Now, while the record and its links are still there to say who could read it.
        _publish_deleted(session, deleted)


def _publish_deleted(session: OrmSession, deleted: list[tuple[EventKind, Any]]) -> None:
    published = [
        Published(
            OutboxEvent(
                organisation_id=record.organisation_id,
                type=kind.type_of(DELETED),
                subject=f"{kind.path}/{record.id}",
                resource_type=kind.name,
                resource_id=record.id,
                data={"id": str(record.id)},
            ),
            kind,
            record,
        )
        for kind, record in deleted
    ]
    session.add_all([one.event for one in published])
    for listener in LISTENERS:
        listener(session, published)  # type: ignore[arg-type]


def _before_commit(session: OrmSession) -> None:
    # Commit calls this before its own flush: flush what is left (links, participants, or the
    # whole change when nothing flushed yet), collecting the events that flush finds.
    if session.new or session.dirty or session.deleted:
        session.flush()
    pending = session.info.pop(PENDING_KEY, {})
    if not pending:
        return
    published = _complete(session, pending)  # type: ignore[arg-type]
    session.add_all([one.event for one in published])
    for listener in LISTENERS:
        listener(session, published)  # type: ignore[arg-type]
    session.info.pop(PENDING_KEY, None)


def _complete(
    session: Session, pending: dict[tuple[str, uuid.UUID, str], dict[str, Any]]
) -> list[Published]:
    """The pending events with their records as staff see them: one read per kind and
    organisation."""
    wanted: dict[str, set[uuid.UUID]] = {}
    for name, resource_id, _event in pending:
        if name in KINDS:
            wanted.setdefault(name, set()).add(resource_id)
    records: dict[tuple[str, uuid.UUID], Any] = {}
    reads: dict[tuple[str, uuid.UUID], dict[str, Any]] = {}
    for name, ids in wanted.items():
        kind = KINDS[name]
        found = session.exec(select(kind.model).where(col(kind.model.id).in_(ids))).all()
        by_organisation: dict[uuid.UUID, list[Any]] = {}
        for record in found:
            records[(name, record.id)] = record
            by_organisation.setdefault(record.organisation_id, []).append(record)
        for organisation_id, group in by_organisation.items():
            for record, read in zip(
                group, kind.read(session, staff(organisation_id), group), strict=True
            ):
                reads[(name, record.id)] = read
    published = []
    for (name, resource_id, event_name), extra in pending.items():
        record = records.get((name, resource_id))
        if record is None:  # gone again within the transaction
            continue
        kind = KINDS[name]
        published.append(
            Published(
                OutboxEvent(
                    organisation_id=record.organisation_id,
                    type=kind.type_of(event_name),
                    subject=f"{kind.path}/{resource_id}",
                    resource_type=name,
                    resource_id=resource_id,
                    data={**reads[(name, resource_id)], **extra},
                ),
                kind,
                record,
                extra,
            )
        )
    return published


def _forget(session: OrmSession, *_args: object) -> None:
    session.info.pop(PENDING_KEY, None)


# First among the flush listeners: a deleted record's links must still be there to say which
# partners could read it (kompas.joint.cleanup deletes them in its own before_flush).
event.listen(OrmSession, "before_flush", _before_flush, insert=True)
event.listen(OrmSession, "before_commit", _before_commit)
event.listen(OrmSession, "after_rollback", _forget)
