"""The traceable chain of a driver: the questions, agenda items and successes that serve it.

Directly (each links to the driver) and through the chain: agenda items that came from a question
serving the driver, successes linked to any of those questions or agenda items. Each record once,
and only what the caller may see. A fixed number of queries whatever the chain's length: three
for the links (one per step), three for the records.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from typing import Any

from sqlmodel import Session, col, select

from kompas.agenda.models import AgendaItem
from kompas.compass.models import Driver
from kompas.core.principal import Principal
from kompas.core.tenancy import get_owned, scoped
from kompas.joint import service as joint
from kompas.joint.models import Link, LinkKind
from kompas.questions.models import Question
from kompas.successes import service as successes
from kompas.successes.models import Success


def _visible(
    session: Session,
    principal: Principal,
    model: Any,
    visible_to: Callable[..., Any],
    ids: Collection[uuid.UUID],
    *order: Any,
) -> list[Any]:
    """The records of ``model`` among ``ids`` that the caller may see, in ``order``; one query."""
    if not ids:
        return []
    statement = visible_to(scoped(model, principal), model, principal)
    return list(session.exec(statement.where(col(model.id).in_(ids)).order_by(*order)).all())


def _sources(
    session: Session,
    principal: Principal,
    target_ids: Collection[uuid.UUID],
    kinds: Collection[LinkKind],
) -> dict[LinkKind, set[uuid.UUID]]:
    """The ids of the records of ``kinds`` that link to any of ``target_ids``, per kind."""
    found: dict[LinkKind, set[uuid.UUID]] = {kind: set() for kind in kinds}
    if not target_ids:
        return found
    rows = session.exec(
        select(Link.source_kind, Link.source_id).where(
            Link.organisation_id == principal.organisation_id,
            col(Link.target_id).in_(list(target_ids)),
            col(Link.source_kind).in_(list(kinds)),
        )
    ).all()
    for kind, source_id in rows:
        found[LinkKind(kind)].add(source_id)
    return found


def chain_of(session: Session, principal: Principal, driver_id: uuid.UUID) -> dict[str, Any]:
    """Everything that serves the driver (404 for a driver of another organisation)."""
    driver = get_owned(session, Driver, driver_id, principal, "driver")
    direct = _sources(
        session,
        principal,
        [driver.id],
        (LinkKind.question, LinkKind.agenda_item, LinkKind.success),
    )
    question_ids = direct[LinkKind.question]
    via_questions = _sources(
        session, principal, question_ids, (LinkKind.agenda_item, LinkKind.success)
    )
    agenda_ids = direct[LinkKind.agenda_item] | via_questions[LinkKind.agenda_item]
    via_items = _sources(session, principal, agenda_ids, (LinkKind.success,))
    success_ids = (
        direct[LinkKind.success] | via_questions[LinkKind.success] | via_items[LinkKind.success]
    )

    questions = _visible(
        session,
        principal,
        Question,
        joint.visible_to,
        question_ids,
        col(Question.title),
        col(Question.id),
    )
    items = _visible(
        session,
        principal,
        AgendaItem,
        joint.visible_to,
        agenda_ids,
        col(AgendaItem.title),
        col(AgendaItem.id),
    )
    found = _visible(
        session,
        principal,
        Success,
        successes.visible_to,
        success_ids,
        col(Success.achieved_on).desc(),
        col(Success.id),
    )
    return {
        "driver_id": driver.id,
        "questions": questions,
        "agenda_items": items,
        "successes": found,
    }
