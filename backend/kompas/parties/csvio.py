"""CSV export and import of the registry: parties, people, needs and offers (docs/csv.md).

An export holds what the caller's list would show (the same filters, search and sort), written by
``kompas.core.csvfile`` so that no cell can run as a formula. An import adds new records, all or
nothing, checked as the JSON create checks one; every bad line is reported at once. Parties are
named, not given by id: the party of a person or a need is its name. A line whose `id` is a
record the caller can already see is refused, so an export imported again adds nothing twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlmodel import Session, col, select

from kompas.core import csvfile
from kompas.core.csvfile import Column, Record
from kompas.core.errors import InvalidParam, ProblemError
from kompas.core.listing import ListQuery, ListSpec, paginate
from kompas.core.principal import Principal
from kompas.core.tenancy import scoped
from kompas.parties import auth, service
from kompas.parties.models import Need, OrganisationType, Party, PartyKind, Person
from kompas.parties.schemas import (
    DepartmentCreate,
    NeedCreate,
    PartnerCreate,
    PersonCreate,
)

ID = Column("id")
PARTY_COLUMNS = [
    ID,
    Column("kind", ("soort",), required=True),
    Column("name", ("naam",), required=True),
    Column("description", ("omschrijving", "beschrijving")),
    Column("organisationType", ("organisatietype", "typeOrganisatie")),
    Column("website", ("webadres",)),
]
PEOPLE_COLUMNS = [
    ID,
    Column("name", ("naam",), required=True),
    Column("email", ("emailadres", "mail")),
    Column("jobTitle", ("functie",)),
    Column("phone", ("telefoon", "telefoonnummer")),
    Column("party", ("partij", "partyName"), required=True),
]
NEED_COLUMNS = [
    ID,
    Column("kind", ("soort",), required=True),
    Column("title", ("titel",), required=True),
    Column("description", ("omschrijving", "beschrijving")),
    Column("party", ("partij", "partyName"), required=True),
    Column("counterpart", ("tegenpartij", "counterpartName", "counterpartParty")),
    Column("status", ()),
    Column("visibility", ("zichtbaarheid",)),
]
# Dutch words a spreadsheet may hold for a kind; the English values of the API work too.
PARTY_KINDS = {"afdeling": PartyKind.department, "department": PartyKind.department}
PARTY_KINDS |= {"partner": PartyKind.partner, "externe partner": PartyKind.partner}
NEED_KINDS = {"behoefte": "need", "need": "need", "aanbod": "offer", "offer": "offer"}


def _names(session: Session, principal: Principal) -> dict[uuid.UUID, str]:
    return dict(
        session.exec(
            select(Party.id, Party.name).where(Party.organisation_id == principal.organisation_id)
        ).all()
    )


def _all(session: Session, statement: Any, spec: ListSpec, query: ListQuery) -> Sequence[Any]:
    """Every record the list would show, in one query (at most EXPORT_MAX_ROWS)."""
    records, cursor = paginate(session, statement, spec, query)
    csvfile.check_complete(cursor)
    return records


# --- export ------------------------------------------------------------------------------------


def export_parties(*, session: Session, principal: Principal, query: ListQuery) -> str:
    """The parties the caller's list shows, as CSV."""
    parties = _all(session, scoped(Party, principal), service.PARTIES, query)
    return csvfile.write(
        [c.name for c in PARTY_COLUMNS],
        (
            [p.id, p.kind, p.name, p.description, p.organisation_type or "", p.website or ""]
            for p in parties
        ),
    )


def export_people(*, session: Session, principal: Principal, query: ListQuery) -> str:
    """The people the caller's list shows, as CSV, each with the name of their party."""
    statement = auth.visible_people(scoped(Person, principal), principal)
    people = _all(session, statement, service.PEOPLE, query)
    names = _names(session, principal)
    return csvfile.write(
        [c.name for c in PEOPLE_COLUMNS],
        (
            [p.id, p.name, p.email or "", p.job_title, p.phone or "", names[p.party_id]]
            for p in people
        ),
    )


def export_needs(*, session: Session, principal: Principal, query: ListQuery) -> str:
    """The needs and offers the caller's list shows, as CSV, parties by name."""
    statement = auth.visible_needs(scoped(Need, principal), principal)
    needs = _all(session, statement, service.NEEDS, query)
    names = _names(session, principal)
    return csvfile.write(
        [c.name for c in NEED_COLUMNS],
        (
            [
                n.id,
                n.kind,
                n.title,
                n.description,
                names[n.party_id],
                names[n.counterpart_party_id] if n.counterpart_party_id else "",
                n.status,
                n.visibility,
            ]
            for n in needs
        ),
    )


