"""Object property level authorisation (OWASP API3:2023), generated from the property tables.

Every writable property of every request body in the spec must be placed in a property table
(``kompas.core.properties.TABLES``). For every property a writer of the resource may not change —
by its role, or by a condition such as publishing — a scenario below builds a record that writer
may change and names the change that must be refused: 403 naming the property, nothing changed.
A new property, or a new rule that refuses someone, fails here until it is placed and tested.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from kompas.core.principal import Role
from kompas.core.properties import TABLES, markdown
from kompas.parties.models import PartyKind
from tests.conftest import Actor, Tenant, assert_problem

# Bodies that belong to no resource: logging in and out.
NOT_RESOURCES = {"/auth/token", "/auth/logout"}
PAST_DAY = "2026-01-15"  # achievedOn must not be in the future; any past day will do


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _refused_cells() -> list[tuple[str, Role, str]]:
    """(schema, role, property) for each writer a rule may refuse: by role or by condition."""
    import kompas.main  # noqa: F401 - every domain, so every table is registered

    cells = []
    for name, table in sorted(TABLES.items()):
        for role in sorted(table.writers):
            for prop, rule in table.rules.items():
                if rule.may_refuse(role):
                    cells.append((name, role, _camel(prop)))
    return cells


# --- the tables cover the spec -----------------------------------------------------------------


def test_every_property_of_every_request_body_has_a_rule(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    seen = set()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json")
            if path in NOT_RESOURCES or body is None:
                continue
            name = body["schema"]["$ref"].rsplit("/", 1)[-1]
            seen.add(name)
            assert name in TABLES, f"{method.upper()} {path}: place {name} in a property table"
            in_table = {_camel(prop) for prop in TABLES[name].rules}
            assert in_table == set(schemas[name]["properties"]), name
    assert seen == set(TABLES), f"tables without an operation: {set(TABLES) - seen}"


def test_docs_list_every_property_table() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "permissions.md").read_text(encoding="utf-8")
    assert markdown() in docs, (
        "docs/permissions.md is stale: run `kompas permissions --update docs/permissions.md`"
    )


# --- scenarios: a record a writer may change, and the changes it may not make ------------------


@dataclass
class Case:
    """What a scenario built: where to send the change, how to read the record back, the actor."""

    actor: Actor
    method: str
    url: str  # the PATCH target, or the collection POSTed to
    read: str | None  # the record's URL (None for a create)
    body: dict[str, Any] = field(default_factory=dict)  # the rest of a create's body
    refused: dict[str, Any] = field(default_factory=dict)  # property → a change to refuse
    allowed: dict[str, Any] = field(default_factory=dict)  # a change the actor may make


def _post(http: Any, actor: Actor, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(path, json=body, headers=actor.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.fixture
def world(http: Any, tenant: Tenant) -> dict[str, Any]:
    werk = tenant.party("Werk en Inkomen")
    woon = tenant.party("Woonstede", PartyKind.partner)
    ggd = tenant.party("GGD", PartyKind.partner)
    coordinator = tenant.actor(Role.coordinator)
    partner = tenant.actor(Role.partner, party=woon)
    taking_part = [
        {"partyId": str(woon.id), "level": "taking-part"},
        {"partyId": str(ggd.id), "level": "watching"},
    ]
    question = _post(
        http,
        coordinator,
        "/questions",
        {
            "title": "Waarom haken jongeren af?",
            "leadPartyId": str(werk.id),
            "participants": taking_part,
        },
    )
    other_question = _post(
        http, coordinator, "/questions", {"title": "Een andere vraag", "leadPartyId": str(werk.id)}
    )
    item = _post(
        http,
        coordinator,
        "/agenda-items",
        {"title": "Schuldhulp aan huis", "leadPartyId": str(werk.id), "participants": taking_part},
    )
    success = _post(
        http,
        coordinator,
        "/successes",
        {
            "title": "Tien huisuitzettingen voorkomen",
            "achievedOn": PAST_DAY,
            "partyIds": [str(werk.id), str(woon.id)],
        },
    )
    need = _post(
        http, partner, "/needs", {"partyId": str(woon.id), "kind": "need", "title": "Signalen"}
    )
    experience = _post(
        http,
        partner,
        "/experiences",
        {
            "title": "Samen op huisbezoek",
            "partyIds": [str(werk.id), str(woon.id)],
            "agendaItemIds": [item["id"]],
            "questionIds": [question["id"]],
            "successIds": [success["id"]],
        },
    )
    return {
        "werk": werk, "woon": woon, "ggd": ggd, "partner": partner, "question": question,
        "other_question": other_question, "item": item, "success": success, "need": need,
        "experience": experience,
    }  # fmt: skip


def _joint_refusals(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "leadPartyId": str(w["woon"].id),
        "participants": [{"partyId": str(w["woon"].id), "level": "taking-part"}],
        "visibility": "published",
    }


SCENARIOS: dict[tuple[str, Role], Callable[[dict[str, Any]], Case]] = {
    ("AgendaItemUpdate", Role.partner): lambda w: Case(
        w["partner"],
        "PATCH",
        f"/agenda-items/{w['item']['id']}",
        f"/agenda-items/{w['item']['id']}",
        refused={**_joint_refusals(w), "questionIds": [w["other_question"]["id"]]},
        allowed={"title": "Schuldhulp aan huis, samen met Woonstede", "progress": 40},
    ),
    ("QuestionUpdate", Role.partner): lambda w: Case(
        w["partner"],
        "PATCH",
        f"/questions/{w['question']['id']}",
        f"/questions/{w['question']['id']}",
        refused=_joint_refusals(w),
        allowed={"rationale": "Wat wij in de wijk zien."},
    ),
    ("SuccessUpdate", Role.partner): lambda w: Case(
        w["partner"],
        "PATCH",
        f"/successes/{w['success']['id']}",
        f"/successes/{w['success']['id']}",
        refused={
            "visibility": "published",
            "partyIds": [str(w["woon"].id)],  # drops Werk en Inkomen
            "agendaItemIds": [w["item"]["id"]],
            "questionIds": [w["question"]["id"]],
        },
        allowed={
            "evidence": "Tien gezinnen",
            "partyIds": [str(w["werk"].id), str(w["woon"].id), str(w["ggd"].id)],
        },
    ),
    ("SuccessCreate", Role.partner): lambda w: Case(
        w["partner"],
        "POST",
        "/successes",
        None,
        body={"title": "Samen gedaan", "achievedOn": PAST_DAY, "partyIds": [str(w["woon"].id)]},
        refused={"visibility": "published"},
        allowed={"evidence": "Twee gezinnen"},
    ),
    ("ExperienceCreate", Role.partner): lambda w: Case(
        w["partner"],
        "POST",
        "/experiences",
        None,
        body={"title": "Wat wij leerden", "partyIds": [str(w["woon"].id)]},
        refused={"visibility": "published"},
        allowed={"visibility": "partners", "tags": ["wijk"]},
    ),
    ("ExperienceUpdate", Role.partner): lambda w: Case(
        w["partner"],
        "PATCH",
        f"/experiences/{w['experience']['id']}",
        f"/experiences/{w['experience']['id']}",
        refused={
            "visibility": "published",
            "partyIds": [str(w["woon"].id)],  # drops Werk en Inkomen
            "agendaItemIds": [],
            "questionIds": [],
            "successIds": [],
        },
        allowed={
            "tip": "Ga met z'n tweeën.",
            "visibility": "partners",
            "partyIds": [str(w["werk"].id), str(w["woon"].id), str(w["ggd"].id)],
        },
    ),
    ("NeedCreate", Role.partner): lambda w: Case(
        w["partner"],
        "POST",
        "/needs",
        None,
        body={"partyId": str(w["woon"].id), "kind": "offer", "title": "Wij bieden signalen"},
        refused={"visibility": "published"},
        allowed={"visibility": "partners"},
    ),
    ("NeedUpdate", Role.partner): lambda w: Case(
        w["partner"],
        "PATCH",
        f"/needs/{w['need']['id']}",
        f"/needs/{w['need']['id']}",
        refused={"visibility": "published"},
        allowed={"visibility": "partners", "title": "Signalen uit de wijk"},
    ),
}


def _send(http: Any, case: Case, changes: dict[str, Any]) -> Any:
    if case.method == "POST":
        return http.post(case.url, json={**case.body, **changes}, headers=case.actor.headers)
    etag = http.get(case.read, headers=case.actor.headers).headers["ETag"]
    return http.patch(case.url, json=changes, headers={**case.actor.headers, "If-Match": etag})


def _state(http: Any, case: Case, coordinator: Actor) -> Any:
    """What a refused change must leave alone: the record, or the collection's size."""
    if case.read is not None:
        response = http.get(case.read, headers=coordinator.headers)
        return response.headers["ETag"], response.json()
    return len(
        http.get(case.url, params={"limit": 200}, headers=coordinator.headers).json()["items"]
    )


