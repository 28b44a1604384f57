"""Links, participations, handoffs and history go with the record they belong to, whichever
domain deletes it (a driver in the compass, a snapshot with its role map, …).

Records the database deletes with a parent (ON DELETE CASCADE) never pass through the session; the
feature that owns them registers how to find them (``register_cascade``), so that links to them go
too without the joint layer knowing the feature."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import delete, event, or_
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import col

from kompas.joint.models import Handoff, Link, Participation, StatusChange

LINKABLE = frozenset(
    {
        "Driver",
        "Party",
        "Person",
        "AgendaItem",
        "Question",
        "Success",
        "Meeting",
        "RoleMapSnapshot",
        "Experience",
    }
)

# A parent model -> (ids of deleted parents) -> a SELECT of the ids of the linkable records the
# database deletes with them.
CASCADES: dict[type, Callable[[list[uuid.UUID]], Any]] = {}


def register_cascade(parent: type, dependents: Callable[[list[uuid.UUID]], Any]) -> None:
    """When records of ``parent`` are deleted, links to ``dependents(their ids)`` go too."""
    CASCADES[parent] = dependents


@event.listens_for(OrmSession, "before_flush")
def _forget_deleted(session: OrmSession, _flush: UOWTransaction, _instances: object) -> None:
    ids: list[uuid.UUID] = []
    parents: dict[type, list[uuid.UUID]] = {}
    for record in session.deleted:
        name = type(record).__name__
        if name in LINKABLE:
            ids.append(record.id)
        elif type(record) in CASCADES:
            parents.setdefault(type(record), []).append(record.id)
    if not ids and not parents:
        return
    # The connection, not the session: no autoflush inside a flush.
    connection = session.connection()
    for parent, parent_ids in parents.items():
        # These go with their parent by the database's ON DELETE CASCADE; links to them here.
        dependents = CASCADES[parent](parent_ids)
        connection.execute(delete(Link).where(col(Link.target_id).in_(dependents)))
    if ids:
        connection.execute(
            delete(Link).where(or_(col(Link.source_id).in_(ids), col(Link.target_id).in_(ids)))
        )
        connection.execute(delete(Participation).where(col(Participation.subject_id).in_(ids)))
        connection.execute(delete(StatusChange).where(col(StatusChange.subject_id).in_(ids)))
        connection.execute(delete(Handoff).where(col(Handoff.subject_id).in_(ids)))
