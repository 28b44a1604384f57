"""Webhooks over HTTP to a real receiver: subscriptions, signed CloudEvents read back with the
cloudevents SDK and verified with the standardwebhooks library, the outbox in the change's
transaction, retries on the schedule, disabling, partner visibility, tenancy, roles and SSRF."""

from __future__ import annotations

import socket
import uuid
from datetime import timedelta
from typing import Any

import httpx
import pytest
from cloudevents.core.bindings.http import HTTPMessage, from_http_event
from sqlmodel import Session, select
from standardwebhooks import Webhook

from kompas.agenda.models import AgendaItem
from kompas.core.config import Environment, Settings
from kompas.core.principal import Role
from kompas.events.models import OutboxEvent
from kompas.parties.models import PartyKind
from kompas.webhooks import signing
from kompas.webhooks.models import WebhookDelivery, WebhookSubscription
from kompas.webhooks.worker import Worker
from tests.conftest import API, Actor, Clock, LiveServer, Tenant, assert_problem
from tests.webhooks.conftest import Answer

CREATED = "nl.kompas.agenda-item.created.v1"
UPDATED = "nl.kompas.agenda-item.updated.v1"
DELETED = "nl.kompas.agenda-item.deleted.v1"
OFFERED = "nl.kompas.agenda-item.handoff-offered.v1"


