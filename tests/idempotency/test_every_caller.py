"""Idempotency-Key works for every kind of caller: a password login's token, a token of the
municipality's identity provider (OIDC) and a partner's API token — each caller with keys of its
own, and the token behind a POST decoded and looked up once."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from kompas.auth import oidc
from kompas.core import security
from kompas.core.db import utcnow
from kompas.core.idempotency import IdempotencyRecord
from kompas.core.principal import Role
from kompas.parties.models import Need, Party
from kompas.tokens.models import ApiToken
from kompas.users.models import User
from tests.auth.test_oidc import EMAIL, SigningKey, claims, new_key, sign
from tests.conftest import Actor, Tenant, assert_problem


def need(party: Party, title: str = "Huisbezoek") -> dict[str, str]:
    return {"partyId": str(party.id), "kind": "offer", "title": title}


def bearer(token: str, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


def needs_titled(db: Session, title: str) -> int:
    return db.exec(select(func.count()).select_from(Need).where(Need.title == title)).one()


def remembered(db: Session) -> list[IdempotencyRecord]:
    db.expire_all()
    return list(db.exec(select(IdempotencyRecord)).all())


def assert_replayed(first: httpx.Response, again: httpx.Response) -> None:
    assert first.status_code == 201, first.text
    assert "Idempotent-Replayed" not in first.headers
    assert again.status_code == 201, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["ETag"] == first.headers["ETag"]


# --- partner tokens ---------------------------------------------------------------------------


def test_a_partner_token_replays_its_first_response_and_creates_once(
    http, partner, partner_token: Callable[..., str], db
):
    headers = bearer(partner_token(), "koppeling-1")
    first = http.post("/needs", json=need(partner), headers=headers)
    again = http.post("/needs", json=need(partner), headers=headers)
    assert_replayed(first, again)
    assert needs_titled(db, "Huisbezoek") == 1


def test_a_partner_token_with_the_same_key_and_another_body_is_422(
    http, partner, partner_token: Callable[..., str], db
):
    headers = bearer(partner_token(), "koppeling-2")
    assert http.post("/needs", json=need(partner), headers=headers).status_code == 201
    assert_problem(http.post("/needs", json=need(partner, "Schuldhulp"), headers=headers), 422)
    assert needs_titled(db, "Schuldhulp") == 0


def test_the_key_of_a_partner_token_is_remembered_for_the_token_itself(
    http, partner, partner_token: Callable[..., str], db
):
    first_token, second_token = partner_token(), partner_token()
    one = http.post("/needs", json=need(partner), headers=bearer(first_token, "k"))
    other = http.post("/needs", json=need(partner), headers=bearer(second_token, "k"))
    # Two systems of one partner number their keys alike: two creates, not a replay.
    assert one.status_code == other.status_code == 201
    assert "Idempotent-Replayed" not in other.headers
    assert one.json()["id"] != other.json()["id"]
    stored = {(r.principal_id, r.organisation_id) for r in remembered(db)}
    token_ids = {t.id for t in db.exec(select(ApiToken)).all()}
    assert {principal for principal, _ in stored} == token_ids
    assert {organisation for _, organisation in stored} == {partner.organisation_id}


def test_a_partner_token_and_a_user_with_the_same_key_do_not_share_it(
    http, admin: Actor, partner, partner_token: Callable[..., str]
):
    by_token = http.post("/needs", json=need(partner), headers=bearer(partner_token(), "k"))
    by_admin = http.post(
        "/needs", json=need(partner), headers={**admin.headers, "Idempotency-Key": "k"}
    )
    assert by_token.status_code == by_admin.status_code == 201
    assert "Idempotent-Replayed" not in by_admin.headers
    assert by_token.json()["id"] != by_admin.json()["id"]


def test_a_revoked_partner_token_is_401_and_remembers_nothing(
    http, partner, partner_token: Callable[..., str], db
):
    secret = partner_token()
    token = db.exec(select(ApiToken)).one()
    token.revoked_at = utcnow()
    db.commit()
    response = http.post("/needs", json=need(partner), headers=bearer(secret, "na-intrekken"))
    assert_problem(response, 401)
    assert remembered(db) == []


def test_a_partner_token_outside_its_scopes_is_403_and_remembers_nothing(
    http, partner, partner_token: Callable[..., str], db
):
    secret = partner_token("needs:read")
    assert_problem(http.post("/needs", json=need(partner), headers=bearer(secret, "k")), 403)
    assert remembered(db) == []


def test_a_partner_tokens_post_with_a_key_reads_the_token_once(
    http, partner, partner_token: Callable[..., str], count_sql
):
    secret = partner_token()
    http.post("/needs", json=need(partner, "Opwarmen"), headers=bearer(secret))  # last use set
    counter = count_sql()
    response = http.post("/needs", json=need(partner), headers=bearer(secret, "een-keer"))
    assert response.status_code == 201, response.text
    reads = [
        s
        for s in counter.statements
        if s.lstrip().upper().startswith("SELECT") and "api_tokens" in s
    ]
    assert len(reads) == 1, reads


# --- password logins ---------------------------------------------------------------------------


def test_a_password_token_is_decoded_once_for_a_post_with_a_key(
    http, admin: Actor, monkeypatch: pytest.MonkeyPatch
):
    decoded: list[str] = []
    decode = security.jwt.decode

    def counting(token, *args, **kwargs):
        decoded.append(token)
        return decode(token, *args, **kwargs)

    monkeypatch.setattr(security.jwt, "decode", counting)
    response = http.post(
        "/departments", json={"name": "Werk"}, headers={**admin.headers, "Idempotency-Key": "1"}
    )
    assert response.status_code == 201, response.text
    assert decoded == [admin.token]


def test_a_logged_out_password_token_remembers_nothing(http, tenant: Tenant, db):
    actor = tenant.actor(Role.admin)
    assert http.post("/auth/logout", json={}, headers=actor.headers).status_code == 204
    response = http.post(
        "/departments", json={"name": "Werk"}, headers={**actor.headers, "Idempotency-Key": "1"}
    )
    assert_problem(response, 401)
    assert remembered(db) == []


# --- the municipality's identity provider (OIDC) -----------------------------------------------


def test_an_oidc_token_replays_its_first_response_and_creates_once(
    kompas_with_oidc, tenant: Tenant, oidc_key: SigningKey, db
):
    user = tenant.actor(Role.coordinator, email=EMAIL).user
    http = kompas_with_oidc()
    headers = bearer(sign(claims(), oidc_key), "idp-1")
    first = http.post("/departments", json={"name": "Werk"}, headers=headers)
    again = http.post("/departments", json={"name": "Werk"}, headers=headers)
    assert_replayed(first, again)
    assert [r.principal_id for r in remembered(db)] == [user.id]
    assert_problem(http.post("/departments", json={"name": "Zorg"}, headers=headers), 422)


def test_an_oidc_user_and_the_same_users_password_token_share_their_keys(
    kompas_with_oidc, tenant: Tenant, oidc_key: SigningKey
):
    # One person, two ways in: a retry after logging in again must not create twice.
    actor = tenant.actor(Role.coordinator, email=EMAIL)
    http = kompas_with_oidc()
    first = http.post(
        "/departments",
        json={"name": "Werk"},
        headers=bearer(sign(claims(), oidc_key), "zelfde-persoon"),
    )
    again = http.post(
        "/departments", json={"name": "Werk"}, headers=bearer(actor.token, "zelfde-persoon")
    )
    assert_replayed(first, again)


def test_an_oidc_first_login_with_a_key_creates_the_user_once_and_replays(
    kompas_with_oidc, oidc_key: SigningKey, engine, db
):
    http = kompas_with_oidc(oidc_create_users=True, oidc_default_role="coordinator")
    headers = bearer(sign(claims(), oidc_key), "eerste-keer")
    first = http.post("/departments", json={"name": "Werk"}, headers=headers)
    again = http.post("/departments", json={"name": "Werk"}, headers=headers)
    assert_replayed(first, again)
    users = db.exec(select(User).where(User.email == EMAIL)).all()
    assert len(users) == 1
    assert [r.principal_id for r in remembered(db)] == [users[0].id]


def test_an_oidc_post_with_a_key_verifies_the_token_once(
    kompas_with_oidc, tenant: Tenant, oidc_key: SigningKey, monkeypatch: pytest.MonkeyPatch
):
    tenant.actor(Role.coordinator, email=EMAIL)
    http = kompas_with_oidc()
    calls: list[str] = []
    verify = oidc.verified_claims

    def counting(*, settings, token):
        calls.append(token)
        return verify(settings=settings, token=token)

    monkeypatch.setattr(oidc, "verified_claims", counting)
    token = sign(claims(), oidc_key)
    response = http.post("/departments", json={"name": "Werk"}, headers=bearer(token, "1"))
    assert response.status_code == 201, response.text
    assert calls == [token]


def test_an_invalid_oidc_token_is_401_and_remembers_nothing(kompas_with_oidc, tenant: Tenant, db):
    tenant.actor(Role.coordinator, email=EMAIL)
    http = kompas_with_oidc()
    forged = sign(claims(), new_key("key-idem"))  # the provider's kid, another key
    response = http.post("/departments", json={"name": "Werk"}, headers=bearer(forged, "1"))
    assert_problem(response, 401)
    assert remembered(db) == []
