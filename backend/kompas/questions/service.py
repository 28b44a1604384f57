"""The behaviour of questions investigated together, and of what the parties contribute."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from kompas.compass.models import Driver, Phase
from kompas.core.config import get_settings
from kompas.core.db import utcnow
from kompas.core.errors import BadRequest, Forbidden, InvalidParam, NotFound
from kompas.core.listing import Filter, ListQuery, ListSpec, paginate
from kompas.core.principal import EDITORS, Principal, Role
from kompas.core.tenancy import apply_changes
from kompas.core.visibility import Visibility
from kompas.events import service as events
from kompas.joint import service as joint
from kompas.joint.linked import hide_invisible, register_kind
from kompas.joint.models import LinkKind, SubjectKind
from kompas.parties import service as party_service
from kompas.parties.models import Party
from kompas.questions import auth
from kompas.questions.models import Contribution, ContributionKind, Question, QuestionStatus
from kompas.questions.schemas import QuestionRead as _EventRead

KIND = SubjectKind.question
# open → investigating → answered → closed; a question may be closed unanswered, taken back to
# open from investigating or closed, and reopened for investigation once answered.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": ("investigating", "closed"),
    "investigating": ("answered", "open"),
    "answered": ("closed", "investigating"),
    "closed": ("open",),
}
OPEN = ("open", "investigating")
START = ("open", "investigating")

QUESTIONS = ListSpec(
    name="questions",
    id_column=Question.id,
    sortable={
        "title": Question.title,
        "status": Question.status,
        "createdAt": Question.created_at,
        "updatedAt": Question.updated_at,
    },
    default_sort="-updatedAt",
    filters={
        "status": Filter(Question.status, QuestionStatus),
        "phaseId": Filter(Question.phase_id, uuid.UUID),
        "leadPartyId": Filter(Question.lead_party_id, uuid.UUID),
        "ballHolderId": Filter(Question.ball_holder_id, uuid.UUID, "Who has the ball."),
        "visibility": Filter(Question.visibility, Visibility),
        "stalled": Filter(
            None,
            bool,
            "`true`: open or investigated questions whose ball has not moved and that have not "
            "changed for `KOMPAS_STALLED_AFTER_DAYS` days; `false`: the others.",
        ),
    },
    searchable=(Question.title, Question.rationale, Question.findings),
)
CONTRIBUTIONS = ListSpec(
    name="contributions",
    id_column=Contribution.id,
    sortable={"createdAt": Contribution.created_at, "updatedAt": Contribution.updated_at},
    default_sort="createdAt",
    filters={
        "partyId": Filter(Contribution.party_id, uuid.UUID),
        "kind": Filter(Contribution.kind, ContributionKind),
    },
    searchable=(Contribution.body,),
)

LINKS_OUT = (LinkKind.driver,)
LINKS_IN = (LinkKind.agenda_item, LinkKind.success, LinkKind.meeting, LinkKind.experience)


def _contribution_counts(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    if not ids:
        return {}
    rows = session.exec(
        select(Contribution.question_id, func.count())
        .where(col(Contribution.question_id).in_(ids))
        .group_by(col(Contribution.question_id))
    ).all()
    return dict(rows)


def as_read(
    session: Session, principal: Principal, questions: list[Question], stalled_after_days: int
) -> list[dict[str, Any]]:
    """Questions with participants, links both ways, the ball's state and how many
    contributions they have, in four queries."""
    ids = [question.id for question in questions]
    participants = joint.participants_of(session, ids)
    links = joint.links_of(session, ids, LINKS_OUT, LINKS_IN)
    pending = joint.pending_handoffs(session, ids)
    counts = _contribution_counts(session, ids)
    cutoff = joint.stalled_cutoff(stalled_after_days)
    reads = [
        {
            **question.model_dump(),
            "participants": participants[question.id],
            "driver_ids": links[question.id][LinkKind.driver],
            "agenda_item_ids": links[question.id][LinkKind.agenda_item],
            "success_ids": links[question.id][LinkKind.success],
            "meeting_ids": links[question.id][LinkKind.meeting],
            "experience_ids": links[question.id][LinkKind.experience],
            "pending_handoff": pending.get(question.id),
            "stalled": joint.is_stalled(question, cutoff, OPEN),
            "contribution_count": counts.get(question.id, 0),
        }
        for question in questions
    ]
    hide_invisible(session, principal, reads)
    return reads


def get_all(
    *, session: Session, principal: Principal, query: ListQuery, stalled_after_days: int
) -> tuple[list[dict[str, Any]], str | None]:
    questions, cursor = joint.page_of_work(
        session, principal, Question, QUESTIONS, query, stalled_after_days, OPEN
    )
    return as_read(session, principal, questions, stalled_after_days), cursor


def get(*, session: Session, principal: Principal, question_id: uuid.UUID) -> Question:
    """One the caller may see; 404 otherwise."""
    record: Question = joint.get_visible(session, principal, Question, question_id, "question")
    return record


def _check(session: Session, principal: Principal, data: dict[str, Any]) -> None:
    problems: list[InvalidParam] = []
    problems += joint.check_id(session, principal, Phase, "phaseId", data.get("phase_id"), "phase")
    for field, name in (("lead_party_id", "leadPartyId"), ("ball_holder_id", "ballHolderId")):
        problems += joint.check_id(session, principal, Party, name, data.get(field), "party")
    if data.get("driver_ids"):
        problems += joint.check_ids(
            session, principal, Driver, "driverIds", data["driver_ids"], "driver"
        )
    if data.get("participants"):
        problems += joint.check_participants(session, principal, data["participants"])
    joint.raise_if(problems)


def _set_relations(
    session: Session, principal: Principal, question: Question, data: dict[str, Any]
) -> bool:
    return joint.replace_relations(
        session,
        principal,
        question,
        source=LinkKind.question,
        resource_type="questions",
        subject_kind=KIND,
        participants=data.get("participants"),
        links={LinkKind.driver: data.get("driver_ids")},
    )


def _findings_missing() -> BadRequest:
    return BadRequest(
        "An answered question states its findings.",
        invalid_params=[
            InvalidParam(
                name="findings", reason="Required when the question is answered.", code="missing"
            )
        ],
    )


def create(*, session: Session, principal: Principal, data: dict[str, Any]) -> Question:
    if data["status"] not in START:
        joint.raise_if(
            [
                InvalidParam(
                    name="status",
                    reason=f"A new question starts as one of: {', '.join(START)}.",
                    code="invalid-start",
                )
            ],
            "A question cannot start as answered or closed.",
        )
    auth.CREATE.check_create(principal, data)
    _check(session, principal, data)
    relations: dict[str, Any] = {k: data.pop(k) for k in ("participants", "driver_ids")}
    if data.get("ball_holder_id") is None:
        data["ball_holder_id"] = data["lead_party_id"]
    question = Question(organisation_id=principal.organisation_id, **data)
    session.add(question)
    session.flush()
    _set_relations(session, principal, question, relations)
    joint.record_first_status(session, principal, KIND, question)
    session.flush()
    return question


def update(
    *, session: Session, principal: Principal, question: Question, changes: dict[str, Any]
) -> Question:
    joint.check_may_change(session, principal, question)
    auth.UPDATE.check_update(
        principal,
        changes,
        lambda: joint.current_values(session, question, {"driver_ids": LinkKind.driver}),
    )
    _check(session, principal, changes)
    status = changes.pop("status", None)
    reason = changes.pop("status_reason", None)
    if status is not None:
        joint.change_status(session, principal, KIND, question, status, reason or "", TRANSITIONS)
    elif reason is not None:
        question.status_reason = reason
    findings = changes.get("findings", question.findings)
    if question.status == QuestionStatus.answered and not findings.strip():
        # Becoming answered, or answered and its findings emptied: refused (and rolled back).
        raise _findings_missing()
    relations: dict[str, Any] = {
        k: changes.pop(k) for k in ("participants", "driver_ids") if k in changes
    }
    apply_changes(question, changes)
    _set_relations(session, principal, question, relations)
    if relations:
        question.updated_at = utcnow()  # who takes part and what it serves are part of it
    session.flush()
    return question


def delete(*, session: Session, question: Question) -> None:
    """The question with its contributions (the database cascades), handoffs, history, links."""
    session.delete(question)
    session.flush()


# --- contributions -----------------------------------------------------------------------------


def get_all_contributions(
    *, session: Session, question: Question, query: ListQuery
) -> tuple[list[Contribution], str | None]:
    statement = select(Contribution).where(
        Contribution.question_id == question.id,
        Contribution.organisation_id == question.organisation_id,
    )
    return paginate(session, statement, CONTRIBUTIONS, query)


def get_contribution(
    *, session: Session, question: Question, contribution_id: uuid.UUID
) -> Contribution:
    contribution = session.exec(
        select(Contribution).where(
            Contribution.id == contribution_id,
            Contribution.question_id == question.id,
            Contribution.organisation_id == question.organisation_id,
        )
    ).first()
    if contribution is None:
        raise NotFound(f"There is no contribution with id {contribution_id}.")
    return contribution


def is_involved(session: Session, question: Question, party_id: uuid.UUID) -> bool:
    """The party leads, holds the ball of, takes part in or is being handed the question."""
    found = session.exec(
        select(Question.id).where(Question.id == question.id, joint.involvement(Question, party_id))
    ).first()
    return found is not None


def _contributing_party(
    session: Session, principal: Principal, question: Question, party_id: uuid.UUID | None
) -> uuid.UUID:
    """The party a new contribution is for: the caller's own, or for a coordinator any party
    involved in the question."""
    speaks_for_own = principal.role in (Role.member, Role.partner)
    if speaks_for_own:
        if principal.party_id is None:
            raise Forbidden("You belong to no party, so you cannot contribute for one.")
        if party_id is not None and party_id != principal.party_id:
            raise Forbidden("You can contribute for your own party only.")
        party_id = principal.party_id
    elif party_id is None:
        party_id = principal.party_id
    if party_id is None:
        raise BadRequest(
            "Say for which party you contribute.",
            invalid_params=[
                InvalidParam(
                    name="partyId", reason="Required: you belong to no party.", code="missing"
                )
            ],
        )
    joint.raise_if(joint.check_id(session, principal, Party, "partyId", party_id, "party"))
    if not is_involved(session, question, party_id):
        why = (
            "Only parties involved in the question contribute: its lead party, the party that "
            "holds the ball, its participants and a party being handed the ball."
        )
        if speaks_for_own:
            raise Forbidden(f"Your party is not involved in this question. {why}")
        raise BadRequest(
            f"That party is not involved in this question. {why}",
            invalid_params=[
                InvalidParam(
                    name="partyId", reason="Not involved in this question.", code="not-involved"
                )
            ],
        )
    return party_id


def create_contribution(
    *, session: Session, principal: Principal, question: Question, data: dict[str, Any]
) -> Contribution:
    party_id = _contributing_party(session, principal, question, data.pop("party_id", None))
    contribution = Contribution(
        organisation_id=question.organisation_id,
        question_id=question.id,
        party_id=party_id,
        author_name=principal.name,
        **data,
    )
    session.add(contribution)
    session.flush()
    return contribution


def check_may_edit(principal: Principal, contribution: Contribution) -> None:
    """The author's party, or a coordinator, changes or removes a contribution."""
    if principal.role in EDITORS:
        return
    if principal.role in (Role.member, Role.partner) and principal.party_id == (
        contribution.party_id
    ):
        return
    raise Forbidden("Only the contributing party, or a coordinator, can change a contribution.")


