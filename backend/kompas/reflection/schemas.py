"""API models of reflection rounds, their anonymous answers, results and trends."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kompas.core.schemas import (
    WHOLE_FLOAT_AS_INT,
    ApiModel,
    Day,
    InputModel,
    Label,
    Name,
    RecordRead,
    unset,
)
from kompas.reflection.models import RoundStatus

MAX_STATEMENTS = 30
MAX_QUESTIONS = 10
MAX_PARTIES = 100
Key = Annotated[
    str,
    StringConstraints(min_length=1, max_length=50, pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"),
    Field(
        description="A stable name (lowercase, kebab-case): trends follow a statement across "
        "rounds by its key."
    ),
]
OpenText = Annotated[
    str,
    StringConstraints(max_length=2000),
    Field(description="Free text; left out or empty when the question is skipped."),
]
Rating = Annotated[int, Field(ge=1, le=5, strict=True), WHOLE_FLOAT_AS_INT]
Reason = Literal["too-few-answers", "protects-another-group"]
_REASON = (
    "Why no figures are shown: `too-few-answers` (fewer than the minimum group answered) or "
    "`protects-another-group` (shown, it would let a suppressed group be worked out)."
)


class ItemIn(InputModel):
    key: Key
    text_nl: Name = Field(description="The text in Dutch.")
    text_en: Label = Field(default="", description="The text in English; Dutch when empty.")


class ReflectionRoundCreate(InputModel):
    title: Name
    opens_on: Day = Field(description="The first day answers are taken.")
    closes_on: Day = Field(description="The last day answers are taken; not before opensOn.")
    party_ids: list[uuid.UUID] = Field(
        min_length=1,
        max_length=MAX_PARTIES,
        description="The invited parties: every active user of each may answer, once.",
    )
    statements: list[ItemIn] | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_STATEMENTS,
        description="Statements rated 1–5, each with a unique key. Left out: the default set "
        "(trust, role clarity, shared purpose, information sharing, partner involvement, "
        "progress).",
    )
    questions: list[ItemIn] | None = Field(
        default=None,
        max_length=MAX_QUESTIONS,
        description="Open questions, each with a unique key. Left out: the default two "
        "(what goes well, what could be better); `[]` for none.",
    )


class ReflectionRoundUpdate(InputModel):
    title: Name = unset()
    opens_on: Day = unset(description="Only while the round is a draft.")
    closes_on: Day = unset(description="Not before opensOn; an open round may be extended.")
    party_ids: list[uuid.UUID] = unset(
        min_length=1, max_length=MAX_PARTIES, description="Only while the round is a draft."
    )
    statements: list[ItemIn] = unset(
        min_length=1, max_length=MAX_STATEMENTS, description="Only while the round is a draft."
    )
    questions: list[ItemIn] = unset(
        max_length=MAX_QUESTIONS, description="Only while the round is a draft."
    )
    status: Literal[RoundStatus.open, RoundStatus.closed] = unset(
        description="`open` opens a draft for answers; `closed` ends an open round (early too) "
        "and releases its results. A round never goes back."
    )


class RatingIn(InputModel):
    statement_key: Key
    rating: Rating = Field(description="1 (disagree strongly) to 5 (agree strongly).")


class OpenAnswerIn(InputModel):
    question_key: Key
    text: OpenText


class ReflectionAnswerCreate(InputModel):
    ratings: list[RatingIn] = Field(
        max_length=MAX_STATEMENTS,
        description="One rating for every statement of the round: none may be skipped.",
    )
    open_answers: list[OpenAnswerIn] = Field(
        default_factory=list,
        max_length=MAX_QUESTIONS,
        description="Answers to the open questions, each optional.",
    )


class ItemRead(ApiModel):
    key: str
    text_nl: str
    text_en: str


class PartyResponse(ApiModel):
    party_id: uuid.UUID
    invited: int = Field(description="Active users of the party now.")
    answered: int | None = Field(description="Null when suppressed.")
    suppressed: bool
    reason: Reason | None = Field(description=_REASON)


class ResponseRateSummary(ApiModel):
    invited: int = Field(description="Active users of the invited parties now.")
    answered: int


class ResponseRate(ResponseRateSummary):
    parties: list[PartyResponse] = Field(
        description="Per party; a party's count is suppressed where it would show that fewer "
        "than the minimum group answered, or did not."
    )


class ReflectionRoundSummary(RecordRead):
    """A round as a list shows it: its period, status, the caller's part and the response rate
    as two totals; the parties, statements and questions as counts. The round itself
    (`GET /reflection-rounds/{roundId}`) has them in full."""

    title: str
    opens_on: date
    closes_on: date
    status: RoundStatus = Field(
        description="`closed` too once closesOn has passed, whether or not it was closed."
    )
    released_at: datetime | None = Field(description="When results were released early.")
    results_released: bool = Field(description="Results can be read (closed or released).")
    invited: bool = Field(description="The caller is invited (a user of an invited party).")
    answered: bool = Field(description="The caller has answered.")
    may_answer: bool = Field(description="The caller may answer now.")
    party_count: int = Field(description="How many parties are invited.")
    statement_count: int = Field(description="How many statements are rated.")
    question_count: int = Field(description="How many open questions are asked.")
    response_rate: ResponseRateSummary = Field(
        description="Invited and answered, all parties together (per party: the round itself)."
    )


class ReflectionRoundRead(ReflectionRoundSummary):
    """A round in full: its parties, statements and questions, and the response rate per
    party."""

    party_ids: list[uuid.UUID]
    statements: list[ItemRead]
    questions: list[ItemRead]
    response_rate: ResponseRate
    min_group: int = Field(
        description="k: the fewest answers a group needs before its figures are shown "
        "(`KOMPAS_REFLECTION_MIN_GROUP`); open answers need twice as many."
    )


class StatementResult(ApiModel):
    key: str
    text_nl: str
    text_en: str
    distribution: list[int] = Field(
        min_length=5, max_length=5, description="How many rated 1, 2, 3, 4 and 5."
    )
    mean: float = Field(description="The mean rating, to two decimals.")


class ResultGroup(ApiModel):
    party_id: uuid.UUID | None = Field(description="Null for everyone together.")
    answered: int | None = Field(description="Null when suppressed.")
    suppressed: bool
    reason: Reason | None = Field(description=_REASON)
    statements: list[StatementResult] = Field(description="Empty when suppressed.")


class QuestionAnswers(ApiModel):
    key: str
    text_nl: str
    text_en: str
    answers: list[str] = Field(description="In a random order, without names.")


class OpenAnswers(ApiModel):
    suppressed: bool
    reason: Literal["too-few-answers"] | None = Field(
        description="`too-few-answers`: fewer than twice the minimum group answered."
    )
    questions: list[QuestionAnswers] = Field(description="Empty when suppressed.")


class ReflectionResults(ApiModel):
    round_id: uuid.UUID
    min_group: int = Field(description="The fewest answers a group needs to be shown (k).")
    overall: ResultGroup
    parties: list[ResultGroup]
    open_answers: OpenAnswers = Field(
        description="Everyone together only, where at least twice the minimum group answered."
    )


class TrendPoint(ApiModel):
    round_id: uuid.UUID
    title: str
    closes_on: date
    answered: int | None = Field(description="Null when suppressed.")
    mean: float | None = Field(description="Null when suppressed.")
    change: float | None = Field(
        description="The change from the group's mean in its previous round with this "
        "statement; null when either is suppressed or there is none."
    )
    suppressed: bool
    reason: Reason | None = Field(description=_REASON)


class TrendStatement(ApiModel):
    key: str
    text_nl: str
    text_en: str
    points: list[TrendPoint] = Field(description="Rounds with released results, oldest first.")


class TrendGroup(ApiModel):
    party_id: uuid.UUID | None = Field(description="Null for everyone together.")
    statements: list[TrendStatement]


class ReflectionTrends(ApiModel):
    min_group: int
    groups: list[TrendGroup] = Field(
        description="Everyone together first, then each party (only the one asked for, if any)."
    )
