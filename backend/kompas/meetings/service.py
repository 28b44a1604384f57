"""The behaviour of meetings: sessions of the programme and what came out of them."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session

from kompas.agenda.models import AgendaItem
from kompas.compass.models import Phase, WorkFormat
from kompas.core.db import utcnow
from kompas.core.errors import InvalidParam
from kompas.core.listing import Filter, ListQuery, ListSpec, paginate
from kompas.core.principal import Principal
from kompas.core.schemas import Moment
from kompas.core.tenancy import apply_changes, scoped
from kompas.core.visibility import Visibility
from kompas.events import service as events
from kompas.joint import service as joint
from kompas.joint.linked import hide_invisible, register_kind
from kompas.joint.models import Link, LinkKind
from kompas.meetings import auth
from kompas.meetings.models import Meeting
from kompas.meetings.schemas import MeetingRead as _EventRead
from kompas.parties import service as party_service
from kompas.parties.models import Party, Person
from kompas.rolemaps.models import RoleMapSnapshot
from kompas.successes.models import Success
from kompas.successes.service import names_party, visible_to

MEETINGS = ListSpec(
    name="meetings",
    id_column=Meeting.id,
    sortable={
        "startsAt": Meeting.starts_at,
        "title": Meeting.title,
        "createdAt": Meeting.created_at,
        "updatedAt": Meeting.updated_at,
    },
    default_sort="startsAt",
    filters={
        "phaseId": Filter(Meeting.phase_id, uuid.UUID),
        "workFormatId": Filter(Meeting.work_format_id, uuid.UUID),
        "visibility": Filter(Meeting.visibility, Visibility),
        "partyId": Filter(
            None,
            uuid.UUID,
            "Meetings this party is at.",
            where=lambda party_id: names_party(Meeting, party_id),
        ),
        "startsAfter": Filter(
            None,
            Moment,
            "Meetings that start at or after this moment (RFC 3339).",
            where=lambda moment: Meeting.starts_at >= moment,
        ),
        "startsBefore": Filter(
            None,
            Moment,
            "Meetings that start before this moment (RFC 3339).",
            where=lambda moment: Meeting.starts_at < moment,
        ),
    },
    searchable=(Meeting.title, Meeting.agenda, Meeting.outcome_notes),
)

# Request field → what it links to, the model its ids must exist in, and its name in errors.
LINK_FIELDS: tuple[tuple[str, LinkKind, Any, str, str], ...] = (
    ("party_ids", LinkKind.party, Party, "partyIds", "party"),
    ("person_ids", LinkKind.person, Person, "personIds", "person"),
    ("agenda_item_ids", LinkKind.agenda_item, AgendaItem, "agendaItemIds", "agenda-item"),
    ("success_ids", LinkKind.success, Success, "successIds", "success"),
    ("snapshot_ids", LinkKind.snapshot, RoleMapSnapshot, "snapshotIds", "snapshot"),
)
LINKS_OUT = tuple(kind for _, kind, *_ in LINK_FIELDS)


def as_read(
    session: Session, principal: Principal, meetings: list[Meeting]
) -> list[dict[str, Any]]:
    """Meetings with who took part and what came out of it, in one query."""
    links = joint.links_of(session, [m.id for m in meetings], LINKS_OUT, ())
    reads = [
        {
            **meeting.model_dump(),
            **{field: links[meeting.id][kind] for field, kind, *_ in LINK_FIELDS},
        }
        for meeting in meetings
    ]
    hide_invisible(session, principal, reads)
    return reads


def get_all(
    *, session: Session, principal: Principal, query: ListQuery
) -> tuple[list[dict[str, Any]], str | None]:
    statement = visible_to(scoped(Meeting, principal), Meeting, principal)
    items, cursor = paginate(session, statement, MEETINGS, query)
    return as_read(session, principal, items), cursor


def get(*, session: Session, principal: Principal, meeting_id: uuid.UUID) -> Meeting:
    """One the caller may see; 404 otherwise."""
    record: Meeting = joint.get_visible(
        session, principal, Meeting, meeting_id, "meeting", visible=visible_to
    )
    return record


def _check(
    session: Session,
    principal: Principal,
    data: dict[str, Any],
    starts_at: datetime,
    ends_at: datetime,
) -> None:
    problems: list[InvalidParam] = []
    problems += joint.check_id(session, principal, Phase, "phaseId", data.get("phase_id"), "phase")
    problems += joint.check_id(
        session, principal, WorkFormat, "workFormatId", data.get("work_format_id"), "work-format"
    )
    for field, _kind, model, name, what in LINK_FIELDS:
        if data.get(field):
            problems += joint.check_ids(session, principal, model, name, data[field], what)
    if ends_at <= starts_at:
        problems.append(
            InvalidParam(name="endsAt", reason="Must be after startsAt.", code="before-start")
        )
    joint.raise_if(problems)


def _set_links(
    session: Session, principal: Principal, meeting: Meeting, data: dict[str, Any]
) -> None:
    joint.replace_relations(
        session,
        principal,
        meeting,
        source=LinkKind.meeting,
        resource_type="meetings",
        links={kind: data.get(field) for field, kind, *_ in LINK_FIELDS},
    )


def create(*, session: Session, principal: Principal, data: dict[str, Any]) -> Meeting:
    auth.CREATE.check_create(principal, data)
    _check(session, principal, data, data["starts_at"], data["ends_at"])
    links = {field: data.pop(field) for field, *_ in LINK_FIELDS}
    meeting = Meeting(organisation_id=principal.organisation_id, **data)
    session.add(meeting)
    session.flush()
    _set_links(session, principal, meeting, links)
    session.flush()
    return meeting


def update(
    *, session: Session, principal: Principal, meeting: Meeting, changes: dict[str, Any]
) -> Meeting:
    auth.UPDATE.check_update(
        principal,
        changes,
        lambda: joint.current_values(
            session, meeting, {field: kind for field, kind, *_ in LINK_FIELDS}, participants=False
        ),
    )
    _check(
        session,
        principal,
        changes,
        changes.get("starts_at", meeting.starts_at),
        changes.get("ends_at", meeting.ends_at),
    )
    links = {field: changes.pop(field) for field, *_ in LINK_FIELDS if field in changes}
    apply_changes(meeting, changes)
    _set_links(session, principal, meeting, links)
    if links:
        meeting.updated_at = utcnow()
    session.flush()
    return meeting


def delete(*, session: Session, meeting: Meeting) -> None:
    session.delete(meeting)
    session.flush()


# A partner sees a link to a meeting only if it may read the meeting (kompas.joint.linked).
register_kind("meeting", Meeting, visible_to)


# A party cannot be deleted while meetings name it (kompas.parties.service).
party_service.register_referrer(
    "meetings",
    Link,
    lambda party_id: (Link.target_id == party_id) & (Link.source_kind == LinkKind.meeting),
)


# Its changes are published as events (kompas.events).
events.register_kind(
    "meeting", Meeting, path="meetings", read=as_read, schema=_EventRead, visible=visible_to
)
