"""The public feeds of published experiences and successes, over HTTP and read back with
feedparser: every required Atom and JSON Feed element, nothing unpublished in any state, the
conditional GET, and the bad requests."""

from __future__ import annotations

import json
import re
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import feedparser
import httpx
import pytest

from kompas.core.principal import Role
from kompas.core.visibility import Visibility
from kompas.successes.models import Success
from tests.conftest import Actor, Clock, Tenant, assert_problem

ATOM_NS = "{http://www.w3.org/2005/Atom}"
FEEDS = ("experiences", "successes", "published")
KINDS = {"experiences": ("experiences",), "successes": ("successes",)}
KINDS["published"] = ("experiences", "successes")
ALL_FEED_PATHS = [f"/feeds/{feed}/{fmt}" for feed in FEEDS for fmt in ("atom", "json")]
URN_UUID = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
RFC3339_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
PUBLIC_URL = "http://127.0.0.1:8000"  # the test settings' default KOMPAS_PUBLIC_URL


# --- factories ---------------------------------------------------------------------------------


def experience(http, actor: Actor, title: str, visibility: str = "published", **fields) -> dict:
    response = http.post(
        "/experiences",
        json={"title": title, "visibility": visibility, **fields},
        headers=actor.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def success(http, actor: Actor, title: str, visibility: str = "published", **fields) -> dict:
    fields.setdefault("achievedOn", "2026-01-15")
    response = http.post(
        "/successes",
        json={"title": title, "visibility": visibility, **fields},
        headers=actor.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def change(http, actor: Actor, collection: str, record: dict, **fields) -> dict:
    url = f"/{collection}/{record['id']}"
    current = http.get(url, headers=actor.headers)
    response = http.patch(
        url, json=fields, headers={**actor.headers, "If-Match": current.headers["ETag"]}
    )
    assert response.status_code == 200, response.text
    return response.json()


def delete(http, actor: Actor, collection: str, record: dict) -> None:
    url = f"/{collection}/{record['id']}"
    current = http.get(url, headers=actor.headers)
    response = http.delete(url, headers={**actor.headers, "If-Match": current.headers["ETag"]})
    assert response.status_code == 204, response.text


# --- reading feeds back ------------------------------------------------------------------------


def get_feed(http, path: str, organisation: uuid.UUID, **kwargs) -> httpx.Response:
    return http.get(path, params={"organisation": str(organisation)}, **kwargs)


def read_atom(http, feed: str, tenant: Tenant) -> tuple[Any, ET.Element, httpx.Response]:
    """The Atom feed parsed by feedparser and as XML, after checking its media type."""
    response = get_feed(http, f"/feeds/{feed}/atom", tenant.id)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/atom+xml"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    # the test server's own response, not untrusted data
    return parsed, ET.fromstring(response.content), response  # noqa: S314


def read_json(http, feed: str, tenant: Tenant) -> tuple[dict, httpx.Response]:
    """The JSON Feed, parsed as JSON (feedparser 6.0 reads no JSON Feed; the fields are checked
    one by one in assert_json_feed)."""
    response = get_feed(http, f"/feeds/{feed}/json", tenant.id)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/feed+json"
    return json.loads(response.content.decode("utf-8")), response


def titles(http, feed: str, tenant: Tenant) -> dict[str, list[str]]:
    """The entry titles of the feed in both formats, and of the widget's links."""
    parsed, _, _ = read_atom(http, feed, tenant)
    document, _ = read_json(http, feed, tenant)
    return {
        "atom": [entry.title for entry in parsed.entries],
        "json": [item["title"] for item in document["items"]],
    }


def widget_text(http, tenant: Tenant) -> str:
    response = http.get("/widget", params={"organisation": str(tenant.id)})
    assert response.status_code == 200, response.text
    return response.text


def assert_atom_feed(root: ET.Element, parsed: Any, tenant: Tenant, feed: str) -> None:
    """Every element RFC 4287 requires of a feed and of each entry, read as XML (strict) and
    through feedparser (what a reader sees)."""
    assert root.tag == f"{ATOM_NS}feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(f"{ATOM_NS}{name}")) == 1, name
        assert (root.findtext(f"{ATOM_NS}{name}") or "").strip(), name
    assert URN_UUID.fullmatch(root.findtext(f"{ATOM_NS}id") or "")
    author = root.find(f"{ATOM_NS}author")
    assert author is not None
    assert author.findtext(f"{ATOM_NS}name") == tenant.organisation.name
    assert author.find(f"{ATOM_NS}email") is None  # never a person's e-mail address
    links = {link.get("rel", "alternate"): link for link in root.findall(f"{ATOM_NS}link")}
    assert links["self"].get("href") == (
        f"{PUBLIC_URL}/api/v1/feeds/{feed}/atom?organisation={tenant.id}"
    )
    assert links["self"].get("type") == "application/atom+xml"
    assert links["alternate"].get("href", "").startswith(PUBLIC_URL + "/")
    assert links["alternate"].get("type") == "text/html"
    assert "feedgen" not in ET.tostring(root, encoding="unicode")  # no library name or version

    assert parsed.feed.id == root.findtext(f"{ATOM_NS}id")
    assert parsed.feed.title.startswith(f"Kompas – {tenant.organisation.name}")
    assert parsed.feed.updated_parsed
    assert parsed.feed.author_detail.name == tenant.organisation.name
    assert {link.rel for link in parsed.feed.links} >= {"self", "alternate"}
    assert parsed.feed.get("language") == "nl"

    for element, entry in zip(root.findall(f"{ATOM_NS}entry"), parsed.entries, strict=True):
        for name in ("id", "title", "updated"):
            assert (element.findtext(f"{ATOM_NS}{name}") or "").strip(), name
        assert URN_UUID.fullmatch(element.findtext(f"{ATOM_NS}id") or "")
        link = element.find(f"{ATOM_NS}link")
        assert link is not None
        assert link.get("href", "").startswith(PUBLIC_URL + "/")
        assert element.find(f"{ATOM_NS}content").get("type") == "html"
        assert entry.id == element.findtext(f"{ATOM_NS}id")
        assert entry.title
        assert entry.updated_parsed
        assert entry.link.startswith(PUBLIC_URL + "/")
        assert entry.author == tenant.organisation.name


def assert_json_feed(document: dict, tenant: Tenant, feed: str) -> None:
    """JSON Feed 1.1, field by field: the required ones, and the type of each one present."""
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(document["title"], str)
    assert document["title"]
    assert document["home_page_url"].startswith(PUBLIC_URL + "/")
    assert document["feed_url"] == (
        f"{PUBLIC_URL}/api/v1/feeds/{feed}/json?organisation={tenant.id}"
    )
    assert document["authors"] == [{"name": tenant.organisation.name, "url": PUBLIC_URL + "/"}]
    assert isinstance(document["items"], list)
    allowed = {
        "id",
        "url",
        "title",
        "content_html",
        "content_text",
        "summary",
        "date_published",
        "date_modified",
        "authors",
        "tags",
    }
    for item in document["items"]:
        assert item.keys() <= allowed, item.keys() - allowed
        assert isinstance(item["id"], str)
        assert URN_UUID.fullmatch(item["id"])
        assert isinstance(item.get("content_html"), str) or isinstance(
            item.get("content_text"), str
        )
        assert item["url"].startswith(PUBLIC_URL + "/")
        assert isinstance(item["title"], str)
        for moment in ("date_published", "date_modified"):
            assert RFC3339_UTC.fullmatch(item[moment]), item[moment]
        assert all(isinstance(tag, str) for tag in item["tags"])
        assert all(set(author) <= {"name", "url", "avatar"} for author in item["authors"])
        assert all("@" not in author["name"] for author in item["authors"])
    ids = [item["id"] for item in document["items"]]
    assert len(set(ids)) == len(ids)


# --- tests -------------------------------------------------------------------------------------


@pytest.fixture
def coordinator(tenant: Tenant) -> Actor:
    return tenant.actor(Role.coordinator)


def test_every_feed_parses_with_every_required_element(http, tenant: Tenant, coordinator):
    lesson = experience(
        http,
        coordinator,
        "Samen aan tafel",
        situation="Jongeren vielen tussen wal en schip.",
        whatWasDone="Eén gesprek met alle partijen.",
        whatWasLearned="Vroeg beginnen werkt.\n\nEn samen beslissen ook.",
        tip="Nodig de jongere zelf uit.",
        tags=["jongeren", "Schulden"],
    )
    named = success(
        http,
        coordinator,
        "Twintig jongeren aan het werk",
        description="Een aanpak met UWV.",
        evidence="20 plaatsingen",
        evidenceUrl="https://voorbeeld.nl/rapportage",
    )
    for feed in FEEDS:
        parsed, root, _ = read_atom(http, feed, tenant)
        assert_atom_feed(root, parsed, tenant, feed)
        document, _ = read_json(http, feed, tenant)
        assert_json_feed(document, tenant, feed)
        expected = {
            "experiences": [f"urn:uuid:{lesson['id']}"],
            "successes": [f"urn:uuid:{named['id']}"],
            "published": [f"urn:uuid:{named['id']}", f"urn:uuid:{lesson['id']}"],
        }[feed]
        assert [entry.id for entry in parsed.entries] == expected  # newest first
        assert [item["id"] for item in document["items"]] == expected

    parsed, _, _ = read_atom(http, "experiences", tenant)
    entry = parsed.entries[0]
    assert entry.link == f"{PUBLIC_URL}/experiences/{lesson['id']}"
    assert {tag.term for tag in entry.tags} == {"jongeren", "schulden"}
    assert (
        "<h3>Wat we leerden</h3><p>Vroeg beginnen werkt.</p><p>En samen" in entry.content[0].value
    )
    document, _ = read_json(http, "successes", tenant)
    item = document["items"][0]
    assert item["url"] == f"{PUBLIC_URL}/successes/{named['id']}"
    assert item["title"] == "Twintig jongeren aan het werk"
    assert '<a href="https://voorbeeld.nl/rapportage">' in item["content_html"]
    assert "Resultaat:\n20 plaatsingen" in item["content_text"]
    assert item["date_modified"] == named["updatedAt"].replace("+00:00", "Z")


def test_feed_ids_are_stable_and_differ_per_feed_and_organisation(
    http, tenant: Tenant, other_tenant: Tenant
):
    ids = {}
    for owner in (tenant, other_tenant):
        for feed in FEEDS:
            first = read_atom(http, feed, owner)[0].feed.id
            assert read_atom(http, feed, owner)[0].feed.id == first
            ids[(owner.id, feed)] = first
    assert len(set(ids.values())) == len(ids)


@pytest.mark.parametrize("collection", ["experiences", "successes"])
def test_nothing_unpublished_ever_appears(
    http, tenant: Tenant, other_tenant: Tenant, coordinator, collection
):
    make = experience if collection == "experiences" else success
    shown = make(http, coordinator, "Openbaar resultaat", "published")
    make(http, coordinator, "Intern resultaat", "organisation")
    make(http, coordinator, "Gedeeld met partners", "partners")
    make(http, other_tenant.actor(Role.coordinator), "Resultaat elders", "published")
    withdrawn = make(http, coordinator, "Teruggetrokken resultaat", "published")
    removed = make(http, coordinator, "Verwijderd resultaat", "published")

    def everything() -> str:
        texts = [get_feed(http, path, tenant.id).text for path in ALL_FEED_PATHS]
        return "\n".join([*texts, widget_text(http, tenant)])

    before = everything()
    assert "Teruggetrokken" in before
    assert "Verwijderd" in before

    change(http, coordinator, collection, withdrawn, visibility="organisation")
    delete(http, coordinator, collection, removed)

    after = everything()
    for secret in ("Intern", "Gedeeld met partners", "elders", "Teruggetrokken", "Verwijderd"):
        assert secret not in after, secret
    for feed in (collection, "published"):
        found = titles(http, feed, tenant)
        assert found == {"atom": ["Openbaar resultaat"], "json": ["Openbaar resultaat"]}
    assert str(shown["id"]) in after
    other_feed = titles(http, collection, other_tenant)
    assert other_feed["atom"] == ["Resultaat elders"]


def test_a_partners_item_appears_once_published(http, tenant: Tenant, coordinator):
    shared = success(http, coordinator, "Eerst gedeeld", "partners")
    assert titles(http, "successes", tenant)["atom"] == []
    change(http, coordinator, "successes", shared, visibility="published")
    assert titles(http, "successes", tenant)["atom"] == ["Eerst gedeeld"]


def test_no_token_is_needed_and_a_token_changes_nothing(
    http, tenant: Tenant, other_tenant: Tenant, coordinator
):
    success(http, coordinator, "Openbaar", "published")
    success(http, coordinator, "Intern", "organisation")
    anonymous = get_feed(http, "/feeds/successes/atom", tenant.id)
    with_token = get_feed(http, "/feeds/successes/atom", tenant.id, headers=coordinator.headers)
    stranger = other_tenant.actor(Role.admin)
    with_other = get_feed(http, "/feeds/successes/atom", tenant.id, headers=stranger.headers)
    assert anonymous.content == with_token.content == with_other.content
    assert "Intern" not in with_token.text


@pytest.mark.parametrize("path", [*ALL_FEED_PATHS, "/widget"])
def test_bad_requests_answer_problems(http, tenant: Tenant, path: str):
    assert_problem(http.get(path, params={"organisation": str(uuid.uuid4())}), 404)
    assert_problem(http.get(path), 400, "organisation")
    assert_problem(http.get(path, params={"organisation": "abc"}), 400, "organisation")
    response = http.get(path, params={"organisation": str(tenant.id), "token": "x"})
    assert_problem(response, 400, "token")
    assert_problem(http.post(path, params={"organisation": str(tenant.id)}), 405)
    if path != "/widget":
        assert_problem(get_feed(http, path, tenant.id, headers={"Accept": "application/pdf"}), 406)


def test_latest_fifty_newest_first(http, tenant: Tenant, wall_clock: Clock):
    start = wall_clock.now()
    for number in range(53):
        tenant.add(
            Success(
                organisation_id=tenant.id,
                title=f"Succes {number:02d}",
                achieved_on=start.date(),
                visibility=Visibility.published,
                created_at=start,
                updated_at=start + timedelta(minutes=number),
            )
        )
    expected = [f"Succes {number:02d}" for number in range(52, 2, -1)]
    for feed in ("successes", "published"):
        found = titles(http, feed, tenant)
        assert found["atom"] == expected
        assert found["json"] == expected
    parsed, _, response = read_atom(http, "successes", tenant)
    newest = start + timedelta(minutes=52)
    assert parsed.feed.updated_parsed[:6] == newest.timetuple()[:6]
    assert parsed_http_date(response) == newest.replace(microsecond=0)


def parsed_http_date(response: httpx.Response) -> datetime:
    return parsedate_to_datetime(response.headers["Last-Modified"]).astimezone(UTC)


def test_texts_are_escaped_everywhere(http, tenant: Tenant, coordinator):
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"'
    experience(http, coordinator, attack, situation=attack, tip=attack, tags=["<b>"])
    success(http, coordinator, attack, description=attack, evidence=attack)
    parsed, _, response = read_atom(http, "published", tenant)
    assert b"<script" not in response.content
    for entry in parsed.entries:
        assert entry.title == attack  # a title is text: the reader sees exactly what was typed
        html_content = entry.content[0].value
        assert "<script" not in html_content
        assert "<img" not in html_content
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html_content
    document, _ = read_json(http, "published", tenant)
    for item in document["items"]:
        assert "<script" not in item["content_html"]
        assert "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quotes&quot;" in item["content_html"]
        assert attack in item["content_text"]
    page = widget_text(http, tenant)
    assert "<script>alert" not in page
    assert "<img" not in page


def test_conditional_get_answers_304_until_what_is_shown_changes(
    wall_clock: Clock, http, tenant: Tenant, coordinator
):
    older = success(http, coordinator, "Ouder", "published")
    wall_clock.advance(seconds=5)
    record = success(http, coordinator, "Eerste", "published")
    hidden = success(http, coordinator, "Intern", "organisation")
    for path in [*ALL_FEED_PATHS, "/widget"]:
        first = get_feed(http, path, tenant.id)
        etag = first.headers["ETag"]
        assert re.fullmatch(r'"[0-9a-f]{32}"', etag), etag  # strong
        assert first.headers["Cache-Control"] == "public, max-age=300"
        last_modified = first.headers["Last-Modified"]
        assert last_modified.endswith(" GMT")

        again = get_feed(http, path, tenant.id, headers={"If-None-Match": etag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["ETag"] == etag
        assert again.headers["Last-Modified"] == last_modified
        weak = get_feed(http, path, tenant.id, headers={"If-None-Match": f'"x", W/{etag}'})
        assert weak.status_code == 304
        since = get_feed(http, path, tenant.id, headers={"If-Modified-Since": last_modified})
        assert since.status_code == 304
        # If-None-Match decides when both are sent; an unknown tag means "send it".
        both = get_feed(
            http,
            path,
            tenant.id,
            headers={"If-None-Match": '"x"', "If-Modified-Since": last_modified},
        )
        assert both.status_code == 200
        assert both.content == first.content
        for bad in ("gisteren", "Sun, 99 Foo 2026 00:00:00 GMT"):
            assert (
                get_feed(http, path, tenant.id, headers={"If-Modified-Since": bad}).status_code
                == 200
            )

    def state(path: str) -> tuple[str, str]:
        response = get_feed(http, path, tenant.id)
        return response.headers["ETag"], response.headers["Last-Modified"]

    before = {path: state(path) for path in ALL_FEED_PATHS}
    # A change to an unpublished record changes nothing the public sees, not even a date.
    wall_clock.advance(seconds=5)
    change(http, coordinator, "successes", hidden, title="Nog steeds intern")
    assert {path: state(path) for path in ALL_FEED_PATHS} == before

    # Taking the published one back moves Last-Modified on, so If-Modified-Since sees it.
    wall_clock.advance(seconds=5)
    change(http, coordinator, "successes", record, visibility="organisation")
    for path in ("/feeds/successes/atom", "/feeds/published/json"):
        etag, last_modified = before[path]
        response = get_feed(http, path, tenant.id, headers={"If-Modified-Since": last_modified})
        assert response.status_code == 200
        assert response.headers["ETag"] != etag
        assert parsed_http_date(response) > parsedate_to_datetime(last_modified)
        assert get_feed(http, path, tenant.id, headers={"If-None-Match": etag}).status_code == 200
    parsed, _, response = read_atom(http, "successes", tenant)
    assert [entry.title for entry in parsed.entries] == [older["title"]]
    # The feed's own `updated` is that moment too, not the time of the newest entry left.
    assert parsed.feed.updated_parsed[:6] == parsed_http_date(response).timetuple()[:6]
    # Experiences were never touched: their feed did not change.
    assert state("/feeds/experiences/atom") == before["/feeds/experiences/atom"]


def test_an_empty_feed_is_valid(http, tenant: Tenant):
    for feed in FEEDS:
        parsed, root, _ = read_atom(http, feed, tenant)
        assert_atom_feed(root, parsed, tenant, feed)
        assert parsed.entries == []
        document, _ = read_json(http, feed, tenant)
        assert_json_feed(document, tenant, feed)
        assert document["items"] == []


def test_a_feed_takes_a_constant_number_of_queries(http, tenant: Tenant, coordinator, count_sql):
    def queries(path: str) -> int:
        counter = count_sql()
        assert get_feed(http, path, tenant.id).status_code == 200
        return len(counter)

    success(http, coordinator, "Een", "published")
    experience(http, coordinator, "Een", "published")
    few = {path: queries(path) for path in [*ALL_FEED_PATHS, "/widget"]}
    for number in range(6):
        success(http, coordinator, f"Succes {number}", "published")
        experience(http, coordinator, f"Ervaring {number}", "published", tags=["a", "b"])
    many = {path: queries(path) for path in [*ALL_FEED_PATHS, "/widget"]}
    assert many == few
    assert max(many.values()) <= 6, many


def test_the_json_feed_is_utf8_json_for_a_client_asking_for_json(http, tenant: Tenant, coordinator):
    success(http, coordinator, "Één café", "published")
    for accept in ("application/feed+json", "application/json", "application/*", "*/*"):
        response = get_feed(http, "/feeds/successes/json", tenant.id, headers={"Accept": accept})
        assert response.status_code == 200, accept
        assert response.headers["content-type"] == "application/feed+json"
        assert json.loads(response.content.decode("utf-8"))["items"][0]["title"] == "Één café"
    atom = get_feed(http, "/feeds/successes/atom", tenant.id, headers={"Accept": "application/*"})
    assert atom.status_code == 200


@pytest.mark.parametrize("collection", ["experiences", "successes"])
@pytest.mark.parametrize("how", ["taken back", "deleted"])
def test_a_withdrawal_moves_last_modified_on(
    wall_clock: Clock, http, tenant: Tenant, coordinator, collection: str, how: str
):
    make = experience if collection == "experiences" else success
    make(http, coordinator, "Blijft", "published")
    wall_clock.advance(seconds=5)
    gone = make(http, coordinator, "Gaat weg", "published")
    path = f"/feeds/{collection}/atom"
    before = get_feed(http, path, tenant.id).headers["Last-Modified"]
    wall_clock.advance(seconds=5)
    if how == "deleted":
        delete(http, coordinator, collection, gone)
    else:
        change(http, coordinator, collection, gone, visibility="partners")
    response = get_feed(http, path, tenant.id, headers={"If-Modified-Since": before})
    assert response.status_code == 200
    assert parsed_http_date(response) >= parsedate_to_datetime(before) + timedelta(seconds=5)
    assert "Gaat weg" not in response.text


def test_postgresql_reads_withdrawals_and_the_latest_through_indexes(tenant: Tenant, engine):
    """At a million audit events a feed must not read them all: the last withdrawal comes from
    the partial index of migration e2f3a4b5c6d7, and so does each kind's newest published."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: the partial index is PostgreSQL's")
    from sqlalchemy import text
    from sqlalchemy.dialects import postgresql
    from sqlmodel import Session, col, select

    from kompas.feeds.service import withdrawn_statement
    from kompas.feeds.sources import SOURCES

    with Session(engine) as session:
        # A handful of rows: left alone the planner may pick any index and sort (seen: the
        # dashboard's index on experiences). What is asked is that an index serves each query in
        # its order, so plans that scan the table or sort are priced out.
        session.execute(text("SET enable_seqscan = off"))
        session.execute(text("SET enable_sort = off"))
        statements = {
            "ix_audit_events_withdrawn_published": withdrawn_statement(
                session, tenant.id, list(SOURCES)
            )
        }
        for source in SOURCES.values():
            model = source.model
            statements[f"ix_{model.__tablename__}_feed"] = (
                select(model.id)
                .where(model.organisation_id == tenant.id, model.visibility == "published")
                .order_by(col(model.updated_at).desc(), col(model.id).desc())
                .limit(50)
            )
        for index, statement in statements.items():
            sql = statement.compile(
                dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
            )
            plan = "\n".join(session.execute(text(f"EXPLAIN {sql}")).scalars())
            assert index in plan, plan
