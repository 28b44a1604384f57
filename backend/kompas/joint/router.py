"""The routes every ball-carrying record gets: its handoffs and its status history; and the
organisation-wide list of handoffs ("where is the ball?")."""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request, Response
from sqlalchemy import or_
from sqlmodel import Session, col, select

from kompas.core.concurrency import IfMatch, check_if_match
from kompas.core.db import SessionDep
from kompas.core.listing import Filter, ListQuery, ListSpec, list_query, paginate
from kompas.core.pagecache import kept
from kompas.core.principal import CurrentPrincipal, Principal, Role, require_roles
from kompas.core.routing import (
    CREATED,
    LISTED,
    READ_ONE,
    id_param,
    respond_created,
    respond_one,
    respond_page,
)
from kompas.core.schemas import page_of
from kompas.joint import auth, service  # noqa: F401 - auth: its property tables
from kompas.joint.models import Handoff, HandoffStatus, StatusChange, SubjectKind
from kompas.joint.schemas import HandoffCreate, HandoffDecision, HandoffRead, StatusChangeRead

# Handing over and deciding are for the parties themselves; viewers only read.
BallPlayer = Annotated[
    Principal, Depends(require_roles(Role.admin, Role.coordinator, Role.member, Role.partner))
]
HandoffId = Annotated[uuid.UUID, Path(alias="handoffId", description="The id of the handoff.")]

HANDOFFS = ListSpec(
    name="handoffs",
    id_column=Handoff.id,
    sortable={"createdAt": Handoff.created_at, "decidedAt": Handoff.decided_at},
    default_sort="-createdAt",
    filters={
        "status": Filter(Handoff.status, HandoffStatus),
        "toPartyId": Filter(Handoff.to_party_id, uuid.UUID),
        "fromPartyId": Filter(Handoff.from_party_id, uuid.UUID),
        "subjectKind": Filter(Handoff.subject_kind, SubjectKind),
    },
)
SUBJECT_HANDOFFS = ListSpec(
    name="subject_handoffs",
    id_column=Handoff.id,
    sortable={"createdAt": Handoff.created_at},
    default_sort="createdAt",
    filters={"status": Filter(Handoff.status, HandoffStatus)},
)
STATUS_CHANGES = ListSpec(
    name="status_changes",
    id_column=StatusChange.id,
    sortable={"changedAt": StatusChange.changed_at},
    default_sort="changedAt",
)

router = APIRouter()


@router.get("/handoffs", tags=["handoffs"], response_model=page_of(HandoffRead), responses=LISTED)
@kept
def list_handoffs(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(HANDOFFS))],
) -> dict[str, Any]:
    """Every handoff of agenda items and questions: `status=pending&toPartyId=…` is what waits
    for a party. A partner sees the handoffs to or from its own party."""
    statement = select(Handoff).where(Handoff.organisation_id == principal.organisation_id)
    if principal.role is Role.partner:
        statement = statement.where(
            or_(
                col(Handoff.to_party_id) == principal.party_id,
                col(Handoff.from_party_id) == principal.party_id,
            )
        )
    items, cursor = paginate(session, statement, HANDOFFS, query)
    return respond_page(response, request, items, cursor)


@dataclass(frozen=True)
class BallRoutes:
    """Where the handoff and history routes of one kind of record go."""

    path: str  # "/agenda-items/{agendaItemId}"
    id_name: str  # "agendaItemId"
    label: str  # "agenda item"
    tag: str  # "agenda-items"
    kind: SubjectKind
    # The record the caller may see (404 otherwise), locked for a change when `for_update`.
    load: Callable[[Session, Principal, uuid.UUID], Any]


