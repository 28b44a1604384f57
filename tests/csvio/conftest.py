"""Helpers of the CSV tests: export and import over HTTP, parse with Python's own csv module."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from kompas.core.config import Settings
from kompas.main import create_app
from kompas.parties.models import PartyKind
from tests.conftest import API, Actor, LiveServer, Tenant


def export(http: httpx.Client, actor: Actor, collection: str, **params: Any) -> str:
    response = http.get(
        f"/{collection}/csv", params=params, headers={**actor.headers, "Accept": "text/csv"}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    return response.text


def rows(text: str) -> list[dict[str, str]]:
    """The records as a spreadsheet reads them (Python's csv module, a real parser)."""
    return list(csv.DictReader(io.StringIO(text)))


def send(http: httpx.Client, actor: Actor, collection: str, text: str | bytes) -> httpx.Response:
    content = text.encode() if isinstance(text, str) else text
    return http.post(
        f"/{collection}/csv",
        content=content,
        headers={**actor.headers, "Content-Type": "text/csv"},
    )


def imported(http: httpx.Client, actor: Actor, collection: str, text: str | bytes) -> int:
    response = send(http, actor, collection, text)
    assert response.status_code == 200, response.text
    created: int = response.json()["created"]
    return created


def count(db: Session, model: Any, tenant: Tenant) -> int:
    db.expire_all()
    return db.exec(
        select(func.count()).select_from(model).where(model.organisation_id == tenant.id)
    ).one()


def without_ids(text: str) -> list[dict[str, str]]:
    return [{k: v for k, v in row.items() if k != "id"} for row in rows(text)]


@pytest.fixture
def parties(tenant: Tenant):
    return {
        "werk": tenant.party("Werk en Inkomen", description="Uitkeringen en re-integratie"),
        "jeugd": tenant.party("Jeugd en Onderwijs"),
        "woon": tenant.party(
            "Woonstede",
            PartyKind.partner,
            organisation_type="housing-corporation",
            website="https://woonstede.example",
        ),
        "ggd": tenant.party("GGD", PartyKind.partner, organisation_type="public-health"),
    }


@pytest.fixture
def serve(settings: Settings, engine: Engine) -> Iterator[Callable[..., httpx.Client]]:
    """Serves the app with other settings; returns a client for its API."""
    with ExitStack() as stack:

        def start(**changes: Any) -> httpx.Client:
            app = create_app(settings.model_copy(update=changes), engine)
            server = stack.enter_context(LiveServer(app))
            return stack.enter_context(httpx.Client(base_url=server.url + API, timeout=30))

        yield start
