"""Abuse limits: requests per principal and per client address, and failed logins (issue 4).

Each test builds its own app with the limits it needs on the suite's database; time is a clock
the test moves, so a window passes without waiting for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select

from kompas.core.config import Settings
from kompas.core.principal import Role
from kompas.core.ratelimit import EXEMPT_PATHS, RateLimitCounter, RateLimiter, RedisStore
from kompas.core.security import create_access_token, hash_password
from kompas.main import create_app
from tests.conftest import API, LiveServer, Tenant, assert_problem
from tests.redis import REDIS_URL, redis_key_prefix

PASSWORD = "correct horse battery"


class Clock:
    """Seconds since the epoch, moved by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def serve(settings: Settings, engine: Engine, clock: Clock) -> Iterator[Any]:
    """Starts apps with some limits on, all on the suite's database and the test's clock."""
    with ExitStack() as stack:

        def start(**limits: Any) -> httpx.Client:
            app = create_app(settings.model_copy(update=limits), engine)
            limiter_of(app).clock = clock
            server = stack.enter_context(LiveServer(app))
            return stack.enter_context(httpx.Client(base_url=server.url + API, timeout=30))

        yield start


def limiter_of(app: Any) -> RateLimiter:
    api = next(route.app for route in app.routes if getattr(route, "path", None) == API)
    limiter: RateLimiter = api.state.rate_limiter
    return limiter


def fields(response: httpx.Response) -> dict[str, dict[str, int]]:
    """A RateLimit or RateLimit-Policy field as {policy: {parameter: value}}."""
    parsed = {}
    for name, value in (
        ("policy", response.headers.get("RateLimit-Policy", "")),
        ("limit", response.headers.get("RateLimit", "")),
    ):
        for item in filter(None, (part.strip() for part in value.split(","))):
            match = re.fullmatch(r'"([a-z-]+)"((?:;[a-z]+=\d+)+)', item)
            assert match, (name, item)
            params = dict(p.split("=") for p in match.group(2).strip(";").split(";"))
            parsed.setdefault(match.group(1), {}).update({k: int(v) for k, v in params.items()})
    return parsed


def login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    return client.post(
        "/auth/token", data={"username": username, "password": password, "grant_type": "password"}
    )


# --- requests per principal and per address ----------------------------------------------------


def test_a_principal_gets_429_with_retry_after_and_ratelimit_fields_once_its_budget_is_spent(
    serve, tenant: Tenant, clock: Clock
):
    client = serve(rate_limit_per_minute=3, rate_limit_per_address_per_minute=0)
    actor = tenant.actor(Role.member)
    first = client.get("/departments", headers=actor.headers)
    assert first.status_code == 200
    assert first.headers["RateLimit-Policy"] == '"principal";q=3;w=60'
    assert first.headers["RateLimit"] == '"principal";r=2;t=60'
    clock.advance(18)
    assert fields(client.get("/departments", headers=actor.headers))["principal"] == {
        "q": 3,
        "w": 60,
        "r": 1,
        "t": 42,
    }
    assert client.get("/departments", headers=actor.headers).status_code == 200
    refused = client.get(
        "/departments", headers={**actor.headers, "Origin": "https://intranet.voorbeeld.nl"}
    )
    body = assert_problem(refused, 429)
    assert body["title"] == "Too Many Requests"
    assert refused.headers["Retry-After"] == "42"
    assert refused.headers["RateLimit"] == '"principal";r=0;t=42'
    assert refused.headers["RateLimit-Policy"] == '"principal";q=3;w=60'
    # Inside CORS and the API's own headers: a browser can read the refusal.
    assert refused.headers["Access-Control-Allow-Origin"] == "https://intranet.voorbeeld.nl"
    assert refused.headers["Cache-Control"] == "no-store"
    assert "API-Version" in refused.headers


def test_health_and_the_spec_are_never_limited(serve, tenant: Tenant):
    client = serve(rate_limit_per_minute=1, rate_limit_per_address_per_minute=1)
    for _ in range(3):
        for path in ("/health", "/openapi.json"):
            response = client.get(path)
            assert response.status_code == 200, path
            assert "RateLimit" not in response.headers


def test_separate_principals_have_separate_budgets(serve, tenant: Tenant, other_tenant: Tenant):
    client = serve(rate_limit_per_minute=2, rate_limit_per_address_per_minute=0)
    alice, bob = tenant.actor(Role.member), other_tenant.actor(Role.member)
    for _ in range(2):
        assert client.get("/departments", headers=alice.headers).status_code == 200
    assert_problem(client.get("/departments", headers=alice.headers), 429)
    bobs = client.get("/departments", headers=bob.headers)
    assert bobs.status_code == 200
    assert bobs.headers["RateLimit"].startswith('"principal";r=1;')


