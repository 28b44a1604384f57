"""Fixtures of the experience tests: departments, partners, and people of each."""

from __future__ import annotations

import pytest

from kompas.core.principal import Role
from kompas.parties.models import PartyKind
from tests.conftest import Tenant


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
        "admin": tenant.actor(Role.admin),
        "coordinator": tenant.actor(Role.coordinator, name="Fatima Coördinator"),
        "werk": tenant.actor(Role.member, party=parties["werk"], name="Sanne Werk"),
        "jeugd": tenant.actor(Role.member, party=parties["jeugd"], name="Jeroen Jeugd"),
        "woon": tenant.actor(Role.partner, party=parties["woon"], name="Wim Woonstede"),
        "ggd": tenant.actor(Role.partner, party=parties["ggd"], name="Gerda GGD"),
        "viewer": tenant.actor(Role.viewer),
    }
