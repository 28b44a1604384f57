"""The dashboard's figures: each one GROUP BY query over what the caller may see.

The dashboard reads across the features (docs/decisions/0012-dashboard-reads-across-features.md):
every figure is one query, filtered by the same visibility rule as the feature's own list, so the
number of queries is fixed whatever the amount of data.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import extract, func, literal, true, union_all
from sqlmodel import Session, col, select

from kompas.agenda.models import AgendaItem, AgendaStatus
from kompas.agenda.service import OPEN as OPEN_AGENDA
from kompas.commitments import service as commitments
from kompas.compass.models import Phase
from kompas.core import dataversion
from kompas.core.db import utcnow
from kompas.core.principal import EDITORS, Principal, Role
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
    """SQL: ``subject_id`` is an agenda item or question the caller may see.

    Admins and coordinators see every agenda item and question of the organisation, and what
    hangs off one (a participation, a handoff) is written with its record's organisation and
    deleted with it (``kompas.joint.cleanup``): for them the organisation's filter is the rule, and
    testing each row against every record (30,000 at the size of a large municipality) is not."""
    if principal.role in EDITORS:
        return true()
    # One IN over both kinds rather than an OR of two: the database can then join the few ids a
    # partner may see to the rows hanging off them, instead of testing every row twice.
    return col(subject_id).in_(
        union_all(
            visible_ids(AgendaItem, principal, joint.visible_to),
            visible_ids(Question, principal, joint.visible_to),
        )
    )


def agenda_figures(session: Session, principal: Principal) -> dict[str, Any]:
    """Agenda items per status and per phase, in one query."""
    counts = joint.visible_to(
        select(AgendaItem.status, AgendaItem.phase_id, func.count().label("n")).where(
            AgendaItem.organisation_id == principal.organisation_id
        ),
        AgendaItem,
        principal,
    ).group_by(AgendaItem.status, AgendaItem.phase_id)
    counted = counts.subquery()
    status_, phase_id_, n = counted.c
    statement = columns(status_, phase_id_, Phase.name, Phase.position, n).outerjoin(
        Phase, col(Phase.id) == phase_id_
    )
    rows = session.exec(statement).all()
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
    principal: Principal, model: Any, open_statuses: Any, cutoff: datetime, figure: str
) -> Any:
    statement = select(
        literal(figure).label("figure"), model.ball_holder_id, func.count().label("n")
    ).where(
        model.organisation_id == principal.organisation_id,
        joint.stalled_clause(model, cutoff, open_statuses),
    )
    return joint.visible_to(statement, model, principal).group_by(model.ball_holder_id)


def ball_figures(session: Session, principal: Principal, cutoff: datetime) -> list[dict[str, Any]]:
    """Per party: the stalled agenda items and questions it holds the ball of (not moved since
    ``cutoff``), and the handoffs to it still pending. One query: the three counts per party id,
    then the parties' names to the few hundred rows counted."""
    handoffs = (
        select(
            literal("pending_handoffs").label("figure"),
            Handoff.to_party_id,
            func.count().label("n"),
        )
        .where(
            Handoff.organisation_id == principal.organisation_id,
            Handoff.status == HandoffStatus.pending,
            visible_work(Handoff.subject_id, principal),
        )
        .group_by(col(Handoff.to_party_id))
    )
    counted = union_all(
        _stalled_per_party(principal, AgendaItem, OPEN_AGENDA, cutoff, "stalled_agenda_items"),
        _stalled_per_party(principal, Question, OPEN_QUESTIONS, cutoff, "stalled_questions"),
        handoffs,
    ).subquery()
    figure, party_id, n = counted.c
    statement = columns(figure, party_id, Party.name, n).join(Party, col(Party.id) == party_id)
    parties: dict[uuid.UUID, dict[str, Any]] = {}
    for name_of_figure, party_id_, name, count in session.exec(statement).all():
        parties.setdefault(
            party_id_,
            {
                "party_id": party_id_,
                "party_name": name,
                "stalled_agenda_items": 0,
                "stalled_questions": 0,
                "pending_handoffs": 0,
            },
        )[name_of_figure] = count
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
    counts = (
        select(Participation.party_id, Participation.level, func.count().label("n"))
        .where(
            Participation.organisation_id == principal.organisation_id,
            visible_work(Participation.subject_id, principal),
        )
        .group_by(col(Participation.party_id), col(Participation.level))
        .subquery()
    )
    party_id, level, n = counts.c
    statement = select(party_id, Party.name, level, n).join(Party, col(Party.id) == party_id)
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


