"""Schemathesis over every operation of the published spec, against the live app, authenticated.

It must find no server error, no response that breaks the spec and no undocumented status code.
Runs on SQLite and PostgreSQL alike (PostgreSQL refuses NUL bytes and huge integers that SQLite
would store, so both matter).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlmodel import Session

from kompas.compass import service as compass_service
from kompas.core.config import Settings
from kompas.core.db import metadata
from kompas.core.principal import Role
from kompas.core.security import create_access_token
from kompas.organisations.models import Organisation
from kompas.users.models import User
from tests.api.conftest import Snapshot, fill, operations, populate
from tests.conftest import TEST_SECRET, Actor, LiveServer, Tenant, assert_problem

# The budget. `full` (the default): Schemathesis' explicit examples, its coverage phase (every
# boundary and every kind of wrong value of every parameter, deterministic) and 40 fuzzed cases
# per operation. `light`: the fuzzed cases only, 15 per operation. `make test` gives the full
# budget to one database and the light one to the other (PostgreSQL full when it runs: it is the
# stricter one, refusing NUL bytes and integers SQLite would store), so the whole budget is spent
# once per run instead of twice (docs/testing.md).
BUDGET = os.environ.get("KOMPAS_SCHEMATHESIS_BUDGET", "full")
if BUDGET not in ("full", "light"):
    raise ValueError(f"KOMPAS_SCHEMATHESIS_BUDGET must be full or light, not {BUDGET!r}")
EXAMPLES = int(os.environ.get("KOMPAS_SCHEMATHESIS_EXAMPLES", "40" if BUDGET == "full" else "15"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# A request the spec allows must not be refused. Off by default (KOMPAS_SCHEMATHESIS_POSITIVE=1
# turns it on) while 400s remain that no spec can prevent or that are still being fixed: a
# drawn `cursor` is not signed; an id in a body names no record; a name of white space only
# (`"\u0085"`) matches its pattern but is empty once trimmed; `x@integer.test` is a special-use
# domain email-validator refuses; a login with unknown credentials (RFC 6749 `invalid_grant`),
# someone else's refresh token at logout, `organisation` with a Bearer token on the calendar,
# and an empty or malformed CSV import. What it found that a spec can state is tested below.
if os.environ.get("KOMPAS_SCHEMATHESIS_POSITIVE") == "1":
    CHECKS.append(positive_data_acceptance)


# The committed spec, which test_openapi.py proves equal to the one the app serves.
# Every way Kompas refuses a request counts as refusing invalid data: 412 and 413 included
# (a huge generated body meets the body limit before its validation).
CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {
            "examples": {"enabled": BUDGET == "full"},
            "coverage": {"enabled": BUDGET == "full"},
            "fuzzing": {"enabled": True},
        },
        "checks": {
            "negative_data_rejection": {
                "expected-statuses": [
                    400,
                    401,
                    403,
                    404,
                    405,
                    406,
                    409,
                    412,
                    413,
                    415,
                    422,
                    428,
                    429,
                ]
            },
            # A request the spec allows is answered as schemathesis' defaults expect, or with
            # one of the two answers that depend on state, not on the request's shape: 412 (an
            # ETag drawn at random is stale) and 422 (an Idempotency-Key drawn again, on the
            # same path, with another body). Kompas answers 422 for nothing else.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", 401, 403, 404, 409, 412, 422, 429, "5xx"]
            },
        },
    }
)
schema = schemathesis.openapi.from_path(
    Path(__file__).resolve().parents[2] / "openapi" / "openapi.json", config=CONFIG
)


# Schemathesis may ask for a token before any fixture runs, so tokens are for fixed ids, and the
# fixture below creates that admin. Each is minted when asked for, never at import: the suite
# may reach this module many minutes after collecting it, past a token's 15 minutes.
ORGANISATION_ID = uuid.UUID("00000000-0000-4000-8000-00000000c0de")
ADMIN_ID = uuid.UUID("00000000-0000-4000-8000-0000000000ad")


def admin_token() -> str:
    token, _ = create_access_token(
        Settings(secret_key=TEST_SECRET), user_id=ADMIN_ID, organisation_id=ORGANISATION_ID
    )
    return token


@schema.auth()
class BearerToken:
    """Schemathesis' own auth hook: it then knows the header is handled and leaves it alone."""

    def get(self, case, context):
        return admin_token()

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def admin(engine) -> Actor:
    """The admin the fixed token belongs to (overrides the suite's random one)."""
    with Session(engine, expire_on_commit=False) as session:
        session.add(Organisation(id=ORGANISATION_ID, name="Gemeente Schemathesis"))
        session.flush()
        compass_service.create_defaults(session=session, organisation_id=ORGANISATION_ID)
        user = User(
            id=ADMIN_ID,
            organisation_id=ORGANISATION_ID,
            email="schemathesis@test.example",
            name="Schemathesis",
            role=Role.admin,
        )
        session.add(user)
        session.commit()
    return Actor(user=user, token=admin_token())


