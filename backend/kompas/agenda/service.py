"""The behaviour of the joint future agenda."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from kompas.agenda import auth
from kompas.agenda.models import AgendaItem, AgendaStatus
from kompas.agenda.schemas import AgendaItemRead as _EventRead
from kompas.compass.models import Driver, Phase
from kompas.core.config import get_settings
from kompas.core.db import today, utcnow
from kompas.core.errors import InvalidParam
from kompas.core.listing import Filter, ListQuery, ListSpec
from kompas.core.principal import Principal
from kompas.core.tenancy import apply_changes
from kompas.core.visibility import Visibility
from kompas.events import service as events
from kompas.joint import service as joint
from kompas.joint.linked import hide_invisible, register_kind
from kompas.joint.models import LinkKind, SubjectKind
from kompas.parties import service as party_service
from kompas.parties.models import Party
from kompas.questions.models import Question

KIND = SubjectKind.agenda_item
# idea → planned → in-progress → done; dropped (with a reason) from any open status. A dropped
# item can be taken up again as an idea; a done one reopened.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "idea": ("planned", "dropped"),
    "planned": ("in-progress", "idea", "dropped"),
    "in-progress": ("done", "planned", "dropped"),
    "done": ("in-progress",),
    "dropped": ("idea",),
}
OPEN = ("idea", "planned", "in-progress")
START = ("idea", "planned", "in-progress")

AGENDA_ITEMS = ListSpec(
    name="agenda_items",
    id_column=AgendaItem.id,
    sortable={
        "title": AgendaItem.title,
        "targetDate": AgendaItem.target_date,
        "progress": AgendaItem.progress,
        "status": AgendaItem.status,
        "createdAt": AgendaItem.created_at,
        "updatedAt": AgendaItem.updated_at,
    },
    default_sort="-updatedAt",
    filters={
        "status": Filter(AgendaItem.status, AgendaStatus),
        "phaseId": Filter(AgendaItem.phase_id, uuid.UUID),
        "horizon": Filter(AgendaItem.horizon, str),
        "leadPartyId": Filter(AgendaItem.lead_party_id, uuid.UUID),
        "ballHolderId": Filter(AgendaItem.ball_holder_id, uuid.UUID, "Who has the ball."),
        "visibility": Filter(AgendaItem.visibility, Visibility),
        "stalled": Filter(
            None,
            bool,
            "`true`: open items whose ball has not moved and that have not changed for "
            "`KOMPAS_STALLED_AFTER_DAYS` days; `false`: the others.",
        ),
    },
    searchable=(AgendaItem.title, AgendaItem.description),
)

LINKS_OUT = (LinkKind.driver, LinkKind.question)
LINKS_IN = (LinkKind.success, LinkKind.meeting, LinkKind.experience)
LINK_FIELDS = {"driver_ids": LinkKind.driver, "question_ids": LinkKind.question}


def as_read(
    session: Session, principal: Principal, items: list[AgendaItem], stalled_after_days: int
) -> list[dict[str, Any]]:
    """Items with participants, links both ways and the ball's state, in three queries."""
    ids = [item.id for item in items]
    participants = joint.participants_of(session, ids)
    links = joint.links_of(session, ids, LINKS_OUT, LINKS_IN)
    pending = joint.pending_handoffs(session, ids)
    cutoff = joint.stalled_cutoff(stalled_after_days)
    reads = [
        {
            **item.model_dump(),
            "participants": participants[item.id],
            "driver_ids": links[item.id][LinkKind.driver],
            "question_ids": links[item.id][LinkKind.question],
            "success_ids": links[item.id][LinkKind.success],
            "meeting_ids": links[item.id][LinkKind.meeting],
            "experience_ids": links[item.id][LinkKind.experience],
            "pending_handoff": pending.get(item.id),
            "stalled": joint.is_stalled(item, cutoff, OPEN),
        }
        for item in items
    ]
    hide_invisible(session, principal, reads)
    return reads


def get_all(
    *, session: Session, principal: Principal, query: ListQuery, stalled_after_days: int
) -> tuple[list[dict[str, Any]], str | None]:
    items, cursor = joint.page_of_work(
        session, principal, AgendaItem, AGENDA_ITEMS, query, stalled_after_days, OPEN
    )
    return as_read(session, principal, items, stalled_after_days), cursor


def get(*, session: Session, principal: Principal, item_id: uuid.UUID) -> AgendaItem:
    """One the caller may see; 404 otherwise."""
    record: AgendaItem = joint.get_visible(session, principal, AgendaItem, item_id, "agenda item")
    return record


