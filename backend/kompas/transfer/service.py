"""Export a whole organisation as one ZIP, and import such a ZIP into a database without it.

The ZIP holds ``manifest.json`` and one NDJSON file per kind (docs/export.md). Rows are read with
a streaming cursor in chunks and written into the ZIP entry as they come, so memory stays flat
however large the organisation. An import checks the whole file first (manifest, checksums,
counts, every line), then writes everything in one transaction: a damaged file changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from sqlalchemy import Connection, Engine, Table, func, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError

from kompas import __version__
from kompas.audit.models import AuditAction, AuditEvent
from kompas.core.db import metadata, utcnow
from kompas.transfer.kinds import (
    InvalidValue,
    decode,
    encode_row,
    exported_columns,
    exported_tables,
    row_clause,
    tenant_clause,
)

FORMAT = "kompas-export"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CHUNK = 1000  # rows fetched, and inserted, at a time
MAX_LINE = 16 * 1024 * 1024  # one record; the largest column is a few tens of KB


class ImportRefused(Exception):
    """The file cannot be imported; nothing was changed. The message says why."""


@dataclass
class KindEntry:
    kind: str
    file: str
    count: int
    sha256: str


@dataclass
class Plan:
    """What an import found in a file, and would write."""

    organisation_id: uuid.UUID
    organisation_name: str
    format_version: int
    exported_at: str
    kinds: list[KindEntry] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(entry.count for entry in self.kinds)


def _file(table: Table) -> str:
    return f"{table.name}.ndjson"


def _begin_snapshot(connection: Connection) -> None:
    """Every table read from one snapshot, so the references between them agree."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
    else:
        # pysqlite starts no transaction for a SELECT: each would see its own moment.
        connection.exec_driver_sql("BEGIN")


