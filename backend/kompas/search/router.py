"""Route of search across the joint work: `GET /search?q=…`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from kompas.core.controlchars import NO_CONTROL
from kompas.core.db import SessionDep
from kompas.core.errors import BadRequest, InvalidParam, refuse_unknown_query
from kompas.core.principal import CurrentPrincipal
from kompas.search import service
from kompas.search.schemas import SearchResults
from kompas.search.sources import SOURCES

router = APIRouter()
TAG = "search"
MAX_LIMIT = 50
KNOWN = ("q", "kinds", "limit")


def _kinds(text: str | None) -> list[str]:
    if text is None:
        return list(SOURCES)
    kinds = [kind.strip() for kind in text.split(",")]
    unknown = [kind for kind in kinds if kind not in SOURCES]
    if unknown:
        raise BadRequest(
            f"Unknown kind(s): {', '.join(repr(kind) for kind in unknown)}.",
            invalid_params=[
                InvalidParam(
                    name="kinds",
                    reason=f"Use a comma-separated list of: {', '.join(SOURCES)}.",
                    code="unknown-kind",
                )
            ],
        )
    return list(dict.fromkeys(kinds))


@router.get("/search", tags=[TAG], response_model=SearchResults)
def search(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            pattern=NO_CONTROL,
            description="Words to find in titles and texts. PostgreSQL reads web-search syntax "
            '(`"a phrase"`, `or`, `-word`); on SQLite every word is required, as a prefix.',
        ),
    ],
    kinds: Annotated[
        str | None,
        Query(
            max_length=200,
            description=f"Comma-separated kinds to search; all by default: {', '.join(SOURCES)}.",
            json_schema_extra={"pattern": rf"^({'|'.join(SOURCES)})(,({'|'.join(SOURCES)}))*$"},
        ),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many, 1–50.")] = 20,
) -> dict[str, Any]:
    """The agenda items, questions, successes, meetings and experiences that match `q`, best
    first: a match in the title ranks above one in the text. Only what the caller may see in its own
    organisation (a partner: what its party is involved in or what is shared with partners).
    Not paged: the best `limit` results, with `nextCursor` null."""
    refuse_unknown_query(request.query_params, KNOWN, what="search")
    if not q.strip():
        raise BadRequest(
            "Say what to search for.",
            invalid_params=[
                InvalidParam(name="q", reason="Must contain a visible character.", code="missing")
            ],
        )
    hits = service.search(
        session=session, principal=principal, q=q, kinds=_kinds(kinds), limit=limit
    )
    return {"items": hits, "nextCursor": None}
