"""Routes of questions investigated together: the questions, their handoffs and status history,
and the contributions of the parties involved."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import Session

from kompas.core.concurrency import IfMatch, check_if_match, set_etag
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery, list_query
from kompas.core.pagecache import kept
from kompas.core.principal import Contributor, CurrentPrincipal, Principal, SettingsDep
from kompas.core.routing import (
    CREATED,
    DELETED,
    LISTED,
    READ_ONE,
    id_param,
    respond_created,
    respond_one,
    respond_page,
)
from kompas.core.schemas import page_of
from kompas.joint.router import BallPlayer, BallRoutes, add_ball_routes
from kompas.questions import service
from kompas.questions.models import Question
from kompas.questions.schemas import (
    ContributionCreate,
    ContributionRead,
    ContributionUpdate,
    QuestionCreate,
    QuestionRead,
    QuestionUpdate,
)

router = APIRouter()
TAG = "questions"
QuestionId = Annotated[uuid.UUID, id_param("questionId", "question")]
ContributionId = Annotated[uuid.UUID, id_param("contributionId", "contribution")]


def _one(
    response: Response, session: Session, principal: Principal, question: Question, days: int
) -> dict[str, Any]:
    set_etag(response, question)
    return service.as_read(session, principal, [question], days)[0]


@router.get("/questions", tags=[TAG], response_model=page_of(QuestionRead), responses=LISTED)
@kept
def list_questions(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    query: Annotated[ListQuery, Depends(list_query(service.QUESTIONS))],
) -> dict[str, Any]:
    """The questions investigated together (vraagstukken). `q` searches the question, why it
    matters and the findings. A partner sees the questions its party leads, holds or takes part
    in."""
    questions, cursor = service.get_all(
        session=session,
        principal=principal,
        query=query,
        stalled_after_days=settings.stalled_after_days,
    )
    return respond_page(response, request, questions, cursor)


@router.post(
    "/questions", tags=[TAG], status_code=201, response_model=QuestionRead, responses=CREATED
)
def create_question(
    body: QuestionCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: Contributor,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Pose a question, with its lead party, the parties involved and the drivers it serves."""
    question = service.create(session=session, principal=principal, data=body.model_dump())
    response.status_code = 201
    response.headers["Location"] = f"{request.url.path}/{question.id}"
    return _one(response, session, principal, question, settings.stalled_after_days)


@router.get("/questions/{questionId}", tags=[TAG], response_model=QuestionRead, responses=READ_ONE)
@kept
def read_question(
    question_id: QuestionId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
) -> dict[str, Any]:
    """One question, with the agenda items, successes and meetings that link to it, and who has
    the ball."""
    question = service.get(session=session, principal=principal, question_id=question_id)
    return _one(response, session, principal, question, settings.stalled_after_days)


@router.patch(
    "/questions/{questionId}", tags=[TAG], response_model=QuestionRead, responses=READ_ONE
)
def update_question(
    question_id: QuestionId,
    body: QuestionUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: BallPlayer,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Change a question. The status moves only along the allowed steps (kept in its history),
    and `answered` needs `findings`; a partner changes only questions its party leads, holds the
    ball of or takes part in."""
    question = service.get(session=session, principal=principal, question_id=question_id)
    check_if_match(if_match, question)
    service.update(
        session=session,
        principal=principal,
        question=question,
        changes=body.model_dump(exclude_unset=True),
    )
    return _one(response, session, principal, question, settings.stalled_after_days)


@router.delete("/questions/{questionId}", tags=[TAG], status_code=204, responses=DELETED)
def delete_question(
    question_id: QuestionId,
    if_match: IfMatch,
    session: SessionDep,
    principal: Contributor,
) -> None:
    """Delete a question with its contributions, handoffs, history and links (`closed` keeps it
    visible)."""
    question = service.get(session=session, principal=principal, question_id=question_id)
    check_if_match(if_match, question)
    service.delete(session=session, question=question)


# --- contributions -----------------------------------------------------------------------------


@router.get(
    "/questions/{questionId}/contributions",
    tags=[TAG],
    response_model=page_of(ContributionRead),
    responses=LISTED,
)
@kept
def list_contributions(
    question_id: QuestionId,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(list_query(service.CONTRIBUTIONS))],
) -> dict[str, Any]:
    """What the parties contributed to the question, oldest first."""
    question = service.get(session=session, principal=principal, question_id=question_id)
    items, cursor = service.get_all_contributions(session=session, question=question, query=query)
    return respond_page(response, request, items, cursor)


@router.post(
    "/questions/{questionId}/contributions",
    tags=[TAG],
    status_code=201,
    response_model=ContributionRead,
    responses=CREATED,
)
def create_contribution(
    question_id: QuestionId,
    body: ContributionCreate,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: BallPlayer,
) -> Any:
    """Add an observation, data or a proposal. Every party involved in the question contributes
    (its lead, the ball holder, its participants, a party being handed the ball), partners
    included; members and partners for their own party, coordinators for any involved party."""
    question = service.get(session=session, principal=principal, question_id=question_id)
    contribution = service.create_contribution(
        session=session, principal=principal, question=question, data=body.model_dump()
    )
    return respond_created(response, request, contribution)


@router.get(
    "/questions/{questionId}/contributions/{contributionId}",
    tags=[TAG],
    response_model=ContributionRead,
    responses=READ_ONE,
)
@kept
def read_contribution(
    question_id: QuestionId,
    contribution_id: ContributionId,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> Any:
    """One contribution."""
    question = service.get(session=session, principal=principal, question_id=question_id)
    contribution = service.get_contribution(
        session=session, question=question, contribution_id=contribution_id
    )
    return respond_one(response, contribution)


@router.patch(
    "/questions/{questionId}/contributions/{contributionId}",
    tags=[TAG],
    response_model=ContributionRead,
    responses=READ_ONE,
)
def update_contribution(
    question_id: QuestionId,
    contribution_id: ContributionId,
    body: ContributionUpdate,
    if_match: IfMatch,
    response: Response,
    session: SessionDep,
    principal: BallPlayer,
) -> Any:
    """Change a contribution: its own party, or a coordinator."""
    question = service.get(session=session, principal=principal, question_id=question_id)
    contribution = service.get_contribution(
        session=session, question=question, contribution_id=contribution_id
    )
    check_if_match(if_match, contribution)
    service.update_contribution(
        session=session,
        principal=principal,
        contribution=contribution,
        changes=body.model_dump(exclude_unset=True),
    )
    return respond_one(response, contribution)


@router.delete(
    "/questions/{questionId}/contributions/{contributionId}",
    tags=[TAG],
    status_code=204,
    responses=DELETED,
)
def delete_contribution(
    question_id: QuestionId,
    contribution_id: ContributionId,
    if_match: IfMatch,
    session: SessionDep,
    principal: BallPlayer,
) -> None:
    """Remove a contribution: its own party, or a coordinator."""
    question = service.get(session=session, principal=principal, question_id=question_id)
    contribution = service.get_contribution(
        session=session, question=question, contribution_id=contribution_id
    )
    check_if_match(if_match, contribution)
    service.delete_contribution(session=session, principal=principal, contribution=contribution)


def _load(session: Session, principal: Principal, question_id: uuid.UUID) -> Question:
    return service.get(session=session, principal=principal, question_id=question_id)


add_ball_routes(
    router,
    BallRoutes(
        path="/questions/{questionId}",
        id_name="questionId",
        label="question",
        tag=TAG,
        kind=service.KIND,
        load=_load,
    ),
)
