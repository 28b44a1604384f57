"""CSV export and import of agenda items (docs/csv.md).

One row per item with its own fields; the lead party, the ball holder and the phase by name.
Participants and links are not in the CSV (the JSON API and the organisation export carry them).
An import adds new items, all or nothing, each checked as `POST /agenda-items` checks one: a new
item starts as `idea`, `planned` or `in-progress`, a target date is not in the past. A line whose
`id` is an item the caller can already see is refused, so an export imported again adds nothing.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from kompas.agenda import auth, service
from kompas.agenda.models import AgendaItem
from kompas.agenda.schemas import AgendaItemCreate
from kompas.compass.models import Phase
from kompas.core import csvfile
from kompas.core.csvfile import Column, Record
from kompas.core.db import today
from kompas.core.errors import InvalidParam, ProblemError
from kompas.core.listing import ListQuery
from kompas.core.principal import Principal
from kompas.joint import service as joint
from kompas.parties.models import Party

COLUMNS = [
    Column("id"),
    Column("title", ("titel",), required=True),
    Column("description", ("omschrijving", "beschrijving")),
    Column("horizon", ()),
    Column("status", ()),
    Column("leadParty", ("trekker", "leadPartyName", "lead"), required=True),
    Column("ballHolder", ("balBij", "bal", "ballHolderName")),
    Column("phase", ("fase", "phaseName")),
    Column("targetDate", ("streefdatum", "datum")),
    Column("progress", ("voortgang",)),
    Column("visibility", ("zichtbaarheid",)),
]
COLUMN_OF = {
    "title": "title",
    "description": "description",
    "horizon": "horizon",
    "status": "status",
    "lead_party_id": "leadParty",
    "leadPartyId": "leadParty",
    "ball_holder_id": "ballHolder",
    "ballHolderId": "ballHolder",
    "phase_id": "phase",
    "phaseId": "phase",
    "target_date": "targetDate",
    "targetDate": "targetDate",
    "progress": "progress",
    "visibility": "visibility",
}
_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def _names(session: Session, principal: Principal, model: Any) -> dict[uuid.UUID, str]:
    return dict(
        session.exec(
            select(model.id, model.name).where(model.organisation_id == principal.organisation_id)
        ).all()
    )


def export(
    *, session: Session, principal: Principal, query: ListQuery, stalled_after_days: int
) -> str:
    """The agenda items the caller's list shows (same filters), as CSV."""
    items, cursor = joint.page_of_work(
        session,
        principal,
        AgendaItem,
        service.AGENDA_ITEMS,
        query,
        stalled_after_days,
        service.OPEN,
    )
    csvfile.check_complete(cursor)
    parties = _names(session, principal, Party)
    phases = _names(session, principal, Phase)
    return csvfile.write(
        [c.name for c in COLUMNS],
        (
            [
                i.id,
                i.title,
                i.description,
                i.horizon,
                i.status,
                parties[i.lead_party_id],
                parties[i.ball_holder_id],
                phases[i.phase_id] if i.phase_id else "",
                i.target_date.isoformat() if i.target_date else "",
                i.progress,
                i.visibility,
            ]
            for i in items
        ),
    )


def _reference(
    find: Callable[[str], tuple[Any, str]], record: Record, column: str, required: bool
) -> tuple[uuid.UUID | None, list[InvalidParam]]:
    name = record.cells.get(column, "").strip()
    if not name:
        if required:
            reason = "Name the party that leads (a department or partner of this organisation)."
            return None, [csvfile.problem(record.line, column, reason, "required")]
        return None, []
    found, why = find(name)
    if found is None:
        return None, [csvfile.problem(record.line, column, why, "unknown")]
    return found, []


def _day(text: str) -> str:
    """ISO (2027-03-31) as the API takes it; a Dutch spreadsheet's 31-3-2027 as well."""
    match = _DUTCH_DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return text
    return text


