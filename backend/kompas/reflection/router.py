"""Routes of reflection rounds: running them, answering anonymously, results and trends."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlmodel import Session

from kompas.core.concurrency import IfMatch, check_if_match, set_etag
from kompas.core.db import SessionDep
from kompas.core.idempotency import not_remembered
from kompas.core.listing import ListQuery, list_query
from kompas.core.pagecache import kept
from kompas.core.principal import CurrentPrincipal, Editor, Principal, SettingsDep
from kompas.core.routing import CREATED, DELETED, LISTED, READ_ONE, id_param, respond_page
from kompas.core.schemas import page_of
from kompas.reflection import service
from kompas.reflection.models import ReflectionRound
from kompas.reflection.schemas import (
    ReflectionAnswerCreate,
    ReflectionResults,
    ReflectionRoundCreate,
    ReflectionRoundRead,
    ReflectionRoundSummary,
    ReflectionRoundUpdate,
    ReflectionTrends,
)

router = APIRouter()
TAG = "reflection-rounds"
RoundId = Annotated[uuid.UUID, id_param("roundId", "reflection round")]


def _one(
    response: Response,
    session: Session,
    principal: Principal,
    round_: ReflectionRound,
    min_group: int,
) -> dict[str, Any]:
    set_etag(response, round_)
    return service.as_read(session, principal, [round_], min_group=min_group)[0]


@router.get(
    "/reflection-rounds",
    tags=[TAG],
    response_model=page_of(ReflectionRoundSummary),
    responses=LISTED,
)
@kept
def list_reflection_rounds(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.ROUNDS))],
) -> dict[str, Any]:
    """Reflection rounds, latest first, each as a summary: its period and status, the caller's
    part, the response rate in two totals, and how many parties, statements and questions it has
    (the round itself has them in full, and the response rate per party). Drafts are the
    coordinators' own; a partner sees the rounds its party is invited to."""
    items, cursor = service.get_all(session=session, principal=principal, query=query)
    return respond_page(response, request, items, cursor)


@router.post(
    "/reflection-rounds",
    tags=[TAG],
    status_code=201,
    response_model=ReflectionRoundRead,
    responses=CREATED,
)
def create_reflection_round(
    body: ReflectionRoundCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Editor,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Start a draft round for a period and parties (coordinators and admins); without
    statements or questions it gets the default set."""
    round_ = service.create(session=session, principal=principal, data=body.model_dump())
    response.status_code = 201
    response.headers["Location"] = f"{request.url.path}/{round_.id}"
    return _one(response, session, principal, round_, settings.reflection_min_group)


@router.get("/reflection-rounds/trends", tags=[TAG], response_model=ReflectionTrends)
@kept
def read_reflection_trends(
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    party_id: Annotated[
        uuid.UUID | None,
        Query(alias="partyId", description="Everyone together and this party only."),
    ] = None,
) -> dict[str, Any]:
    """Each statement across the rounds with released results: the mean and its change per
    round, for everyone together and per party; a group below the minimum is suppressed for
    that round and its change."""
    return service.trends(
        session=session,
        principal=principal,
        min_group=settings.reflection_min_group,
        party_id=party_id,
    )


@router.get(
    "/reflection-rounds/{roundId}",
    tags=[TAG],
    response_model=ReflectionRoundRead,
    responses=READ_ONE,
)
@kept
def read_reflection_round(
    round_id: RoundId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
) -> dict[str, Any]:
    """One round: whether the caller is invited, has answered and may answer now, and the
    response rate."""
    round_ = service.get(session=session, principal=principal, round_id=round_id)
    return _one(response, session, principal, round_, settings.reflection_min_group)


@router.patch(
    "/reflection-rounds/{roundId}",
    tags=[TAG],
    response_model=ReflectionRoundRead,
    responses=READ_ONE,
)
def update_reflection_round(
    round_id: RoundId,
    body: ReflectionRoundUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: Editor,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Change a round (coordinators and admins): parties, dates, statements and questions while
    it is a draft; `status` `open` opens it, `closed` closes it, early too (409 for a change
    its status does not allow)."""
    round_ = service.get(session=session, principal=principal, round_id=round_id)
    check_if_match(if_match, round_)
    service.update(
        session=session,
        principal=principal,
        round_=round_,
        changes=body.model_dump(exclude_unset=True),
    )
    return _one(response, session, principal, round_, settings.reflection_min_group)


@router.delete("/reflection-rounds/{roundId}", tags=[TAG], status_code=204, responses=DELETED)
def delete_reflection_round(
    round_id: RoundId,
    if_match: IfMatch,
    session: SessionDep,
    principal: Editor,
) -> None:
    """Delete a draft round (409 once it has been opened)."""
    round_ = service.get(session=session, principal=principal, round_id=round_id)
    check_if_match(if_match, round_)
    service.delete_round(session=session, principal=principal, round_=round_)


@router.post(
    # An anonymous answer is never stored for idempotency: it would say who answered what.
    not_remembered("/reflection-rounds/{roundId}/answers"),
    tags=[TAG],
    status_code=204,
    responses={204: {"description": "Answered."}},
)
def create_reflection_answer(
    round_id: RoundId,
    body: ReflectionAnswerCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> None:
    """Answer a round, anonymously and once (409 again, or once it has closed or its results
    were released). Every statement needs a rating; open answers are optional. Only users of an
    invited party answer. Nothing links the answer to you: it has no address to read it back
    at, and `Idempotency-Key` is ignored here (a stored request would say who answered what) —
    after a lost connection, read the round: `answered` tells whether it arrived."""
    round_ = service.get(session=session, principal=principal, round_id=round_id)
    data = body.model_dump()
    service.answer(
        session=session,
        principal=principal,
        round_=round_,
        ratings=data["ratings"],
        open_answers=data["open_answers"],
    )


@router.get(
    "/reflection-rounds/{roundId}/results",
    tags=[TAG],
    response_model=ReflectionResults,
)
@kept
def read_reflection_results(
    round_id: RoundId,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
) -> dict[str, Any]:
    """The results, once the round has closed or its results were released (409 before): per
    statement the distribution and mean, for everyone together and per party, each only where
    at least the minimum group answered; open answers, shuffled, where twice as many did."""
    round_ = service.get(session=session, principal=principal, round_id=round_id)
    return service.results(
        session=session,
        principal=principal,
        round_=round_,
        min_group=settings.reflection_min_group,
    )


@router.post(
    "/reflection-rounds/{roundId}/release",
    tags=[TAG],
    response_model=ReflectionRoundRead,
    responses=READ_ONE,
)
def create_reflection_release(
    round_id: RoundId,
    response: Response,
    session: SessionDep,
    principal: Editor,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Release the results of an open round early (coordinators and admins), once at least the
    minimum group answered; answers end with it, so the figures never change afterwards."""
    round_ = service.get(session=session, principal=principal, round_id=round_id)
    service.release(
        session=session,
        principal=principal,
        round_=round_,
        min_group=settings.reflection_min_group,
    )
    return _one(response, session, principal, round_, settings.reflection_min_group)
