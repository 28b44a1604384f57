"""The behaviour of the experience backpack: lessons learned, shared with the organisation, its
partners or the intranet."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, exists, or_
from sqlmodel import Session, col

from kompas.agenda.models import AgendaItem
from kompas.compass.models import Phase
from kompas.core.db import utcnow
from kompas.core.errors import Forbidden, InvalidParam
from kompas.core.listing import Filter, ListQuery, ListSpec, paginate
from kompas.core.principal import EDITORS, Principal, Role
from kompas.core.tenancy import apply_changes, scoped
from kompas.core.visibility import SHARED_WITH_PARTNERS, Visibility
from kompas.events import service as events
from kompas.experiences import auth
from kompas.experiences.models import Experience, HasTag
from kompas.experiences.schemas import ExperienceRead as _EventRead
from kompas.joint import service as joint
from kompas.joint.linked import hide_invisible, register_kind
from kompas.joint.models import Link, LinkKind
from kompas.parties import service as party_service
from kompas.parties.models import Party
from kompas.questions.models import Question
from kompas.successes.models import Success


def involves_party(model: Any, party_id: uuid.UUID | None) -> ColumnElement[bool]:
    """SQL: the experience names ``party_id`` among the parties involved."""
    return exists().where(
        col(Link.source_id) == model.id,
        col(Link.target_kind) == LinkKind.party,
        col(Link.target_id) == party_id,
    )


EXPERIENCES = ListSpec(
    name="experiences",
    id_column=Experience.id,
    sortable={
        "createdAt": Experience.created_at,
        "updatedAt": Experience.updated_at,
        "title": Experience.title,
    },
    default_sort="-createdAt",
    filters={
        "tag": Filter(
            None,
            str,
            "Experiences with this tag (compared in lower case).",
            where=lambda tag: HasTag(Experience.tags, " ".join(tag.split()).lower()),
        ),
        "phaseId": Filter(Experience.phase_id, uuid.UUID),
        "partyId": Filter(
            None,
            uuid.UUID,
            "Experiences that involve this party.",
            where=lambda party_id: involves_party(Experience, party_id),
        ),
        "visibility": Filter(Experience.visibility, Visibility),
        "authorId": Filter(Experience.author_id, uuid.UUID, "Experiences shared by this author."),
    },
    searchable=(
        Experience.title,
        Experience.situation,
        Experience.what_was_done,
        Experience.what_was_learned,
        Experience.tip,
    ),
)

LINKS_OUT = (LinkKind.party, LinkKind.agenda_item, LinkKind.question, LinkKind.success)
# Request field → what it links to, the model its ids must exist in, and its name in errors.
LINK_FIELDS: tuple[tuple[str, LinkKind, Any, str, str], ...] = (
    ("party_ids", LinkKind.party, Party, "partyIds", "party"),
    ("agenda_item_ids", LinkKind.agenda_item, AgendaItem, "agendaItemIds", "agenda-item"),
    ("question_ids", LinkKind.question, Question, "questionIds", "question"),
    ("success_ids", LinkKind.success, Success, "successIds", "success"),
)


# --- who may see and change --------------------------------------------------------------------


def visible_to(statement: Any, model: Any, principal: Principal) -> Any:
    """A partner sees what is shared with partners or involves its party; the others see all."""
    if principal.role is not Role.partner:
        return statement
    return statement.where(
        or_(
            col(model.visibility).in_(SHARED_WITH_PARTNERS),
            involves_party(model, principal.party_id),
        )
    )


def check_may_change(principal: Principal, experience: Experience) -> None:
    """Its author changes or deletes an experience, and admins and coordinators any."""
    if principal.role in EDITORS or principal.id == experience.author_id:
        return
    raise Forbidden(
        "Only the author of an experience, or an admin or coordinator, may change or delete it."
    )


def _check_partner_involved(principal: Principal, party_ids: list[uuid.UUID]) -> None:
    if principal.role is Role.partner and principal.party_id not in party_ids:
        raise Forbidden(
            "A partner shares only experiences that involve its own party (partyIds).",
            invalid_params=[
                InvalidParam(
                    name="partyIds",
                    reason="Must include your own party.",
                    code="not-permitted",
                )
            ],
        )


# --- reading -----------------------------------------------------------------------------------


def as_read(
    session: Session, principal: Principal, experiences: list[Experience]
) -> list[dict[str, Any]]:
    """Experiences with the ids they link to, in one query (and, for a partner, one per kind to
    leave out what it may not read)."""
    links = joint.links_of(session, [e.id for e in experiences], LINKS_OUT, ())
    reads = [
        {
            **experience.model_dump(),
            "party_ids": links[experience.id][LinkKind.party],
            "agenda_item_ids": links[experience.id][LinkKind.agenda_item],
            "question_ids": links[experience.id][LinkKind.question],
            "success_ids": links[experience.id][LinkKind.success],
        }
        for experience in experiences
    ]
    hide_invisible(session, principal, reads)
    return reads


def get_all(
    *, session: Session, principal: Principal, query: ListQuery
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the experiences the caller may see."""
    statement = visible_to(scoped(Experience, principal), Experience, principal)
    items, cursor = paginate(session, statement, EXPERIENCES, query)
    return as_read(session, principal, items), cursor


