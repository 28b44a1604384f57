"""Callers of every kind for the idempotency tests: a partner's API token, and the app configured
for the test identity provider of tests/auth/test_oidc.py (its own JWKS server, tokens signed by
hand)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from kompas.core.config import Settings
from kompas.main import create_app
from kompas.parties.models import Party, PartyKind
from tests.auth.test_oidc import JwksServer, SigningKey, jwks, new_key, oidc_settings
from tests.conftest import API, Actor, LiveServer, Tenant


@pytest.fixture
def partner(tenant: Tenant) -> Party:
    return tenant.party("Woonstede", PartyKind.partner)


@pytest.fixture
def partner_token(http: httpx.Client, admin: Actor, partner: Party) -> Callable[..., str]:
    """Makes an API token of the partner (by default allowed to write needs); its secret."""

    def make(*scopes: str) -> str:
        response = http.post(
            f"/partners/{partner.id}/api-tokens",
            json={"name": "Planning-koppeling", "scopes": list(scopes or ["needs:write"])},
            headers=admin.headers,
        )
        assert response.status_code == 201, response.text
        secret: str = response.json()["token"]
        return secret

    return make


@pytest.fixture(scope="module")
def oidc_key() -> SigningKey:
    return new_key("key-idem")


@pytest.fixture
def kompas_with_oidc(
    settings: Settings, engine: Engine, tenant: Tenant, oidc_key: SigningKey
) -> Iterator[Callable[..., httpx.Client]]:
    """Starts the real app configured for the test provider; returns a client of its API."""
    with ExitStack() as stack:
        provider = stack.enter_context(JwksServer(jwks(oidc_key)))

        def start(**overrides: Any) -> httpx.Client:
            overrides.setdefault("oidc_jwks_url", provider.url)
            app_settings = oidc_settings(settings, tenant.organisation.name, **overrides)
            live = stack.enter_context(LiveServer(create_app(app_settings, engine)))
            return stack.enter_context(httpx.Client(base_url=live.url + API, timeout=30))

        yield start
