"""Routes of role maps: maps, tasks, views (perspectives), assignments, matrix, analysis."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response
from pydantic_core import to_json

from kompas.core.concurrency import IfMatch, check_etag_match, check_if_match, set_etag
from kompas.core.db import SessionDep
from kompas.core.errors import InvalidField
from kompas.core.listing import ListQuery, list_query
from kompas.core.middleware import allow_larger_body
from kompas.core.pagecache import kept
from kompas.core.principal import CurrentPrincipal, Editor, SettingsDep
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
from kompas.rolemaps import auth, csvio, service
from kompas.rolemaps.auth import ViewWriter
from kompas.rolemaps.models import RoleMap
from kompas.rolemaps.schemas import (
    MAX_ASSIGNMENTS,
    AnalysisOut,
    AssignmentRead,
    ComparisonOut,
    CsvImportResult,
    Matrix,
    PerspectiveRead,
    PerspectiveWrite,
    RoleMapCreate,
    RoleMapRead,
    RoleMapUpdate,
    SnapshotCreate,
    SnapshotRead,
    SnapshotSummary,
    TaskCreate,
    TaskRead,
    TaskUpdate,
)

router = APIRouter()
RoleMapId = Annotated[uuid.UUID, Path(alias="roleMapId", description="The id of the role map.")]
TaskId = Annotated[uuid.UUID, Path(alias="taskId", description="The id of the task.")]
Perspective = Annotated[
    str,
    Path(
        max_length=36,
        pattern=r"^(agreed|[0-9a-fA-F-]{36})$",
        description="`agreed`, or the id of the party whose view it is.",
    ),
]
TAG = "role-maps"


def _json(body: dict[str, object] | bytes, headers: dict[str, str] | None = None) -> Response:
    """A body already in the shape of the route's response model, encoded once.

    For the large representations (analysis, matrix, views): validating thousands of items
    against the model only to serialise them again cost more than building them. The route keeps
    its `response_model`, so the spec is the same; the services build exactly that shape
    (tests/rolemaps/test_fast_paths.py checks it against the model).
    """
    content = body if isinstance(body, bytes) else to_json(body)
    return Response(content, media_type="application/json", headers=headers)


def _etagged(response: Response, body: dict[str, object], role_map: RoleMap) -> dict[str, object]:
    set_etag(response, role_map)
    return body


@router.get("/role-maps", tags=[TAG], response_model=page_of(RoleMapRead), responses=LISTED)
@kept
def list_role_maps(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.ROLE_MAPS))],
) -> dict[str, object]:
    """Role maps; a partner sees those its party takes part in."""
    items, cursor = service.get_all(session=session, principal=principal, query=query)
    return respond_page(response, request, items, cursor)


@router.post(
    "/role-maps", tags=[TAG], status_code=201, response_model=RoleMapRead, responses=CREATED
)
def create_role_map(
    body: RoleMapCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> dict[str, object]:
    """Start a role map for a theme, with the parties that take part."""
    role_map, party_ids = service.create(
        session=session, principal=principal, data=body.model_dump()
    )
    response.status_code = 201
    response.headers["Location"] = f"{request.url.path}/{role_map.id}"
    return _etagged(response, service.as_read(role_map, party_ids), role_map)


@router.get("/role-maps/{roleMapId}", tags=[TAG], response_model=RoleMapRead, responses=READ_ONE)
@kept
def read_role_map(
    role_map_id: RoleMapId, response: Response, session: SessionDep, principal: CurrentPrincipal
) -> dict[str, object]:
    """One role map with its parties."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    parties = service.party_ids_of(session, [role_map.id])[role_map.id]
    return _etagged(response, service.as_read(role_map, parties), role_map)


