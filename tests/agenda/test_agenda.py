"""The joint future agenda over HTTP: items, status steps, the ball and its handoffs, stalled
work, links both ways and what a partner may see and do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kompas.core.principal import Role
from tests.conftest import Actor, Clock, Tenant, assert_problem


def create(http, actor: Actor, **fields):
    response = http.post("/agenda-items", json=fields, headers=actor.headers)
    assert response.status_code == 201, response.text
    return response


def patch(http, actor: Actor, item, **fields):
    current = http.get(f"/agenda-items/{item['id']}", headers=actor.headers)
    return http.patch(
        f"/agenda-items/{item['id']}",
        json=fields,
        headers={**actor.headers, "If-Match": current.headers["ETag"]},
    )


def test_an_item_starts_with_the_lead_holding_the_ball(http, people, parties):
    response = create(
        http,
        people["coordinator"],
        title="Eén loket voor jongeren van 18",
        horizon="2027-Q2",
        leadPartyId=str(parties["jeugd"].id),
        participants=[
            {"partyId": str(parties["woon"].id), "level": "thinking-along"},
            {"partyId": str(parties["werk"].id), "level": "taking-part"},
        ],
    )
    item = response.json()
    assert response.headers["Location"].endswith(f"/agenda-items/{item['id']}")
    assert item["ballHolderId"] == str(parties["jeugd"].id)
    assert item["status"] == "idea"
    assert item["pendingHandoff"] is None
    assert item["stalled"] is False
    assert sorted((p["partyId"], p["level"]) for p in item["participants"]) == sorted(
        [(str(parties["woon"].id), "thinking-along"), (str(parties["werk"].id), "taking-part")]
    )


def test_status_moves_only_along_the_allowed_steps_and_keeps_its_history(http, people, parties):
    coordinator = people["coordinator"]
    item = create(http, coordinator, title="Schuldhulp", leadPartyId=str(parties["werk"].id)).json()
    assert_problem(patch(http, coordinator, item, status="done"), 409, "status")
    assert patch(http, coordinator, item, status="planned").status_code == 200
    assert patch(http, coordinator, item, status="in-progress").status_code == 200
    assert_problem(patch(http, coordinator, item, status="dropped"), 400, "statusReason")
    dropped = patch(http, coordinator, item, status="dropped", statusReason="Geen budget")
    assert dropped.json()["status"] == "dropped"
    listed = http.get(f"/agenda-items/{item['id']}/status-changes", headers=coordinator.headers)
    assert listed.status_code == 200, listed.text
    history = listed.json()["items"]
    assert [(h["fromStatus"], h["toStatus"]) for h in history] == [
        (None, "idea"),
        ("idea", "planned"),
        ("planned", "in-progress"),
        ("in-progress", "dropped"),
    ]
    assert history[-1]["reason"] == "Geen budget"


def test_a_handoff_moves_the_ball_only_when_accepted(http, people, parties):
    item = create(
        http, people["coordinator"], title="Signalen delen", leadPartyId=str(parties["werk"].id)
    ).json()
    base = f"/agenda-items/{item['id']}/handoffs"
    # Only the holder (or a coordinator) hands over.
    refused = http.post(
        base, json={"toPartyId": str(parties["woon"].id)}, headers=people["jeugd"].headers
    )
    assert_problem(refused, 403)
    handed = http.post(
        base,
        json={"toPartyId": str(parties["woon"].id), "note": "Jullie zien de huurachterstand"},
        headers=people["werk"].headers,
    )
    assert handed.status_code == 201, handed.text
    handoff = handed.json()
    read = http.get(f"/agenda-items/{item['id']}", headers=people["werk"].headers).json()
    assert read["ballHolderId"] == str(parties["werk"].id)
    assert read["pendingHandoff"]["toPartyId"] == str(parties["woon"].id)
    # A second one waits for the first.
    again = http.post(
        base, json={"toPartyId": str(parties["ggd"].id)}, headers=people["werk"].headers
    )
    assert_problem(again, 409)
    # The giver cannot accept on the receiver's behalf.
    one = f"{base}/{handoff['id']}"
    etag = http.get(one, headers=people["woon"].headers).headers["ETag"]
    forged = http.patch(
        one, json={"status": "accepted"}, headers={**people["werk"].headers, "If-Match": etag}
    )
    assert_problem(forged, 403)
    accepted = http.patch(
        one, json={"status": "accepted"}, headers={**people["woon"].headers, "If-Match": etag}
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["decidedBy"]
    read = http.get(f"/agenda-items/{item['id']}", headers=people["woon"].headers).json()
    assert read["ballHolderId"] == str(parties["woon"].id)
    assert read["pendingHandoff"] is None


def test_a_declined_handoff_needs_a_reason_and_leaves_the_ball(http, people, parties):
    item = create(
        http, people["coordinator"], title="Nazorg", leadPartyId=str(parties["werk"].id)
    ).json()
    base = f"/agenda-items/{item['id']}/handoffs"
    handoff = http.post(
        base, json={"toPartyId": str(parties["jeugd"].id)}, headers=people["werk"].headers
    ).json()
    one = f"{base}/{handoff['id']}"
    etag = http.get(one, headers=people["jeugd"].headers).headers["ETag"]
    headers = {**people["jeugd"].headers, "If-Match": etag}
    assert_problem(http.patch(one, json={"status": "declined"}, headers=headers), 400, "reason")
    declined = http.patch(
        one, json={"status": "declined", "reason": "Hoort bij 18+"}, headers=headers
    )
    assert declined.status_code == 200
    read = http.get(f"/agenda-items/{item['id']}", headers=people["werk"].headers).json()
    assert read["ballHolderId"] == str(parties["werk"].id)
    listed = http.get(
        "/handoffs", params={"status": "declined"}, headers=people["coordinator"].headers
    ).json()["items"]
    assert [h["reason"] for h in listed] == ["Hoort bij 18+"]


def test_stalled_items_are_open_items_whose_ball_and_item_lay_still(
    wall_clock: Clock, http, tenant: Tenant, parties
):
    coordinator = tenant.actor(Role.coordinator)
    still = create(http, coordinator, title="Ligt stil", leadPartyId=str(parties["werk"].id)).json()
    done = create(
        http, coordinator, title="Klaar", status="in-progress", leadPartyId=str(parties["werk"].id)
    ).json()
    patch(http, coordinator, done, status="done")

    # A minute before the 21 days (KOMPAS_STALLED_AFTER_DAYS) have passed, nothing lies still.
    wall_clock.advance(days=21, minutes=-1)
    coordinator = tenant.actor(Role.coordinator)  # a token of this moment
    create(http, coordinator, title="Net gewijzigd", leadPartyId=str(parties["werk"].id))

    def listed(**params):
        response = http.get("/agenda-items", params=params, headers=coordinator.headers)
        assert response.status_code == 200, response.text
        return response.json()["items"]

    assert listed(stalled="true") == []
    wall_clock.advance(minutes=2)
    stalled = listed(stalled="true")
    assert [i["id"] for i in stalled] == [still["id"]]
    assert stalled[0]["stalled"] is True
    assert listed(stalled="true", ballHolderId=str(parties["jeugd"].id)) == []
    assert {i["title"] for i in listed(stalled="false")} == {"Net gewijzigd", "Klaar"}
    # A handoff only offered leaves the ball where it lies; accepted, it moves and wakes the item.
    base = f"/agenda-items/{still['id']}/handoffs"
    handed = http.post(
        base, json={"toPartyId": str(parties["jeugd"].id)}, headers=coordinator.headers
    )
    assert handed.status_code == 201, handed.text
    assert [i["id"] for i in listed(stalled="true")] == [still["id"]]
    receiver = tenant.actor(Role.member, party=parties["jeugd"])
    one = f"{base}/{handed.json()['id']}"
    etag = http.get(one, headers=receiver.headers).headers["ETag"]
    accepted = http.patch(
        one, json={"status": "accepted"}, headers={**receiver.headers, "If-Match": etag}
    )
    assert accepted.status_code == 200, accepted.text
    assert listed(stalled="true") == []


def test_today_is_the_date_in_the_netherlands(wall_clock: Clock, http, tenant: Tenant, parties):
    # 23:30 UTC on 2 March is 00:30 on 3 March in Amsterdam: 2 March has passed there.
    wall_clock.move_to(datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
    coordinator = tenant.actor(Role.coordinator)
    lead = str(parties["werk"].id)
    refused = http.post(
        "/agenda-items",
        json={"title": "Gisteren", "leadPartyId": lead, "targetDate": "2026-03-02"},
        headers=coordinator.headers,
    )
    problem = assert_problem(refused, 400, "targetDate")
    assert problem["invalidParams"][0]["code"] == "in-the-past"
    item = create(http, coordinator, title="Vandaag", leadPartyId=lead, targetDate="2026-03-03")
    assert item.json()["targetDate"] == "2026-03-03"


def test_a_target_date_that_has_passed_may_stay_but_not_be_set_again(
    wall_clock: Clock, http, tenant: Tenant, parties
):
    coordinator = tenant.actor(Role.coordinator)
    lead = str(parties["werk"].id)
    item = create(http, coordinator, title="Plan", leadPartyId=lead, targetDate="2026-03-03").json()
    wall_clock.move_to(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    coordinator = tenant.actor(Role.coordinator)
    kept = patch(http, coordinator, item, title="Plan, bijgesteld", targetDate="2026-03-03")
    assert kept.status_code == 200, kept.text
    assert kept.json()["targetDate"] == "2026-03-03"
    moved = patch(http, coordinator, item, targetDate="2026-03-09")
    assert_problem(moved, 400, "targetDate")
    assert (
        http.get(f"/agenda-items/{item['id']}", headers=coordinator.headers).json()["targetDate"]
        == "2026-03-03"
    )


def test_bad_references_and_values_are_all_named_and_nothing_is_made(http, people, parties):
    response = http.post(
        "/agenda-items",
        json={
            "title": "Fout",
            "leadPartyId": "00000000-0000-4000-8000-000000000000",
            "targetDate": "2001-01-01",
            "driverIds": ["00000000-0000-4000-8000-000000000001"],
            "participants": [{"partyId": str(parties["woon"].id), "level": "watching"}] * 2,
        },
        headers=people["coordinator"].headers,
    )
    assert_problem(
        response, 400, "leadPartyId", "targetDate", "driverIds.0", "participants.1.partyId"
    )
    for body in (
        {"title": "x", "leadPartyId": str(parties["werk"].id), "progress": 101},
        {"title": "x", "leadPartyId": str(parties["werk"].id), "horizon": "Q3"},
        {"title": "x", "leadPartyId": str(parties["werk"].id), "status": "done"},
        {
            "title": "x",
            "leadPartyId": str(parties["werk"].id),
            "participants": [{"partyId": str(parties["werk"].id), "level": "cheering"}],
        },
    ):
        assert (
            http.post("/agenda-items", json=body, headers=people["coordinator"].headers).status_code
            == 400
        )
    assert http.get("/agenda-items", headers=people["coordinator"].headers).json()["items"] == []


def test_a_partner_sees_and_changes_only_what_it_takes_part_in(http, people, parties):
    coordinator = people["coordinator"]
    shared = create(
        http,
        coordinator,
        title="Samen met Woonstede",
        leadPartyId=str(parties["werk"].id),
        participants=[{"partyId": str(parties["woon"].id), "level": "taking-part"}],
    ).json()
    watched = create(
        http,
        coordinator,
        title="Woonstede kijkt mee",
        leadPartyId=str(parties["werk"].id),
        participants=[{"partyId": str(parties["woon"].id), "level": "watching"}],
    ).json()
    hidden = create(http, coordinator, title="Intern", leadPartyId=str(parties["werk"].id)).json()
    woon = people["woon"]
    seen = http.get("/agenda-items", headers=woon.headers).json()["items"]
    assert {i["id"] for i in seen} == {shared["id"], watched["id"]}
    assert_problem(http.get(f"/agenda-items/{hidden['id']}", headers=woon.headers), 404)
    assert patch(http, woon, shared, progress=40).status_code == 200
    assert_problem(patch(http, woon, watched, progress=40), 403)
    assert_problem(
        http.post(
            "/agenda-items",
            json={"title": "x", "leadPartyId": str(parties["woon"].id)},
            headers=woon.headers,
        ),
        403,
    )
    # Handed the ball, the partner sees the item until it decides.
    http.post(
        f"/agenda-items/{hidden['id']}/handoffs",
        json={"toPartyId": str(parties["woon"].id)},
        headers=coordinator.headers,
    )
    assert http.get(f"/agenda-items/{hidden['id']}", headers=woon.headers).status_code == 200


def test_a_target_date_is_kept_and_audited_as_a_date(http, people, parties):
    target = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    coordinator = people["coordinator"]
    item = create(
        http,
        coordinator,
        title="Met streefdatum",
        leadPartyId=str(parties["werk"].id),
        targetDate=target,
    ).json()
    assert item["targetDate"] == target
    admin = people["coordinator"]
    events = http.get(
        "/audit-events", params={"resourceId": item["id"]}, headers=admin.headers
    ).json()["items"]
    assert events[0]["changes"]["targetDate"] == {"from": None, "to": target}


def test_changed_participants_and_links_are_in_the_audit_trail(http, people, parties):
    coordinator = people["coordinator"]
    item = create(http, coordinator, title="Gevolgd", leadPartyId=str(parties["werk"].id)).json()
    changed = patch(
        http,
        coordinator,
        item,
        participants=[{"partyId": str(parties["ggd"].id), "level": "watching"}],
    )
    assert changed.status_code == 200, changed.text
    events = http.get(
        "/audit-events", params={"resourceId": item["id"]}, headers=coordinator.headers
    ).json()["items"]
    relation_changes = [e["changes"] for e in events if "participants" in e["changes"]]
    assert relation_changes[0]["participants"] == {
        "from": [],
        "to": [{"partyId": str(parties["ggd"].id), "level": "watching"}],
    }


def test_dates_and_moments_are_rfc_3339_text_not_numbers(http, people, parties):
    coordinator = people["coordinator"]
    lead = str(parties["werk"].id)
    for target in (0, "0", "1893456000", "2030-1-1"):
        response = http.post(
            "/agenda-items",
            json={"title": "x", "leadPartyId": lead, "targetDate": target},
            headers=coordinator.headers,
        )
        problem = assert_problem(response, 400, "targetDate")
        assert "past" not in problem["invalidParams"][0]["reason"], (target, problem)
    for moment in ("0.5", "1893456000", 1893456000):
        response = http.post(
            "/meetings",
            json={"title": "x", "startsAt": moment, "endsAt": "2030-01-01T10:00:00Z"},
            headers=coordinator.headers,
        )
        assert_problem(response, 400, "startsAt")


def test_a_partner_gets_only_the_links_to_records_it_may_read(http, people, parties):
    coordinator = people["coordinator"]
    hidden = http.post(
        "/questions",
        json={"title": "Intern vraagstuk", "leadPartyId": str(parties["werk"].id)},
        headers=coordinator.headers,
    ).json()
    shared = http.post(
        "/questions",
        json={
            "title": "Gedeeld vraagstuk",
            "leadPartyId": str(parties["werk"].id),
            "participants": [{"partyId": str(parties["woon"].id), "level": "thinking-along"}],
        },
        headers=coordinator.headers,
    ).json()
    item = create(
        http,
        coordinator,
        title="Uit twee vraagstukken",
        leadPartyId=str(parties["woon"].id),
        questionIds=[hidden["id"], shared["id"]],
    ).json()
    assert sorted(item["questionIds"]) == sorted([hidden["id"], shared["id"]])
    woon = people["woon"]
    read = http.get(f"/agenda-items/{item['id']}", headers=woon.headers).json()
    assert read["questionIds"] == [shared["id"]]
    listed = http.get("/agenda-items", headers=woon.headers).json()["items"]
    assert [i["questionIds"] for i in listed if i["id"] == item["id"]] == [[shared["id"]]]
