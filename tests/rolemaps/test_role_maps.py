"""Role maps over HTTP: maps with parties, tasks, whole views per perspective, the matrix."""

from __future__ import annotations

from kompas.core.principal import Role
from tests.conftest import Actor, Tenant, assert_problem


def put_view(http, actor: Actor, role_map, perspective: str, rows, if_match: str = "*"):
    return http.put(
        f"/role-maps/{role_map['id']}/perspectives/{perspective}",
        json={"assignments": rows},
        headers={**actor.headers, "If-Match": if_match},
    )


def row(task, party, role):
    return {"taskId": task["id"], "partyId": str(party.id), "role": role}


def test_a_map_keeps_its_parties_and_orders_its_tasks(http, admin: Actor, role_map, parties):
    read = http.get(f"/role-maps/{role_map['id']}", headers=admin.headers).json()
    assert sorted(read["partyIds"]) == sorted(str(p.id) for p in parties.values())
    tasks = http.get(f"/role-maps/{role_map['id']}/tasks", headers=admin.headers).json()["items"]
    assert [(t["title"], t["position"]) for t in tasks] == [
        ("Signaleren", 1),
        ("Huisbezoek", 2),
        ("Schuldregeling", 3),
    ]


def test_a_party_submits_its_own_view_and_reads_it_back(http, tenant: Tenant, role_map, parties):
    werk = parties["werk"]
    member = tenant.actor(Role.member, party=werk)
    signaleren = role_map["tasks"][0]
    response = put_view(
        http, member, role_map, str(werk.id), [row(signaleren, parties["woon"], "accountable")]
    )
    assert response.status_code == 200, response.text
    read = http.get(f"/role-maps/{role_map['id']}/perspectives/{werk.id}", headers=member.headers)
    assert read.json()["assignments"] == [
        {"taskId": signaleren["id"], "partyId": str(parties["woon"].id), "role": "accountable"}
    ]
    assert read.headers["ETag"] == response.headers["ETag"]


def test_a_view_is_replaced_whole_and_a_stale_etag_is_refused(
    http, admin: Actor, role_map, parties
):
    first = put_view(
        http,
        admin,
        role_map,
        "agreed",
        [row(t, parties["werk"], "accountable") for t in role_map["tasks"]],
    )
    etag = first.headers["ETag"]
    second = put_view(
        http,
        admin,
        role_map,
        "agreed",
        [row(role_map["tasks"][0], parties["zorg"], "responsible")],
        etag,
    )
    assert len(second.json()["assignments"]) == 1
    assert_problem(put_view(http, admin, role_map, "agreed", [], etag), 412)
    missing = http.put(
        f"/role-maps/{role_map['id']}/perspectives/agreed",
        json={"assignments": []},
        headers=admin.headers,
    )
    assert_problem(missing, 428)


def test_every_bad_row_is_reported_and_nothing_changes(
    http, admin: Actor, tenant: Tenant, role_map, parties
):
    outsider = tenant.party("Buiten de kaart")
    good = row(role_map["tasks"][0], parties["werk"], "accountable")
    rows = [
        good,
        row(role_map["tasks"][1], outsider, "responsible"),
        {
            "taskId": "00000000-0000-4000-8000-000000000000",
            "partyId": str(parties["zorg"].id),
            "role": "informed",
        },
        good,
    ]
    response = put_view(http, admin, role_map, "agreed", rows)
    assert_problem(response, 400, "assignments.1.partyId", "assignments.2.taskId", "assignments.3")
    bad_role = put_view(http, admin, role_map, "agreed", [{**good, "role": "owner"}])
    assert_problem(bad_role, 400, "assignments.0.role")
    assert (
        http.get(f"/role-maps/{role_map['id']}/perspectives/agreed", headers=admin.headers).json()[
            "assignments"
        ]
        == []
    )


def test_only_coordinators_set_the_agreed_view_and_parties_speak_for_themselves(
    http, tenant: Tenant, role_map, parties
):
    member = tenant.actor(Role.member, party=parties["werk"])
    assert_problem(put_view(http, member, role_map, "agreed", []), 403)
    assert_problem(put_view(http, member, role_map, str(parties["zorg"].id), []), 403)
    partner = tenant.actor(Role.partner, party=parties["woon"])
    assert put_view(http, partner, role_map, str(parties["woon"].id), []).status_code == 200
    viewer = tenant.actor(Role.viewer, party=parties["werk"])
    assert_problem(put_view(http, viewer, role_map, str(parties["werk"].id), []), 403)


