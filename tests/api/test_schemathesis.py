"""Schemathesis over every operation of the published spec, against the live app, authenticated.

It must find no server error, no response that breaks the spec and no undocumented status code.
Runs on SQLite and PostgreSQL alike (PostgreSQL refuses NUL bytes and huge integers that SQLite
would store, so both matter).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlmodel import Session

from kompas.compass import service as compass_service
from kompas.core.config import Settings
from kompas.core.principal import Role
from kompas.core.security import create_access_token
from kompas.organisations.models import Organisation
from kompas.users.models import User
from tests.conftest import TEST_SECRET, Actor, LiveServer

EXAMPLES = int(os.environ.get("KOMPAS_SCHEMATHESIS_EXAMPLES", "40"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]


# The committed spec, which test_openapi.py proves equal to the one the app serves.
# Every way Kompas refuses a request counts as refusing invalid data: 412 and 413 included
# (a huge generated body meets the body limit before its validation).
CONFIG = schemathesis.Config.from_dict(
    {
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
            }
        }
    }
)
schema = schemathesis.openapi.from_path(
    Path(__file__).resolve().parents[2] / "openapi" / "openapi.json", config=CONFIG
)


# Schemathesis may ask for the token while it collects cases, before any fixture runs, so the
# token is minted for fixed ids up front and the fixture below creates that admin.
ORGANISATION_ID = uuid.UUID("00000000-0000-4000-8000-00000000c0de")
ADMIN_ID = uuid.UUID("00000000-0000-4000-8000-0000000000ad")
TOKEN, _ = create_access_token(
    Settings(secret_key=TEST_SECRET), user_id=ADMIN_ID, organisation_id=ORGANISATION_ID
)


@schema.auth()
class BearerToken:
    """Schemathesis' own auth hook: it then knows the header is handled and leaves it alone."""

    def get(self, case, context):
        return TOKEN

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
    return Actor(user=user, token=TOKEN)


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