# The populated organisation is built through the API once per process (about a hundred requests)
# and put back row by row before every other operation's run, so each operation starts from the
# same data in milliseconds instead of seconds. The admin's ids are fixed, so the ids hold.
_snapshots: list[Snapshot] = []


@pytest.fixture
def populated(http, tenant: Tenant, admin: Actor, engine) -> dict[str, str]:
    if _snapshots:
        return _snapshots[0].restore(engine)
    ids = populate(http, tenant, admin)
    _snapshots.append(Snapshot.take(engine, ids))
    return ids


def test_a_restored_snapshot_is_the_populated_organisation_row_for_row(
    http, tenant: Tenant, admin: Actor, engine
):
    built = Snapshot.take(engine, populate(http, tenant, admin))
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())
    built.restore(engine)
    restored = Snapshot.take(engine, built.ids)
    assert sum(map(len, built.rows.values())) > 200

    def in_any_order(snapshot: Snapshot) -> dict[str, list[str]]:
        return {name: sorted(map(repr, rows)) for name, rows in snapshot.rows.items()}

    assert in_any_order(restored) == in_any_order(built)
    # The search index is rebuilt by the database, as after any insert.
    found = http.get("/search", params={"q": "Agendapunt"}, headers=admin.headers)
    assert found.status_code == 200, found.text
    assert found.json()["items"], found.json()


@pytest.mark.schemathesis
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_operation_breaks_the_spec_or_the_server(case, server: LiveServer, populated):
    case.call_and_validate(base_url=f"{server.url}/api/v1", checks=CHECKS)


# --- What positive_data_acceptance found, pinned down as plain tests ----------------------------
# A request the spec allows must not be refused for its shape.

# Every integer property of a request body, with a body it is valid in (an id named as in
# `populated`); a new one must be added.
INTEGER_FIELDS: dict[tuple[str, str, str], dict[str, Any]] = {
    ("post", "/drivers", "position"): {"title": "Driver"},
    ("patch", "/drivers/{driverId}", "position"): {},
    ("post", "/phases", "position"): {"name": "Fase"},
    ("patch", "/phases/{phaseId}", "position"): {},
    ("post", "/role-maps/{roleMapId}/tasks", "position"): {"title": "Taak"},
    ("patch", "/role-maps/{roleMapId}/tasks/{taskId}", "position"): {},
    ("post", "/agenda-items", "progress"): {"title": "Agendapunt", "leadPartyId": "departmentId"},
    ("patch", "/agenda-items/{agendaItemId}", "progress"): {},
}


def _integer_fields(spec: dict[str, Any]) -> set[tuple[str, str, str]]:
    found = set()
    for path, method, operation in operations(spec, "post", "put", "patch"):
        content = operation.get("requestBody", {}).get("content", {})
        if "application/json" not in content:
            continue
        ref = content["application/json"]["schema"].get("$ref", "")
        body = spec["components"]["schemas"].get(ref.rsplit("/", 1)[-1], {})
        for name, prop in body.get("properties", {}).items():
            kinds = [option.get("type") for option in prop.get("anyOf", [prop])]
            if any("integer" in (kind if isinstance(kind, list) else [kind]) for kind in kinds):
                found.add((method, path, name))
    return found


def test_a_whole_number_with_a_zero_fraction_is_an_integer(http, spec, populated, admin: Actor):
    # JSON Schema counts 847.0 as an integer, so the spec allows it; so must the API.
    assert _integer_fields(spec) == INTEGER_FIELDS.keys()
    for (method, path, name), base in INTEGER_FIELDS.items():
        body = {key: populated.get(value, value) for key, value in base.items()}
        headers = {**admin.headers, "If-Match": "*"}
        response = http.request(
            method.upper(), fill(path, populated), json={**body, name: 1.0}, headers=headers
        )
        assert response.status_code in (200, 201), (method, path, response.text)
        assert response.json()[name] == 1
        for refused in (1.5, True, "1"):
            response = http.request(
                method.upper(), fill(path, populated), json={**body, name: refused}, headers=headers
            )
            assert_problem(response, 400, name)


def test_the_spec_refuses_an_empty_if_match_as_the_api_does(http, spec, populated, admin: Actor):
    declared = [
        parameter["schema"]
        for _, _, operation in operations(spec, "put", "patch", "delete")
        for parameter in operation.get("parameters", [])
        if parameter["name"] == "If-Match"
    ]
    assert declared
    assert all(schema.get("minLength") == 1 for schema in declared)
    url = f"/departments/{populated['departmentId']}"
    assert_problem(http.patch(url, json={}, headers={**admin.headers, "If-Match": ""}), 428)


def test_the_spec_refuses_an_empty_username_or_password_as_the_api_does(http, spec):
    form = spec["components"]["schemas"]["TokenRequest"]["properties"]
    for name in ("username", "password"):
        [string] = [option for option in form[name]["anyOf"] if option["type"] == "string"]
        assert string["minLength"] == 1, name
    response = http.post("/auth/token", data={"username": "", "password": ""})
    assert_problem(response, 400, "username", "password")