@router.patch("/role-maps/{roleMapId}", tags=[TAG], response_model=RoleMapRead, responses=READ_ONE)
def update_role_map(
    role_map_id: RoleMapId,
    body: RoleMapUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> dict[str, object]:
    """Change a role map; `partyIds` replaces who takes part."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    check_if_match(if_match, role_map)
    changed = service.update(
        session=session,
        principal=principal,
        role_map=role_map,
        changes=body.model_dump(exclude_unset=True),
    )
    return _etagged(response, changed, role_map)


@router.delete("/role-maps/{roleMapId}", tags=[TAG], status_code=204, responses=DELETED)
def delete_role_map(
    role_map_id: RoleMapId, if_match: IfMatch, session: SessionDep, principal: Editor
) -> None:
    """Delete a role map with its tasks and views."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    check_if_match(if_match, role_map)
    service.delete_map(session=session, role_map=role_map)


# --- tasks -------------------------------------------------------------------------------------


@router.get(
    "/role-maps/{roleMapId}/tasks", tags=[TAG], response_model=page_of(TaskRead), responses=LISTED
)
@kept
def list_tasks(
    role_map_id: RoleMapId,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.TASKS))],
) -> dict[str, object]:
    """The tasks of a map, by position."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    items, cursor = service.get_tasks(
        session=session, principal=principal, role_map=role_map, query=query
    )
    return respond_page(response, request, items, cursor)


@router.post(
    "/role-maps/{roleMapId}/tasks",
    tags=[TAG],
    status_code=201,
    response_model=TaskRead,
    responses=CREATED,
)
def create_task(
    role_map_id: RoleMapId,
    body: TaskCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Editor,
    settings: SettingsDep,
) -> object:
    """Add a task to a map (409 when it holds `KOMPAS_ROLE_MAP_MAX_TASKS`, 10,000 by default)."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    task = service.create_task(
        session=session,
        principal=principal,
        role_map=role_map,
        data=body.model_dump(),
        max_tasks=settings.role_map_max_tasks,
    )
    return respond_created(response, request, task)


@router.get(
    "/role-maps/{roleMapId}/tasks/{taskId}", tags=[TAG], response_model=TaskRead, responses=READ_ONE
)
@kept
def read_task(
    role_map_id: RoleMapId,
    task_id: TaskId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> object:
    """One task."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    task = service.get_task(
        session=session, principal=principal, role_map=role_map, task_id=task_id
    )
    return respond_one(response, task)


@router.patch(
    "/role-maps/{roleMapId}/tasks/{taskId}", tags=[TAG], response_model=TaskRead, responses=READ_ONE
)
def update_task(
    role_map_id: RoleMapId,
    task_id: TaskId,
    body: TaskUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> object:
    """Change a task."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    task = service.get_task(
        session=session, principal=principal, role_map=role_map, task_id=task_id
    )
    check_if_match(if_match, task)
    task = service.update_task(
        session=session, task=task, changes=body.model_dump(exclude_unset=True)
    )
    return respond_one(response, task)


@router.delete(
    "/role-maps/{roleMapId}/tasks/{taskId}", tags=[TAG], status_code=204, responses=DELETED
)
def delete_task(
    role_map_id: RoleMapId,
    task_id: TaskId,
    if_match: IfMatch,
    session: SessionDep,
    principal: Editor,
) -> None:
    """Remove a task and its roles in every view."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    task = service.get_task(
        session=session, principal=principal, role_map=role_map, task_id=task_id
    )
    check_if_match(if_match, task)
    service.delete_task(session=session, task=task)


# --- views -------------------------------------------------------------------------------------

# A whole view may hold MAX_ASSIGNMENTS rows (~118 bytes each as compact JSON): more than the
# installation's body limit (1 MiB: ~8,900 rows) holds, so the view PUT has a limit of its own.
VIEW_MAX_BYTES = MAX_ASSIGNMENTS * 160
allow_larger_body("PUT", r"/role-maps/[^/]+/perspectives/[^/]+", VIEW_MAX_BYTES)


@router.get(
    "/role-maps/{roleMapId}/perspectives/{perspective}",
    tags=[TAG],
    response_model=PerspectiveRead,
    responses=READ_ONE,
)
@kept
def read_perspective(
    role_map_id: RoleMapId,
    perspective: Perspective,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> Response:
    """One view: the agreed division, or how one party sees who does what."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    parties = service.party_ids_of(session, [role_map.id])[role_map.id]
    key = service.parse_perspective(parties, perspective)
    rows = service.get_view(session=session, role_map=role_map, perspective=key)
    return _json(service.view_body(key, rows), {"ETag": service.view_etag(rows)})


