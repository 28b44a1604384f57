"""Shared successes over HTTP: naming them, bad input, endorsements, what a partner may see and
do, and the party that cannot be deleted while successes, endorsements or meetings name it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kompas.core.principal import Role
from tests.conftest import FIXED_MOMENT, Actor, Clock, Tenant, assert_problem

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def create(http, actor: Actor, **fields):
    fields.setdefault("achievedOn", "2026-01-15")
    response = http.post("/successes", json=fields, headers=actor.headers)
    assert response.status_code == 201, response.text
    return response.json()


def patch(http, actor: Actor, success, **fields):
    current = http.get(f"/successes/{success['id']}", headers=actor.headers)
    return http.patch(
        f"/successes/{success['id']}",
        json=fields,
        headers={**actor.headers, "If-Match": current.headers["ETag"]},
    )


def endorse(http, actor: Actor, success, **body):
    return http.post(f"/successes/{success['id']}/endorsements", json=body, headers=actor.headers)


def agenda_item(http, actor: Actor, lead, **fields):
    response = http.post(
        "/agenda-items",
        json={"title": "Punt", "leadPartyId": str(lead.id), **fields},
        headers=actor.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_a_success_is_named_read_and_changed_with_if_match(http, people, parties):
    coordinator = people["coordinator"]
    driver = http.post("/drivers", json={"title": "Bestaanszekerheid"}, headers=coordinator.headers)
    item = agenda_item(http, coordinator, parties["werk"])
    response = http.post(
        "/successes",
        json={
            "title": "Twintig jongeren aan het werk",
            "achievedOn": "2026-03-01",
            "evidence": "20 plaatsingen in Q1",
            "evidenceUrl": "https://voorbeeld.nl/rapportage",
            "partyIds": [str(parties["werk"].id), str(parties["woon"].id)],
            "agendaItemIds": [item["id"]],
            "driverIds": [driver.json()["id"]],
        },
        headers=coordinator.headers,
    )
    assert response.status_code == 201, response.text
    success = response.json()
    assert response.headers["Location"].endswith(f"/successes/{success['id']}")
    assert sorted(success["partyIds"]) == sorted([str(parties["werk"].id), str(parties["woon"].id)])
    assert success["agendaItemIds"] == [item["id"]]
    assert success["visibility"] == "organisation"
    assert success["endorsements"] == []
    assert success["meetingIds"] == []
    # Both ways: the agenda item shows the success.
    read_item = http.get(f"/agenda-items/{item['id']}", headers=coordinator.headers).json()
    assert read_item["successIds"] == [success["id"]]

    url = f"/successes/{success['id']}"
    read = http.get(url, headers=people["werk"].headers)
    etag = read.headers["ETag"]
    assert_problem(http.patch(url, json={"title": "x"}, headers=people["werk"].headers), 428)
    changed = http.patch(
        url,
        json={"evidence": "22 plaatsingen"},
        headers={**people["werk"].headers, "If-Match": etag},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["evidence"] == "22 plaatsingen"
    stale = http.patch(
        url, json={"title": "Oud"}, headers={**coordinator.headers, "If-Match": etag}
    )
    assert_problem(stale, 412)
    # A member's change of the links moves the record on.
    relinked = patch(http, people["werk"], success, agendaItemIds=[], visibility="published")
    assert relinked.status_code == 200
    assert relinked.json()["agendaItemIds"] == []
    assert relinked.json()["updatedAt"] > success["updatedAt"]
    assert_problem(patch(http, people["viewer"], success, title="x"), 403)
    deleted = http.delete(
        url, headers={**coordinator.headers, "If-Match": relinked.headers["ETag"]}
    )
    assert deleted.status_code == 204
    assert (
        http.get(f"/agenda-items/{item['id']}", headers=coordinator.headers).json()["successIds"]
        == []
    )


def test_a_success_of_today_in_the_netherlands_is_not_in_the_future(
    wall_clock: Clock, http, tenant: Tenant, parties
):
    # 23:30 UTC on 2 March is 00:30 on 3 March in Amsterdam.
    wall_clock.move_to(datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
    coordinator = tenant.actor(Role.coordinator)
    made = http.post(
        "/successes",
        json={"title": "Vannacht gelukt", "achievedOn": "2026-03-03"},
        headers=coordinator.headers,
    )
    assert made.status_code == 201, made.text
    refused = http.post(
        "/successes",
        json={"title": "Te vroeg", "achievedOn": "2026-03-04"},
        headers=coordinator.headers,
    )
    assert_problem(refused, 400, "achievedOn")


def test_every_bad_reference_and_value_is_named_and_nothing_is_made(
    wall_clock: Clock, http, people, parties
):
    tomorrow = (FIXED_MOMENT.date() + timedelta(days=1)).isoformat()
    response = http.post(
        "/successes",
        json={
            "title": "Fout",
            "achievedOn": tomorrow,
            "partyIds": [str(parties["werk"].id), UNKNOWN, str(parties["werk"].id)],
            "agendaItemIds": [UNKNOWN],
            "questionIds": [UNKNOWN],
            "driverIds": [UNKNOWN],
        },
        headers=people["coordinator"].headers,
    )
    body = assert_problem(
        response,
        400,
        "achievedOn",
        "partyIds.1",
        "partyIds.2",
        "agendaItemIds.0",
        "questionIds.0",
        "driverIds.0",
    )
    codes = {p["name"]: p["code"] for p in body["invalidParams"]}
    assert codes["partyIds.2"] == "duplicate"
    assert codes["achievedOn"] == "in-the-future"
    for bad in (
        {"title": "x", "achievedOn": "2026-01-01", "evidenceUrl": "javascript:alert(1)"},
        {"title": "x", "achievedOn": "2026-01-01", "visibility": "private"},
        {"title": "x", "achievedOn": "2026-01-01", "evidence": "x" * 501},
        {"title": "x"},
    ):
        assert_problem(
            http.post("/successes", json=bad, headers=people["coordinator"].headers), 400
        )
    assert http.get("/successes", headers=people["coordinator"].headers).json()["items"] == []


def test_a_success_of_another_organisation_is_unknown_as_a_reference_and_to_read(
    http, people, parties, other_tenant: Tenant
):
    stranger = other_tenant.actor(Role.admin)
    elsewhere = create(http, stranger, title="Elders")
    assert_problem(
        http.get(f"/successes/{elsewhere['id']}", headers=people["coordinator"].headers), 404
    )
    foreign_party = other_tenant.party("Ander")
    response = http.post(
        "/successes",
        json={"title": "x", "achievedOn": "2026-01-01", "partyIds": [str(foreign_party.id)]},
        headers=people["coordinator"].headers,
    )
    assert_problem(response, 400, "partyIds.0")


def test_only_a_listed_party_endorses_once_and_withdraws_its_own(http, people, parties):
    success = create(
        http,
        people["coordinator"],
        title="Wachtlijst schuldhulp weg",
        partyIds=[str(parties["werk"].id), str(parties["woon"].id)],
    )
    # A coordinator without a party: a clear 403.
    refused = assert_problem(endorse(http, people["coordinator"], success), 403)
    assert "party" in refused["detail"]
    # A party the success does not list.
    assert_problem(endorse(http, people["jeugd"], success), 403)
    assert_problem(endorse(http, people["viewer"], success), 403)
    given = endorse(http, people["werk"], success, comment="Ook ons succes")
    assert given.status_code == 201, given.text
    endorsement = given.json()
    assert given.headers["Location"].endswith(f"/endorsements/{endorsement['id']}")
    assert endorsement["partyId"] == str(parties["werk"].id)
    assert endorsement["endorsedBy"] == people["werk"].user.name
    assert endorsement["comment"] == "Ook ons succes"
    assert_problem(endorse(http, people["werk"], success), 409)
    # A partner endorses too.
    by_partner = endorse(http, people["woon"], success)
    assert by_partner.status_code == 201, by_partner.text

    base = f"/successes/{success['id']}/endorsements"
    page = http.get(base, params={"limit": 1}, headers=people["viewer"].headers)
    assert page.status_code == 200
    assert len(page.json()["items"]) == 1
    assert page.json()["nextCursor"]
    read = http.get(f"/successes/{success['id']}", headers=people["jeugd"].headers).json()
    assert [e["partyId"] for e in read["endorsements"]] == [
        str(parties["werk"].id),
        str(parties["woon"].id),
    ]
    # An endorsing party stays listed until it withdraws.
    assert_problem(
        patch(http, people["coordinator"], success, partyIds=[str(parties["woon"].id)]),
        400,
        "partyIds",
    )

    one = f"{base}/{endorsement['id']}"
    etag = http.get(one, headers=people["werk"].headers).headers["ETag"]
    assert_problem(http.delete(one, headers=people["werk"].headers), 428)
    assert_problem(http.delete(one, headers={**people["woon"].headers, "If-Match": etag}), 403)
    assert http.delete(one, headers={**people["werk"].headers, "If-Match": etag}).status_code == 204
    assert_problem(http.get(one, headers=people["werk"].headers), 404)
    assert endorse(http, people["werk"], success).status_code == 201  # again, after withdrawing


def test_a_partner_token_endorses_for_its_partner(http, people, parties):
    success = create(http, people["coordinator"], title="Samen", partyIds=[str(parties["ggd"].id)])
    token = http.post(
        f"/partners/{parties['ggd'].id}/api-tokens",
        json={"name": "Koppeling", "scopes": ["successes:read", "successes:write"]},
        headers=people["coordinator"].headers,
    ).json()["token"]
    given = endorse(http, Actor(user=people["ggd"].user, token=token), success)
    assert given.status_code == 201, given.text
    assert given.json()["partyId"] == str(parties["ggd"].id)


def test_a_partner_sees_what_is_shared_or_names_it_and_changes_only_its_own(http, people, parties):
    coordinator, woon = people["coordinator"], people["woon"]
    named = create(http, coordinator, title="Met Woonstede", partyIds=[str(parties["woon"].id)])
    shared = create(http, coordinator, title="Gedeeld", visibility="partners")
    published = create(http, coordinator, title="Gepubliceerd", visibility="published")
    hidden = create(http, coordinator, title="Intern", partyIds=[str(parties["ggd"].id)])
    seen = http.get("/successes", headers=woon.headers).json()["items"]
    assert {s["id"] for s in seen} == {named["id"], shared["id"], published["id"]}
    assert_problem(http.get(f"/successes/{hidden['id']}", headers=woon.headers), 404)
    assert_problem(endorse(http, woon, hidden), 404)
    # Changing: only what lists its party, and its party stays on it.
    assert patch(http, woon, named, evidence="Minder huisuitzettingen").status_code == 200
    assert_problem(patch(http, woon, shared, evidence="x"), 403)
    assert_problem(patch(http, woon, named, partyIds=[str(parties["ggd"].id)]), 403)
    # Naming: only with its own party among the parties.
    assert_problem(
        http.post(
            "/successes", json={"title": "x", "achievedOn": "2026-01-01"}, headers=woon.headers
        ),
        403,
    )
    own = create(
        http, woon, title="Van ons", partyIds=[str(parties["woon"].id), str(parties["werk"].id)]
    )
    assert own["partyIds"]
    filtered = http.get(
        "/successes", params={"partyId": str(parties["woon"].id)}, headers=coordinator.headers
    ).json()["items"]
    assert {s["id"] for s in filtered} == {named["id"], own["id"]}
    etag = http.get(f"/successes/{own['id']}", headers=woon.headers).headers["ETag"]
    assert (
        http.delete(
            f"/successes/{own['id']}", headers={**woon.headers, "If-Match": etag}
        ).status_code
        == 204
    )


def test_search_filters_and_sorting(http, people):
    coordinator = people["coordinator"]
    create(http, coordinator, title="Bravo", achievedOn="2026-02-01", evidence="30% minder")
    create(http, coordinator, title="Alfa", achievedOn="2026-03-01", visibility="published")
    create(
        http, coordinator, title="Charlie", achievedOn="2026-01-01", description="Minder wachten"
    )

    def titles(**params):
        response = http.get("/successes", params=params, headers=coordinator.headers)
        assert response.status_code == 200, response.text
        return [s["title"] for s in response.json()["items"]]

    assert titles() == ["Alfa", "Bravo", "Charlie"]  # latest achieved first
    assert titles(sort="title") == ["Alfa", "Bravo", "Charlie"]
    assert titles(sort="achievedOn") == ["Charlie", "Bravo", "Alfa"]
    assert titles(q="MINDER") == ["Bravo", "Charlie"]
    assert titles(visibility="published") == ["Alfa"]
    # A date sorts and pages like any other key.
    seen, cursor = [], None
    while True:
        params = {"sort": "achievedOn", "limit": 1, **({"cursor": cursor} if cursor else {})}
        page = http.get("/successes", params=params, headers=coordinator.headers).json()
        seen += [s["title"] for s in page["items"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert seen == ["Charlie", "Bravo", "Alfa"]
    assert_problem(
        http.get("/successes", params={"sort": "evidence"}, headers=coordinator.headers), 400
    )


def test_a_party_still_named_by_joint_work_cannot_be_deleted(http, tenant: Tenant, people, parties):
    admin = tenant.actor(Role.admin)
    spare = tenant.party("Reserve")
    meeting_only = tenant.party("Alleen overleg")

    def delete(party):
        url = f"/departments/{party.id}"
        etag = http.get(url, headers=admin.headers).headers["ETag"]
        return http.delete(url, headers={**admin.headers, "If-Match": etag})

    success = create(http, admin, title="Succes", partyIds=[str(spare.id)])
    refused = assert_problem(delete(spare), 409)
    assert "1 successes" in refused["detail"]
    http.post(
        "/meetings",
        json={
            "title": "Partnertafel",
            "startsAt": "2026-05-01T09:00:00+02:00",
            "endsAt": "2026-05-01T11:00:00+02:00",
            "partyIds": [str(meeting_only.id)],
        },
        headers=admin.headers,
    )
    assert "1 meetings" in assert_problem(delete(meeting_only), 409)["detail"]
    # An endorsement, by the party's own member.
    member = tenant.actor(Role.member, party=spare)
    assert endorse(http, member, success).status_code == 201
    detail = assert_problem(delete(spare), 409)["detail"]
    assert "1 endorsements" in detail
    assert "1 users" in detail
    # Agenda items name their lead and ball holder.
    agenda_item(http, admin, parties["jeugd"])
    assert "agenda items" in assert_problem(delete(parties["jeugd"]), 409)["detail"]
    # Free of everything, a party goes.
    assert delete(tenant.party("Los")).status_code == 204


def test_endorsing_and_withdrawing_are_in_the_audit_trail(http, people, parties):
    success = create(
        http, people["coordinator"], title="Samen gelukt", partyIds=[str(parties["werk"].id)]
    )
    given = endorse(http, people["werk"], success, comment="Van ons")
    endorsement = given.json()
    one = f"/successes/{success['id']}/endorsements/{endorsement['id']}"
    etag = http.get(one, headers=people["werk"].headers).headers["ETag"]
    assert http.delete(one, headers={**people["werk"].headers, "If-Match": etag}).status_code == 204
    events = http.get(
        "/audit-events",
        params={"resourceId": endorsement["id"]},
        headers=people["coordinator"].headers,
    ).json()["items"]
    assert sorted(e["action"] for e in events) == ["create", "delete"]
    created = next(e for e in events if e["action"] == "create")
    assert created["changes"]["comment"] == {"from": None, "to": "Van ons"}
    assert created["actorName"] == people["werk"].user.name
