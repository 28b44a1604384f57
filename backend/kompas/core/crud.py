"""Routes for a simple tenant-owned collection: list, create, read, update, delete.

Used where a resource is nothing more than named, maybe ordered, records of the organisation
(drivers, phases, work formats). Resources with rules of their own write their routes out.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, get_args

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel
from sqlmodel import Session

from kompas.core.concurrency import IfMatch, check_if_match
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery, ListSpec, list_query, paginate
from kompas.core.models import TenantRecord
from kompas.core.pagecache import kept
from kompas.core.principal import CurrentPrincipal, Principal
from kompas.core.routing import (
    CREATED,
    DELETED,
    LISTED,
    READ_ONE,
    id_param,
    respond_created,
    respond_one,
    respond_page,
)
from kompas.core.schemas import page_of
from kompas.core.tenancy import get_owned, scoped


@dataclass(frozen=True)
class Collection:
    path: str  # "/drivers"
    tag: str  # "drivers"
    id_name: str  # "driverId"
    label: str  # "driver"
    model: type[TenantRecord]
    create_schema: type[BaseModel]
    update_schema: type[BaseModel]
    read_schema: type[BaseModel]
    spec: ListSpec
    writer: Any  # an Annotated Principal dependency, e.g. core.principal.Editor
    create: Callable[[Session, Principal, dict[str, Any]], TenantRecord]
    update: Callable[[Session, Principal, TenantRecord, dict[str, Any]], TenantRecord]


def add_collection_routes(router: APIRouter, c: Collection) -> None:
    """Register the five routes of ``c`` on ``router``."""
    RecordId = Annotated[uuid.UUID, id_param(c.id_name, c.label)]
    # The writer's dependency (``Editor`` is ``Annotated[Principal, Depends(…)]``), re-declared
    # as an alias mypy reads as a type.
    Writer = Annotated[Principal, get_args(c.writer)[1]]
    singular = c.label.replace(" ", "_")

    @kept
    def list_records(
        request: Request,
        response: Response,
        session: SessionDep,
        principal: CurrentPrincipal,
        query: Annotated[ListQuery, Depends(list_query(c.spec))],
    ) -> dict[str, Any]:
        items, cursor = paginate(session, scoped(c.model, principal), c.spec, query)
        return respond_page(response, request, items, cursor)

    def create_record(
        body: c.create_schema,  # type: ignore[name-defined]
        request: Request,
        response: Response,
        session: SessionDep,
        principal: Writer,
    ) -> Any:
        record = c.create(session, principal, body.model_dump())
        return respond_created(response, request, record)

    @kept
    def read_record(
        record_id: RecordId,
        response: Response,
        session: SessionDep,
        principal: CurrentPrincipal,
    ) -> Any:
        return respond_one(response, get_owned(session, c.model, record_id, principal, c.label))

    def update_record(
        record_id: RecordId,
        body: c.update_schema,  # type: ignore[name-defined]
        if_match: IfMatch,
        response: Response,
        session: SessionDep,
        principal: Writer,
    ) -> Any:
        record = get_owned(session, c.model, record_id, principal, c.label)
        check_if_match(if_match, record)
        record = c.update(session, principal, record, body.model_dump(exclude_unset=True))
        return respond_one(response, record)

    def delete_record(
        record_id: RecordId,
        if_match: IfMatch,
        session: SessionDep,
        principal: Writer,
    ) -> None:
        record = get_owned(session, c.model, record_id, principal, c.label)
        check_if_match(if_match, record)
        session.delete(record)
        session.flush()

    item = f"{c.path}/{{{c.id_name}}}"
    router.add_api_route(
        c.path,
        list_records,
        methods=["GET"],
        tags=[c.tag],
        name=f"list_{c.tag.replace('-', '_')}",
        response_model=page_of(c.read_schema),
        responses=LISTED,
        summary=f"List {c.tag.replace('-', ' ')}",
    )
    router.add_api_route(
        c.path,
        create_record,
        methods=["POST"],
        tags=[c.tag],
        name=f"create_{singular}",
        status_code=201,
        response_model=c.read_schema,
        responses=CREATED,
        summary=f"Create a {c.label}",
    )
    router.add_api_route(
        item,
        read_record,
        methods=["GET"],
        tags=[c.tag],
        name=f"read_{singular}",
        response_model=c.read_schema,
        responses=READ_ONE,
        summary=f"Read a {c.label}",
    )
    router.add_api_route(
        item,
        update_record,
        methods=["PATCH"],
        tags=[c.tag],
        name=f"update_{singular}",
        response_model=c.read_schema,
        responses=READ_ONE,
        summary=f"Change a {c.label}",
    )
    router.add_api_route(
        item,
        delete_record,
        methods=["DELETE"],
        tags=[c.tag],
        name=f"delete_{singular}",
        status_code=204,
        responses=DELETED,
        summary=f"Delete a {c.label}",
    )
