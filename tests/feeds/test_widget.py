"""The intranet widget: a plain page of published experiences and successes that only the
configured intranet origins may frame, loading nothing but its own files."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from kompas.core.config import Settings
from kompas.core.principal import Role
from kompas.main import create_app
from tests.api.test_pages_offline import (
    References,
    assert_only_self,
    assert_served_offline,
    directives,
)
from tests.conftest import Actor, LiveServer, Tenant, assert_problem
from tests.feeds.test_feeds import change, experience, success

INTRANET = ("https://intranet.gemeente.nl", "http://portaal.gemeente.nl:8080")


class Page(HTMLParser):
    """What the widget page holds: its language, links, headings and any inline style."""

    def __init__(self) -> None:
        super().__init__()
        self.html_attrs: dict[str, str | None] = {}
        self.links: list[dict[str, str | None]] = []
        self.headings: list[str] = []
        self.inline_styles: list[str] = []
        self._heading: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_attrs = values
        if tag == "a":
            self.links.append(values)
        if tag == "style" or "style" in values:
            self.inline_styles.append(tag)
        if tag in ("h1", "h2"):
            self._heading = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2") and self._heading is not None:
            self.headings.append(self._heading.strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading += data


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


@pytest.fixture
def root(server: LiveServer) -> Iterator[httpx.Client]:
    """A client at the server's root, where the page's absolute paths resolve."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        yield client


@pytest.fixture
def coordinator(tenant: Tenant) -> Actor:
    return tenant.actor(Role.coordinator)


def widget_path(tenant: Tenant, **params: str) -> str:
    query = "&".join(
        f"{key}={value}" for key, value in {"organisation": tenant.id, **params}.items()
    )
    return f"/api/v1/widget?{query}"


def test_the_widget_lists_only_published_records_with_links(
    http, root, tenant: Tenant, other_tenant: Tenant, coordinator
):
    lesson = experience(http, coordinator, "Samen aan tafel", whatWasLearned="Vroeg beginnen.")
    named = success(http, coordinator, "Twintig jongeren aan het werk", description="Met UWV.")
    experience(http, coordinator, "Interne les", "organisation")
    success(http, coordinator, "Partnersucces", "partners")
    withdrawn = success(http, coordinator, "Teruggetrokken", "published")
    change(http, coordinator, "successes", withdrawn, visibility="organisation")
    success(http, other_tenant.actor(Role.coordinator), "Succes elders", "published")
    success(http, coordinator, "Zonder beschrijving", achievedOn="2026-01-15")

    response = root.get(widget_path(tenant))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = parse(response.text)
    assert page.html_attrs["lang"] == "nl"
    assert page.headings == ["Ervaringen en successen", "Ervaringen", "Successen"]
    assert "<main>" in response.text
    hrefs = {link["href"]: link for link in page.links}
    assert f"/experiences/{lesson['id']}" in hrefs
    assert f"/successes/{named['id']}" in hrefs
    assert all(link["target"] == "_top" for link in page.links)  # never inside the frame
    assert f"/api/v1/feeds/published/atom?organisation={tenant.id}" in hrefs
    for secret in ("Interne les", "Partnersucces", "Teruggetrokken", "elders"):
        assert secret not in response.text
    assert "Vroeg beginnen." in response.text
    assert "Met UWV." in response.text
    assert "2026-01-15" not in response.text  # a date is no summary
    assert page.inline_styles == []


def test_the_widget_in_english_and_when_nothing_is_published(root, tenant: Tenant):
    response = root.get(widget_path(tenant, lang="en"))
    assert response.status_code == 200
    page = parse(response.text)
    assert page.html_attrs["lang"] == "en"
    assert page.headings == ["Experiences and successes", "Experiences", "Successes"]
    assert response.text.count("Nothing published yet.") == 2
    assert "Nog niets gepubliceerd." in root.get(widget_path(tenant)).text
    assert_problem(root.get(widget_path(tenant, lang="de")), 400, "lang")


