"""Login through the municipality's identity provider (OIDC): the token rules, the provider's
keys (fetched over real HTTP or read from a file, cached, refetched on rotation) and how a
token's claims become a Kompas user.

The tests are their own identity provider: they make RSA key pairs, publish them as a JWKS from
a small HTTP server and sign tokens by hand, so every header and claim can be wrong on purpose.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pydantic import ValidationError
from sqlalchemy import Engine
from sqlmodel import Session, select

from kompas.auth import oidc
from kompas.core.config import Environment, Settings
from kompas.core.principal import Role
from kompas.core.security import (
    OIDC_LEEWAY_SECONDS,
    InvalidToken,
    UnknownSigningKey,
    decode_oidc_token,
)
from kompas.main import create_app
from kompas.users.models import User
from tests.conftest import API, Clock, LiveServer, Tenant, assert_problem

ISSUER = "https://login.gemeente-test.example/realms/medewerkers"
AUDIENCE = "kompas"
EMAIL = "ambtenaar@gemeente-test.example"

# --- the test's own identity provider ----------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass(frozen=True)
class SigningKey:
    kid: str
    private: rsa.RSAPrivateKey

    @property
    def jwk(self) -> dict[str, str]:
        numbers = self.private.public_key().public_numbers()

        def encode(value: int) -> str:
            return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))

        return {"kty": "RSA", "use": "sig", "kid": self.kid, "n": encode(numbers.n), "e": "AQAB"}

    @property
    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )


def new_key(kid: str | None = None, bits: int = 2048) -> SigningKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return SigningKey(kid=kid or uuid.uuid4().hex[:12], private=private)


def jwks(*keys: SigningKey) -> dict[str, Any]:
    return {"keys": [key.jwk for key in keys]}


def claims(**overrides: Any) -> dict[str, Any]:
    """Valid claims of the test provider; an override of None leaves that claim out."""
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "f3a9c1d2-0000-4000-8000-000000000001",
        "iat": now,
        "exp": now + 300,
        "email": EMAIL,
        "name": "Anne Ambtenaar",
    }
    base.update(overrides)
    return {name: value for name, value in base.items() if value is not None}


def sign(
    payload: dict[str, Any],
    key: SigningKey,
    alg: str = "RS256",
    *,
    kid: str | None = None,
    secret: bytes = b"",
    pss_salt_length: int = 32,
) -> str:
    """A compact JWS made by hand, so that any algorithm — also a forbidden one — can be used."""
    header = {"alg": alg, "typ": "JWT", "kid": key.kid if kid is None else kid}
    if not header["kid"]:
        del header["kid"]
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(payload).encode())}"
    message = signing_input.encode()
    if alg == "RS256":
        signature = key.private.sign(message, padding.PKCS1v15(), hashes.SHA256())
    elif alg == "RS512":
        signature = key.private.sign(message, padding.PKCS1v15(), hashes.SHA512())
    elif alg == "PS256":
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=pss_salt_length)
        signature = key.private.sign(message, pss, hashes.SHA256())
    elif alg == "HS256":
        signature = hmac.new(secret, message, hashlib.sha256).digest()
    elif alg == "none":
        signature = b""
    else:
        raise ValueError(alg)
    return f"{signing_input}.{b64url(signature)}"


class JwksServer:
    """Serves a JWKS over HTTP on a free local port and counts how often it is asked."""

    def __init__(self, key_set: dict[str, Any]) -> None:
        self.key_set = key_set
        self.requests = 0
        self.status = 200
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner.requests += 1
                body = json.dumps(owner.key_set).encode()
                self.send_response(owner.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/jwks.json"

    def __enter__(self) -> JwksServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class FakeClock:
    """Stands in for oidc.clock, so the cache's time can be moved on without waiting."""

    def __init__(self) -> None:
        self.now = time.monotonic()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return new_key("key-2025")


@pytest.fixture(scope="module")
def rotated_key() -> SigningKey:
    return new_key("key-2026")


@pytest.fixture(scope="module")
def stranger_key() -> SigningKey:
    """A key pair the provider never published."""
    return new_key("key-2025")