@router.put(
    "/role-maps/{roleMapId}/perspectives/{perspective}",
    tags=[TAG],
    response_model=PerspectiveRead,
    responses=READ_ONE,
)
def replace_perspective(
    role_map_id: RoleMapId,
    perspective: Perspective,
    body: PerspectiveWrite,
    if_match: IfMatch,
    session: SessionDep,
    principal: ViewWriter,
) -> Response:
    """Submit or replace a whole view: a party's own, or (coordinators) the agreed one. The
    body may be up to 16 MB (a view of 100,000 rows), more than other requests may."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    parties = service.party_ids_of(session, [role_map.id])[role_map.id]
    key = service.parse_perspective(parties, perspective)
    auth.check_may_speak_for(principal, key)
    # Read once: for the ETag the request must match and for what the replacement changes.
    stored = service.stored_view(session=session, role_map=role_map, perspective=key)
    check_etag_match(if_match, service.view_etag(stored))
    rows = service.replace_view(
        session=session,
        principal=principal,
        role_map=role_map,
        perspective=key,
        assignments=[
            {"task_id": a.task_id, "party_id": a.party_id, "role": a.role} for a in body.assignments
        ],
        map_party_ids=parties,
        stored=stored,
    )
    return _json(service.view_body(key, rows), {"ETag": service.view_etag(rows)})


@router.get(
    "/role-maps/{roleMapId}/assignments",
    tags=[TAG],
    response_model=page_of(AssignmentRead),
    responses=LISTED,
)
@kept
def list_assignments(
    role_map_id: RoleMapId,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.ASSIGNMENTS))],
) -> dict[str, object]:
    """Every row of every view of the map, filterable by perspective, task, party and role."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    items, cursor = service.get_assignments(
        session=session, principal=principal, role_map=role_map, query=query
    )
    return respond_page(response, request, items, cursor)


@router.get("/role-maps/{roleMapId}/matrix", tags=[TAG], response_model=Matrix)
@kept
def read_matrix(
    role_map_id: RoleMapId,
    session: SessionDep,
    principal: CurrentPrincipal,
    perspective: Annotated[
        str,
        Query(
            max_length=36,
            pattern=r"^(agreed|[0-9a-fA-F-]{36})$",
            description="`agreed` or a party id.",
        ),
    ] = "agreed",
) -> Response:
    """Tasks × parties of one view as a grid, for the web app."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    parties = service.party_ids_of(session, [role_map.id])[role_map.id]
    key = service.parse_perspective(parties, perspective)
    return _json(
        service.matrix_json(session=session, role_map=role_map, party_ids=parties, perspective=key)
    )


# --- analysis and snapshots --------------------------------------------------------------------

SnapshotId = Annotated[uuid.UUID, Path(alias="snapshotId", description="The id of the snapshot.")]


@router.get("/role-maps/{roleMapId}/analysis", tags=[TAG], response_model=AnalysisOut)
@kept
def read_analysis(
    role_map_id: RoleMapId, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    """Per task: nobody owns it, owned twice, nobody does it, the ball lies with the other,
    views disagree, a party deviates from the agreement; with a summary."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    return _json(service.current_analysis_json(session=session, role_map=role_map))


@router.get(
    "/role-maps/{roleMapId}/snapshots",
    tags=[TAG],
    response_model=page_of(SnapshotSummary),
    responses=LISTED,
)
@kept
def list_snapshots(
    role_map_id: RoleMapId,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.SNAPSHOTS))],
) -> dict[str, object]:
    """The snapshots of a map, newest first, with their clarity."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    items, cursor = service.get_snapshots(
        session=session, principal=principal, role_map=role_map, query=query
    )
    return respond_page(response, request, items, cursor)


@router.post(
    "/role-maps/{roleMapId}/snapshots",
    tags=[TAG],
    status_code=201,
    response_model=SnapshotRead,
    responses=CREATED,
)
def take_snapshot(
    role_map_id: RoleMapId,
    body: SnapshotCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Editor,
) -> object:
    """Keep the map's state and analysis as they are now (e.g. at the end of a meeting)."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    snapshot = service.take_snapshot(
        session=session, principal=principal, role_map=role_map, label=body.label
    )
    return respond_created(response, request, snapshot)


