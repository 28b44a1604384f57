"""Login with a password and the rules every access token must pass."""

from __future__ import annotations

import base64
import json
import time
import uuid
from datetime import timedelta

import pytest
from jose import jwt

from kompas.core.config import Settings
from kompas.core.principal import Role
from kompas.core.security import (
    InvalidToken,
    create_access_token,
    decode_access_token,
    hash_password,
)
from tests.conftest import FIXED_MOMENT, Clock, Tenant, assert_problem

PASSWORD = "correct horse battery"


@pytest.fixture
def member(tenant: Tenant):
    return tenant.actor(
        Role.member, email="jeroen@voorbeeld.nl", password_hash=hash_password(PASSWORD)
    )


def login(http, username: str, password: str):
    return http.post(
        "/auth/token", data={"username": username, "password": password, "grant_type": "password"}
    )


def test_login_answers_an_oauth2_bearer_token_that_opens_me(http, member, tenant: Tenant):
    response = login(http, "Jeroen@Voorbeeld.nl", PASSWORD)
    assert response.status_code == 200, response.text
    token = response.json()
    assert token["token_type"] == "bearer"
    assert token["expires_in"] == 15 * 60
    me = http.get("/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert me.status_code == 200
    assert me.json() | {"id": None, "organisationId": None} == {
        "id": None,
        "email": "jeroen@voorbeeld.nl",
        "name": "Test member",
        "role": "member",
        "partyId": None,
        "organisationId": None,
        "organisationName": "Gemeente Test",
    }


def test_wrong_password_and_unknown_account_get_the_same_answer(http, member):
    wrong = login(http, "jeroen@voorbeeld.nl", "not the password")
    unknown = login(http, "nobody@voorbeeld.nl", PASSWORD)
    for response in (wrong, unknown):
        body = assert_problem(response, 400)
        assert body["error"] == "invalid_grant"
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_a_deactivated_user_cannot_log_in_nor_use_an_earlier_token(http, tenant: Tenant, db):
    actor = tenant.actor(
        Role.member, email="weg@voorbeeld.nl", password_hash=hash_password(PASSWORD)
    )
    user = db.get(type(actor.user), actor.id)
    user.is_active = False
    db.commit()
    assert_problem(login(http, "weg@voorbeeld.nl", PASSWORD), 400)
    assert_problem(http.get("/me", headers=actor.headers), 401)


def test_login_form_missing_fields_lists_them(http):
    assert_problem(http.post("/auth/token", data={}), 400, "username", "password")


def test_other_grant_types_are_refused(http, member):
    response = http.post(
        "/auth/token",
        data={
            "username": "jeroen@voorbeeld.nl",
            "password": PASSWORD,
            "grant_type": "client_credentials",
        },
    )
    assert_problem(response, 400, "grantType")


# --- token rules -------------------------------------------------------------------------------


def claims(settings, **overrides):
    now = int(time.time())
    base = {
        "sub": str(uuid.uuid4()),
        "org": str(uuid.uuid4()),
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + 600,
        "typ": "access",
        "jti": uuid.uuid4().hex,
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def test_a_token_we_issued_decodes_to_its_user(settings):
    user_id, org_id = uuid.uuid4(), uuid.uuid4()
    token, _ = create_access_token(settings, user_id=user_id, organisation_id=org_id)
    decoded = decode_access_token(settings, token)
    assert (decoded.user_id, decoded.organisation_id) == (user_id, org_id)


@pytest.mark.parametrize("missing", ["exp", "iat", "aud", "iss", "sub", "jti"])
def test_a_token_without_a_required_claim_is_refused(settings, missing):
    token = jwt.encode(claims(settings, **{missing: None}), settings.signing_key, algorithm="HS256")
    with pytest.raises(InvalidToken):
        decode_access_token(settings, token)


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("aud", "another-api"),
        ("iss", "someone-else"),
        ("typ", "refresh"),
    ],
)
def test_a_token_with_a_wrong_claim_is_refused(settings, claim, value):
    token = jwt.encode(claims(settings, **{claim: value}), settings.signing_key, algorithm="HS256")
    with pytest.raises(InvalidToken):
        decode_access_token(settings, token)


