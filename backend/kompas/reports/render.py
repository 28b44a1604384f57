"""The progress report as a printable HTML page and as a tagged PDF (PDF/UA-1, WeasyPrint).

One HTML serves both: headings, tables with captions and header cells, a ``lang`` attribute, no
inline style or script (the page keeps the Content-Security-Policy of every page; its stylesheet
is a file Kompas serves, and WeasyPrint gets the same rules directly)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from html import escape
from typing import Any

from kompas.core.db import today
from kompas.reports.style import STYLESHEET
from kompas.reports.texts import TEXTS, Language, long_date, percent, status_word

STYLESHEET_PATH = "/reports/progress.css"


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _table(
    caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]], numeric: Sequence[int] = ()
) -> str:
    """A table with a caption and column headers; cells are HTML already escaped."""

    def cls(n: int) -> str:
        return ' class="num"' if n in numeric else ""

    head = "".join(f'<th scope="col"{cls(n)}>{_e(h)}</th>' for n, h in enumerate(headers))
    body = "".join(
        "<tr>"
        + "".join(
            f'<th scope="row">{cell}</th>' if n == 0 else f"<td{cls(n)}>{cell}</td>"
            for n, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f"<table><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _section(section_id: str, title: str, content: str) -> str:
    return (
        f'<section aria-labelledby="{section_id}"><h2 id="{section_id}">{_e(title)}</h2>'
        f"{content}</section>"
    )


def _nothing(t: dict[str, str]) -> str:
    return f'<p class="nothing">{_e(t["nothing"])}</p>'


def _compass(report: dict[str, Any], t: dict[str, str]) -> str:
    compass = report["compass"]
    parts = []
    if compass["purpose"]:
        parts.append(f'<p class="purpose">{_e(compass["purpose"])}</p>')
        if compass["explanation"]:
            parts.append(f"<p>{_e(compass['explanation'])}</p>")
    else:
        parts.append(f"<p>{_e(t['no_purpose'])}</p>")
    if compass["drivers"]:
        items = "".join(
            f"<li><strong>{_e(d['title'])}</strong>"
            + (f" — {_e(d['description'])}" if d["description"] else "")
            + "</li>"
            for d in compass["drivers"]
        )
        parts.append(f"<h3>{_e(t['drivers'])}</h3><ul>{items}</ul>")
    return _section("compass", t["compass"], "".join(parts))


def _agenda(report: dict[str, Any], t: dict[str, str], lang: Language) -> str:
    changes, done, handoffs = report["status_changes"], report["done"], report["handoffs"]
    summary = t["agenda_summary"].format(
        changes=len(changes), done=len(done), handoffs=len(handoffs)
    )
    parts = [f"<p>{_e(summary)}</p>"]
    if changes:
        parts.append(
            _table(
                t["status_changes"],
                [t["item"], t["date"], t["from"], t["to"]],
                (
                    (
                        _e(c["title"]),
                        _e(long_date(c["changed_at"], lang)),
                        _e(status_word(c["from_status"], lang)),
                        _e(status_word(c["to_status"], lang)),
                    )
                    for c in changes
                ),
            )
        )
    if done:
        items = "".join(
            f"<li>{_e(c['title'])} ({_e(long_date(c['changed_at'], lang))})</li>" for c in done
        )
        parts.append(f"<h3>{_e(t['done'])}</h3><ul>{items}</ul>")
    if handoffs:
        parts.append(
            _table(
                t["handoffs"],
                [t["subject"], t["date"], t["from_party"], t["to_party"]],
                (
                    (
                        f'{_e(h["title"])} <span class="kind">({_e(t[h["kind"]])})</span>',
                        _e(long_date(h["decided_at"], lang)),
                        _e(h["from_party"]),
                        _e(h["to_party"]),
                    )
                    for h in handoffs
                ),
            )
        )
    return _section("agenda", t["agenda"], "".join(parts))


def _successes(report: dict[str, Any], t: dict[str, str], lang: Language) -> str:
    found = report["successes"]
    if not found:
        return _section("successes", t["successes"], _nothing(t))
    table = _table(
        t["successes"],
        [t["success"], t["date"], t["evidence"]],
        (
            (_e(s.title), _e(long_date(s.achieved_on, lang)), _e(s.evidence or t["none"]))
            for s in found
        ),
    )
    return _section("successes", t["successes"], table)


def _role_maps(report: dict[str, Any], t: dict[str, str], lang: Language) -> str:
    maps = report["role_maps"]
    if not maps:
        return _section("role-maps", t["role_maps"], _nothing(t))

    def point(p: dict[str, Any]) -> str:
        return (
            f'{_e(percent(p["clarity"]))} <span class="detail">({_e(p["label"])}, '
            f"{_e(long_date(p['taken_at'], lang))}; {p['findings']} {_e(t['findings'])})</span>"
        )

    def change(m: dict[str, Any]) -> str:
        points = round((m["last"]["clarity"] - m["first"]["clarity"]) * 100)
        return f"{points:+d} %-pt" if m["snapshots"] > 1 else t["none"]

    table = _table(
        t["role_maps"],
        [t["role_map"], t["first"], t["last"], t["change"]],
        ((_e(m["title"]), point(m["first"]), point(m["last"]), _e(change(m))) for m in maps),
        numeric=(3,),
    )
    return _section("role-maps", t["role_maps"], table)


def _reflection(report: dict[str, Any], t: dict[str, str], lang: Language) -> str:
    statements = report["reflection"]
    if not statements:
        return _section("reflection", t["reflection"], _nothing(t))

    def figure(p: dict[str, Any]) -> str:
        if p["mean"] is None:
            return f'<span class="suppressed">{_e(t["too_few"])}</span>'
        change = f" ({p['change']:+.2f})" if p["change"] is not None else ""
        return _e(f"{p['mean']:.2f}{change}".replace(".", "," if lang == "nl" else "."))

    tables = "".join(
        _table(
            s["text_nl"] if lang == "nl" else s["text_en"],
            [t["round"], t["date"], t["mean"]],
            ((_e(p["title"]), _e(long_date(p["closes_on"], lang)), figure(p)) for p in s["points"]),
            numeric=(2,),
        )
        for s in statements
    )
    return _section("reflection", t["reflection"], tables)


def _experiences(report: dict[str, Any], t: dict[str, str], lang: Language) -> str:
    found = report["experiences"]
    if not found:
        return _section("experiences", t["experiences"], _nothing(t))
    table = _table(
        t["experiences"],
        [t["experience"], t["date"], t["learned"], t["visibility"]],
        (
            (
                _e(x.title),
                _e(long_date(x.created_at, lang)),
                _e(x.what_was_learned or t["none"]),
                _e(t.get(str(x.visibility), str(x.visibility))),
            )
            for x in found
        ),
    )
    return _section("experiences", t["experiences"], table)


def title_of(report: dict[str, Any], lang: Language) -> str:
    t = TEXTS[lang]
    period = t["period"].format(
        start=long_date(report["start"], lang), end=long_date(report["end"], lang)
    )
    return f"{t['title']} {report['organisation']}: {period}"


def html(report: dict[str, Any], lang: Language, stylesheet_url: str | None) -> str:
    """The whole page; ``stylesheet_url`` links the print stylesheet (None for the PDF, which
    gets the rules directly)."""
    t = TEXTS[lang]
    start, end = long_date(report["start"], lang), long_date(report["end"], lang)
    period = t["period"].format(start=start, end=end)
    description = t["description"].format(organisation=report["organisation"], start=start, end=end)
    link = f'<link rel="stylesheet" href="{_e(stylesheet_url)}">' if stylesheet_url else ""
    made = t["made"].format(date=long_date(today(), lang), author=report["author"])
    body = "".join(
        (
            _compass(report, t),
            _agenda(report, t, lang),
            _successes(report, t, lang),
            _role_maps(report, t, lang),
            _reflection(report, t, lang),
            _experiences(report, t, lang),
        )
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title_of(report, lang))}</title>"
        f'<meta name="author" content="{_e(report["author"])}">'
        f'<meta name="description" content="{_e(description)}">'
        f'<meta name="generator" content="Kompas">{link}</head>'
        f"<body><header><h1>{_e(t['title'])}</h1>"
        f'<p class="period"><span class="organisation">{_e(report["organisation"])}</span> · '
        f"{_e(period)}</p></header><main>{body}</main>"
        f"<footer><p>{_e(made)}</p></footer></body></html>"
    )


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> Any:
    # The report references nothing outside itself; refuse any URL rather than fetch it.
    raise ValueError(f"The report loads nothing from outside: {url}")


def pdf(report: dict[str, Any], lang: Language) -> bytes:
    """The same page as a tagged PDF (PDF/UA-1) with title, language and author set."""
    from weasyprint import CSS, HTML  # a heavy import, needed only here

    document = HTML(string=html(report, lang, None), url_fetcher=_no_fetching)
    written: bytes = document.write_pdf(
        stylesheets=[CSS(string=STYLESHEET, url_fetcher=_no_fetching)],
        pdf_variant="pdf/ua-1",
    )
    return written


def filename(start: date, end: date, lang: Language, extension: str) -> str:
    word = "voortgang" if lang == "nl" else "progress"
    return f"kompas-{word}-{start.isoformat()}-{end.isoformat()}.{extension}"
