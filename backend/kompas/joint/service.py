"""The rules joint-work records share: parties and links checked, participants, status steps,
the ball and its handoffs, stalled work and what a partner may see."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import ColumnElement, and_, delete, exists, insert, or_, union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from kompas.core.db import utcnow
from kompas.core.errors import BadRequest, Conflict, Forbidden, InvalidParam, NotFound
from kompas.core.listing import ListQuery, ListSpec, paginate
from kompas.core.principal import EDITORS, Principal, Role
from kompas.core.visibility import Visibility
from kompas.joint.models import (
    Handoff,
    HandoffStatus,
    Level,
    Link,
    LinkKind,
    Participation,
    StatusChange,
    SubjectKind,
)
from kompas.parties import service as party_service
from kompas.parties.models import Party

# --- references --------------------------------------------------------------------------------


def _known_ids(
    session: Session, principal: Principal, model: Any, ids: Iterable[uuid.UUID]
) -> set[uuid.UUID]:
    wanted = set(ids)
    if not wanted:
        return set()
    return set(
        session.exec(
            select(model.id).where(
                model.organisation_id == principal.organisation_id, col(model.id).in_(wanted)
            )
        ).all()
    )


def check_ids(
    session: Session,
    principal: Principal,
    model: Any,
    field: str,
    ids: Sequence[uuid.UUID],
    what: str,
) -> list[InvalidParam]:
    """Problems with a list of ids of ``model`` (unknown in this organisation, or repeated)."""
    known = _known_ids(session, principal, model, ids)
    problems: list[InvalidParam] = []
    seen: set[uuid.UUID] = set()
    for index, record_id in enumerate(ids):
        if record_id not in known:
            problems.append(
                InvalidParam(
                    name=f"{field}.{index}", reason=f"Unknown {what}.", code=f"unknown-{what}"
                )
            )
        elif record_id in seen:
            problems.append(
                InvalidParam(name=f"{field}.{index}", reason="Listed twice.", code="duplicate")
            )
        seen.add(record_id)
    return problems


def check_id(
    session: Session,
    principal: Principal,
    model: Any,
    field: str,
    record_id: uuid.UUID | None,
    what: str,
) -> list[InvalidParam]:
    """Problems with one id of ``model``; none when it is None."""
    if record_id is None or _known_ids(session, principal, model, [record_id]):
        return []
    return [InvalidParam(name=field, reason=f"Unknown {what}.", code=f"unknown-{what}")]


def raise_if(
    problems: list[InvalidParam], detail: str = "The request refers to unknown or repeated records."
) -> None:
    if problems:
        raise BadRequest(detail, invalid_params=problems)


# --- participants ------------------------------------------------------------------------------


def check_participants(
    session: Session, principal: Principal, participants: Sequence[Mapping[str, Any]]
) -> list[InvalidParam]:
    problems = check_ids(
        session, principal, Party, "participants", [p["party_id"] for p in participants], "party"
    )
    return [InvalidParam(name=f"{p.name}.partyId", reason=p.reason, code=p.code) for p in problems]


def set_participants(
    session: Session,
    principal: Principal,
    kind: SubjectKind,
    subject_id: uuid.UUID,
    participants: Sequence[Mapping[str, Any]],
) -> None:
    """Replace who takes part in a subject, and at which level."""
    session.execute(delete(Participation).where(col(Participation.subject_id) == subject_id))
    if participants:
        session.execute(
            insert(Participation),
            [
                {
                    "subject_id": subject_id,
                    "subject_kind": kind,
                    "party_id": p["party_id"],
                    "level": Level(p["level"]),
                    "organisation_id": principal.organisation_id,
                }
                for p in participants
            ],
        )


def participants_of(
    session: Session, subject_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[dict[str, Any]]]:
    """The participants of each subject, in one query, ordered by party id."""
    found: dict[uuid.UUID, list[dict[str, Any]]] = {subject_id: [] for subject_id in subject_ids}
    if subject_ids:
        rows = session.exec(
            select(Participation.subject_id, Participation.party_id, Participation.level)
            .where(col(Participation.subject_id).in_(subject_ids))
            .order_by(col(Participation.party_id))
        ).all()
        for subject_id, party_id, level in rows:
            found[subject_id].append({"party_id": party_id, "level": level})
    return found


def current_values(
    session: Session, record: Any, links: Mapping[str, LinkKind], *, participants: bool = True
) -> dict[str, Any]:
    """A record's values in the shape of its request body (columns, its participants, the ids it
    links to by field), for the property rules to see what a change really changes."""
    found = links_of(session, [record.id], tuple(links.values()), ())[record.id]
    values: dict[str, Any] = {**record.model_dump(), **{f: found[k] for f, k in links.items()}}
    if participants:
        values["participants"] = participants_of(session, [record.id])[record.id]
    return values


# --- links -------------------------------------------------------------------------------------


def set_links(
    session: Session,
    principal: Principal,
    source_kind: LinkKind,
    source_id: uuid.UUID,
    target_kind: LinkKind,
    target_ids: Sequence[uuid.UUID],
) -> None:
    """Replace the links of one kind going out of a record."""
    session.execute(
        delete(Link).where(col(Link.source_id) == source_id, col(Link.target_kind) == target_kind)
    )
    if target_ids:
        session.execute(
            insert(Link),
            [
                {
                    "id": uuid.uuid4(),
                    "organisation_id": principal.organisation_id,
                    "source_kind": source_kind,
                    "source_id": source_id,
                    "target_kind": target_kind,
                    "target_id": target_id,
                }
                for target_id in target_ids
            ],
        )


def links_of(
    session: Session,
    record_ids: Sequence[uuid.UUID],
    out: Sequence[LinkKind],
    back: Sequence[LinkKind],
) -> dict[uuid.UUID, dict[LinkKind, list[uuid.UUID]]]:
    """Both ways in one query: per record, the ids it links to (kinds ``out``) and the ids that
    link to it (kinds ``back``), each kind's list ordered by id."""
    found: dict[uuid.UUID, dict[LinkKind, list[uuid.UUID]]] = {
        record_id: {kind: [] for kind in (*out, *back)} for record_id in record_ids
    }
    if not record_ids:
        return found
    rows = session.exec(
        select(Link.source_id, Link.source_kind, Link.target_id, Link.target_kind).where(
            or_(
                and_(col(Link.source_id).in_(record_ids), col(Link.target_kind).in_(out)),
                and_(col(Link.target_id).in_(record_ids), col(Link.source_kind).in_(back)),
            )
        )
    ).all()
    for source_id, source_kind, target_id, target_kind in rows:
        if source_id in found and target_kind in out:
            found[source_id][LinkKind(target_kind)].append(target_id)
        if target_id in found and source_kind in back:
            found[target_id][LinkKind(source_kind)].append(source_id)
    for kinds in found.values():
        for ids in kinds.values():
            ids.sort(key=str)
    return found


