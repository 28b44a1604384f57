"""Admins create and manage users; nobody else can."""

from __future__ import annotations

from kompas.core.principal import Role
from kompas.parties.models import PartyKind
from tests.conftest import Actor, Tenant, assert_problem


def test_admin_creates_a_user_who_can_then_log_in(http, tenant: Tenant, admin: Actor):
    department = tenant.party("Jeugd")
    response = http.post(
        "/users",
        json={
            "email": "Esra@Voorbeeld.nl",
            "name": "Esra Demir",
            "role": "member",
            "partyId": str(department.id),
            "password": "een lang wachtwoord",
        },
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    user = response.json()
    assert user["email"] == "esra@voorbeeld.nl"
    assert not {"password", "passwordHash"} & user.keys()
    token = http.post(
        "/auth/token", data={"username": "esra@voorbeeld.nl", "password": "een lang wachtwoord"}
    )
    assert token.status_code == 200


def test_only_admins_manage_users(http, tenant: Tenant):
    for role in (Role.coordinator, Role.member, Role.partner, Role.viewer):
        actor = tenant.actor(role)
        assert_problem(http.get("/users", headers=actor.headers), 403)
        body = {
            "email": f"x-{role}@v.nl",
            "name": "X",
            "role": "viewer",
            "password": "een lang wachtwoord",
        }
        assert_problem(http.post("/users", json=body, headers=actor.headers), 403)


def test_a_short_password_and_a_taken_email_are_refused(http, admin: Actor):
    body = {"email": admin.user.email, "name": "X", "role": "viewer", "password": "kort"}
    assert_problem(http.post("/users", json=body, headers=admin.headers), 400, "password")
    body["password"] = "een lang wachtwoord"
    assert_problem(http.post("/users", json=body, headers=admin.headers), 409, "email")


def test_a_partner_user_must_belong_to_a_partner(http, tenant: Tenant, admin: Actor):
    department = tenant.party("Jeugd")
    base = {"email": "p@woon.nl", "name": "P", "role": "partner", "password": "een lang wachtwoord"}
    assert_problem(http.post("/users", json=base, headers=admin.headers), 400, "partyId")
    with_department = {**base, "partyId": str(department.id)}
    assert_problem(http.post("/users", json=with_department, headers=admin.headers), 400, "partyId")
    partner = tenant.party("Woonstede", PartyKind.partner)
    assert (
        http.post(
            "/users", json={**base, "partyId": str(partner.id)}, headers=admin.headers
        ).status_code
        == 201
    )


def test_an_admin_cannot_lock_themselves_out(http, admin: Actor):
    etag = http.get(f"/users/{admin.id}", headers=admin.headers).headers["ETag"]
    response = http.patch(
        f"/users/{admin.id}", json={"role": "viewer"}, headers={**admin.headers, "If-Match": etag}
    )
    assert_problem(response, 400, "role")


def test_admin_deactivates_a_user_whose_token_then_stops_working(
    http, tenant: Tenant, admin: Actor
):
    member = tenant.actor(Role.member)
    assert http.get("/me", headers=member.headers).status_code == 200
    etag = http.get(f"/users/{member.id}", headers=admin.headers).headers["ETag"]
    response = http.patch(
        f"/users/{member.id}", json={"isActive": False}, headers={**admin.headers, "If-Match": etag}
    )
    assert response.status_code == 200
    assert_problem(http.get("/me", headers=member.headers), 401)


def test_users_of_another_organisation_are_invisible(http, admin: Actor, other_tenant: Tenant):
    stranger = other_tenant.actor(Role.admin)
    assert_problem(http.get(f"/users/{stranger.id}", headers=admin.headers), 404)
    emails = [u["email"] for u in http.get("/users", headers=admin.headers).json()["items"]]
    assert emails == [admin.user.email]