def update_contribution(
    *, session: Session, principal: Principal, contribution: Contribution, changes: dict[str, Any]
) -> Contribution:
    check_may_edit(principal, contribution)
    apply_changes(contribution, changes)
    session.flush()
    return contribution


def delete_contribution(
    *, session: Session, principal: Principal, contribution: Contribution
) -> None:
    check_may_edit(principal, contribution)
    session.delete(contribution)
    session.flush()


# A partner sees a link to a question only if it may read the question (kompas.joint.linked).
register_kind("question", Question, joint.visible_to)


# A party cannot be deleted while questions or contributions name it (kompas.parties.service).
party_service.register_referrer(
    "questions (lead or ball holder)",
    Question,
    lambda party_id: (Question.lead_party_id == party_id) | (Question.ball_holder_id == party_id),
)
party_service.register_referrer(
    "contributions", Contribution, lambda party_id: Contribution.party_id == party_id
)


# Its changes, handoffs and status changes are published as events (kompas.events).
events.register_kind(
    "question",
    Question,
    path="questions",
    read=lambda s, p, items: as_read(s, p, items, get_settings().stalled_after_days),
    schema=_EventRead,
    visible=joint.visible_to,
    events=events.HANDOFF_EVENTS,
)
events.watch_joint_work("question")
