"""Fixtures of the question tests: the departments, partners and people of the agenda tests."""

from __future__ import annotations

from tests.agenda.conftest import parties, people

__all__ = ["parties", "people"]
