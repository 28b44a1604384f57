"""A populated organisation and helpers to walk every operation of the published spec."""

from __future__ import annotations

import dataclasses
import re
import uuid
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from kompas.core.db import metadata
from kompas.core.principal import Role
from kompas.organisations.models import Organisation
from kompas.parties.models import Party
from tests.conftest import Actor, Tenant

PER_COLLECTION = 5


@pytest.fixture
def spec(http) -> dict[str, Any]:
    return http.get("/openapi.json").json()


@pytest.fixture
def populated(http, tenant: Tenant, admin: Actor) -> dict[str, str]:
    """Five of every resource, made through the API; returns a sample id per path parameter."""
    return populate(http, tenant, admin)


def populate(http, tenant: Tenant, admin: Actor) -> dict[str, str]:
    """Five of every resource, made through the API; returns a sample id per path parameter."""

    def post(path: str, body: dict[str, Any]) -> str:
        response = http.post(path, json=body, headers=admin.headers)
        assert response.status_code == 201, (path, response.text)
        return str(response.json()["id"])

    ids: dict[str, str] = {}
    for i in range(PER_COLLECTION):
        ids["departmentId"] = post("/departments", {"name": f"Afdeling {i}"})
        ids["partnerId"] = post(
            "/partners", {"name": f"Partner {i}", "contacts": [{"name": f"Contact {i}"}]}
        )
        ids["personId"] = post("/people", {"name": f"Persoon {i}", "partyId": ids["departmentId"]})
        ids["needId"] = post(
            "/needs",
            {
                "partyId": ids["departmentId"],
                "kind": "need",
                "title": f"Behoefte {i}",
                "counterpartPartyId": ids["partnerId"],
            },
        )
        ids["driverId"] = post("/drivers", {"title": f"Drijfveer {i}"})
        ids["phaseId"] = post("/phases", {"name": f"Fase {i}"})
        ids["workFormatId"] = post("/work-formats", {"name": f"Werkvorm {i}"})
        ids["userId"] = post(
            "/users",
            {
                "email": f"gebruiker{i}@test.example",
                "name": f"Gebruiker {i}",
                "role": "member",
                "password": "een lang wachtwoord",
            },
        )
    ids["partyId"] = ids["partnerId"]
    for i in range(PER_COLLECTION):
        ids["apiTokenId"] = post(
            f"/partners/{ids['partnerId']}/api-tokens",
            {"name": f"Koppeling {i}", "scopes": ["needs:read"]},
        )
        role_map = http.post(
            "/role-maps",
            json={"title": f"Kaart {i}", "partyIds": [ids["departmentId"], ids["partnerId"]]},
            headers=admin.headers,
        ).json()
    ids["roleMapId"] = role_map["id"]
    task_ids = [
        post(f"/role-maps/{role_map['id']}/tasks", {"title": f"Taak {i}"})
        for i in range(PER_COLLECTION)
    ]
    ids["taskId"] = task_ids[-1]
    ids["perspective"] = "agreed"
    agreed = http.put(
        f"/role-maps/{role_map['id']}/perspectives/agreed",
        json={
            "assignments": [
                {"taskId": task_id, "partyId": ids["departmentId"], "role": "accountable"}
                for task_id in task_ids
            ]
        },
        headers={**admin.headers, "If-Match": "*"},
    )
    assert agreed.status_code == 200, agreed.text
    for i in range(PER_COLLECTION):
        ids["snapshotId"] = post(f"/role-maps/{role_map['id']}/snapshots", {"label": f"Stand {i}"})
    for i in range(PER_COLLECTION):
        ids["agendaItemId"] = post(
            "/agenda-items",
            {
                "title": f"Agendapunt {i}",
                "leadPartyId": ids["departmentId"],
                "driverIds": [ids["driverId"]],
                "participants": [{"partyId": ids["partnerId"], "level": "taking-part"}],
            },
        )
    item_url = f"/agenda-items/{ids['agendaItemId']}"
    for i in range(PER_COLLECTION):
        # One open handoff at a time: each earlier one is withdrawn.
        if i:
            withdrawn = http.patch(
                f"{item_url}/handoffs/{ids['handoffId']}",
                json={"status": "withdrawn"},
                headers={**admin.headers, "If-Match": "*"},
            )
            assert withdrawn.status_code == 200, withdrawn.text
        ids["handoffId"] = post(f"{item_url}/handoffs", {"toPartyId": ids["partnerId"]})
    for status in ("planned", "in-progress", "planned", "in-progress"):
        moved = http.patch(
            item_url, json={"status": status}, headers={**admin.headers, "If-Match": "*"}
        )
        assert moved.status_code == 200, moved.text
    for i in range(PER_COLLECTION):
        ids["questionId"] = post(
            "/questions",
            {
                "title": f"Vraagstuk {i}",
                "leadPartyId": ids["departmentId"],
                "driverIds": [ids["driverId"]],
                "participants": [{"partyId": ids["partnerId"], "level": "taking-part"}],
            },
        )
    question_url = f"/questions/{ids['questionId']}"
    for i in range(PER_COLLECTION):
        ids["contributionId"] = post(
            f"{question_url}/contributions",
            {"kind": "observation", "body": f"Bijdrage {i}", "partyId": ids["partnerId"]},
        )
    # The question's handoffs have their own ids (see `fill`).
    for i in range(PER_COLLECTION):
        if i:
            withdrawn = http.patch(
                f"{question_url}/handoffs/{ids['questions.handoffId']}",
                json={"status": "withdrawn"},
                headers={**admin.headers, "If-Match": "*"},
            )
            assert withdrawn.status_code == 200, withdrawn.text
        ids["questions.handoffId"] = post(
            f"{question_url}/handoffs", {"toPartyId": ids["partnerId"]}
        )
    for status in ("investigating", "open", "investigating", "open"):
        moved = http.patch(
            question_url, json={"status": status}, headers={**admin.headers, "If-Match": "*"}
        )
        assert moved.status_code == 200, moved.text
    # Successes that name five departments, each of which endorses the last one.
    departments = http.get("/departments", params={"limit": 200}, headers=admin.headers).json()
    department_ids = [d["id"] for d in departments["items"]][:PER_COLLECTION]
    for i in range(PER_COLLECTION):
        ids["successId"] = post(
            "/successes",
            {
                "title": f"Succes {i}",
                "achievedOn": "2026-01-15",
                "evidence": f"{i + 1}0 plaatsingen",
                "partyIds": department_ids,
                "agendaItemIds": [ids["agendaItemId"]],
                "questionIds": [ids["questionId"]],
                "driverIds": [ids["driverId"]],
            },
        )
    # The admin's organisation (schemathesis brings its own admin, not the tenant's).
    with Session(tenant.engine) as session:
        organisation = session.get(Organisation, admin.user.organisation_id)
        departments_ = [session.get(Party, uuid.UUID(d)) for d in department_ids]
    admins_tenant = dataclasses.replace(tenant, organisation=organisation)
    for department in departments_:
        endorser = admins_tenant.actor(Role.member, party=department)
        endorsed = http.post(
            f"/successes/{ids['successId']}/endorsements",
            json={"comment": "Ook ons succes"},
            headers=endorser.headers,
        )
        assert endorsed.status_code == 201, endorsed.text
        ids["endorsementId"] = endorsed.json()["id"]
    for i in range(PER_COLLECTION):
        ids["meetingId"] = post(
            "/meetings",
            {
                "title": f"Overleg {i}",
                "startsAt": f"2026-0{i + 1}-10T09:00:00+01:00",
                "endsAt": f"2026-0{i + 1}-10T11:00:00+01:00",
                "phaseId": ids["phaseId"],
                "workFormatId": ids["workFormatId"],
                "partyIds": [ids["departmentId"], ids["partnerId"]],
                "personIds": [ids["personId"]],
                "agendaItemIds": [ids["agendaItemId"]],
                "successIds": [ids["successId"]],
                "snapshotIds": [ids["snapshotId"]],
            },
        )
    for i in range(PER_COLLECTION):
        ids["experienceId"] = post(
            "/experiences",
            {
                "title": f"Ervaring {i}",
                "situation": "Een gezin met schulden en drie loketten.",
                "whatWasLearned": "Eén regisseur werkt beter.",
                "tags": ["schulden", f"wijk {i}"],
                "phaseId": ids["phaseId"],
                "visibility": "published" if i % 2 else "partners",
                "partyIds": [ids["departmentId"], ids["partnerId"]],
                "agendaItemIds": [ids["agendaItemId"]],
                "questionIds": [ids["questionId"]],
                "successIds": [ids["successId"]],
            },
        )
    # Five people's commitments, shared so that the admin reads them (one per person).
    for i in range(PER_COLLECTION):
        author = admins_tenant.actor(Role.member, party=departments_[i])
        made = http.put(
            "/commitments/mine",
            json={"meaning": f"Samen {i}", "contribution": "Mijn netwerk", "shared": True},
            headers=author.headers,
        )
        assert made.status_code == 201, made.text
        ids["commitmentId"] = made.json()["id"]
    # And the admin's own, which `/commitments/mine` is to the admin.
    made = http.put("/commitments/mine", json={"meaning": "Samen"}, headers=admin.headers)
    assert made.status_code == 201, made.text
    # Reflection rounds of the departments; the last one open.
    for i in range(PER_COLLECTION):
        ids["roundId"] = post(
            "/reflection-rounds",
            {
                "title": f"Reflectie {i}",
                "opensOn": "2026-01-01",
                "closesOn": "2099-12-31",
                "partyIds": department_ids,
            },
        )
    opened = http.patch(
        f"/reflection-rounds/{ids['roundId']}",
        json={"status": "open"},
        headers={**admin.headers, "If-Match": "*"},
    )
    assert opened.status_code == 200, opened.text
    # Webhook subscriptions to a public address (never called: no worker runs), with deliveries.
    for i in range(PER_COLLECTION):
        ids["webhookSubscriptionId"] = post(
            "/webhook-subscriptions",
            {"url": f"https://93.184.215.14/hooks/{i}", "eventTypes": [WEBHOOK_EVENT]},
        )
    for _ in range(PER_COLLECTION):
        sent = http.post(
            f"/webhook-subscriptions/{ids['webhookSubscriptionId']}/test-event",
            headers=admin.headers,
        )
        assert sent.status_code == 202, sent.text
        ids["deliveryId"] = sent.json()["id"]
    events = http.get("/audit-events", params={"limit": 1}, headers=admin.headers)
    ids["auditEventId"] = events.json()["items"][0]["id"]
    return ids


