"""What a partner may see of the links on a record: only the linked records it may read itself.

An agenda item may link to a question a partner does not take part in; the partner reads the item,
but the question's id is left out of its `questionIds`, as the question is left out of its lists.
Each feature registers its kind of record with the rule of its own lists (``register_kind``, when
its service is imported): the joint layer knows none of the features built on it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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
    "experience_ids": "experience",
}


@dataclass(frozen=True)
class LinkedKind:
    model: Any
    # (statement, model, principal) -> the statement narrowed to what the caller may see
    visible: Callable[[Any, Any, Principal], Any]


# Filled by the features (agenda, questions, successes, meetings) through ``register_kind``.
KINDS: dict[str, LinkedKind] = {}


def register_kind(kind: str, model: Any, visible: Callable[[Any, Any, Principal], Any]) -> None:
    """Let links to records of ``kind`` be shown only to whom ``visible`` lets see the record."""
    KINDS[kind] = LinkedKind(model, visible)


def hide_invisible(session: Session, principal: Principal, reads: Sequence[dict[str, Any]]) -> None:
    """Remove from ``reads`` (in place) the linked ids the caller may not read: for a partner
    one query per kind of record linked; for everyone else nothing to do."""
    if principal.role is not Role.partner or not reads:
        return
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
        linked = KINDS[kind]
        statement = select(linked.model.id).where(
            linked.model.organisation_id == principal.organisation_id,
            col(linked.model.id).in_(ids),
        )
        visible.update(session.exec(linked.visible(statement, linked.model, principal)).all())
    for read in reads:
        for field in (*LINK_FIELDS, "person_ids"):
            if read.get(field):
                read[field] = [i for i in read[field] if i in visible]
