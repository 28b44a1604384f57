"""Every page Kompas serves works without internet and under a policy that allows only 'self'.

A municipal network often cannot reach a public CDN: the API docs and the web app name no
external host, every file they reference is served by Kompas itself, and the
Content-Security-Policy lets a page load scripts, styles and data only from its own origin.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest

from kompas.core.config import Settings
from kompas.main import create_app
from tests.conftest import LiveServer


class References(HTMLParser):
    """The URLs a page makes the browser load, and any inline script it holds."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name in ("src", "href"):
            if values.get(name) and tag in {"script", "link", "img", "iframe"}:
                self.urls.append(values[name] or "")
        self._in_script = tag == "script" and not values.get("src")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


def directives(policy: str) -> dict[str, list[str]]:
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_only_self(policy: str, *, connect_also: tuple[str, ...] = ()) -> None:
    found = directives(policy)
    assert found["default-src"] == ["'self'"], policy
    assert found["frame-ancestors"] == ["'none'"], policy
    assert found["object-src"] == ["'none'"], policy
    for directive in ("script-src", "style-src"):
        assert directive not in found, f"{directive} must fall back to default-src: {policy}"
    assert found.get("connect-src", ["'self'"]) == ["'self'", *connect_also], policy
    assert all(source in ("'self'", "data:") for source in found.get("img-src", [])), policy
    assert "'unsafe-inline'" not in policy, policy
    assert "'unsafe-eval'" not in policy, policy


def assert_served_offline(client: httpx.Client, path: str) -> References:
    page = client.get(path)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    references = References()
    references.feed(page.text)
    assert references.inline_scripts == [], "an inline script would need 'unsafe-inline'"
    for url in references.urls:
        assert url.startswith("/"), f"{path} loads {url}"
        assert not url.startswith("//"), f"{path} loads {url}"
        asset = client.get(url)
        assert asset.status_code == 200, (url, asset.status_code)
    assert "http://" not in page.text, page.text
    assert "https://" not in page.text, page.text
    return references


def test_the_api_docs_name_no_external_host_and_serve_every_file(server: LiveServer):
    with httpx.Client(base_url=server.url) as client:
        references = assert_served_offline(client, "/api/v1/docs")
        page = client.get("/api/v1/docs")
        assert_only_self(page.headers["content-security-policy"])
        assert {url.rsplit("/", 1)[1] for url in references.urls} >= {
            "swagger-ui.css",
            "swagger-ui-bundle.js",
            "kompas-docs.js",
        }
        bundle = client.get("/api/v1/docs/swagger-ui-bundle.js")
        assert bundle.headers["content-type"].startswith("text/javascript")
        assert b"SwaggerUIBundle" in bundle.content
        starter = client.get("/api/v1/docs/kompas-docs.js")
        assert "validatorUrl: null" in starter.text  # the validator badge would call out
        assert_only_self(bundle.headers["content-security-policy"])


@pytest.mark.parametrize("name", ["LICENSE", "index.html", "..%2F__init__.py", "swagger-ui.js"])
def test_only_the_docs_own_files_are_served(server: LiveServer, name: str):
    with httpx.Client(base_url=server.url) as client:
        response = client.get(f"/api/v1/docs/{name}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_the_web_app_and_its_fallback_page_load_only_from_their_own_origin(
    settings: Settings, engine: Any, tmp_path: Path
):
    web = tmp_path / "web"
    (web / "assets").mkdir(parents=True)
    (web / "assets" / "app.js").write_text("console.log('kompas')")
    (web / "index.html").write_text(
        '<!doctype html><html lang="nl"><head><script type="module" src="/assets/app.js">'
        "</script></head><body><div id=root></div></body></html>"
    )
    built = settings.model_copy(update={"web_dir": web})
    with LiveServer(create_app(built, engine)) as live, httpx.Client(base_url=live.url) as client:
        assert_served_offline(client, "/")
        for path in ("/", "/agenda", "/assets/app.js"):
            assert_only_self(client.get(path).headers["content-security-policy"])

    bare = settings.model_copy(update={"web_dir": tmp_path / "not-built"})
    with LiveServer(create_app(bare, engine)) as live, httpx.Client(base_url=live.url) as client:
        assert_served_offline(client, "/")
        assert_only_self(client.get("/").headers["content-security-policy"])


def test_the_identity_providers_origin_is_the_only_other_one_the_web_app_may_call(
    settings: Settings, engine: Any
):
    with_oidc = settings.model_copy(
        update={
            "oidc_issuer": "https://login.voorbeeld.nl/realms/gemeente",
            "oidc_audience": "kompas",
        }
    )
    with (
        LiveServer(create_app(with_oidc, engine)) as live,
        httpx.Client(base_url=live.url) as client,
    ):
        policy = client.get("/").headers["content-security-policy"]
    assert_only_self(policy, connect_also=("https://login.voorbeeld.nl",))
