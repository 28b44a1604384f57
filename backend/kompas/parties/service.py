"""The behaviour of the parties domain: plain functions over a session and the caller."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from kompas.core.errors import Conflict, InvalidField, InvalidParam, NotFound
from kompas.core.listing import Filter, ListQuery, ListSpec, paginate
from kompas.core.principal import Principal
from kompas.core.tenancy import apply_changes, get_owned, scoped
from kompas.parties import auth
from kompas.parties.models import (
    Need,
    NeedKind,
    NeedStatus,
    OrganisationType,
    Party,
    PartyKind,
    Person,
)

_PARTY_SORT = {
    "name": Party.name,
    "createdAt": Party.created_at,
    "updatedAt": Party.updated_at,
}
DEPARTMENTS = ListSpec(
    name="departments",
    id_column=Party.id,
    sortable=_PARTY_SORT,
    default_sort="name",
    searchable=(Party.name, Party.description),
)
PARTNERS = ListSpec(
    name="partners",
    id_column=Party.id,
    sortable=_PARTY_SORT,
    default_sort="name",
    filters={"organisationType": Filter(Party.organisation_type, OrganisationType)},
    searchable=(Party.name, Party.description),
)
PARTIES = ListSpec(
    name="parties",
    id_column=Party.id,
    sortable={**_PARTY_SORT, "kind": Party.kind},
    default_sort="name",
    filters={
        "kind": Filter(Party.kind, PartyKind, "`department` or `partner`."),
        "organisationType": Filter(Party.organisation_type, OrganisationType),
    },
    searchable=(Party.name, Party.description),
)
PEOPLE = ListSpec(
    name="people",
    id_column=Person.id,
    sortable={"name": Person.name, "createdAt": Person.created_at, "updatedAt": Person.updated_at},
    default_sort="name",
    filters={"partyId": Filter(Person.party_id, uuid.UUID, "People of this party.")},
    searchable=(Person.name, Person.job_title),
)
NEEDS = ListSpec(
    name="needs",
    id_column=Need.id,
    sortable={
        "title": Need.title,
        "status": Need.status,
        "createdAt": Need.created_at,
        "updatedAt": Need.updated_at,
    },
    default_sort="-updatedAt",
    filters={
        "partyId": Filter(Need.party_id, uuid.UUID, "Needs and offers of this party."),
        "counterpartPartyId": Filter(Need.counterpart_party_id, uuid.UUID),
        "kind": Filter(Need.kind, NeedKind),
        "status": Filter(Need.status, NeedStatus),
    },
    searchable=(Need.title, Need.description),
)

_SPEC_OF_KIND = {PartyKind.department: DEPARTMENTS, PartyKind.partner: PARTNERS}
_LABEL = {PartyKind.department: "department", PartyKind.partner: "partner"}


# --- parties -----------------------------------------------------------------------------------


def get_all_parties(
    *, session: Session, principal: Principal, query: ListQuery, kind: PartyKind | None = None
) -> tuple[list[Party], str | None]:
    """One page of the organisation's parties, of one kind or both."""
    statement = scoped(Party, principal)
    if kind is not None:
        statement = statement.where(Party.kind == kind)
    spec = PARTIES if kind is None else _SPEC_OF_KIND[kind]
    return paginate(session, statement, spec, query)


def get_party(
    *, session: Session, principal: Principal, party_id: uuid.UUID, kind: PartyKind | None = None
) -> Party:
    """A party of the caller's organisation (of the given kind); 404 otherwise."""
    label = _LABEL[kind] if kind else "party"
    party = get_owned(session, Party, party_id, principal, label)
    if kind is not None and party.kind != kind:
        # A partner's id at /departments/{id} is as unknown there as any other id.
        raise NotFound(f"There is no {label} with id {party_id}.")
    return party


def require_party(
    *, session: Session, principal: Principal, party_id: uuid.UUID, field: str
) -> Party:
    """The referenced party, or a 400 naming ``field``; another organisation's party is unknown."""
    party = session.exec(scoped(Party, principal).where(Party.id == party_id)).first()
    if party is None:
        raise InvalidField(field, f"There is no party with id {party_id}.", "unknown-party")
    return party


def _ensure_unique_name(
    session: Session, principal: Principal, name: str, exclude: uuid.UUID | None = None
) -> None:
    statement = scoped(Party, principal).where(func.lower(Party.name) == name.lower())
    if exclude is not None:
        statement = statement.where(Party.id != exclude)
    if session.exec(statement).first() is not None:
        raise Conflict(
            f"A department or partner named '{name}' already exists.",
            invalid_params=[InvalidParam(name="name", reason="Already in use.", code="duplicate")],
        )


def create_party(
    *, session: Session, principal: Principal, kind: PartyKind, data: dict[str, Any]
) -> Party:
    """Create a department or a partner."""
    _ensure_unique_name(session, principal, data["name"])
    party = Party(organisation_id=principal.organisation_id, kind=kind, **data)
    if kind is PartyKind.partner and party.organisation_type is None:
        party.organisation_type = OrganisationType.other
    session.add(party)
    session.flush()
    return party


def update_party(
    *, session: Session, principal: Principal, party: Party, changes: dict[str, Any]
) -> Party:
    """Change a department or partner."""
    if "name" in changes:
        _ensure_unique_name(session, principal, changes["name"], exclude=party.id)
    apply_changes(party, changes)
    session.flush()
    return party