def agenda_item(http, actor: Actor, lead, **fields: Any) -> dict[str, Any]:
    fields.setdefault("title", "Schuldhulp in de wijk")
    response = http.post(
        "/agenda-items", json={"leadPartyId": str(lead.id), **fields}, headers=actor.headers
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def etag(http, actor: Actor, path: str) -> str:
    response = http.get(path, headers=actor.headers)
    assert response.status_code == 200, response.text
    return response.headers["ETag"]


def parse(request) -> Any:
    """The delivery read by the CloudEvents SDK (structured mode, detected from the headers)."""
    return from_http_event(HTTPMessage(headers=request.headers, body=request.body))


def closed_port_url() -> str:
    """A local URL nothing listens on: the connection is refused."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}/hooks"


def deliveries(http, actor: Actor, subscription: dict[str, Any], **params: Any) -> list[Any]:
    response = http.get(
        f"/webhook-subscriptions/{subscription['id']}/deliveries",
        params=params,
        headers=actor.headers,
    )
    assert response.status_code == 200, response.text
    items: list[Any] = response.json()["items"]
    return items


@pytest.fixture
def werk(tenant: Tenant):
    return tenant.party("Werk en Inkomen")


# --- subscriptions ------------------------------------------------------------------------------


def test_a_subscription_is_made_with_a_secret_shown_once_changed_with_if_match_and_deleted(
    http, admin: Actor, receiver, subscribe, db
):
    made = subscribe(admin, receiver.url, CREATED, description="Zaaksysteem")
    assert made["secret"].startswith("whsec_")
    assert len(signing.base64.b64decode(made["secret"].removeprefix("whsec_"))) == 32
    assert made["active"] is True
    assert made["disabledReason"] == ""
    path = f"/webhook-subscriptions/{made['id']}"
    read = http.get(path, headers=admin.headers)
    assert read.status_code == 200
    assert "secret" not in read.json()
    listed = http.get("/webhook-subscriptions", headers=admin.headers).json()["items"]
    assert [s["id"] for s in listed] == [made["id"]]
    assert "secret" not in listed[0]
    assert_problem(http.patch(path, json={"active": False}, headers=admin.headers), 428)
    stale = {**admin.headers, "If-Match": '"99"'}
    assert_problem(http.patch(path, json={"active": False}, headers=stale), 412)
    changed = http.patch(
        path,
        json={"eventTypes": [CREATED, DELETED, DELETED], "active": False},
        headers={**admin.headers, "If-Match": read.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["eventTypes"] == [CREATED, DELETED]
    assert changed.json()["active"] is False
    gone = http.delete(path, headers={**admin.headers, "If-Match": changed.headers["ETag"]})
    assert gone.status_code == 204
    assert_problem(http.get(path, headers=admin.headers), 404)
    # the secret never reaches the audit trail
    from kompas.audit.models import AuditEvent

    trail = db.exec(select(AuditEvent).where(AuditEvent.resource_type == "webhook-subscriptions"))
    assert made["secret"] not in repr([event.changes for event in trail.all()])


def test_event_types_are_listed_and_an_unknown_one_is_refused_naming_it(
    http, admin: Actor, receiver
):
    listed = http.get("/webhook-event-types", headers=admin.headers)
    assert listed.status_code == 200, listed.text
    types = {item["type"] for item in listed.json()["items"]}
    for expected in (
        CREATED,
        OFFERED,
        "nl.kompas.agenda-item.handoff-accepted.v1",
        "nl.kompas.agenda-item.status-changed.v1",
        "nl.kompas.question.handoff-declined.v1",
        "nl.kompas.success.published.v1",
        "nl.kompas.experience.published.v1",
        "nl.kompas.meeting.deleted.v1",
        "nl.kompas.role-map.view-submitted.v1",
        "nl.kompas.role-map.snapshot-taken.v1",
    ):
        assert expected in types
    response = http.post(
        "/webhook-subscriptions",
        json={"url": receiver.url, "eventTypes": [CREATED, "nl.kompas.unknown.created.v1"]},
        headers=admin.headers,
    )
    assert_problem(response, 400, "eventTypes.1")
    empty = http.post(
        "/webhook-subscriptions",
        json={"url": receiver.url, "eventTypes": []},
        headers=admin.headers,
    )
    assert_problem(empty, 400, "eventTypes")


def test_members_viewers_and_partner_users_may_not_subscribe(http, tenant: Tenant, receiver):
    partner = tenant.party("Woonstede", PartyKind.partner)
    for actor in (
        tenant.actor(Role.member),
        tenant.actor(Role.viewer),
        tenant.actor(Role.partner, party=partner),
    ):
        body = {"url": receiver.url, "eventTypes": [CREATED]}
        assert_problem(http.post("/webhook-subscriptions", json=body, headers=actor.headers), 403)
        assert_problem(http.get("/webhook-subscriptions", headers=actor.headers), 403)
        assert_problem(http.get("/webhook-event-types", headers=actor.headers), 403)
    coordinator = tenant.actor(Role.coordinator)
    body = {"url": receiver.url, "eventTypes": [CREATED]}
    assert (
        http.post("/webhook-subscriptions", json=body, headers=coordinator.headers).status_code
        == 201
    )


def test_another_organisation_neither_sees_the_subscription_nor_sends_it_events(
    http, admin: Actor, werk, other_tenant: Tenant, receiver, subscribe, worker
):
    made = subscribe(admin, receiver.url, CREATED)
    stranger = other_tenant.actor(Role.admin)
    path = f"/webhook-subscriptions/{made['id']}"
    assert_problem(http.get(path, headers=stranger.headers), 404)
    assert_problem(http.get(f"{path}/deliveries", headers=stranger.headers), 404)
    assert_problem(http.post(f"{path}/test-event", headers=stranger.headers), 404)
    assert http.get("/webhook-subscriptions", headers=stranger.headers).json()["items"] == []
    agenda_item(http, stranger, other_tenant.party("Elders"))
    mine = agenda_item(http, admin, werk)
    worker.run_once()
    assert [event["data"]["id"] for event in receiver.events()] == [mine["id"]]


# --- the event on the wire ----------------------------------------------------------------------


def test_a_created_agenda_item_arrives_as_a_signed_cloud_event_with_the_record_as_the_api_shows_it(
    http, admin: Actor, werk, tenant: Tenant, receiver, subscribe, worker
):
    made = subscribe(admin, receiver.url, CREATED)
    item = agenda_item(http, admin, werk)
    assert worker.run_once() == 1
    [request] = receiver.wait_for(1)
    assert request.headers["content-type"] == "application/cloudevents+json"
    # the Standard Webhooks reference library verifies the signature
    Webhook(made["secret"]).verify(request.body, request.headers)
    assert request.headers["webhook-signature"].startswith("v1,")
    # the CloudEvents SDK parses it as a structured-mode event
    event = parse(request)
    assert event.get_specversion() == "1.0"
    assert event.get_type() == CREATED
    assert event.get_source() == f"urn:nl:kompas:organisation:{tenant.id}"
    assert event.get_subject() == f"agenda-items/{item['id']}"
    assert event.get_datacontenttype() == "application/json"
    assert event.get_id() == request.headers["webhook-id"]
    assert event.get_time() is not None
    assert event.get_time().utcoffset() == timedelta(0)
    assert event.get_data() == http.get(f"/agenda-items/{item['id']}", headers=admin.headers).json()
    # no personal data in the context attributes: ids, the type and the time only
    assert set(event.get_attributes()) - {"data"} == {
        "specversion",
        "id",
        "source",
        "type",
        "time",
        "subject",
        "datacontenttype",
    }
    [delivery] = deliveries(http, admin, made)
    assert delivery["status"] == "delivered"
    assert delivery["attemptsCount"] == 1
    assert delivery["eventId"] == event.get_id()
    assert delivery["lastResponseCode"] == 200
    assert delivery["attempts"][0]["responseBody"] == "ok"


def test_a_tampered_body_or_another_secret_fails_verification(
    http, admin: Actor, werk, receiver, subscribe, worker
):
    made = subscribe(admin, receiver.url, CREATED)
    agenda_item(http, admin, werk)
    worker.run_once()
    [request] = receiver.wait_for(1)
    with pytest.raises(Exception, match="signature"):
        Webhook(made["secret"]).verify(request.body.replace(b"Schuld", b"Schade"), request.headers)
    with pytest.raises(Exception, match="signature"):
        Webhook(signing.new_secret()).verify(request.body, request.headers)


def test_updates_deletes_and_handoffs_are_events_and_unsubscribed_types_are_not_sent(
    http, admin: Actor, werk, tenant: Tenant, receiver, subscribe, worker
):
    subscribe(admin, receiver.url, UPDATED, DELETED, OFFERED)
    other = tenant.party("Jeugd")
    item = agenda_item(http, admin, werk)  # created: not subscribed
    path = f"/agenda-items/{item['id']}"
    changed = http.patch(
        path,
        json={"title": "Schuldhulp"},
        headers={**admin.headers, "If-Match": etag(http, admin, path)},
    )
    assert changed.status_code == 200, changed.text
    offered = http.post(
        f"{path}/handoffs",
        json={"toPartyId": str(other.id), "note": "Graag"},
        headers=admin.headers,
    )
    assert offered.status_code == 201, offered.text
    # the handoff's own change of the item is its event, not an extra update
    gone = http.delete(path, headers={**admin.headers, "If-Match": etag(http, admin, path)})
    assert gone.status_code == 204, gone.text
    while worker.run_once():
        pass
    events = receiver.events()
    assert [e["type"] for e in events][:2] == [UPDATED, OFFERED]
    assert events[0]["data"]["title"] == "Schuldhulp"
    assert events[1]["data"]["pendingHandoff"] is not None
    assert events[1]["data"]["handoff"]["toPartyId"] == str(other.id)
    assert events[-1]["type"] == DELETED
    assert events[-1]["data"] == {"id": item["id"]}
    assert {e["subject"] for e in events} == {f"agenda-items/{item['id']}"}


def test_a_rolled_back_change_emits_nothing_and_a_committed_one_emits_once(
    engine, tenant: Tenant, werk
):
    def write(commit: bool) -> None:
        with Session(engine) as session:
            session.add(
                AgendaItem(
                    organisation_id=tenant.id,
                    title="Proef",
                    lead_party_id=werk.id,
                    ball_holder_id=werk.id,
                )
            )
            if commit:
                session.commit()  # no flush before: the commit's own finds the change
            else:
                session.flush()
                session.rollback()

    write(commit=False)
    with Session(engine) as session:
        assert session.exec(select(OutboxEvent)).all() == []
    write(commit=True)
    with Session(engine) as session:
        assert [e.type for e in session.exec(select(OutboxEvent)).all()] == [CREATED]


def test_a_refused_request_emits_nothing(http, admin: Actor, werk, receiver, subscribe, db):
    subscribe(admin, receiver.url, CREATED)
    response = http.post(
        "/agenda-items",
        json={"title": "Fout", "leadPartyId": str(werk.id), "driverIds": [str(uuid.uuid4())]},
        headers=admin.headers,
    )
    assert_problem(response, 400, "driverIds.0")
    assert db.exec(select(OutboxEvent)).all() == []
    assert db.exec(select(WebhookDelivery)).all() == []


# --- retries ------------------------------------------------------------------------------------


def test_500_429_and_network_errors_are_retried_on_the_schedule_honouring_retry_after(
    http, admin: Actor, werk, receiver, subscribe, worker, wall_clock: Clock, db
):
    made = subscribe(admin, receiver.url, CREATED)
    receiver.script = [
        Answer(500, body=b"kapot" * 400),
        Answer(429, headers={"Retry-After": "600"}),
    ]
    agenda_item(http, admin, werk)
    start = wall_clock.now()
    assert worker.run_once() == 1  # 500
    [delivery] = deliveries(http, admin, made)
    assert delivery["status"] == "pending"
    assert delivery["lastResponseCode"] == 500
    assert len(delivery["attempts"][0]["responseBody"]) == 1024
    due = _moment(delivery["nextAttemptAt"])
    assert start + timedelta(seconds=4.5) <= due <= start + timedelta(seconds=6)  # 5 s ± 10 %
    assert worker.run_once() == 0  # not yet due
    wall_clock.advance(seconds=6)
    assert worker.run_once() == 1  # 429, Retry-After 600 s although the schedule says 5 min
    [delivery] = deliveries(http, admin, made)
    assert _moment(delivery["nextAttemptAt"]) >= wall_clock.now() + timedelta(seconds=595)
    wall_clock.advance(seconds=400)
    assert worker.run_once() == 0
    # now the receiver is away: a refused connection is retried too (after 30 min ± 10 %)
    subscription = db.get(WebhookSubscription, uuid.UUID(made["id"]))
    subscription.url = closed_port_url()
    db.add(subscription)
    db.commit()
    wall_clock.advance(seconds=201)
    assert worker.run_once() == 1
    [delivery] = deliveries(http, admin, made)
    assert delivery["attempts"][-1]["error"].startswith("Network error")
    assert delivery["attempts"][-1]["responseCode"] is None
    assert _moment(delivery["nextAttemptAt"]) >= wall_clock.now() + timedelta(minutes=26)
    subscription.url = receiver.url
    db.add(subscription)
    db.commit()
    wall_clock.advance(minutes=34)
    assert worker.run_once() == 1
    [delivery] = deliveries(http, admin, made)
    assert delivery["status"] == "delivered"
    assert delivery["attemptsCount"] == 4
    assert [a["responseCode"] for a in delivery["attempts"]] == [500, 429, None, 200]
    ids = {request.headers["webhook-id"] for request in receiver.received}
    assert len(receiver.received) == 3
    assert len(ids) == 1
    assert (
        http.get(f"/webhook-subscriptions/{made['id']}", headers=admin.headers).json()[
            "failingSince"
        ]
        is None
    )


def test_a_delivery_fails_after_the_last_retry_and_a_4xx_is_not_retried(
    http, admin: Actor, werk, receiver, subscribe, engine, webhook_settings, wall_clock: Clock
):
    made = subscribe(admin, receiver.url, CREATED)
    short = Worker(engine, webhook_settings.model_copy(update={"webhook_retry_schedule": [1, 1]}))
    receiver.default = Answer(503)
    agenda_item(http, admin, werk)
    for _ in range(3):
        assert short.run_once() == 1
        wall_clock.advance(seconds=2)
    assert short.run_once() == 0
    [delivery] = deliveries(http, admin, made)
    assert delivery["status"] == "failed"
    assert delivery["attemptsCount"] == 3
    assert delivery["nextAttemptAt"] is None
    receiver.default = Answer(400, body=b"onbekend formaat")
    agenda_item(http, admin, werk, title="Tweede")
    assert short.run_once() == 1
    latest = deliveries(http, admin, made)[0]
    assert latest["status"] == "failed"
    assert latest["attemptsCount"] == 1
    assert latest["attempts"][0]["responseBody"] == "onbekend formaat"
    short.close()


def test_410_gone_disables_the_subscription_with_a_reason(
    http, admin: Actor, werk, receiver, subscribe, worker
):
    made = subscribe(admin, receiver.url, CREATED)
    receiver.script = [Answer(410)]
    agenda_item(http, admin, werk)
    agenda_item(http, admin, werk, title="Tweede")
    worker.run_once()
    assert len(receiver.received) == 1  # the second is not sent to a subscription now disabled
    read = http.get(f"/webhook-subscriptions/{made['id']}", headers=admin.headers).json()
    assert read["active"] is False
    assert "410" in read["disabledReason"]
    statuses = sorted(d["status"] for d in deliveries(http, admin, made))
    assert statuses == ["failed", "pending"]
    # turned on again by its owner, the pending one goes out
    path = f"/webhook-subscriptions/{made['id']}"
    on = http.patch(
        path, json={"active": True}, headers={**admin.headers, "If-Match": etag(http, admin, path)}
    )
    assert on.json()["active"] is True
    assert on.json()["disabledReason"] == ""
    assert worker.run_once() == 1
    assert len(receiver.received) == 2


def test_a_subscription_failing_for_five_days_is_disabled_and_says_why(
    http, admin: Actor, werk, receiver, subscribe, worker, wall_clock: Clock
):
    made = subscribe(admin, receiver.url, CREATED)
    receiver.default = Answer(500)
    agenda_item(http, admin, werk)
    worker.run_once()
    since = http.get(f"/webhook-subscriptions/{made['id']}", headers=admin.headers).json()
    assert since["failingSince"] is not None
    assert since["active"] is True
    wall_clock.advance(days=5, seconds=1)
    agenda_item(http, admin, werk, title="Later")
    worker.run_once()
    read = http.get(f"/webhook-subscriptions/{made['id']}", headers=admin.headers).json()
    assert read["active"] is False
    assert "5 days" in read["disabledReason"]


def disabling_trail(http, admin: Actor, subscription: dict[str, Any]) -> list[dict[str, Any]]:
    """The audit events of the subscription that turned `active` on or off, newest first."""
    response = http.get(
        "/audit-events",
        params={"resourceType": "webhook-subscriptions", "resourceId": subscription["id"]},
        headers=admin.headers,
    )
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    return [e for e in items if e["action"] == "update" and "active" in e["changes"]]


def test_the_workers_disabling_is_in_the_audit_trail_by_the_system_as_an_admins_is_by_the_admin(
    http, admin: Actor, werk, receiver, subscribe, worker, wall_clock: Clock
):
    gone = subscribe(admin, receiver.url, CREATED)
    failing = subscribe(admin, closed_port_url(), CREATED)
    receiver.script = [Answer(410)]
    agenda_item(http, admin, werk)
    worker.run_once()
    wall_clock.advance(days=5, seconds=1)
    agenda_item(http, admin, werk, title="Later")
    worker.run_once()
    for subscription, reason in ((gone, "410"), (failing, "5 days")):
        [event] = disabling_trail(http, admin, subscription)
        assert (event["actorKind"], event["actorId"], event["actorName"]) == (
            "system",
            None,
            "Kompas",
        )
        assert event["changes"]["active"] == {"from": True, "to": False}
        assert reason in event["changes"]["disabledReason"]["to"]
        assert event["changes"]["disabledAt"]["to"] is not None
    # by the API: the same change, by the admin
    later = http.get(f"/webhook-subscriptions/{gone['id']}", headers=admin.headers)
    path = f"/webhook-subscriptions/{gone['id']}"
    on = http.patch(
        path, json={"active": True}, headers={**admin.headers, "If-Match": later.headers["ETag"]}
    )
    assert on.status_code == 200, on.text
    off = http.patch(
        path, json={"active": False}, headers={**admin.headers, "If-Match": on.headers["ETag"]}
    )
    assert off.status_code == 200, off.text
    by_admin = disabling_trail(http, admin, gone)[0]
    assert (by_admin["actorKind"], by_admin["actorId"]) == ("user", str(admin.id))
    assert by_admin["changes"]["active"] == {"from": True, "to": False}


# --- redelivery, test events, rotation ---------------------------------------------------------


def test_a_redelivery_and_a_test_event_keep_their_event_ids(
    http, admin: Actor, werk, receiver, subscribe, worker
):
    made = subscribe(admin, receiver.url, CREATED)
    agenda_item(http, admin, werk)
    worker.run_once()
    [first] = deliveries(http, admin, made)
    path = f"/webhook-subscriptions/{made['id']}/deliveries/{first['id']}"
    again = http.post(f"{path}/redeliver", headers=admin.headers)
    assert again.status_code == 202, again.text
    assert again.json()["eventId"] == first["eventId"]
    assert again.json()["status"] == "pending"
    tested = http.post(f"/webhook-subscriptions/{made['id']}/test-event", headers=admin.headers)
    assert tested.status_code == 202, tested.text
    assert worker.run_once() == 2
    received = receiver.wait_for(3)
    assert [r.headers["webhook-id"] for r in received[:2]] == [first["eventId"]] * 2
    test_event = parse(received[2])
    assert test_event.get_type() == "nl.kompas.webhook.test.v1"
    assert test_event.get_id() == tested.json()["eventId"]
    Webhook(made["secret"]).verify(received[2].body, received[2].headers)
    one = http.get(path, headers=admin.headers)
    assert one.status_code == 200
    assert one.json()["status"] == "delivered"
    assert_problem(
        http.get(
            f"/webhook-subscriptions/{made['id']}/deliveries/{uuid.uuid4()}", headers=admin.headers
        ),
        404,
    )


def test_after_a_rotation_both_secrets_sign_for_24_hours(
    http, admin: Actor, werk, receiver, subscribe, worker, wall_clock: Clock
):
    made = subscribe(admin, receiver.url, CREATED)
    rotated = http.post(
        f"/webhook-subscriptions/{made['id']}/secret-rotations", headers=admin.headers
    )
    assert rotated.status_code == 201, rotated.text
    new = rotated.json()["secret"]
    assert new.startswith("whsec_")
    assert new != made["secret"]
    agenda_item(http, admin, werk)
    worker.run_once()
    [request] = receiver.wait_for(1)
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    Webhook(made["secret"]).verify(request.body, request.headers)
    Webhook(new).verify(request.body, request.headers)
    wall_clock.advance(hours=24, seconds=1)
    agenda_item(http, admin, werk, title="Later")
    worker.run_once()
    later = receiver.wait_for(2)[1]
    assert len(later.headers["webhook-signature"].split(" ")) == 1
    Webhook(new).verify(later.body, later.headers)
    with pytest.raises(Exception, match="signature"):
        Webhook(made["secret"]).verify(later.body, later.headers)


def test_deliveries_are_a_cursor_list_walked_once(
    http, admin: Actor, werk, receiver, subscribe, worker
):
    made = subscribe(admin, receiver.url, CREATED)
    for n in range(5):
        agenda_item(http, admin, werk, title=f"Punt {n}")
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = http.get(
            f"/webhook-subscriptions/{made['id']}/deliveries", params=params, headers=admin.headers
        ).json()
        seen += [d["id"] for d in page["items"]]
        cursor = page["nextCursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 5
    bad = http.get(
        f"/webhook-subscriptions/{made['id']}/deliveries",
        params={"status": "lost"},
        headers=admin.headers,
    )
    assert_problem(bad, 400, "status")


# --- partners -----------------------------------------------------------------------------------


def partner_token(http, admin: Actor, party, scopes: list[str]) -> dict[str, str]:
    response = http.post(
        f"/partners/{party.id}/api-tokens",
        json={"name": "Koppeling", "scopes": scopes},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


def test_a_partner_token_subscribes_within_its_scopes_and_receives_only_what_its_party_reads(
    http, admin: Actor, tenant: Tenant, werk, receiver, worker
):
    woon = tenant.party("Woonstede", PartyKind.partner)
    ggd = tenant.party("GGD", PartyKind.partner)
    token = partner_token(
        http,
        admin,
        woon,
        [
            "webhook-subscriptions:write",
            "webhook-subscriptions:read",
            "webhook-event-types:read",
            "agenda-items:read",
        ],
    )
    refused = http.post(
        "/webhook-subscriptions",
        json={"url": receiver.url, "eventTypes": [CREATED, "nl.kompas.question.created.v1"]},
        headers=token,
    )
    assert_problem(refused, 400, "eventTypes.1")  # no questions:read scope
    made = http.post(
        "/webhook-subscriptions", json={"url": receiver.url, "eventTypes": [CREATED]}, headers=token
    )
    assert made.status_code == 201, made.text
    assert made.json()["partyId"] == str(woon.id)
    own = http.get(f"/webhook-subscriptions/{made.json()['id']}", headers=token)
    assert own.status_code == 200
    theirs = agenda_item(
        http,
        admin,
        werk,
        title="Met Woonstede",
        participants=[
            {"partyId": str(woon.id), "level": "taking-part"},
            {"partyId": str(ggd.id), "level": "watching"},
        ],
    )
    agenda_item(http, admin, werk, title="Zonder Woonstede")
    worker.run_once()
    events = receiver.events()
    assert [e["data"]["id"] for e in events] == [theirs["id"]]
    # the same fields as the API shows the partner
    assert events[0]["data"] == http.get(f"/agenda-items/{theirs['id']}", headers=token).json()
    # the organisation's own subscription is not the token's to see
    staff = http.post(
        "/webhook-subscriptions",
        json={"url": receiver.url, "eventTypes": [CREATED]},
        headers=admin.headers,
    ).json()
    assert_problem(http.get(f"/webhook-subscriptions/{staff['id']}", headers=token), 404)
    assert [s["id"] for s in http.get("/webhook-subscriptions", headers=token).json()["items"]] == [
        made.json()["id"]
    ]
    # an admin sees the partner's subscription too
    assert (
        http.get(f"/webhook-subscriptions/{made.json()['id']}", headers=admin.headers).status_code
        == 200
    )


def test_a_token_without_the_webhook_scope_cannot_subscribe(
    http, admin: Actor, tenant: Tenant, receiver
):
    woon = tenant.party("Woonstede", PartyKind.partner)
    token = partner_token(http, admin, woon, ["agenda-items:read"])
    body = {"url": receiver.url, "eventTypes": [CREATED]}
    assert_problem(http.post("/webhook-subscriptions", json=body, headers=token), 403)


# --- server-side request forgery ----------------------------------------------------------------


@pytest.fixture
def guarded_http(server: LiveServer):
    """The suite's ordinary app: no webhook host allowed."""
    with httpx.Client(base_url=server.url + API, timeout=30) as client:
        yield client


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://[fd00:ec2::254]/",
        "http://localhost:8080/hooks",
        "http://127.0.0.1/hooks",
        "http://[::1]/hooks",
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://[::ffff:192.168.1.1]/",
    ],
)
def test_a_url_reaching_into_the_private_network_is_refused_naming_url(guarded_http, admin, url):
    response = guarded_http.post(
        "/webhook-subscriptions", json={"url": url, "eventTypes": [CREATED]}, headers=admin.headers
    )
    assert_problem(response, 422, "url")


