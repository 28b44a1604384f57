"""CSV export and import of a role map: a lossless round trip, all-or-nothing imports."""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine
from sqlmodel import select

from kompas.audit.models import AuditAction, AuditEvent
from kompas.core.config import Settings
from kompas.core.principal import Role
from kompas.main import create_app
from kompas.parties.models import PartyKind
from kompas.rolemaps.models import RoleMapTask
from tests.conftest import API, Actor, LiveServer, Tenant, assert_problem
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


# --- formulas (issue 10.5) ---------------------------------------------------------------------

HEADER = "taskId,task,cluster,party,role,perspective\n"
FORMULAS = [
    '=HYPERLINK("http://example.org/","klik")',
    "+31 20 123 4567",
    "@SUM(A1:A9)",
    "- een streepjeslijst",
    "\uff1d1+1",  # a full-width equals sign, as an East Asian input method types it
    "'tussen aanhalingstekens",
]


def tasks_of(http, actor: Actor, role_map) -> list[dict]:
    response = http.get(
        f"/role-maps/{role_map['id']}/tasks", params={"limit": 200}, headers=actor.headers
    )
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_no_exported_cell_can_run_as_a_formula_and_the_import_reads_each_back(
    http, tenant: Tenant, admin: Actor, db
):
    at_home = tenant.party("@Thuis", PartyKind.partner)  # a name may start with a sign too
    werk = tenant.party("Werk en Inkomen")
    created = http.post(
        "/role-maps",
        json={"title": "Formules", "partyIds": [str(at_home.id), str(werk.id)]},
        headers=admin.headers,
    ).json()
    for title in FORMULAS:
        response = http.post(
            f"/role-maps/{created['id']}/tasks",
            json={"title": title, "cluster": "=1+1"},
            headers=admin.headers,
        )
        assert response.status_code == 201, response.text
    # The API trims white space round a title, but older rows may hold a leading TAB or CR.
    db.add_all(
        RoleMapTask(
            organisation_id=tenant.id, role_map_id=uuid.UUID(created["id"]), title=t, position=9
        )
        for t in ("\t=1+1", "\r=1+1")
    )
    db.commit()
    task = tasks_of(http, admin, created)[0]
    put = http.put(
        f"/role-maps/{created['id']}/perspectives/{at_home.id}",
        json={
            "assignments": [
                {"taskId": task["id"], "partyId": str(at_home.id), "role": "responsible"}
            ]
        },
        headers={**admin.headers, "If-Match": "*"},
    )
    assert put.status_code == 200, put.text

    exported = export(http, admin, created)
    rows = list(csv.reader(io.StringIO(exported)))
    for cell in (cell for record in rows for cell in record):
        assert not cell or cell[0] not in "=+-@\t\r\uff1d\uff0b\uff0d\uff20", cell
    titles = {r[1] for r in rows[1:]}
    assert titles == {"'" + t for t in [*FORMULAS, "\t=1+1", "\r=1+1"]}
    assert {r[2] for r in rows[1:]} == {"'=1+1", ""}
    assert ["'@Thuis", "responsible", "'@Thuis"] in [r[3:] for r in rows]

    back = import_csv(http, admin, created, exported)
    assert back.status_code == 200, back.text
    assert export(http, admin, created) == exported
    assert {t["title"] for t in tasks_of(http, admin, created)} >= set(FORMULAS)


def test_new_tasks_by_csv_lose_only_the_escaping_apostrophe(http, admin: Actor, role_map):
    text = HEADER + "".join(
        f",{title},{cluster},Werk en Inkomen,A,agreed\n"
        for title, cluster in [
            ("'=SUM(1+2)", "'-min"),
            ("- een streepjeslijst", ""),
            ("'- met apostrof", ""),
            ("'gewoon", ""),
            ("''=dubbel", ""),
            ("\t=met tab", ""),
        ]
    )
    response = import_csv(http, admin, role_map, text)
    assert response.status_code == 200, response.text
    new = {t["title"]: t["cluster"] for t in tasks_of(http, admin, role_map)[3:]}
    # Surrounding white space is trimmed as the API trims a title: TAB and all.
    assert new == {
        "=SUM(1+2)": "-min",
        "- een streepjeslijst": "",
        "- met apostrof": "",
        "'gewoon": "",
        "'=dubbel": "",
        "=met tab": "",
    }
    exported = [r[1:3] for r in csv.reader(io.StringIO(export(http, admin, role_map)))][4:]
    assert [title for title, _ in exported] == [
        "'=SUM(1+2)",
        "'- een streepjeslijst",
        "'- met apostrof",
        "''gewoon",
        "''=dubbel",
        "'=met tab",
    ]
    assert exported[0][1] == "'-min"


