"""Every write leaves an audit event in the same transaction; admins and coordinators read them."""

from __future__ import annotations

import pytest
from sqlmodel import select

from kompas.audit.models import AuditEvent
from kompas.audit.recorder import redacted
from kompas.core.principal import Role
from kompas.parties.models import PartyKind
from kompas.tokens.service import digest
from tests.conftest import Actor, Tenant, assert_problem


def events(http, actor: Actor, **params):
    response = http.get("/audit-events", params=params, headers=actor.headers)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def test_create_update_delete_are_recorded_with_who_and_what_changed(http, admin: Actor):
    created = http.post(
        "/departments", json={"name": "Werk", "description": "Bijstand"}, headers=admin.headers
    )
    department_id = created.json()["id"]
    changed = http.patch(
        f"/departments/{department_id}",
        json={"description": "Bijstand en re-integratie"},
        headers={**admin.headers, "If-Match": created.headers["ETag"]},
    )
    http.delete(
        f"/departments/{department_id}",
        headers={**admin.headers, "If-Match": changed.headers["ETag"]},
    )

    trail = events(http, admin, resourceId=department_id, sort="occurredAt")
    assert [e["action"] for e in trail] == ["create", "update", "delete"]
    assert {e["actorId"] for e in trail} == {str(admin.id)}
    assert {e["resourceType"] for e in trail} == {"parties"}
    assert trail[0]["changes"]["name"] == {"from": None, "to": "Werk"}
    assert trail[1]["changes"] == {
        "description": {"from": "Bijstand", "to": "Bijstand en re-integratie"}
    }
    assert trail[2]["changes"]["name"] == {"from": "Werk", "to": None}


def test_a_refused_write_leaves_no_event(http, tenant: Tenant, admin: Actor):
    tenant.party("Werk")
    before = len(events(http, admin))
    assert_problem(http.post("/departments", json={"name": "werk"}, headers=admin.headers), 409)
    assert len(events(http, admin)) == before


def test_password_hashes_are_never_written_to_the_trail(http, admin: Actor):
    body = {"email": "n@v.nl", "name": "N", "role": "viewer", "password": "een lang wachtwoord"}
    user_id = http.post("/users", json=body, headers=admin.headers).json()["id"]
    (event,) = events(http, admin, resourceId=user_id)
    assert event["changes"]["passwordHash"] == {"changed": True}
    assert "een lang wachtwoord" not in str(event)
    assert "argon2" not in str(event)


def test_no_hash_or_secret_of_any_record_is_written_to_the_trail(
    http, tenant: Tenant, admin: Actor, db
):
    """An API token's hash and a webhook's signing secret are credentials: the trail says they
    changed, never what they are, whichever model holds them (the rule is by column name)."""
    partner = tenant.party("Woonstede", PartyKind.partner)
    created = http.post(
        f"/partners/{partner.id}/api-tokens",
        json={"name": "Koppeling", "scopes": ["needs:read"]},
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    secret = created.json()["token"]
    (event,) = events(http, admin, resourceId=created.json()["id"])
    assert event["changes"]["tokenHash"] == {"changed": True}
    assert digest(secret) not in str(event)
    stored = db.exec(select(AuditEvent.changes)).all()
    assert all(digest(secret) not in str(changes) for changes in stored)


@pytest.mark.parametrize(
    ("column", "of_model", "hidden"),
    [
        ("password_hash", frozenset(), True),
        ("token_hash", frozenset(), True),
        ("secret", frozenset(), True),
        ("previous_secret", frozenset(), True),
        ("secret_rotated_until", frozenset(), False),
        ("hashtag", frozenset(), False),
        ("title", frozenset(), False),
        ("meaning", frozenset({"meaning"}), True),
    ],
)
def test_a_column_is_redacted_by_its_name_or_its_models_list(column, of_model, hidden):
    assert redacted(column, of_model) is hidden


def test_only_admins_and_coordinators_read_the_trail(http, tenant: Tenant):
    assert events(http, tenant.actor(Role.coordinator)) is not None
    for role in (Role.member, Role.partner, Role.viewer):
        assert_problem(http.get("/audit-events", headers=tenant.actor(role).headers), 403)


def test_the_trail_cannot_be_changed_through_the_api(http, admin: Actor):
    http.post("/departments", json={"name": "Werk"}, headers=admin.headers)
    event_id = events(http, admin)[0]["id"]
    assert http.get(f"/audit-events/{event_id}", headers=admin.headers).status_code == 200
    for method in ("PATCH", "PUT", "DELETE"):
        response = http.request(
            method, f"/audit-events/{event_id}", headers={**admin.headers, "If-Match": "*"}
        )
        assert_problem(response, 405)
    assert_problem(http.post("/audit-events", json={}, headers=admin.headers), 405)


def test_another_organisations_events_are_invisible(http, admin: Actor, other_tenant: Tenant):
    stranger = other_tenant.actor(Role.admin)
    http.post("/departments", json={"name": "Geheim"}, headers=stranger.headers)
    foreign = events(http, stranger)[0]
    assert_problem(http.get(f"/audit-events/{foreign['id']}", headers=admin.headers), 404)
    assert foreign["id"] not in {e["id"] for e in events(http, admin)}


def test_filters_by_action_and_resource_type(http, admin: Actor):
    http.post("/departments", json={"name": "Werk"}, headers=admin.headers)
    http.post("/drivers", json={"title": "Samen"}, headers=admin.headers)
    assert {e["resourceType"] for e in events(http, admin, resourceType="drivers")} == {"drivers"}
    assert {e["action"] for e in events(http, admin, action="create")} == {"create"}
