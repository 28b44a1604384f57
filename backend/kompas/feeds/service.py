"""The public feeds: the latest published experiences and successes of one organisation, in Atom
(RFC 4287, written by feedgen) and JSON Feed 1.1.

Only records with visibility `published` are read, whoever asks; no token is looked at. Ids are
URNs of UUIDs: an entry's is its record's id, a feed's is derived from the organisation and the
feed, so neither changes when Kompas moves to another address.
"""

from __future__ import annotations

import html
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from feedgen.feed import FeedGenerator
from sqlalchemy import func, text
from sqlmodel import Session, col, select

from kompas.audit.models import AuditEvent
from kompas.core.errors import NotFound
from kompas.core.openapi import API_PREFIX
from kompas.core.visibility import Visibility
from kompas.feeds.sources import FEEDS, SOURCES, Entry, Section
from kompas.organisations.models import Organisation

LATEST = 50  # entries per feed, the newest first
ATOM = "application/atom+xml"
JSON_FEED = "application/feed+json"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
FORMATS = {"atom": ATOM, "json": JSON_FEED}
LANGUAGE = "nl"  # the records' texts are Dutch
TITLES = {
    "experiences": "gedeelde ervaringen",
    "successes": "gedeelde successen",
    "published": "ervaringen en successen",
}
DESCRIPTIONS = {
    "experiences": "Wat we leerden in de samenwerking: de gepubliceerde ervaringen.",
    "successes": "Wat we samen bereikten: de gepubliceerde successen.",
    "published": "De gepubliceerde ervaringen en successen van de samenwerking.",
}
# The namespace of feed ids (uuid5 of organisation and feed): fixed forever.
FEED_NAMESPACE = uuid.UUID("8a3e1f5c-2b7d-4c1e-9f60-4d2a7b9c0e11")


@dataclass(frozen=True)
class Published:
    """The latest published entries of some kinds, and when that set last changed."""

    organisation: Organisation
    entries: list[Entry]
    last_modified: datetime


def get_organisation(session: Session, organisation_id: uuid.UUID) -> Organisation:
    """The organisation, or 404."""
    found = session.get(Organisation, organisation_id)
    if found is None:
        raise NotFound(f"There is no organisation with id {organisation_id}.")
    return found


def get_published(
    session: Session, *, organisation: Organisation, kinds: Sequence[str], limit: int = LATEST
) -> Published:
    """The ``limit`` published records of ``kinds`` changed last, the newest first.

    ``last_modified`` is the last change of what the feed shows: the newest entry's, or a later
    moment when a published record was taken back or deleted (read from the audit trail, so
    that a client asking If-Modified-Since sees it gone). Changes to unpublished records do not
    count: they must not show, not even as a date.
    """
    entries: list[Entry] = []
    for kind in kinds:
        source = SOURCES[kind]
        model = source.model
        records = session.exec(
            select(model)
            .where(
                model.organisation_id == organisation.id,
                model.visibility == Visibility.published,
            )
            .order_by(col(model.updated_at).desc(), col(model.id).desc())
            .limit(limit)
        ).all()
        entries.extend(source.entry(record) for record in records)
    entries.sort(key=lambda entry: (entry.updated, entry.id), reverse=True)
    entries = entries[:limit]
    withdrawn = session.exec(withdrawn_statement(session, organisation.id, kinds)).one()
    moments = [entry.updated for entry in entries[:1]] + ([withdrawn] if withdrawn else [])
    last_modified = max(moments) if moments else organisation.created_at
    return Published(organisation, entries, last_modified)


def withdrawn_statement(session: Session, organisation_id: uuid.UUID, kinds: Sequence[str]) -> Any:
    """SELECT the last moment a published record of ``kinds`` was taken back or deleted."""
    return select(func.max(AuditEvent.occurred_at)).where(
        AuditEvent.organisation_id == organisation_id,
        col(AuditEvent.resource_type).in_([SOURCES[kind].resource_type for kind in kinds]),
        _taken_out_of_published(session),
    )


def _taken_out_of_published(session: Session) -> Any:
    """Audit events that took a record out of `published` (or deleted a published one).

    On PostgreSQL written as the predicate of the partial index of migration e2f3a4b5c6d7, with
    the path and value as literals: a bound parameter (or SQLAlchemy's cast to VARCHAR) would
    hide the match from the planner, which then reads every event of the organisation."""
    if session.get_bind().dialect.name == "postgresql":
        return text("(audit_events.changes #>> '{visibility,from}') = 'published'")
    return col(AuditEvent.changes)[("visibility", "from")].as_string() == Visibility.published.value


# --- the representations -----------------------------------------------------------------------


