"""Object-, function- and property-level authorisation, generated from the route table.

A new route is covered the moment it appears in the spec: the permission table below must name
it (a test fails otherwise), and every role of another organisation must get 404 on it.
"""

from __future__ import annotations

import re

import pytest

from kompas.core.principal import Role
from kompas.parties.models import PartyKind
from tests.api.conftest import body_kwargs, fill, operations, required_query, snapshot
from tests.conftest import Tenant, assert_problem

EVERYONE = {Role.admin, Role.coordinator, Role.member, Role.partner, Role.viewer}
EDITORS = {Role.admin, Role.coordinator}
ADMIN = {Role.admin}
CONTRIBUTORS = EDITORS | {Role.member}
PARTIES = CONTRIBUTORS | {Role.partner}
# A partner subscribes with its API token only (tests/webhooks), never as a signed-in person.
SUBSCRIBERS = EDITORS

# docs/permissions.md as data: which roles may call each operation (visibility aside).
PERMISSIONS: dict[tuple[str, str], set[Role]] = {
    ("get", "/me"): EVERYONE,
    ("post", "/auth/logout"): EVERYONE,
    ("get", "/users"): ADMIN,
    ("post", "/users"): ADMIN,
    ("get", "/users/{userId}"): ADMIN,
    ("patch", "/users/{userId}"): ADMIN,
    ("get", "/audit-events"): EDITORS,
    ("get", "/audit-events/{auditEventId}"): EDITORS,
    ("get", "/partners/{partnerId}/api-tokens"): EDITORS,
    ("post", "/partners/{partnerId}/api-tokens"): EDITORS,
    ("get", "/partners/{partnerId}/api-tokens/{apiTokenId}"): EDITORS,
    ("delete", "/partners/{partnerId}/api-tokens/{apiTokenId}"): EDITORS,
    ("get", "/purpose"): EVERYONE,
    ("put", "/purpose"): EDITORS,
    ("post", "/needs"): EDITORS | {Role.member, Role.partner},
    ("patch", "/needs/{needId}"): EDITORS | {Role.member, Role.partner},
    ("delete", "/needs/{needId}"): EDITORS | {Role.member, Role.partner},
    # A party gives its own view (which one is checked inside: tests/rolemaps).
    ("put", "/role-maps/{roleMapId}/perspectives/{perspective}"): EDITORS
    | {Role.member, Role.partner},
    ("post", "/role-maps/{roleMapId}/csv"): EDITORS | {Role.member, Role.partner},
    # Joint work: staff put items on the agenda; a partner changes, hands over and decides only
    # where its party is involved (checked inside: tests/agenda).
    ("post", "/agenda-items"): CONTRIBUTORS,
    ("patch", "/agenda-items/{agendaItemId}"): PARTIES,
    ("delete", "/agenda-items/{agendaItemId}"): CONTRIBUTORS,
    ("post", "/agenda-items/{agendaItemId}/handoffs"): PARTIES,
    ("patch", "/agenda-items/{agendaItemId}/handoffs/{handoffId}"): PARTIES,
    # Questions as agenda items; every party involved contributes, partners included, and
    # changes or removes its own contributions (checked inside: tests/questions).
    ("post", "/questions"): CONTRIBUTORS,
    ("patch", "/questions/{questionId}"): PARTIES,
    ("delete", "/questions/{questionId}"): CONTRIBUTORS,
    ("post", "/questions/{questionId}/handoffs"): PARTIES,
    ("patch", "/questions/{questionId}/handoffs/{handoffId}"): PARTIES,
    ("post", "/questions/{questionId}/contributions"): PARTIES,
    ("patch", "/questions/{questionId}/contributions/{contributionId}"): PARTIES,
    ("delete", "/questions/{questionId}/contributions/{contributionId}"): PARTIES,
    # Successes: staff name any; a partner names and changes those that list its party. Any
    # listed party endorses and withdraws its own endorsement (checked inside: tests/successes).
    ("post", "/successes"): PARTIES,
    ("patch", "/successes/{successId}"): PARTIES,
    ("delete", "/successes/{successId}"): PARTIES,
    ("post", "/successes/{successId}/endorsements"): PARTIES,
    ("delete", "/successes/{successId}/endorsements/{endorsementId}"): PARTIES,
    # Experiences: staff and partners share them; the author changes and deletes its own, admins
    # and coordinators any (checked inside: tests/experiences).
    ("post", "/experiences"): PARTIES,
    ("patch", "/experiences/{experienceId}"): PARTIES,
    ("delete", "/experiences/{experienceId}"): PARTIES,
    # Meetings: staff plan and record them; partners read those they are at.
    ("post", "/meetings"): CONTRIBUTORS,
    ("patch", "/meetings/{meetingId}"): CONTRIBUTORS,
    ("delete", "/meetings/{meetingId}"): CONTRIBUTORS,
    # Search and the calendar: every role, each finding only what its lists show (tests/search,
    # tests/calendar); the calendar's published part needs no token at all (PUBLIC below).
    ("get", "/search"): EVERYONE,
    ("get", "/calendar"): EVERYONE,
    # Personal commitments: everyone writes their own ("mine"); who reads whose is checked
    # inside (tests/commitments). Only the core team sees how many made one.
    ("put", "/commitments/mine"): EVERYONE,
    ("delete", "/commitments/mine"): EVERYONE,
    ("get", "/commitments/summary"): EDITORS,
    # Everyone invited answers a reflection round, once (who is invited is checked inside:
    # tests/reflection).
    ("post", "/reflection-rounds/{roundId}/answers"): EVERYONE,
    # CSV imports check each line as the JSON create does (tests/csvio): the registry is the
    # core team's; needs also their own party's people; agenda items as POST /agenda-items.
    ("post", "/parties/csv"): EDITORS,
    ("post", "/people/csv"): EDITORS,
    ("post", "/needs/csv"): EDITORS | {Role.member, Role.partner},
    ("post", "/agenda-items/csv"): CONTRIBUTORS,
    # Webhooks: the core team for the organisation (a partner's token: tests/webhooks).
    ("get", "/webhook-event-types"): SUBSCRIBERS,
    **{
        (method, f"/webhook-subscriptions{tail}"): SUBSCRIBERS
        for method, tail in (
            ("get", ""),
            ("post", ""),
            ("get", "/{webhookSubscriptionId}"),
            ("patch", "/{webhookSubscriptionId}"),
            ("delete", "/{webhookSubscriptionId}"),
            ("post", "/{webhookSubscriptionId}/secret-rotations"),
            ("get", "/{webhookSubscriptionId}/deliveries"),
            ("get", "/{webhookSubscriptionId}/deliveries/{deliveryId}"),
            ("post", "/{webhookSubscriptionId}/deliveries/{deliveryId}/redeliver"),
            ("post", "/{webhookSubscriptionId}/test-event"),
        )
    },
    # The whole organisation's export, and erasing a person: admins (tests/transfer,
    # tests/personaldata); everyone downloads their own data.
    ("get", "/export"): ADMIN,
    ("get", "/me/data"): EVERYONE,
    ("post", "/users/{userId}/erase"): ADMIN,
}
PUBLIC = {
    ("get", "/health"),
    ("get", "/health/live"),
    ("get", "/health/ready"),
    ("post", "/auth/token"),
    ("get", "/auth/config"),
    ("get", "/calendar"),  # published items only, with ?organisation=
    # published experiences and successes only, with ?organisation= (tests/feeds)
    *(
        ("get", f"/feeds/{feed}/{form}")
        for feed in ("experiences", "successes", "published")
        for form in ("atom", "json")
    ),
    ("get", "/widget"),
}