def replace_relations(
    session: Session,
    principal: Principal,
    record: Any,
    *,
    source: LinkKind,
    resource_type: str,
    links: Mapping[LinkKind, Sequence[uuid.UUID] | None],
    participants: Sequence[Mapping[str, Any]] | None = None,
    subject_kind: SubjectKind | None = None,
) -> bool:
    """Replace the given participants and outgoing links of ``record`` (None: leave as is),
    with one audit event for what changed. True when anything was given."""
    given = {kind: ids for kind, ids in links.items() if ids is not None}
    if participants is None and not given:
        return False
    with_participants = subject_kind is not None
    before = relations_of(session, record.id, list(links), with_participants)
    if participants is not None and subject_kind is not None:
        set_participants(session, principal, subject_kind, record.id, participants)
    for kind, ids in given.items():
        set_links(session, principal, source, record.id, kind, ids)
    after = relations_of(session, record.id, list(links), with_participants)
    audit_relations(session, resource_type, record, before, after)
    return True


def audit_relations(
    session: Session,
    resource_type: str,
    record: WorkRecord | Any,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
) -> None:
    """One audit event for the relations of ``record`` that changed (participants, links): they
    are written in bulk, so the flush-time recorder does not see them."""
    from kompas.audit.models import AuditAction
    from kompas.audit.recorder import record as audit

    changes = {
        name: {"from": before.get(name, []), "to": value}
        for name, value in after.items()
        if before.get(name, []) != value
    }
    if changes:
        audit(
            session,
            organisation_id=record.organisation_id,
            action=AuditAction.update,
            resource_type=resource_type,
            resource_id=record.id,
            changes=changes,
        )


