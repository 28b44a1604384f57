"""The fast paths of large maps: the analysis, matrix and view bodies built without their API
models, the answers kept per map until it changes, view replacements that write only what
changed, and a constant number of SQL statements whatever the size of the map.

The bodies are checked against the response models the spec publishes and against the rows
read one by one (the way the analysis was computed before it was grouped in SQL).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, select

from kompas.audit.models import AuditAction, AuditEvent
from kompas.core.principal import Role
from kompas.parties.models import Party, PartyKind
from kompas.rolemaps import service
from kompas.rolemaps.models import RoleAssignment, RoleMap
from kompas.rolemaps.schemas import AnalysisOut, Matrix, PerspectiveRead
from tests.conftest import Actor, Tenant


def put_view(http, actor: Actor, role_map, perspective: str, rows, if_match: str = "*"):
    return http.put(
        f"/role-maps/{role_map['id']}/perspectives/{perspective}",
        json={"assignments": rows},
        headers={**actor.headers, "If-Match": if_match},
    )


def row(task, party, role):
    return {"taskId": task["id"], "partyId": str(party.id), "role": role}


def get(http, actor: Actor, role_map, what: str) -> Any:
    response = http.get(f"/role-maps/{role_map['id']}/{what}", headers=actor.headers)
    assert response.status_code == 200, response.text
    return response.json()


def as_model(model: Any, body: Any) -> Any:
    """What FastAPI made of the same body through the response model."""
    return model.model_validate(body).model_dump(mode="json", by_alias=True)


def row_by_row(engine, role_map) -> Any:
    """The analysis from every row as the driver hands it over, through the API model."""
    with Session(engine) as session:
        stored = session.get(RoleMap, uuid.UUID(role_map["id"]))
        assert stored is not None
        rows = service._fetch(session, stored)
    return as_model(AnalysisOut, service.analysis_out(service._analyse_rows(rows)))


def disagreeing_views(http, admin: Actor, role_map, parties) -> None:
    """Views with a finding of every kind on the fixture's map."""
    werk, zorg, woon = parties["werk"], parties["zorg"], parties["woon"]
    signal, visit, _ = role_map["tasks"]
    for perspective, rows in {
        "agreed": [row(signal, werk, "accountable"), row(signal, zorg, "accountable")],
        str(werk.id): [row(signal, zorg, "accountable"), row(visit, woon, "responsible")],
        str(zorg.id): [row(signal, werk, "accountable"), row(visit, werk, "responsible")],
        str(woon.id): [row(visit, woon, "accountable"), row(visit, woon, "informed")],
    }.items():
        assert put_view(http, admin, role_map, perspective, rows).status_code == 200


def test_the_analysis_body_is_what_its_model_and_the_row_by_row_analysis_give(
    http, engine, admin: Actor, role_map, parties
):
    disagreeing_views(http, admin, role_map, parties)
    body = get(http, admin, role_map, "analysis")
    assert body == as_model(AnalysisOut, body)
    assert body == row_by_row(engine, role_map)
    assert sum(body["summary"]["counts"].values()) >= 5


def test_the_matrix_and_view_bodies_are_what_their_models_give(
    http, admin: Actor, role_map, parties
):
    disagreeing_views(http, admin, role_map, parties)
    matrix = get(http, admin, role_map, "matrix")
    assert matrix == as_model(Matrix, matrix)
    assert matrix["rows"][0]["cells"] == {
        str(parties["werk"].id): ["accountable"],
        str(parties["zorg"].id): ["accountable"],
    }
    woon = parties["woon"]
    view = get(http, admin, role_map, f"perspectives/{woon.id}")
    assert view == as_model(PerspectiveRead, view)
    assert [a["role"] for a in view["assignments"]] == ["accountable", "informed"]
    mine = get(http, admin, role_map, f"matrix?perspective={woon.id}")
    assert mine["rows"][1]["cells"] == {str(woon.id): ["accountable", "informed"]}