def test_an_access_token_ends_when_the_clock_passes_exp(settings, wall_clock: Clock):
    token, lifetime = create_access_token(
        settings, user_id=uuid.uuid4(), organisation_id=uuid.uuid4()
    )
    wall_clock.move_to(FIXED_MOMENT + timedelta(seconds=lifetime - 1))
    decode_access_token(settings, token)
    wall_clock.advance(seconds=2)
    with pytest.raises(InvalidToken):
        decode_access_token(settings, token)


def test_a_token_checked_once_is_not_trusted_changed_nor_under_another_key(settings):
    """The signature is checked once per token and process (``decode_access_token`` keeps the
    claims): a token with the same signature but other claims, or the same token under a new
    key, is checked again and refused."""
    user_id = uuid.uuid4()
    token, _ = create_access_token(settings, user_id=user_id, organisation_id=uuid.uuid4())
    assert decode_access_token(settings, token).user_id == user_id  # now remembered
    header, _, signature = token.split(".")
    other = base64.urlsafe_b64encode(
        json.dumps(claims(settings, sub=str(uuid.uuid4()))).encode()
    ).decode()
    with pytest.raises(InvalidToken):
        decode_access_token(settings, f"{header}.{other.rstrip('=')}.{signature}")
    rotated = Settings(**{**settings.model_dump(), "secret_key": "a-new-secret-" + "r" * 40})
    assert rotated.signing_key != settings.signing_key
    with pytest.raises(InvalidToken):
        decode_access_token(rotated, token)
    assert decode_access_token(settings, token).user_id == user_id


def test_a_token_signed_with_another_key_is_refused(settings):
    token = jwt.encode(claims(settings), "another-key-" + "x" * 40, algorithm="HS256")
    with pytest.raises(InvalidToken):
        decode_access_token(settings, token)


def test_alg_none_is_refused(settings):
    def b64(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    token = f"{b64({'alg': 'none', 'typ': 'JWT'})}.{b64(claims(settings))}."
    with pytest.raises(InvalidToken):
        decode_access_token(settings, token)


def test_another_hmac_algorithm_is_refused(settings):
    token = jwt.encode(claims(settings), settings.signing_key, algorithm="HS512")
    with pytest.raises(InvalidToken):
        decode_access_token(settings, token)


def test_a_valid_token_for_a_user_of_another_organisation_claim_is_refused(
    http, tenant: Tenant, other_tenant: Tenant, settings
):
    actor = tenant.actor(Role.admin)
    forged, _ = create_access_token(settings, user_id=actor.id, organisation_id=other_tenant.id)
    assert_problem(http.get("/me", headers={"Authorization": f"Bearer {forged}"}), 401)


def test_an_expired_token_answers_401_over_http(http, tenant: Tenant, settings):
    actor = tenant.actor(Role.admin)
    expired = jwt.encode(
        claims(settings, sub=str(actor.id), org=str(tenant.id), exp=int(time.time()) - 1),
        settings.signing_key,
        algorithm="HS256",
    )
    response = http.get("/me", headers={"Authorization": f"Bearer {expired}"})
    assert_problem(response, 401)
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_hash_made_with_another_cost_is_upgraded_at_login(http, tenant: Tenant, db, settings):
    from argon2 import PasswordHasher

    old_hash = PasswordHasher(time_cost=2, memory_cost=16_384).hash(PASSWORD)
    actor = tenant.actor(Role.member, email="oud@voorbeeld.nl", password_hash=old_hash)
    assert login(http, "oud@voorbeeld.nl", PASSWORD).status_code == 200
    db.expire_all()
    new_hash = db.get(type(actor.user), actor.id).password_hash
    assert new_hash != old_hash
    assert f"m={settings.password_hash_memory_kib},t={settings.password_hash_time_cost}" in new_hash
