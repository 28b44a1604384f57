"""What the progress report of a period holds: each part one query over what the caller may see.

The same visibility rules as the lists (and the dashboard): a partner's report holds only the
records its party may read.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from kompas.agenda.models import AgendaItem
from kompas.compass.models import Driver, Purpose
from kompas.core.db import CIVIL_ZONE
from kompas.core.errors import BadRequest, InvalidParam
from kompas.core.principal import Principal
from kompas.dashboard import service as dashboard
from kompas.experiences import service as experiences
from kompas.experiences.models import Experience
from kompas.joint import service as joint
from kompas.joint.models import Handoff, HandoffStatus, StatusChange, SubjectKind
from kompas.organisations.models import Organisation
from kompas.parties.models import Party
from kompas.questions.models import Question
from kompas.reflection import service as reflection
from kompas.successes import service as successes
from kompas.successes.models import Success

MAX_YEARS = 5


def check_period(start: date, end: date) -> None:
    """400 naming the parameter for a period that ends before it starts or spans > 5 years."""
    problems = []
    if end < start:
        problems.append(
            InvalidParam(name="to", reason="Must not be before `from`.", code="before-from")
        )
    elif (end - start).days > MAX_YEARS * 366:
        problems.append(
            InvalidParam(
                name="from",
                reason=f"A report covers at most {MAX_YEARS} years.",
                code="period-too-long",
            )
        )
    if problems:
        raise BadRequest("The period is not valid.", invalid_params=problems)


def moment(day: date) -> datetime:
    """The start of ``day`` in the Netherlands, in UTC."""
    return datetime.combine(day, time(0), tzinfo=CIVIL_ZONE).astimezone(UTC)


def _compass(session: Session, principal: Principal) -> dict[str, Any]:
    purpose = session.exec(
        select(Purpose).where(Purpose.organisation_id == principal.organisation_id)
    ).first()
    drivers = session.exec(
        select(Driver)
        .where(Driver.organisation_id == principal.organisation_id)
        .order_by(col(Driver.position), col(Driver.title), col(Driver.id))
    ).all()
    return {
        "purpose": purpose.statement if purpose else "",
        "explanation": purpose.explanation if purpose else "",
        "drivers": [{"title": d.title, "description": d.description} for d in drivers],
    }


def _status_changes(
    session: Session, principal: Principal, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    """The status steps of agenda items the caller may see, in the period, in order."""
    statement = (
        dashboard.columns(
            AgendaItem.id,
            AgendaItem.title,
            StatusChange.from_status,
            StatusChange.to_status,
            StatusChange.changed_at,
        )
        .select_from(StatusChange)
        .join(AgendaItem, col(AgendaItem.id) == StatusChange.subject_id)
        .where(
            StatusChange.organisation_id == principal.organisation_id,
            StatusChange.subject_kind == SubjectKind.agenda_item,
            StatusChange.changed_at >= since,
            StatusChange.changed_at < until,
        )
    )
    statement = joint.visible_to(statement, AgendaItem, principal)
    rows = session.exec(
        statement.order_by(col(StatusChange.changed_at), col(StatusChange.id))
    ).all()
    return [
        {"id": i, "title": t, "from_status": f, "to_status": s, "changed_at": at}
        for i, t, f, s, at in rows
    ]


def _handoffs_accepted(
    session: Session, principal: Principal, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    """Handoffs accepted in the period, on agenda items and questions the caller may see."""
    giver, receiver = aliased(Party), aliased(Party)
    rows = session.exec(
        dashboard.columns(
            func.coalesce(AgendaItem.title, Question.title),
            Handoff.subject_kind,
            giver.name,
            receiver.name,
            Handoff.decided_at,
        )
        .select_from(Handoff)
        .outerjoin(AgendaItem, col(AgendaItem.id) == Handoff.subject_id)
        .outerjoin(Question, col(Question.id) == Handoff.subject_id)
        .join(giver, col(giver.id) == Handoff.from_party_id)
        .join(receiver, col(receiver.id) == Handoff.to_party_id)
        .where(
            Handoff.organisation_id == principal.organisation_id,
            Handoff.status == HandoffStatus.accepted,
            col(Handoff.decided_at) >= since,
            col(Handoff.decided_at) < until,
            dashboard.visible_work(Handoff.subject_id, principal),
        )
        .order_by(col(Handoff.decided_at), col(Handoff.id))
    ).all()
    return [
        {"title": t, "kind": str(k), "from_party": f, "to_party": r, "decided_at": at}
        for t, k, f, r, at in rows
    ]


def _successes(session: Session, principal: Principal, start: date, end: date) -> list[Success]:
    statement = successes.visible_to(
        select(Success).where(
            Success.organisation_id == principal.organisation_id,
            Success.achieved_on >= start,
            Success.achieved_on <= end,
        ),
        Success,
        principal,
    )
    return list(session.exec(statement.order_by(col(Success.achieved_on), col(Success.id))).all())


def _role_maps(
    session: Session, principal: Principal, since: datetime, until: datetime
) -> list[dict[str, Any]]:
    """Per role map: its clarity at the first and the last snapshot of the period."""
    maps: dict[uuid.UUID, dict[str, Any]] = {}
    for map_id, title, _, label, taken_at, clarity, counts in dashboard.snapshot_rows(
        session, principal, since, until
    ):
        point = {
            "label": label,
            "taken_at": taken_at,
            "clarity": clarity,
            "findings": dashboard.findings_total(counts),
        }
        found = maps.setdefault(map_id, {"title": title, "first": point, "snapshots": 0})
        found["last"] = point
        found["snapshots"] += 1
    return list(maps.values())


def _experiences(
    session: Session, principal: Principal, since: datetime, until: datetime
) -> list[Experience]:
    statement = experiences.visible_to(
        select(Experience).where(
            Experience.organisation_id == principal.organisation_id,
            Experience.created_at >= since,
            Experience.created_at < until,
        ),
        Experience,
        principal,
    )
    return list(
        session.exec(statement.order_by(col(Experience.created_at), col(Experience.id))).all()
    )


def _reflection(
    session: Session, principal: Principal, start: date, end: date, min_group: int
) -> list[dict[str, Any]]:
    """The reflection trend per statement, limited to the rounds that closed in the period."""
    trend = reflection.trend_summary(session, principal, min_group=min_group)
    statements = []
    for statement in trend:
        points = [p for p in statement["points"] if start <= p["closes_on"] <= end]
        if points:
            statements.append({**statement, "points": points})
    return statements


def progress(
    session: Session, principal: Principal, start: date, end: date, min_group: int
) -> dict[str, Any]:
    """Everything the progress report of ``start``..``end`` (both included) shows the caller."""
    check_period(start, end)
    since, until = moment(start), moment(end + timedelta(days=1))
    organisation = session.get(Organisation, principal.organisation_id)
    changes = _status_changes(session, principal, since, until)
    return {
        "organisation": organisation.name if organisation else "",
        "author": principal.name,
        "start": start,
        "end": end,
        "compass": _compass(session, principal),
        "status_changes": changes,
        "done": [c for c in changes if c["to_status"] == "done"],
        "handoffs": _handoffs_accepted(session, principal, since, until),
        "successes": _successes(session, principal, start, end),
        "role_maps": _role_maps(session, principal, since, until),
        "reflection": _reflection(session, principal, start, end, min_group),
        "experiences": _experiences(session, principal, since, until),
    }
