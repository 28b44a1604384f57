"""Every kind of record and every domain event reaches a subscriber: questions, successes and
experiences (published), meetings, status changes, handoffs decided, and role maps (a view
submitted, a snapshot taken)."""

from __future__ import annotations

from typing import Any

from kompas.core.principal import Role
from tests.conftest import Actor, Tenant


def post(http, actor: Actor, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(path, json=body, headers=actor.headers)
    assert response.status_code in (200, 201), response.text
    result: dict[str, Any] = response.json()
    return result


def change(http, actor: Actor, path: str, body: dict[str, Any], method: str = "PATCH") -> Any:
    etag = http.get(path, headers=actor.headers).headers["ETag"]
    response = http.request(method, path, json=body, headers={**actor.headers, "If-Match": etag})
    assert response.status_code == 200, response.text
    return response.json()


def sent(worker, receiver) -> list[tuple[str, str]]:
    while worker.run_once():
        pass
    return [(event["type"], event["subject"]) for event in receiver.events()]


def test_status_changes_and_decided_handoffs_of_agenda_items_and_questions_are_events(
    http, admin: Actor, tenant: Tenant, receiver, subscribe, worker
):
    werk, jeugd = tenant.party("Werk"), tenant.party("Jeugd")
    receiving = tenant.actor(Role.member, party=jeugd)  # only the receiving party decides
    types = [
        f"nl.kompas.{kind}.{event}.v1"
        for kind in ("agenda-item", "question")
        for event in ("status-changed", "handoff-offered", "handoff-accepted", "handoff-declined")
    ]
    subscribe(admin, receiver.url, *types)
    item = post(http, admin, "/agenda-items", {"title": "Punt", "leadPartyId": str(werk.id)})
    change(http, admin, f"/agenda-items/{item['id']}", {"status": "planned"})
    offer = post(http, admin, f"/agenda-items/{item['id']}/handoffs", {"toPartyId": str(jeugd.id)})
    change(
        http,
        receiving,
        f"/agenda-items/{item['id']}/handoffs/{offer['id']}",
        {"status": "accepted"},
    )
    question = post(http, admin, "/questions", {"title": "Vraag?", "leadPartyId": str(werk.id)})
    offer = post(http, admin, f"/questions/{question['id']}/handoffs", {"toPartyId": str(jeugd.id)})
    change(
        http,
        receiving,
        f"/questions/{question['id']}/handoffs/{offer['id']}",
        {"status": "declined", "reason": "Niet van ons"},
    )
    events = sent(worker, receiver)
    agenda, vraag = f"agenda-items/{item['id']}", f"questions/{question['id']}"
    assert events == [
        ("nl.kompas.agenda-item.status-changed.v1", agenda),
        ("nl.kompas.agenda-item.handoff-offered.v1", agenda),
        ("nl.kompas.agenda-item.handoff-accepted.v1", agenda),
        ("nl.kompas.question.handoff-offered.v1", vraag),
        ("nl.kompas.question.handoff-declined.v1", vraag),
    ]
    status = receiver.events()[0]["data"]
    assert status["statusChange"]["toStatus"] == "planned"
    assert status["status"] == "planned"
    accepted = receiver.events()[2]["data"]
    assert accepted["ballHolderId"] == str(jeugd.id)


def test_successes_and_experiences_say_when_they_are_published_and_meetings_are_events(
    http, admin: Actor, tenant: Tenant, receiver, subscribe, worker, wall_clock
):
    subscribe(
        admin,
        receiver.url,
        "nl.kompas.success.created.v1",
        "nl.kompas.success.published.v1",
        "nl.kompas.experience.published.v1",
        "nl.kompas.experience.updated.v1",
        "nl.kompas.meeting.created.v1",
    )
    success = post(
        http,
        admin,
        "/successes",
        {"title": "Eerste huis", "achievedOn": "2026-03-01", "visibility": "published"},
    )
    experience = post(http, admin, "/experiences", {"title": "Eén loket"})
    change(http, admin, f"/experiences/{experience['id']}", {"visibility": "published"})
    meeting = post(
        http,
        admin,
        "/meetings",
        {
            "title": "Partnertafel",
            "startsAt": "2026-03-03T10:00:00Z",
            "endsAt": "2026-03-03T11:00:00Z",
        },
    )
    events = sent(worker, receiver)
    assert sorted(events) == sorted(
        [
            ("nl.kompas.success.created.v1", f"successes/{success['id']}"),
            ("nl.kompas.success.published.v1", f"successes/{success['id']}"),
            ("nl.kompas.experience.updated.v1", f"experiences/{experience['id']}"),
            ("nl.kompas.experience.published.v1", f"experiences/{experience['id']}"),
            ("nl.kompas.meeting.created.v1", f"meetings/{meeting['id']}"),
        ]
    )


def test_a_submitted_role_map_view_and_a_snapshot_are_events_of_the_role_map(
    http, admin: Actor, tenant: Tenant, receiver, subscribe, worker
):
    werk = tenant.party("Werk")
    subscribe(
        admin,
        receiver.url,
        "nl.kompas.role-map.view-submitted.v1",
        "nl.kompas.role-map.snapshot-taken.v1",
    )
    role_map = post(http, admin, "/role-maps", {"title": "Schulden", "partyIds": [str(werk.id)]})
    task = post(http, admin, f"/role-maps/{role_map['id']}/tasks", {"title": "Intake"})
    path = f"/role-maps/{role_map['id']}/perspectives/{werk.id}"
    change(
        http,
        admin,
        path,
        {"assignments": [{"taskId": task["id"], "partyId": str(werk.id), "role": "responsible"}]},
        method="PUT",
    )
    snapshot = post(http, admin, f"/role-maps/{role_map['id']}/snapshots", {"label": "Maart"})
    events = sent(worker, receiver)
    subject = f"role-maps/{role_map['id']}"
    assert events == [
        ("nl.kompas.role-map.view-submitted.v1", subject),
        ("nl.kompas.role-map.snapshot-taken.v1", subject),
    ]
    assert receiver.events()[1]["data"]["snapshotId"] == snapshot["id"]
    assert receiver.events()[0]["data"]["partyIds"] == [str(werk.id)]