@pytest.fixture
def jwks_server(key: SigningKey) -> Iterator[JwksServer]:
    with JwksServer(jwks(key)) as server:
        yield server


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(oidc, "clock", fake)
    return fake


@pytest.fixture
def oidc_tenant(make_tenant: Callable[[str | None], Tenant]) -> Tenant:
    return make_tenant("Gemeente Test")


def oidc_settings(base: Settings, organisation: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        **base.model_dump(),
        "oidc_issuer": ISSUER,
        "oidc_audience": AUDIENCE,
        "oidc_organisation": organisation,
    }
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def kompas_with_oidc(
    settings: Settings, engine: Engine, oidc_tenant: Tenant, jwks_server: JwksServer
) -> Iterator[Callable[..., httpx.Client]]:
    """Starts the real app configured for the test provider; returns a client of its API."""
    with ExitStack() as stack:

        def start(**overrides: Any) -> httpx.Client:
            if "oidc_jwks_file" not in overrides:
                overrides.setdefault("oidc_jwks_url", jwks_server.url)
            app_settings = oidc_settings(settings, oidc_tenant.organisation.name, **overrides)
            live = stack.enter_context(LiveServer(create_app(app_settings, engine)))
            return stack.enter_context(httpx.Client(base_url=live.url + API, timeout=30))

        yield start


@pytest.fixture
def http_oidc(kompas_with_oidc: Callable[..., httpx.Client]) -> httpx.Client:
    """A client of the app with the test provider's JWKS URL and default settings."""
    return kompas_with_oidc()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def users_with_email(engine: Engine, email: str) -> list[User]:
    with Session(engine) as session:
        return list(session.exec(select(User).where(User.email == email)).all())


# --- the token rules (decode_oidc_token) -------------------------------------------------------


@pytest.fixture
def rules(settings: Settings) -> Settings:
    return oidc_settings(settings, "Gemeente Test", oidc_jwks_file=Path("unused.json"))


@pytest.mark.parametrize("alg", ["RS256", "PS256"])
def test_rs256_and_ps256_tokens_of_the_provider_decode_to_their_claims(rules, key, alg):
    decoded = decode_oidc_token(rules, sign(claims(), key, alg), jwks(key))
    assert decoded["email"] == EMAIL
    assert decoded["aud"] == AUDIENCE


def test_a_token_with_the_audience_among_several_is_accepted(rules, key):
    token = sign(claims(aud=["another-app", AUDIENCE]), key)
    assert decode_oidc_token(rules, token, jwks(key))["sub"]


@pytest.mark.parametrize("missing", ["aud", "iss", "exp", "iat", "sub"])
def test_a_token_without_a_required_claim_is_refused(rules, key, missing):
    token = sign(claims(**{missing: None}), key)
    with pytest.raises(InvalidToken, match=missing):
        decode_oidc_token(rules, token, jwks(key))


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("aud", "another-app"),
        ("aud", ["another-app", "yet-another-app"]),
        ("iss", "https://login.elders.example/"),
        ("sub", ""),
    ],
    ids=["wrong-aud", "wrong-aud-list", "wrong-iss", "empty-sub"],
)
def test_a_token_with_a_wrong_claim_is_refused(rules, key, claim, value):
    token = sign(claims(**{claim: value}), key)
    with pytest.raises(InvalidToken):
        decode_oidc_token(rules, token, jwks(key))


# Moments are seconds from the test's own clock, never computed when pytest collects the module.
@pytest.mark.parametrize(
    ("claim", "seconds_from_now", "valid"),
    [
        ("exp", -(OIDC_LEEWAY_SECONDS + 1), False),  # beyond the clock skew allowed
        ("exp", -(OIDC_LEEWAY_SECONDS - 1), True),
        ("nbf", OIDC_LEEWAY_SECONDS + 1, False),
        ("nbf", OIDC_LEEWAY_SECONDS - 1, True),
        ("nbf", 600, False),
    ],
    ids=["expired", "expired-within-skew", "not-yet-valid", "nbf-within-skew", "nbf-far-ahead"],
)
def test_a_token_is_valid_only_within_its_lifetime_and_the_skew(
    rules, key, wall_clock: Clock, claim, seconds_from_now, valid
):
    token = sign(claims(**{claim: int(wall_clock.now().timestamp()) + seconds_from_now}), key)
    if valid:
        assert decode_oidc_token(rules, token, jwks(key))["sub"]
    else:
        with pytest.raises(InvalidToken):
            decode_oidc_token(rules, token, jwks(key))


