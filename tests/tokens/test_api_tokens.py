"""Partner API tokens: shown once, stored as a hash, limited to their scopes, revocable at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from kompas.core.principal import Role
from kompas.parties.models import PartyKind
from kompas.tokens.models import ApiToken
from kompas.tokens.service import looks_like_token, new_secret
from tests.conftest import Actor, Tenant, assert_problem


@pytest.fixture
def partner(tenant: Tenant):
    return tenant.party("Woonstede", PartyKind.partner)


def make_token(http, actor: Actor, partner, scopes=("needs:read",), **extra):
    response = http.post(
        f"/partners/{partner.id}/api-tokens",
        json={"name": "Planning-koppeling", "scopes": list(scopes), **extra},
        headers=actor.headers,
    )
    assert response.status_code == 201, response.text
    return response


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_the_secret_is_shown_once_and_stored_only_as_a_hash(http, admin: Actor, partner, db):
    created = make_token(http, admin, partner)
    secret = created.json()["token"]
    assert looks_like_token(secret)
    assert created.json()["prefix"] == secret[:19]
    token_id = created.json()["id"]
    listed = http.get(f"/partners/{partner.id}/api-tokens", headers=admin.headers).json()["items"]
    assert [t["id"] for t in listed] == [token_id]
    assert "token" not in listed[0]
    assert (
        "token"
        not in http.get(
            f"/partners/{partner.id}/api-tokens/{token_id}", headers=admin.headers
        ).json()
    )
    stored = db.exec(select(ApiToken)).one()
    assert secret not in repr(stored.model_dump())
    assert len(stored.token_hash) == 64


def test_a_token_reads_within_its_scopes_and_is_refused_outside_them(http, admin: Actor, partner):
    secret = make_token(http, admin, partner, scopes=["needs:read"]).json()["token"]
    assert http.get("/needs", headers=bearer(secret)).status_code == 200
    assert_problem(http.get("/drivers", headers=bearer(secret)), 403)
    body = {"partyId": str(partner.id), "kind": "offer", "title": "Huisbezoek"}
    assert_problem(http.post("/needs", json=body, headers=bearer(secret)), 403)


def test_tokens_can_never_reach_accounts_or_administration(http, admin: Actor, partner):
    every_scope = [f"{c}:{a}" for c in ("parties", "needs", "people") for a in ("read", "write")]
    secret = make_token(http, admin, partner, scopes=every_scope).json()["token"]
    for path in ("/me", "/users", "/audit-events", f"/partners/{partner.id}/api-tokens"):
        assert_problem(http.get(path, headers=bearer(secret)), 403)


def test_a_revoked_token_answers_401_at_once_and_stays_listed(http, admin: Actor, partner):
    created = make_token(http, admin, partner)
    secret, token_id = created.json()["token"], created.json()["id"]
    assert http.get("/needs", headers=bearer(secret)).status_code == 200
    revoked = http.delete(
        f"/partners/{partner.id}/api-tokens/{token_id}",
        headers={**admin.headers, "If-Match": created.headers["ETag"]},
    )
    assert revoked.status_code == 204
    assert_problem(http.get("/needs", headers=bearer(secret)), 401)
    listed = http.get(f"/partners/{partner.id}/api-tokens", headers=admin.headers).json()["items"]
    assert listed[0]["revokedAt"] is not None


def test_expired_unknown_and_malformed_tokens_answer_401(http, admin: Actor, partner, db):
    secret = make_token(http, admin, partner).json()["token"]
    token = db.exec(select(ApiToken)).one()
    token.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    db.commit()
    assert_problem(http.get("/needs", headers=bearer(secret)), 401)
    assert_problem(http.get("/needs", headers=bearer(new_secret())), 401)
    assert_problem(
        http.get("/needs", headers=bearer(secret[:-1] + ("a" if secret[-1] != "a" else "b"))), 401
    )
    assert_problem(http.get("/needs", headers=bearer("kompas_pat_short")), 401)


def test_expiry_is_in_the_future_and_at_most_a_year_ahead(http, admin: Actor, partner):
    url = f"/partners/{partner.id}/api-tokens"
    body = {"name": "x", "scopes": ["needs:read"]}
    far = (datetime.now(UTC) + timedelta(days=366)).isoformat()
    past = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    assert_problem(
        http.post(url, json={**body, "expiresAt": far}, headers=admin.headers), 400, "expiresAt"
    )
    assert_problem(
        http.post(url, json={**body, "expiresAt": past}, headers=admin.headers), 400, "expiresAt"
    )
    assert_problem(
        http.post(url, json={**body, "scopes": ["users:write"]}, headers=admin.headers),
        400,
        "scopes.0",
    )
    assert_problem(
        http.post(url, json={**body, "scopes": []}, headers=admin.headers), 400, "scopes"
    )
    chosen = (datetime.now(UTC) + timedelta(days=30)).astimezone(timezone(timedelta(hours=1)))
    accepted = http.post(url, json={**body, "expiresAt": chosen.isoformat()}, headers=admin.headers)
    assert accepted.status_code == 201, accepted.text
    assert datetime.fromisoformat(accepted.json()["expiresAt"]) == chosen.replace(
        microsecond=chosen.microsecond
    )
    assert accepted.json()["expiresAt"].endswith("Z")
    assert_problem(
        http.post(url, json={**body, "expiresAt": 1893456000}, headers=admin.headers),
        400,
        "expiresAt",
    )
    default = http.post(url, json=body, headers=admin.headers).json()
    expires = datetime.fromisoformat(default["expiresAt"])
    assert timedelta(days=89) < expires - datetime.now(UTC) <= timedelta(days=90)


def test_only_admins_and_coordinators_make_tokens_and_only_for_partners(
    http, tenant: Tenant, partner
):
    assert make_token(http, tenant.actor(Role.coordinator), partner)
    for role in (Role.member, Role.viewer, Role.partner):
        response = http.post(
            f"/partners/{partner.id}/api-tokens",
            json={"name": "x", "scopes": ["needs:read"]},
            headers=tenant.actor(role).headers,
        )
        assert_problem(response, 403)
    department = tenant.party("Werk")
    response = http.post(
        f"/partners/{department.id}/api-tokens",
        json={"name": "x", "scopes": ["needs:read"]},
        headers=tenant.actor().headers,
    )
    assert_problem(response, 404)


def test_last_use_is_recorded(http, admin: Actor, partner):
    created = make_token(http, admin, partner)
    assert created.json()["lastUsedAt"] is None
    http.get("/needs", headers=bearer(created.json()["token"]))
    read = http.get(
        f"/partners/{partner.id}/api-tokens/{created.json()['id']}", headers=admin.headers
    ).json()
    assert read["lastUsedAt"] is not None


def test_every_collection_is_either_open_to_tokens_or_closed(http):
    from kompas.tokens.scopes import CLOSED_TO_TOKENS, PUBLIC, TOKEN_COLLECTIONS

    spec = http.get("/openapi.json").json()
    collections = {path.strip("/").split("/")[0] for path in spec["paths"]}
    assert collections <= set(TOKEN_COLLECTIONS) | set(CLOSED_TO_TOKENS) | set(PUBLIC)


def test_every_scope_offered_is_one_a_route_asks_for_and_every_one_asked_for_is_offered(http):
    from kompas.tokens.scopes import Scope, required_scope

    spec = http.get("/openapi.json").json()
    asked = {
        scope
        for path, operations in spec["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
        and (scope := required_scope(path, method.upper())) is not None
    }
    offered = {str(scope) for scope in Scope}
    assert offered - asked == set(), "scopes no route needs: a token with them could do nothing"
    assert asked - offered == set(), "routes no token could ever call"


@pytest.mark.parametrize(
    "scope", ["webhook-event-types:write", "handoffs:write", "search:write", "calendar:write"]
)
def test_a_token_cannot_be_made_with_a_scope_that_allows_nothing(
    http, admin: Actor, partner, scope
):
    response = http.post(
        f"/partners/{partner.id}/api-tokens",
        json={"name": "Koppeling", "scopes": ["needs:read", scope]},
        headers=admin.headers,
    )
    assert_problem(response, 400, "scopes.1")
    listed = http.get(f"/partners/{partner.id}/api-tokens", headers=admin.headers)
    assert listed.json()["items"] == []