# --- import ------------------------------------------------------------------------------------


def _known_ids(
    session: Session, statement: Any, model: Any, records: list[Record]
) -> tuple[set[uuid.UUID], list[InvalidParam]]:
    """The ids the file gives that the caller can already see (one query), and bad ids."""
    problems: list[InvalidParam] = []
    given: set[uuid.UUID] = set()
    for record in records:
        text = record.cells.get("id", "").strip()
        if not text:
            continue
        try:
            given.add(uuid.UUID(text))
        except ValueError:
            reason = "Not an id; leave it empty for a new record."
            problems.append(csvfile.problem(record.line, "id", reason, "invalid-id"))
    if not given:
        return set(), problems
    found = set(session.exec(statement.where(col(model.id).in_(given))).all())
    return found, problems


def _refuse_existing(record: Record, existing: set[uuid.UUID]) -> list[InvalidParam]:
    text = record.cells.get("id", "").strip()
    try:
        known = bool(text) and uuid.UUID(text) in existing
    except ValueError:
        return []
    if not known:
        return []
    reason = (
        "Already in Kompas: an import adds new records only. "
        "Remove this line, or empty its id to add a copy."
    )
    return [csvfile.problem(record.line, "id", reason, "exists")]


def _optional(value: str) -> str | None:
    value = value.strip()
    return value or None


def _party_ref(
    find: Callable[[str], tuple[Any, str]], record: Record, column: str, required: bool
) -> tuple[uuid.UUID | None, list[InvalidParam]]:
    name = record.cells.get(column, "").strip()
    if not name:
        if required:
            reason = "Name the party (a department or partner of this organisation)."
            return None, [csvfile.problem(record.line, column, reason, "required")]
        return None, []
    party_id, why = find(name)
    if party_id is None:
        return None, [csvfile.problem(record.line, column, why, "unknown-party")]
    return party_id, []


def _create_all(session: Session, records: list[Any]) -> dict[str, int]:
    # One flush: the rows and their audit events (recorded per row by the before_flush
    # listener) go in a few multi-row INSERTs, whatever the number of lines.
    session.add_all(records)
    session.flush()
    return {"created": len(records)}


def import_parties(
    *, session: Session, principal: Principal, content: bytes, max_rows: int
) -> dict[str, int]:
    """Add the file's departments and partners; nothing changes on any error."""
    table = csvfile.read_table(content, PARTY_COLUMNS, max_rows)
    problems = table.problems
    existing, bad_ids = _known_ids(
        session,
        select(Party.id).where(Party.organisation_id == principal.organisation_id),
        Party,
        table.records,
    )
    problems += bad_ids
    taken = {name.casefold(): "in Kompas" for name in _names(session, principal).values()}
    parties: list[Party] = []
    for record in table.records:
        problems += _refuse_existing(record, existing)
        cells = record.cells
        kind = PARTY_KINDS.get(cells["kind"].strip().casefold())
        if kind is None:
            reason = "Use department or partner (afdeling, partner)."
            problems.append(csvfile.problem(record.line, "kind", reason, "kind"))
            continue
        data: dict[str, Any] = {"name": cells["name"], "description": cells.get("description", "")}
        extra = {
            "organisation_type": _optional(cells.get("organisationType", "")),
            "website": _optional(cells.get("website", "")),
        }
        if kind is PartyKind.partner:
            data |= {k: v for k, v in extra.items() if v is not None}
            schema: Any = PartnerCreate
        else:
            schema = DepartmentCreate
            for field_name, column in (
                ("organisation_type", "organisationType"),
                ("website", "website"),
            ):
                if extra[field_name] is not None:
                    reason = "Only a partner has this; leave it empty for a department."
                    problems.append(csvfile.problem(record.line, column, reason, "partner-only"))
        valid, found = csvfile.validated(
            schema,
            record,
            data,
            {
                "name": "name",
                "description": "description",
                "organisation_type": "organisationType",
                "website": "website",
            },
        )
        problems += found
        if valid is None:
            continue
        key = valid["name"].casefold()
        if key in taken:
            where = taken[key]
            reason = f"A department or partner named '{valid['name']}' is already {where}."
            problems.append(csvfile.problem(record.line, "name", reason, "duplicate"))
            continue
        taken[key] = f"on line {record.line}"
        party = Party(organisation_id=principal.organisation_id, kind=kind, **valid)
        if kind is PartyKind.partner and party.organisation_type is None:
            party.organisation_type = OrganisationType.other
        parties.append(party)
    csvfile.refuse(problems)
    return _create_all(session, parties)


