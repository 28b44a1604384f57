"""Routes of the parties domain: departments, partners, parties, people, needs."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response

from kompas.core.concurrency import IfMatch, check_if_match
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery, list_query
from kompas.core.pagecache import kept
from kompas.core.principal import CurrentPrincipal, Editor
from kompas.core.routing import (
    CREATED,
    DELETED,
    LISTED,
    READ_ONE,
    respond_created,
    respond_one,
    respond_page,
)
from kompas.core.schemas import page_of
from kompas.parties import csvroutes, service
from kompas.parties.auth import NeedWriter
from kompas.parties.models import PartyKind
from kompas.parties.schemas import (
    DepartmentCreate,
    DepartmentRead,
    DepartmentUpdate,
    NeedCreate,
    NeedRead,
    NeedUpdate,
    PartnerCreate,
    PartnerRead,
    PartnerUpdate,
    PartyRead,
    PersonCreate,
    PersonRead,
    PersonUpdate,
)

router = APIRouter()
router.include_router(csvroutes.router)  # before /parties/{partyId}: `csv` is no id

DepartmentId = Annotated[
    uuid.UUID, Path(alias="departmentId", description="The id of the department.")
]
PartnerId = Annotated[uuid.UUID, Path(alias="partnerId", description="The id of the partner.")]
PartyId = Annotated[uuid.UUID, Path(alias="partyId", description="The id of the party.")]
PersonId = Annotated[uuid.UUID, Path(alias="personId", description="The id of the person.")]
NeedId = Annotated[uuid.UUID, Path(alias="needId", description="The id of the need or offer.")]

# --- departments -------------------------------------------------------------------------------


@router.get(
    "/departments", tags=["departments"], response_model=page_of(DepartmentRead), responses=LISTED
)
@kept
def list_departments(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.DEPARTMENTS))],
) -> dict[str, object]:
    """The organisation's departments."""
    items, cursor = service.get_all_parties(
        session=session, principal=principal, query=query, kind=PartyKind.department
    )
    return respond_page(response, request, items, cursor)


@router.post(
    "/departments",
    tags=["departments"],
    status_code=201,
    response_model=DepartmentRead,
    responses=CREATED,
)
def create_department(
    body: DepartmentCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> object:
    """Add a department."""
    party = service.create_party(
        session=session, principal=principal, kind=PartyKind.department, data=body.model_dump()
    )
    return respond_created(response, request, party)


@router.get(
    "/departments/{departmentId}",
    tags=["departments"],
    response_model=DepartmentRead,
    responses=READ_ONE,
)
@kept
def read_department(
    department_id: DepartmentId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> object:
    """One department."""
    party = service.get_party(
        session=session, principal=principal, party_id=department_id, kind=PartyKind.department
    )
    return respond_one(response, party)


@router.patch(
    "/departments/{departmentId}",
    tags=["departments"],
    response_model=DepartmentRead,
    responses=READ_ONE,
)
def update_department(
    department_id: DepartmentId,
    body: DepartmentUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> object:
    """Change a department."""
    party = service.get_party(
        session=session, principal=principal, party_id=department_id, kind=PartyKind.department
    )
    check_if_match(if_match, party)
    party = service.update_party(
        session=session,
        principal=principal,
        party=party,
        changes=body.model_dump(exclude_unset=True),
    )
    return respond_one(response, party)


@router.delete(
    "/departments/{departmentId}", tags=["departments"], status_code=204, responses=DELETED
)
def delete_department(
    department_id: DepartmentId, if_match: IfMatch, session: SessionDep, principal: Editor
) -> None:
    """Delete a department that no person, need or user refers to."""
    party = service.get_party(
        session=session, principal=principal, party_id=department_id, kind=PartyKind.department
    )
    check_if_match(if_match, party)
    service.delete_party(session=session, principal=principal, party=party)


# --- partners ----------------------------------------------------------------------------------


@router.get("/partners", tags=["partners"], response_model=page_of(PartnerRead), responses=LISTED)
@kept
def list_partners(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.PARTNERS))],
) -> dict[str, object]:
    """The organisation's external partners."""
    items, cursor = service.get_all_parties(
        session=session, principal=principal, query=query, kind=PartyKind.partner
    )
    return respond_page(response, request, items, cursor)


@router.post(
    "/partners", tags=["partners"], status_code=201, response_model=PartnerRead, responses=CREATED
)
def create_partner(
    body: PartnerCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> object:
    """Add an external partner."""
    party = service.create_party(
        session=session, principal=principal, kind=PartyKind.partner, data=body.model_dump()
    )
    return respond_created(response, request, party)


@router.get(
    "/partners/{partnerId}", tags=["partners"], response_model=PartnerRead, responses=READ_ONE
)
@kept
def read_partner(
    partner_id: PartnerId, response: Response, session: SessionDep, principal: CurrentPrincipal
) -> object:
    """One external partner."""
    party = service.get_party(
        session=session, principal=principal, party_id=partner_id, kind=PartyKind.partner
    )
    return respond_one(response, party)


@router.patch(
    "/partners/{partnerId}", tags=["partners"], response_model=PartnerRead, responses=READ_ONE
)
def update_partner(
    partner_id: PartnerId,
    body: PartnerUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> object:
    """Change an external partner, its contacts included."""
    party = service.get_party(
        session=session, principal=principal, party_id=partner_id, kind=PartyKind.partner
    )
    check_if_match(if_match, party)
    party = service.update_party(
        session=session,
        principal=principal,
        party=party,
        changes=body.model_dump(exclude_unset=True),
    )
    return respond_one(response, party)


@router.delete("/partners/{partnerId}", tags=["partners"], status_code=204, responses=DELETED)
def delete_partner(
    partner_id: PartnerId, if_match: IfMatch, session: SessionDep, principal: Editor
) -> None:
    """Delete a partner that no person, need or user refers to."""
    party = service.get_party(
        session=session, principal=principal, party_id=partner_id, kind=PartyKind.partner
    )
    check_if_match(if_match, party)
    service.delete_party(session=session, principal=principal, party=party)


# --- parties (both kinds, read-only) -----------------------------------------------------------


@router.get("/parties", tags=["parties"], response_model=page_of(PartyRead), responses=LISTED)
@kept
def list_parties(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.PARTIES))],
) -> dict[str, object]:
    """Departments and partners together: every party another record can point at."""
    items, cursor = service.get_all_parties(session=session, principal=principal, query=query)
    return respond_page(response, request, items, cursor)


