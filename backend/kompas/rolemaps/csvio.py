"""CSV export and import of a map's tasks and views, for filling in a view in a spreadsheet.

One row per assignment: `taskId,task,cluster,party,role,perspective`. `perspective` is `agreed`
or a party's name, `party` a party's name, `role` one of responsible, accountable, consulted,
informed (or R, A, C, I). A task without any role has one row with the last three empty, so an
export imported again changes nothing. Import is all-or-nothing: every bad line is reported.

Files are written and read through `kompas.core.csvfile`: no exported cell can run as a formula
in a spreadsheet, and the apostrophe that prevents it is taken off again on import. An import
holds at most `KOMPAS_CSV_IMPORT_MAX_ROWS` rows and is written in bulk, in a number of SQL
statements that does not grow with the rows (docs/role-map-csv.md).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from kompas.core import csvfile
from kompas.core.errors import BadRequest, InvalidParam, ProblemError
from kompas.core.principal import EDITORS, Principal
from kompas.parties.models import Party
from kompas.rolemaps import auth, service
from kompas.rolemaps.models import AGREED, RaciRole, RoleAssignment, RoleMap, RoleMapTask
from kompas.rolemaps.schemas import TaskCreate

COLUMNS = ["taskId", "task", "cluster", "party", "role", "perspective"]
_LETTERS = {
    "R": RaciRole.responsible,
    "A": RaciRole.accountable,
    "C": RaciRole.consulted,
    "I": RaciRole.informed,
}


def export(*, session: Session, role_map: RoleMap, perspective: str | None = None) -> str:
    """The map's tasks and every view (or only ``perspective``'s) as CSV (comma, UTF-8)."""
    party_ids = service.party_ids_of(session, [role_map.id])[role_map.id]
    names = dict(
        session.exec(select(Party.id, Party.name).where(col(Party.id).in_(party_ids))).all()
    )
    tasks = session.exec(
        select(RoleMapTask.id, RoleMapTask.title, RoleMapTask.cluster)
        .where(RoleMapTask.role_map_id == role_map.id)
        .order_by(col(RoleMapTask.position), col(RoleMapTask.id))
    ).all()
    # Plain rows, not ORM objects: a map may hold a hundred thousand of them.
    rows_of: dict[uuid.UUID, list[tuple[str, str, str]]] = defaultdict(list)
    assignments = select(
        RoleAssignment.task_id,
        RoleAssignment.party_id,
        RoleAssignment.role,
        RoleAssignment.perspective,
    ).where(RoleAssignment.role_map_id == role_map.id)
    if perspective is not None:
        assignments = assignments.where(RoleAssignment.perspective == perspective)
    for task_id, party_id, role, view in session.exec(assignments).all():
        rows_of[task_id].append((view, names[party_id], str(role)))

    def records() -> Any:
        for task_id, title, cluster in tasks:
            rows = sorted(rows_of[task_id], key=lambda r: (r[0] != AGREED, r[0], r[1], r[2]))
            if not rows:
                yield [task_id, title, cluster, "", "", ""]
            for view, party, role in rows:
                view_name = AGREED if view == AGREED else names[uuid.UUID(view)]
                yield [task_id, title, cluster, party, role, view_name]

    return csvfile.write(COLUMNS, records())


def _problem(line: int, column: str, reason: str, code: str) -> InvalidParam:
    return InvalidParam(name=f"line.{line}.{column}", reason=reason, code=code)


def _too_many(line: int, max_rows: int) -> BadRequest:
    return BadRequest(
        f"The file holds more than {max_rows} rows: at most {max_rows} rows per import "
        "(KOMPAS_CSV_IMPORT_MAX_ROWS). Split it into smaller files; nothing was imported.",
        invalid_params=[_problem(line, "row", f"At most {max_rows} rows per import.", "too-many")],
    )


def _new_task(line: int, title: str, cluster: str) -> dict[str, Any] | list[InvalidParam]:
    """A new task's title and cluster checked as the API checks them (trimmed, bounded)."""
    try:
        task = TaskCreate.model_validate({"title": title, "cluster": cluster})
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            if error["loc"][0] == "title":
                reason = f"A new task needs a title of 1-200 characters: {error['msg']}."
                problems.append(_problem(line, "task", reason, "title"))
            else:
                code = "too-long" if error["type"] == "string_too_long" else "cluster"
                problems.append(_problem(line, "cluster", f"{error['msg']}.", code))
        return problems
    return {"title": task.title, "cluster": task.cluster}