def feed_id(organisation_id: uuid.UUID, feed: str) -> str:
    return f"urn:uuid:{uuid.uuid5(FEED_NAMESPACE, f'{organisation_id}/{feed}')}"


def entry_id(entry: Entry) -> str:
    return f"urn:uuid:{entry.id}"


def feed_url(base_url: str, organisation_id: uuid.UUID, feed: str, format_: str) -> str:
    return f"{base_url}{API_PREFIX}/feeds/{feed}/{format_}?organisation={organisation_id}"


def home_page_url(base_url: str, feed: str) -> str:
    kinds = FEEDS[feed]
    return base_url + (SOURCES[kinds[0]].web_path if len(kinds) == 1 else "/")


def feed_title(organisation: Organisation, feed: str) -> str:
    return f"Kompas – {organisation.name}: {TITLES[feed]}"


def content_html(sections: Sequence[Section]) -> str:
    """The sections as HTML that we write ourselves: every text escaped, paragraphs kept."""
    parts = []
    for section in sections:
        if section.heading:
            parts.append(f"<h3>{html.escape(section.heading)}</h3>")
        if section.href is not None:
            href = html.escape(section.href, quote=True)
            parts.append(f'<p><a href="{href}">{html.escape(section.text)}</a></p>')
            continue
        for paragraph in _paragraphs(section.text):
            lines = "<br>".join(html.escape(line) for line in paragraph.splitlines())
            parts.append(f"<p>{lines}</p>")
    return "".join(parts)


def content_text(sections: Sequence[Section]) -> str:
    return "\n\n".join(
        f"{section.heading}:\n{section.text}" if section.heading else section.text
        for section in sections
    )


def summary(entry: Entry, length: int = 200) -> str:
    """The first text of an entry, cut at a word before ``length`` characters."""
    text = " ".join(next((s.text for s in entry.sections if s.prose), "").split())
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",.;:") + " …"


def _paragraphs(text: str) -> list[str]:
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return [block.strip("\n") for block in blocks if block.strip()]


def atom(published: Published, *, feed: str, base_url: str) -> bytes:
    """The feed in Atom (RFC 4287): id, title, updated, author, links self and alternate, and
    per entry id, title, updated, published, link, content (HTML) and categories (tags)."""
    organisation = published.organisation
    author = {"name": organisation.name, "uri": base_url + "/"}
    generator = FeedGenerator()
    generator.id(feed_id(organisation.id, feed))
    generator.title(feed_title(organisation, feed))
    generator.subtitle(DESCRIPTIONS[feed])
    generator.updated(published.last_modified)
    generator.author(author)
    generator.link(href=feed_url(base_url, organisation.id, feed, "atom"), rel="self", type=ATOM)
    generator.link(href=home_page_url(base_url, feed), rel="alternate", type="text/html")
    generator.language(LANGUAGE)
    generator.generator("Kompas")  # not feedgen's default, which names the library's version
    for entry in published.entries:
        item = generator.add_entry(order="append")
        item.id(entry_id(entry))
        item.title(entry.title)
        item.updated(entry.updated)
        item.published(entry.published)
        item.author({"name": organisation.name})
        item.link(href=base_url + entry.web_path, rel="alternate", type="text/html")
        item.content(content_html(entry.sections), type="html")
        for tag in entry.tags:
            item.category(term=tag)
    return bytes(generator.atom_str(pretty=False))


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def json_feed(published: Published, *, feed: str, base_url: str) -> bytes:
    """The feed in JSON Feed 1.1."""
    organisation = published.organisation
    authors = [{"name": organisation.name, "url": base_url + "/"}]
    document: dict[str, Any] = {
        "version": JSON_FEED_VERSION,
        "title": feed_title(organisation, feed),
        "home_page_url": home_page_url(base_url, feed),
        "feed_url": feed_url(base_url, organisation.id, feed, "json"),
        "description": DESCRIPTIONS[feed],
        "language": LANGUAGE,
        "authors": authors,
        "items": [
            {
                "id": entry_id(entry),
                "url": base_url + entry.web_path,
                "title": entry.title,
                "content_html": content_html(entry.sections),
                "content_text": content_text(entry.sections),
                "summary": summary(entry),
                "date_published": _rfc3339(entry.published),
                "date_modified": _rfc3339(entry.updated),
                "authors": authors,
                "tags": list(entry.tags),
            }
            for entry in published.entries
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def render(published: Published, *, feed: str, format_: str, base_url: str) -> bytes:
    """The feed in ``format_`` (`atom` or `json`)."""
    if format_ == "atom":
        return atom(published, feed=feed, base_url=base_url)
    return json_feed(published, feed=feed, base_url=base_url)