def _data(record: Record, refs: dict[str, uuid.UUID | None]) -> dict[str, Any]:
    cells = {
        k: v.strip() if k != "description" and k != "title" else v for k, v in record.cells.items()
    }
    data: dict[str, Any] = {
        "title": cells["title"],
        "description": cells.get("description", ""),
        "lead_party_id": refs["leadParty"] or uuid.UUID(int=0),
        "ball_holder_id": refs["ballHolder"],
        "phase_id": refs["phase"],
    }
    for column, field_name in (
        ("horizon", "horizon"),
        ("status", "status"),
        ("visibility", "visibility"),
    ):
        if cells.get(column):
            data[field_name] = cells[column]
    if cells.get("targetDate"):
        data["target_date"] = _day(cells["targetDate"])
    progress = cells.get("progress", "")
    if progress:
        data["progress"] = int(progress) if progress.isdigit() else progress
    return data


def _id_of(record: Record) -> uuid.UUID | None:
    try:
        return uuid.UUID(record.cells.get("id", "").strip())
    except ValueError:
        return None


def import_csv(
    *, session: Session, principal: Principal, content: bytes, max_rows: int
) -> dict[str, int]:
    """Add the file's agenda items (lead party, ball holder and phase by name); all or nothing."""
    table = csvfile.read_table(content, COLUMNS, max_rows)
    problems = table.problems
    given: set[uuid.UUID] = set()
    for record in table.records:
        text = record.cells.get("id", "").strip()
        if text:
            try:
                given.add(uuid.UUID(text))
            except ValueError:
                reason = "Not an id; leave it empty for a new item."
                problems.append(csvfile.problem(record.line, "id", reason, "invalid-id"))
    visible = joint.visible_to(
        select(AgendaItem.id).where(AgendaItem.organisation_id == principal.organisation_id),
        AgendaItem,
        principal,
    )
    existing = (
        set(session.exec(visible.where(col(AgendaItem.id).in_(given))).all()) if given else set()
    )
    find_party = csvfile.names_to_ids(_names(session, principal, Party).items())
    find_phase = csvfile.names_to_ids(_names(session, principal, Phase).items())
    items: list[AgendaItem] = []
    for record in table.records:
        if _id_of(record) in existing:
            reason = (
                "Already in Kompas: an import adds new items only. "
                "Remove this line, or empty its id to add a copy."
            )
            problems.append(csvfile.problem(record.line, "id", reason, "exists"))
        refs: dict[str, uuid.UUID | None] = {}
        found: list[InvalidParam] = []
        for column, find, required in (
            ("leadParty", find_party, True),
            ("ballHolder", find_party, False),
            ("phase", find_phase, False),
        ):
            refs[column], more = _reference(find, record, column, required)
            found += more
        problems += found
        valid, more = csvfile.validated(AgendaItemCreate, record, _data(record, refs), COLUMN_OF)
        problems += more
        if valid is None or found:
            continue
        line_problems: list[InvalidParam] = []
        if valid["status"] not in service.START:
            reason = f"A new item starts as one of: {', '.join(service.START)}."
            line_problems.append(csvfile.problem(record.line, "status", reason, "invalid-start"))
        if valid["target_date"] is not None and valid["target_date"] < today():
            reason = "Must not be in the past."
            line_problems.append(csvfile.problem(record.line, "targetDate", reason, "in-the-past"))
        try:
            auth.CREATE.check_create(principal, valid)
        except ProblemError as exc:
            for param in exc.invalid_params or []:
                column = COLUMN_OF.get(param.name, param.name)
                line_problems.append(
                    csvfile.problem(record.line, column, param.reason, "not-permitted")
                )
        problems += line_problems
        if line_problems:
            continue
        for relation in ("participants", "driver_ids", "question_ids"):
            valid.pop(relation)
        if valid["ball_holder_id"] is None:
            valid["ball_holder_id"] = valid["lead_party_id"]
        items.append(AgendaItem(organisation_id=principal.organisation_id, **valid))
    csvfile.refuse(problems)
    # One flush: the items, their first status and the audit events (recorded per row by the
    # before_flush listener) go in a few multi-row INSERTs, whatever the number of lines.
    session.add_all(items)
    session.flush()
    for item in items:
        joint.record_first_status(session, principal, service.KIND, item)
    session.flush()
    return {"created": len(items)}