def export_organisation(
    engine: Engine, organisation_id: uuid.UUID, stream: IO[bytes]
) -> dict[str, Any]:
    """Writes the organisation as a ZIP to ``stream``; returns the manifest."""
    with engine.connect() as connection:
        _begin_snapshot(connection)
        organisations = metadata.tables["organisations"]
        found = connection.execute(
            select(organisations.c.name).where(organisations.c.id == organisation_id)
        ).first()
        if found is None:
            raise LookupError(f"There is no organisation with id {organisation_id}.")
        kinds: list[dict[str, Any]] = []
        with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in exported_tables():
                kinds.append(_export_kind(connection, archive, table, organisation_id))
            manifest = {
                "format": FORMAT,
                "formatVersion": FORMAT_VERSION,
                "kompasVersion": __version__,
                "exportedAt": utcnow().isoformat(),
                "organisation": {"id": str(organisation_id), "name": found.name},
                "kinds": kinds,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        connection.rollback()
    return manifest


def _export_kind(
    connection: Connection, archive: zipfile.ZipFile, table: Table, organisation_id: uuid.UUID
) -> dict[str, Any]:
    columns = exported_columns(table)
    statement = (
        select(*columns)
        .where(tenant_clause(table, organisation_id))
        .order_by(*table.primary_key.columns)
    )
    if (keep := row_clause(table)) is not None:
        statement = statement.where(keep)
    digest, count = hashlib.sha256(), 0
    # A server-side cursor on PostgreSQL; SQLite's cursor steps through the rows by itself.
    result = connection.execution_options(yield_per=CHUNK).execute(statement)
    with archive.open(_file(table), "w", force_zip64=True) as entry:
        for rows in result.partitions():
            chunk = b"".join(encode_row(table, columns, row) for row in rows)
            digest.update(chunk)
            entry.write(chunk)
            count += len(rows)
    return {"kind": table.name, "file": _file(table), "count": count, "sha256": digest.hexdigest()}


# --- import ---------------------------------------------------------------------------------


def _open(path: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportRefused(f"{path} is not a readable ZIP file ({exc}).") from exc


def _manifest(archive: zipfile.ZipFile) -> Plan:
    """The manifest, checked for everything it must say; ``ImportRefused`` otherwise."""
    try:
        raw = archive.read(MANIFEST)
    except KeyError as exc:
        raise ImportRefused(f"The export has no {MANIFEST}.") from exc
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ImportRefused(f"{MANIFEST} is damaged ({exc}).") from exc
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ImportRefused(f"{MANIFEST} is not valid JSON ({exc}).") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportRefused(f'{MANIFEST} does not describe a Kompas export (format "{FORMAT}").')
    version = document.get("formatVersion")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise ImportRefused(f"{MANIFEST} has no valid formatVersion (found {version!r}).")
    if version > FORMAT_VERSION:
        raise ImportRefused(
            f"This export has format version {version}; this Kompas ({__version__}) reads "
            f"format version {FORMAT_VERSION} and older. Import it with a newer Kompas."
        )
    organisation = document.get("organisation")
    exported_at = document.get("exportedAt")
    organisation_id = _uuid(organisation.get("id")) if isinstance(organisation, dict) else None
    name = organisation.get("name") if isinstance(organisation, dict) else None
    if organisation_id is None or not _text(name) or not _text(exported_at):
        raise ImportRefused(f"{MANIFEST} must name the organisation (id and name) and exportedAt.")
    plan = Plan(organisation_id, str(name), version, str(exported_at))
    kinds = document.get("kinds")
    if not isinstance(kinds, list):
        raise ImportRefused(f"{MANIFEST} has no list of kinds.")
    known = {table.name for table in exported_tables()}
    for position, item in enumerate(kinds):
        if not (
            isinstance(item, dict)
            and _text(item.get("kind"))
            and _text(item.get("file"))
            and _text(item.get("sha256"))
            and _count(item.get("count"))
        ):
            raise ImportRefused(
                f"{MANIFEST}: kinds[{position}] needs kind, file, count and sha256."
            )
        entry = KindEntry(item["kind"], item["file"], item["count"], item["sha256"])
        if entry.kind not in known:
            raise ImportRefused(f"{MANIFEST}: this Kompas does not import the kind {entry.kind}.")
        if entry.file != f"{entry.kind}.ndjson":
            raise ImportRefused(
                f"{MANIFEST}: the file of {entry.kind} must be {entry.kind}.ndjson."
            )
        if any(seen.kind == entry.kind for seen in plan.kinds):
            raise ImportRefused(f"{MANIFEST} names the kind {entry.kind} twice.")
        plan.kinds.append(entry)
    names = set(archive.namelist())
    for entry in plan.kinds:
        if entry.file not in names:
            raise ImportRefused(
                f"The file {entry.file} named in {MANIFEST} is missing from the export."
            )
    extra = sorted(names - {MANIFEST} - {entry.file for entry in plan.kinds})
    if extra:
        raise ImportRefused(f"The export holds files its manifest does not name: {extra}.")
    if "organisations" not in {entry.kind for entry in plan.kinds}:
        raise ImportRefused(f"{MANIFEST} names no organisations file.")
    # Import in the order of this Kompas's foreign keys, whatever the file's order.
    order = {table.name: position for position, table in enumerate(exported_tables())}
    plan.kinds.sort(key=lambda entry: order[entry.kind])
    return plan


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _rows(
    archive: zipfile.ZipFile, entry: KindEntry, organisation_id: uuid.UUID
) -> Iterator[tuple[int, bytes, dict[str, Any] | ImportRefused]]:
    """Each line of a kind's file: its number, bytes, and the row for the database (or why it
    cannot be one)."""
    table = metadata.tables[entry.kind]
    columns = {column.name: column for column in exported_columns(table)}
    with archive.open(entry.file) as stream:
        number = 0
        while raw := stream.readline(MAX_LINE + 1):
            number += 1
            yield number, raw, _row(entry, table, columns, number, raw, organisation_id)


def _row(
    entry: KindEntry,
    table: Table,
    columns: dict[str, Any],
    number: int,
    raw: bytes,
    organisation_id: uuid.UUID,
) -> dict[str, Any] | ImportRefused:
    where = f"{entry.file}, line {number}"
    if not raw.endswith(b"\n"):
        return ImportRefused(f"{where}: the line is cut off or longer than {MAX_LINE} bytes.")
    try:
        document = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
    except UnicodeDecodeError:
        return ImportRefused(f"{where}: not UTF-8 text.")
    except ValueError as exc:
        return ImportRefused(f"{where}: not valid JSON ({exc}).")
    if not isinstance(document, dict):
        return ImportRefused(f"{where}: not a JSON object.")
    missing = sorted(columns.keys() - document.keys())
    unknown = sorted(document.keys() - columns.keys())
    if missing or unknown:
        return ImportRefused(f"{where}: missing columns {missing}, unknown columns {unknown}.")
    row: dict[str, Any] = {}
    for name, column in columns.items():
        try:
            row[name] = decode(table, column, document[name])
        except InvalidValue as exc:
            return ImportRefused(f"{where}: column {name} {exc}.")
    if entry.kind == "organisations":
        if row["id"] != organisation_id:
            return ImportRefused(f"{where}: not the organisation the manifest names.")
    elif "organisation_id" in row and row["organisation_id"] != organisation_id:
        return ImportRefused(f"{where}: belongs to another organisation.")
    return row


def check(path: str) -> Plan:
    """Reads the whole export and checks it: manifest, files, checksums, counts, every line.
    Returns what an import would write; ``ImportRefused`` naming the first problem."""
    with _open(path) as archive:
        plan = _manifest(archive)
        for entry in plan.kinds:
            digest, count, problem = hashlib.sha256(), 0, None
            try:
                for _number, raw, row in _rows(archive, entry, plan.organisation_id):
                    digest.update(raw)
                    count += 1
                    if problem is None and isinstance(row, ImportRefused):
                        problem = row
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise ImportRefused(f"{entry.file} is damaged ({exc}).") from exc
            # A damaged file is named as damaged, before what the damage did to one line.
            if digest.hexdigest() != entry.sha256:
                raise ImportRefused(
                    f"The checksum of {entry.file} does not match the manifest: the file is "
                    "damaged or was changed."
                )
            if problem is not None:
                raise problem
            if count != entry.count:
                raise ImportRefused(
                    f"{entry.file} holds {count} records; the manifest says {entry.count}."
                )
            if entry.kind == "organisations" and count != 1:
                raise ImportRefused(f"{entry.file} must hold exactly one organisation.")
    return plan


def import_organisation(engine: Engine, path: str, *, dry_run: bool = False) -> Plan:
    """Checks the export, then (unless ``dry_run``) writes the whole organisation in one
    transaction, with one audit event for the import. ``ImportRefused`` changes nothing."""
    plan = check(path)
    with engine.connect() as connection:
        _refuse_existing(connection, plan)
        if dry_run:
            return plan
        try:
            with connection.begin():
                with _open(path) as archive:
                    for entry in plan.kinds:
                        _insert_kind(connection, archive, entry, plan.organisation_id)
                _refuse_foreign_references(connection, plan.organisation_id)
                _record_import(connection, plan)
        except IntegrityError as exc:
            raise ImportRefused(
                "The export conflicts with data already in this database: a value that must be "
                "unique (such as a user's e-mail address or a record's id) exists, or a "
                "reference points to a record that is not in the export. Nothing was imported."
            ) from exc
        except DBAPIError as exc:
            raise ImportRefused(
                "The database refused a record of the export "
                f"({exc.orig.__class__.__name__}). Nothing was imported."
            ) from exc
    return plan


def _refuse_existing(connection: Connection, plan: Plan) -> None:
    organisations = metadata.tables["organisations"]
    found = connection.execute(
        select(organisations.c.id, organisations.c.name).where(
            (organisations.c.id == plan.organisation_id)
            | (organisations.c.name == plan.organisation_name)
        )
    ).first()
    connection.rollback()
    if found is not None:
        raise ImportRefused(
            f"The organisation '{found.name}' ({found.id}) already exists in this database; an "
            "import only restores an organisation that is not there."
        )


def _insert_kind(
    connection: Connection, archive: zipfile.ZipFile, entry: KindEntry, organisation_id: uuid.UUID
) -> None:
    table = metadata.tables[entry.kind]
    batch: list[dict[str, Any]] = []
    for _number, _raw, row in _rows(archive, entry, organisation_id):
        if isinstance(row, ImportRefused):  # checked before: only if the file changed since
            raise row
        batch.append(row)
        if len(batch) == CHUNK:
            connection.execute(insert(table), batch)
            batch = []
    if batch:
        connection.execute(insert(table), batch)


def _refuse_foreign_references(connection: Connection, organisation_id: uuid.UUID) -> None:
    """No imported record may point to a record of another organisation that is already in the
    database (the foreign key alone would accept it)."""
    for table in exported_tables():
        for key in table.foreign_keys:
            target = key.column.table
            if target.name == "organisations" or "organisation_id" not in target.c:
                continue
            count = connection.execute(
                select(func.count())
                .select_from(table.join(target, key.parent == key.column))
                .where(
                    tenant_clause(table, organisation_id),
                    target.c.organisation_id != organisation_id,
                )
            ).scalar_one()
            if count:
                raise ImportRefused(
                    f"{count} record(s) of {table.name} point through {key.parent.name} to "
                    f"{target.name} of another organisation. Nothing was imported."
                )


def _record_import(connection: Connection, plan: Plan) -> None:
    """The one audit event of the import (the imported records bring their own trail)."""
    connection.execute(
        insert(metadata.tables[AuditEvent.__tablename__]),
        {
            "id": uuid.uuid4(),
            "organisation_id": plan.organisation_id,
            "occurred_at": utcnow(),
            "actor_kind": "system",
            "actor_id": None,
            "actor_name": "Kompas (import)",
            "action": AuditAction.create,
            "resource_type": "organisations",
            "resource_id": plan.organisation_id,
            "changes": {
                "imported": {
                    "from": None,
                    "to": f"export of {plan.exported_at}, format version "
                    f"{plan.format_version}, {plan.total} records",
                }
            },
        },
    )