def test_a_new_tasks_title_and_cluster_follow_the_apis_rules(http, admin: Actor, role_map):
    text = (
        HEADER + ",   ,,Werk en Inkomen,A,agreed\n" + f",ok,{'c' * 201},Werk en Inkomen,A,agreed\n"
    )
    assert_problem(import_csv(http, admin, role_map, text), 400, "line.2.task", "line.3.cluster")


# --- bounded work (issue 10.7) -----------------------------------------------------------------


def new_tasks_csv(count: int, start: int = 0) -> str:
    """`count` new tasks, each with a row in the agreed view and one in Woonstede's."""
    return HEADER + "".join(
        f",Taak {n:05},Cluster {n % 7},Werk en Inkomen,A,agreed\n"
        f",Taak {n:05},Cluster {n % 7},Woonstede,R,Woonstede\n"
        for n in range(start, start + count)
    )


@pytest.fixture
def serve(settings: Settings, engine: Engine) -> Iterator[Callable[..., httpx.Client]]:
    """Serves the app with other settings; returns a client for its API."""
    with ExitStack() as stack:

        def start(**changes: Any) -> httpx.Client:
            app = create_app(settings.model_copy(update=changes), engine)
            server = stack.enter_context(LiveServer(app))
            return stack.enter_context(httpx.Client(base_url=server.url + API, timeout=30))

        yield start


def test_an_import_holds_at_most_the_configured_rows_and_more_changes_nothing(
    serve, http, admin: Actor, role_map
):
    client = serve(csv_import_max_rows=4)
    before = export(http, admin, role_map)
    # Empty lines do not count: four rows pass, five do not.
    assert import_csv(client, admin, role_map, new_tasks_csv(2) + ",,,,,\n").status_code == 200
    after_four = export(http, admin, role_map)
    assert after_four != before
    body = assert_problem(
        import_csv(client, admin, role_map, new_tasks_csv(3, start=10)),
        400,
        "line.6.row",
    )
    assert "at most 4 rows" in body["detail"]
    assert body["invalidParams"] == [
        {"name": "line.6.row", "reason": "At most 4 rows per import.", "code": "too-many"}
    ]
    assert export(http, admin, role_map) == after_four


def test_the_default_limit_is_five_thousand_rows(settings: Settings):
    assert Settings().csv_import_max_rows == 5_000
    assert settings.csv_import_max_rows == 5_000


def test_an_import_sends_the_same_number_of_statements_for_ten_or_two_hundred_tasks(
    http, admin: Actor, role_map, count_sql
):
    counts = []
    for start, count in ((0, 10), (1_000, 200)):
        counter = count_sql()
        response = import_csv(http, admin, role_map, new_tasks_csv(count, start))
        assert response.status_code == 200, response.text
        assert response.json() == {"tasksCreated": count, "viewsReplaced": 2, "rows": 2 * count}
        counts.append(len(counter))
    assert counts[0] == counts[1], counts


def test_tasks_made_by_csv_are_in_the_audit_trail_as_tasks_made_one_by_one(
    http, admin: Actor, role_map, db
):
    response = import_csv(http, admin, role_map, new_tasks_csv(3))
    assert response.status_code == 200, response.text
    tasks = {t["title"]: t for t in tasks_of(http, admin, role_map)}
    assert [tasks[f"Taak {n:05}"]["position"] for n in range(3)] == [4, 5, 6]

    def event_of(task_id: str) -> AuditEvent:
        return db.exec(select(AuditEvent).where(AuditEvent.resource_id == uuid.UUID(task_id))).one()

    by_api = event_of(tasks["Signaleren"]["id"])  # made by POST …/tasks, recorded on flush
    for n in range(3):
        task = tasks[f"Taak {n:05}"]
        event = event_of(task["id"])
        assert (event.action, event.resource_type) == (by_api.action, by_api.resource_type)
        assert (event.actor_kind, event.actor_id, event.actor_name) == (
            by_api.actor_kind,
            by_api.actor_id,
            by_api.actor_name,
        )
        assert event.organisation_id == by_api.organisation_id
        assert event.changes.keys() == by_api.changes.keys()
        assert event.changes == {
            "roleMapId": {"from": None, "to": role_map["id"]},
            "title": {"from": None, "to": task["title"]},
            "description": {"from": None, "to": ""},
            "cluster": {"from": None, "to": f"Cluster {n}"},
            "position": {"from": None, "to": 4 + n},
        }
    views = db.exec(
        select(AuditEvent).where(
            AuditEvent.resource_id == uuid.UUID(role_map["id"]),
            AuditEvent.action == AuditAction.update,
        )
    ).all()
    assert sorted(next(iter(e.changes.values()))["to"] for e in views) == ["3 rows", "3 rows"]