def test_a_token_expires_when_the_clock_passes_exp(rules, key, wall_clock: Clock):
    token = sign(claims(), key)  # valid for 300 seconds
    assert decode_oidc_token(rules, token, jwks(key))["sub"]
    wall_clock.advance(seconds=300 + OIDC_LEEWAY_SECONDS - 2)
    assert decode_oidc_token(rules, token, jwks(key))["sub"]
    wall_clock.advance(seconds=3)
    with pytest.raises(InvalidToken):
        decode_oidc_token(rules, token, jwks(key))


def test_alg_none_is_refused(rules, key):
    token = sign(claims(), key, "none")
    with pytest.raises(InvalidToken, match="is not accepted"):
        decode_oidc_token(rules, token, jwks(key))


def test_an_hs256_token_signed_with_the_providers_public_key_is_refused(rules, key):
    # Algorithm confusion: the public key, which anyone can fetch, used as an HMAC secret.
    token = sign(claims(), key, "HS256", secret=key.public_pem)
    with pytest.raises(InvalidToken, match="is not accepted"):
        decode_oidc_token(rules, token, jwks(key))


def test_an_rsa_algorithm_other_than_rs256_and_ps256_is_refused(rules, key):
    with pytest.raises(InvalidToken, match="is not accepted"):
        decode_oidc_token(rules, sign(claims(), key, "RS512"), jwks(key))


@pytest.mark.parametrize("alg", ["RS256", "PS256"])
def test_a_token_signed_by_another_key_under_a_published_kid_is_refused(
    rules, key, stranger_key, alg
):
    assert stranger_key.kid == key.kid
    token = sign(claims(), stranger_key, alg)
    with pytest.raises(InvalidToken, match="Signature verification failed"):
        decode_oidc_token(rules, token, jwks(key))


def test_a_ps256_signature_with_another_salt_length_than_rfc_7518s_is_refused(rules, key):
    # RFC 7518 §3.5: the salt is as long as the hash (32 bytes); PSS could verify any length.
    token = sign(claims(), key, "PS256", pss_salt_length=20)
    with pytest.raises(InvalidToken, match="Signature verification failed"):
        decode_oidc_token(rules, token, jwks(key))


def test_a_token_with_a_changed_claim_is_refused(rules, key):
    header, _, signature = sign(claims(), key).split(".")
    forged = b64url(json.dumps(claims(email="burgemeester@gemeente-test.example")).encode())
    with pytest.raises(InvalidToken):
        decode_oidc_token(rules, f"{header}.{forged}.{signature}", jwks(key))


def test_a_token_naming_an_unknown_kid_raises_unknown_signing_key(rules, key, rotated_key):
    with pytest.raises(UnknownSigningKey):
        decode_oidc_token(rules, sign(claims(), rotated_key), jwks(key))


def test_a_token_without_a_kid_is_refused(rules, key):
    token = sign(claims(), key, kid="")  # no kid in the header at all
    with pytest.raises(InvalidToken, match="kid"):
        decode_oidc_token(rules, token, jwks(key))


def test_a_published_key_is_only_used_for_the_algorithm_it_declares(rules, key):
    declared = {"keys": [key.jwk | {"alg": "RS256"}]}
    assert decode_oidc_token(rules, sign(claims(), key, "RS256"), declared)
    with pytest.raises(InvalidToken, match="for RS256"):
        decode_oidc_token(rules, sign(claims(), key, "PS256"), declared)


def test_a_published_key_shorter_than_2048_bits_is_not_used(rules):
    weak = new_key("weak", bits=1024)
    with pytest.raises(InvalidToken, match="2048"):
        decode_oidc_token(rules, sign(claims(), weak), jwks(weak))


# --- through the app ---------------------------------------------------------------------------


