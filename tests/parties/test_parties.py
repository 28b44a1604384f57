"""Departments, partners and the parties collection over HTTP."""

from __future__ import annotations

from kompas.core.principal import Role
from kompas.parties.models import PartyKind
from tests.conftest import Actor, Tenant, assert_problem


def test_department_lifecycle_create_read_update_delete(http, admin: Actor):
    created = http.post(
        "/departments",
        json={"name": "Werk en Inkomen", "description": "Bijstand"},
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    department = created.json()
    assert department["kind"] == "department"
    assert created.headers["Location"] == f"/api/v1/departments/{department['id']}"
    assert department["createdAt"].endswith("Z")

    read = http.get(created.headers["Location"].removeprefix("/api/v1"), headers=admin.headers)
    assert read.status_code == 200
    etag = read.headers["ETag"]

    changed = http.patch(
        f"/departments/{department['id']}",
        json={"description": "Bijstand en re-integratie"},
        headers={**admin.headers, "If-Match": etag},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["description"] == "Bijstand en re-integratie"
    assert changed.json()["name"] == "Werk en Inkomen"
    assert changed.headers["ETag"] != etag

    gone = http.delete(
        f"/departments/{department['id']}",
        headers={**admin.headers, "If-Match": changed.headers["ETag"]},
    )
    assert gone.status_code == 204
    assert_problem(http.get(f"/departments/{department['id']}", headers=admin.headers), 404)


def test_partner_keeps_type_website_and_contacts(http, admin: Actor):
    body = {
        "name": "Woonstede",
        "organisationType": "housing-corporation",
        "website": "https://woonstede.example",
        "contacts": [
            {"name": "Sanne Bakker", "role": "Wijkconsulent", "email": "Sanne@Woonstede.example"}
        ],
    }
    created = http.post("/partners", json=body, headers=admin.headers)
    assert created.status_code == 201, created.text
    partner = created.json()
    assert partner["kind"] == "partner"
    assert partner["organisationType"] == "housing-corporation"
    assert partner["contacts"] == [
        {
            "name": "Sanne Bakker",
            "role": "Wijkconsulent",
            "email": "sanne@woonstede.example",
            "phone": None,
        }
    ]


def test_parties_lists_departments_and_partners_together_and_filters_by_kind(
    http, tenant: Tenant, admin: Actor
):
    tenant.party("Jeugd", PartyKind.department)
    tenant.party("GGD", PartyKind.partner, organisation_type="public-health")
    both = http.get("/parties", headers=admin.headers).json()["items"]
    assert [(p["name"], p["kind"]) for p in both] == [("GGD", "partner"), ("Jeugd", "department")]
    partners = http.get("/parties", params={"kind": "partner"}, headers=admin.headers).json()[
        "items"
    ]
    assert [p["name"] for p in partners] == ["GGD"]


def test_a_partner_is_not_found_under_departments(http, tenant: Tenant, admin: Actor):
    partner = tenant.party("GGD", PartyKind.partner)
    assert_problem(http.get(f"/departments/{partner.id}", headers=admin.headers), 404)
    assert http.get(f"/parties/{partner.id}", headers=admin.headers).status_code == 200


def test_another_organisations_party_is_not_found_and_never_listed(
    http, admin: Actor, other_tenant: Tenant
):
    foreign = other_tenant.party("Geheim", PartyKind.department)
    assert_problem(http.get(f"/departments/{foreign.id}", headers=admin.headers), 404)
    assert_problem(http.get(f"/parties/{foreign.id}", headers=admin.headers), 404)
    assert_problem(
        http.patch(
            f"/departments/{foreign.id}",
            json={"name": "x"},
            headers={**admin.headers, "If-Match": '"1"'},
        ),
        404,
    )
    assert http.get("/departments", headers=admin.headers).json()["items"] == []


def test_a_duplicate_party_name_conflicts_case_insensitively(http, tenant: Tenant, admin: Actor):
    tenant.party("Jeugd en Onderwijs")
    response = http.post("/partners", json={"name": "jeugd en onderwijs"}, headers=admin.headers)
    assert_problem(response, 409, "name")


def test_a_party_in_use_cannot_be_deleted_and_says_why(http, tenant: Tenant, admin: Actor):
    department = tenant.party("Zorg")
    http.post(
        "/people", json={"name": "Ingrid", "partyId": str(department.id)}, headers=admin.headers
    )
    response = http.delete(
        f"/departments/{department.id}", headers={**admin.headers, "If-Match": '"1"'}
    )
    body = assert_problem(response, 409)
    assert "1 people" in body["detail"]


def test_members_and_viewers_read_parties_but_cannot_change_them(http, tenant: Tenant):
    for role in (Role.member, Role.viewer, Role.partner):
        actor = tenant.actor(role)
        assert http.get("/departments", headers=actor.headers).status_code == 200
        assert_problem(
            http.post("/departments", json={"name": f"X {role}"}, headers=actor.headers), 403
        )
