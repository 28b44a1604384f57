"""Hypothesis against the CSV reader and the import endpoints (issue 13, "Hostile input").

Random tables of strings (quotes, separators, line breaks, formula starts, any unicode) written as
Kompas writes them read back exactly, with or without BOM, `,` or `;`; random bytes never make
the reader or an endpoint fail with anything but a 400.
"""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from kompas.core import csvfile
from kompas.core.csvfile import Column
from kompas.core.errors import BadRequest
from kompas.core.principal import Role
from kompas.parties.models import Person
from kompas.parties.schemas import PersonCreate
from tests.conftest import assert_problem
from tests.csvio.conftest import export, rows, send, without_ids

COLUMNS = [Column("a", ("eerste",), required=True), Column("b"), Column("c")]
FORMULA_STARTS = "=+-@\t\r'\uff1d"
# Any text but a NUL and a lone surrogate (which UTF-8 cannot hold), with the awkward characters
# made likely.
cell = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        st.sampled_from(list(FORMULA_STARTS + '",;\n\r "\ufeff')),
    ),
    max_size=12,
)
tables = st.lists(st.lists(cell, min_size=3, max_size=3), max_size=8)


def as_file(table: list[list[str]], delimiter: str, bom: bool) -> bytes:
    """The table as Kompas writes it (`csvfile.write`), or with `;` as a Dutch spreadsheet would."""
    if delimiter == ",":
        text = csvfile.write(["a", "b", "c"], table)
    else:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(["eerste", "b", "c"])
        writer.writerows([csvfile.neutralise(value) for value in row] for row in table)
        text = out.getvalue()
    return ("\ufeff" if bom else "").encode() + text.encode()


@settings(max_examples=300, deadline=None)
@given(table=tables, delimiter=st.sampled_from([",", ";"]), bom=st.booleans())
def test_any_table_written_reads_back_exactly_whatever_the_separator_and_bom(table, delimiter, bom):
    read = csvfile.read_table(as_file(table, delimiter, bom), COLUMNS, max_rows=100)
    expected = [row for row in table if any(value.strip() for value in row)]
    assert [[r.cells[c] for c in "abc"] for r in read.records] == expected
    assert read.problems == []


@settings(max_examples=500, deadline=None)
@given(content=st.binary(max_size=200))
@example(content=b"a,b,c\r\nx\ry,1,2\r\n")  # a CR alone ends a line, as in old Mac files
@example(content=b'a\nx\r"y\n')  # a quote inside an unquoted cell after a CR
@example(content=b"a,b,c\n" + b"x" * 140_000 + b",,\n")  # beyond the csv module's cell limit
def test_random_bytes_are_read_or_refused_with_a_400_never_anything_else(content):
    try:
        table = csvfile.read_table(content, COLUMNS, max_rows=5)
    except BadRequest as exc:
        refused = exc  # a 400 that names what is wrong
    else:
        assert len(table.records) <= 5
        return
    assert refused.invalid_params


def _valid_person(name: str, job_title: str) -> bool:
    try:
        person = PersonCreate.model_validate(
            {
                "name": name,
                "job_title": job_title,
                "party_id": "00000000-0000-4000-8000-000000000000",
            }
        )
    except ValidationError:
        return False
    return (person.name, person.job_title) == (name, job_title)


people = st.lists(
    st.tuples(cell.filter(bool), cell).filter(lambda p: _valid_person(*p)),
    min_size=1,
    max_size=5,
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(found=people)
def test_random_people_round_trip_exactly_through_export_and_import(http, make_tenant, found):
    source, target = make_tenant(None), make_tenant(None)
    party = source.party("Werk en Inkomen")
    target.party("Werk en Inkomen")
    for name, job_title in found:
        source.add(
            Person(organisation_id=source.id, party_id=party.id, name=name, job_title=job_title)
        )
    text = export(http, source.actor(Role.admin), "people")
    assert sorted((r["name"], r["jobTitle"]) for r in rows(text)) == sorted(
        (csvfile.neutralise(n), csvfile.neutralise(j)) for n, j in found
    )
    importer = target.actor(Role.admin)
    response = send(http, importer, "people", text)
    assert response.status_code == 200, response.text
    again = export(http, importer, "people")
    assert sorted(map(str, without_ids(again))) == sorted(map(str, without_ids(text)))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    collection=st.sampled_from(["parties", "people", "needs", "agenda-items"]),
    content=st.one_of(
        st.binary(max_size=300),
        st.builds(
            lambda header, body: (header + "\n" + body).encode("utf-8", "surrogatepass"),
            st.sampled_from(
                ["kind,name", "name,party", "kind,title,party", "title,leadParty", "naam;partij"]
            ),
            cell,
        ),
    ),
)
def test_random_bytes_to_every_import_answer_200_or_a_400_problem(http, admin, collection, content):
    response = send(http, admin, collection, content)
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400:
        assert response.headers["content-type"].startswith("application/problem+json")


def test_a_role_map_import_with_a_lone_cr_or_a_giant_cell_answers_400_not_500(
    serve, http, admin, tenant
):
    # The role maps read through the same core reader: its fixes are theirs too.
    party = tenant.party("Werk en Inkomen")
    role_map = http.post(
        "/role-maps", json={"title": "Kaart", "partyIds": [str(party.id)]}, headers=admin.headers
    )
    assert role_map.status_code == 201, role_map.text
    path = f"/role-maps/{role_map.json()['id']}/csv"
    # The default body limit (tests run with less) lets a cell beyond the csv module's limit in.
    client = serve(max_body_bytes=1_048_576)
    header = b"taskId,task,cluster,party,role,perspective\n"
    for body, name in (
        (header + b",Taak\rmet CR,,Werk en Inkomen,R,agreed\n", "line.2.row"),
        (header + b"," + b"x" * 140_000 + b",,,,\n", "line.2.row"),
    ):
        response = client.post(
            path, content=body, headers={**admin.headers, "Content-Type": "text/csv"}
        )
        assert_problem(response, 400, name)