@pytest.mark.parametrize("alg", ["RS256", "PS256"])
def test_a_token_of_the_provider_opens_me_as_the_user_with_its_email(
    http_oidc, oidc_tenant: Tenant, key, alg
):
    actor = oidc_tenant.actor(Role.member, email=EMAIL, name="Anne")
    me = http_oidc.get("/me", headers=bearer(sign(claims(email=EMAIL.upper()), key, alg)))
    assert me.status_code == 200, me.text
    assert me.json()["id"] == str(actor.id)
    assert me.json()["organisationName"] == "Gemeente Test"
    assert me.json()["role"] == "member"


def test_password_login_tokens_still_work_when_the_provider_is_configured(
    http_oidc, oidc_tenant: Tenant
):
    actor = oidc_tenant.actor(Role.admin)
    assert http_oidc.get("/me", headers=actor.headers).status_code == 200


@pytest.mark.parametrize(
    "forge",
    [
        lambda key, other: sign(claims(), key, "none"),
        lambda key, other: sign(claims(), key, "HS256", secret=key.public_pem),
        lambda key, other: sign(claims(aud="another-app"), key),
        lambda key, other: sign(claims(aud=None), key),
        lambda key, other: sign(claims(exp=None), key),
        lambda key, other: sign(claims(exp=int(time.time()) - 120), key),
        lambda key, other: sign(claims(), other),
    ],
    ids=["alg-none", "hs256-public-key", "wrong-aud", "no-aud", "no-exp", "expired", "other-key"],
)
def test_an_invalid_token_of_the_provider_answers_401_with_www_authenticate(
    http_oidc, oidc_tenant: Tenant, key, stranger_key, forge
):
    oidc_tenant.actor(Role.admin, email=EMAIL)
    response = http_oidc.get("/me", headers=bearer(forge(key, stranger_key)))
    body = assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    assert body["detail"].startswith("The identity provider's token is not valid")


def test_the_key_set_is_fetched_once_and_then_served_from_the_cache(
    http_oidc, oidc_tenant: Tenant, jwks_server: JwksServer, key
):
    oidc_tenant.actor(Role.viewer, email=EMAIL)
    for _ in range(3):
        assert http_oidc.get("/me", headers=bearer(sign(claims(), key))).status_code == 200
    assert jwks_server.requests == 1


def test_the_key_set_is_fetched_again_once_the_cache_time_has_passed(
    kompas_with_oidc, oidc_tenant: Tenant, jwks_server: JwksServer, key, clock: FakeClock
):
    http = kompas_with_oidc(oidc_jwks_cache_seconds=600)
    oidc_tenant.actor(Role.viewer, email=EMAIL)
    token = sign(claims(), key)
    assert http.get("/me", headers=bearer(token)).status_code == 200
    clock.advance(599)
    assert http.get("/me", headers=bearer(token)).status_code == 200
    assert jwks_server.requests == 1
    clock.advance(2)
    assert http.get("/me", headers=bearer(token)).status_code == 200
    assert jwks_server.requests == 2


def test_a_rotated_key_is_fetched_when_a_token_names_an_unknown_kid(
    http_oidc, oidc_tenant: Tenant, jwks_server: JwksServer, key, rotated_key
):
    oidc_tenant.actor(Role.viewer, email=EMAIL)
    assert http_oidc.get("/me", headers=bearer(sign(claims(), key))).status_code == 200
    jwks_server.key_set = jwks(rotated_key)  # the provider rotates its key
    response = http_oidc.get("/me", headers=bearer(sign(claims(), rotated_key, "PS256")))
    assert response.status_code == 200, response.text
    assert jwks_server.requests == 2


def test_a_kid_still_unknown_after_refetching_the_key_set_is_refused(
    http_oidc, oidc_tenant: Tenant, jwks_server: JwksServer, rotated_key
):
    oidc_tenant.actor(Role.viewer, email=EMAIL)
    response = http_oidc.get("/me", headers=bearer(sign(claims(), rotated_key)))
    body = assert_problem(response, 401)
    assert "key-2026" in body["detail"]
    assert jwks_server.requests == 2  # the first read, and one more for the unknown kid


