"""Meetings over HTTP: planning and recording them, bad input, the period filters, outcomes that
link both ways and what a partner may see."""

from __future__ import annotations

from tests.conftest import Actor, Tenant, assert_problem

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def create(http, actor: Actor, **fields):
    fields.setdefault("startsAt", "2026-05-01T09:00:00+02:00")
    fields.setdefault("endsAt", "2026-05-01T11:00:00+02:00")
    response = http.post("/meetings", json=fields, headers=actor.headers)
    assert response.status_code == 201, response.text
    return response.json()


def patch(http, actor: Actor, meeting, **fields):
    current = http.get(f"/meetings/{meeting['id']}", headers=actor.headers)
    return http.patch(
        f"/meetings/{meeting['id']}",
        json=fields,
        headers={**actor.headers, "If-Match": current.headers["ETag"]},
    )


def snapshot_id(http, actor: Actor, party) -> str:
    role_map = http.post(
        "/role-maps", json={"title": "Kaart", "partyIds": [str(party.id)]}, headers=actor.headers
    ).json()
    response = http.post(
        f"/role-maps/{role_map['id']}/snapshots", json={"label": "Stand"}, headers=actor.headers
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def test_a_meeting_is_planned_recorded_and_its_outcomes_link_both_ways(
    http, tenant: Tenant, people, parties
):
    coordinator = people["coordinator"]
    phase = http.post("/phases", json={"name": "Testfase"}, headers=coordinator.headers).json()
    work_format = http.post(
        "/work-formats", json={"name": "Testwerkvorm"}, headers=coordinator.headers
    ).json()
    person = http.post(
        "/people",
        json={"name": "Fatima", "partyId": str(parties["woon"].id)},
        headers=coordinator.headers,
    ).json()
    response = http.post(
        "/meetings",
        json={
            "title": "Partnertafel schulden",
            "agenda": "Signalen van huurachterstand",
            "location": "Stadhuis",
            "startsAt": "2026-05-01T09:00:00+02:00",
            "endsAt": "2026-05-01T11:30:00+02:00",
            "phaseId": phase["id"],
            "workFormatId": work_format["id"],
            "partyIds": [str(parties["werk"].id), str(parties["woon"].id)],
            "personIds": [person["id"]],
        },
        headers=people["werk"].headers,
    )
    assert response.status_code == 201, response.text
    meeting = response.json()
    assert response.headers["Location"].endswith(f"/meetings/{meeting['id']}")
    assert meeting["startsAt"] == "2026-05-01T07:00:00Z"
    assert meeting["endsAt"] == "2026-05-01T09:30:00Z"
    assert meeting["personIds"] == [person["id"]]
    assert meeting["successIds"] == []

    # Afterwards: what came out of it.
    item = http.post(
        "/agenda-items",
        json={"title": "Vroegsignalering", "leadPartyId": str(parties["werk"].id)},
        headers=coordinator.headers,
    ).json()
    success = http.post(
        "/successes",
        json={"title": "Afspraak gemaakt", "achievedOn": "2026-01-01"},
        headers=coordinator.headers,
    ).json()
    snapshot = snapshot_id(http, coordinator, parties["werk"])
    url = f"/meetings/{meeting['id']}"
    etag = http.get(url, headers=coordinator.headers).headers["ETag"]
    assert_problem(http.patch(url, json={"outcomeNotes": "x"}, headers=coordinator.headers), 428)
    recorded = http.patch(
        url,
        json={
            "agendaItemIds": [item["id"]],
            "successIds": [success["id"]],
            "snapshotIds": [snapshot],
            "outcomeNotes": "Twee afspraken",
        },
        headers={**people["jeugd"].headers, "If-Match": etag},
    )
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["snapshotIds"] == [snapshot]
    assert_problem(
        http.patch(url, json={"title": "Oud"}, headers={**coordinator.headers, "If-Match": etag}),
        412,
    )
    read_success = http.get(f"/successes/{success['id']}", headers=coordinator.headers).json()
    assert read_success["meetingIds"] == [meeting["id"]]
    read_item = http.get(f"/agenda-items/{item['id']}", headers=coordinator.headers).json()
    assert read_item["meetingIds"] == [meeting["id"]]
    # Deleted, the meeting takes its links along and leaves what it linked to.
    deleted = http.delete(
        url, headers={**coordinator.headers, "If-Match": recorded.headers["ETag"]}
    )
    assert deleted.status_code == 204
    read_success = http.get(f"/successes/{success['id']}", headers=coordinator.headers).json()
    assert read_success["meetingIds"] == []


def test_every_bad_reference_and_value_is_named_and_nothing_is_made(
    http, people, parties, other_tenant: Tenant
):
    foreign_snapshot = snapshot_id(http, other_tenant.actor(), other_tenant.party("Elders"))
    response = http.post(
        "/meetings",
        json={
            "title": "Fout",
            "startsAt": "2026-05-01T11:00:00Z",
            "endsAt": "2026-05-01T10:00:00Z",
            "phaseId": UNKNOWN,
            "workFormatId": UNKNOWN,
            "partyIds": [str(parties["werk"].id), str(parties["werk"].id)],
            "personIds": [UNKNOWN],
            "agendaItemIds": [UNKNOWN],
            "successIds": [UNKNOWN],
            "snapshotIds": [foreign_snapshot],
        },
        headers=people["coordinator"].headers,
    )
    assert_problem(
        response,
        400,
        "endsAt",
        "phaseId",
        "workFormatId",
        "partyIds.1",
        "personIds.0",
        "agendaItemIds.0",
        "successIds.0",
        "snapshotIds.0",
    )
    coordinator = people["coordinator"]
    for bad in (
        {"title": "x", "startsAt": "2026-05-01T10:00:00", "endsAt": "2026-05-01T11:00:00Z"},
        {"title": "x", "startsAt": 1767261600, "endsAt": "2026-05-01T11:00:00Z"},
        {"title": "x", "startsAt": "2026-05-01T10:00:00Z"},
        {
            "title": "x",
            "startsAt": "2026-05-01T10:00:00Z",
            "endsAt": "2026-05-01T10:00:00Z",
        },
        {
            "title": "x",
            "startsAt": "2026-05-01T10:00:00Z",
            "endsAt": "2026-05-01T11:00:00Z",
            "visibility": "private",
        },
    ):
        assert_problem(http.post("/meetings", json=bad, headers=coordinator.headers), 400)
    assert http.get("/meetings", headers=coordinator.headers).json()["items"] == []
    # A change of one end is checked against the other.
    meeting = create(http, coordinator, title="Goed")
    assert_problem(patch(http, coordinator, meeting, endsAt="2026-05-01T06:00:00Z"), 400, "endsAt")
    assert_problem(
        patch(http, coordinator, meeting, startsAt="2026-05-02T06:00:00Z"), 400, "endsAt"
    )


def test_the_period_filters_and_sorting(http, people, parties):
    coordinator = people["coordinator"]
    for title, day in (("Mei", "05"), ("Juni", "06"), ("April", "04")):
        create(
            http,
            coordinator,
            title=title,
            startsAt=f"2026-{day}-10T09:00:00Z",
            endsAt=f"2026-{day}-10T10:00:00Z",
        )

    def titles(**params):
        response = http.get("/meetings", params=params, headers=coordinator.headers)
        assert response.status_code == 200, response.text
        return [m["title"] for m in response.json()["items"]]

    assert titles() == ["April", "Mei", "Juni"]
    assert titles(sort="title") == ["April", "Juni", "Mei"]
    assert titles(sort="-startsAt") == ["Juni", "Mei", "April"]
    assert titles(startsAfter="2026-05-01T00:00:00+02:00") == ["Mei", "Juni"]
    assert titles(startsAfter="2026-05-01T00:00:00Z", startsBefore="2026-06-10T09:00:00Z") == [
        "Mei"
    ]
    assert titles(q="jun") == ["Juni"]
    naive = http.get(
        "/meetings", params={"startsAfter": "2026-05-01T00:00:00"}, headers=coordinator.headers
    )
    assert_problem(naive, 400, "startsAfter")
    for number in ("0.5", "1893456000"):
        unix = http.get("/meetings", params={"startsBefore": number}, headers=coordinator.headers)
        assert_problem(unix, 400, "startsBefore")
    assert_problem(
        http.get("/meetings", params={"from": "2026-05-01"}, headers=coordinator.headers), 400
    )


def test_a_partner_sees_the_meetings_it_is_at_or_that_are_shared_and_writes_none(
    http, people, parties
):
    coordinator, woon = people["coordinator"], people["woon"]
    at_table = create(http, coordinator, title="Met Woonstede", partyIds=[str(parties["woon"].id)])
    shared = create(http, coordinator, title="Gedeeld", visibility="partners")
    hidden = create(http, coordinator, title="Intern", partyIds=[str(parties["ggd"].id)])
    seen = http.get("/meetings", headers=woon.headers).json()["items"]
    assert {m["id"] for m in seen} == {at_table["id"], shared["id"]}
    assert_problem(http.get(f"/meetings/{hidden['id']}", headers=woon.headers), 404)
    mine = http.get(
        "/meetings", params={"partyId": str(parties["woon"].id)}, headers=coordinator.headers
    ).json()["items"]
    assert [m["id"] for m in mine] == [at_table["id"]]
    assert_problem(patch(http, woon, at_table, outcomeNotes="x"), 403)
    assert_problem(
        http.post(
            "/meetings",
            json={
                "title": "x",
                "startsAt": "2026-05-01T10:00:00Z",
                "endsAt": "2026-05-01T11:00:00Z",
            },
            headers=woon.headers,
        ),
        403,
    )
    assert_problem(patch(http, people["viewer"], at_table, outcomeNotes="x"), 403)


def test_changed_outcomes_are_in_the_audit_trail(http, admin, tenant):
    party = tenant.party("Werk en Inkomen")
    created = http.post(
        "/meetings",
        json={
            "title": "Partnertafel",
            "startsAt": "2030-01-10T09:00:00+01:00",
            "endsAt": "2030-01-10T11:00:00+01:00",
        },
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    meeting = created.json()
    changed = http.patch(
        f"/meetings/{meeting['id']}",
        json={"partyIds": [str(party.id)]},
        headers={**admin.headers, "If-Match": created.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    events = http.get(
        "/audit-events", params={"resourceId": meeting["id"]}, headers=admin.headers
    ).json()["items"]
    assert {"from": [], "to": [str(party.id)]} in [e["changes"].get("partyIds") for e in events]