@pytest.mark.parametrize(("schema", "role", "prop"), _refused_cells())
def test_a_change_the_writer_may_not_make_answers_403_naming_it(
    http: Any, tenant: Tenant, world: dict[str, Any], schema: str, role: Role, prop: str
) -> None:
    assert (schema, role) in SCENARIOS, f"add a scenario for {role.value} writing {schema}"
    case = SCENARIOS[(schema, role)](world)
    assert prop in case.refused, f"the scenario of {schema} must name a change of {prop}"
    admin = tenant.actor(Role.admin)
    before = _state(http, case, admin)

    response = _send(http, case, {prop: case.refused[prop]})

    body = assert_problem(response, 403, prop)
    assert prop in body["detail"]
    assert _state(http, case, admin) == before


@pytest.mark.parametrize(("schema", "role"), sorted(SCENARIOS))
def test_the_writer_may_make_its_own_changes_and_send_the_rest_back_unchanged(
    http: Any, tenant: Tenant, world: dict[str, Any], schema: str, role: Role
) -> None:
    case = SCENARIOS[(schema, role)](world)
    unchanged: dict[str, Any] = {}
    if case.read is not None:  # what the writer read, sent back as it was, is no change
        current = http.get(case.read, headers=case.actor.headers).json()
        unchanged = {prop: current[prop] for prop in case.refused if prop in current}
        if "participants" in unchanged:
            unchanged["participants"] = [
                {"partyId": p["partyId"], "level": p["level"]} for p in current["participants"]
            ]
    response = _send(http, case, {**unchanged, **case.allowed})
    assert response.status_code in (200, 201), response.text
    for prop, value in case.allowed.items():
        got = response.json()[prop]
        assert sorted(got) == sorted(value) if isinstance(value, list) else got == value


