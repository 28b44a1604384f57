"""The behaviour of personal commitments: one per person, private until its author shares it."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import case, func, or_
from sqlmodel import Session, col, select

from kompas.commitments import auth
from kompas.commitments.models import Commitment
from kompas.core.db import utcnow
from kompas.core.errors import Forbidden, NotFound
from kompas.core.listing import Filter, ListQuery, ListSpec, paginate
from kompas.core.principal import Principal, PrincipalKind
from kompas.core.tenancy import apply_changes, scoped
from kompas.parties.models import Party
from kompas.users.models import User

COMMITMENTS = ListSpec(
    name="commitments",
    id_column=Commitment.id,
    sortable={"updatedAt": Commitment.updated_at, "createdAt": Commitment.created_at},
    default_sort="-updatedAt",
    filters={
        "shared": Filter(Commitment.shared, bool, "Only shared ones (true) or only private ones."),
        "partyId": Filter(
            None,
            uuid.UUID,
            "Those whose author belongs to this department or partner.",
            where=lambda party_id: col(Commitment.author_id).in_(
                select(User.id).where(User.party_id == party_id)
            ),
        ),
    },
)


# --- who may see -------------------------------------------------------------------------------


def _person(principal: Principal) -> uuid.UUID:
    """The caller as the author of a commitment: a person, never a partner's API token."""
    if principal.kind is not PrincipalKind.user:
        raise Forbidden("A commitment is a person's own; an API token has none.")
    return principal.id


def visible_to(statement: Any, principal: Principal) -> Any:
    """The caller's own commitment, and the shared ones when the caller is staff; nothing else."""
    if auth.reads_shared(principal):
        return statement.where(
            or_(col(Commitment.shared).is_(True), col(Commitment.author_id) == principal.id)
        )
    return statement.where(Commitment.author_id == principal.id)


# --- reading -----------------------------------------------------------------------------------


def as_read(
    session: Session, principal: Principal, commitments: list[Commitment]
) -> list[dict[str, Any]]:
    """Commitments with their author's name and party, in one query."""
    author_ids = {commitment.author_id for commitment in commitments}
    authors: dict[uuid.UUID, tuple[str, uuid.UUID | None]] = {}
    if author_ids:
        rows = session.exec(
            select(User.id, User.name, User.party_id).where(col(User.id).in_(author_ids))
        ).all()
        authors = {user_id: (name, party_id) for user_id, name, party_id in rows}
    return [
        {
            **commitment.model_dump(),
            "author_name": authors[commitment.author_id][0],
            "party_id": authors[commitment.author_id][1],
            "mine": commitment.author_id == principal.id,
        }
        for commitment in commitments
    ]


def get_all(
    *, session: Session, principal: Principal, query: ListQuery
) -> tuple[list[dict[str, Any]], str | None]:
    """The caller's own commitment and, for staff, those colleagues shared."""
    _person(principal)
    statement = visible_to(scoped(Commitment, principal), principal)
    items, cursor = paginate(session, statement, COMMITMENTS, query)
    return as_read(session, principal, items), cursor


def get(*, session: Session, principal: Principal, commitment_id: uuid.UUID) -> Commitment:
    """One the caller may read; 404 otherwise (a private one of someone else too)."""
    _person(principal)
    statement = visible_to(scoped(Commitment, principal), principal)
    commitment = session.exec(statement.where(Commitment.id == commitment_id)).first()
    if commitment is None:
        raise NotFound(f"There is no commitment with id {commitment_id}.")
    return commitment


def find_mine(*, session: Session, principal: Principal) -> Commitment | None:
    """The caller's own commitment, if they made one."""
    author_id = _person(principal)
    return session.exec(
        scoped(Commitment, principal).where(Commitment.author_id == author_id)
    ).first()


def get_mine(*, session: Session, principal: Principal) -> Commitment:
    """The caller's own commitment; 404 when they made none."""
    commitment = find_mine(session=session, principal=principal)
    if commitment is None:
        raise NotFound("You have not made a commitment yet; PUT one to make it.")
    return commitment


# --- writing -----------------------------------------------------------------------------------


def create(*, session: Session, principal: Principal, data: dict[str, Any]) -> Commitment:
    """The caller's first commitment."""
    auth.WRITE.check_create(principal, data)
    commitment = Commitment(
        organisation_id=principal.organisation_id, author_id=_person(principal), **data
    )
    session.add(commitment)
    session.flush()
    return commitment


def replace(
    *, session: Session, principal: Principal, commitment: Commitment, data: dict[str, Any]
) -> Commitment:
    """The caller's commitment, replaced as a whole."""
    auth.WRITE.check_update(principal, data, commitment.model_dump)
    changes = {name: value for name, value in data.items() if getattr(commitment, name) != value}
    if changes:
        apply_changes(commitment, changes)
        session.flush()
    return commitment


def delete(*, session: Session, commitment: Commitment) -> None:
    """The caller's commitment, gone; the audit trail keeps only that it was."""
    session.delete(commitment)
    session.flush()


def export(*, session: Session, principal: Principal) -> dict[str, Any]:
    """Everything Kompas holds of the caller's commitment, for them alone."""
    commitment = find_mine(session=session, principal=principal)
    user = session.exec(select(User).where(User.id == principal.id)).one()
    return {
        "exported_at": utcnow(),
        "author_id": user.id,
        "author_name": user.name,
        "author_email": user.email,
        "commitment": as_read(session, principal, [commitment])[0] if commitment else None,
    }


# --- counts ------------------------------------------------------------------------------------


def summary(*, session: Session, principal: Principal) -> dict[str, Any]:
    """How many people made a commitment and shared it, per party of the author: one query."""
    shared = func.coalesce(func.sum(case((col(Commitment.shared).is_(True), 1), else_=0)), 0)
    rows = session.exec(
        select(User.party_id, Party.name, func.count(col(Commitment.id)), shared)
        .select_from(Commitment)
        .join(User, col(User.id) == Commitment.author_id)
        .outerjoin(Party, col(Party.id) == User.party_id)
        .where(Commitment.organisation_id == principal.organisation_id)
        .group_by(col(User.party_id), col(Party.name))
    ).all()
    parties = sorted(
        (
            {"party_id": party_id, "party_name": name, "people": people, "shared": shared_count}
            for party_id, name, people, shared_count in rows
        ),
        key=lambda row: (
            row["party_id"] is None,
            (row["party_name"] or "").casefold(),
            str(row["party_id"]),
        ),
    )
    return {
        "people": sum(row["people"] for row in parties),
        "shared": sum(row["shared"] for row in parties),
        "parties": parties,
    }
