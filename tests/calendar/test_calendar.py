"""The calendar feed (RFC 5545), read back with the icalendar parser: published items for
everyone, the rest with the Bearer header, stable UIDs and a SEQUENCE that grows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from kompas.core.principal import Role
from kompas.core.visibility import Visibility
from kompas.joint.models import Link, LinkKind
from kompas.meetings.models import Meeting
from kompas.parties.models import PartyKind
from tests.conftest import FIXED_MOMENT, Actor, Tenant, assert_problem

# The feed's window runs from the clock: every test here holds it at FIXED_MOMENT.
pytestmark = pytest.mark.usefixtures("wall_clock")
SOON = FIXED_MOMENT.date() + timedelta(days=40)


@pytest.fixture
def department(tenant: Tenant):
    return tenant.party("Werk en Inkomen")


def agenda_item(http, actor: Actor, lead, title: str, **fields) -> dict:
    response = http.post(
        "/agenda-items",
        json={"title": title, "leadPartyId": str(lead.id), **fields},
        headers=actor.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def meeting(tenant: Tenant, title: str, **fields) -> Meeting:
    starts = fields.pop("starts_at", datetime.now(UTC).replace(microsecond=0) + timedelta(days=7))
    return tenant.add(
        Meeting(
            organisation_id=tenant.id,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            **fields,
        )
    )


def read(http, **kwargs) -> tuple[Calendar, dict]:
    """The calendar parsed back, and its events by UID."""
    response = http.get("/calendar", **kwargs)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    return calendar, events


def public(http, tenant: Tenant) -> tuple[Calendar, dict]:
    return read(http, params={"organisation": str(tenant.id)})


def test_without_a_token_only_published_items_of_the_organisation(
    http, tenant: Tenant, other_tenant: Tenant, admin: Actor, department
):
    shown = agenda_item(
        http,
        admin,
        department,
        "Nieuwe aanpak",
        targetDate=SOON.isoformat(),
        visibility="published",
    )
    agenda_item(http, admin, department, "Geheim plan", targetDate=SOON.isoformat())
    agenda_item(
        http, admin, department, "Gedeeld plan", targetDate=SOON.isoformat(), visibility="partners"
    )
    agenda_item(http, admin, department, "Zonder datum", visibility="published")
    open_meeting = meeting(
        tenant,
        "Open overleg",
        agenda="Wat we bespreken",
        location="Stadhuis",
        visibility=Visibility.published,
    )
    meeting(tenant, "Besloten overleg", visibility=Visibility.organisation)
    meeting(tenant, "Partneroverleg", visibility=Visibility.partners)
    meeting(other_tenant, "Overleg elders", visibility=Visibility.published)

    response = http.get("/calendar", params={"organisation": str(tenant.id)})
    for secret in ("Geheim", "Gedeeld", "Besloten", "Partneroverleg", "elders", "Zonder datum"):
        assert secret not in response.text, secret

    calendar, events = public(http, tenant)
    assert set(events) == {f"agenda-item-{shown['id']}@kompas", f"meeting-{open_meeting.id}@kompas"}
    assert str(calendar["X-WR-CALNAME"]) == "Kompas – Gemeente Test"
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]

    target = events[f"agenda-item-{shown['id']}@kompas"]
    assert str(target["SUMMARY"]) == "Streefdatum: Nieuwe aanpak"
    assert target["DTSTART"].dt == SOON  # a date: an all-day event
    assert target["DTSTART"].params.get("VALUE") == "DATE"
    assert target["DTEND"].dt == SOON + timedelta(days=1)
    assert str(target["CLASS"]) == "PUBLIC"

    event = events[f"meeting-{open_meeting.id}@kompas"]
    assert str(event["SUMMARY"]) == "Open overleg"
    assert str(event["DESCRIPTION"]) == "Wat we bespreken"
    assert str(event["LOCATION"]) == "Stadhuis"
    assert event["DTSTART"].dt == open_meeting.starts_at
    assert event["DTSTART"].dt.utcoffset() == timedelta(0)
    assert event["DTEND"].dt == open_meeting.ends_at
    assert event["DTSTAMP"].dt == open_meeting.updated_at.replace(microsecond=0)
    assert int(event["SEQUENCE"]) == 0
    assert b"DTSTART:" + open_meeting.starts_at.strftime("%Y%m%dT%H%M%SZ").encode() in (
        response.content
    )


def test_with_a_token_everything_the_caller_may_see(http, tenant: Tenant, admin: Actor, department):
    secret = agenda_item(http, admin, department, "Geheim plan", targetDate=SOON.isoformat())
    closed = meeting(tenant, "Besloten overleg")
    _, events = read(http, headers=admin.headers)
    assert set(events) == {f"agenda-item-{secret['id']}@kompas", f"meeting-{closed.id}@kompas"}
    assert str(events[f"meeting-{closed.id}@kompas"]["CLASS"]) == "CONFIDENTIAL"
    # With a token, `organisation` may only name the caller's own.
    _, same = read(http, headers=admin.headers, params={"organisation": str(tenant.id)})
    assert set(same) == set(events)


def test_a_partner_sees_only_its_own_and_shared_items(
    http, tenant: Tenant, admin: Actor, department
):
    party = tenant.party("Woonstede", PartyKind.partner)
    partner = tenant.actor(Role.partner, party=party)
    involved = agenda_item(
        http,
        admin,
        department,
        "Samen bouwen",
        targetDate=SOON.isoformat(),
        participants=[{"partyId": str(party.id), "level": "watching"}],
    )
    agenda_item(http, admin, department, "Intern plan", targetDate=SOON.isoformat())
    shared = meeting(tenant, "Gedeeld overleg", visibility=Visibility.partners)
    linked = meeting(tenant, "Overleg met Woonstede")
    tenant.add(
        Link(
            organisation_id=tenant.id,
            source_kind=LinkKind.meeting,
            source_id=linked.id,
            target_kind=LinkKind.party,
            target_id=party.id,
        )
    )
    meeting(tenant, "Intern overleg")
    _, events = read(http, headers=partner.headers)
    assert set(events) == {
        f"agenda-item-{involved['id']}@kompas",
        f"meeting-{shared.id}@kompas",
        f"meeting-{linked.id}@kompas",
    }


def test_uids_are_stable_and_sequence_grows_with_each_change(
    http, tenant: Tenant, admin: Actor, department
):
    item = agenda_item(
        http, admin, department, "Plan", targetDate=SOON.isoformat(), visibility="published"
    )
    uid = f"agenda-item-{item['id']}@kompas"
    _, first = public(http, tenant)
    _, again = public(http, tenant)
    assert set(first) == set(again) == {uid}
    assert int(first[uid]["SEQUENCE"]) == 0

    for n, title in enumerate(("Plan, herzien", "Plan, definitief"), start=1):
        current = http.get(f"/agenda-items/{item['id']}", headers=admin.headers)
        changed = http.patch(
            f"/agenda-items/{item['id']}",
            json={"title": title, "targetDate": (SOON + timedelta(days=n)).isoformat()},
            headers={**admin.headers, "If-Match": current.headers["ETag"]},
        )
        assert changed.status_code == 200, changed.text
        _, events = public(http, tenant)
        assert set(events) == {uid}
        assert int(events[uid]["SEQUENCE"]) == n
        assert str(events[uid]["SUMMARY"]) == f"Streefdatum: {title}"
        assert events[uid]["DTSTART"].dt == SOON + timedelta(days=n)
        assert events[uid]["DTSTAMP"].dt >= first[uid]["DTSTAMP"].dt


def test_a_dropped_item_stays_as_a_cancelled_event(http, tenant: Tenant, admin: Actor, department):
    item = agenda_item(
        http, admin, department, "Plan", targetDate=SOON.isoformat(), visibility="published"
    )
    current = http.get(f"/agenda-items/{item['id']}", headers=admin.headers)
    dropped = http.patch(
        f"/agenda-items/{item['id']}",
        json={"status": "dropped", "statusReason": "Geen budget"},
        headers={**admin.headers, "If-Match": current.headers["ETag"]},
    )
    assert dropped.status_code == 200, dropped.text
    _, events = public(http, tenant)
    assert str(events[f"agenda-item-{item['id']}@kompas"]["STATUS"]) == "CANCELLED"


def test_past_meetings_beyond_a_year_are_left_out(http, tenant: Tenant, admin: Actor):
    old = meeting(tenant, "Lang geleden", starts_at=datetime.now(UTC) - timedelta(days=400))
    recent = meeting(tenant, "Vorige maand", starts_at=datetime.now(UTC) - timedelta(days=30))
    _, events = read(http, headers=admin.headers)
    assert f"meeting-{recent.id}@kompas" in events
    assert f"meeting-{old.id}@kompas" not in events


def test_without_a_token_organisation_is_required(http):
    assert_problem(http.get("/calendar"), 400, "organisation")
    assert_problem(http.get("/calendar", params={"organisation": "nee"}), 400, "organisation")


def test_an_unknown_organisation_is_404(http):
    assert_problem(http.get("/calendar", params={"organisation": str(uuid.uuid4())}), 404)


def test_unknown_parameters_and_other_organisations_are_400(
    http, tenant: Tenant, other_tenant: Tenant, admin: Actor
):
    assert_problem(
        http.get("/calendar", params={"organisation": str(tenant.id), "token": "x"}), 400, "token"
    )
    assert_problem(
        http.get("/calendar", params={"organisation": str(other_tenant.id)}, headers=admin.headers),
        400,
        "organisation",
    )


def test_a_bad_token_is_401_not_the_public_calendar(http, tenant: Tenant):
    params = {"organisation": str(tenant.id)}
    for header in ("Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer"):
        response = http.get("/calendar", params=params, headers={"Authorization": header})
        assert_problem(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_accept_is_negotiated(http, tenant: Tenant):
    params = {"organisation": str(tenant.id)}
    for accept in ("text/calendar", "text/*", "*/*", "text/calendar; charset=utf-8"):
        response = http.get("/calendar", params=params, headers={"Accept": accept})
        assert response.status_code == 200, (accept, response.text)
    assert_problem(
        http.get("/calendar", params=params, headers={"Accept": "application/json"}), 406
    )


def test_the_spec_documents_text_calendar_and_optional_auth(http):
    operation = http.get("/openapi.json").json()["paths"]["/calendar"]["get"]
    assert "text/calendar" in operation["responses"]["200"]["content"]
    assert {} in operation["security"]
    assert "401" in operation["responses"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert parameters["organisation"]["required"] is False


def test_a_partner_token_with_the_calendar_scope(http, tenant: Tenant, admin: Actor):
    party = tenant.party("GGD", PartyKind.partner)
    shared = meeting(tenant, "Gedeeld overleg", visibility=Visibility.partners)
    created = http.post(
        f"/partners/{party.id}/api-tokens",
        json={"name": "Agenda", "scopes": ["calendar:read", "meetings:read"]},
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    _, events = read(http, headers={"Authorization": f"Bearer {created.json()['token']}"})
    assert set(events) == {f"meeting-{shared.id}@kompas"}