def get(*, session: Session, principal: Principal, experience_id: uuid.UUID) -> Experience:
    """One the caller may see; 404 otherwise."""
    record: Experience = joint.get_visible(
        session, principal, Experience, experience_id, "experience", visible=visible_to
    )
    return record


# --- writing -----------------------------------------------------------------------------------


def _check(session: Session, principal: Principal, data: dict[str, Any]) -> None:
    problems: list[InvalidParam] = []
    problems += joint.check_id(session, principal, Phase, "phaseId", data.get("phase_id"), "phase")
    for field, _kind, model, name, what in LINK_FIELDS:
        if data.get(field):
            problems += joint.check_ids(session, principal, model, name, data[field], what)
    joint.raise_if(problems)


def _set_links(
    session: Session, principal: Principal, experience: Experience, data: dict[str, Any]
) -> bool:
    return joint.replace_relations(
        session,
        principal,
        experience,
        source=LinkKind.experience,
        resource_type="experiences",
        links={kind: data.get(field) for field, kind, *_ in LINK_FIELDS},
    )


def create(*, session: Session, principal: Principal, data: dict[str, Any]) -> Experience:
    """Share an experience; its author is the caller."""
    auth.CREATE.check_create(principal, data)
    _check_partner_involved(principal, data["party_ids"])
    _check(session, principal, data)
    links = {field: data.pop(field) for field, *_ in LINK_FIELDS}
    experience = Experience(
        organisation_id=principal.organisation_id,
        author_id=principal.id,
        author_name=principal.name,
        **data,
    )
    session.add(experience)
    session.flush()
    _set_links(session, principal, experience, links)
    session.flush()
    return experience


def update(
    *, session: Session, principal: Principal, experience: Experience, changes: dict[str, Any]
) -> Experience:
    """Change an experience: its author, or an admin or coordinator."""
    check_may_change(principal, experience)
    auth.UPDATE.check_update(
        principal,
        changes,
        lambda: joint.current_values(
            session,
            experience,
            {field: kind for field, kind, *_ in LINK_FIELDS},
            participants=False,
        ),
    )
    if "party_ids" in changes:
        _check_partner_involved(principal, changes["party_ids"])
    _check(session, principal, changes)
    links = {field: changes.pop(field) for field, *_ in LINK_FIELDS if field in changes}
    apply_changes(experience, changes)
    if _set_links(session, principal, experience, links):
        experience.updated_at = utcnow()  # who was involved and what it came from are part of it
    session.flush()
    return experience


def delete(*, session: Session, principal: Principal, experience: Experience) -> None:
    """Delete an experience; its links go with it (kompas.joint.cleanup)."""
    check_may_change(principal, experience)
    session.delete(experience)
    session.flush()


# A partner sees a link to an experience only if it may read the experience (kompas.joint.linked).
register_kind("experience", Experience, visible_to)

# A party cannot be deleted while an experience involves it (kompas.parties.service).
party_service.register_referrer(
    "experiences",
    Link,
    lambda party_id: (Link.target_id == party_id) & (Link.source_kind == LinkKind.experience),
)


# Its changes and its publication are published as events (kompas.events).
events.register_kind(
    "experience",
    Experience,
    path="experiences",
    read=as_read,
    schema=_EventRead,
    visible=visible_to,
    events=events.PUBLISHED_EVENT,
)
events.watch_publishing("experience", Experience)