def relations_of(
    session: Session, record_id: uuid.UUID, out: Sequence[LinkKind], with_participants: bool
) -> dict[str, Any]:
    """The participants and outgoing links of one record as plain data, for the audit trail."""
    relations: dict[str, Any] = {}
    if with_participants:
        relations["participants"] = [
            {"partyId": str(p["party_id"]), "level": str(p["level"])}
            for p in participants_of(session, [record_id])[record_id]
        ]
    links = links_of(session, [record_id], out, ())[record_id]
    for kind in out:
        relations[f"{_camel_kind(kind)}Ids"] = [str(i) for i in links[kind]]
    return relations


def _camel_kind(kind: LinkKind) -> str:
    head, *rest = str(kind.value).split("-")
    return head + "".join(part.title() for part in rest)


# --- status ------------------------------------------------------------------------------------


class WorkRecord(Protocol):
    id: uuid.UUID
    organisation_id: uuid.UUID
    status: Any
    status_reason: str
    lead_party_id: uuid.UUID
    ball_holder_id: uuid.UUID
    ball_moved_at: datetime
    updated_at: datetime


def change_status(
    session: Session,
    principal: Principal,
    kind: SubjectKind,
    record: WorkRecord,
    new: str,
    reason: str,
    transitions: Mapping[str, Sequence[str]],
    reason_required: Sequence[str] = (),
) -> None:
    """Move ``record`` to status ``new`` when the step is allowed, and keep it in the history."""
    old = str(record.status)
    if new == old:
        return
    allowed = transitions.get(old, ())
    if new not in allowed:
        options = ", ".join(allowed) or "none"
        raise Conflict(
            f"The status cannot go from '{old}' to '{new}'; from '{old}' it can go to: {options}.",
            invalid_params=[
                InvalidParam(
                    name="status",
                    reason=f"Not allowed after '{old}'; allowed: {options}.",
                    code="transition-not-allowed",
                )
            ],
        )
    if new in reason_required and not reason.strip():
        raise BadRequest(
            f"A reason is required for the status '{new}'.",
            invalid_params=[
                InvalidParam(
                    name="statusReason", reason="Required for this status.", code="missing"
                )
            ],
        )
    record.status = new
    record.status_reason = reason
    session.add(
        StatusChange(
            organisation_id=record.organisation_id,
            subject_kind=kind,
            subject_id=record.id,
            from_status=old,
            to_status=new,
            reason=reason,
            changed_by=principal.name,
        )
    )


def record_first_status(
    session: Session, principal: Principal, kind: SubjectKind, record: WorkRecord
) -> None:
    session.add(
        StatusChange(
            organisation_id=record.organisation_id,
            subject_kind=kind,
            subject_id=record.id,
            from_status=None,
            to_status=str(record.status),
            reason=record.status_reason,
            changed_by=principal.name,
        )
    )


# --- who may act -------------------------------------------------------------------------------


def involvement(model: Any, party_id: uuid.UUID | None) -> ColumnElement[bool]:
    """SQL: ``party_id`` leads, holds the ball, takes part in, or is being handed the record."""
    return or_(
        model.lead_party_id == party_id,
        model.ball_holder_id == party_id,
        exists().where(
            col(Participation.subject_id) == model.id, col(Participation.party_id) == party_id
        ),
        exists().where(
            col(Handoff.subject_id) == model.id,
            col(Handoff.to_party_id) == party_id,
            col(Handoff.status) == HandoffStatus.pending,
        ),
    )