def test_a_flood_of_unknown_kids_refetches_the_key_set_at_most_once_per_interval(
    http_oidc, oidc_tenant: Tenant, jwks_server: JwksServer, key, clock: FakeClock
):
    oidc_tenant.actor(Role.viewer, email=EMAIL)
    for _ in range(10):
        made_up = sign(claims(), key, kid=uuid.uuid4().hex)
        assert_problem(http_oidc.get("/me", headers=bearer(made_up)), 401)
    assert jwks_server.requests == 2
    clock.advance(oidc.JWKS_REFETCH_MIN_SECONDS)
    assert_problem(http_oidc.get("/me", headers=bearer(sign(claims(), key, kid="x"))), 401)
    assert jwks_server.requests == 3
    # Known keys keep working all the while.
    assert http_oidc.get("/me", headers=bearer(sign(claims(), key))).status_code == 200


def test_the_key_set_can_be_read_from_a_file_and_is_read_again_on_rotation(
    kompas_with_oidc, oidc_tenant: Tenant, jwks_server: JwksServer, key, rotated_key, tmp_path
):
    key_file = tmp_path / "jwks.json"
    key_file.write_text(json.dumps(jwks(key)))
    http = kompas_with_oidc(oidc_jwks_file=key_file)
    oidc_tenant.actor(Role.viewer, email=EMAIL)
    assert http.get("/me", headers=bearer(sign(claims(), key))).status_code == 200
    key_file.write_text(json.dumps(jwks(rotated_key)))
    assert http.get("/me", headers=bearer(sign(claims(), rotated_key))).status_code == 200
    assert jwks_server.requests == 0


def test_an_unreachable_key_set_answers_503_with_retry_after_and_is_not_hammered(
    http_oidc, oidc_tenant: Tenant, jwks_server: JwksServer, key
):
    oidc_tenant.actor(Role.viewer, email=EMAIL)
    jwks_server.status = 500
    for _ in range(3):
        response = http_oidc.get("/me", headers=bearer(sign(claims(), key)))
        assert_problem(response, 503)
        assert response.headers["Retry-After"] == "30"
    assert jwks_server.requests == 1


def test_the_cached_keys_keep_working_while_the_key_set_cannot_be_read(
    http_oidc, oidc_tenant: Tenant, jwks_server: JwksServer, key, clock: FakeClock
):
    oidc_tenant.actor(Role.viewer, email=EMAIL)
    assert http_oidc.get("/me", headers=bearer(sign(claims(), key))).status_code == 200
    jwks_server.status = 500
    clock.advance(3601)
    assert http_oidc.get("/me", headers=bearer(sign(claims(), key))).status_code == 200
    assert jwks_server.requests == 2


# --- from claims to a user ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("configured", "expected"), [({}, "viewer"), ({"oidc_default_role": "member"}, "member")]
)
def test_first_login_creates_the_user_with_the_default_role_when_configured(
    kompas_with_oidc, oidc_tenant: Tenant, engine, key, configured, expected
):
    http = kompas_with_oidc(oidc_create_users=True, **configured)
    response = http.get(
        "/me", headers=bearer(sign(claims(email="Nieuw@Gemeente-Test.example"), key))
    )
    assert response.status_code == 200, response.text
    assert response.json()["role"] == expected
    assert response.json()["email"] == "nieuw@gemeente-test.example"
    assert response.json()["name"] == "Anne Ambtenaar"
    [user] = users_with_email(engine, "nieuw@gemeente-test.example")
    assert (user.organisation_id, user.password_hash) == (oidc_tenant.id, None)
    # The second login finds the same user.
    again = http.get("/me", headers=bearer(sign(claims(email="nieuw@gemeente-test.example"), key)))
    assert again.json()["id"] == str(user.id)


def test_first_login_is_refused_when_creating_users_is_off(http_oidc, engine, key):
    response = http_oidc.get("/me", headers=bearer(sign(claims(), key)))
    body = assert_problem(response, 401)
    assert "no Kompas account" in body["detail"]
    assert users_with_email(engine, EMAIL) == []


def test_a_deactivated_user_is_refused(kompas_with_oidc, oidc_tenant: Tenant, key):
    http = kompas_with_oidc(oidc_create_users=True)
    oidc_tenant.actor(Role.member, email=EMAIL, is_active=False)
    body = assert_problem(http.get("/me", headers=bearer(sign(claims(), key))), 401)
    assert "deactivated" in body["detail"]