def add_ball_routes(router: APIRouter, r: BallRoutes) -> None:
    SubjectId = Annotated[uuid.UUID, id_param(r.id_name, r.label)]
    name = r.tag.replace("-", "_")

    @kept
    def list_subject_handoffs(
        subject_id: SubjectId,
        request: Request,
        response: Response,
        session: SessionDep,
        principal: CurrentPrincipal,
        query: Annotated[ListQuery, Depends(list_query(SUBJECT_HANDOFFS))],
    ) -> dict[str, Any]:
        record = r.load(session, principal, subject_id)
        statement = select(Handoff).where(Handoff.subject_id == record.id)
        items, cursor = paginate(session, statement, SUBJECT_HANDOFFS, query)
        return respond_page(response, request, items, cursor)

    def create_handoff(
        subject_id: SubjectId,
        body: HandoffCreate,
        request: Request,
        response: Response,
        session: SessionDep,
        principal: BallPlayer,
    ) -> Any:
        record = r.load(session, principal, subject_id)
        handoff = service.hand_over(session, principal, r.kind, record, body.to_party_id, body.note)
        return respond_created(response, request, handoff)

    @kept
    def read_handoff(
        subject_id: SubjectId,
        handoff_id: HandoffId,
        response: Response,
        session: SessionDep,
        principal: CurrentPrincipal,
    ) -> Any:
        record = r.load(session, principal, subject_id)
        return respond_one(response, service.get_handoff(session, principal, record.id, handoff_id))

    def decide_handoff(
        subject_id: SubjectId,
        handoff_id: HandoffId,
        body: HandoffDecision,
        if_match: IfMatch,
        response: Response,
        session: SessionDep,
        principal: BallPlayer,
    ) -> Any:
        record = r.load(session, principal, subject_id)
        handoff = service.get_handoff(session, principal, record.id, handoff_id)
        check_if_match(if_match, handoff)
        service.decide(session, principal, record, handoff, HandoffStatus(body.status), body.reason)
        return respond_one(response, handoff)

    @kept
    def list_status_changes(
        subject_id: SubjectId,
        request: Request,
        response: Response,
        session: SessionDep,
        principal: CurrentPrincipal,
        query: Annotated[ListQuery, Depends(list_query(STATUS_CHANGES))],
    ) -> dict[str, Any]:
        record = r.load(session, principal, subject_id)
        statement = select(StatusChange).where(StatusChange.subject_id == record.id)
        items, cursor = paginate(session, statement, STATUS_CHANGES, query)
        return respond_page(response, request, items, cursor)

    handoffs = f"{r.path}/handoffs"
    one = f"{handoffs}/{{handoffId}}"
    router.add_api_route(
        handoffs,
        list_subject_handoffs,
        methods=["GET"],
        tags=[r.tag],
        name=f"list_{name}_handoffs",
        response_model=page_of(HandoffRead),
        responses=LISTED,
        summary=f"Handoffs of the {r.label}, oldest first",
    )
    router.add_api_route(
        handoffs,
        create_handoff,
        methods=["POST"],
        tags=[r.tag],
        name=f"create_{name}_handoff",
        status_code=201,
        response_model=HandoffRead,
        responses=CREATED,
        summary=f"Hand the ball of the {r.label} to another party",
        description="The ball stays with its holder until the receiving party accepts.",
    )
    router.add_api_route(
        one,
        read_handoff,
        methods=["GET"],
        tags=[r.tag],
        name=f"read_{name}_handoff",
        response_model=HandoffRead,
        responses=READ_ONE,
        summary="Read a handoff",
    )
    router.add_api_route(
        one,
        decide_handoff,
        methods=["PATCH"],
        tags=[r.tag],
        name=f"decide_{name}_handoff",
        response_model=HandoffRead,
        responses=READ_ONE,
        summary="Accept or decline a handoff (the receiver), or withdraw it (the giver)",
    )
    router.add_api_route(
        f"{r.path}/status-changes",
        list_status_changes,
        methods=["GET"],
        tags=[r.tag],
        name=f"list_{name}_status_changes",
        response_model=page_of(StatusChangeRead),
        responses=LISTED,
        summary=f"The status history of the {r.label}",
    )