@router.get(
    "/role-maps/{roleMapId}/snapshots/{snapshotId}",
    tags=[TAG],
    response_model=SnapshotRead,
    responses=READ_ONE,
)
@kept
def read_snapshot(
    role_map_id: RoleMapId,
    snapshot_id: SnapshotId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> object:
    """One snapshot with the analysis it kept."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    snapshot = service.get_snapshot(
        session=session, principal=principal, role_map=role_map, snapshot_id=snapshot_id
    )
    return respond_one(response, snapshot)


@router.get("/role-maps/{roleMapId}/comparison", tags=[TAG], response_model=ComparisonOut)
@kept
def compare(
    role_map_id: RoleMapId,
    session: SessionDep,
    principal: CurrentPrincipal,
    from_: Annotated[uuid.UUID, Query(alias="from", description="The earlier snapshot.")],
    to: Annotated[
        str,
        Query(
            max_length=36,
            pattern=r"^(current|[0-9a-fA-F-]{36})$",
            description="The later snapshot, or `current` for the map as it is now.",
        ),
    ] = "current",
) -> dict[str, object]:
    """Which findings were resolved and which are new between two moments: progress."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    before = service.get_snapshot(
        session=session, principal=principal, role_map=role_map, snapshot_id=from_, field="from"
    )
    after = None
    if to != "current":
        try:
            after_id = uuid.UUID(to)
        except ValueError:
            raise InvalidField("to", "Use a snapshot id or `current`.", "invalid") from None
        after = service.get_snapshot(
            session=session,
            principal=principal,
            role_map=role_map,
            snapshot_id=after_id,
            field="to",
        )
    return service.compare_snapshots(session=session, role_map=role_map, before=before, after=after)


# --- CSV ---------------------------------------------------------------------------------------


class CsvResponse(Response):
    media_type = "text/csv"


CSV_CONTENT = {"text/csv": {"schema": {"type": "string"}}}


@router.get(
    "/role-maps/{roleMapId}/csv",
    tags=[TAG],
    response_class=CsvResponse,
    responses={200: {"description": "The map as CSV.", "content": CSV_CONTENT}},
)
def export_csv(
    role_map_id: RoleMapId,
    session: SessionDep,
    principal: CurrentPrincipal,
    perspective: Annotated[
        str | None,
        Query(
            max_length=36,
            pattern=r"^(agreed|[0-9a-fA-F-]{36})$",
            description="Only this view (`agreed` or a party id), with every task: what a "
            "party fills in and imports back.",
        ),
    ] = None,
) -> Response:
    """The map's tasks and every view (or one) as CSV, to fill in or check in a spreadsheet."""
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    only = None
    if perspective is not None:
        parties = service.party_ids_of(session, [role_map.id])[role_map.id]
        only = service.parse_perspective(parties, perspective)
    filename = f"rolkaart-{role_map.id}.csv"
    return CsvResponse(
        csvio.export(session=session, role_map=role_map, perspective=only),
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/role-maps/{roleMapId}/csv", tags=[TAG], response_model=CsvImportResult)
def import_csv(
    role_map_id: RoleMapId,
    content: Annotated[bytes, Body(media_type="text/csv", description="CSV as exported.")],
    session: SessionDep,
    principal: ViewWriter,
    settings: SettingsDep,
) -> dict[str, int]:
    """Import tasks and views from CSV (as exported): all or nothing, every bad line reported.

    Each view in the file replaces that view; coordinators may add tasks (rows without taskId).
    At most `KOMPAS_CSV_IMPORT_MAX_ROWS` rows (5,000 by default) per file; more answers 400.
    """
    role_map = service.get(session=session, principal=principal, role_map_id=role_map_id)
    return csvio.import_csv(
        session=session,
        principal=principal,
        role_map=role_map,
        content=content,
        max_rows=settings.csv_import_max_rows,
        max_tasks=settings.role_map_max_tasks,
    )