def import_people(
    *, session: Session, principal: Principal, content: bytes, max_rows: int
) -> dict[str, int]:
    """Add the file's people, each to the party it names; nothing changes on any error."""
    table = csvfile.read_table(content, PEOPLE_COLUMNS, max_rows)
    problems = table.problems
    existing, bad_ids = _known_ids(
        session,
        auth.visible_people(
            select(Person.id).where(Person.organisation_id == principal.organisation_id),
            principal,
        ),
        Person,
        table.records,
    )
    problems += bad_ids
    find = csvfile.names_to_ids((i, n) for i, n in _names(session, principal).items())
    people: list[Person] = []
    for record in table.records:
        problems += _refuse_existing(record, existing)
        cells = record.cells
        party_id, found = _party_ref(find, record, "party", required=True)
        problems += found
        data: dict[str, Any] = {
            "name": cells["name"],
            "job_title": cells.get("jobTitle", ""),
            "email": _optional(cells.get("email", "")),
            "phone": _optional(cells.get("phone", "")),
            "party_id": party_id or uuid.UUID(int=0),
        }
        valid, found = csvfile.validated(
            PersonCreate,
            record,
            {k: v for k, v in data.items() if v is not None},
            {"name": "name", "job_title": "jobTitle", "email": "email", "phone": "phone"},
        )
        problems += found
        if valid is not None and party_id is not None:
            people.append(Person(organisation_id=principal.organisation_id, **valid))
    csvfile.refuse(problems)
    return _create_all(session, people)


def _not_permitted(record: Record, exc: ProblemError, column_of: dict[str, str]) -> InvalidParam:
    params = exc.invalid_params or []
    column = column_of.get(params[0].name, params[0].name) if params else "party"
    reason = params[0].reason if params else exc.detail
    return csvfile.problem(record.line, column, reason, "not-permitted")


NEED_COLUMN_OF = {
    "party_id": "party",
    "partyId": "party",
    "counterpart_party_id": "counterpart",
    "counterpartPartyId": "counterpart",
    "kind": "kind",
    "title": "title",
    "description": "description",
    "status": "status",
    "visibility": "visibility",
}


def import_needs(
    *, session: Session, principal: Principal, content: bytes, max_rows: int
) -> dict[str, int]:
    """Add the file's needs and offers, checked as one made by the API; all or nothing."""
    table = csvfile.read_table(content, NEED_COLUMNS, max_rows)
    problems = table.problems
    existing, bad_ids = _known_ids(
        session,
        auth.visible_needs(
            select(Need.id).where(Need.organisation_id == principal.organisation_id),  # type: ignore[arg-type]
            principal,
        ),
        Need,
        table.records,
    )
    problems += bad_ids
    find = csvfile.names_to_ids((i, n) for i, n in _names(session, principal).items())
    needs: list[Need] = []
    for record in table.records:
        problems += _refuse_existing(record, existing)
        cells = record.cells
        party_id, found = _party_ref(find, record, "party", required=True)
        problems += found
        counterpart_id, found = _party_ref(find, record, "counterpart", required=False)
        problems += found
        kind_text = cells["kind"].strip()
        data: dict[str, Any] = {
            "kind": NEED_KINDS.get(kind_text.casefold(), kind_text),
            "title": cells["title"],
            "description": cells.get("description", ""),
            "party_id": party_id or uuid.UUID(int=0),
            "counterpart_party_id": counterpart_id,
        }
        for column in ("status", "visibility"):
            if cells.get(column, "").strip():
                data[column] = cells[column].strip()
        valid, found = csvfile.validated(NeedCreate, record, data, NEED_COLUMN_OF)
        problems += found
        if valid is None or party_id is None or found:
            continue
        if counterpart_id == party_id:
            reason = "A party cannot need something from, or offer something to, itself."
            problems.append(csvfile.problem(record.line, "counterpart", reason, "same-party"))
            continue
        try:
            auth.NEED_CREATE.check_create(principal, valid)
            auth.check_need_party(principal, party_id)
        except ProblemError as exc:
            problems.append(_not_permitted(record, exc, NEED_COLUMN_OF))
            continue
        needs.append(Need(organisation_id=principal.organisation_id, **valid))
    csvfile.refuse(problems)
    return _create_all(session, needs)
