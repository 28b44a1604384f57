"""GET /auth/config: what the login page needs to know before anyone is logged in — the real app
over HTTP, once as the suite configures it (password only) and once with an identity provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import Engine

from kompas.core.config import Settings
from kompas.main import create_app
from tests.conftest import API, LiveServer

ISSUER = "https://login.gemeente-test.example/realms/medewerkers"


@pytest.fixture
def kompas_with(settings: Settings, engine: Engine) -> Iterator[Callable[..., httpx.Client]]:
    """Starts the real app with some settings changed; returns a client of its API."""
    with ExitStack() as stack:

        def start(**overrides: Any) -> httpx.Client:
            app_settings = Settings(**{**settings.model_dump(), **overrides})
            live = stack.enter_context(LiveServer(create_app(app_settings, engine)))
            return stack.enter_context(httpx.Client(base_url=live.url + API, timeout=30))

        yield start


def provider(**overrides: Any) -> dict[str, Any]:
    return {
        "oidc_issuer": ISSUER,
        "oidc_audience": "kompas",
        "oidc_organisation": "Gemeente Test",
        "oidc_jwks_url": f"{ISSUER}/protocol/openid-connect/certs",
        **overrides,
    }


def test_without_a_provider_only_the_password_login_exists(http):
    response = http.get("/auth/config")
    assert response.status_code == 200, response.text
    assert response.json() == {"password": True, "oidc": None}
    assert response.headers["cache-control"] == "no-store"
    assert "API-Version" in response.headers


def test_it_needs_no_token_and_a_stale_one_does_not_spoil_it(http):
    stale = {"Authorization": "Bearer not-a-token"}
    assert http.get("/auth/config", headers=stale).json() == {"password": True, "oidc": None}


def test_with_a_provider_the_web_app_learns_issuer_client_and_scopes(kompas_with):
    client = kompas_with(**provider())
    response = client.get("/auth/config")
    assert response.status_code == 200, response.text
    # The client id is the audience unless set apart: the ID token's `aud` is the client id.
    assert response.json() == {
        "password": True,
        "oidc": {"issuer": ISSUER, "clientId": "kompas", "scopes": "openid email profile"},
    }


def test_a_client_id_and_scopes_of_their_own_are_passed_on(kompas_with):
    client = kompas_with(
        **provider(oidc_client_id="kompas-web", oidc_scopes="openid email offline_access")
    )
    assert client.get("/auth/config").json()["oidc"] == {
        "issuer": ISSUER,
        "clientId": "kompas-web",
        "scopes": "openid email offline_access",
    }


def test_it_tells_nothing_secret(kompas_with):
    client = kompas_with(**provider())
    text = client.get("/auth/config").text
    for secret in ("jwks", "Gemeente Test", "secret"):
        assert secret not in text


@pytest.mark.parametrize("scopes", ["email profile", "openid-like email", ""])
def test_scopes_without_openid_are_refused_at_start(settings, scopes):
    with pytest.raises(ValidationError, match="oidc_scopes"):
        Settings(**{**settings.model_dump(), **provider(oidc_scopes=scopes)})


def test_the_spec_documents_it_as_public(http):
    operation = http.get("/openapi.json").json()["paths"]["/auth/config"]["get"]
    assert operation["operationId"] == "auth-read_auth_config"
    assert not operation.get("security")
    assert "401" not in operation["responses"]
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/AuthConfig"}
