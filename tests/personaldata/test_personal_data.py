"""A person's own data (AVG/GDPR): downloading it (art. 15) and an admin erasing a person
(art. 17), proved over HTTP and by reading what the database stores afterwards."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text
from sqlmodel import select

from kompas.core.principal import Role
from kompas.parties.models import Party, PartyKind
from kompas.reflection.models import ReflectionRound, Respondent
from tests.conftest import Actor, Tenant, assert_problem

NAME_BEFORE = "Zoë Vergeetmij-Eerder"
NAME = "Zoë Vergeetmij-Uniek"
EMAIL = "zoe.vergeetmij@uniek.example"
PASSWORD = "een lang wachtwoord"
SECRET_WORDS = "Mijn eigen woorden over samenwerken"


@pytest.fixture
def parties(tenant: Tenant) -> dict[str, Party]:
    return {
        "werk": tenant.party("Werk en Inkomen"),
        "woon": tenant.party("Woonstede", PartyKind.partner),
    }


def sign_in(http: httpx.Client, email: str, password: str) -> httpx.Response:
    return http.post(
        "/auth/token", data={"username": email, "password": password, "grant_type": "password"}
    )


def make_person(http: httpx.Client, admin: Actor, parties: dict[str, Party]) -> dict[str, Any]:
    """A member created and renamed by the admin through the API, signed in with a password."""
    created = http.post(
        "/users",
        json={
            "email": EMAIL,
            "name": NAME_BEFORE,
            "role": "member",
            "partyId": str(parties["werk"].id),
            "password": PASSWORD,
        },
        headers={**admin.headers, "Idempotency-Key": "nieuw-lid-1"},
    )
    assert created.status_code == 201, created.text
    user = created.json()
    signed_in = sign_in(http, EMAIL, PASSWORD)
    assert signed_in.status_code == 200, signed_in.text
    headers = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}
    # Written under the earlier name, which the erasure must find too.
    early = http.post("/experiences", json={"title": "Van voor de naamswijziging"}, headers=headers)
    assert early.status_code == 201, early.text
    assert early.json()["authorName"] == NAME_BEFORE
    renamed = http.patch(
        f"/users/{user['id']}",
        json={"name": NAME},
        headers={**admin.headers, "If-Match": created.headers["ETag"]},
    )
    assert renamed.status_code == 200, renamed.text
    return {"id": user["id"], "headers": headers, "early_experience": early.json()["id"]}


def write_things(
    http: httpx.Client, person: dict[str, Any], parties: dict[str, Party], coordinator: Actor
) -> dict[str, Any]:
    """The person writes for the organisation and for themselves."""
    headers = person["headers"]
    commitment = http.put(
        "/commitments/mine",
        json={"meaning": SECRET_WORDS, "contribution": "Tijd", "needs": "Ruimte", "step": "Bellen"},
        headers=headers,
    )
    assert commitment.status_code == 201, commitment.text
    experience = http.post(
        "/experiences",
        json={"title": "Eén loket voor schulden", "tip": "Begin klein."},
        headers=headers,
    )
    assert experience.status_code == 201, experience.text
    question = http.post(
        "/questions",
        json={
            "title": "Waarom vallen jongeren tussen wal en schip?",
            "leadPartyId": str(parties["werk"].id),
        },
        headers=coordinator.headers,
    ).json()
    contribution = http.post(
        f"/questions/{question['id']}/contributions",
        json={"kind": "observation", "body": "Wij zien het ook"},
        headers=headers,
    )
    assert contribution.status_code == 201, contribution.text
    url = f"/questions/{question['id']}"
    current = http.get(url, headers=headers)
    stepped = http.patch(
        url,
        json={"status": "investigating"},
        headers={**headers, "If-Match": current.headers["ETag"]},
    )
    assert stepped.status_code == 200, stepped.text
    handoff = http.post(
        f"{url}/handoffs",
        json={"toPartyId": str(parties["woon"].id), "note": "Jullie hebben de cijfers"},
        headers=headers,
    )
    assert handoff.status_code == 201, handoff.text
    return {
        "commitment": commitment.json(),
        "experience": experience.json(),
        "question": question,
        "contribution": contribution.json(),
        "handoff": handoff.json(),
    }


def stored_texts(engine: Engine) -> list[tuple[str, str]]:
    """(table, value) for every text, JSON and binary value of every table, read with raw SQL."""
    found: list[tuple[str, str]] = []
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            tables = connection.execute(
                text("SELECT name FROM sqlite_master WHERE type = 'table'")
            ).scalars()
        else:
            tables = connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ).scalars()
        for table in list(tables):
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):  # noqa: S608
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        found.append((table, bytes(value).decode("utf-8", "replace")))
                    elif isinstance(value, dict | list):
                        found.append((table, json.dumps(value)))
                        found.append((table, json.dumps(value, ensure_ascii=False)))
                    elif isinstance(value, str):
                        found.append((table, value))
    return found


def mentions(engine: Engine, *needles: str) -> list[tuple[str, str]]:
    forms = {form for needle in needles for form in (needle, json.dumps(needle)[1:-1])}
    return [
        (table, value) for table, value in stored_texts(engine) if any(f in value for f in forms)
    ]


# --- art. 15 -----------------------------------------------------------------------------------


def test_a_person_downloads_everything_kompas_holds_about_them_and_nothing_of_others(
    http, tenant: Tenant, admin: Actor, parties, db
):
    coordinator = tenant.actor(Role.coordinator)
    person = make_person(http, admin, parties)
    written = write_things(http, person, parties, coordinator)
    colleague = tenant.actor(Role.member, party=parties["werk"], name="Collega Anders")
    http.put(
        "/commitments/mine",
        json={"meaning": "Geheim van een ander"},
        headers=colleague.headers,
    ).raise_for_status()
    http.post(
        "/experiences", json={"title": "Van een ander"}, headers=colleague.headers
    ).raise_for_status()

    response = http.get("/me/data", headers=person["headers"])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    data = response.json()
    assert data["generatedAt"].endswith("Z")
    assert data["profile"]["name"] == NAME
    assert data["profile"]["email"] == EMAIL
    assert data["profile"]["partyName"] == "Werk en Inkomen"
    assert "passwordHash" not in data["profile"]
    assert [c["id"] for c in data["commitments"]] == [written["commitment"]["id"]]
    assert data["commitments"][0]["meaning"] == SECRET_WORDS  # private, and theirs
    assert [e["id"] for e in data["experiences"]] == [
        person["early_experience"],
        written["experience"]["id"],
    ]
    assert [c["id"] for c in data["contributions"]] == [written["contribution"]["id"]]
    assert [h["id"] for h in data["handoffs"]] == [written["handoff"]["id"]]
    own = data["auditEvents"]
    assert own
    assert all(event["actorId"] == person["id"] for event in own)
    assert {"commitments", "experiences", "contributions", "questions", "handoffs"} <= {
        event["resourceType"] for event in own
    }
    about = data["auditEventsAboutYou"]
    assert [event["action"] for event in about] == ["create", "update"]
    assert about[1]["changes"]["name"] == {"from": NAME_BEFORE, "to": NAME}
    assert "passwordHash" not in json.dumps(about).replace('"passwordHash": {"changed": true}', "")
    assert "Geheim van een ander" not in response.text
    assert "Van een ander" not in response.text
    assert "Collega Anders" not in response.text

    # Audited: that it happened, by whom, never what it held.
    events = http.get(
        "/audit-events", params={"resourceType": "personal-data-exports"}, headers=admin.headers
    ).json()["items"]
    assert [(e["actorId"], e["resourceId"], e["changes"]) for e in events] == [
        (person["id"], person["id"], {})
    ]


def test_personal_data_is_for_people_only(http, tenant: Tenant, admin: Actor, parties):
    assert_problem(http.get("/me/data"), 401)
    token = http.post(
        f"/partners/{parties['woon'].id}/api-tokens",
        json={"name": "Koppeling", "scopes": ["needs:read"]},
        headers=admin.headers,
    ).json()["token"]
    assert_problem(http.get("/me/data", headers={"Authorization": f"Bearer {token}"}), 403)
    partner = tenant.actor(Role.partner, party=parties["woon"])
    assert http.get("/me/data", headers=partner.headers).json()["profile"]["id"] == str(partner.id)


# --- art. 17 -----------------------------------------------------------------------------------


def test_erasing_a_person_leaves_their_name_and_address_nowhere_in_the_database(
    http, tenant: Tenant, admin: Actor, parties, engine: Engine
):
    coordinator = tenant.actor(Role.coordinator)
    person = make_person(http, admin, parties)
    written = write_things(http, person, parties, coordinator)
    assert mentions(engine, NAME), "the test must start with the name stored"
    trail_before = http.get(
        "/audit-events", params={"actorId": person["id"], "limit": 200}, headers=admin.headers
    ).json()["items"]

    erased = http.post(f"/users/{person['id']}/erase", headers=admin.headers)

    assert erased.status_code == 200, erased.text
    body = erased.json()
    assert body["name"] == "Voormalig lid"
    assert "@" not in body["email"]
    assert body["isActive"] is False
    assert mentions(engine, NAME, NAME_BEFORE, EMAIL) == []
    # The account is gone: no token, no password, no second session.
    assert_problem(http.get("/me", headers=person["headers"]), 401)
    assert sign_in(http, EMAIL, PASSWORD).status_code in (400, 401)
    # Private data is gone, what they wrote for the organisation stays as a former member's.
    assert_problem(
        http.get(f"/commitments/{written['commitment']['id']}", headers=admin.headers), 404
    )
    experience = http.get(f"/experiences/{written['experience']['id']}", headers=admin.headers)
    assert experience.json()["authorName"] == "Voormalig lid"
    assert experience.json()["authorId"] == person["id"]
    contributions = http.get(
        f"/questions/{written['question']['id']}/contributions", headers=admin.headers
    ).json()["items"]
    assert [c["authorName"] for c in contributions] == ["Voormalig lid"]
    # The trail keeps every event, without the name.
    trail_after = http.get(
        "/audit-events", params={"actorId": person["id"], "limit": 200}, headers=admin.headers
    ).json()["items"]
    assert [e["id"] for e in trail_after] == [e["id"] for e in trail_before]
    assert {e["actorName"] for e in trail_after} == {"Voormalig lid"}
    erasures = http.get(
        "/audit-events", params={"resourceType": "personal-data-erasures"}, headers=admin.headers
    ).json()["items"]
    assert [(e["actorId"], e["resourceId"]) for e in erasures] == [(str(admin.id), person["id"])]
    # Once is enough.
    assert_problem(http.post(f"/users/{person['id']}/erase", headers=admin.headers), 409)


def test_only_an_admin_of_the_organisation_erases_a_person(
    http, tenant: Tenant, other_tenant: Tenant, admin: Actor, parties
):
    person = tenant.actor(Role.member, party=parties["werk"])
    for role in (Role.coordinator, Role.member, Role.viewer):
        assert_problem(
            http.post(f"/users/{person.id}/erase", headers=tenant.actor(role).headers), 403
        )
    partner = tenant.actor(Role.partner, party=parties["woon"])
    assert_problem(http.post(f"/users/{person.id}/erase", headers=partner.headers), 403)
    elsewhere = other_tenant.actor(Role.admin)
    assert_problem(http.post(f"/users/{person.id}/erase", headers=elsewhere.headers), 404)
    assert_problem(http.post("/users/not-a-uuid/erase", headers=admin.headers), 400, "userId")
    assert http.get(f"/users/{person.id}", headers=admin.headers).json()["name"] == person.user.name


def test_the_last_admin_cannot_be_erased_but_one_of_two_can(http, tenant: Tenant, admin: Actor):
    assert_problem(http.post(f"/users/{admin.id}/erase", headers=admin.headers), 409)
    assert http.get("/me", headers=admin.headers).status_code == 200
    second = tenant.actor(Role.admin)
    erased = http.post(f"/users/{admin.id}/erase", headers=second.headers)
    assert erased.status_code == 200, erased.text
    assert_problem(http.post(f"/users/{second.id}/erase", headers=second.headers), 409)


def test_a_reflection_round_keeps_counting_who_answered_after_an_erasure(
    http, tenant: Tenant, admin: Actor, parties, db
):
    person = tenant.actor(Role.member, party=parties["werk"])
    round_ = tenant.add(
        ReflectionRound(
            organisation_id=tenant.id,
            title="Voorjaar",
            opens_on=date(2026, 1, 1),
            closes_on=date(2026, 2, 1),
        )
    )
    db.add(Respondent(round_id=round_.id, user_id=person.id))
    db.commit()
    assert http.post(f"/users/{person.id}/erase", headers=admin.headers).status_code == 200
    answered = db.exec(select(Respondent).where(Respondent.round_id == round_.id)).all()
    assert [respondent.user_id for respondent in answered] == [person.id]


def test_a_control_character_in_the_path_or_query_is_refused_with_400(http, admin: Actor):
    assert_problem(http.post("/users/%00/erase", headers=admin.headers), 400)
    assert_problem(http.get("/me/data", params={"x": "a\x01b"}, headers=admin.headers), 400)
    assert_problem(
        http.post(f"/users/{admin.id}/erase", params={"x": "a\x01b"}, headers=admin.headers), 400
    )
    assert http.get("/me", headers=admin.headers).status_code == 200
