"""People belong to a party; needs and offers run between parties."""

from __future__ import annotations

from kompas.core.principal import Role
from kompas.parties.models import PartyKind
from tests.conftest import Actor, Tenant, assert_problem


def test_a_person_moves_to_another_party(http, tenant: Tenant, admin: Actor):
    werk, zorg = tenant.party("Werk"), tenant.party("Zorg")
    person = http.post(
        "/people",
        json={"name": "Henk", "jobTitle": "Teamleider", "partyId": str(werk.id)},
        headers=admin.headers,
    )
    assert person.status_code == 201
    moved = http.patch(
        f"/people/{person.json()['id']}",
        json={"partyId": str(zorg.id)},
        headers={**admin.headers, "If-Match": person.headers["ETag"]},
    )
    assert moved.json()["partyId"] == str(zorg.id)
    of_zorg = http.get("/people", params={"partyId": str(zorg.id)}, headers=admin.headers).json()[
        "items"
    ]
    assert [p["name"] for p in of_zorg] == ["Henk"]


def test_a_need_from_one_party_to_another_and_its_status(http, tenant: Tenant):
    werk = tenant.party("Werk")
    woon = tenant.party("Woonstede", PartyKind.partner)
    member = tenant.actor(Role.member, party=werk)
    created = http.post(
        "/needs",
        json={
            "partyId": str(werk.id),
            "kind": "need",
            "title": "Vroegsignalering huurachterstand",
            "counterpartPartyId": str(woon.id),
        },
        headers=member.headers,
    )
    assert created.status_code == 201, created.text
    need = created.json()
    assert need["status"] == "open"
    updated = http.patch(
        f"/needs/{need['id']}",
        json={"status": "being-met"},
        headers={**member.headers, "If-Match": created.headers["ETag"]},
    )
    assert updated.json()["status"] == "being-met"
    filtered = http.get(
        "/needs",
        params={"status": "being-met", "counterpartPartyId": str(woon.id)},
        headers=member.headers,
    )
    assert [n["id"] for n in filtered.json()["items"]] == [need["id"]]


def test_a_need_for_everyone_has_no_counterpart(http, tenant: Tenant, admin: Actor):
    werk = tenant.party("Werk")
    created = http.post(
        "/needs",
        json={"partyId": str(werk.id), "kind": "offer", "title": "Kennis"},
        headers=admin.headers,
    )
    assert created.json()["counterpartPartyId"] is None


def test_a_party_cannot_need_something_from_itself(http, tenant: Tenant, admin: Actor):
    werk = tenant.party("Werk")
    body = {
        "partyId": str(werk.id),
        "kind": "need",
        "title": "X",
        "counterpartPartyId": str(werk.id),
    }
    assert_problem(http.post("/needs", json=body, headers=admin.headers), 400, "counterpartPartyId")


def test_viewers_cannot_record_needs(http, tenant: Tenant):
    werk = tenant.party("Werk")
    viewer = tenant.actor(Role.viewer)
    body = {"partyId": str(werk.id), "kind": "need", "title": "X"}
    assert_problem(http.post("/needs", json=body, headers=viewer.headers), 403)


def test_a_need_referring_to_another_organisations_party_is_refused(
    http, tenant: Tenant, admin: Actor, other_tenant: Tenant
):
    werk = tenant.party("Werk")
    elders = other_tenant.party("Elders")
    body = {
        "partyId": str(werk.id),
        "kind": "need",
        "title": "X",
        "counterpartPartyId": str(elders.id),
    }
    assert_problem(http.post("/needs", json=body, headers=admin.headers), 400, "counterpartPartyId")