def test_one_user_has_one_budget_whatever_token_it_uses(serve, tenant: Tenant):
    client = serve(rate_limit_per_minute=2, rate_limit_per_address_per_minute=0)
    actor = tenant.actor(Role.member)
    other_token, _ = create_access_token(
        tenant.settings, user_id=actor.id, organisation_id=tenant.id
    )
    assert client.get("/departments", headers=actor.headers).status_code == 200
    headers = {"Authorization": f"Bearer {other_token}"}
    assert client.get("/departments", headers=headers).status_code == 200
    assert_problem(client.get("/departments", headers=headers), 429)


def test_the_address_limit_counts_every_request_from_one_address(serve, tenant: Tenant):
    client = serve(rate_limit_per_minute=100, rate_limit_per_address_per_minute=3)
    anonymous = client.get("/departments")
    assert_problem(anonymous, 401)  # counted too: it is still a request
    assert fields(anonymous) == {"address": {"q": 3, "w": 60, "r": 2, "t": 60}}
    member = tenant.actor(Role.member)
    both = client.get("/departments", headers=member.headers)
    assert both.headers["RateLimit-Policy"] == '"principal";q=100;w=60, "address";q=3;w=60'
    assert fields(both)["address"]["r"] == 1
    # Made-up tokens are each a new principal, but all come from the same address.
    assert client.get("/departments", headers={"Authorization": "Bearer made-up-1"}).status_code
    refused = client.get("/departments", headers={"Authorization": "Bearer made-up-2"})
    assert_problem(refused, 429)
    assert fields(refused)["address"]["r"] == 0
    assert refused.headers["Retry-After"] == "60"


def test_the_budget_is_whole_again_after_the_window(serve, tenant: Tenant, clock: Clock):
    client = serve(rate_limit_per_minute=2, rate_limit_per_address_per_minute=0)
    actor = tenant.actor(Role.member)
    for _ in range(2):
        client.get("/departments", headers=actor.headers)
    clock.advance(59)
    refused = client.get("/departments", headers=actor.headers)
    assert_problem(refused, 429)
    assert refused.headers["Retry-After"] == "1"
    clock.advance(1)
    again = client.get("/departments", headers=actor.headers)
    assert again.status_code == 200
    assert again.headers["RateLimit"] == '"principal";r=1;t=60'


def test_two_api_processes_on_one_database_share_one_budget(serve, tenant: Tenant, db):
    one = serve(rate_limit_per_minute=4, rate_limit_per_address_per_minute=0)
    two = serve(rate_limit_per_minute=4, rate_limit_per_address_per_minute=0)
    actor = tenant.actor(Role.member)
    remaining = [
        fields(client.get("/departments", headers=actor.headers))["principal"]["r"]
        for client in (one, two, one, two)
    ]
    assert remaining == [3, 2, 1, 0]
    assert_problem(one.get("/departments", headers=actor.headers), 429)
    assert_problem(two.get("/departments", headers=actor.headers), 429)
    # The counters hold the user's id, never a token.
    keys = db.execute(select(RateLimitCounter.key)).scalars().all()
    assert keys == [f"req:user:{actor.id}"]
    assert not any(actor.token in key for key in keys)


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    with redis_key_prefix() as prefix:
        yield prefix


def test_the_redis_store_shares_one_budget_between_processes(
    serve, tenant: Tenant, redis_prefix: str, clock: Clock, db
):
    limits = {
        "rate_limit_per_minute": 3,
        "rate_limit_per_address_per_minute": 0,
        "redis_url": REDIS_URL,
        "redis_key_prefix": redis_prefix,
    }
    one, two = serve(**limits), serve(**limits)
    actor = tenant.actor(Role.member)
    assert [
        one.get("/departments", headers=actor.headers).status_code,
        two.get("/departments", headers=actor.headers).status_code,
        one.get("/departments", headers=actor.headers).status_code,
    ] == [200, 200, 200]
    refused = two.get("/departments", headers=actor.headers)
    assert_problem(refused, 429)
    assert refused.headers["Retry-After"] == "60"
    assert db.execute(select(RateLimitCounter)).all() == []  # nothing went to the database
    store = RedisStore(REDIS_URL, redis_prefix)
    assert {key.decode() for key in store.client.scan_iter(match=redis_prefix + "*")} == {
        f"{redis_prefix}req:user:{actor.id}"
    }
    clock.advance(60)
    assert one.get("/departments", headers=actor.headers).status_code == 200


def test_the_redis_store_throttles_logins_too(
    serve, tenant: Tenant, redis_prefix: str, clock: Clock
):
    client = serve(login_failures_per_account=2, redis_url=REDIS_URL, redis_key_prefix=redis_prefix)
    for _ in range(2):
        assert_problem(login(client, "iemand@voorbeeld.nl", "fout"), 400)
    assert_problem(login(client, "iemand@voorbeeld.nl", "fout"), 429)