def partner_ids(model: Any, principal: Principal) -> Any | None:
    """For a partner, the ids of the records its party is involved in: ``involvement`` as a set,
    read through the indexes on the party (lead, ball, participations, pending handoffs), a few
    hundred where the organisation has tens of thousands. A plan can start from it instead of
    testing every record; ``visible_to`` stays the rule. None for the other roles."""
    if principal.role is not Role.partner:
        return None
    party_id, organisation_id = principal.party_id, principal.organisation_id
    record = aliased(model)  # not correlated with the statement it narrows
    return union_all(
        select(record.id).where(
            record.organisation_id == organisation_id, record.lead_party_id == party_id
        ),
        select(record.id).where(
            record.organisation_id == organisation_id, record.ball_holder_id == party_id
        ),
        select(Participation.subject_id).where(
            Participation.organisation_id == organisation_id, Participation.party_id == party_id
        ),
        select(Handoff.subject_id).where(
            Handoff.organisation_id == organisation_id,
            Handoff.to_party_id == party_id,
            Handoff.status == HandoffStatus.pending,
        ),
    )


def visible_to(statement: Any, model: Any, principal: Principal) -> Any:
    """A partner sees the records its party is involved in; admins and coordinators see all;
    members and viewers all but the `private` records of parties they do not belong to."""
    if principal.role is Role.partner:
        return statement.where(involvement(model, principal.party_id))
    if principal.role in EDITORS:
        return statement
    return statement.where(
        or_(model.visibility != Visibility.private, involvement(model, principal.party_id))
    )


def get_visible(
    session: Session,
    principal: Principal,
    model: Any,
    record_id: uuid.UUID,
    label: str,
    visible: Callable[[Any, Any, Principal], Any] | None = None,
) -> Any:
    """A joint-work record the caller may see (by ``visible``; agenda items' and questions'
    rule when omitted); 404 otherwise, whoever owns it."""
    statement = (visible or visible_to)(
        select(model).where(model.organisation_id == principal.organisation_id), model, principal
    )
    record = session.exec(statement.where(model.id == record_id)).first()
    if record is None:
        raise NotFound(f"There is no {label} with id {record_id}.")
    return record


def page_of_work(
    session: Session,
    principal: Principal,
    model: Any,
    spec: ListSpec,
    query: ListQuery,
    stalled_after_days: int,
    open_statuses: Sequence[str],
) -> tuple[list[Any], str | None]:
    """One page of agenda items or questions the caller may see, with the route-applied
    `stalled` filter: open, and neither the ball nor the record moved since the cutoff."""
    statement = visible_to(
        select(model).where(model.organisation_id == principal.organisation_id), model, principal
    )
    filters = dict(query.filters)
    stalled = filters.pop("stalled", None)
    if stalled is not None:
        clause = stalled_clause(model, stalled_cutoff(stalled_after_days), open_statuses)
        statement = statement.where(clause if stalled else ~clause)
    return paginate(session, statement, spec, dataclasses.replace(query, filters=filters))


def check_may_change(session: Session, principal: Principal, record: WorkRecord) -> None:
    """Coordinators and members change any record; a partner only one its party leads, holds
    the ball of, or takes part in at the level `taking-part`."""
    if principal.role in (*EDITORS, Role.member):
        return
    if principal.role is Role.partner and principal.party_id is not None:
        if principal.party_id in (record.lead_party_id, record.ball_holder_id):
            return
        level = session.exec(
            select(Participation.level).where(
                Participation.subject_id == record.id,
                Participation.party_id == principal.party_id,
            )
        ).first()
        if level == Level.taking_part:
            return
    raise Forbidden("Your party may change only what it leads, holds the ball of or takes part in.")


# --- the ball ----------------------------------------------------------------------------------


def stalled_clause(
    model: Any, cutoff: datetime, open_statuses: Sequence[str]
) -> ColumnElement[bool]:
    """SQL: the record is open, its ball has not moved and it has not changed since ``cutoff``."""
    return and_(
        col(model.status).in_(open_statuses),
        model.ball_moved_at < cutoff,
        model.updated_at < cutoff,
    )


def stalled_cutoff(days: int, now: datetime | None = None) -> datetime:
    return (now or utcnow()) - timedelta(days=days)


def is_stalled(record: WorkRecord, cutoff: datetime, open_statuses: Sequence[str]) -> bool:
    return (
        str(record.status) in open_statuses
        and record.ball_moved_at < cutoff
        and record.updated_at < cutoff
    )