def allowed(method: str, path: str) -> set[Role]:
    """Reads are for everyone and writes for editors, unless the table says otherwise."""
    return PERMISSIONS.get((method, path), EVERYONE if method == "get" else EDITORS)


def test_the_permission_table_names_only_real_operations(spec):
    real = {(m, p) for p, m, _ in operations(spec, "get", "post", "put", "patch", "delete")}
    assert set(PERMISSIONS) <= real, set(PERMISSIONS) - real
    assert real >= PUBLIC


def test_every_role_of_another_organisation_gets_404_and_changes_nothing(
    http, spec, populated, make_tenant, engine
):
    elsewhere = make_tenant("Gemeente Buiten")
    strangers = [elsewhere.actor(role) for role in Role]
    checked = 0
    for path, method, _ in operations(spec, "get", "post", "put", "patch", "delete"):
        if "{" not in path:
            continue
        url = fill(path, populated)
        for stranger in strangers:
            before = snapshot(engine)
            kwargs = body_kwargs(method, path)
            response = http.request(
                method.upper(),
                url,
                params=required_query(method, path, populated),
                **{
                    **kwargs,
                    "headers": {**stranger.headers, "If-Match": "*", **kwargs.get("headers", {})},
                },
            )
            context = f"{stranger.user.role} of another organisation: {method.upper()} {path}"
            assert response.status_code in (403, 404), (
                context,
                response.status_code,
                response.text,
            )
            if response.status_code == 403:
                # Only a role check that comes before any lookup may answer 403; it reveals nothing.
                assert stranger.user.role not in allowed(method, path), context
            assert snapshot(engine) == before, context
            checked += 1
    assert checked >= 100


