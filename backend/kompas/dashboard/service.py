"""The dashboard's figures: each one GROUP BY query over what the caller may see.

The dashboard reads across the features (docs/decisions/0012-dashboard-reads-across-features.md):
every figure is one query, filtered by the same visibility rule as the feature's own list, so the
number of queries is fixed whatever the amount of data.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import extract, func, or_
from sqlmodel import Session, col, select

from kompas.agenda.models import AgendaItem, AgendaStatus
from kompas.agenda.service import OPEN as OPEN_AGENDA
from kompas.commitments import service as commitments
from kompas.compass.models import Phase
from kompas.core.db import utcnow
from kompas.core.principal import EDITORS, Principal
from kompas.core.visibility import Visibility
from kompas.experiences import service as experiences
from kompas.experiences.models import Experience
from kompas.joint import service as joint
from kompas.joint.models import Handoff, HandoffStatus, Participation
from kompas.parties.models import Party
from kompas.questions.models import Question
from kompas.questions.service import OPEN as OPEN_QUESTIONS
from kompas.reflection import service as reflection
from kompas.rolemaps import auth as rolemap_auth
from kompas.rolemaps.models import RoleMap, RoleMapSnapshot
from kompas.successes import service as successes
from kompas.successes.models import Success


def quarter_of(year: int, month: int) -> str:
    return f"{year}-Q{(month - 1) // 3 + 1}"


def columns(*selected: Any) -> Any:
    """SELECT of several columns (sqlmodel's ``select`` is typed for up to four)."""
    return select(*selected)


def visible_ids(model: Any, principal: Principal, visible: Callable[..., Any]) -> Any:
    """SQL: the ids of ``model`` in the caller's organisation that it may see, as a subquery."""
    statement = select(model.id).where(model.organisation_id == principal.organisation_id)
    return visible(statement, model, principal)


def visible_work(subject_id: Any, principal: Principal) -> Any:
    """SQL: ``subject_id`` is an agenda item or question the caller may see."""
    return or_(
        col(subject_id).in_(visible_ids(AgendaItem, principal, joint.visible_to)),
        col(subject_id).in_(visible_ids(Question, principal, joint.visible_to)),
    )


def agenda_figures(session: Session, principal: Principal) -> dict[str, Any]:
    """Agenda items per status and per phase, in one query."""
    statement = (
        columns(AgendaItem.status, AgendaItem.phase_id, Phase.name, Phase.position, func.count())
        .select_from(AgendaItem)
        .outerjoin(Phase, col(Phase.id) == AgendaItem.phase_id)
        .where(AgendaItem.organisation_id == principal.organisation_id)
    )
    statement = joint.visible_to(statement, AgendaItem, principal)
    rows = session.exec(
        statement.group_by(AgendaItem.status, AgendaItem.phase_id, Phase.name, Phase.position)
    ).all()
    by_status: dict[str, int] = {str(status): 0 for status in AgendaStatus}
    phases: dict[uuid.UUID | None, dict[str, Any]] = {}
    for status, phase_id, name, position, count in rows:
        by_status[str(status)] += count
        phase = phases.setdefault(
            phase_id, {"phase_id": phase_id, "phase_name": name, "position": position, "count": 0}
        )
        phase["count"] += count
    ordered = sorted(
        phases.values(),
        key=lambda p: (p["phase_id"] is None, p["position"] or 0, p["phase_name"] or ""),
    )
    return {
        "total": sum(by_status.values()),
        "by_status": [{"status": s, "count": n} for s, n in by_status.items()],
        "by_phase": [{k: v for k, v in p.items() if k != "position"} for p in ordered],
    }


def _stalled_per_party(
    session: Session, principal: Principal, model: Any, open_statuses: Any, cutoff: datetime
) -> list[tuple[uuid.UUID, str, int]]:
    statement = (
        select(model.ball_holder_id, Party.name, func.count())
        .select_from(model)
        .join(Party, col(Party.id) == model.ball_holder_id)
        .where(
            model.organisation_id == principal.organisation_id,
            joint.stalled_clause(model, cutoff, open_statuses),
        )
    )
    statement = joint.visible_to(statement, model, principal)
    return list(session.exec(statement.group_by(model.ball_holder_id, Party.name)).all())


def ball_figures(
    session: Session, principal: Principal, stalled_after_days: int
) -> list[dict[str, Any]]:
    """Per party: the stalled agenda items and questions it holds the ball of, and the handoffs
    to it still pending; three queries."""
    cutoff = joint.stalled_cutoff(stalled_after_days)
    parties: dict[uuid.UUID, dict[str, Any]] = {}

    def party(party_id: uuid.UUID, name: str) -> dict[str, Any]:
        return parties.setdefault(
            party_id,
            {
                "party_id": party_id,
                "party_name": name,
                "stalled_agenda_items": 0,
                "stalled_questions": 0,
                "pending_handoffs": 0,
            },
        )

    for party_id, name, count in _stalled_per_party(
        session, principal, AgendaItem, OPEN_AGENDA, cutoff
    ):
        party(party_id, name)["stalled_agenda_items"] = count
    for party_id, name, count in _stalled_per_party(
        session, principal, Question, OPEN_QUESTIONS, cutoff
    ):
        party(party_id, name)["stalled_questions"] = count
    handoffs = (
        select(Handoff.to_party_id, Party.name, func.count())
        .select_from(Handoff)
        .join(Party, col(Party.id) == Handoff.to_party_id)
        .where(
            Handoff.organisation_id == principal.organisation_id,
            Handoff.status == HandoffStatus.pending,
            visible_work(Handoff.subject_id, principal),
        )
        .group_by(col(Handoff.to_party_id), col(Party.name))
    )
    for party_id, name, count in session.exec(handoffs).all():
        party(party_id, name)["pending_handoffs"] = count
    return sorted(parties.values(), key=lambda p: (p["party_name"].casefold(), str(p["party_id"])))


def visible_maps_clause(principal: Principal) -> Any:
    """SQL: the role map ``RoleMap`` is one the caller may see (the role maps' own rule)."""
    statement: Any = select(RoleMap.id).where(RoleMap.organisation_id == principal.organisation_id)
    return col(RoleMap.id).in_(rolemap_auth.visible_maps(statement, principal))


def snapshot_rows(
    session: Session,
    principal: Principal,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Any]:
    """The snapshots of the maps the caller may see (optionally within a time range), with their
    map's title and their findings per kind, oldest first; one query."""
    counts = col(RoleMapSnapshot.analysis)["summary"]["counts"]
    statement = (
        columns(
            RoleMapSnapshot.role_map_id,
            RoleMap.title,
            RoleMapSnapshot.id,
            RoleMapSnapshot.label,
            RoleMapSnapshot.created_at,
            RoleMapSnapshot.clarity,
            counts,
        )
        .join(RoleMap, col(RoleMap.id) == RoleMapSnapshot.role_map_id)
        .where(
            RoleMapSnapshot.organisation_id == principal.organisation_id,
            visible_maps_clause(principal),
        )
    )
    if since is not None:
        statement = statement.where(RoleMapSnapshot.created_at >= since)
    if until is not None:
        statement = statement.where(RoleMapSnapshot.created_at < until)
    statement = statement.order_by(
        col(RoleMap.title),
        col(RoleMap.id),
        col(RoleMapSnapshot.created_at),
        col(RoleMapSnapshot.id),
    )
    return list(session.exec(statement).all())


def findings_total(counts: Any) -> int:
    return sum(int(n) for n in counts.values()) if isinstance(counts, dict) else 0


def role_map_figures(session: Session, principal: Principal) -> list[dict[str, Any]]:
    """Per role map the caller may see: clarity and findings per snapshot, oldest first."""
    maps: dict[uuid.UUID, dict[str, Any]] = {}
    for map_id, title, snapshot_id, label, taken_at, clarity, counts in snapshot_rows(
        session, principal
    ):
        series = maps.setdefault(map_id, {"role_map_id": map_id, "title": title, "snapshots": []})
        series["snapshots"].append(
            {
                "snapshot_id": snapshot_id,
                "label": label,
                "taken_at": taken_at,
                "clarity": clarity,
                "findings": findings_total(counts),
            }
        )
    return list(maps.values())


def per_quarter(rows: Any) -> list[dict[str, Any]]:
    """``(year, month, count)`` rows as counts per quarter, oldest first."""
    quarters: dict[str, int] = defaultdict(int)
    for year, month, count in rows:
        quarters[quarter_of(int(year), int(month))] += count
    return [{"quarter": q, "count": n} for q, n in sorted(quarters.items())]


def month_groups(column: Any) -> tuple[Any, Any]:
    """The year and month of a date or date-time column, to GROUP BY on both databases."""
    return extract("year", column), extract("month", column)


def success_figures(
    session: Session, principal: Principal, start: date | None = None, end: date | None = None
) -> list[dict[str, Any]]:
    """Successes the caller may see per quarter they were achieved in; one query."""
    year, month = month_groups(Success.achieved_on)
    statement = select(year, month, func.count()).where(
        Success.organisation_id == principal.organisation_id
    )
    statement = successes.visible_to(statement, Success, principal)
    if start is not None:
        statement = statement.where(Success.achieved_on >= start)
    if end is not None:
        statement = statement.where(Success.achieved_on <= end)
    return per_quarter(session.exec(statement.group_by(year, month)).all())


def participation_figures(session: Session, principal: Principal) -> list[dict[str, Any]]:
    """Per party and level: in how many agenda items and questions it takes part; one query."""
    statement = (
        select(Participation.party_id, Party.name, Participation.level, func.count())
        .select_from(Participation)
        .join(Party, col(Party.id) == Participation.party_id)
        .where(
            Participation.organisation_id == principal.organisation_id,
            visible_work(Participation.subject_id, principal),
        )
        .group_by(col(Participation.party_id), col(Party.name), col(Participation.level))
    )
    rows = [
        {"party_id": party_id, "party_name": name, "level": level, "count": count}
        for party_id, name, level, count in session.exec(statement).all()
    ]
    return sorted(rows, key=lambda r: (r["party_name"].casefold(), str(r["party_id"]), r["level"]))


def experience_figures(session: Session, principal: Principal) -> dict[str, Any]:
    """Experiences the caller may see, per visibility and per quarter they were shared in; one
    query."""
    year, month = month_groups(Experience.created_at)
    statement = select(Experience.visibility, year, month, func.count()).where(
        Experience.organisation_id == principal.organisation_id
    )
    statement = experiences.visible_to(statement, Experience, principal)
    rows = session.exec(statement.group_by(Experience.visibility, year, month)).all()
    by_visibility: dict[str, int] = defaultdict(int)
    for visibility, _, _, count in rows:
        by_visibility[str(visibility)] += count
    return {
        "total": sum(by_visibility.values()),
        "by_visibility": [
            {"visibility": v, "count": by_visibility[v]}
            for v in (Visibility.organisation, Visibility.partners, Visibility.published)
        ],
        "by_quarter": per_quarter((y, m, n) for _, y, m, n in rows),
    }


def commitment_figures(session: Session, principal: Principal) -> dict[str, Any] | None:
    """How many people made a commitment, per party: for coordinators and admins only."""
    if principal.role not in EDITORS:
        return None
    return commitments.summary(session=session, principal=principal)


def dashboard(
    session: Session, principal: Principal, stalled_after_days: int, min_group: int
) -> dict[str, Any]:
    """Every figure the caller may see, in a fixed number of queries."""
    return {
        "generated_at": utcnow(),
        "agenda": agenda_figures(session, principal),
        "ball": ball_figures(session, principal, stalled_after_days),
        "role_maps": role_map_figures(session, principal),
        "successes_per_quarter": success_figures(session, principal),
        "participation": participation_figures(session, principal),
        "experiences": experience_figures(session, principal),
        "commitments": commitment_figures(session, principal),
        "reflection": reflection.trend_summary(session, principal, min_group=min_group),
    }
