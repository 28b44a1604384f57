"""Refresh tokens rotate on every use; reuse ends the whole session; logout ends it at once.

A session is what one login starts: its access tokens and its family of refresh tokens.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
import pytest
from jose import jwt
from sqlmodel import select

from kompas.auth.models import RefreshToken
from kompas.core.principal import Role
from kompas.core.security import create_access_token, hash_password
from kompas.parties.models import PartyKind
from tests.conftest import Tenant, assert_problem

PASSWORD = "correct horse battery"
# 200 ms into a second, so that everything a test does while the clock stands falls in one second.
IN_ONE_SECOND = datetime(2026, 3, 2, 9, 0, 0, 200_000, tzinfo=UTC)


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


# --- logout and the end of sessions (issue 10, point 6) ------------------------------------------


def me(http, tokens: dict) -> httpx.Response:
    return http.get("/me", headers=bearer(tokens))


def assert_ended(http, tokens: dict) -> None:
    """Neither the access token nor the refresh token of this session works any more."""
    refused = me(http, tokens)
    assert_problem(refused, 401)
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert assert_problem(refresh(http, tokens["refresh_token"]), 400)["error"] == "invalid_grant"


def assert_working(http, tokens: dict) -> dict:
    """The access token opens /me and the refresh token rotates; returns the rotated tokens."""
    assert me(http, tokens).status_code == 200
    rotated = refresh(http, tokens["refresh_token"])
    assert rotated.status_code == 200, rotated.text
    assert me(http, rotated.json()).status_code == 200
    return rotated.json()


def test_logout_everywhere_ends_the_access_tokens_of_every_other_session_at_once(http, login):
    caller, other, rotated_away = login(), login(), login()
    rotated = refresh(http, rotated_away["refresh_token"]).json()
    assert http.post("/auth/logout", json={}, headers=bearer(caller)).status_code == 204
    for tokens in (caller, other, rotated):
        assert_ended(http, tokens)
    # The access token the rotated session had before its rotation ends too.
    assert_problem(me(http, rotated_away), 401)


def test_a_token_issued_in_the_same_second_as_logout_everywhere_is_refused(
    http, login, time_machine
):
    # `iat` counts whole seconds: with the clock standing still, everything below happens in the
    # same one, before and after the logout.
    time_machine.move_to(IN_ONE_SECOND, tick=False)
    caller, same_second = login(), login()
    assert http.post("/auth/logout", json={}, headers=bearer(caller)).status_code == 204
    assert_ended(http, same_second)
    # A login after the logout, still in that second, starts a session that works.
    assert_working(http, login())


def test_logout_with_this_sessions_refresh_token_leaves_the_other_sessions_working(http, login):
    first = login()
    caller = refresh(http, first["refresh_token"]).json()
    other = login()
    response = http.post(
        "/auth/logout", json={"refreshToken": caller["refresh_token"]}, headers=bearer(caller)
    )
    assert response.status_code == 204
    assert_ended(http, caller)
    # The session's access token from before its rotation ends with it.
    assert_problem(me(http, first), 401)
    assert_working(http, other)


def test_logout_naming_another_session_of_yours_ends_that_one_and_yours(http, login):
    caller, other = login(), login()
    third = login()
    response = http.post(
        "/auth/logout", json={"refreshToken": other["refresh_token"]}, headers=bearer(caller)
    )
    # A refresh token of another session of yours ends that session too, and yours with it.
    assert response.status_code == 204
    assert_ended(http, caller)
    assert_ended(http, other)
    assert_working(http, third)


def test_logout_with_another_users_refresh_token_is_refused_and_changes_nothing(
    http, login, tenant: Tenant
):
    caller = login()
    tenant.actor(Role.member, email="anna@voorbeeld.nl", password_hash=hash_password(PASSWORD))
    anna = http.post("/auth/token", data={"username": "anna@voorbeeld.nl", "password": PASSWORD})
    anna_tokens = anna.json()
    foreign = http.post(
        "/auth/logout", json={"refreshToken": anna_tokens["refresh_token"]}, headers=bearer(caller)
    )
    unknown = http.post(
        "/auth/logout", json={"refreshToken": "kompas_rt_madeup"}, headers=bearer(caller)
    )
    # The same answer as for a token that does not exist: nothing is revealed about Anna's.
    assert_problem(foreign, 400, "refreshToken")
    assert_problem(unknown, 400, "refreshToken")
    assert foreign.json()["detail"] == unknown.json()["detail"]
    assert foreign.json()["invalidParams"] == unknown.json()["invalidParams"]
    assert_working(http, anna_tokens)
    assert_working(http, caller)


def test_reusing_a_rotated_refresh_token_ends_every_token_of_its_family(http, login):
    stolen = login()
    rotated = refresh(http, stolen["refresh_token"]).json()
    unrelated = login()
    reuse = refresh(http, stolen["refresh_token"])
    assert assert_problem(reuse, 400)["error"] == "invalid_grant"
    # What was issued from the rotation, and the family's first access token, end at once.
    assert_ended(http, rotated)
    assert_problem(me(http, stolen), 401)
    # Another login of the same user is another family: it goes on.
    assert_working(http, unrelated)


def test_two_uses_of_one_refresh_token_at_the_same_moment_are_a_reuse(http, login):
    tokens = login()
    with ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(lambda _: refresh(http, tokens["refresh_token"]), range(2)))
    assert sorted(answer.status_code for answer in answers) == [200, 400]
    (winner,) = (answer.json() for answer in answers if answer.status_code == 200)
    assert_ended(http, winner)


def test_an_access_token_from_before_generations_works_until_logout_everywhere(
    http, login, settings, db
):
    from kompas.users.models import User

    tokens = login()
    user = db.exec(select(User).where(User.email == "jeroen@voorbeeld.nl")).one()
    # As Kompas issued them before the upgrade: no `gen`, no `sid`.
    legacy, _ = create_access_token(settings, user_id=user.id, organisation_id=user.organisation_id)
    claims = jwt.get_unverified_claims(legacy)
    del claims["gen"]
    legacy = jwt.encode(claims, settings.signing_key, algorithm="HS256")
    assert http.get("/me", headers={"Authorization": f"Bearer {legacy}"}).status_code == 200
    assert http.post("/auth/logout", json={}, headers=bearer(tokens)).status_code == 204
    assert_problem(http.get("/me", headers={"Authorization": f"Bearer {legacy}"}), 401)


def test_a_fresh_login_after_logout_everywhere_works(http, login):
    before = login()
    assert http.post("/auth/logout", json={}, headers=bearer(before)).status_code == 204
    after = assert_working(http, login())
    assert_working(http, after)
    assert_ended(http, before)


def test_logout_everywhere_leaves_the_partner_api_tokens_an_admin_made(http, tenant: Tenant):
    tenant.actor(Role.admin, email="beheer@voorbeeld.nl", password_hash=hash_password(PASSWORD))
    tokens = http.post(
        "/auth/token", data={"username": "beheer@voorbeeld.nl", "password": PASSWORD}
    ).json()
    partner = tenant.party("Woonstede", PartyKind.partner)
    made = http.post(
        f"/partners/{partner.id}/api-tokens",
        json={"name": "Planning-koppeling", "scopes": ["needs:read"]},
        headers=bearer(tokens),
    )
    assert made.status_code == 201, made.text
    assert http.post("/auth/logout", json={}, headers=bearer(tokens)).status_code == 204
    # A partner's token belongs to the partner's systems, not to a session of the admin.
    secret = made.json()["token"]
    assert http.get("/needs", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_the_session_checks_cost_no_statement_beyond_loading_the_caller(http, login, count_sql):
    tokens = login()
    counter = count_sql()
    # A route whose answer is never kept (decision 0021: a kept page's caller is read in the same
    # one statement, but on PostgreSQL on the event loop's own connection, which this counter
    # does not see; tests/scaling/test_kept_pages.py counts that one).
    assert http.get("/me/data", headers=bearer(tokens)).status_code == 200
    # The user, whether the token was revoked and whether its session ended: one statement.
    checks = [
        s for s in counter.statements if "revoked_access_tokens" in s or "refresh_tokens" in s
    ]
    assert len(checks) == 1, counter.statements
    assert "FROM users" in checks[0]