def test_a_perspective_of_a_party_outside_the_map_is_not_found(
    http, admin: Actor, tenant: Tenant, role_map
):
    outsider = tenant.party("Buiten de kaart")
    assert_problem(
        http.get(f"/role-maps/{role_map['id']}/perspectives/{outsider.id}", headers=admin.headers),
        404,
    )
    assert_problem(
        http.get(f"/role-maps/{role_map['id']}/perspectives/iedereen", headers=admin.headers), 400
    )


def test_the_matrix_shows_tasks_by_parties_for_one_view(http, admin: Actor, role_map, parties):
    signaleren, huisbezoek, _ = role_map["tasks"]
    put_view(
        http,
        admin,
        role_map,
        "agreed",
        [
            row(signaleren, parties["woon"], "responsible"),
            row(signaleren, parties["werk"], "accountable"),
            row(huisbezoek, parties["zorg"], "consulted"),
        ],
    )
    matrix = http.get(
        f"/role-maps/{role_map['id']}/matrix",
        params={"perspective": "agreed"},
        headers=admin.headers,
    ).json()
    assert [p["name"] for p in matrix["parties"]] == [
        "Werk en Inkomen",
        "Woonstede",
        "Zorg en Welzijn",
    ]
    first = matrix["rows"][0]
    assert first["title"] == "Signaleren"
    assert first["cells"] == {
        str(parties["werk"].id): ["accountable"],
        str(parties["woon"].id): ["responsible"],
    }
    assert matrix["rows"][2]["cells"] == {}


def test_a_partner_sees_only_maps_its_party_takes_part_in(
    http, tenant: Tenant, admin: Actor, role_map, parties
):
    other = http.post(
        "/role-maps",
        json={"title": "Intern", "partyIds": [str(parties["werk"].id)]},
        headers=admin.headers,
    ).json()
    partner = tenant.actor(Role.partner, party=parties["woon"])
    titles = [m["title"] for m in http.get("/role-maps", headers=partner.headers).json()["items"]]
    assert titles == ["Schulden en armoede"]
    assert_problem(http.get(f"/role-maps/{other['id']}", headers=partner.headers), 404)


def test_a_view_replacement_is_one_audit_event(http, admin: Actor, role_map, parties):
    put_view(
        http,
        admin,
        role_map,
        "agreed",
        [row(t, parties["werk"], "accountable") for t in role_map["tasks"]],
    )
    events = http.get(
        "/audit-events",
        params={"resourceId": role_map["id"], "action": "update"},
        headers=admin.headers,
    ).json()["items"]
    assert len(events) == 1
    assert events[0]["changes"] == {"perspectives.agreed": {"from": "0 rows", "to": "3 rows"}}


def test_unknown_parties_and_phases_of_a_new_map_are_listed(
    http, admin: Actor, other_tenant: Tenant, parties
):
    foreign = other_tenant.party("Elders")
    body = {
        "title": "Fout",
        "phaseId": "00000000-0000-4000-8000-000000000000",
        "partyIds": [str(parties["werk"].id), str(foreign.id), str(parties["werk"].id)],
    }
    assert_problem(
        http.post("/role-maps", json=body, headers=admin.headers),
        400,
        "phaseId",
        "partyIds.1",
        "partyIds.2",
    )


def test_deleting_a_task_removes_its_roles_in_every_view(http, admin: Actor, role_map, parties):
    task = role_map["tasks"][0]
    put_view(http, admin, role_map, "agreed", [row(task, parties["werk"], "accountable")])
    etag = http.get(
        f"/role-maps/{role_map['id']}/tasks/{task['id']}", headers=admin.headers
    ).headers["ETag"]
    assert (
        http.delete(
            f"/role-maps/{role_map['id']}/tasks/{task['id']}",
            headers={**admin.headers, "If-Match": etag},
        ).status_code
        == 204
    )
    assert (
        http.get(f"/role-maps/{role_map['id']}/assignments", headers=admin.headers).json()["items"]
        == []
    )


