"""The one way Kompas writes CSV, and reads back what it wrote: no cell can run as a formula.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and one that starts
with a TAB or CR before them too (OWASP "CSV Injection"): `=HYPERLINK("http://…","klik")` in a
task's title would become a live link in a coordinator's spreadsheet. Some spreadsheets also read
the full-width signs `＝ ＋ － ＠` that an East Asian input method types as formulas, so they
count as well.

The rule, in both directions (docs/role-map-csv.md):

- writing: a cell that starts with one of those characters, or with an apostrophe, gets one
  apostrophe `'` in front. Spreadsheets show such a cell as text (most hide the apostrophe).
- reading: a cell that starts with an apostrophe followed by one of those characters or by
  another apostrophe loses that first apostrophe; every other cell is read as it is.

So every text reads back exactly as it was written (`- a dash list` is written `'- a dash list`
and read back as `- a dash list`), a cell a person types without an apostrophe is taken as typed,
and a file saved again by a spreadsheet that dropped the apostrophes reads the same text too.

Every CSV Kompas writes goes through `write` (tests/api/test_csv_writer.py fails if a module
imports Python's `csv` elsewhere).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

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
        self._reader = csv.reader(io.StringIO(text), delimiter=delimiter)

    @property
    def line_num(self) -> int:
        return self._reader.line_num

    def __iter__(self) -> Iterator[list[str]]:
        for row in self._reader:
            yield [restore(cell) for cell in row]


def reader(text: str, delimiter: str = ",") -> Reader:
    """Read a CSV text as `write` wrote it (or a spreadsheet saved it)."""
    return Reader(text, delimiter)
