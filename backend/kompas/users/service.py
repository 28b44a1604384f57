"""The behaviour of users: creation by admins, roles and their party."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from kompas.core.errors import Conflict, InvalidField, InvalidParam
from kompas.core.listing import Filter, ListQuery, ListSpec, paginate
from kompas.core.principal import Principal, Role
from kompas.core.security import hash_password
from kompas.core.tenancy import apply_changes, get_owned, scoped
from kompas.organisations.models import Organisation
from kompas.parties import service as party_service
from kompas.parties.models import PartyKind
from kompas.users.models import User

USERS = ListSpec(
    name="users",
    id_column=User.id,
    sortable={"name": User.name, "email": User.email, "createdAt": User.created_at},
    default_sort="name",
    filters={
        "role": Filter(User.role, Role),
        "partyId": Filter(User.party_id, uuid.UUID),
        "isActive": Filter(User.is_active, bool),
    },
    searchable=(User.name, User.email),
)


def get_all(
    *, session: Session, principal: Principal, query: ListQuery
) -> tuple[list[User], str | None]:
    """One page of the organisation's users."""
    return paginate(session, scoped(User, principal), USERS, query)


def get(*, session: Session, principal: Principal, user_id: uuid.UUID) -> User:
    """A user of the caller's organisation; 404 otherwise."""
    return get_owned(session, User, user_id, principal, "user")


def profile(*, session: Session, principal: Principal) -> dict[str, Any]:
    """The caller's own record with its organisation's name (``GET /me``), in one statement;
    404 as ``get`` for a caller that is no user (a partner's token)."""
    row = session.execute(
        sa_select(
            col(User.id),
            col(User.email),
            col(User.name),
            col(User.role),
            col(User.party_id),
            col(User.organisation_id),
            col(Organisation.name).label("organisation_name"),
        )
        .join(Organisation, col(Organisation.id) == col(User.organisation_id))
        .where(col(User.id) == principal.id, col(User.organisation_id) == principal.organisation_id)
    ).first()
    if row is None:
        get(session=session, principal=principal, user_id=principal.id)  # raises its 404
    assert row is not None
    return dict(row._mapping)


def get_by_email(*, session: Session, email: str) -> User | None:
    """The user who logs in with this address, in whichever organisation."""
    return session.exec(select(User).where(User.email == email.lower())).first()


def _check_party(
    session: Session, principal: Principal, role: Role, party_id: uuid.UUID | None
) -> None:
    if party_id is None:
        if role is Role.partner:
            raise InvalidField("partyId", "A partner user must belong to a partner.", "required")
        return
    party = party_service.require_party(
        session=session, principal=principal, party_id=party_id, field="partyId"
    )
    if role is Role.partner and party.kind != PartyKind.partner:
        raise InvalidField("partyId", "A partner user must belong to a partner, not a department.")


def create(*, session: Session, principal: Principal, data: dict[str, Any]) -> User:
    """Create a user with an initial password."""
    if session.exec(
        select(func.count()).select_from(User).where(User.email == data["email"])
    ).one():
        raise Conflict(
            "A user with this e-mail address already exists.",
            invalid_params=[InvalidParam(name="email", reason="Already in use.", code="duplicate")],
        )
    _check_party(session, principal, data["role"], data.get("party_id"))
    password = data.pop("password")
    user = User(
        organisation_id=principal.organisation_id, password_hash=hash_password(password), **data
    )
    session.add(user)
    session.flush()
    return user


def update(*, session: Session, principal: Principal, user: User, changes: dict[str, Any]) -> User:
    """Change a user's name, role, party or whether they can log in."""
    role = changes.get("role", user.role)
    party_id = changes.get("party_id", user.party_id)
    if "role" in changes or "party_id" in changes:
        _check_party(session, principal, Role(role), party_id)
    if user.id == principal.id and (
        changes.get("is_active") is False or ("role" in changes and role != Role.admin)
    ):
        raise InvalidField(
            "role" if "role" in changes else "isActive",
            "You cannot take away your own admin rights; ask another admin.",
            "self-lockout",
        )
    apply_changes(user, changes)
    session.flush()
    return user


# A party cannot be deleted while users belong to it (kompas.parties.service).
party_service.register_referrer("users", User, lambda party_id: User.party_id == party_id)
