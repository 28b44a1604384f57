"""Every CSV Kompas writes goes through kompas.core.csvfile, which neutralises formulas.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a TAB or CR before one) as a
formula: OWASP's "CSV injection". The writer prefixes such a cell with `'`; reading removes that
one apostrophe again, so every text survives a write and a read exactly.
"""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from kompas.core import csvfile

PACKAGE = Path(csvfile.__file__).resolve().parent.parent
DANGEROUS = ["=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20"]


def parsed(text: str) -> list[list[str]]:
    """What a spreadsheet's CSV reader (Python's own, here) makes of the text."""
    return list(csv.reader(io.StringIO(text)))


def test_every_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe():
    cells = [start + 'HYPERLINK("http://example.org","klik")' for start in DANGEROUS]
    text = csvfile.write(["a"], [[cell] for cell in cells])
    assert [row[0] for row in parsed(text)[1:]] == ["'" + cell for cell in cells]


def test_plain_cells_and_non_text_values_are_written_as_they_are():
    text = csvfile.write(["a", "b", "c"], [["Signaleren", None, 3], ["", "a-b", "x=y"]])
    assert parsed(text) == [["a", "b", "c"], ["Signaleren", "", "3"], ["", "a-b", "x=y"]]


def test_a_cell_that_starts_with_an_apostrophe_is_escaped_too_so_it_reads_back_the_same():
    text = csvfile.write(["a"], [["'quoted"], ["'=x"], ["'"]])
    assert [row[0] for row in parsed(text)[1:]] == ["''quoted", "''=x", "''"]
    assert list(csvfile.reader(text))[1:] == [["'quoted"], ["'=x"], ["'"]]


def test_reading_removes_only_an_escaping_apostrophe():
    text = "a\n'=x\n'- lijst\n'gewoon\n''dubbel\n=x\n"
    assert list(csvfile.reader(text)) == [
        ["a"],
        ["=x"],
        ["- lijst"],
        ["'gewoon"],
        ["'dubbel"],
        ["=x"],
    ]


texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@given(st.lists(st.lists(texts, min_size=3, max_size=3), max_size=8))
def test_what_is_written_reads_back_exactly_and_no_cell_can_run(rows):
    text = csvfile.write(["a", "b", "c"], rows)
    for row in parsed(text)[1:]:
        for cell in row:
            assert not cell or cell[0] not in DANGEROUS
    assert list(csvfile.reader(text))[1:] == rows


@given(texts)
def test_neutralise_and_restore_are_each_others_inverse(cell):
    assert csvfile.restore(csvfile.neutralise(cell)) == cell


def _modules() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts]


def test_only_the_core_module_uses_pythons_csv_module():
    """A CSV written any other way would bypass the neutralisation (and reading, its undoing)."""
    offenders = []
    for path in _modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(name == "csv" or name.startswith("csv.") for name in names):
                offenders.append(path.relative_to(PACKAGE).as_posix())
    assert offenders == ["core/csvfile.py"]