def visibility_class(principal: Principal) -> tuple[Any, ...]:
    """Callers who see the same figures: admins and coordinators all of them; members and viewers
    all but the private work their party is not involved in; a partner what its party may read.
    Each feature's visibility rule depends on the role and the party alone."""
    if principal.role in EDITORS:
        return ("all",)
    if principal.role is Role.partner:
        return ("partner", principal.party_id)
    return ("staff", principal.party_id)


def stalled_cutoff(stalled_after_days: int, now: datetime) -> datetime:
    """The moment before which an item that has not moved is stalled, to the minute: every request
    of one minute asks the same question, so its figures can be kept."""
    return joint.stalled_cutoff(stalled_after_days, now).replace(second=0, microsecond=0)


class KeptFigures:
    """The figures of the latest requests, kept in this process by organisation, data version,
    visibility class and stalled cutoff (decision 0017). A key names exactly what its figures
    were computed from: a write to the organisation moves its data version
    (``kompas.core.dataversion``) in every process, and the cutoff moves each minute, so a kept
    entry is never served after what it counts has changed.

    Only the newest figures of each organisation and visibility class are kept: once a key's
    version or minute has passed, nobody asks for it again, and keeping it would hold a copy of
    a large municipality's figures per write and per minute."""

    def __init__(self, size: int = 64) -> None:
        self._size = size
        # (organisation, class) -> ((version, cutoff), figures), least recently used first
        self._kept: OrderedDict[tuple[Any, Any], tuple[tuple[Any, Any], dict[str, Any]]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()

    @staticmethod
    def _split(key: tuple[Any, ...]) -> tuple[tuple[Any, Any], tuple[Any, Any]]:
        organisation, version, visibility, cutoff = key
        return (organisation, visibility), (version, cutoff)

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: tuple[Any, ...]) -> dict[str, Any] | None:
        slot, stamp = self._split(key)
        with self._lock:
            entry = self._kept.get(slot)
            if entry is None or entry[0] != stamp:
                return None
            self._kept.move_to_end(slot)
            return entry[1]

    def keep(self, key: tuple[Any, ...], figures: dict[str, Any]) -> None:
        slot, stamp = self._split(key)
        with self._lock:
            self._kept[slot] = (stamp, figures)
            self._kept.move_to_end(slot)
            while len(self._kept) > self._size:
                self._kept.popitem(last=False)


def figures(session: Session, principal: Principal, cutoff: datetime) -> dict[str, Any]:
    """Every figure but the reflection trend, as the caller may see them; one query each."""
    return {
        "agenda": agenda_figures(session, principal),
        "ball": ball_figures(session, principal, cutoff),
        "role_maps": role_map_figures(session, principal),
        "successes_per_quarter": success_figures(session, principal),
        "participation": participation_figures(session, principal),
        "experiences": experience_figures(session, principal),
        "commitments": commitment_figures(session, principal),
    }


def dashboard(
    session: Session,
    principal: Principal,
    stalled_after_days: int,
    min_group: int,
    kept: KeptFigures | None = None,
) -> dict[str, Any]:
    """Every figure the caller may see, in a fixed number of queries; kept figures where the
    organisation's data have not changed since they were computed for the caller's class.

    The data version is read first: figures computed after it are at least as new as it, so a
    key never names figures older than its version. The reflection trend is not kept: it is two
    small queries, and its released rounds' totals are kept by ``reflection.service`` already."""
    now = utcnow()
    cutoff = stalled_cutoff(stalled_after_days, now)
    key = (
        principal.organisation_id,
        dataversion.read(session, principal.organisation_id),
        visibility_class(principal),
        cutoff,
    )
    computed = kept.get(key) if kept is not None else None
    if computed is None:
        computed = figures(session, principal, cutoff)
        if kept is not None:
            kept.keep(key, computed)
    return {
        "generated_at": now,
        **computed,
        "reflection": reflection.trend_summary(session, principal, min_group=min_group),
    }
