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
from functools import cache
from typing import Any

from sqlalchemy import (
    Float,
    Integer,
    String,
    bindparam,
    column,
    func,
    literal_column,
    table,
    union_all,
)
from sqlalchemy import select as sql_select
from sqlalchemy import text as sql_text
from sqlmodel import Session, select

from kompas.core.openapi import API_PREFIX
from kompas.core.principal import Principal, PrincipalKind, Role
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


# The values a search statement takes as parameters (``_statement``): built once per source and
# kind of caller, it is run with the request's caller, words and limits.
_CALLER_ID = "caller_id"
_CALLER_ORGANISATION = "caller_organisation_id"
_CALLER_PARTY = "caller_party_id"
_WORDS = bindparam("search_words", type_=String)
_LIMIT = bindparam("search_limit", type_=Integer)
_CANDIDATES = bindparam("search_candidates", type_=Integer)


def _shown(source: Source) -> list[Any]:
    """The columns a hit is made of: its id, title and texts (for the snippet); not the row."""
    model = source.model
    return [model.id, getattr(model, source.title), *(getattr(model, c) for c in source.body)]


# --- PostgreSQL --------------------------------------------------------------------------------


def pg_document(source: Source) -> Any:
    """The weighted tsvector of a row: the generated column of migration e2f3a4b5c6d7, which
    stores the expression the GIN expression indexes of 408ea77bf461 computed on every read."""
    return literal_column(f"{source.model.__tablename__}.{SEARCH_COLUMN}")


def _pg_statement(source: Source, principal: Principal, q: Any, limit: Any) -> Any:
    """The best ``limit`` of at most CANDIDATES matches the caller may see, by ``ts_rank``.

    The inner query takes at most CANDIDATES matches, the most recent (``Source.recent``, then
    the id: always the same ones, whatever the plan), and only those are ranked: a word that
    matches most of 50,000 records is read from the list index, newest first, and stops there,
    a rare one through the GIN index. While a kind has at most CANDIDATES matches (a specific
    query) the ranking is over all of them."""
    model = source.model
    query = func.websearch_to_tsquery(literal_column(f"'{LANGUAGE}'::regconfig"), q)
    recent = getattr(model, source.recent)
    matches = (
        scoped_select(source, principal)
        .with_only_columns(model.id, pg_document(source).label("document"), recent.label("recent"))
        .where(pg_document(source).op("@@")(query))
    )
    # A partner's records first (docs/decisions/0018): its few agenda items and questions, read
    # through the indexes on the party and each tested against the query; or the successes,
    # meetings and experiences shared with partners and those linked to its party, each part read
    # newest first through an index of its own, instead of testing the rule on every match of a
    # common word. The rule itself is applied all the same.
    parts = source.parts(model, principal) or (None,)
    chosen = [
        (matches if part is None else matches.where(part))
        .order_by(recent.desc(), model.id.desc())
        .limit(_CANDIDATES)
        for part in parts
    ]
    if len(chosen) == 1:
        candidates = chosen[0].subquery("candidates")
    else:
        # The most recent CANDIDATES of the whole are among the most recent CANDIDATES of each
        # part (the parts do not overlap).
        each = union_all(*chosen).subquery("parts")
        candidates = (
            select(each.c.id, each.c.document)
            .order_by(each.c.recent.desc(), each.c.id.desc())
            .limit(_CANDIDATES)
            .subquery("candidates")
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


def _sqlite_statement(source: Source, principal: Principal, match: Any, limit: Any) -> Any:
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


def _parameter(name: str) -> Any:
    return bindparam(name)


@cache
def _statement(
    source: Source, dialect: str, kind: PrincipalKind, role: Role, has_party: bool
) -> Any:
    """The search of ``source`` for every caller of this kind and role, built once: its ids, the
    words and the limits are parameters (``_values``). Building a partner's statements took
    ~10 ms of CPU per search at x1, more than running them; the rules are the same functions,
    given a caller whose ids are parameters."""
    caller = Principal(
        kind=kind,
        id=_parameter(_CALLER_ID),
        organisation_id=_parameter(_CALLER_ORGANISATION),
        role=role,
        party_id=_parameter(_CALLER_PARTY) if has_party else None,
        name="",
    )
    if dialect == "sqlite":
        return _sqlite_statement(source, caller, _WORDS, _LIMIT)
    return _pg_statement(source, caller, _WORDS, _LIMIT)


def _values(principal: Principal, words: str, limit: int) -> dict[str, Any]:
    return {
        _CALLER_ID: principal.id,
        _CALLER_ORGANISATION: principal.organisation_id,
        _CALLER_PARTY: principal.party_id,
        _WORDS.key: words,
        _LIMIT.key: limit,
        _CANDIDATES.key: CANDIDATES,
    }


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
        # twice the time at x1 (docs/decisions/0018). A partner's shared experiences are read
        # from a partial index only by a plan made for the visibilities' values. For this
        # transaction only.
        session.execute(sql_text("SET LOCAL plan_cache_mode = force_custom_plan"))
    # (hit without its snippet, the texts to cut it from): a snippet is written only for the
    # ``limit`` hits that are returned, not for every kind's best ``limit``.
    found: list[tuple[Hit, list[str]]] = []
    values = _values(principal, match, limit)
    for kind in kinds:
        source = SOURCES[kind]
        if not readable_by(principal, source):
            continue
        statement = _statement(
            source, dialect, principal.kind, principal.role, principal.party_id is not None
        )
        for record_id, title, *texts, score in session.exec(statement, params=values).all():
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
