"""Fixtures of the role-map tests: three parties and a map with three tasks."""

from __future__ import annotations

import pytest

from kompas.parties.models import PartyKind
from tests.conftest import Actor, Tenant


@pytest.fixture
def parties(tenant: Tenant):
    return {
        "werk": tenant.party("Werk en Inkomen"),
        "zorg": tenant.party("Zorg en Welzijn"),
        "woon": tenant.party("Woonstede", PartyKind.partner),
    }


@pytest.fixture
def role_map(http, admin: Actor, parties):
    created = http.post(
        "/role-maps",
        json={
            "title": "Schulden en armoede",
            "theme": "Bestaanszekerheid",
            "partyIds": [str(p.id) for p in parties.values()],
        },
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    body = created.json()
    tasks = []
    for title, cluster in (
        ("Signaleren", "Vroeg erbij"),
        ("Huisbezoek", "Vroeg erbij"),
        ("Schuldregeling", ""),
    ):
        task = http.post(
            f"/role-maps/{body['id']}/tasks",
            json={"title": title, "cluster": cluster},
            headers=admin.headers,
        )
        assert task.status_code == 201, task.text
        tasks.append(task.json())
    body["tasks"] = tasks
    return body