# --- failed logins -------------------------------------------------------------------------------


@pytest.fixture
def member(tenant: Tenant):
    return tenant.actor(
        Role.member, email="jeroen@voorbeeld.nl", password_hash=hash_password(PASSWORD)
    )


def test_failed_logins_are_throttled_per_account_even_with_the_right_password(
    serve, member, clock: Clock
):
    client = serve(login_failures_per_account=3, login_failures_per_address=100)
    for _ in range(3):
        assert_problem(login(client, "jeroen@voorbeeld.nl", "wrong"), 400)
    clock.advance(60)
    refused = login(client, "Jeroen@Voorbeeld.nl", PASSWORD)
    body = assert_problem(refused, 429)
    assert "password" not in body["detail"].lower()
    assert refused.headers["Retry-After"] == str(15 * 60 - 60)
    # Another account from the same address is not held up.
    assert_problem(login(client, "someone-else@voorbeeld.nl", "wrong"), 400)
    clock.advance(15 * 60 - 60)
    assert login(client, "jeroen@voorbeeld.nl", PASSWORD).status_code == 200


def test_failed_logins_are_throttled_per_address_across_accounts(serve, member):
    client = serve(login_failures_per_account=100, login_failures_per_address=3)
    for number in range(3):
        assert_problem(login(client, f"guess-{number}@voorbeeld.nl", "wrong"), 400)
    refused = login(client, "jeroen@voorbeeld.nl", PASSWORD)
    assert_problem(refused, 429)
    assert int(refused.headers["Retry-After"]) == 15 * 60


def test_an_unknown_account_is_throttled_exactly_like_a_known_one(serve, member):
    client = serve(login_failures_per_account=2, login_failures_per_address=100)
    known = [login(client, "jeroen@voorbeeld.nl", "wrong") for _ in range(3)]
    unknown = [login(client, "niemand@voorbeeld.nl", "wrong") for _ in range(3)]
    assert [r.status_code for r in known] == [400, 400, 429]
    for one, other in zip(known, unknown, strict=True):
        assert one.status_code == other.status_code
        assert one.content == other.content
        assert _comparable(one.headers) == _comparable(other.headers)


def _comparable(headers: httpx.Headers) -> list[tuple[str, str]]:
    return sorted((k, v) for k, v in headers.items() if k.lower() != "date")


def test_a_successful_login_resets_the_account_counter(serve, member):
    client = serve(login_failures_per_account=3, login_failures_per_address=100)
    for _ in range(2):
        assert_problem(login(client, "jeroen@voorbeeld.nl", "wrong"), 400)
    assert login(client, "jeroen@voorbeeld.nl", PASSWORD).status_code == 200
    for _ in range(3):
        assert_problem(login(client, "jeroen@voorbeeld.nl", "wrong"), 400)
    assert_problem(login(client, "jeroen@voorbeeld.nl", PASSWORD), 429)


def test_successful_logins_do_not_use_up_the_address_budget(serve, member):
    client = serve(login_failures_per_account=100, login_failures_per_address=2)
    for _ in range(5):
        assert login(client, "jeroen@voorbeeld.nl", PASSWORD).status_code == 200
    assert_problem(login(client, "jeroen@voorbeeld.nl", "wrong"), 400)


def test_the_counters_hold_no_e_mail_address(serve, member, db):
    client = serve(login_failures_per_account=3, login_failures_per_address=3)
    login(client, "jeroen@voorbeeld.nl", "wrong")
    keys = db.execute(select(RateLimitCounter.key)).scalars().all()
    assert len(keys) == 2
    assert not any("jeroen" in key or "voorbeeld" in key for key in keys)


# --- the spec ------------------------------------------------------------------------------------


def test_the_spec_documents_429_and_the_ratelimit_fields(http):
    spec = http.get("/openapi.json").json()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if path in EXEMPT_PATHS:  # the health checks are never limited
                assert "429" not in responses, path
                continue
            assert "Retry-After" in responses["429"]["headers"], (method, path)
            for code, response in responses.items():
                if code.startswith("2"):
                    assert {"RateLimit", "RateLimit-Policy"} <= response["headers"].keys()


def test_without_its_counters_the_api_goes_on_but_logins_wait(serve, tenant: Tenant, member):
    client = serve(
        rate_limit_per_minute=1,
        login_failures_per_account=5,
        redis_url="redis://127.0.0.1:9/0",  # nothing listens there
    )
    actor = tenant.actor(Role.member)
    for _ in range(2):
        response = client.get("/departments", headers=actor.headers)
        assert response.status_code == 200
        assert "RateLimit" not in response.headers
    refused = login(client, "jeroen@voorbeeld.nl", PASSWORD)
    assert_problem(refused, 503)
    assert refused.headers["Retry-After"] == "10"
