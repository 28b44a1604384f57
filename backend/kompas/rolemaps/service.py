"""The behaviour of role maps: maps, tasks, whole views, the matrix and the analysis."""

from __future__ import annotations

import hashlib
import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic_core import to_json
from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    case,
    cast,
    delete,
    func,
    insert,
    literal_column,
    text,
    type_coerce,
)
from sqlalchemy import select as core_select
from sqlalchemy import update as core_update
from sqlmodel import Session, col, select

from kompas.audit.models import AuditAction, AuditEvent
from kompas.audit.recorder import record
from kompas.compass.models import Phase
from kompas.core.db import utcnow
from kompas.core.errors import BadRequest, Conflict, InvalidField, InvalidParam, NotFound
from kompas.core.listing import Filter, ListQuery, ListSpec, paginate
from kompas.core.principal import Principal
from kompas.core.tenancy import apply_changes, scoped
from kompas.events import service as events
from kompas.joint.cleanup import register_cascade
from kompas.parties.models import Party
from kompas.rolemaps import analysis, auth
from kompas.rolemaps.models import (
    AGREED,
    RaciRole,
    RoleAssignment,
    RoleMap,
    RoleMapParty,
    RoleMapSnapshot,
    RoleMapTask,
)
from kompas.rolemaps.schemas import RoleMapRead as _EventRead

ROLE_MAPS = ListSpec(
    name="role_maps",
    id_column=RoleMap.id,
    sortable={
        "title": RoleMap.title,
        "createdAt": RoleMap.created_at,
        "updatedAt": RoleMap.updated_at,
    },
    default_sort="title",
    filters={"phaseId": Filter(RoleMap.phase_id, uuid.UUID)},
    searchable=(RoleMap.title, RoleMap.description, RoleMap.theme),
)
TASKS = ListSpec(
    name="role_map_tasks",
    id_column=RoleMapTask.id,
    sortable={
        "position": RoleMapTask.position,
        "title": RoleMapTask.title,
        "cluster": RoleMapTask.cluster,
    },
    default_sort="position",
    filters={"cluster": Filter(RoleMapTask.cluster, str)},
    searchable=(RoleMapTask.title, RoleMapTask.description),
)
ASSIGNMENTS = ListSpec(
    name="role_assignments",
    id_column=RoleAssignment.id,
    sortable={"perspective": RoleAssignment.perspective},
    default_sort="perspective",
    filters={
        "perspective": Filter(RoleAssignment.perspective, str, "`agreed` or a party id."),
        "taskId": Filter(RoleAssignment.task_id, uuid.UUID),
        "partyId": Filter(RoleAssignment.party_id, uuid.UUID),
        "role": Filter(RoleAssignment.role, RaciRole),
    },
)


# --- what a map holds changed ------------------------------------------------------------------


def content_changed(session: Session, role_map_id: uuid.UUID) -> None:
    """Raise the map's content version: its tasks, parties or views changed.

    One UPDATE of the map's row, not through the ORM: the map's own `version` (its ETag) and its
    audit trail stay as they are, and two partners submitting their views at once do not
    conflict (the row lock orders them). Every write of tasks, parties or views calls this in
    its own transaction, so a kept analysis or matrix (`_kept`) is never served after a change.
    """
    session.execute(
        core_update(RoleMap)
        .where(col(RoleMap.id) == role_map_id)
        # updated_at as it is: otherwise its `onupdate` would stamp the map as edited.
        .values(
            content_version=col(RoleMap.content_version) + 1, updated_at=col(RoleMap.updated_at)
        )
        .execution_options(synchronize_session=False)
    )


# The analysis and matrix bodies of the most recently read maps, as JSON, per process. The key
# holds the map's content version and the version of each of its parties (a party renamed or of
# another kind changes the explanations and the matrix), so an answer is never served for
# another state of the map. A body is built from rows read after the version in the same
# transaction, so it is never older than its key says. At most _KEPT bodies (a few MB each for
# the largest maps): memory stays bounded.
_KEPT = 8
_kept_bodies: OrderedDict[tuple[Any, ...], bytes] = OrderedDict()
_kept_lock = threading.Lock()


def _kept(key: tuple[Any, ...], build: Callable[[], bytes]) -> bytes:
    with _kept_lock:
        body = _kept_bodies.get(key)
        if body is not None:
            _kept_bodies.move_to_end(key)
            return body
    body = build()
    with _kept_lock:
        _kept_bodies[key] = body
        while len(_kept_bodies) > _KEPT:
            _kept_bodies.popitem(last=False)
    return body


def _map_parties(session: Session, role_map: RoleMap) -> list[tuple[uuid.UUID, str, int]]:
    """The map's parties as (id, name, version), in the order of their ids."""
    rows = session.execute(
        core_select(  # type: ignore[call-overload]
            RoleMapParty.party_id, Party.name, Party.version
        )
        .join(Party, col(Party.id) == col(RoleMapParty.party_id))
        .where(col(RoleMapParty.role_map_id) == role_map.id)
        .order_by(col(RoleMapParty.party_id))
    ).all()
    return [(party_id, name, version) for party_id, name, version in rows]


def _key(
    what: str, role_map: RoleMap, parties: list[tuple[uuid.UUID, str, int]]
) -> tuple[Any, ...]:
    return (
        what,
        role_map.id,
        role_map.content_version,
        tuple((party_id, version) for party_id, _, version in parties),
    )


# --- maps --------------------------------------------------------------------------------------