@router.get("/parties/{partyId}", tags=["parties"], response_model=PartyRead, responses=READ_ONE)
@kept
def read_party(
    party_id: PartyId, response: Response, session: SessionDep, principal: CurrentPrincipal
) -> object:
    """One party, department or partner."""
    party = service.get_party(session=session, principal=principal, party_id=party_id)
    return respond_one(response, party)


# --- people ------------------------------------------------------------------------------------


@router.get("/people", tags=["people"], response_model=page_of(PersonRead), responses=LISTED)
@kept
def list_people(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.PEOPLE))],
) -> dict[str, object]:
    """People of the departments and partners."""
    items, cursor = service.get_all_people(session=session, principal=principal, query=query)
    return respond_page(response, request, items, cursor)


@router.post(
    "/people", tags=["people"], status_code=201, response_model=PersonRead, responses=CREATED
)
def create_person(
    body: PersonCreate, request: Request, response: Response, session: SessionDep, principal: Editor
) -> object:
    """Add a person to a department or partner."""
    person = service.create_person(session=session, principal=principal, data=body.model_dump())
    return respond_created(response, request, person)


@router.get("/people/{personId}", tags=["people"], response_model=PersonRead, responses=READ_ONE)
@kept
def read_person(
    person_id: PersonId, response: Response, session: SessionDep, principal: CurrentPrincipal
) -> object:
    """One person."""
    return respond_one(
        response, service.get_person(session=session, principal=principal, person_id=person_id)
    )


@router.patch("/people/{personId}", tags=["people"], response_model=PersonRead, responses=READ_ONE)
def update_person(
    person_id: PersonId,
    body: PersonUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> object:
    """Change a person."""
    person = service.get_person(session=session, principal=principal, person_id=person_id)
    check_if_match(if_match, person)
    person = service.update_person(
        session=session,
        principal=principal,
        person=person,
        changes=body.model_dump(exclude_unset=True),
    )
    return respond_one(response, person)


@router.delete("/people/{personId}", tags=["people"], status_code=204, responses=DELETED)
def delete_person(
    person_id: PersonId, if_match: IfMatch, session: SessionDep, principal: Editor
) -> None:
    """Remove a person."""
    person = service.get_person(session=session, principal=principal, person_id=person_id)
    check_if_match(if_match, person)
    service.delete_person(session=session, person=person)


# --- needs and offers --------------------------------------------------------------------------


@router.get("/needs", tags=["needs"], response_model=page_of(NeedRead), responses=LISTED)
@kept
def list_needs(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.NEEDS))],
) -> dict[str, object]:
    """What parties need from each other, and what they offer."""
    items, cursor = service.get_all_needs(session=session, principal=principal, query=query)
    return respond_page(response, request, items, cursor)


@router.post("/needs", tags=["needs"], status_code=201, response_model=NeedRead, responses=CREATED)
def create_need(
    body: NeedCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: NeedWriter,
) -> object:
    """Record a need or an offer."""
    need = service.create_need(session=session, principal=principal, data=body.model_dump())
    return respond_created(response, request, need)


@router.get("/needs/{needId}", tags=["needs"], response_model=NeedRead, responses=READ_ONE)
@kept
def read_need(
    need_id: NeedId, response: Response, session: SessionDep, principal: CurrentPrincipal
) -> object:
    """One need or offer."""
    return respond_one(
        response, service.get_need(session=session, principal=principal, need_id=need_id)
    )


@router.patch("/needs/{needId}", tags=["needs"], response_model=NeedRead, responses=READ_ONE)
def update_need(
    need_id: NeedId,
    body: NeedUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: NeedWriter,
) -> object:
    """Change a need or offer, e.g. its status."""
    need = service.get_need(session=session, principal=principal, need_id=need_id)
    check_if_match(if_match, need)
    need = service.update_need(
        session=session, principal=principal, need=need, changes=body.model_dump(exclude_unset=True)
    )
    return respond_one(response, need)


@router.delete("/needs/{needId}", tags=["needs"], status_code=204, responses=DELETED)
def delete_need(
    need_id: NeedId, if_match: IfMatch, session: SessionDep, principal: NeedWriter
) -> None:
    """Remove a need or offer."""
    need = service.get_need(session=session, principal=principal, need_id=need_id)
    check_if_match(if_match, need)
    service.delete_need(session=session, principal=principal, need=need)
