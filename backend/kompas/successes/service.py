"""The behaviour of shared successes: what was achieved together, and who endorses it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, exists, or_
from sqlmodel import Session, col, select

from kompas.agenda.models import AgendaItem
from kompas.audit.models import AuditAction
from kompas.audit.recorder import record as audit
from kompas.compass.models import Driver
from kompas.core.db import today, utcnow
from kompas.core.errors import Conflict, Forbidden, InvalidParam, NotFound
from kompas.core.listing import Filter, ListQuery, ListSpec, paginate
from kompas.core.principal import EDITORS, Principal, Role
from kompas.core.tenancy import apply_changes, scoped
from kompas.core.visibility import SHARED_WITH_PARTNERS, Visibility
from kompas.events import service as events
from kompas.joint import service as joint
from kompas.joint.linked import hide_invisible, register_kind
from kompas.joint.models import Link, LinkKind
from kompas.parties import service as party_service
from kompas.parties.models import Party
from kompas.questions.models import Question
from kompas.successes import auth
from kompas.successes.models import Endorsement, Success
from kompas.successes.schemas import SuccessRead as _EventRead

SUCCESSES = ListSpec(
    name="successes",
    id_column=Success.id,
    sortable={
        "achievedOn": Success.achieved_on,
        "title": Success.title,
        "createdAt": Success.created_at,
        "updatedAt": Success.updated_at,
    },
    default_sort="-achievedOn",
    filters={
        "visibility": Filter(Success.visibility, Visibility),
        "partyId": Filter(
            None,
            uuid.UUID,
            "Successes that name this party.",
            where=lambda party_id: names_party(Success, party_id),
        ),
    },
    searchable=(Success.title, Success.description, Success.evidence),
)
ENDORSEMENTS = ListSpec(
    name="endorsements",
    id_column=Endorsement.id,
    sortable={"createdAt": Endorsement.created_at},
    default_sort="createdAt",
    filters={"partyId": Filter(Endorsement.party_id, uuid.UUID)},
)

LINKS_OUT = (LinkKind.party, LinkKind.agenda_item, LinkKind.question, LinkKind.driver)
LINKS_IN = (LinkKind.meeting, LinkKind.experience)
# Request field → what it links to, the model its ids must exist in, and its name in errors.
LINK_FIELDS: tuple[tuple[str, LinkKind, Any, str, str], ...] = (
    ("party_ids", LinkKind.party, Party, "partyIds", "party"),
    ("agenda_item_ids", LinkKind.agenda_item, AgendaItem, "agendaItemIds", "agenda-item"),
    ("question_ids", LinkKind.question, Question, "questionIds", "question"),
    ("driver_ids", LinkKind.driver, Driver, "driverIds", "driver"),
)


# --- who may see and change --------------------------------------------------------------------


def names_party(model: Any, party_id: uuid.UUID | None) -> ColumnElement[bool]:
    """SQL: the record (a success or meeting) links to ``party_id``."""
    return exists().where(
        col(Link.source_id) == model.id,
        col(Link.target_kind) == LinkKind.party,
        col(Link.target_id) == party_id,
    )


def visible_to(statement: Any, model: Any, principal: Principal) -> Any:
    """A partner sees what is shared with partners or names its party; the others see all."""
    if principal.role is not Role.partner:
        return statement
    return statement.where(
        or_(col(model.visibility).in_(SHARED_WITH_PARTNERS), names_party(model, principal.party_id))
    )


def _party_ids(session: Session, success_id: uuid.UUID) -> list[uuid.UUID]:
    return joint.links_of(session, [success_id], (LinkKind.party,), ())[success_id][LinkKind.party]


def _check_partner_named(principal: Principal, party_ids: list[uuid.UUID]) -> None:
    if principal.role is Role.partner and principal.party_id not in party_ids:
        raise Forbidden("A partner names or changes only successes that list its own party.")


# --- reading -----------------------------------------------------------------------------------


def as_read(
    session: Session, principal: Principal, successes: list[Success]
) -> list[dict[str, Any]]:
    """Successes with their links both ways and their endorsements, in two queries."""
    ids = [success.id for success in successes]
    links = joint.links_of(session, ids, LINKS_OUT, LINKS_IN)
    endorsements: dict[uuid.UUID, list[Endorsement]] = {success_id: [] for success_id in ids}
    if ids:
        rows = session.exec(
            select(Endorsement)
            .where(col(Endorsement.success_id).in_(ids))
            .order_by(col(Endorsement.created_at), col(Endorsement.id))
        ).all()
        for endorsement in rows:
            endorsements[endorsement.success_id].append(endorsement)
    reads = [
        {
            **success.model_dump(),
            "party_ids": links[success.id][LinkKind.party],
            "agenda_item_ids": links[success.id][LinkKind.agenda_item],
            "question_ids": links[success.id][LinkKind.question],
            "driver_ids": links[success.id][LinkKind.driver],
            "meeting_ids": links[success.id][LinkKind.meeting],
            "experience_ids": links[success.id][LinkKind.experience],
            "endorsements": endorsements[success.id],
        }
        for success in successes
    ]
    hide_invisible(session, principal, reads)
    return reads


def get_all(
    *, session: Session, principal: Principal, query: ListQuery
) -> tuple[list[dict[str, Any]], str | None]:
    statement = visible_to(scoped(Success, principal), Success, principal)
    items, cursor = paginate(session, statement, SUCCESSES, query)
    return as_read(session, principal, items), cursor


def get(*, session: Session, principal: Principal, success_id: uuid.UUID) -> Success:
    """One the caller may see; 404 otherwise."""
    record: Success = joint.get_visible(
        session, principal, Success, success_id, "success", visible=visible_to
    )
    return record


# --- writing -----------------------------------------------------------------------------------


def _check(session: Session, principal: Principal, data: dict[str, Any]) -> None:
    problems: list[InvalidParam] = []
    for field, _kind, model, name, what in LINK_FIELDS:
        if data.get(field):
            problems += joint.check_ids(session, principal, model, name, data[field], what)
    achieved = data.get("achieved_on")
    if achieved is not None and achieved > today():
        problems.append(
            InvalidParam(
                name="achievedOn", reason="Must not be in the future.", code="in-the-future"
            )
        )
    joint.raise_if(problems)


def _set_links(
    session: Session, principal: Principal, success: Success, data: dict[str, Any]
) -> None:
    joint.replace_relations(
        session,
        principal,
        success,
        source=LinkKind.success,
        resource_type="successes",
        links={kind: data.get(field) for field, kind, *_ in LINK_FIELDS},
    )


def create(*, session: Session, principal: Principal, data: dict[str, Any]) -> Success:
    auth.CREATE.check_create(principal, data)
    _check_partner_named(principal, data["party_ids"])
    _check(session, principal, data)
    links = {field: data.pop(field) for field, *_ in LINK_FIELDS}
    success = Success(organisation_id=principal.organisation_id, **data)
    session.add(success)
    session.flush()
    _set_links(session, principal, success, links)
    session.flush()
    return success


def check_may_change(session: Session, principal: Principal, success: Success) -> None:
    """Editors and members change any success; a partner only one that lists its party."""
    if principal.role is Role.partner:
        _check_partner_named(principal, _party_ids(session, success.id))


def update(
    *, session: Session, principal: Principal, success: Success, changes: dict[str, Any]
) -> Success:
    check_may_change(session, principal, success)
    if "achieved_on" in changes and changes["achieved_on"] == success.achieved_on:
        changes.pop("achieved_on")
    auth.UPDATE.check_update(
        principal,
        changes,
        lambda: joint.current_values(
            session, success, {field: kind for field, kind, *_ in LINK_FIELDS}, participants=False
        ),
    )
    if "party_ids" in changes:
        _check_partner_named(principal, changes["party_ids"])
    _check(session, principal, changes)
    if "party_ids" in changes:
        _check_endorsers_stay(session, success, changes["party_ids"])
    links = {field: changes.pop(field) for field, *_ in LINK_FIELDS if field in changes}
    apply_changes(success, changes)
    _set_links(session, principal, success, links)
    if links:
        success.updated_at = utcnow()  # who took part and what it served are part of it
    session.flush()
    return success


def _check_endorsers_stay(session: Session, success: Success, party_ids: list[uuid.UUID]) -> None:
    """A party that endorsed the success stays listed until its endorsement is withdrawn."""
    endorsers = set(
        session.exec(select(Endorsement.party_id).where(Endorsement.success_id == success.id))
    )
    missing = endorsers - set(party_ids)
    if missing:
        joint.raise_if(
            [
                InvalidParam(
                    name="partyIds",
                    reason=f"Party {party_id} endorsed this success; withdraw that first.",
                    code="endorsed",
                )
                for party_id in sorted(missing, key=str)
            ],
            "A party that endorsed the success cannot be taken off it.",
        )


def delete(*, session: Session, principal: Principal, success: Success) -> None:
    check_may_change(session, principal, success)
    session.delete(success)  # its endorsements go by ON DELETE CASCADE, its links by cleanup
    session.flush()


# --- endorsements ------------------------------------------------------------------------------


def get_endorsements(
    *, session: Session, success: Success, query: ListQuery
) -> tuple[list[Endorsement], str | None]:
    statement = select(Endorsement).where(Endorsement.success_id == success.id)
    return paginate(session, statement, ENDORSEMENTS, query)


def get_endorsement(
    *, session: Session, success: Success, endorsement_id: uuid.UUID
) -> Endorsement:
    endorsement = session.exec(
        select(Endorsement).where(
            Endorsement.id == endorsement_id, Endorsement.success_id == success.id
        )
    ).first()
    if endorsement is None:
        raise NotFound(f"There is no endorsement with id {endorsement_id}.")
    return endorsement


def endorse(
    *, session: Session, principal: Principal, success: Success, comment: str
) -> Endorsement:
    """The caller's party says "we see this as ours too": once, and only a party it names."""
    if principal.party_id is None:
        raise Forbidden(
            "Only a party endorses a success, and you do not belong to a department or partner."
        )
    if principal.party_id not in _party_ids(session, success.id):
        raise Forbidden("Only a party the success names (partyIds) can endorse it.")
    already = session.exec(
        select(Endorsement.id).where(
            Endorsement.success_id == success.id, Endorsement.party_id == principal.party_id
        )
    ).first()
    if already is not None:
        raise Conflict(
            f"Your party already endorsed this success (endorsement {already}).",
            extra={"endorsementId": str(already)},
        )
    endorsement = Endorsement(
        organisation_id=success.organisation_id,
        success_id=success.id,
        party_id=principal.party_id,
        endorsed_by=principal.name,
        comment=comment,
    )
    session.add(endorsement)
    session.flush()
    _audit_endorsement(session, endorsement, AuditAction.create)
    return endorsement


