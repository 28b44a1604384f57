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
    assert_problem(response, 400)
