"""Partners see only what is shared with them or involves them; members change their own party's."""

from __future__ import annotations

import pytest

from kompas.core.principal import Role
from kompas.parties.models import Need, NeedKind, PartyKind
from tests.conftest import Tenant, assert_problem


@pytest.fixture
def world(tenant: Tenant):
    werk = tenant.party("Werk en Inkomen")
    jeugd = tenant.party("Jeugd")
    woon = tenant.party("Woonstede", PartyKind.partner)
    ggd = tenant.party("GGD", PartyKind.partner)

    def need(title: str, party, counterpart=None, visibility="organisation") -> Need:
        return tenant.add(
            Need(
                organisation_id=tenant.id,
                party_id=party.id,
                counterpart_party_id=counterpart.id if counterpart else None,
                kind=NeedKind.need,
                title=title,
                visibility=visibility,
            )
        )

    needs = {
        "internal": need("Intern overleg", werk, jeugd),
        "asked of woonstede": need("Vroegsignalering", werk, woon),
        "woonstede's own": need("Contactpersoon", woon),
        "shared": need("Wijkcijfers", jeugd, visibility="partners"),
        "published": need("Open data", jeugd, visibility="published"),
        "ggd only": need("GGD-overleg", werk, ggd),
    }
    return {"werk": werk, "jeugd": jeugd, "woon": woon, "needs": needs}


def test_a_partner_sees_only_needs_shared_with_partners_or_involving_it(
    http, tenant: Tenant, world
):
    sanne = tenant.actor(Role.partner, party=world["woon"])
    listed = {n["title"] for n in http.get("/needs", headers=sanne.headers).json()["items"]}
    assert listed == {"Vroegsignalering", "Contactpersoon", "Wijkcijfers", "Open data"}
    for hidden in ("internal", "ggd only"):
        assert_problem(http.get(f"/needs/{world['needs'][hidden].id}", headers=sanne.headers), 404)
    member = tenant.actor(Role.member, party=world["jeugd"])
    assert len(http.get("/needs", headers=member.headers).json()["items"]) == 6


def test_a_partner_sees_only_its_own_people(http, tenant: Tenant, world, admin):
    for name, party in (("Sanne", world["woon"]), ("Henk", world["werk"])):
        http.post("/people", json={"name": name, "partyId": str(party.id)}, headers=admin.headers)
    sanne = tenant.actor(Role.partner, party=world["woon"])
    people = http.get("/people", headers=sanne.headers).json()["items"]
    assert [p["name"] for p in people] == ["Sanne"]


def test_members_and_partners_record_needs_of_their_own_party_only(http, tenant: Tenant, world):
    sanne = tenant.actor(Role.partner, party=world["woon"])
    own = {"partyId": str(world["woon"].id), "kind": "offer", "title": "Huisbezoek"}
    created = http.post("/needs", json=own, headers=sanne.headers)
    assert created.status_code == 201, created.text
    other = {**own, "partyId": str(world["werk"].id)}
    assert_problem(http.post("/needs", json=other, headers=sanne.headers), 403)
    moved = http.patch(
        f"/needs/{created.json()['id']}",
        json={"partyId": str(world["werk"].id)},
        headers={**sanne.headers, "If-Match": created.headers["ETag"]},
    )
    assert_problem(moved, 403)

    member = tenant.actor(Role.member, party=world["jeugd"])
    foreign = world["needs"]["internal"]  # of Werk en Inkomen
    response = http.patch(
        f"/needs/{foreign.id}",
        json={"status": "met"},
        headers={**member.headers, "If-Match": '"1"'},
    )
    assert_problem(response, 403)
    deleted = http.delete(f"/needs/{foreign.id}", headers={**member.headers, "If-Match": '"1"'})
    assert_problem(deleted, 403)


def test_a_partner_cannot_change_what_it_cannot_see(http, tenant: Tenant, world):
    sanne = tenant.actor(Role.partner, party=world["woon"])
    hidden = world["needs"]["internal"]
    response = http.patch(
        f"/needs/{hidden.id}", json={"status": "met"}, headers={**sanne.headers, "If-Match": '"1"'}
    )
    assert_problem(response, 404)


def test_coordinators_record_needs_for_any_party(http, tenant: Tenant, world):
    fatima = tenant.actor(Role.coordinator, party=world["werk"])
    body = {"partyId": str(world["woon"].id), "kind": "need", "title": "Namens Woonstede"}
    assert http.post("/needs", json=body, headers=fatima.headers).status_code == 201