@pytest.mark.parametrize("role", [Role.coordinator, Role.member, Role.partner, Role.viewer])
def test_every_operation_refuses_roles_the_table_does_not_allow(
    http, spec, populated, tenant: Tenant, role, engine
):
    party = tenant.party(
        f"Partij {role}", PartyKind.partner if role is Role.partner else PartyKind.department
    )
    actor = tenant.actor(role, party=party)
    for path, method, _ in operations(spec, "get", "post", "put", "patch", "delete"):
        if (method, path) in PUBLIC or role in allowed(method, path):
            continue
        before = snapshot(engine)
        kwargs = body_kwargs(method, path)
        response = http.request(
            method.upper(),
            fill(path, populated),
            params=required_query(method, path, populated),
            **{
                **kwargs,
                "headers": {**actor.headers, "If-Match": "*", **kwargs.get("headers", {})},
            },
        )
        # 404 where the record is invisible to the role (a partner and an unshared need).
        assert response.status_code in (403, 404), (role, method, path, response.status_code)
        assert_problem(response, response.status_code)
        assert snapshot(engine) == before, (role, method, path)


MASS_ASSIGNMENT = ["id", "organisationId", "createdAt", "updatedAt", "version", "createdBy"]


def test_fields_a_caller_may_not_set_are_refused_not_ignored(http, spec, populated, admin, engine):
    checked = 0
    for path, method, operation in operations(spec, "post", "put", "patch"):
        if "application/json" not in operation.get("requestBody", {}).get("content", {}):
            continue
        url = fill(path, populated)
        for field in MASS_ASSIGNMENT:
            headers = dict(admin.headers)
            if method != "post":
                headers["If-Match"] = "*"
            before = snapshot(engine)
            response = http.request(
                method.upper(), url, json={field: str(populated["partyId"])}, headers=headers
            )
            assert_problem(response, 400, field)
            assert snapshot(engine) == before, (method, path, field)
            checked += 1
    assert checked >= 60


def test_a_member_cannot_make_themselves_admin(http, tenant: Tenant):
    member = tenant.actor(Role.member)
    response = http.patch(
        f"/users/{member.id}", json={"role": "admin"}, headers={**member.headers, "If-Match": "*"}
    )
    assert_problem(response, 403)


def test_the_database_holds_no_token_secret_and_no_plain_password(
    http, tenant: Tenant, admin, engine
):
    from sqlalchemy import select as sa_select

    from kompas.core.db import metadata

    password = "een heel geheim wachtwoord"
    http.post(
        "/users",
        json={"email": "geheim@v.nl", "name": "G", "role": "viewer", "password": password},
        headers=admin.headers,
    )
    tokens = http.post("/auth/token", data={"username": "geheim@v.nl", "password": password}).json()
    partner = tenant.party("Woonstede", PartyKind.partner)
    pat = http.post(
        f"/partners/{partner.id}/api-tokens",
        json={"name": "k", "scopes": ["needs:read"]},
        headers=admin.headers,
    ).json()["token"]
    secrets = [password, tokens["access_token"], tokens["refresh_token"], pat]
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(sa_select(table)):
                text = repr(tuple(row))
                for secret in secrets:
                    assert secret not in text, f"{table.name} holds a secret"
                    assert re.sub(r"^kompas_(rt|pat)_", "", secret) not in text, table.name