def pending_handoffs(
    session: Session, subject_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, Handoff]:
    """The open handoff of each subject that has one, in one query."""
    if not subject_ids:
        return {}
    rows = session.exec(
        select(Handoff).where(
            col(Handoff.subject_id).in_(subject_ids), Handoff.status == HandoffStatus.pending
        )
    ).all()
    return {handoff.subject_id: handoff for handoff in rows}


def _speaks_for(principal: Principal, party_id: uuid.UUID) -> bool:
    return principal.role in (Role.member, Role.partner) and principal.party_id == party_id


def hand_over(
    session: Session,
    principal: Principal,
    kind: SubjectKind,
    record: WorkRecord,
    to_party_id: uuid.UUID,
    note: str,
) -> Handoff:
    """Offer the ball to another party; it stays where it is until that party accepts."""
    if not (principal.role in EDITORS or _speaks_for(principal, record.ball_holder_id)):
        raise Forbidden("Only the party that holds the ball, or a coordinator, can hand it over.")
    raise_if(check_id(session, principal, Party, "toPartyId", to_party_id, "party"))
    if to_party_id == record.ball_holder_id:
        raise BadRequest(
            "That party already holds the ball.",
            invalid_params=[
                InvalidParam(
                    name="toPartyId", reason="Already holds the ball.", code="already-holder"
                )
            ],
        )
    if pending_handoffs(session, [record.id]):
        raise Conflict(
            "The ball is already being handed over; that handoff must be accepted, declined or "
            "withdrawn first."
        )
    handoff = Handoff(
        organisation_id=record.organisation_id,
        subject_kind=kind,
        subject_id=record.id,
        from_party_id=record.ball_holder_id,
        to_party_id=to_party_id,
        note=note,
        requested_by=principal.name,
    )
    session.add(handoff)
    session.flush()
    return handoff


def decide(
    session: Session,
    principal: Principal,
    record: WorkRecord,
    handoff: Handoff,
    status: HandoffStatus,
    reason: str,
) -> Handoff:
    """Accept or decline a handoff (the receiving party), or withdraw it (the giving side)."""
    if handoff.status is not HandoffStatus.pending:
        raise Conflict(f"This handoff was already {handoff.status.value}.")
    if status in (HandoffStatus.accepted, HandoffStatus.declined):
        if not _speaks_for(principal, handoff.to_party_id):
            raise Forbidden("Only the party the ball is handed to can accept or decline it.")
        if status is HandoffStatus.declined and not reason.strip():
            raise BadRequest(
                "Say why the handoff is declined.",
                invalid_params=[
                    InvalidParam(name="reason", reason="Required when declining.", code="missing")
                ],
            )
    elif status is HandoffStatus.withdrawn:
        if not (principal.role in EDITORS or _speaks_for(principal, handoff.from_party_id)):
            raise Forbidden(
                "Only the party that handed the ball over, or a coordinator, can withdraw it."
            )
    else:
        raise BadRequest(
            "A handoff can only be accepted, declined or withdrawn.",
            invalid_params=[InvalidParam(name="status", reason="Not a decision.", code="invalid")],
        )
    now = utcnow()
    handoff.status = status
    handoff.reason = reason
    handoff.decided_by = principal.name
    handoff.decided_at = now
    if status is HandoffStatus.accepted:
        record.ball_holder_id = handoff.to_party_id
        record.ball_moved_at = now
    session.flush()
    return handoff


def get_handoff(
    session: Session, principal: Principal, subject_id: uuid.UUID, handoff_id: uuid.UUID
) -> Handoff:
    handoff = session.exec(
        select(Handoff).where(
            Handoff.id == handoff_id,
            Handoff.subject_id == subject_id,
            Handoff.organisation_id == principal.organisation_id,
        )
    ).first()
    if handoff is None:
        raise NotFound(f"There is no handoff with id {handoff_id}.")
    return handoff


# A party cannot be deleted while it takes part in joint work or a handoff names it
# (kompas.parties.service).
party_service.register_referrer(
    "participations", Participation, lambda party_id: Participation.party_id == party_id
)
party_service.register_referrer(
    "handoffs",
    Handoff,
    lambda party_id: (Handoff.from_party_id == party_id) | (Handoff.to_party_id == party_id),
)
