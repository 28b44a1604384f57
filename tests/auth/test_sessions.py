"""Refresh tokens rotate on every use; reuse ends the whole session; logout ends it at once."""

from __future__ import annotations

import pytest
from sqlmodel import select

from kompas.auth.models import RefreshToken
from kompas.core.principal import Role
from kompas.core.security import hash_password
from tests.conftest import Tenant, assert_problem

PASSWORD = "correct horse battery"


@pytest.fixture
def login(http, tenant: Tenant):
    tenant.actor(Role.member, email="jeroen@voorbeeld.nl", password_hash=hash_password(PASSWORD))

    def do() -> dict:
        response = http.post(
            "/auth/token", data={"username": "jeroen@voorbeeld.nl", "password": PASSWORD}
        )
        assert response.status_code == 200, response.text
        return response.json()

    return do


def refresh(http, token: str):
    return http.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": token})


def bearer(tokens: dict) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_a_refresh_token_gives_new_tokens_and_works_once(http, login):
    first = login()
    assert first["refresh_token"].startswith("kompas_rt_")
    second = refresh(http, first["refresh_token"])
    assert second.status_code == 200, second.text
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    assert http.get("/me", headers=bearer(rotated)).status_code == 200


def test_reusing_a_refresh_token_revokes_the_whole_family(http, login):
    first = login()
    second = refresh(http, first["refresh_token"]).json()
    reuse = refresh(http, first["refresh_token"])
    assert assert_problem(reuse, 400)["error"] == "invalid_grant"
    # The thief's replay also ended the legitimate holder's newer token.
    assert_problem(refresh(http, second["refresh_token"]), 400)


def test_refresh_tokens_are_stored_only_as_hashes(http, login, db):
    tokens = login()
    stored = db.exec(select(RefreshToken)).all()
    assert stored
    assert all(tokens["refresh_token"] not in row.token_hash for row in stored)
    assert all(len(row.token_hash) == 64 for row in stored)


def test_unknown_refresh_token_and_missing_fields_are_refused(http):
    assert_problem(refresh(http, "kompas_rt_nonsense"), 400)
    assert_problem(
        http.post("/auth/token", data={"grant_type": "refresh_token"}), 400, "refresh_token"
    )
    assert_problem(
        http.post("/auth/token", data={"grant_type": "password", "username": "a@b.nl"}),
        400,
        "password",
    )


def test_logout_ends_the_access_token_and_its_refresh_family_at_once(http, login):
    tokens = login()
    other_session = login()
    response = http.post(
        "/auth/logout", json={"refreshToken": tokens["refresh_token"]}, headers=bearer(tokens)
    )
    assert response.status_code == 204
    assert_problem(http.get("/me", headers=bearer(tokens)), 401)
    assert_problem(refresh(http, tokens["refresh_token"]), 400)
    # Another device's session goes on.
    assert refresh(http, other_session["refresh_token"]).status_code == 200


def test_logout_without_a_refresh_token_ends_every_session_of_the_user(http, login):
    tokens = login()
    other_session = login()
    assert http.post("/auth/logout", json={}, headers=bearer(tokens)).status_code == 204
    assert_problem(refresh(http, other_session["refresh_token"]), 400)


def test_a_deactivated_user_cannot_refresh(http, login, db, tenant: Tenant):
    from kompas.users.models import User

    tokens = login()
    user = db.exec(select(User).where(User.email == "jeroen@voorbeeld.nl")).one()
    user.is_active = False
    db.commit()
    assert_problem(refresh(http, tokens["refresh_token"]), 400)
