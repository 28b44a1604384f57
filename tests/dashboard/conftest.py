"""Fixtures of the dashboard tests: departments, partners, people of each, and a world to fill."""

from __future__ import annotations

import pytest

from kompas.core.principal import Role
from kompas.parties.models import PartyKind
from tests.conftest import Tenant
from tests.dashboard.builders import World


@pytest.fixture
def parties(tenant: Tenant):
    return {
        "werk": tenant.party("Werk en Inkomen"),
        "jeugd": tenant.party("Jeugd"),
        "woon": tenant.party("Woonstede", PartyKind.partner),
        "ggd": tenant.party("GGD", PartyKind.partner),
    }


@pytest.fixture
def people(tenant: Tenant, parties):
    return {
        "coordinator": tenant.actor(Role.coordinator),
        "werk": tenant.actor(Role.member, party=parties["werk"]),
        "woon": tenant.actor(Role.partner, party=parties["woon"]),
        "ggd": tenant.actor(Role.partner, party=parties["ggd"]),
        "viewer": tenant.actor(Role.viewer),
    }


@pytest.fixture
def world(tenant: Tenant) -> World:
    return World(tenant)