def import_csv(
    *,
    session: Session,
    principal: Principal,
    role_map: RoleMap,
    content: bytes,
    max_rows: int,
    max_tasks: int,
) -> dict[str, int]:
    """Create the new tasks and replace every view the file holds; nothing changes on any error.

    At most ``max_rows`` rows, and the map at most ``max_tasks`` tasks after it; the tasks,
    views and their audit events are written in bulk.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadRequest(
            "The file is not UTF-8 text.",
            invalid_params=[
                InvalidParam(name="body", reason="Save the CSV as UTF-8.", code="encoding")
            ],
        ) from None
    if "\x00" in text:
        raise BadRequest(
            "The file holds NUL characters.",
            invalid_params=[InvalidParam(name="body", reason="Not a CSV file.", code="nul")],
        )
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csvfile.reader(text, delimiter=delimiter)
    records = iter(reader)
    header = next(records, None)
    if header is None or [h.strip() for h in header] != COLUMNS:
        raise BadRequest(
            "The first line must be the header " + ",".join(COLUMNS) + ".",
            invalid_params=[_problem(1, "header", f"Expected: {','.join(COLUMNS)}.", "header")],
        )

    party_ids = service.party_ids_of(session, [role_map.id])[role_map.id]
    by_name = {
        name.casefold(): pid
        for pid, name in session.exec(
            select(Party.id, Party.name).where(col(Party.id).in_(party_ids))
        ).all()
    }
    task_ids = set(
        session.exec(select(RoleMapTask.id).where(RoleMapTask.role_map_id == role_map.id)).all()
    )
    problems: list[InvalidParam] = []
    new_tasks: dict[str, dict[str, Any]] = {}  # by title
    views: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[tuple[str, str, uuid.UUID, str]] = set()
    rows_read = 0
    # A record may span several lines (a quoted cell with a line break): a problem names the line
    # where its record starts, as a spreadsheet shows it.
    read_up_to = reader.line_num
    for raw in records:
        line, read_up_to = read_up_to + 1, reader.line_num
        if not any(cell.strip() for cell in raw):
            continue
        rows_read += 1
        if rows_read > max_rows:  # stop reading at once: the work stays bounded
            raise _too_many(line, max_rows)
        if len(raw) != len(COLUMNS):
            problems.append(
                _problem(
                    line, "row", f"Expected {len(COLUMNS)} columns, found {len(raw)}.", "columns"
                )
            )
            continue
        task_id_text, title, cluster, party_name, role_text, perspective_text = raw
        task_id_text, party_name, role_text, perspective_text = (
            c.strip() for c in (task_id_text, party_name, role_text, perspective_text)
        )
        task_key: str
        if task_id_text:
            try:
                task_id = uuid.UUID(task_id_text)
            except ValueError:
                task_id = None
            if task_id is None or task_id not in task_ids:
                problems.append(_problem(line, "taskId", "Not a task of this map.", "unknown-task"))
                continue
            task_key = str(task_id)
        else:
            task = _new_task(line, title, cluster)
            if isinstance(task, list):
                problems.extend(task)
                continue
            new_tasks.setdefault(task["title"], task)
            task_key = "new:" + task["title"]
        if not (party_name or role_text or perspective_text):
            continue  # a task without roles
        party_id = by_name.get(party_name.casefold())
        if party_id is None:
            problems.append(
                _problem(
                    line,
                    "party",
                    f"'{party_name}' does not take part in this map.",
                    "unknown-party",
                )
            )
        role = _LETTERS.get(role_text.upper()) or (
            RaciRole(role_text.lower()) if role_text.lower() in set(RaciRole) else None
        )
        if role is None:
            problems.append(
                _problem(
                    line,
                    "role",
                    "Use responsible, accountable, consulted or informed (R, A, C, I).",
                    "role",
                )
            )
        if perspective_text.casefold() == AGREED:
            perspective = AGREED
        elif perspective_text.casefold() in by_name:
            perspective = str(by_name[perspective_text.casefold()])
        else:
            problems.append(
                _problem(
                    line,
                    "perspective",
                    "Use `agreed` or the name of a party of the map.",
                    "perspective",
                )
            )
            continue
        if party_id is None or role is None:
            continue
        key = (task_key, perspective, party_id, role)
        if key in seen:
            problems.append(_problem(line, "row", "The same role appears twice.", "duplicate"))
            continue
        seen.add(key)
        views[perspective].append({"task_key": task_key, "party_id": party_id, "role": role})

    for perspective in views:
        try:
            auth.check_may_speak_for(principal, perspective)
        except ProblemError as exc:  # a view the caller may not give: reported like a bad row
            problems.append(
                InvalidParam(name=f"perspective.{perspective}", reason=exc.detail, code="forbidden")
            )
    if new_tasks and principal.role not in EDITORS:
        problems.append(
            InvalidParam(name="task", reason="Only coordinators add tasks.", code="forbidden")
        )
    elif len(task_ids) + len(new_tasks) > max_tasks:
        problems.append(
            InvalidParam(
                name="task",
                reason=f"{len(new_tasks)} new tasks would make {len(task_ids) + len(new_tasks)}: "
                + service.too_many_tasks(max_tasks),
                code="too-many-tasks",
            )
        )
    if problems:
        raise BadRequest(
            f"{len(problems)} problem(s) in the file; nothing was imported.",
            invalid_params=problems,
        )

    created = service.create_tasks(
        session=session,
        principal=principal,
        role_map=role_map,
        tasks=[{**data, "description": ""} for data in new_tasks.values()],
    )
    ids: dict[str, uuid.UUID] = {str(t): t for t in task_ids}
    ids.update({"new:" + title: task_id for title, task_id in zip(new_tasks, created, strict=True)})
    service.write_views(
        session=session,
        principal=principal,
        role_map=role_map,
        views={
            perspective: [
                {"task_id": ids[r["task_key"]], "party_id": r["party_id"], "role": r["role"]}
                for r in rows
            ]
            for perspective, rows in views.items()
        },
    )
    return {
        "tasksCreated": len(new_tasks),
        "viewsReplaced": len(views),
        "rows": sum(map(len, views.values())),
    }