@dataclasses.dataclass(frozen=True)
class Snapshot:
    """Every row of every table, as read back after ``populate``."""

    ids: dict[str, str]
    rows: dict[str, list[dict[str, Any]]]

    @classmethod
    def take(cls, engine: Engine, ids: dict[str, str]) -> Snapshot:
        with engine.connect() as connection:
            rows = {
                table.name: [dict(row._mapping) for row in connection.execute(select(table))]
                for table in metadata.sorted_tables
            }
        return cls(ids=dict(ids), rows=rows)

    def restore(self, engine: Engine) -> dict[str, str]:
        """Put the database back exactly as it was read (the search index follows by triggers
        and generated columns, as for any insert)."""
        with engine.begin() as connection:
            for table in reversed(metadata.sorted_tables):
                connection.execute(table.delete())
            for table in metadata.sorted_tables:
                if self.rows[table.name]:
                    connection.execute(table.insert(), self.rows[table.name])
        return dict(self.ids)


WEBHOOK_EVENT = "nl.kompas.agenda-item.created.v1"
# Valid bodies for the operations whose record lookup must decide the answer (not validation).
VALID_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("post", "/webhook-subscriptions"): {
        "url": "https://93.184.215.14/hooks",
        "eventTypes": [WEBHOOK_EVENT],
    },
    ("put", "/purpose"): {"statement": "x"},
    ("put", "/role-maps/{roleMapId}/perspectives/{perspective}"): {"assignments": []},
    ("post", "/role-maps/{roleMapId}/tasks"): {"title": "x"},
    ("post", "/role-maps/{roleMapId}/snapshots"): {"label": "x"},
    ("post", "/partners/{partnerId}/api-tokens"): {"name": "x", "scopes": ["needs:read"]},
    ("post", "/agenda-items/{agendaItemId}/handoffs"): {
        "toPartyId": "00000000-0000-4000-8000-000000000000"
    },
    ("patch", "/agenda-items/{agendaItemId}/handoffs/{handoffId}"): {"status": "withdrawn"},
    ("post", "/successes/{successId}/endorsements"): {"comment": "x"},
    ("post", "/questions/{questionId}/handoffs"): {
        "toPartyId": "00000000-0000-4000-8000-000000000000"
    },
    ("patch", "/questions/{questionId}/handoffs/{handoffId}"): {"status": "withdrawn"},
    ("post", "/questions/{questionId}/contributions"): {"kind": "observation", "body": "x"},
    ("post", "/reflection-rounds/{roundId}/answers"): {
        "ratings": [
            {"statementKey": key, "rating": 3}
            for key in (
                "trust",
                "role-clarity",
                "shared-purpose",
                "information-sharing",
                "partner-involvement",
                "progress",
            )
        ]
    },
}


