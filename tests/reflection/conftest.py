"""Fixtures of the reflection tests: parties with people, and helpers to run a round."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from kompas.core.principal import Role
from kompas.parties.models import Party, PartyKind
from tests.conftest import Actor, Clock, Tenant

# The wall clock's day (FIXED_MOMENT, a Monday in March 2026).
TODAY = "2026-03-02"
K = 5  # the default minimum group


@dataclass
class World:
    http: httpx.Client
    tenant: Tenant
    coordinator: Actor
    parties: dict[str, Party]
    members: dict[str, list[Actor]] = field(default_factory=dict)

    def people(self, party: str, count: int, role: Role = Role.member) -> list[Actor]:
        """``count`` more users of ``party``."""
        made = [
            self.tenant.actor(role, party=self.parties[party], name=f"Persoon {party} {i}")
            for i in range(count)
        ]
        self.members.setdefault(party, []).extend(made)
        return made

    def create(self, *party_names: str, **fields: Any) -> dict[str, Any]:
        body = {
            "title": "Reflectie Q1",
            "opensOn": TODAY,
            "closesOn": "2026-03-31",
            "partyIds": [str(self.parties[name].id) for name in party_names],
            **fields,
        }
        response = self.http.post("/reflection-rounds", json=body, headers=self.coordinator.headers)
        assert response.status_code == 201, response.text
        return dict(response.json())

    def read(self, round_: dict[str, Any], actor: Actor | None = None) -> httpx.Response:
        return self.http.get(
            f"/reflection-rounds/{round_['id']}", headers=(actor or self.coordinator).headers
        )

    def patch(
        self, round_: dict[str, Any], actor: Actor | None = None, **fields: Any
    ) -> httpx.Response:
        actor = actor or self.coordinator
        current = self.read(round_)
        return self.http.patch(
            f"/reflection-rounds/{round_['id']}",
            json=fields,
            headers={**actor.headers, "If-Match": current.headers["ETag"]},
        )

    def open(self, *party_names: str, **fields: Any) -> dict[str, Any]:
        round_ = self.create(*party_names, **fields)
        opened = self.patch(round_, status="open")
        assert opened.status_code == 200, opened.text
        return dict(opened.json())

    def close(self, round_: dict[str, Any]) -> dict[str, Any]:
        closed = self.patch(round_, status="closed")
        assert closed.status_code == 200, closed.text
        return dict(closed.json())

    def answer(
        self,
        round_: dict[str, Any],
        actor: Actor,
        rating: int | dict[str, int] = 3,
        **open_answers: str,
    ) -> httpx.Response:
        keys = [statement["key"] for statement in round_["statements"]]
        ratings = rating if isinstance(rating, dict) else dict.fromkeys(keys, rating)
        body = {
            "ratings": [{"statementKey": key, "rating": value} for key, value in ratings.items()],
            "openAnswers": [
                {"questionKey": key.replace("_", "-"), "text": text}
                for key, text in open_answers.items()
            ],
        }
        return self.http.post(
            f"/reflection-rounds/{round_['id']}/answers", json=body, headers=actor.headers
        )

    def answered(self, round_: dict[str, Any], actor: Actor, **kwargs: Any) -> None:
        response = self.answer(round_, actor, **kwargs)
        assert response.status_code == 204, response.text

    def results(self, round_: dict[str, Any], actor: Actor | None = None) -> httpx.Response:
        return self.http.get(
            f"/reflection-rounds/{round_['id']}/results",
            headers=(actor or self.coordinator).headers,
        )


@pytest.fixture
def world(http: httpx.Client, tenant: Tenant, wall_clock: Clock) -> World:
    return World(
        http=http,
        tenant=tenant,
        coordinator=tenant.actor(Role.coordinator, name="Fatima"),
        parties={
            "werk": tenant.party("Werk en Inkomen"),
            "jeugd": tenant.party("Jeugd"),
            "woon": tenant.party("Woonstede", PartyKind.partner),
            "ggd": tenant.party("GGD", PartyKind.partner),
        },
    )
