"""CSV export and import of a map's tasks and views, for filling in a view in a spreadsheet.

One row per assignment: `taskId,task,cluster,party,role,perspective`. `perspective` is `agreed`
or a party's name, `party` a party's name, `role` one of responsible, accountable, consulted,
informed (or R, A, C, I). A task without any role has one row with the last three empty, so an
export imported again changes nothing. Import is all-or-nothing: every bad line is reported.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections import defaultdict
from typing import Any

from sqlmodel import Session, col, select

from kompas.core.errors import BadRequest, InvalidParam, ProblemError
from kompas.core.principal import EDITORS, Principal
from kompas.parties.models import Party
from kompas.rolemaps import auth, service
from kompas.rolemaps.models import AGREED, RaciRole, RoleAssignment, RoleMap, RoleMapTask

COLUMNS = ["taskId", "task", "cluster", "party", "role", "perspective"]
_LETTERS = {
    "R": RaciRole.responsible,
    "A": RaciRole.accountable,
    "C": RaciRole.consulted,
    "I": RaciRole.informed,
}
MAX_ROWS = 100_000


def export(*, session: Session, role_map: RoleMap, perspective: str | None = None) -> str:
    """The map's tasks and every view (or only ``perspective``'s) as CSV (comma, UTF-8)."""
    party_ids = service.party_ids_of(session, [role_map.id])[role_map.id]
    names = dict(
        session.exec(select(Party.id, Party.name).where(col(Party.id).in_(party_ids))).all()
    )
    tasks = session.exec(
        select(RoleMapTask)
        .where(RoleMapTask.role_map_id == role_map.id)
        .order_by(col(RoleMapTask.position), col(RoleMapTask.id))
    ).all()
    rows_of: dict[uuid.UUID, list[RoleAssignment]] = defaultdict(list)
    assignments = select(RoleAssignment).where(RoleAssignment.role_map_id == role_map.id)
    if perspective is not None:
        assignments = assignments.where(RoleAssignment.perspective == perspective)
    for a in session.exec(assignments).all():
        rows_of[a.task_id].append(a)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for task in tasks:
        rows = sorted(
            rows_of[task.id],
            key=lambda a: (
                a.perspective != AGREED,
                a.perspective,
                names.get(a.party_id, ""),
                a.role,
            ),
        )
        if not rows:
            writer.writerow([task.id, task.title, task.cluster, "", "", ""])
        for a in rows:
            perspective = AGREED if a.perspective == AGREED else names[uuid.UUID(a.perspective)]
            writer.writerow(
                [task.id, task.title, task.cluster, names[a.party_id], a.role, perspective]
            )
    return out.getvalue()


def _problem(line: int, column: str, reason: str, code: str) -> InvalidParam:
    return InvalidParam(name=f"line.{line}.{column}", reason=reason, code=code)


def import_csv(
    *, session: Session, principal: Principal, role_map: RoleMap, content: bytes
) -> dict[str, int]:
    """Create the new tasks and replace every view the file holds; nothing changes on any error."""
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
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader, None)
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
    tasks = {
        t.id: t
        for t in session.exec(
            select(RoleMapTask).where(RoleMapTask.role_map_id == role_map.id)
        ).all()
    }
    problems: list[InvalidParam] = []
    new_tasks: dict[str, dict[str, Any]] = {}  # by title
    views: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[tuple[str, str, uuid.UUID, str]] = set()
    line = 1
    # A record may span several lines (a quoted cell with a line break): a problem names the line
    # where its record starts, as a spreadsheet shows it.
    read_up_to = reader.line_num
    for row_number, raw in enumerate(reader, start=1):
        line, read_up_to = read_up_to + 1, reader.line_num
        if row_number > MAX_ROWS:
            problems.append(_problem(line, "row", f"At most {MAX_ROWS} rows.", "too-many"))
            break
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(COLUMNS):
            problems.append(
                _problem(
                    line, "row", f"Expected {len(COLUMNS)} columns, found {len(raw)}.", "columns"
                )
            )
            continue
        task_id_text, title, cluster, party_name, role_text, perspective_text = (
            c.strip() for c in raw
        )
        task_key: str
        if task_id_text:
            try:
                task_id = uuid.UUID(task_id_text)
            except ValueError:
                task_id = None
            if task_id is None or task_id not in tasks:
                problems.append(_problem(line, "taskId", "Not a task of this map.", "unknown-task"))
                continue
            task_key = str(task_id)
        else:
            if not title or len(title) > 200:
                problems.append(
                    _problem(line, "task", "A new task needs a title of 1-200 characters.", "title")
                )
                continue
            if len(cluster) > 200:
                problems.append(_problem(line, "cluster", "At most 200 characters.", "too-long"))
                continue
            new_tasks.setdefault(title, {"title": title, "cluster": cluster})
            task_key = "new:" + title
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
    if problems:
        raise BadRequest(
            f"{len(problems)} problem(s) in the file; nothing was imported.",
            invalid_params=problems,
        )

    ids: dict[str, uuid.UUID] = {str(t): t for t in tasks}
    for title, data in new_tasks.items():
        task = service.create_task(
            session=session,
            principal=principal,
            role_map=role_map,
            data={**data, "description": "", "position": None},
        )
        ids["new:" + title] = task.id
    for perspective, rows in views.items():
        service.replace_view(
            session=session,
            principal=principal,
            role_map=role_map,
            perspective=perspective,
            assignments=[
                {"task_id": ids[r["task_key"]], "party_id": r["party_id"], "role": r["role"]}
                for r in rows
            ],
        )
    return {
        "tasksCreated": len(new_tasks),
        "viewsReplaced": len(views),
        "rows": sum(map(len, views.values())),
    }