def test_a_map_of_more_parties_than_one_integer_holds_is_analysed_alike(
    http, engine, tenant: Tenant, admin: Actor
):
    """Masks of more than 62 parties are summed in several words by the database."""
    parties = [tenant.party(f"Partij {n:03}") for n in range(130)]
    created = http.post(
        "/role-maps",
        json={"title": "Groot", "partyIds": [str(p.id) for p in parties]},
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    role_map = created.json()
    task = http.post(
        f"/role-maps/{role_map['id']}/tasks", json={"title": "Eén"}, headers=admin.headers
    ).json()
    ordered = sorted(parties, key=lambda p: p.id)
    low, middle, high = ordered[1], ordered[70], ordered[129]
    views = {
        "agreed": [row(task, low, "accountable"), row(task, high, "accountable")],
        str(middle.id): [row(task, high, "accountable"), row(task, low, "responsible")],
        str(high.id): [row(task, middle, "accountable"), row(task, middle, "responsible")],
    }
    for perspective, rows in views.items():
        assert put_view(http, admin, role_map, perspective, rows).status_code == 200
    body = get(http, admin, role_map, "analysis")
    assert body == row_by_row(engine, role_map)
    findings = {(f["kind"], tuple(f["partyIds"])) for f in body["tasks"][0]["findings"]}
    assert ("multiple-accountable", (str(low.id), str(high.id))) in findings
    assert ("ball-elsewhere", (str(middle.id), str(high.id))) in findings


def test_what_is_kept_is_never_served_after_a_change(
    http, engine, tenant: Tenant, admin: Actor, role_map, parties, db: Session
):
    """Every kind of change the answers depend on gives a new analysis and matrix, each the
    one read row by row."""
    disagreeing_views(http, admin, role_map, parties)
    werk, zorg, woon = parties["werk"], parties["zorg"], parties["woon"]
    signal = role_map["tasks"][0]
    seen = []

    def read() -> tuple[Any, Any]:
        analysis = get(http, admin, role_map, "analysis")
        assert analysis == row_by_row(engine, role_map)
        matrix = get(http, admin, role_map, "matrix")
        assert get(http, admin, role_map, "matrix") == matrix  # kept alike
        answer = (analysis, matrix)
        assert not seen or answer != seen[-1]
        seen.append(answer)
        return answer

    read()
    # a view
    rows = [row(signal, zorg, "accountable"), row(signal, werk, "responsible")]
    assert put_view(http, admin, role_map, "agreed", rows).status_code == 200
    read()
    # a task added, moved, renamed, removed
    task = http.post(
        f"/role-maps/{role_map['id']}/tasks", json={"title": "Nazorg"}, headers=admin.headers
    )
    assert task.status_code == 201, task.text
    read()
    path = f"/role-maps/{role_map['id']}/tasks/{task.json()['id']}"
    moved = http.patch(
        path,
        json={"position": 0, "title": "Eerst"},
        headers={**admin.headers, "If-Match": task.headers["ETag"]},
    )
    assert moved.status_code == 200, moved.text
    analysis, matrix = read()
    assert analysis["tasks"][0]["taskId"] == matrix["rows"][0]["taskId"] == task.json()["id"]
    assert matrix["rows"][0]["title"] == "Eerst"
    removed = http.delete(path, headers={**admin.headers, "If-Match": moved.headers["ETag"]})
    assert removed.status_code == 204, removed.text
    read()
    # a party renamed, in another domain: its name is in the explanations and the matrix
    stored = db.get(Party, werk.id)
    assert stored is not None
    stored.name = "Werk, Inkomen en Participatie"
    db.commit()
    analysis, matrix = read()
    assert "Werk, Inkomen en Participatie" in {p["name"] for p in matrix["parties"]}
    # who takes part
    current = http.get(f"/role-maps/{role_map['id']}", headers=admin.headers)
    changed = http.patch(
        f"/role-maps/{role_map['id']}",
        json={"partyIds": [str(werk.id), str(zorg.id)]},
        headers={**admin.headers, "If-Match": current.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    read()
    assert str(woon.id) not in {p["id"] for p in seen[-1][1]["parties"]}


def test_submitting_a_view_leaves_the_map_itself_unchanged(http, admin: Actor, role_map, parties):
    """The content version is not the map's version: a partner's view never makes a
    coordinator's edit of the title fail, and the map is not stamped as edited."""
    before = http.get(f"/role-maps/{role_map['id']}", headers=admin.headers)
    signal = role_map["tasks"][0]
    rows = [row(signal, parties["werk"], "accountable")]
    assert put_view(http, admin, role_map, "agreed", rows).status_code == 200
    after = http.get(f"/role-maps/{role_map['id']}", headers=admin.headers)
    assert after.headers["ETag"] == before.headers["ETag"]
    assert after.json()["updatedAt"] == before.json()["updatedAt"]
    renamed = http.patch(
        f"/role-maps/{role_map['id']}",
        json={"title": "Schulden"},
        headers={**admin.headers, "If-Match": before.headers["ETag"]},
    )
    assert renamed.status_code == 200, renamed.text


def test_a_replaced_view_keeps_its_unchanged_rows_and_audits_the_whole_view(
    http, admin: Actor, role_map, parties, db: Session
):
    signal, visit, plan = role_map["tasks"]
    werk, zorg = parties["werk"], parties["zorg"]
    first = [row(signal, werk, "accountable"), row(visit, werk, "responsible")]
    assert put_view(http, admin, role_map, "agreed", first).status_code == 200

    def stored() -> dict[tuple[str, str, str], uuid.UUID]:
        db.expire_all()
        rows = db.exec(
            select(RoleAssignment).where(
                RoleAssignment.role_map_id == uuid.UUID(role_map["id"]),
                RoleAssignment.perspective == "agreed",
            )
        ).all()
        return {(str(a.task_id), str(a.party_id), str(a.role)): a.id for a in rows}

    kept = stored()[(signal["id"], str(werk.id), "accountable")]
    second = [
        row(signal, werk, "accountable"),
        row(plan, zorg, "responsible"),
        row(plan, zorg, "consulted"),
    ]
    response = put_view(http, admin, role_map, "agreed", second)
    assert response.status_code == 200, response.text
    now = stored()
    assert set(now) == {
        (signal["id"], str(werk.id), "accountable"),
        (plan["id"], str(zorg.id), "responsible"),
        (plan["id"], str(zorg.id), "consulted"),
    }
    assert now[(signal["id"], str(werk.id), "accountable")] == kept
    assert (
        response.json()["assignments"]
        == get(http, admin, role_map, "perspectives/agreed")["assignments"]
    )
    trail = db.exec(
        select(AuditEvent)
        .where(
            AuditEvent.resource_id == uuid.UUID(role_map["id"]),
            AuditEvent.action == AuditAction.update,
        )
        .order_by(AuditEvent.occurred_at)
    ).all()
    assert [e.changes for e in trail][-2:] == [
        {"perspectives.agreed": {"from": "0 rows", "to": "2 rows"}},
        {"perspectives.agreed": {"from": "2 rows", "to": "3 rows"}},
    ]
    # Most rows replaced at once: the whole view goes and comes back, alike.
    assert put_view(http, admin, role_map, "agreed", first).status_code == 200
    assert set(stored()) == {
        (signal["id"], str(werk.id), "accountable"),
        (visit["id"], str(werk.id), "responsible"),
    }


def test_a_view_resubmitted_with_ids_spelled_otherwise_is_the_same_view(
    http, admin: Actor, role_map, parties, db: Session
):
    """Rows are compared by the ids' own text: an id in upper case or without hyphens is the
    same id, so nothing is written, the rows keep their ids and the ETag stays."""
    signal, visit, _ = role_map["tasks"]
    werk, zorg = parties["werk"], parties["zorg"]
    rows = [row(signal, werk, "accountable"), row(visit, zorg, "responsible")]
    first = put_view(http, admin, role_map, "agreed", rows)
    assert first.status_code == 200, first.text

    def ids() -> set[uuid.UUID]:
        db.expire_all()
        return set(
            db.exec(
                select(RoleAssignment.id).where(
                    RoleAssignment.role_map_id == uuid.UUID(role_map["id"]),
                    RoleAssignment.perspective == "agreed",
                )
            ).all()
        )

    before = ids()
    spelled = [
        {"taskId": r["taskId"].upper(), "partyId": r["partyId"].replace("-", ""), "role": r["role"]}
        for r in reversed(rows)
    ]
    again = put_view(http, admin, role_map, "agreed", spelled, if_match=first.headers["ETag"])
    assert again.status_code == 200, again.text
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.json() == first.json()
    assert ids() == before
    read = http.get(f"/role-maps/{role_map['id']}/perspectives/agreed", headers=admin.headers)
    assert read.headers["ETag"] == first.headers["ETag"]
    assert read.json() == first.json()


def grow(http, admin: Actor, role_map, parties, tasks: int) -> None:
    """`tasks` more tasks, each with a row in the agreed view and in each party's view."""
    for n in range(tasks):
        task = http.post(
            f"/role-maps/{role_map['id']}/tasks", json={"title": f"Taak {n}"}, headers=admin.headers
        )
        assert task.status_code == 201, task.text
        role_map["tasks"].append(task.json())
    members = list(parties.values())
    for perspective in ["agreed", *(str(p.id) for p in members)]:
        rows = [
            row(task, members[n % len(members)], role)
            for n, task in enumerate(role_map["tasks"])
            for role in ("accountable", "responsible")
        ]
        assert put_view(http, admin, role_map, perspective, rows).status_code == 200


def test_reads_and_a_view_replacement_send_as_many_statements_for_a_larger_map(
    http, admin: Actor, role_map, parties, count_sql
):
    counts = []
    for more_tasks in (0, 30):
        grow(http, admin, role_map, parties, more_tasks)
        werk = parties["werk"]
        rows = [row(task, werk, "accountable") for task in role_map["tasks"]]
        sent = {}
        base = f"/role-maps/{role_map['id']}"
        for what, method, path, body in (
            ("put", "PUT", f"{base}/perspectives/agreed", {"assignments": rows}),
            ("analysis", "GET", f"{base}/analysis", None),
            ("analysis kept", "GET", f"{base}/analysis", None),
            ("matrix", "GET", f"{base}/matrix", None),
            ("matrix kept", "GET", f"{base}/matrix", None),
        ):
            counter = count_sql()
            response = http.request(
                method, path, json=body, headers={**admin.headers, "If-Match": "*"}
            )
            assert response.status_code == 200, response.text
            sent[what] = len(counter)
        counts.append(sent)
    assert counts[0] == counts[1], counts
    small = counts[0]
    assert small["analysis kept"] < small["analysis"]
    assert small["matrix kept"] < small["matrix"]
    assert len(role_map["tasks"]) == 33


def test_maps_of_another_organisation_stay_out_of_reach_with_answers_kept(
    http, tenant: Tenant, other_tenant: Tenant, admin: Actor, role_map
):
    """An answer kept for one organisation's map is not a way in for another."""
    assert get(http, admin, role_map, "analysis")
    outsider = other_tenant.actor()
    for what in ("analysis", "matrix"):
        response = http.get(f"/role-maps/{role_map['id']}/{what}", headers=outsider.headers)
        assert response.status_code == 404, response.text


def test_a_partner_not_in_the_map_cannot_read_its_kept_analysis(
    http, tenant: Tenant, admin: Actor, role_map
):
    assert get(http, admin, role_map, "analysis")
    outsider = tenant.actor(
        role=Role.partner,
        party=tenant.party("Buiten", PartyKind.partner),
    )
    for what in ("analysis", "matrix"):
        response = http.get(f"/role-maps/{role_map['id']}/{what}", headers=outsider.headers)
        assert response.status_code == 404, response.text
