"""Ranked full-text search across agenda items, questions, successes, meetings and experiences.

PostgreSQL: ``websearch_to_tsquery('dutch', q)`` against the weighted document of each table
(title weight A, the rest B), stored in a generated column with a GIN index (migration
e2f3a4b5c6d7) and ranked by ``ts_rank`` over at most CANDIDATES matches per kind. SQLite: the
FTS5 table ``search_index`` (kept by triggers), queried with a safe query made of the words of
``q`` only and ranked by ``bm25`` with the title weighing ten times the rest.
docs/decisions/0007-search.md explains the choices.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Float, column, func, literal_column, table
from sqlalchemy import select as sql_select
from sqlalchemy import text as sql_text
from sqlmodel import Session, select

from kompas.core.openapi import API_PREFIX
from kompas.core.principal import Principal
from kompas.search.ddl import SEARCH_COLUMN, SEARCH_TABLE
from kompas.search.sources import SOURCES, Source, readable_by, scoped_select

LANGUAGE = "dutch"  # PostgreSQL's text search configuration; the migration's indexes use it too
MAX_TERMS = 16  # words of q that SQLite searches for; the rest is ignored
SNIPPET_CHARS = 160
# PostgreSQL: matches of one kind ranked at most (the most recent); a bound on the work of a very
# common word
CANDIDATES = 500
TITLE_WEIGHT = 10.0  # SQLite bm25: a word in the title weighs as much as ten in the text
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    kind: str
    id: Any
    title: str
    snippet: str
    score: float
    url: str


def _shown(source: Source) -> list[Any]:
    """The columns a hit is made of: its id, title and texts (for the snippet); not the row."""
    model = source.model
    return [model.id, getattr(model, source.title), *(getattr(model, c) for c in source.body)]


# --- PostgreSQL --------------------------------------------------------------------------------


def pg_document(source: Source) -> Any:
    """The weighted tsvector of a row: the generated column of migration e2f3a4b5c6d7, which
    stores the expression the GIN expression indexes of 408ea77bf461 computed on every read."""
    return literal_column(f"{source.model.__tablename__}.{SEARCH_COLUMN}")


def _pg_statement(source: Source, principal: Principal, q: str, limit: int) -> Any:
    """The best ``limit`` of at most CANDIDATES matches the caller may see, by ``ts_rank``.

    The inner query takes at most CANDIDATES matches, the most recent (``Source.recent``, then
    the id: always the same ones, whatever the plan), and only those are ranked: a word that
    matches most of 50,000 records is read from the list index, newest first, and stops there,
    a rare one through the GIN index. While a kind has at most CANDIDATES matches (a specific
    query) the ranking is over all of them."""
    model = source.model
    query = func.websearch_to_tsquery(literal_column(f"'{LANGUAGE}'::regconfig"), q)
    candidates = (
        scoped_select(source, principal)
        .with_only_columns(model.id, pg_document(source).label("document"))
        .where(pg_document(source).op("@@")(query))
    )
    few = source.narrow(model, principal)
    if few is not None:
        # A partner's few records first: the planner can read them through the indexes on the
        # party and test each against the query, instead of testing every match of a common
        # word for the party (docs/decisions/0018). The rule itself is applied all the same.
        candidates = candidates.where(model.id.in_(few))
    recent = getattr(model, source.recent)
    candidates = (
        candidates.order_by(recent.desc(), model.id.desc()).limit(CANDIDATES).subquery("candidates")
    )
    rank = func.ts_rank(candidates.c.document, query, type_=Float)
    # Ranked on ids and documents only; the whole rows are read for the best ``limit`` alone.
    ranked = (
        select(candidates.c.id, rank.label("score"))
        .order_by(rank.desc(), candidates.c.id)
        .limit(limit)
        .subquery("ranked")
    )
    return (
        sql_select(*_shown(source), ranked.c.score)
        .join(ranked, ranked.c.id == model.id)
        # Implied by the candidates, and said again: every statement on an organisation's table
        # names the organisation (distribution by organisation, docs/scaling.md).
        .where(model.organisation_id == principal.organisation_id)
        .order_by(ranked.c.score.desc(), model.id)
    )


# --- SQLite ------------------------------------------------------------------------------------

_index = table(SEARCH_TABLE, column("kind"), column("record_id"))


def fts5_query(q: str) -> str | None:
    """A safe FTS5 query for ``q``: each word quoted as a prefix, all required, limited to the
    title and text columns. No character of ``q`` reaches FTS5 as syntax: quotes, ``*``, ``:``,
    ``-``, ``NEAR(``, ``AND``/``OR`` are dropped or become plain words. None: no words at all."""
    words = _WORD.findall(q)[:MAX_TERMS]
    if not words:
        return None
    terms = " ".join('"' + word.replace('"', '""') + '"*' for word in words)
    return f"{{title body}} : ({terms})"


def _sqlite_statement(source: Source, principal: Principal, match: str, limit: int) -> Any:
    weights = ", ".join(("0.0", "0.0", "0.0", str(TITLE_WEIGHT), "1.0"))
    bm25 = literal_column(f"bm25({SEARCH_TABLE}, {weights})", type_=Float)
    model = source.model
    score = (-bm25).label("score")
    return (
        scoped_select(source, principal, score)  # rows, not the scalars of an entity alone
        .with_only_columns(*_shown(source), score)
        .join(_index, _index.c.record_id == model.id)
        .where(literal_column(SEARCH_TABLE).op("MATCH")(match), _index.c.kind == source.kind)
        .order_by(bm25, model.id)
        .limit(limit)
    )


# --- both --------------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without diacritics, one character for each of ``text``'s."""
    if text.isascii():  # the common case, and a long text: nothing to take off
        return text.lower()
    return "".join(unicodedata.normalize("NFKD", char).lower()[:1] for char in text)


def snippet(texts: Sequence[str], q: str) -> str:
    """A short excerpt of the first text that contains a word of ``q`` (else the first text)."""
    words = [w for w in (_fold(w) for w in _WORD.findall(q)) if len(w) > 1]
    texts = [t for t in texts if t.strip()]
    if not texts:
        return ""
    for text in texts:
        folded = _fold(text)
        positions = [p for p in (folded.find(w) for w in words) if p >= 0]
        if positions:
            start = max(0, min(positions) - SNIPPET_CHARS // 4)
            return _excerpt(text, start)
    return _excerpt(texts[0], 0)


def _excerpt(text: str, start: int) -> str:
    text = " ".join(text.split()) if start == 0 else text
    if start:
        # Start at a word boundary and collapse whitespace from there.
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 else start
        text = " ".join(text[start:].split())
    end = len(text) > SNIPPET_CHARS
    cut = text[:SNIPPET_CHARS]
    if end and " " in cut[SNIPPET_CHARS // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return ("…" if start else "") + cut + ("…" if end else "")


def search(
    *, session: Session, principal: Principal, q: str, kinds: Sequence[str], limit: int
) -> list[Hit]:
    """The best ``limit`` hits over ``kinds`` the caller may see, best first (ties by kind, id).

    One query per kind, each already ranked and limited, merged here: the scores of one database
    are comparable across kinds (the same ranking function over the same weights)."""
    dialect = session.get_bind().dialect.name
    match = fts5_query(q) if dialect == "sqlite" else q
    if match is None:
        return []
    if dialect == "postgresql":
        # Each search planned for its own words and caller: after five runs on a connection
        # psycopg prepares a statement, and PostgreSQL's generic plan for it (one plan for any
        # word, any party) reads the list index for a rare word or every match of a common one:
        # twice the time at x1 (docs/decisions/0018). For this transaction only.
        session.execute(sql_text("SET LOCAL plan_cache_mode = force_custom_plan"))
    # (hit without its snippet, the texts to cut it from): a snippet is written only for the
    # ``limit`` hits that are returned, not for every kind's best ``limit``.
    found: list[tuple[Hit, list[str]]] = []
    for kind in kinds:
        source = SOURCES[kind]
        if not readable_by(principal, source):
            continue
        statement = (
            _sqlite_statement(source, principal, match, limit)
            if dialect == "sqlite"
            else _pg_statement(source, principal, match, limit)
        )
        for record_id, title, *texts, score in session.exec(statement).all():
            hit = Hit(
                kind=kind,
                id=record_id,
                title=title,
                snippet="",
                score=float(score),
                url=source.path(API_PREFIX, record_id),
            )
            found.append((hit, texts))
    found.sort(key=lambda pair: (-pair[0].score, pair[0].kind, str(pair[0].id)))
    return [replace(hit, snippet=snippet(texts, q)) for hit, texts in found[:limit]]