def test_https_is_required_in_production_and_the_allowlist_permits_a_host(settings: Settings):
    production = settings.model_copy(update={"env": Environment.production})
    with pytest.raises(signing.UnsafeUrl, match="https"):
        signing.check_url("http://example.org/hooks", production)
    with pytest.raises(signing.UnsafeUrl, match="loopback"):
        signing.check_url("http://localhost/hooks", settings)
    allowed = settings.model_copy(update={"webhook_allowed_hosts": ["localhost"]})
    assert "127.0.0.1" in signing.check_url("http://localhost/hooks", allowed)
    with pytest.raises(signing.UnsafeUrl):
        signing.check_url("ftp://example.org/", settings)
    with pytest.raises(signing.UnsafeUrl):
        signing.check_url("http://user:pw@example.org/", settings)


def test_every_delivery_checks_the_address_again(
    http, admin: Actor, werk, receiver, subscribe, engine, settings: Settings
):
    made = subscribe(admin, receiver.url, CREATED)
    agenda_item(http, admin, werk)
    guarded = Worker(engine, settings)  # 127.0.0.1 no longer allowed
    assert guarded.run_once() == 1
    guarded.close()
    assert receiver.received == []
    [delivery] = deliveries(http, admin, made)
    assert delivery["status"] == "pending"
    assert "Refused" in delivery["attempts"][0]["error"]
    assert "loopback" in delivery["attempts"][0]["error"]


