"""What the features register with the layers below them (docs/decisions/0011-import-ladder.md):
once the app is loaded, every lower-layer registry is complete."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from kompas.auth.dependencies import resolve_principal
from kompas.core.config import Settings
from kompas.core.principal import RESOLVER_KEY
from kompas.joint import cleanup, linked
from kompas.main import create_api  # every router, so every service and its registrations
from kompas.parties import service as party_service
from kompas.rolemaps.models import RoleMap


def test_every_kind_of_linked_record_has_its_visibility_rule() -> None:
    assert set(linked.KINDS) == set(linked.LINK_FIELDS.values())


def test_everything_that_refers_to_a_party_is_registered() -> None:
    assert set(party_service.REFERRERS) == {
        "users",
        "agenda items (lead or ball holder)",
        "questions (lead or ball holder)",
        "participations",
        "handoffs",
        "contributions",
        "endorsements",
        "successes",
        "meetings",
        "experiences",
        "reflection rounds",
    }


def test_links_to_a_role_map_snapshot_go_with_its_map() -> None:
    assert RoleMap in cleanup.CASCADES


def test_the_api_resolves_callers_with_the_access_domain(
    settings: Settings, engine: Engine
) -> None:
    api = create_api(settings, sessionmaker(engine, class_=Session))
    assert getattr(api.state, RESOLVER_KEY) is resolve_principal
