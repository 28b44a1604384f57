"""What a partner may see of the links on a record: only the linked records it may read itself.

An agenda item may link to a question a partner does not take part in; the partner reads the item,
but the question's id is left out of its `questionIds`, as the question is left out of its lists.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from sqlmodel import Session, col, select

from kompas.core.principal import Principal, Role
from kompas.parties.auth import visible_people
from kompas.parties.models import Person

# The fields of a read that hold ids of joint-work records, and their kind.
LINK_FIELDS: Mapping[str, str] = {
    "agenda_item_ids": "agenda-item",
    "question_ids": "question",
    "success_ids": "success",
    "meeting_ids": "meeting",
}


def hide_invisible(session: Session, principal: Principal, reads: Sequence[dict[str, Any]]) -> None:
    """Remove from ``reads`` (in place) the linked ids the caller may not read: for a partner
    one query per kind of record linked; for everyone else nothing to do."""
    if principal.role is not Role.partner or not reads:
        return
    # Imported here: the registry imports the domains whose reads call this.
    from kompas.search.sources import SOURCES

    wanted: dict[str, set[uuid.UUID]] = {}
    for read in reads:
        for field, kind in LINK_FIELDS.items():
            if read.get(field):
                wanted.setdefault(kind, set()).update(read[field])
    visible: set[uuid.UUID] = set()
    people = {i for read in reads for i in read.get("person_ids") or ()}
    if people:  # a partner reads only the people of its own party
        statement = select(Person.id).where(
            Person.organisation_id == principal.organisation_id, col(Person.id).in_(people)
        )
        visible.update(session.exec(visible_people(statement, principal)).all())
    for kind, ids in wanted.items():
        source = SOURCES[kind]
        statement = select(source.model.id).where(
            source.model.organisation_id == principal.organisation_id,
            col(source.model.id).in_(ids),
        )
        visible.update(session.exec(source.visible(statement, source.model, principal)).all())
    for read in reads:
        for field in (*LINK_FIELDS, "person_ids"):
            if read.get(field):
                read[field] = [i for i in read[field] if i in visible]
