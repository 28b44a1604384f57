"""Idempotency-Key on POST: a retry answers the first response and creates nothing twice."""

from __future__ import annotations

from kompas.core.principal import Role
from tests.conftest import Actor, Tenant, assert_problem


def test_the_same_key_and_body_replays_the_first_response(http, admin: Actor):
    headers = {**admin.headers, "Idempotency-Key": "werk-1"}
    first = http.post("/departments", json={"name": "Werk"}, headers=headers)
    again = http.post("/departments", json={"name": "Werk"}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(http.get("/departments", headers=admin.headers).json()["items"]) == 1


def test_the_same_key_with_another_body_is_422(http, admin: Actor):
    headers = {**admin.headers, "Idempotency-Key": "werk-2"}
    assert http.post("/departments", json={"name": "Werk"}, headers=headers).status_code == 201
    assert_problem(http.post("/departments", json={"name": "Zorg"}, headers=headers), 422)
    assert [d["name"] for d in http.get("/departments", headers=admin.headers).json()["items"]] == [
        "Werk"
    ]


def test_a_failed_request_is_not_remembered(http, admin: Actor):
    headers = {**admin.headers, "Idempotency-Key": "werk-3"}
    assert_problem(http.post("/departments", json={"name": ""}, headers=headers), 400)
    assert http.post("/departments", json={"name": ""}, headers=headers).status_code == 400
    assert http.post("/departments", json={"name": "Werk"}, headers=headers).status_code == 201


def test_keys_are_per_caller(http, tenant: Tenant, admin: Actor):
    other = tenant.actor(Role.coordinator)
    first = http.post(
        "/departments", json={"name": "Werk"}, headers={**admin.headers, "Idempotency-Key": "k"}
    )
    second = http.post(
        "/departments", json={"name": "Werk"}, headers={**other.headers, "Idempotency-Key": "k"}
    )
    assert first.status_code == 201
    assert_problem(second, 409)  # not a replay of the admin's response: a real, conflicting create


def test_an_invalid_key_is_400(http, admin: Actor):
    response = http.post(
        "/departments", json={"name": "Werk"}, headers={**admin.headers, "Idempotency-Key": "a b"}
    )
    problem = assert_problem(response, 400, "Idempotency-Key")
    assert problem["type"].endswith("/invalid-request")  # as every other invalid input


def test_a_key_belongs_to_one_operation_not_to_every_endpoint(http, admin: Actor):
    # A client that numbers its keys per endpoint reuses them across endpoints.
    headers = {**admin.headers, "Idempotency-Key": "1"}
    department = http.post("/departments", json={"name": "Werk"}, headers=headers)
    partner = http.post("/partners", json={"name": "Woonstede"}, headers=headers)
    assert department.status_code == partner.status_code == 201, partner.text
    assert "Idempotent-Replayed" not in partner.headers
    department_id, partner_id = department.json()["id"], partner.json()["id"]
    assert http.get(f"/departments/{department_id}", headers=admin.headers).status_code == 200
    assert http.get(f"/partners/{partner_id}", headers=admin.headers).status_code == 200


def test_a_key_belongs_to_the_concrete_path_not_the_route(http, admin: Actor):
    # The same body under two role maps is two tasks: a replay would answer map A's task for B.
    maps = [
        http.post("/role-maps", json={"title": title}, headers=admin.headers).json()["id"]
        for title in ("Schulden", "Jeugd")
    ]
    headers = {**admin.headers, "Idempotency-Key": "taak-1"}
    tasks = [
        http.post(f"/role-maps/{map_id}/tasks", json={"title": "Signaleren"}, headers=headers)
        for map_id in maps
    ]
    assert [t.status_code for t in tasks] == [201, 201], tasks[1].text
    assert [t.json()["roleMapId"] for t in tasks] == maps
    again = http.post(f"/role-maps/{maps[1]}/tasks", json={"title": "Signaleren"}, headers=headers)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == tasks[1].json()


def test_whitespace_and_key_order_of_a_json_body_do_not_count(http, admin: Actor):
    headers = {**admin.headers, "Idempotency-Key": "partner-1", "Content-Type": "application/json"}
    first = http.post(
        "/partners", content=b'{"name":"Woonstede","description":"Wonen"}', headers=headers
    )
    again = http.post(
        "/partners",
        content=b'{\n  "description": "Wonen",\n  "name": "Woonstede"\n}\n',
        headers=headers,
    )
    assert first.status_code == again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert_problem(
        http.post(
            "/partners", content=b'{"name": "Woonstede", "description": "Zorg"}', headers=headers
        ),
        422,
    )


def test_a_body_that_is_not_json_is_compared_byte_for_byte(http, admin: Actor):
    role_map = http.post("/role-maps", json={"title": "Schulden"}, headers=admin.headers).json()
    headers = {**admin.headers, "Idempotency-Key": "csv-1", "Content-Type": "text/csv"}
    csv = "taskId,task,cluster,party,role,perspective\n,Nazorg,,,,\n"
    path = f"/role-maps/{role_map['id']}/csv"
    first = http.post(path, content=csv.encode(), headers=headers)
    again = http.post(path, content=csv.encode(), headers=headers)
    assert first.status_code == again.status_code == 200, first.text
    assert first.json()["tasksCreated"] == 1
    assert again.headers["Idempotent-Replayed"] == "true"
    assert_problem(
        http.post(path, content=csv.replace(",,,,", ", ,,,").encode(), headers=headers), 422
    )
    tasks = http.get(f"{path.removesuffix('/csv')}/tasks", headers=admin.headers).json()["items"]
    assert [t["title"] for t in tasks] == ["Nazorg"]
