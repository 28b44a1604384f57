"""The one way Kompas writes CSV, and reads back what it wrote: no cell can run as a formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and one that starts
with a TAB or CR before them too (OWASP "CSV Injection"): `=HYPERLINK("http://…","klik")` in a
task's title would become a live link in a coordinator's spreadsheet. Some spreadsheets also read
the full-width signs `＝ ＋ － ＠` that an East Asian input method types as formulas, so they
count as well.

The rule, in both directions (docs/csv.md):

- writing: a cell that starts with one of those characters, or with an apostrophe, gets one
  apostrophe `'` in front. Spreadsheets show such a cell as text (most hide the apostrophe).
- reading: a cell that starts with an apostrophe followed by one of those characters or by
  another apostrophe loses that first apostrophe; every other cell is read as it is.

So every text reads back exactly as it was written (`- a dash list` is written `'- a dash list`
and read back as `- a dash list`), a cell a person types without an apostrophe is taken as typed,
and a file saved again by a spreadsheet that dropped the apostrophes reads the same text too.

Every CSV Kompas writes goes through `write` (tests/api/test_csv_writer.py fails if a module
imports Python's `csv` elsewhere). Every import reads its file with `read_table` (encoding, BOM,
separator, English or Dutch headers, problems by line and column), and every collection export
takes its list's filters with `export_query`.
"""

from __future__ import annotations

import csv
import dataclasses
import inspect
import io
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel, Field, ValidationError

from kompas.core.errors import BadRequest, InvalidParam, refuse_unknown_query
from kompas.core.listing import MAX_LIMIT, RESERVED, ListQuery, ListSpec, list_query
from kompas.core.schemas import ApiModel

PAGING = ("limit", "cursor", "sort")

# What a spreadsheet may run at the start of a cell.
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
ESCAPE = "'"


def neutralise(value: object) -> str:
    """The cell as written: text a spreadsheet would run (or an apostrophe) gets a leading `'`."""
    text = "" if value is None else str(value)
    if text and (text[0] in FORMULA_STARTS or text[0] == ESCAPE):
        return ESCAPE + text
    return text


def restore(cell: str) -> str:
    """The text of a cell as read: the apostrophe `neutralise` added is taken off again."""
    if len(cell) > 1 and cell[0] == ESCAPE and (cell[1] in FORMULA_STARTS or cell[1] == ESCAPE):
        return cell[1:]
    return cell


def write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (RFC 4180: comma, CRLF): the header, then the rows, every cell made safe."""
    out = io.StringIO()
    # CRLF as RFC 4180 says; with a bare "\n" the writer leaves a cell holding a CR unquoted,
    # and a reader then splits the record there.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in header])
    writer.writerows([neutralise(value) for value in row] for row in rows)
    return out.getvalue()


class Reader:
    """The records of a CSV text, each cell restored; `line_num` is the last line read so far."""

    def __init__(self, text: str, delimiter: str = ",") -> None:
        # newline="": a CR alone ends a line too (as the csv module asks), instead of failing as
        # "new-line character seen in unquoted field".
        self._reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    @property
    def line_num(self) -> int:
        return self._reader.line_num

    def __iter__(self) -> Iterator[list[str]]:
        try:
            for row in self._reader:
                yield [restore(cell) for cell in row]
        except csv.Error as exc:  # e.g. a cell beyond the csv module's field size limit
            line = self._reader.line_num
            raise BadRequest(
                f"Line {line} cannot be read as CSV ({exc}); nothing was imported.",
                invalid_params=[problem(line, "row", f"Not readable as CSV: {exc}.", "csv")],
            ) from None


def reader(text: str, delimiter: str = ",") -> Reader:
    """Read a CSV text as `write` wrote it (or a spreadsheet saved it)."""
    return Reader(text, delimiter)


# --- reading a file a person sends ------------------------------------------------------------
#
# What every CSV import shares (docs/csv.md): the bytes are UTF-8 with or without a BOM; the
# header line says the separator (`;` when it holds more semicolons than commas, as Dutch
# spreadsheets save, else `,`) and which column is which, by its English or Dutch name in any
# case, with or without spaces, dashes or underscores; a problem names its line (where its
# record starts, as a spreadsheet numbers it) and column: `line.4.partyName`.


@dataclass(frozen=True)
class Column:
    """One column of a CSV format: ``name`` as the API names the field (and the export writes it),
    ``aliases`` the other headers an import accepts (Dutch)."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass(frozen=True)