def _audit_endorsement(session: Session, endorsement: Endorsement, action: AuditAction) -> None:
    # Not a versioned record, so the flush-time recorder does not see it.
    values = {
        "successId": str(endorsement.success_id),
        "partyId": str(endorsement.party_id),
        "comment": endorsement.comment,
    }
    before, after = (None, values) if action is AuditAction.create else (values, None)
    audit(
        session,
        organisation_id=endorsement.organisation_id,
        action=action,
        resource_type="endorsements",
        resource_id=endorsement.id,
        changes={
            key: {"from": (before or {}).get(key), "to": (after or {}).get(key)} for key in values
        },
    )


def withdraw(*, session: Session, principal: Principal, endorsement: Endorsement) -> None:
    """The endorsing party withdraws its endorsement (a coordinator may too, to tidy up)."""
    if principal.role not in EDITORS and principal.party_id != endorsement.party_id:
        raise Forbidden("Only the party that endorsed the success can withdraw the endorsement.")
    _audit_endorsement(session, endorsement, AuditAction.delete)
    session.delete(endorsement)
    session.flush()


# A partner sees a link to a success only if it may read the success (kompas.joint.linked).
register_kind("success", Success, visible_to)


# A party cannot be deleted while endorsements or successes name it (kompas.parties.service).
party_service.register_referrer(
    "endorsements", Endorsement, lambda party_id: Endorsement.party_id == party_id
)
party_service.register_referrer(
    "successes",
    Link,
    lambda party_id: (Link.target_id == party_id) & (Link.source_kind == LinkKind.success),
)


# Its changes and its publication are published as events (kompas.events).
events.register_kind(
    "success",
    Success,
    path="successes",
    read=as_read,
    schema=_EventRead,
    visible=visible_to,
    events=events.PUBLISHED_EVENT,
)
events.watch_publishing("success", Success)
