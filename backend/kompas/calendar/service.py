"""The calendar: meetings and the target dates of agenda items as iCalendar (RFC 5545).

Each record is one VEVENT with a stable UID (``<kind>-<id>@kompas``), a SEQUENCE that grows with
every change of the record (its version − 1) and DTSTAMP / LAST-MODIFIED at its last change, so
that a subscribed calendar replaces an event instead of adding a second one.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from icalendar import Calendar, Event, vDuration
from sqlmodel import Session, col, select

from kompas.agenda.models import AgendaItem, AgendaStatus
from kompas.core.db import utcnow
from kompas.core.principal import Principal
from kompas.core.visibility import Visibility
from kompas.meetings.models import Meeting
from kompas.search.sources import SOURCES, readable_by, scoped_select

PRODID = "-//Kompas//Kompas API//NL"
UID_DOMAIN = "kompas"
TARGET_PREFIX = "Streefdatum: "
HISTORY_DAYS = 365  # events further in the past are left out
MAX_EVENTS = 2000  # per kind, the earliest first
REFRESH = timedelta(hours=1)


def uid(kind: str, record_id: uuid.UUID) -> str:
    return f"{kind}-{record_id}@{UID_DOMAIN}"


def records(session: Session, principal: Principal) -> tuple[list[Meeting], list[AgendaItem]]:
    """The meetings and dated agenda items the caller may see, from a year ago on."""
    now = utcnow()
    meetings: list[Meeting] = []
    items: list[AgendaItem] = []
    source = SOURCES["meeting"]
    if readable_by(principal, source):
        statement = scoped_select(source, principal).where(
            Meeting.starts_at >= now - timedelta(days=HISTORY_DAYS)
        )
        meetings = list(
            session.exec(
                statement.order_by(col(Meeting.starts_at), col(Meeting.id)).limit(MAX_EVENTS)
            ).all()
        )
    source = SOURCES["agenda-item"]
    if readable_by(principal, source):
        statement = scoped_select(source, principal).where(
            col(AgendaItem.target_date).is_not(None),
            col(AgendaItem.target_date) >= now.date() - timedelta(days=HISTORY_DAYS),
        )
        items = list(
            session.exec(
                statement.order_by(col(AgendaItem.target_date), col(AgendaItem.id)).limit(
                    MAX_EVENTS
                )
            ).all()
        )
    return meetings, items


def published_records(
    session: Session, organisation_id: uuid.UUID
) -> tuple[list[Meeting], list[AgendaItem]]:
    """The published meetings and dated agenda items of one organisation, for everyone."""
    now = utcnow()
    meetings = session.exec(
        select(Meeting)
        .where(
            Meeting.organisation_id == organisation_id,
            Meeting.visibility == Visibility.published,
            Meeting.starts_at >= now - timedelta(days=HISTORY_DAYS),
        )
        .order_by(col(Meeting.starts_at), col(Meeting.id))
        .limit(MAX_EVENTS)
    ).all()
    items = session.exec(
        select(AgendaItem)
        .where(
            AgendaItem.organisation_id == organisation_id,
            AgendaItem.visibility == Visibility.published,
            col(AgendaItem.target_date).is_not(None),
            col(AgendaItem.target_date) >= now.date() - timedelta(days=HISTORY_DAYS),
        )
        .order_by(col(AgendaItem.target_date), col(AgendaItem.id))
        .limit(MAX_EVENTS)
    ).all()
    return list(meetings), list(items)


def _event(kind: str, record: Any) -> Event:
    event = Event()
    event.add("uid", uid(kind, record.id))
    event.add("dtstamp", record.updated_at)
    event.add("created", record.created_at)
    event.add("last-modified", record.updated_at)
    event.add("sequence", max(record.version - 1, 0))
    event.add("class", "PUBLIC" if record.visibility == Visibility.published else "CONFIDENTIAL")
    return event


def _meeting(meeting: Meeting) -> Event:
    event = _event("meeting", meeting)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", max(meeting.ends_at, meeting.starts_at))
    event.add("summary", meeting.title)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    if meeting.location:
        event.add("location", meeting.location)
    return event


def _target(item: AgendaItem) -> Event:
    assert item.target_date is not None
    event = _event("agenda-item", item)
    event.add("dtstart", item.target_date)  # a date: VALUE=DATE, an all-day event
    event.add("dtend", item.target_date + timedelta(days=1))
    event.add("summary", TARGET_PREFIX + item.title)
    if item.description:
        event.add("description", item.description)
    event.add("transp", "TRANSPARENT")  # a deadline, not a busy day
    if item.status == AgendaStatus.dropped:
        event.add("status", "CANCELLED")
    return event


def render(name: str, meetings: list[Meeting], items: list[AgendaItem]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    for meeting in meetings:
        calendar.add_component(_meeting(meeting))
    for item in items:
        calendar.add_component(_target(item))
    return calendar.to_ical()