# --- the reproduction of the issue -------------------------------------------------------------


def test_a_partner_cannot_publish_an_internal_item_to_the_anonymous_calendar(
    http: Any, tenant: Tenant, world: dict[str, Any]
) -> None:
    item_url = f"/agenda-items/{world['item']['id']}"
    partner = world["partner"]
    etag = http.get(item_url, headers=partner.headers).headers["ETag"]
    response = http.patch(
        item_url,
        json={"visibility": "published", "leadPartyId": str(world["woon"].id)},
        headers={**partner.headers, "If-Match": etag},
    )
    assert_problem(response, 403, "visibility", "leadPartyId")
    calendar = http.get("/calendar", params={"organisation": str(tenant.id)})
    assert calendar.status_code == 200
    assert "Schuldhulp aan huis" not in calendar.text


def test_a_coordinator_may_publish_and_a_member_too(http: Any, tenant: Tenant, world) -> None:
    for actor in (tenant.actor(Role.coordinator), tenant.actor(Role.member, party=world["werk"])):
        item = _post(
            http, actor, "/agenda-items",
            {"title": f"Open {uuid.uuid4().hex[:6]}", "leadPartyId": str(world["werk"].id),
             "visibility": "published"},
        )  # fmt: skip
        assert item["visibility"] == "published"