# Required query parameters, filled from the populated ids.
REQUIRED_QUERY: dict[tuple[str, str], dict[str, str]] = {
    ("get", "/role-maps/{roleMapId}/comparison"): {"from": "snapshotId"},
}


def required_query(method: str, path: str, ids: dict[str, str]) -> dict[str, str]:
    return {key: ids[name] for key, name in REQUIRED_QUERY.get((method, path), {}).items()}


# Operations that take another body than JSON: their media type and a valid body.
RAW_BODIES: dict[tuple[str, str], tuple[str, bytes]] = {
    ("post", "/role-maps/{roleMapId}/csv"): (
        "text/csv",
        b"taskId,task,cluster,party,role,perspective\n",
    ),
    ("post", "/parties/csv"): ("text/csv", b"kind,name\n"),
    ("post", "/people/csv"): ("text/csv", b"name,party\n"),
    ("post", "/needs/csv"): ("text/csv", b"kind,title,party\n"),
    ("post", "/agenda-items/csv"): ("text/csv", b"title,leadParty\n"),
}


def body_kwargs(method: str, path: str) -> dict[str, Any]:
    """The keyword arguments for httpx that send a valid body of this operation."""
    if (method, path) in RAW_BODIES:
        media_type, content = RAW_BODIES[(method, path)]
        return {"content": content, "headers": {"Content-Type": media_type}}
    return {"json": valid_body(method, path)}


def valid_body(method: str, path: str) -> dict[str, Any] | None:
    """A body that passes validation (or none for DELETE), so that access decides the answer."""
    if method == "delete":
        return None
    return VALID_BODIES.get((method, path), {})


def operations(spec: dict[str, Any], *methods: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in methods
    ]


def fill(path: str, ids: dict[str, str]) -> str:
    """The path with sample ids; an id named for the path's collection (`questions.handoffId`)
    goes before the shared one (`handoffId`)."""
    collection = path.split("/")[1]
    return re.sub(
        r"\{(\w+)\}", lambda m: ids.get(f"{collection}.{m.group(1)}") or ids[m.group(1)], path
    )


def snapshot(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove a request changed nothing."""
    with engine.connect() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in metadata.sorted_tables
            if table.name != "idempotency_keys"
        }