# What else refers to a party, registered by the domains that do (``register_referrer``, when
# their service is imported): the registry knows none of the work built on it.
REFERRERS: dict[str, tuple[Any, Callable[[uuid.UUID], Any]]] = {}


def register_referrer(label: str, model: Any, refers: Callable[[uuid.UUID], Any]) -> None:
    """Refuse to delete a party while rows of ``model`` match ``refers(party id)``, naming them
    ``label`` ("3 agenda items (lead or ball holder)")."""
    REFERRERS[label] = (model, refers)


def delete_party(*, session: Session, principal: Principal, party: Party) -> None:
    """Delete a party that nothing refers to any more; 409 naming what still does."""
    references = {
        "people": (Person, Person.party_id == party.id),
        "needs or offers": (
            Need,
            (Need.party_id == party.id) | (Need.counterpart_party_id == party.id),
        ),
        **{label: (model, refers(party.id)) for label, (model, refers) in REFERRERS.items()},
    }
    # Each kind one query.
    in_use = {
        label: session.exec(select(func.count()).select_from(model).where(clause)).one()
        for label, (model, clause) in references.items()
    }
    still = [f"{count} {label}" for label, count in in_use.items() if count]
    if still:
        raise Conflict(
            f"'{party.name}' is still referred to by {', '.join(still)}; "
            "move or delete those first."
        )
    session.delete(party)
    session.flush()


# --- people ------------------------------------------------------------------------------------


def get_all_people(
    *, session: Session, principal: Principal, query: ListQuery
) -> tuple[list[Person], str | None]:
    """One page of the people of the organisation's parties."""
    return paginate(
        session, auth.visible_people(scoped(Person, principal), principal), PEOPLE, query
    )


def get_person(*, session: Session, principal: Principal, person_id: uuid.UUID) -> Person:
    """A person of the caller's organisation whom the caller may see; 404 otherwise."""
    statement = auth.visible_people(scoped(Person, principal), principal)
    person = session.exec(statement.where(Person.id == person_id)).first()
    if person is None:
        raise NotFound(f"There is no person with id {person_id}.")
    return person


def create_person(*, session: Session, principal: Principal, data: dict[str, Any]) -> Person:
    """Add a person to a department or partner."""
    require_party(session=session, principal=principal, party_id=data["party_id"], field="partyId")
    person = Person(organisation_id=principal.organisation_id, **data)
    session.add(person)
    session.flush()
    return person


def update_person(
    *, session: Session, principal: Principal, person: Person, changes: dict[str, Any]
) -> Person:
    """Change a person, possibly moving them to another party."""
    if "party_id" in changes:
        require_party(
            session=session, principal=principal, party_id=changes["party_id"], field="partyId"
        )
    apply_changes(person, changes)
    session.flush()
    return person


def delete_person(*, session: Session, person: Person) -> None:
    """Remove a person."""
    session.delete(person)
    session.flush()


# --- needs and offers --------------------------------------------------------------------------


def get_all_needs(
    *, session: Session, principal: Principal, query: ListQuery
) -> tuple[list[Need], str | None]:
    """One page of needs and offers."""
    return paginate(session, auth.visible_needs(scoped(Need, principal), principal), NEEDS, query)


def get_need(*, session: Session, principal: Principal, need_id: uuid.UUID) -> Need:
    """A need or offer of the caller's organisation that the caller may see; 404 otherwise."""
    statement = auth.visible_needs(scoped(Need, principal), principal)
    need = session.exec(statement.where(Need.id == need_id)).first()
    if need is None:
        raise NotFound(f"There is no need or offer with id {need_id}.")
    return need


def _check_need_parties(
    session: Session, principal: Principal, party_id: uuid.UUID, counterpart: uuid.UUID | None
) -> None:
    require_party(session=session, principal=principal, party_id=party_id, field="partyId")
    if counterpart is not None:
        if counterpart == party_id:
            raise InvalidField(
                "counterpartPartyId",
                "A party cannot need something from, or offer something to, itself.",
                "same-party",
            )
        require_party(
            session=session, principal=principal, party_id=counterpart, field="counterpartPartyId"
        )


def create_need(*, session: Session, principal: Principal, data: dict[str, Any]) -> Need:
    """Record what a party needs or offers."""
    auth.NEED_CREATE.check_create(principal, data)
    auth.check_need_party(principal, data["party_id"])
    _check_need_parties(session, principal, data["party_id"], data.get("counterpart_party_id"))
    need = Need(organisation_id=principal.organisation_id, **data)
    session.add(need)
    session.flush()
    return need


def update_need(
    *, session: Session, principal: Principal, need: Need, changes: dict[str, Any]
) -> Need:
    """Change a need or offer, its status included."""
    auth.check_need_party(principal, need.party_id)
    auth.NEED_UPDATE.check_update(principal, changes, need.model_dump)
    if "party_id" in changes:
        auth.check_need_party(principal, changes["party_id"])
    if "party_id" in changes or "counterpart_party_id" in changes:
        _check_need_parties(
            session,
            principal,
            changes.get("party_id", need.party_id),
            changes.get("counterpart_party_id", need.counterpart_party_id),
        )
    apply_changes(need, changes)
    session.flush()
    return need


def delete_need(*, session: Session, principal: Principal, need: Need) -> None:
    """Remove a need or offer."""
    auth.check_need_party(principal, need.party_id)
    session.delete(need)
    session.flush()