def test_the_widget_loads_only_its_own_files_and_is_framed_by_no_one_by_default(
    root, tenant: Tenant, coordinator, http
):
    success(http, coordinator, "Succes", "published")
    references = assert_served_offline(root, widget_path(tenant))
    assert sorted(references.urls) == ["/api/v1/widget/widget.css", "/api/v1/widget/widget.js"]
    response = root.get(widget_path(tenant))
    assert_only_self(response.headers["content-security-policy"])  # frame-ancestors 'none'
    assert response.headers["x-frame-options"] == "DENY"
    assert parse(response.text).html_attrs["data-parent-origins"] == ""

    style = root.get("/api/v1/widget/widget.css")
    assert style.headers["content-type"] == "text/css; charset=utf-8"
    script = root.get("/api/v1/widget/widget.js")
    assert script.headers["content-type"] == "text/javascript; charset=utf-8"
    for marker in ("postMessage", '"kompas-widget-height"', "ResizeObserver", '"load"'):
        assert marker in script.text, marker
    for asset in (style, script):
        assert_only_self(asset.headers["content-security-policy"])
        assert asset.headers["cache-control"] == "public, max-age=3600"


@pytest.mark.parametrize("name", ["widget.html", "__init__.py", "..%2Fservice.py", "static"])
def test_only_the_widgets_own_files_are_served(root, name: str):
    assert_problem(root.get(f"/api/v1/widget/{name}"), 404)


def test_configured_intranet_origins_may_frame_the_widget_and_nothing_else(
    settings: Settings, engine: Any, tenant: Tenant
):
    framed = settings.model_copy(update={"widget_origins": list(INTRANET)})
    with LiveServer(create_app(framed, engine)) as live, httpx.Client(base_url=live.url) as client:
        response = client.get(widget_path(tenant))
        assert response.status_code == 200
        policy = directives(response.headers["content-security-policy"])
        assert policy["frame-ancestors"] == list(INTRANET)
        assert policy["default-src"] == ["'self'"]
        assert "script-src" not in policy
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        # X-Frame-Options cannot name origins; DENY would contradict the policy.
        assert "x-frame-options" not in response.headers
        assert parse(response.text).html_attrs["data-parent-origins"] == " ".join(INTRANET)
        references = References()
        references.feed(response.text)
        assert references.inline_scripts == []

        not_modified = client.get(
            widget_path(tenant), headers={"If-None-Match": response.headers["ETag"]}
        )
        assert not_modified.status_code == 304
        assert (
            not_modified.headers["content-security-policy"]
            == (response.headers["content-security-policy"])
        )
        assert "x-frame-options" not in not_modified.headers

        # Every other response keeps frame-ancestors 'none' and X-Frame-Options: DENY.
        for path in (
            "/api/v1/health",
            f"/api/v1/feeds/published/atom?organisation={tenant.id}",
            "/api/v1/widget/widget.js",
            "/api/v1/widget?organisation=00000000-0000-4000-8000-000000000000",  # a 404
            "/api/v1/departments",  # a 401
            "/",
        ):
            other = client.get(path)
            assert directives(other.headers["content-security-policy"])["frame-ancestors"] == [
                "'none'"
            ], path
            assert other.headers["x-frame-options"] == "DENY", path


def test_the_setting_takes_only_origins(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(
        "KOMPAS_WIDGET_ORIGINS", " https://Intranet.Gemeente.nl/ , http://localhost:8080,"
    )
    assert Settings().widget_origins == ["https://intranet.gemeente.nl", "http://localhost:8080"]
    monkeypatch.delenv("KOMPAS_WIDGET_ORIGINS")
    assert Settings().widget_origins == []
    for wrong in (
        "*",
        "'self'",
        "intranet.gemeente.nl",
        "ftp://intranet.gemeente.nl",
        "https://intranet.gemeente.nl/portaal",
        "https://intranet.gemeente.nl?x=1",
        "https://user@intranet.gemeente.nl",
        "https://intranet.gemeente.nl; script-src *",
        "https://*.gemeente.nl",
        "https://intranet.gemeente.nl:99999",
    ):
        with pytest.raises(ValidationError, match="not an origin"):
            Settings(widget_origins=[wrong])
