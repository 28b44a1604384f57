"""The behaviour of role maps: maps, tasks, whole views, the matrix and the analysis."""

from __future__ import annotations

import hashlib
import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, func, insert
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
    return task


def delete_task(*, session: Session, task: RoleMapTask) -> None:
    """Remove a task and every view's roles for it."""
    session.execute(delete(RoleAssignment).where(col(RoleAssignment.task_id) == task.id))
    session.delete(task)
    session.flush()


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


def get_view(*, session: Session, role_map: RoleMap, perspective: str) -> list[RoleAssignment]:
    """Every assignment of one view, ordered for a stable representation."""
    return list(
        session.exec(
            select(RoleAssignment)
            .where(
                RoleAssignment.role_map_id == role_map.id, RoleAssignment.perspective == perspective
            )
            .order_by(
                col(RoleAssignment.task_id), col(RoleAssignment.party_id), col(RoleAssignment.role)
            )
        ).all()
    )


def view_etag(assignments: Sequence[RoleAssignment]) -> str:
    """The ETag of a view: a digest of its contents (a view has no version row of its own)."""
    digest = hashlib.sha256()
    for a in sorted(assignments, key=lambda a: (str(a.task_id), str(a.party_id), str(a.role))):
        digest.update(f"{a.task_id}:{a.party_id}:{a.role}\n".encode())
    return f'"{digest.hexdigest()[:20]}"'


def replace_view(
    *,
    session: Session,
    principal: Principal,
    role_map: RoleMap,
    perspective: str,
    assignments: list[dict[str, Any]],
) -> list[RoleAssignment]:
    """Replace one view as a whole; every bad row is reported and nothing changes."""
    party_ids = set(party_ids_of(session, [role_map.id])[role_map.id])
    task_ids = set(
        session.exec(select(RoleMapTask.id).where(RoleMapTask.role_map_id == role_map.id)).all()
    )
    problems: list[InvalidParam] = []
    seen: set[tuple[uuid.UUID, uuid.UUID, str]] = set()
    for index, row in enumerate(assignments):
        if row["task_id"] not in task_ids:
            problems.append(
                InvalidParam(
                    name=f"assignments.{index}.taskId",
                    reason="Not a task of this map.",
                    code="unknown-task",
                )
            )
        if row["party_id"] not in party_ids:
            problems.append(
                InvalidParam(
                    name=f"assignments.{index}.partyId",
                    reason="Not a party taking part in this map.",
                    code="unknown-party",
                )
            )
        key = (row["task_id"], row["party_id"], str(row["role"]))
        if key in seen:
            problems.append(
                InvalidParam(
                    name=f"assignments.{index}",
                    reason="This task, party and role appear twice in the view.",
                    code="duplicate",
                )
            )
        seen.add(key)
    if problems:
        raise BadRequest(f"{len(problems)} row(s) of the view are wrong.", invalid_params=problems)

    write_views(
        session=session, principal=principal, role_map=role_map, views={perspective: assignments}
    )
    events.emit(session, kind="role-map", resource_id=role_map.id, event="view-submitted")
    return get_view(session=session, role_map=role_map, perspective=perspective)


def write_views(
    *,
    session: Session,
    principal: Principal,
    role_map: RoleMap,
    views: dict[str, list[dict[str, Any]]],
) -> None:
    """Replace checked views in bulk: a few statements whatever the rows, one audit event each."""
    if not views:
        return
    in_views = col(RoleAssignment.perspective).in_(list(views))
    before = dict(
        session.exec(
            select(RoleAssignment.perspective, func.count())
            .where(RoleAssignment.role_map_id == role_map.id, in_views)
            .group_by(col(RoleAssignment.perspective))
        ).all()
    )
    session.execute(
        delete(RoleAssignment).where(col(RoleAssignment.role_map_id) == role_map.id, in_views)
    )
    rows = [
        {
            "id": uuid.uuid4(),
            "organisation_id": principal.organisation_id,
            "role_map_id": role_map.id,
            "task_id": row["task_id"],
            "party_id": row["party_id"],
            "role": RaciRole(row["role"]),
            "perspective": perspective,
        }
        for perspective, assignments in views.items()
        for row in assignments
    ]
    if rows:
        session.execute(insert(RoleAssignment), rows)
    for perspective, assignments in views.items():
        record(
            session,
            organisation_id=principal.organisation_id,
            action=AuditAction.update,
            resource_type="role-maps",
            resource_id=role_map.id,
            changes={
                f"perspectives.{perspective}": {
                    "from": f"{before.get(perspective, 0)} rows",
                    "to": f"{len(assignments)} rows",
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


def matrix(
    *, session: Session, role_map: RoleMap, party_ids: list[uuid.UUID], perspective: str
) -> dict[str, Any]:
    """Tasks × parties of one view, for the web app: three queries whatever the size.

    Cells are sparse: a party without a role on a task is left out of that row's cells (a map
    of 2,000 tasks and 60 parties is mostly empty; sending every empty cell cost 5 MB).
    """
    parties = session.exec(
        select(Party).where(col(Party.id).in_(party_ids)).order_by(col(Party.name))
    ).all()
    tasks = session.exec(
        select(RoleMapTask)
        .where(RoleMapTask.role_map_id == role_map.id)
        .order_by(col(RoleMapTask.position), col(RoleMapTask.id))
    ).all()
    cells: dict[uuid.UUID, dict[str, list[RaciRole]]] = defaultdict(lambda: defaultdict(list))
    for a in get_view(session=session, role_map=role_map, perspective=perspective):
        cells[a.task_id][str(a.party_id)].append(RaciRole(a.role))
    order = list(RaciRole)
    return {
        "perspective": perspective,
        "parties": [{"id": p.id, "name": p.name, "kind": p.kind} for p in parties],
        "rows": [
            {
                "task_id": t.id,
                "title": t.title,
                "cluster": t.cluster,
                "position": t.position,
                "cells": {
                    party: sorted(roles, key=order.index) for party, roles in cells[t.id].items()
                },
            }
            for t in tasks
        ],
    }


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


def current_analysis(*, session: Session, role_map: RoleMap) -> dict[str, Any]:
    """The findings per task and their summary, as the map stands now."""
    return analysis_out(_analyse_rows(_fetch(session, role_map)))


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
