"""Links, participations, handoffs and history go with the record they belong to, whichever
domain deletes it (a driver in the compass, a snapshot with its role map, …)."""

from __future__ import annotations

import uuid

from sqlalchemy import delete, event, or_, select
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.orm import UOWTransaction
from sqlmodel import col

from kompas.joint.models import Handoff, Link, Participation, StatusChange
from kompas.rolemaps.models import RoleMap, RoleMapSnapshot

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
    }
)


@event.listens_for(OrmSession, "before_flush")
def _forget_deleted(session: OrmSession, _flush: UOWTransaction, _instances: object) -> None:
    ids: list[uuid.UUID] = []
    map_ids: list[uuid.UUID] = []
    for record in session.deleted:
        name = type(record).__name__
        if name in LINKABLE:
            ids.append(record.id)
        elif isinstance(record, RoleMap):
            map_ids.append(record.id)
    if not ids and not map_ids:
        return
    # The connection, not the session: no autoflush inside a flush.
    connection = session.connection()
    if map_ids:
        # Snapshots go with their map by the database's ON DELETE CASCADE; links to them here.
        snapshots = select(col(RoleMapSnapshot.id)).where(
            col(RoleMapSnapshot.role_map_id).in_(map_ids)
        )
        connection.execute(delete(Link).where(col(Link.target_id).in_(snapshots)))
    if ids:
        connection.execute(
            delete(Link).where(or_(col(Link.source_id).in_(ids), col(Link.target_id).in_(ids)))
        )
        connection.execute(delete(Participation).where(col(Participation.subject_id).in_(ids)))
        connection.execute(delete(StatusChange).where(col(StatusChange.subject_id).in_(ids)))
        connection.execute(delete(Handoff).where(col(Handoff.subject_id).in_(ids)))