class Record:
    """One record of an import: the line it starts on, and its cells by column name."""

    line: int
    cells: dict[str, str]


@dataclass
class Table:
    """The records of an import file, and the problems found reading them (a record with the
    wrong number of cells is reported and left out)."""

    columns: list[str]
    records: list[Record] = field(default_factory=list)
    problems: list[InvalidParam] = field(default_factory=list)


def problem(line: int, column: str, reason: str, code: str) -> InvalidParam:
    """A problem of one cell (or, with ``column`` `row`, of one record) of an import file."""
    return InvalidParam(name=f"line.{line}.{column}", reason=reason, code=code)


def refuse(problems: list[InvalidParam]) -> None:
    """400 listing every problem of the file, when there is one: nothing is imported."""
    if problems:
        raise BadRequest(
            f"{len(problems)} problem(s) in the file; nothing was imported.",
            invalid_params=problems,
        )


def _body_problem(detail: str, reason: str, code: str) -> BadRequest:
    return BadRequest(detail, invalid_params=[InvalidParam(name="body", reason=reason, code=code)])


def decode(content: bytes) -> str:
    """The text of an uploaded CSV file: UTF-8, a BOM dropped; 400 for anything else."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _body_problem(
            "The file is not UTF-8 text.", "Save the CSV as UTF-8.", "encoding"
        ) from None
    if "\x00" in text:
        raise _body_problem("The file holds NUL characters.", "Not a CSV file.", "nul")
    return text


def delimiter_of(text: str) -> str:
    """`;` when the header line holds more semicolons than commas, else `,`."""
    first_line = text.split("\n", 1)[0]
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _key(header: str) -> str:
    return "".join(ch for ch in header.casefold() if ch not in " -_\t")


def _too_many(line: int, max_rows: int) -> BadRequest:
    return BadRequest(
        f"The file holds more than {max_rows} rows: at most {max_rows} rows per import "
        "(KOMPAS_CSV_IMPORT_MAX_ROWS). Split it into smaller files; nothing was imported.",
        invalid_params=[problem(line, "row", f"At most {max_rows} rows per import.", "too-many")],
    )


def read_table(content: bytes, columns: Sequence[Column], max_rows: int) -> Table:
    """The records of an uploaded CSV file in the format ``columns``; 400 at once when the file
    cannot be read as one (encoding, header, more than ``max_rows`` records)."""
    text = decode(content)
    rows = reader(text, delimiter=delimiter_of(text))
    records = iter(rows)
    header = next(records, None)
    names = ", ".join(column.name for column in columns)
    if header is None or not any(cell.strip() for cell in header):
        raise BadRequest(
            f"The first line must be the header, naming the columns: {names}.",
            invalid_params=[problem(1, "header", f"Expected the columns: {names}.", "header")],
        )
    by_key = {_key(alias): c.name for c in columns for alias in (c.name, *c.aliases)}
    order: list[str] = []
    header_problems: list[InvalidParam] = []
    for cell in header:
        name = by_key.get(_key(cell))
        if name is None:
            reason = f"Unknown column '{cell.strip()}'; the columns are: {names}."
            header_problems.append(problem(1, cell.strip() or "header", reason, "unknown-column"))
        elif name in order:
            reason = "This column appears twice."
            header_problems.append(problem(1, name, reason, "duplicate-column"))
        order.append(name or "")
    for column in columns:
        if column.required and column.name not in order:
            reason = f"The column '{column.name}' is required."
            header_problems.append(problem(1, column.name, reason, "missing-column"))
    if header_problems:
        raise BadRequest(
            "The header line does not name the columns of this format; nothing was imported.",
            invalid_params=header_problems,
        )
    table = Table(columns=order)
    # A record may span several lines (a quoted cell with a line break): a problem names the line
    # where its record starts, as a spreadsheet shows it.
    read_up_to = rows.line_num
    rows_read = 0
    for raw in records:
        line, read_up_to = read_up_to + 1, rows.line_num
        if not any(cell.strip() for cell in raw):
            continue
        rows_read += 1
        if rows_read > max_rows:  # stop reading at once: the work stays bounded
            raise _too_many(line, max_rows)
        if len(raw) != len(order):
            reason = f"Expected {len(order)} cells, found {len(raw)}."
            table.problems.append(problem(line, "row", reason, "columns"))
            continue
        table.records.append(Record(line, dict(zip(order, raw, strict=True))))
    return table


def validated(
    schema: type[BaseModel], record: Record, data: dict[str, Any], column_of: dict[str, str]
) -> tuple[dict[str, Any] | None, list[InvalidParam]]:
    """``data`` checked as the API checks a request body of ``schema``: the values as the model
    holds them, or the problems, each named by its line and the column ``column_of`` a field."""
    try:
        return schema.model_validate(data).model_dump(), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field_name = str(error["loc"][0]) if error["loc"] else ""
            column = column_of.get(field_name, field_name or "row")
            problems.append(problem(record.line, column, f"{error['msg']}.", error["type"]))
        return None, problems


def names_to_ids(rows: Iterable[tuple[Any, str]]) -> Callable[[str], tuple[Any, str]]:
    """A lookup of records by name (a party, a phase): the exact name first, else the one name
    that matches without regard to case; ``(id, "")``, or ``(None, why)`` when none or several
    match."""
    exact: dict[str, Any] = {}
    folded: dict[str, list[Any]] = {}
    for record_id, name in rows:
        exact[name] = record_id
        folded.setdefault(name.casefold(), []).append(record_id)

    def find(name: str) -> tuple[Any, str]:
        if name in exact:
            return exact[name], ""
        found = folded.get(name.casefold(), [])
        if len(found) == 1:
            return found[0], ""
        if found:
            return (
                None,
                f"'{name}' matches {len(found)} names differing only in case; write it exactly.",
            )
        return None, f"There is no '{name}' in this organisation."

    return find


class CsvImportSummary(ApiModel):
    """What a CSV import added."""

    created: int = Field(description="The records the file added.")


# --- serving an export ------------------------------------------------------------------------

EXPORT_MAX_ROWS = 50_000
"""The most records one CSV export holds; a larger one answers 400 asking for a filter."""

CSV_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The records as CSV.",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


class CsvResponse(Response):
    media_type = "text/csv"


def attachment(text: str, filename: str) -> CsvResponse:
    """A CSV document to download as ``filename``."""
    return CsvResponse(text, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def export_query(spec: ListSpec) -> Callable[..., Awaitable[ListQuery]]:
    """A dependency reading the filters and `q` of ``spec``'s list, without its paging and in its
    default order: an export holds every record the list would show, up to ``EXPORT_MAX_ROWS``.
    (A spreadsheet sorts by itself; and an operation with `sort` would be a paged list.)"""
    listed = list_query(spec)
    parameters = [p for p in inspect.signature(listed).parameters.values() if p.name not in PAGING]

    async def dependency(**values: Any) -> ListQuery:
        request: Request = values["request"]
        known = [k for k in (*RESERVED, *spec.filters) if k not in PAGING]
        if not spec.searchable:
            known.remove("q")
        refuse_unknown_query(request.query_params, known, what="this export")
        query = await listed(limit=MAX_LIMIT, cursor=None, sort=None, **values)
        return dataclasses.replace(query, limit=EXPORT_MAX_ROWS)

    dependency.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    dependency.__name__ = f"export_{spec.name}_query"
    return dependency


def check_complete(cursor: str | None) -> None:
    """400 when an export would hold more than ``EXPORT_MAX_ROWS`` records."""
    if cursor is not None:
        raise BadRequest(
            f"More than {EXPORT_MAX_ROWS} records: narrow the export with the list's filters.",
            invalid_params=[
                InvalidParam(
                    name="q",
                    reason=f"At most {EXPORT_MAX_ROWS} records per export.",
                    code="too-many",
                )
            ],
        )