def _check(session: Session, principal: Principal, data: dict[str, Any]) -> None:
    problems: list[InvalidParam] = []
    problems += joint.check_id(session, principal, Phase, "phaseId", data.get("phase_id"), "phase")
    for field, name in (("lead_party_id", "leadPartyId"), ("ball_holder_id", "ballHolderId")):
        problems += joint.check_id(session, principal, Party, name, data.get(field), "party")
    for field, name, model, what in (
        ("driver_ids", "driverIds", Driver, "driver"),
        ("question_ids", "questionIds", Question, "question"),
    ):
        if data.get(field):
            problems += joint.check_ids(session, principal, model, name, data[field], what)
    if data.get("participants"):
        problems += joint.check_participants(session, principal, data["participants"])
    target = data.get("target_date")
    if target is not None and target < today():
        problems.append(
            InvalidParam(name="targetDate", reason="Must not be in the past.", code="in-the-past")
        )
    joint.raise_if(problems)


def _set_relations(
    session: Session, principal: Principal, item: AgendaItem, data: dict[str, Any]
) -> bool:
    return joint.replace_relations(
        session,
        principal,
        item,
        source=LinkKind.agenda_item,
        resource_type="agenda-items",
        subject_kind=KIND,
        participants=data.get("participants"),
        links={
            LinkKind.driver: data.get("driver_ids"),
            LinkKind.question: data.get("question_ids"),
        },
    )


def create(*, session: Session, principal: Principal, data: dict[str, Any]) -> AgendaItem:
    if data["status"] not in START:
        joint.raise_if(
            [
                InvalidParam(
                    name="status",
                    reason=f"A new item starts as one of: {', '.join(START)}.",
                    code="invalid-start",
                )
            ],
            "An agenda item cannot start as done or dropped.",
        )
    auth.CREATE.check_create(principal, data)
    _check(session, principal, data)
    relations: dict[str, Any] = {
        k: data.pop(k) for k in ("participants", "driver_ids", "question_ids")
    }
    if data.get("ball_holder_id") is None:
        data["ball_holder_id"] = data["lead_party_id"]
    item = AgendaItem(organisation_id=principal.organisation_id, **data)
    session.add(item)
    session.flush()
    _set_relations(session, principal, item, relations)
    joint.record_first_status(session, principal, KIND, item)
    session.flush()
    return item


def update(
    *, session: Session, principal: Principal, item: AgendaItem, changes: dict[str, Any]
) -> AgendaItem:
    joint.check_may_change(session, principal, item)
    auth.UPDATE.check_update(
        principal, changes, lambda: joint.current_values(session, item, LINK_FIELDS)
    )
    if "target_date" in changes and changes["target_date"] == item.target_date:
        changes.pop("target_date")  # an unchanged date in the past may be sent back as it was
    _check(session, principal, changes)
    status = changes.pop("status", None)
    reason = changes.pop("status_reason", None)
    if status is not None:
        joint.change_status(
            session, principal, KIND, item, status, reason or "", TRANSITIONS, ("dropped",)
        )
    elif reason is not None:
        item.status_reason = reason
    relations: dict[str, Any] = {
        k: changes.pop(k) for k in ("participants", "driver_ids", "question_ids") if k in changes
    }
    apply_changes(item, changes)
    if _set_relations(session, principal, item, relations):
        item.updated_at = utcnow()  # who takes part and what it serves are part of the item
    session.flush()
    return item


def delete(*, session: Session, item: AgendaItem) -> None:
    session.delete(item)
    session.flush()


# A partner sees a link to an agenda item only if it may read the item (kompas.joint.linked).
register_kind("agenda-item", AgendaItem, joint.visible_to)


# A party cannot be deleted while it leads an agenda item or holds its ball
# (kompas.parties.service).
party_service.register_referrer(
    "agenda items (lead or ball holder)",
    AgendaItem,
    lambda party_id: (
        (AgendaItem.lead_party_id == party_id) | (AgendaItem.ball_holder_id == party_id)
    ),
)


# Its changes, handoffs and status changes are published as events (kompas.events).
events.register_kind(
    "agenda-item",
    AgendaItem,
    path="agenda-items",
    read=lambda s, p, items: as_read(s, p, items, get_settings().stalled_after_days),
    schema=_EventRead,
    visible=joint.visible_to,
    events=events.HANDOFF_EVENTS,
)
events.watch_joint_work("agenda-item")
