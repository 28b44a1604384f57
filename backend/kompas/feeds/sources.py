"""What the public feeds and the widget show of each kind of record, and where it lives.

Only the record's own texts go out, as the organisation's: never the person who wrote it (a
name or e-mail address of a member of staff is not for the open intranet), never the parties or
links (a published success may be linked to an unpublished agenda item).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kompas.experiences.models import Experience
from kompas.successes.models import Success


@dataclass(frozen=True)
class Section:
    """One part of an entry's content: a heading (or none) and a plain text, or a link."""

    heading: str
    text: str
    href: str | None = None  # set: ``text`` is the label of a link to it
    prose: bool = True  # False: a date or a link, no text to show as a summary


@dataclass(frozen=True)
class Entry:
    kind: str  # the source's key: `experiences`, `successes`
    id: uuid.UUID
    title: str
    web_path: str  # the record's page in the web app, e.g. `/successes/<id>`
    sections: tuple[Section, ...]
    published: datetime
    updated: datetime
    tags: tuple[str, ...]


@dataclass(frozen=True)
class FeedSource:
    kind: str
    model: Any
    web_path: str  # the web app's list of this kind
    entry: Callable[[Any], Entry]

    @property
    def resource_type(self) -> str:
        """The record's type in the audit trail (kompas.audit.recorder)."""
        return str(self.model.__tablename__).replace("_", "-")


def _sections(*parts: tuple[str, str]) -> tuple[Section, ...]:
    return tuple(Section(heading, text.strip()) for heading, text in parts if text.strip())


def _experience(record: Experience) -> Entry:
    return Entry(
        kind="experiences",
        id=record.id,
        title=record.title,
        web_path=f"/experiences/{record.id}",
        sections=_sections(
            ("Situatie", record.situation),
            ("Wat we deden", record.what_was_done),
            ("Wat we leerden", record.what_was_learned),
            ("Tip", record.tip),
        ),
        published=record.created_at,
        updated=record.updated_at,
        tags=tuple(record.tags or ()),
    )


def _success(record: Success) -> Entry:
    sections = [
        *_sections(("", record.description), ("Resultaat", record.evidence)),
        Section("Behaald op", record.achieved_on.isoformat(), prose=False),
    ]
    # The API accepts only http(s) links here; checked again, since it becomes an href.
    if record.evidence_url and record.evidence_url.lower().startswith(("https://", "http://")):
        sections.append(
            Section("Bewijs", record.evidence_url, href=record.evidence_url, prose=False)
        )
    return Entry(
        kind="successes",
        id=record.id,
        title=record.title,
        web_path=f"/successes/{record.id}",
        sections=tuple(sections),
        published=record.created_at,
        updated=record.updated_at,
        tags=(),
    )


SOURCES: dict[str, FeedSource] = {
    source.kind: source
    for source in (
        FeedSource("experiences", Experience, "/experiences", _experience),
        FeedSource("successes", Success, "/successes", _success),
    )
}

# Each feed and the sources it merges; the key is the feed's path segment.
FEEDS: dict[str, tuple[str, ...]] = {
    "experiences": ("experiences",),
    "successes": ("successes",),
    "published": ("experiences", "successes"),
}