def party_ids_of(
    session: Session, map_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[uuid.UUID]]:
    """The parties of each map, in one query."""
    found: dict[uuid.UUID, list[uuid.UUID]] = {map_id: [] for map_id in map_ids}
    if map_ids:
        rows = session.exec(
            select(RoleMapParty.role_map_id, RoleMapParty.party_id).where(
                col(RoleMapParty.role_map_id).in_(map_ids)
            )
        ).all()
        for map_id, party_id in rows:
            found[map_id].append(party_id)
    return {map_id: sorted(ids, key=str) for map_id, ids in found.items()}


def as_read(role_map: RoleMap, party_ids: list[uuid.UUID]) -> dict[str, Any]:
    return {**role_map.model_dump(), "party_ids": party_ids}


def get_all(
    *, session: Session, principal: Principal, query: ListQuery
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of the maps the caller may see, each with its parties."""
    statement = auth.visible_maps(scoped(RoleMap, principal), principal)
    maps, cursor = paginate(session, statement, ROLE_MAPS, query)
    parties = party_ids_of(session, [m.id for m in maps])
    return [as_read(m, parties[m.id]) for m in maps], cursor


def get(*, session: Session, principal: Principal, role_map_id: uuid.UUID) -> RoleMap:
    """A map the caller may see; 404 otherwise."""
    statement = auth.visible_maps(scoped(RoleMap, principal), principal)
    role_map = session.exec(statement.where(RoleMap.id == role_map_id)).first()
    if role_map is None:
        raise NotFound(f"There is no role map with id {role_map_id}.")
    return role_map


def _check_refs(session: Session, principal: Principal, data: dict[str, Any]) -> None:
    problems: list[InvalidParam] = []
    if data.get("phase_id") is not None:
        phase = session.exec(scoped(Phase, principal).where(Phase.id == data["phase_id"])).first()
        if phase is None:
            problems.append(
                InvalidParam(name="phaseId", reason="Unknown phase.", code="unknown-phase")
            )
    party_ids = data.get("party_ids") or []
    if party_ids:
        known = set(
            session.exec(
                select(Party.id).where(
                    Party.organisation_id == principal.organisation_id, col(Party.id).in_(party_ids)
                )
            ).all()
        )
        seen: set[uuid.UUID] = set()
        for index, party_id in enumerate(party_ids):
            if party_id not in known:
                problems.append(
                    InvalidParam(
                        name=f"partyIds.{index}", reason="Unknown party.", code="unknown-party"
                    )
                )
            elif party_id in seen:
                problems.append(
                    InvalidParam(name=f"partyIds.{index}", reason="Listed twice.", code="duplicate")
                )
            seen.add(party_id)
    if problems:
        raise BadRequest("The map refers to unknown or repeated records.", invalid_params=problems)


def _set_parties(
    session: Session, principal: Principal, role_map: RoleMap, party_ids: list[uuid.UUID]
) -> None:
    session.execute(delete(RoleMapParty).where(col(RoleMapParty.role_map_id) == role_map.id))
    if party_ids:
        session.execute(
            insert(RoleMapParty),
            [
                {
                    "role_map_id": role_map.id,
                    "party_id": p,
                    "organisation_id": principal.organisation_id,
                }
                for p in party_ids
            ],
        )


def create(
    *, session: Session, principal: Principal, data: dict[str, Any]
) -> tuple[RoleMap, list[uuid.UUID]]:
    """A new map and the parties that take part."""
    _check_refs(session, principal, data)
    party_ids = data.pop("party_ids")
    role_map = RoleMap(organisation_id=principal.organisation_id, **data)
    session.add(role_map)
    session.flush()
    _set_parties(session, principal, role_map, party_ids)
    return role_map, sorted(party_ids, key=str)


def update(
    *, session: Session, principal: Principal, role_map: RoleMap, changes: dict[str, Any]
) -> dict[str, Any]:
    """Change a map; `partyIds` replaces who takes part (their earlier views stay in snapshots)."""
    _check_refs(session, principal, changes)
    party_ids = changes.pop("party_ids", None)
    apply_changes(role_map, changes)
    if party_ids is not None:
        _set_parties(session, principal, role_map, party_ids)
        role_map.updated_at = utcnow()  # who takes part is part of the map: a new version
    session.flush()
    content_changed(session, role_map.id)
    return as_read(role_map, party_ids_of(session, [role_map.id])[role_map.id])


def delete_map(*, session: Session, role_map: RoleMap) -> None:
    """Delete a map with its tasks and views."""
    session.execute(delete(RoleAssignment).where(col(RoleAssignment.role_map_id) == role_map.id))
    session.delete(role_map)
    session.flush()


# --- tasks -------------------------------------------------------------------------------------


def get_tasks(
    *, session: Session, principal: Principal, role_map: RoleMap, query: ListQuery
) -> tuple[list[RoleMapTask], str | None]:
    """One page of a map's tasks, by position."""
    statement = scoped(RoleMapTask, principal).where(RoleMapTask.role_map_id == role_map.id)
    return paginate(session, statement, TASKS, query)


def get_task(
    *, session: Session, principal: Principal, role_map: RoleMap, task_id: uuid.UUID
) -> RoleMapTask:
    """A task of the map; 404 otherwise."""
    task = session.exec(
        scoped(RoleMapTask, principal).where(
            RoleMapTask.id == task_id, RoleMapTask.role_map_id == role_map.id
        )
    ).first()
    if task is None:
        raise NotFound(f"There is no task with id {task_id} in this role map.")
    return task


def count_tasks(session: Session, role_map: RoleMap) -> int:
    """How many tasks the map holds."""
    return session.exec(
        select(func.count()).select_from(RoleMapTask).where(RoleMapTask.role_map_id == role_map.id)
    ).one()


def too_many_tasks(max_tasks: int) -> str:
    return (
        f"A role map holds at most {max_tasks} tasks (KOMPAS_ROLE_MAP_MAX_TASKS); "
        "split the map by theme or remove tasks first."
    )


def create_task(
    *,
    session: Session,
    principal: Principal,
    role_map: RoleMap,
    data: dict[str, Any],
    max_tasks: int | None = None,
) -> RoleMapTask:
    """Add a task; without a position it goes last. 409 when the map holds ``max_tasks``."""
    if max_tasks is not None and count_tasks(session, role_map) >= max_tasks:
        raise Conflict(too_many_tasks(max_tasks))
    if data.get("position") is None:
        highest = session.exec(
            select(func.max(RoleMapTask.position)).where(RoleMapTask.role_map_id == role_map.id)
        ).one()
        data = {**data, "position": (highest or 0) + 1}
    task = RoleMapTask(organisation_id=principal.organisation_id, role_map_id=role_map.id, **data)
    session.add(task)
    session.flush()
    content_changed(session, role_map.id)
    return task


# A task's fields as the audit trail names them (camelCase, as in the API).
_TASK_FIELDS = (
    ("roleMapId", "role_map_id"),
    ("title", "title"),
    ("description", "description"),
    ("cluster", "cluster"),
    ("position", "position"),
)


def create_tasks(
    *, session: Session, principal: Principal, role_map: RoleMap, tasks: list[dict[str, Any]]
) -> list[uuid.UUID]:
    """Add tasks after the last one in bulk (e.g. from CSV), each with its create audit event.

    One INSERT of many rows instead of an ORM object per task: the trail's `before_flush`
    listener does not see such rows, so the events it would have written are written here, alike.
    """
    if not tasks:
        return []
    highest = session.exec(
        select(func.max(RoleMapTask.position)).where(RoleMapTask.role_map_id == role_map.id)
    ).one()
    now = utcnow()
    rows = [
        {
            "id": uuid.uuid4(),
            "organisation_id": principal.organisation_id,
            "created_at": now,
            "updated_at": now,
            "version": 1,
            "role_map_id": role_map.id,
            "title": task["title"],
            "description": task.get("description", ""),
            "cluster": task.get("cluster", ""),
            "position": (highest or 0) + n,
        }
        for n, task in enumerate(tasks, start=1)
    ]
    session.execute(insert(RoleMapTask), rows)
    content_changed(session, role_map.id)
    principal_fields = {
        "actor_kind": principal.kind.value,
        "actor_id": principal.id,
        "actor_name": principal.name,
    }
    session.execute(
        insert(AuditEvent),
        [
            {
                "id": uuid.uuid4(),
                "organisation_id": principal.organisation_id,
                "occurred_at": now,
                **principal_fields,
                "action": AuditAction.create,
                "resource_type": "role-map-tasks",
                "resource_id": row["id"],
                "changes": {
                    field: {
                        "from": None,
                        "to": str(row[column]) if field == "roleMapId" else row[column],
                    }
                    for field, column in _TASK_FIELDS
                },
            }
            for row in rows
        ],
    )
    return [row["id"] for row in rows]


def update_task(*, session: Session, task: RoleMapTask, changes: dict[str, Any]) -> RoleMapTask:
    """Change a task."""
    apply_changes(task, changes)
    session.flush()
    content_changed(session, task.role_map_id)
    return task


def delete_task(*, session: Session, task: RoleMapTask) -> None:
    """Remove a task and every view's roles for it."""
    role_map_id = task.role_map_id
    session.execute(delete(RoleAssignment).where(col(RoleAssignment.task_id) == task.id))
    session.delete(task)
    session.flush()
    content_changed(session, role_map_id)


# --- views -------------------------------------------------------------------------------------


def parse_perspective(role_map_parties: list[uuid.UUID], perspective: str) -> str:
    """`agreed`, or the id of a party of the map (404 for any other)."""
    if perspective == AGREED:
        return AGREED
    try:
        party_id = uuid.UUID(perspective)
    except ValueError:
        raise InvalidField(
            "perspective", "Use `agreed` or the id of a party of the map.", "invalid-perspective"
        ) from None
    if party_id not in role_map_parties:
        raise NotFound(f"Party {party_id} does not take part in this role map.")
    return str(party_id)


def get_view(*, session: Session, role_map: RoleMap, perspective: str) -> list[ViewRow]:
    """Every assignment of one view as (task id, party id, role), in a stable order.

    Plain columns, not ORM objects: a view of 2,000 rows is read before every replacement (for
    its ETag), and building an entity per row cost more than the query.
    """
    rows = session.execute(
        core_select(  # type: ignore[call-overload]
            RoleAssignment.task_id,
            RoleAssignment.party_id,
            type_coerce(RoleAssignment.role, String),
        )
        .where(
            col(RoleAssignment.role_map_id) == role_map.id,
            col(RoleAssignment.perspective) == perspective,
        )
        .order_by(
            col(RoleAssignment.task_id), col(RoleAssignment.party_id), col(RoleAssignment.role)
        )
    ).all()
    return [(task_id, party_id, role) for task_id, party_id, role in rows]


# One row of a view: task id, party id and role (as its value, e.g. "accountable").
ViewRow = tuple[uuid.UUID, uuid.UUID, str]


def view_etag(rows: Iterable[tuple[Any, Any, str]]) -> str:
    """The ETag of a view: a digest of its contents (a view has no version row of its own)."""
    lines = sorted(f"{task_id}:{party_id}:{role}\n" for task_id, party_id, role in rows)
    return f'"{hashlib.sha256("".join(lines).encode()).hexdigest()[:20]}"'


def view_body(perspective: str, rows: Iterable[tuple[Any, Any, str]]) -> dict[str, Any]:
    """A view as the API sends it (PerspectiveRead), in plain JSON types."""
    return {
        "perspective": perspective,
        "assignments": [
            {"taskId": str(task_id), "partyId": str(party_id), "role": role}
            for task_id, party_id, role in rows
        ],
    }


# One row of a view as the API and the view's ETag spell it: the task's and the party's id as
# the text of a UUID (lower case, with hyphens) and the role's value.
ViewKey = tuple[str, str, str]


def _hyphenated(hex_digits: str) -> str:
    """SQLite's text of a UUID column (32 hex digits) as the UUID's own text."""
    h = hex_digits
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _uuid_text(session: Session) -> Callable[[str], str]:
    """Turns the database's text of a UUID column into the UUID's own text (`str(uuid)`)."""
    if session.get_bind().dialect.name == "postgresql":
        return str  # PostgreSQL's text of a uuid is already that
    return _hyphenated


def stored_views(
    *, session: Session, role_map: RoleMap, perspectives: Sequence[str]
) -> dict[str, dict[ViewKey, str]]:
    """The rows of the given views, per view as {(task id, party id, role): row id}, in one query.

    Ids come as text from the database, as the ETag and the answer spell them (the row id as
    the database gives it): a view of 2,000 rows turned into `uuid.UUID` objects and back into
    text cost more than reading it, and a `UUID` is an object the garbage collector tracks,
    where text is not (docs/decisions/0019).
    """
    text_of = _uuid_text(session)
    rows = session.execute(
        core_select(  # type: ignore[call-overload]
            cast(RoleAssignment.id, String),
            RoleAssignment.perspective,
            cast(RoleAssignment.task_id, String),
            cast(RoleAssignment.party_id, String),
            type_coerce(RoleAssignment.role, String),
        ).where(
            col(RoleAssignment.organisation_id) == role_map.organisation_id,
            col(RoleAssignment.role_map_id) == role_map.id,
            col(RoleAssignment.perspective).in_(list(perspectives)),
        )
    ).all()
    views: dict[str, dict[ViewKey, str]] = {perspective: {} for perspective in perspectives}
    for row_id, perspective, task_id, party_id, role in rows:
        views[perspective][(text_of(task_id), text_of(party_id), role)] = row_id
    return views


def stored_view(*, session: Session, role_map: RoleMap, perspective: str) -> dict[ViewKey, str]:
    """The rows of one view as {(task id, party id, role): row id}; its ETag is `view_etag` of
    it. Read once before a replacement: for the ETag the request must match and for what
    changes."""
    return stored_views(session=session, role_map=role_map, perspectives=[perspective])[perspective]


# A role's value from the enum or its text; anything else is not a role (ValueError).
_ROLE_VALUES: dict[str, str] = {role.value: role.value for role in RaciRole}


def _role_value(role: Any) -> str:
    value = _ROLE_VALUES.get(role)
    return RaciRole(role).value if value is None else value


# A view's rows to write: {(task id, party id, role) as text: (task id, party id)}.
WantedView = dict[ViewKey, tuple[uuid.UUID, uuid.UUID]]


def _wanted(assignments: Sequence[dict[str, Any]]) -> WantedView:
    party_text_of: dict[uuid.UUID, str] = {}  # a party recurs: its id turned into text once
    wanted: WantedView = {}
    for row in assignments:
        task_id, party_id = row["task_id"], row["party_id"]
        task_text = str(task_id)
        party_text = party_text_of.get(party_id) or party_text_of.setdefault(
            party_id, str(party_id)
        )
        wanted[(task_text, party_text, _role_value(row["role"]))] = (task_id, party_id)
    return wanted


def replace_view(
    *,
    session: Session,
    principal: Principal,
    role_map: RoleMap,
    perspective: str,
    assignments: list[dict[str, Any]],
    map_party_ids: Sequence[uuid.UUID] | None = None,
    stored: dict[ViewKey, str] | None = None,
) -> list[ViewKey]:
    """Replace one view as a whole; every bad row is reported and nothing changes.

    `map_party_ids` saves a query when the caller has just read the map's parties, `stored`
    one when it has just read the view (`stored_view`, for its ETag). The view as stored is
    returned, sorted, from the rows written (they are exactly the view now), not read again.
    """
    party_ids = {
        str(party_id)
        for party_id in (
            party_ids_of(session, [role_map.id])[role_map.id]
            if map_party_ids is None
            else map_party_ids
        )
    }
    text_of = _uuid_text(session)
    task_ids = {
        text_of(task_id)
        for task_id in session.execute(
            core_select(cast(RoleMapTask.id, String)).where(
                col(RoleMapTask.organisation_id) == role_map.organisation_id,
                col(RoleMapTask.role_map_id) == role_map.id,
            )
        ).scalars()
    }
    problems: list[InvalidParam] = []
    party_text_of: dict[uuid.UUID, str] = {}  # a party recurs: its id turned into text once
    wanted: WantedView = {}
    for index, row in enumerate(assignments):
        task_id, party_id = row["task_id"], row["party_id"]
        task_text = str(task_id)
        party_text = party_text_of.get(party_id) or party_text_of.setdefault(
            party_id, str(party_id)
        )
        if task_text not in task_ids:
            problems.append(
                InvalidParam(
                    name=f"assignments.{index}.taskId",
                    reason="Not a task of this map.",
                    code="unknown-task",
                )
            )
        if party_text not in party_ids:
            problems.append(
                InvalidParam(
                    name=f"assignments.{index}.partyId",
                    reason="Not a party taking part in this map.",
                    code="unknown-party",
                )
            )
        key = (task_text, party_text, _role_value(row["role"]))
        if key in wanted:
            problems.append(
                InvalidParam(
                    name=f"assignments.{index}",
                    reason="This task, party and role appear twice in the view.",
                    code="duplicate",
                )
            )
        wanted[key] = (task_id, party_id)
    if problems:
        raise BadRequest(f"{len(problems)} row(s) of the view are wrong.", invalid_params=problems)

    _write(
        session=session,
        principal=principal,
        role_map=role_map,
        views={perspective: wanted},
        sizes={perspective: len(assignments)},
        stored=None if stored is None else {perspective: stored},
    )
    events.emit(session, kind="role-map", resource_id=role_map.id, event="view-submitted")
    # Text sorts as the UUIDs do (fixed width, lower-case hex), so this is the order of before.
    return sorted(wanted)


# Rows that leave the views are deleted by id up to this many (one parameter each); beyond it
# the views are deleted whole and every row inserted again.
_MOST_DELETED_BY_ID = 1_000

# New rows on PostgreSQL: one statement whatever their number, the rows as four arrays (one
# parameter each) unnested by the database; the ids are made there too.
_INSERT_UNNESTED = text(
    "INSERT INTO role_assignments"
    " (id, organisation_id, role_map_id, task_id, party_id, role, perspective)"
    " SELECT gen_random_uuid(), :organisation_id, :role_map_id,"
    " given.task_id, given.party_id, given.role, given.perspective"
    " FROM unnest(CAST(:task_ids AS UUID[]), CAST(:party_ids AS UUID[]),"
    " CAST(:roles AS VARCHAR[]), CAST(:perspectives AS VARCHAR[]))"
    " AS given (task_id, party_id, role, perspective)"
)


def write_views(
    *,
    session: Session,
    principal: Principal,
    role_map: RoleMap,
    views: dict[str, list[dict[str, Any]]],
) -> None:
    """Replace checked views in bulk: three statements whatever the rows, one audit event each."""
    _write(
        session=session,
        principal=principal,
        role_map=role_map,
        views={perspective: _wanted(rows) for perspective, rows in views.items()},
        sizes={perspective: len(rows) for perspective, rows in views.items()},
    )


def _write(
    *,
    session: Session,
    principal: Principal,
    role_map: RoleMap,
    views: dict[str, WantedView],
    sizes: dict[str, int],
    stored: dict[str, dict[ViewKey, str]] | None = None,
) -> None:
    """Write what changed in the views: rows no longer in a view are deleted by id and rows new
    to it inserted; the rest stay as they are (with their ids).

    Storing a row costs the database five index entries and four foreign-key checks, so
    resubmitting a view of 2,000 rows with a few changes writes a few rows, not 4,000. When most
    of the rows go, the views are deleted as a whole instead. New rows go in as one statement:
    on PostgreSQL one INSERT … SELECT FROM unnest of four arrays (an INSERT executed for each of
    2,000 rows cost several times more, in the driver and the server), elsewhere one INSERT
    executed for many rows. `stored` is what `stored_views` read, when the caller has it.
    """
    if not views:
        return
    if stored is None:
        stored = stored_views(session=session, role_map=role_map, perspectives=list(views))
    gone = [
        uuid.UUID(row_id)  # few, usually: only they become objects
        for perspective, rows in stored.items()
        for key, row_id in rows.items()
        if key not in views[perspective]
    ]
    organisation_id, role_map_id = principal.organisation_id, role_map.id
    this_map = (
        col(RoleAssignment.organisation_id) == role_map.organisation_id,
        col(RoleAssignment.role_map_id) == role_map_id,
    )
    kept = stored
    if len(gone) > _MOST_DELETED_BY_ID:
        session.execute(
            delete(RoleAssignment).where(
                *this_map, col(RoleAssignment.perspective).in_(list(views))
            )
        )
        kept = {}
    else:  # also when nothing goes: the same statements whatever the change
        session.execute(delete(RoleAssignment).where(*this_map, col(RoleAssignment.id).in_(gone)))
    new = [
        (perspective, key, ids)
        for perspective, rows in views.items()
        for key, ids in rows.items()
        if key not in kept.get(perspective, ())
    ]
    if new and session.get_bind().dialect.name == "postgresql":
        session.execute(
            _INSERT_UNNESTED,
            {
                "organisation_id": organisation_id,
                "role_map_id": role_map_id,
                "task_ids": [task_id for _, (task_id, _, _), _ in new],
                "party_ids": [party_id for _, (_, party_id, _), _ in new],
                "roles": [role for _, (_, _, role), _ in new],
                "perspectives": [perspective for perspective, _, _ in new],
            },
        )
    elif new:
        session.execute(
            RoleAssignment.__table__.insert(),  # type: ignore[attr-defined]
            [
                {
                    "id": uuid.uuid4(),
                    "organisation_id": organisation_id,
                    "role_map_id": role_map_id,
                    "task_id": task_id,
                    "party_id": party_id,
                    "role": role,
                    "perspective": perspective,
                }
                for perspective, (_, _, role), (task_id, party_id) in new
            ],
        )
    content_changed(session, role_map.id)
    for perspective in views:
        record(
            session,
            organisation_id=principal.organisation_id,
            action=AuditAction.update,
            resource_type="role-maps",
            resource_id=role_map.id,
            changes={
                f"perspectives.{perspective}": {
                    "from": f"{len(stored.get(perspective, ()))} rows",
                    "to": f"{sizes[perspective]} rows",
                }
            },
        )
    session.flush()


def get_assignments(
    *, session: Session, principal: Principal, role_map: RoleMap, query: ListQuery
) -> tuple[list[RoleAssignment], str | None]:
    """One page of every view's rows."""
    statement = select(RoleAssignment).where(
        RoleAssignment.organisation_id == principal.organisation_id,
        RoleAssignment.role_map_id == role_map.id,
    )
    return paginate(session, statement, ASSIGNMENTS, query)


# --- matrix ------------------------------------------------------------------------------------


def matrix_json(
    *, session: Session, role_map: RoleMap, party_ids: list[uuid.UUID], perspective: str
) -> bytes:
    """The matrix of one view as the API sends it (Matrix), as JSON; kept until the map
    changes."""
    return _kept(
        _key(f"matrix {perspective}", role_map, _map_parties(session, role_map)),
        lambda: to_json(
            matrix(session=session, role_map=role_map, party_ids=party_ids, perspective=perspective)
        ),
    )


def matrix(
    *, session: Session, role_map: RoleMap, party_ids: list[uuid.UUID], perspective: str
) -> dict[str, Any]:
    """Tasks × parties of one view, for the web app, as the API sends it (Matrix): three
    queries whatever the size, plain columns and plain JSON types (no entity or API model per
    row: at 2,000 tasks those cost most of the request).

    Cells are sparse: a party without a role on a task is left out of that row's cells (a map
    of 2,000 tasks and 60 parties is mostly empty; sending every empty cell cost 5 MB).
    """
    parties = session.execute(
        core_select(Party.id, Party.name, type_coerce(Party.kind, String))  # type: ignore[call-overload]
        .where(col(Party.id).in_(party_ids))
        .order_by(col(Party.name), col(Party.id))
    ).all()
    tasks = session.execute(
        core_select(  # type: ignore[call-overload]
            RoleMapTask.id, RoleMapTask.title, RoleMapTask.cluster, RoleMapTask.position
        )
        .where(col(RoleMapTask.role_map_id) == role_map.id)
        .order_by(col(RoleMapTask.position), col(RoleMapTask.id))
    ).all()
    # The view's rows come ordered by task, party and role; a party's roles go in RACI order.
    cells: dict[uuid.UUID, dict[str, list[str]]] = defaultdict(dict)
    for task_id, party_id, role in get_view(
        session=session, role_map=role_map, perspective=perspective
    ):
        cells[task_id].setdefault(str(party_id), []).append(role)
    for roles_by_party in cells.values():
        for roles in roles_by_party.values():
            if len(roles) > 1:
                roles.sort(key=_RACI_ORDER.__getitem__)
    return {
        "perspective": perspective,
        "parties": [
            {"id": str(party_id), "name": name, "kind": kind} for party_id, name, kind in parties
        ],
        "rows": [
            {
                "taskId": str(task_id),
                "title": title,
                "cluster": cluster,
                "position": position,
                "cells": cells.get(task_id, {}),
            }
            for task_id, title, cluster, position in tasks
        ],
    }


_RACI_ORDER: dict[str, int] = {role.value: n for n, role in enumerate(RaciRole)}


# --- analysis and snapshots --------------------------------------------------------------------


MapRows = tuple[list[uuid.UUID], list[uuid.UUID], dict[uuid.UUID, str], list[tuple[Any, ...]]]


def _fetch(session: Session, role_map: RoleMap) -> MapRows:
    """Everything the analysis needs, fetched in four queries whatever the size of the map."""
    party_ids = party_ids_of(session, [role_map.id])[role_map.id]
    names = dict(
        session.exec(select(Party.id, Party.name).where(col(Party.id).in_(party_ids))).all()
    )
    task_ids = session.exec(
        select(RoleMapTask.id)
        .where(RoleMapTask.role_map_id == role_map.id)
        .order_by(col(RoleMapTask.position), col(RoleMapTask.id))
    ).all()
    rows = session.exec(
        select(
            RoleAssignment.task_id,
            RoleAssignment.party_id,
            RoleAssignment.role,
            RoleAssignment.perspective,
        ).where(RoleAssignment.role_map_id == role_map.id)
    ).all()
    return list(task_ids), party_ids, dict(names), [tuple(row) for row in rows]


def _analyse_rows(rows: MapRows) -> analysis.Analysis:
    task_ids, party_ids, names, assignments = rows
    return analysis.analyse(
        task_ids,
        party_ids,
        (analysis.Assignment(t, p, r, v) for t, p, r, v in assignments),
        names,
    )


def _state(rows: MapRows) -> dict[str, Any]:
    """The rows of a map as plain JSON, for a snapshot."""
    task_ids, party_ids, names, assignments = rows
    return {
        "taskIds": [str(t) for t in task_ids],
        "partyIds": [str(p) for p in party_ids],
        "partyNames": {str(p): n for p, n in names.items()},
        "assignments": [[str(t), str(p), str(r), v] for t, p, r, v in assignments],
    }


def analyse_state(state: dict[str, Any]) -> analysis.Analysis:
    """The analysis of a map's state (now, or as a snapshot kept it)."""
    return analysis.analyse(
        [uuid.UUID(t) for t in state["taskIds"]],
        [uuid.UUID(p) for p in state["partyIds"]],
        (
            analysis.Assignment(uuid.UUID(t), uuid.UUID(p), analysis.Role(r), v)
            for t, p, r, v in state["assignments"]
        ),
        {uuid.UUID(p): n for p, n in state["partyNames"].items()},
    )


def finding_out(finding: analysis.Finding) -> dict[str, Any]:
    return {
        "kind": finding.kind,
        "party_ids": list(finding.party_ids),
        "explanation": finding.explanation,
    }


def analysis_out(result: analysis.Analysis) -> dict[str, Any]:
    """The API's shape of an analysis (also what a snapshot stores)."""
    return {
        "tasks": [
            {"task_id": t.task_id, "findings": [finding_out(f) for f in t.findings]}
            for t in result.tasks
        ],
        "summary": {
            "counts": {str(kind): n for kind, n in result.summary.counts.items()},
            "clarity": result.summary.clarity,
            "load": [
                {"party_id": p, "accountable": load.accountable, "responsible": load.responsible}
                for p, load in sorted(result.summary.load.items(), key=lambda item: str(item[0]))
            ],
        },
    }


# Bits per BIGINT word of a view's party mask: a sum of distinct powers of two below 2**62 never
# overflows a signed 64-bit integer, on PostgreSQL or SQLite.
_WORD_BITS = 62


def _current(
    session: Session,
    role_map: RoleMap,
    parties: list[tuple[uuid.UUID, str, int]] | None = None,
) -> analysis.Analysis:
    """The analysis of the map as it stands, with the views grouped by the database.

    Three queries whatever the size. The database numbers the map's parties in the order of
    their ids (the analysis' own numbering) and sums, per task and view, a bit per accountable
    and per responsible party: 60,000 rows come over as some 12,000 views of a few integers,
    where turning every row into Python objects cost most of a second. Rows of parties no longer
    in the map fall out of the join, as the analysis ignores them.
    """
    if parties is None:
        parties = _map_parties(session, role_map)
    party_ids = [party_id for party_id, _, _ in parties]
    names = {party_id: name for party_id, name, _ in parties}
    task_ids = (
        session.execute(
            core_select(RoleMapTask.id)  # type: ignore[call-overload]
            .where(col(RoleMapTask.role_map_id) == role_map.id)
            .order_by(col(RoleMapTask.position), col(RoleMapTask.id))
        )
        .scalars()
        .all()
    )
    if party_ids != sorted(party_ids):
        # A database that orders ids otherwise than Python would number the parties otherwise:
        # take the rows one by one instead (slower, never wrong).
        return _analyse_rows(_fetch(session, role_map))  # pragma: no cover
    number = (cast(func.row_number().over(order_by=col(RoleMapParty.party_id)), Integer) - 1).label(
        "number"
    )
    numbered = (
        core_select(col(RoleMapParty.party_id).label("party_id"), number)
        .where(col(RoleMapParty.role_map_id) == role_map.id)
        .subquery("numbered")
    )
    one = cast(literal_column("1"), BigInteger)
    words = max(1, -(-len(party_ids) // _WORD_BITS))

    def mask(role: RaciRole, word: int) -> Any:
        low = word * _WORD_BITS
        in_word = (col(RoleAssignment.role) == role) & numbered.c.number.between(
            low, low + _WORD_BITS - 1
        )
        bit = one.op("<<")(numbered.c.number - low)
        return cast(func.sum(case((in_word, bit), else_=0)), BigInteger)

    statement = (
        core_select(
            col(RoleAssignment.task_id),
            col(RoleAssignment.perspective),
            *(mask(RaciRole.accountable, w) for w in range(words)),
            *(mask(RaciRole.responsible, w) for w in range(words)),
        )
        .join(numbered, numbered.c.party_id == col(RoleAssignment.party_id))
        .where(col(RoleAssignment.role_map_id) == role_map.id)
        .group_by(col(RoleAssignment.task_id), col(RoleAssignment.perspective))
    )
    rows = session.execute(statement).all()
    if words == 1:
        views: list[analysis.ViewMasks] = [tuple(row) for row in rows]
    else:
        views = [
            (
                row[0],
                row[1],
                sum(w << (n * _WORD_BITS) for n, w in enumerate(row[2 : 2 + words])),
                sum(w << (n * _WORD_BITS) for n, w in enumerate(row[2 + words :])),
            )
            for row in rows
        ]
    return analysis.analyse_views(task_ids, party_ids, views, names)


def current_analysis(*, session: Session, role_map: RoleMap) -> dict[str, Any]:
    """The findings per task and their summary, as the map stands now."""
    return analysis_out(_current(session, role_map))


def current_analysis_json(*, session: Session, role_map: RoleMap) -> bytes:
    """The analysis as the API sends it (AnalysisOut), as JSON; kept until the map changes."""
    parties = _map_parties(session, role_map)
    return _kept(
        _key("analysis", role_map, parties),
        lambda: to_json(_analysis_body(_current(session, role_map, parties))),
    )


def _analysis_body(result: analysis.Analysis) -> dict[str, Any]:
    """An analysis in the API's shape (AnalysisOut): camelCase keys, plain JSON types, built in
    one pass (validating thousands of findings against the API model cost more than finding
    them)."""
    party_text = {party_id: str(party_id) for party_id in result.summary.load}
    tasks = []
    for task in result.tasks:
        findings = [
            {
                "kind": finding.kind.value,
                "partyIds": [party_text[p] for p in finding.party_ids],
                "explanation": finding.explanation,
            }
            for finding in task.findings
        ]
        tasks.append({"taskId": str(task.task_id), "findings": findings})
    load = sorted(result.summary.load.items(), key=lambda item: party_text[item[0]])
    return {
        "tasks": tasks,
        "summary": {
            "counts": {kind.value: n for kind, n in result.summary.counts.items()},
            "clarity": result.summary.clarity,
            "load": [
                {
                    "partyId": party_text[p],
                    "accountable": party_load.accountable,
                    "responsible": party_load.responsible,
                }
                for p, party_load in load
            ],
        },
    }


SNAPSHOTS = ListSpec(
    name="role_map_snapshots",
    id_column=RoleMapSnapshot.id,
    sortable={"createdAt": RoleMapSnapshot.created_at, "label": RoleMapSnapshot.label},
    default_sort="-createdAt",
)


def take_snapshot(
    *, session: Session, principal: Principal, role_map: RoleMap, label: str
) -> RoleMapSnapshot:
    """Keep the map's state and analysis as they are now."""
    rows = _fetch(session, role_map)
    state, result = _state(rows), _analyse_rows(rows)
    snapshot = RoleMapSnapshot(
        organisation_id=principal.organisation_id,
        role_map_id=role_map.id,
        label=label,
        clarity=result.summary.clarity,
        state=state,
        analysis=json_safe(analysis_out(result)),
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def json_safe(value: Any) -> Any:
    """Plain JSON types for a JSON column (UUIDs as strings)."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def get_snapshots(
    *, session: Session, principal: Principal, role_map: RoleMap, query: ListQuery
) -> tuple[list[RoleMapSnapshot], str | None]:
    """One page of a map's snapshots, newest first."""
    statement = scoped(RoleMapSnapshot, principal).where(RoleMapSnapshot.role_map_id == role_map.id)
    return paginate(session, statement, SNAPSHOTS, query)


def get_snapshot(
    *,
    session: Session,
    principal: Principal,
    role_map: RoleMap,
    snapshot_id: uuid.UUID,
    field: str | None = None,
) -> RoleMapSnapshot:
    """A snapshot of the map; 404, or 400 naming `field` when given as a query parameter."""
    snapshot = session.exec(
        scoped(RoleMapSnapshot, principal).where(
            RoleMapSnapshot.id == snapshot_id, RoleMapSnapshot.role_map_id == role_map.id
        )
    ).first()
    if snapshot is None:
        if field:
            raise InvalidField(field, "Not a snapshot of this role map.", "unknown-snapshot")
        raise NotFound(f"There is no snapshot with id {snapshot_id} of this role map.")
    return snapshot


def compare_snapshots(
    *, session: Session, role_map: RoleMap, before: RoleMapSnapshot, after: RoleMapSnapshot | None
) -> dict[str, Any]:
    """What was resolved and what is new between a snapshot and a later one (or now)."""
    result = analysis.compare(
        analyse_state(before.state),
        analyse_state(after.state) if after else _analyse_rows(_fetch(session, role_map)),
    )
    return {
        "from_": str(before.id),
        "to": str(after.id) if after else "current",
        "resolved": [{"task_id": t, "finding": finding_out(f)} for t, f in result.resolved],
        "new": [{"task_id": t, "finding": finding_out(f)} for t, f in result.new],
        "unchanged": result.unchanged,
        "clarity_before": result.clarity_before,
        "clarity_after": result.clarity_after,
    }


def _snapshots_of(map_ids: list[uuid.UUID]) -> Any:
    """The snapshots of the role maps ``map_ids`` (the database deletes them with their map)."""
    return select(col(RoleMapSnapshot.id)).where(col(RoleMapSnapshot.role_map_id).in_(map_ids))


# Links to a snapshot go with its role map (kompas.joint.cleanup).
register_cascade(RoleMap, _snapshots_of)


# Its changes, submitted views and snapshots are published as events (kompas.events).
events.register_kind(
    "role-map",
    RoleMap,
    path="role-maps",
    read=lambda s, _p, maps: [as_read(m, party_ids_of(s, [m.id])[m.id]) for m in maps],
    schema=_EventRead,
    visible=lambda statement, _model, principal: auth.visible_maps(statement, principal),
    events={
        "view-submitted": "A party's view (perspective) of the map was submitted.",
        "snapshot-taken": "A snapshot of the map and its analysis was taken.",
    },
)
events.register_watch(
    RoleMapSnapshot,
    lambda snapshot, action, _changes: (
        [
            events.Derived(
                "role-map", snapshot.role_map_id, "snapshot-taken", {"snapshotId": str(snapshot.id)}
            )
        ]
        if action == events.CREATED
        else []
    ),
)
