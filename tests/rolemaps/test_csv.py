"""CSV export and import of a role map: a lossless round trip, all-or-nothing imports."""

from __future__ import annotations

import csv
import io

from kompas.core.principal import Role
from tests.conftest import Actor, Tenant, assert_problem
from tests.rolemaps.test_role_maps import put_view, row

CSV = {"Content-Type": "text/csv"}


def export(http, actor: Actor, role_map) -> str:
    response = http.get(
        f"/role-maps/{role_map['id']}/csv", headers={**actor.headers, "Accept": "text/csv"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return response.text


def import_csv(http, actor: Actor, role_map, text: str):
    return http.post(
        f"/role-maps/{role_map['id']}/csv", content=text.encode(), headers={**actor.headers, **CSV}
    )


def test_export_then_import_changes_nothing(http, admin: Actor, role_map, parties):
    tasks = role_map["tasks"]
    put_view(
        http,
        admin,
        role_map,
        "agreed",
        [
            row(tasks[0], parties["werk"], "accountable"),
            row(tasks[0], parties["werk"], "responsible"),
        ],
    )
    put_view(
        http,
        admin,
        role_map,
        str(parties["woon"].id),
        [row(tasks[1], parties["werk"], "accountable")],
    )
    before = export(http, admin, role_map)
    rows = list(csv.reader(io.StringIO(before)))
    assert rows[0] == ["taskId", "task", "cluster", "party", "role", "perspective"]
    assert [r[1] for r in rows[1:]] == ["Signaleren", "Signaleren", "Huisbezoek", "Schuldregeling"]
    assert rows[3][3:] == ["Werk en Inkomen", "accountable", "Woonstede"]
    assert rows[4][3:] == ["", "", ""]  # a task without roles still travels
    result = import_csv(http, admin, role_map, before)
    assert result.status_code == 200, result.text
    assert result.json() == {"tasksCreated": 0, "viewsReplaced": 2, "rows": 3}
    assert export(http, admin, role_map) == before


def test_a_party_fills_in_its_view_in_a_spreadsheet_with_semicolons(
    http, tenant: Tenant, role_map, parties
):
    woon = parties["woon"]
    partner = tenant.actor(Role.partner, party=woon)
    task = role_map["tasks"][0]
    text = (
        "\ufefftaskId;task;cluster;party;role;perspective\n"
        f"{task['id']};Signaleren;;Werk en Inkomen;A;Woonstede\n"
        f"{task['id']};Signaleren;;woonstede;R;Woonstede\n"
    )
    response = import_csv(http, partner, role_map, text)
    assert response.status_code == 200, response.text
    view = http.get(
        f"/role-maps/{role_map['id']}/perspectives/{woon.id}", headers=partner.headers
    ).json()
    assert {(a["partyId"], a["role"]) for a in view["assignments"]} == {
        (str(parties["werk"].id), "accountable"),
        (str(woon.id), "responsible"),
    }


def test_every_bad_line_is_reported_and_nothing_is_imported(http, admin: Actor, role_map, parties):
    task = role_map["tasks"][0]
    text = (
        "taskId,task,cluster,party,role,perspective\n"
        f"{task['id']},Signaleren,,Werk en Inkomen,accountable,agreed\n"
        f"{task['id']},Signaleren,,Onbekend,accountable,agreed\n"
        f"{task['id']},Signaleren,,Werk en Inkomen,eigenaar,agreed\n"
        "00000000-0000-4000-8000-000000000000,X,,Werk en Inkomen,A,agreed\n"
        f"{task['id']},Signaleren,,Werk en Inkomen,A,iedereen\n"
        ",Nieuwe taak,Nieuw,Woonstede,R,agreed\n"
        "te,weinig\n"
    )
    before = export(http, admin, role_map)
    response = import_csv(http, admin, role_map, text)
    assert_problem(
        response,
        400,
        "line.3.party",
        "line.4.role",
        "line.5.taskId",
        "line.6.perspective",
        "line.8.row",
    )
    assert export(http, admin, role_map) == before


def test_new_tasks_are_for_coordinators_and_views_for_their_own_party(
    http, tenant: Tenant, role_map, parties
):
    member = tenant.actor(Role.member, party=parties["werk"])
    text = (
        "taskId,task,cluster,party,role,perspective\n"
        ",Nieuwe taak,,Werk en Inkomen,A,Werk en Inkomen\n"
    )
    assert_problem(import_csv(http, member, role_map, text), 400, "task")
    task = role_map["tasks"][0]
    other_view = (
        "taskId,task,cluster,party,role,perspective\n"
        f"{task['id']},x,,Werk en Inkomen,A,Zorg en Welzijn\n"
    )
    response = import_csv(http, member, role_map, other_view)
    assert_problem(response, 400, f"perspective.{parties['zorg'].id}")


def test_a_coordinator_adds_tasks_by_csv(http, admin: Actor, role_map):
    text = (
        "taskId,task,cluster,party,role,perspective\n"
        ",Nazorg,Na afloop,Werk en Inkomen,A,agreed\n"
        ",Nazorg,Na afloop,Zorg en Welzijn,R,agreed\n"
    )
    assert import_csv(http, admin, role_map, text).json()["tasksCreated"] == 1
    titles = [
        t["title"]
        for t in http.get(f"/role-maps/{role_map['id']}/tasks", headers=admin.headers).json()[
            "items"
        ]
    ]
    assert titles[-1] == "Nazorg"


def test_the_import_takes_text_csv_only_and_a_header(http, admin: Actor, role_map):
    response = http.post(f"/role-maps/{role_map['id']}/csv", json={"a": 1}, headers=admin.headers)
    assert_problem(response, 415)
    assert_problem(import_csv(http, admin, role_map, "a,b\n1,2\n"), 400, "line.1.header")
    latin = http.post(
        f"/role-maps/{role_map['id']}/csv",
        content="taskId\n\xe9".encode("latin-1"),
        headers={**admin.headers, **CSV},
    )
    assert_problem(latin, 400, "body")


def test_a_problem_names_the_line_where_its_record_starts_after_a_multi_line_cell(
    http, admin: Actor, role_map
):
    # A spreadsheet may put a line break inside a quoted cell: the record spans lines 2 and 3.
    text = (
        "taskId,task,cluster,party,role,perspective\n"
        ',"Twee\nregels",c,Woonstede,R,agreed\n'
        ",x,c,Woonstede,X,agreed\n"
    )
    before = export(http, admin, role_map)
    assert_problem(import_csv(http, admin, role_map, text), 400, "line.4.role")
    assert export(http, admin, role_map) == before


def test_a_party_exports_only_its_own_view_and_imports_it_back(
    http, tenant: Tenant, admin: Actor, role_map, parties
):
    werk = parties["werk"]
    member = tenant.actor(Role.member, party=werk)
    signaleren = role_map["tasks"][0]
    for perspective in ("agreed", str(werk.id)):
        put = http.put(
            f"/role-maps/{role_map['id']}/perspectives/{perspective}",
            json={
                "assignments": [
                    {"taskId": signaleren["id"], "partyId": str(werk.id), "role": "accountable"}
                ]
            },
            headers={**admin.headers, "If-Match": "*"},
        )
        assert put.status_code == 200, put.text
    response = http.get(
        f"/role-maps/{role_map['id']}/csv",
        params={"perspective": str(werk.id)},
        headers={**member.headers, "Accept": "text/csv"},
    )
    assert response.status_code == 200, response.text
    rows = list(csv.DictReader(io.StringIO(response.text)))
    # Every task is listed, so the spreadsheet can be filled in; only this party's rows.
    assert {r["task"] for r in rows} == {t["title"] for t in role_map["tasks"]}
    assert {r["perspective"] for r in rows if r["role"]} == {"Werk en Inkomen"}
    back = import_csv(http, member, role_map, response.text)
    assert back.status_code == 200, back.text
    assert_problem(
        http.get(
            f"/role-maps/{role_map['id']}/csv",
            params={"perspective": "iemand"},
            headers={**member.headers, "Accept": "text/csv"},
        ),
        400,
        "perspective",
    )