def test_the_analysis_finds_the_ball_elsewhere_and_names_both_parties(
    http, tenant: Tenant, role_map, parties
):
    signaleren = role_map["tasks"][0]
    werk, woon = parties["werk"], parties["woon"]
    put_view(
        http,
        tenant.actor(Role.member, party=werk),
        role_map,
        str(werk.id),
        [row(signaleren, woon, "accountable")],
    )
    put_view(
        http,
        tenant.actor(Role.partner, party=woon),
        role_map,
        str(woon.id),
        [row(signaleren, werk, "accountable")],
    )
    result = http.get(
        f"/role-maps/{role_map['id']}/analysis", headers=tenant.actor(Role.viewer).headers
    ).json()
    assert [t["taskId"] for t in result["tasks"]] == [t["id"] for t in role_map["tasks"]]
    findings = {f["kind"]: f for f in result["tasks"][0]["findings"]}
    assert "ball-elsewhere" in findings
    assert sorted(findings["ball-elsewhere"]["partyIds"]) == sorted([str(werk.id), str(woon.id)])
    assert findings["ball-elsewhere"]["explanation"]["nl"]
    assert findings["ball-elsewhere"]["explanation"]["en"]
    assert result["summary"]["counts"]["ball-elsewhere"] == 1
    assert 0 <= result["summary"]["clarity"] <= 1


def test_snapshots_keep_the_analysis_and_the_comparison_shows_progress(
    http, admin: Actor, role_map, parties
):
    tasks = role_map["tasks"]
    werk, zorg = parties["werk"], parties["zorg"]
    # Before the table: one task owned twice, the others without owner or doer.
    put_view(
        http,
        admin,
        role_map,
        "agreed",
        [row(tasks[0], werk, "accountable"), row(tasks[0], zorg, "accountable")],
    )
    before = http.post(
        f"/role-maps/{role_map['id']}/snapshots",
        json={"label": "Voor de partnertafel"},
        headers=admin.headers,
    )
    assert before.status_code == 201, before.text
    # The table agrees: Werk owns and Zorg does every task.
    agreed = [row(t, werk, "accountable") for t in tasks] + [
        row(t, zorg, "responsible") for t in tasks
    ]
    put_view(http, admin, role_map, "agreed", agreed)
    after = http.post(
        f"/role-maps/{role_map['id']}/snapshots",
        json={"label": "Na de partnertafel"},
        headers=admin.headers,
    ).json()
    assert after["clarity"] == 1.0
    assert before.json()["clarity"] < after["clarity"]

    comparison = http.get(
        f"/role-maps/{role_map['id']}/comparison",
        params={"from": before.json()["id"], "to": after["id"]},
        headers=admin.headers,
    ).json()
    resolved = {(c["taskId"], c["finding"]["kind"]) for c in comparison["resolved"]}
    assert (tasks[0]["id"], "multiple-accountable") in resolved
    assert (tasks[1]["id"], "no-accountable") in resolved
    assert comparison["new"] == []
    assert comparison["clarityAfter"] == 1.0
    now = http.get(
        f"/role-maps/{role_map['id']}/comparison",
        params={"from": after["id"]},
        headers=admin.headers,
    ).json()
    assert now["to"] == "current"
    assert now["resolved"] == now["new"] == []

    listed = http.get(f"/role-maps/{role_map['id']}/snapshots", headers=admin.headers).json()[
        "items"
    ]
    assert [s["label"] for s in listed] == ["Na de partnertafel", "Voor de partnertafel"]


def test_a_comparison_with_an_unknown_snapshot_names_the_parameter(http, admin: Actor, role_map):
    response = http.get(
        f"/role-maps/{role_map['id']}/comparison",
        params={"from": "00000000-0000-4000-8000-000000000000"},
        headers=admin.headers,
    )
    assert_problem(response, 400, "from")


def test_a_party_may_be_accountable_and_responsible_but_not_twice_the_same(
    http, admin: Actor, role_map, parties
):
    task = role_map["tasks"][0]
    both = [row(task, parties["werk"], "accountable"), row(task, parties["werk"], "responsible")]
    assert put_view(http, admin, role_map, "agreed", both).status_code == 200
    matrix = http.get(f"/role-maps/{role_map['id']}/matrix", headers=admin.headers).json()
    assert matrix["rows"][0]["cells"][str(parties["werk"].id)] == ["responsible", "accountable"]
    twice = [row(task, parties["werk"], "accountable")] * 2
    assert_problem(put_view(http, admin, role_map, "agreed", twice), 400, "assignments.1")
