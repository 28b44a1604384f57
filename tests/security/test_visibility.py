"""What `private` means, and what a partner reads of the people at a meeting."""

from __future__ import annotations

from typing import Any

import pytest

from kompas.core.principal import Role
from kompas.parties.models import PartyKind, Person
from tests.conftest import Tenant


def _post(http: Any, headers: dict[str, str], path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(path, json=body, headers=headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.mark.parametrize("collection", ["/agenda-items", "/questions"])
def test_a_private_record_is_read_only_by_the_parties_involved_and_the_core_team(
    http: Any, tenant: Tenant, collection: str
) -> None:
    werk, jeugd, zorg = tenant.party("Werk"), tenant.party("Jeugd"), tenant.party("Zorg")
    woon = tenant.party("Woonstede", PartyKind.partner)
    coordinator = tenant.actor(Role.coordinator)
    record = _post(
        http,
        coordinator.headers,
        collection,
        {
            "title": "Nog in voorbereiding",
            "leadPartyId": str(werk.id),
            "participants": [{"partyId": str(jeugd.id), "level": "thinking-along"}],
            "visibility": "private",
        },
    )
    url = f"{collection}/{record['id']}"
    readers = {
        "coordinator": coordinator,
        "admin": tenant.actor(Role.admin),
        "lead's member": tenant.actor(Role.member, party=werk),
        "participant's member": tenant.actor(Role.member, party=jeugd),
    }
    outsiders = {
        "other department's member": tenant.actor(Role.member, party=zorg),
        "member of no party": tenant.actor(Role.member),
        "viewer": tenant.actor(Role.viewer, party=zorg),
        "partner not involved": tenant.actor(Role.partner, party=woon),
    }
    for who, actor in readers.items():
        assert http.get(url, headers=actor.headers).status_code == 200, who
        listed = http.get(collection, headers=actor.headers).json()["items"]
        assert [r["id"] for r in listed] == [record["id"]], who
    for who, actor in outsiders.items():
        assert http.get(url, headers=actor.headers).status_code == 404, who
        assert http.get(collection, headers=actor.headers).json()["items"] == [], who
        found = http.get("/search", params={"q": "voorbereiding"}, headers=actor.headers)
        assert found.status_code == 200, found.text
        assert found.json()["items"] == [], who


def test_a_partner_reads_only_the_people_at_a_meeting_it_may_read(
    http: Any, tenant: Tenant
) -> None:
    werk, woon = tenant.party("Werk"), tenant.party("Woonstede", PartyKind.partner)
    ours = tenant.add(Person(organisation_id=tenant.id, name="Anna", party_id=woon.id))
    theirs = tenant.add(Person(organisation_id=tenant.id, name="Bram", party_id=werk.id))
    meeting = _post(
        http,
        tenant.actor(Role.coordinator).headers,
        "/meetings",
        {
            "title": "Tafel",
            "startsAt": "2027-03-01T09:00:00Z",
            "endsAt": "2027-03-01T10:00:00Z",
            "partyIds": [str(werk.id), str(woon.id)],
            "personIds": [str(ours.id), str(theirs.id)],
        },
    )
    assert sorted(meeting["personIds"]) == sorted([str(ours.id), str(theirs.id)])
    partner = tenant.actor(Role.partner, party=woon)
    read = http.get(f"/meetings/{meeting['id']}", headers=partner.headers)
    assert read.status_code == 200
    assert read.json()["personIds"] == [str(ours.id)]
    listed = http.get("/meetings", headers=partner.headers).json()["items"]
    assert [m["personIds"] for m in listed] == [[str(ours.id)]]