def test_a_user_of_another_organisation_is_not_opened_by_the_provider(
    kompas_with_oidc, make_tenant, engine, key
):
    http = kompas_with_oidc(oidc_create_users=True)
    elsewhere = make_tenant("Gemeente Elders").actor(Role.admin, email=EMAIL)
    body = assert_problem(http.get("/me", headers=bearer(sign(claims(), key))), 401)
    assert "no Kompas account" in body["detail"]
    assert [user.id for user in users_with_email(engine, EMAIL)] == [elsewhere.id]


def test_an_email_the_provider_has_not_verified_is_refused(http_oidc, oidc_tenant: Tenant, key):
    oidc_tenant.actor(Role.member, email=EMAIL)
    token = sign(claims(email_verified=False), key)
    body = assert_problem(http_oidc.get("/me", headers=bearer(token)), 401)
    assert "not verified" in body["detail"]


def test_the_email_and_name_claims_are_configurable(kompas_with_oidc, engine, key):
    http = kompas_with_oidc(
        oidc_create_users=True, oidc_email_claim="upn", oidc_name_claim="displayName"
    )
    token = sign(claims(email=None, upn="p.jansen@gemeente-test.example", displayName="Piet"), key)
    response = http.get("/me", headers=bearer(token))
    assert response.status_code == 200, response.text
    assert (response.json()["email"], response.json()["name"]) == (
        "p.jansen@gemeente-test.example",
        "Piet",
    )


def test_a_token_without_the_email_claim_is_refused(http_oidc, oidc_tenant: Tenant, key):
    oidc_tenant.actor(Role.member, email=EMAIL)
    body = assert_problem(http_oidc.get("/me", headers=bearer(sign(claims(email=None), key))), 401)
    assert "'email'" in body["detail"]


# --- settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"oidc_audience": ""},
        {"oidc_organisation": ""},
        {"oidc_jwks_url": ""},
        {"oidc_jwks_file": Path("jwks.json")},
    ],
    ids=["no-audience", "no-organisation", "no-key-source", "two-key-sources"],
)
def test_settings_with_an_issuer_require_audience_organisation_and_one_key_source(settings, change):
    complete = {"oidc_jwks_url": "https://login.gemeente-test.example/jwks"}
    assert oidc_settings(settings, "Gemeente Test", **complete).oidc_issuer == ISSUER
    with pytest.raises(ValidationError, match="KOMPAS_OIDC"):
        oidc_settings(settings, "Gemeente Test", **(complete | change))


def test_settings_refuse_a_plain_http_key_set_url_in_production(settings):
    with pytest.raises(ValidationError, match="https"):
        oidc_settings(
            settings,
            "Gemeente Test",
            env=Environment.production,
            oidc_jwks_url="http://login.gemeente-test.example/jwks",
        )


def test_a_provider_login_is_answered_from_kept_pages_and_a_block_takes_effect_at_once(
    kompas_with_oidc, oidc_tenant: Tenant, admin_of_oidc_tenant, engine, key, count_sql
):
    """Kept pages (decision 0021) for a provider's token: its claims checked, the account read
    with the organisation's data version, and a deactivation refused on the very next request."""
    http = kompas_with_oidc()
    member = oidc_tenant.actor(Role.member, email=EMAIL)
    token = bearer(sign(claims(), key))
    assert http.get("/me", headers=token).json()["id"] == str(member.id)
    counter = count_sql()
    again = http.get("/me", headers=token)
    assert again.json()["id"] == str(member.id)
    # No statement of the route (`me` joins the organisation's name), only the account's.
    assert not any("organisations.name AS" in s for s in counter.statements), counter.statements
    user = http.get(f"/users/{member.id}", headers=admin_of_oidc_tenant.headers)
    blocked = http.patch(
        f"/users/{member.id}",
        json={"isActive": False},
        headers={**admin_of_oidc_tenant.headers, "If-Match": user.headers["ETag"]},
    )
    assert blocked.status_code == 200, blocked.text
    body = assert_problem(http.get("/me", headers=token), 401)
    assert "deactivated" in body["detail"]


@pytest.fixture
def admin_of_oidc_tenant(oidc_tenant: Tenant):
    return oidc_tenant.actor(Role.admin)