def _moment(text: str):
    from datetime import datetime

    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_a_partner_hears_of_a_deletion_only_of_what_its_party_could_read(
    http, admin: Actor, tenant: Tenant, werk, receiver, worker
):
    woon = tenant.party("Woonstede", PartyKind.partner)
    token = partner_token(http, admin, woon, ["webhook-subscriptions:write", "agenda-items:read"])
    made = http.post(
        "/webhook-subscriptions", json={"url": receiver.url, "eventTypes": [DELETED]}, headers=token
    )
    assert made.status_code == 201, made.text
    theirs = agenda_item(
        http, admin, werk, participants=[{"partyId": str(woon.id), "level": "watching"}]
    )
    other = agenda_item(http, admin, werk, title="Intern")
    for item in (theirs, other):
        path = f"/agenda-items/{item['id']}"
        gone = http.delete(path, headers={**admin.headers, "If-Match": etag(http, admin, path)})
        assert gone.status_code == 204, gone.text
    worker.run_once()
    assert [(e["type"], e["data"]) for e in receiver.events()] == [(DELETED, {"id": theirs["id"]})]


def test_the_retry_schedule_and_allowed_hosts_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("KOMPAS_WEBHOOK_RETRY_SCHEDULE", "1, 60,3600")
    monkeypatch.setenv("KOMPAS_WEBHOOK_ALLOWED_HOSTS", "127.0.0.1, hooks.intern")
    monkeypatch.setenv("KOMPAS_WEBHOOK_WORKER", "false")
    read = Settings()
    assert read.webhook_retry_schedule == [1, 60, 3600]
    assert read.webhook_allowed_hosts == ["127.0.0.1", "hooks.intern"]
    assert read.webhook_worker is False
    assert Settings.model_fields["webhook_retry_schedule"].default_factory() == [  # type: ignore[call-arg, misc]
        5,
        300,
        1800,
        7200,
        18000,
        36000,
        36000,
    ]
    monkeypatch.setenv("KOMPAS_WEBHOOK_RETRY_SCHEDULE", "5,0")
    with pytest.raises(ValueError, match="retry delay"):
        Settings()
