"""The intranet widget: a small HTML page of the latest published experiences and successes.

Plain and accessible: a heading per kind, a list of links with dates and a short text. No
inline style or script (the page runs under the policy of every Kompas page, `default-src
'self'`): its style sheet and its script, which tells the framing page its height, are files
served beside it (``static/``).
"""

from __future__ import annotations

import html
import uuid
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Literal

from kompas.core.db import CIVIL_ZONE
from kompas.core.openapi import API_PREFIX
from kompas.feeds.service import Published, feed_url, summary
from kompas.feeds.sources import Entry

Language = Literal["nl", "en"]
LATEST = 5  # entries per kind
WIDGET_PATH = f"{API_PREFIX}/widget"
# The files the page loads, and their media types; nothing else of static/ is served.
ASSETS = {
    "widget.css": "text/css; charset=utf-8",
    "widget.js": "text/javascript; charset=utf-8",
}
ASSET_CACHE = "public, max-age=3600"

TEXTS: dict[Language, dict[str, str]] = {
    "nl": {
        "title": "Ervaringen en successen",
        "experiences": "Ervaringen",
        "successes": "Successen",
        "empty": "Nog niets gepubliceerd.",
        "updated": "Bijgewerkt",
        "follow": "Volgen via",
        "atom": "Atom-feed",
        "json": "JSON Feed",
        "or": "of",
    },
    "en": {
        "title": "Experiences and successes",
        "experiences": "Experiences",
        "successes": "Successes",
        "empty": "Nothing published yet.",
        "updated": "Updated",
        "follow": "Follow with the",
        "atom": "Atom feed",
        "json": "JSON Feed",
        "or": "or",
    },
}
MONTHS: dict[Language, tuple[str, ...]] = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


@cache
def asset(name: str) -> bytes:
    return (files("kompas.feeds") / "static" / name).read_bytes()


def _date(moment: datetime, language: Language) -> str:
    day = moment.astimezone(CIVIL_ZONE).date()
    month = MONTHS[language][day.month - 1]
    return f"{day.day} {month} {day.year}"  # "6 december 2026", "6 December 2026"


def _item(entry: Entry, language: Language) -> str:
    href = html.escape(entry.web_path, quote=True)
    when = entry.updated.astimezone(CIVIL_ZONE)
    text = summary(entry, 160)
    lines = [
        "<li>",
        f'<a href="{href}" target="_top">{html.escape(entry.title)}</a>',
        f'<span class="kompas-meta">{TEXTS[language]["updated"]} '
        f'<time datetime="{when.date().isoformat()}">{_date(when, language)}</time></span>',
    ]
    if text:
        lines.append(f'<p class="kompas-summary">{html.escape(text)}</p>')
    lines.append("</li>")
    return "\n".join(lines)


def _section(kind: str, entries: list[Entry], language: Language) -> str:
    texts = TEXTS[language]
    heading = f'<h2 id="kompas-{kind}">{texts[kind]}</h2>'
    if not entries:
        body = f'<p class="kompas-empty">{texts["empty"]}</p>'
    else:
        body = "<ul>\n" + "\n".join(_item(e, language) for e in entries) + "\n</ul>"
    return f'<section aria-labelledby="kompas-{kind}">\n{heading}\n{body}\n</section>'


def render(
    *,
    organisation_id: uuid.UUID,
    organisation_name: str,
    sections: dict[str, Published],
    language: Language,
    parent_origins: list[str],
) -> bytes:
    """The page, in ``language``; ``parent_origins`` are those its script may tell its height.

    Its links are paths: the page is served by Kompas, so they lead to Kompas' web app and feeds
    whatever address the intranet reaches it by."""
    texts = TEXTS[language]
    title = f"{texts['title']} – {organisation_name}"
    atom = html.escape(feed_url("", organisation_id, "published", "atom"), quote=True)
    json_feed = html.escape(feed_url("", organisation_id, "published", "json"), quote=True)
    origins = html.escape(" ".join(parent_origins), quote=True)
    body = "\n".join(
        _section(kind, published.entries, language) for kind, published in sections.items()
    )
    page = f"""<!doctype html>
<html lang="{language}" data-parent-origins="{origins}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="{WIDGET_PATH}/widget.css">
<script src="{WIDGET_PATH}/widget.js" defer></script>
</head>
<body>
<main>
<h1>{html.escape(texts["title"])}</h1>
{body}
<p class="kompas-follow">{texts["follow"]} <a href="{atom}" target="_top">{texts["atom"]}</a>
{texts["or"]} <a href="{json_feed}" target="_top">{texts["json"]}</a>.</p>
</main>
</body>
</html>
"""
    return page.encode()
