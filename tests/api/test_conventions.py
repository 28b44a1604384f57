"""The NL API Design Rules and Kompas' conventions (../shared/api-conventions.md), one by one."""

from __future__ import annotations

import re

import httpx

from kompas.core.openapi import API_VERSION
from kompas.parties.models import PartyKind
from tests.conftest import Actor, LiveServer, Tenant, assert_problem

SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "content-security-policy": (
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    ),
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}


def assert_standard_headers(response: httpx.Response) -> None:
    assert response.headers["API-Version"] == API_VERSION
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (name, response.headers.get(name))
    assert "server" not in response.headers


def test_every_response_carries_api_version_and_security_headers_errors_included(
    http, admin: Actor
):
    for response in (
        http.get("/departments", headers=admin.headers),
        http.get("/departments"),  # 401
        http.get("/nowhere", headers=admin.headers),  # 404
        http.post("/departments", json={}, headers=admin.headers),  # 400
        http.get("/health"),
    ):
        assert_standard_headers(response)


def test_version_in_spec_is_semver_and_servers_url_ends_in_api_v1(http):
    spec = http.get("/openapi.json").json()
    assert re.fullmatch(r"\d+\.\d+\.\d+", spec["info"]["version"])
    assert spec["servers"][0]["url"].endswith("/api/v1")
    assert {"name", "url", "email"} <= spec["info"]["contact"].keys()


def test_spec_is_public_with_cors_open_to_everyone(http):
    response = http.get("/openapi.json", headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_paths_are_lowercase_kebab_case_plural_without_trailing_slash(http):
    spec = http.get("/openapi.json").json()
    for path in spec["paths"]:
        for segment in path.strip("/").split("/"):
            if segment.startswith("{"):
                assert re.fullmatch(r"\{[a-z][A-Za-z0-9]*\}", segment), path
            else:
                assert re.fullmatch(r"[a-z]+(-[a-z]+)*", segment), path
        assert not path.endswith("/")


def test_trailing_slash_answers_404_without_redirect(http, admin: Actor):
    response = http.get("/departments/", headers=admin.headers, follow_redirects=False)
    assert_problem(response, 404)


def test_unsupported_method_answers_405_with_allow(http, admin: Actor):
    response = http.put("/departments", json={}, headers=admin.headers)
    assert_problem(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}
    head = http.request("TRACE", "/departments", headers=admin.headers)
    assert head.status_code == 405


def test_operation_ids_are_tag_dash_name_and_unique(http):
    spec = http.get("/openapi.json").json()
    ids = [
        operation["operationId"] for item in spec["paths"].values() for operation in item.values()
    ]
    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert re.fullmatch(r"[a-z-]+-[a-z_]+", operation_id), operation_id


def test_json_properties_and_query_keys_are_camel_case(http):
    spec = http.get("/openapi.json").json()
    oauth_fields = {
        "access_token",
        "token_type",
        "expires_in",
        "grant_type",
        "refresh_token",
        "refresh_expires_in",
    }
    for name, schema in spec["components"]["schemas"].items():
        assert re.fullmatch(r"([A-Z][a-z0-9]*)+", name), name
        for prop in schema.get("properties", {}):
            assert prop in oauth_fields or re.fullmatch(r"[a-z][A-Za-z0-9]*", prop), (name, prop)
    for item in spec["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] in ("query", "path"):
                    assert re.fullmatch(r"[a-z][A-Za-z0-9]*", parameter["name"]), parameter["name"]


def test_every_operation_documents_problem_json_errors(http):
    spec = http.get("/openapi.json").json()
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            errors = {code: r for code, r in operation["responses"].items() if code[0] in "45"}
            assert {"400", "500"} <= errors.keys(), (method, path)
            for response in errors.values():
                assert "application/problem+json" in response["content"], (method, path)
            for code, response in operation["responses"].items():
                if code[0] in "23":
                    assert "API-Version" in response["headers"], (method, path, code)


def test_invalid_input_is_400_listing_every_invalid_field_at_once(http, admin: Actor):
    response = http.post(
        "/partners",
        json={"name": "", "organisationType": "bank", "website": "ftp://x", "extra": 1},
        headers=admin.headers,
    )
    body = assert_problem(response, 400, "name", "organisationType", "website", "extra")
    assert all({"name", "reason", "code"} <= p.keys() for p in body["invalidParams"])


def test_nested_invalid_field_is_named_by_its_camel_case_path(http, admin: Actor):
    response = http.post(
        "/partners",
        json={"name": "GGD", "contacts": [{"name": "A"}, {"name": "B", "email": "geen-adres"}]},
        headers=admin.headers,
    )
    assert_problem(response, 400, "contacts.1.email")


def test_invalid_path_id_is_400_naming_the_parameter(http, admin: Actor):
    assert_problem(http.get("/departments/not-a-uuid", headers=admin.headers), 400, "departmentId")


def test_401_carries_www_authenticate(http):
    response = http.get("/departments")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    bad = http.get("/departments", headers={"Authorization": "Bearer not.a.token"})
    assert_problem(bad, 401)
    assert "Bearer" in bad.headers["WWW-Authenticate"]


def test_token_in_query_string_is_not_accepted(http, admin: Actor):
    assert_problem(http.get("/departments", params={"access_token": admin.token}), 401)


def test_wrong_content_type_answers_415_and_changes_nothing(http, admin: Actor):
    response = http.post(
        "/departments",
        content='{"name": "Werk"}',
        headers={**admin.headers, "Content-Type": "text/plain"},
    )
    assert_problem(response, 415)
    assert http.get("/departments", headers=admin.headers).json()["items"] == []
    form = http.post("/departments", data={"name": "Werk"}, headers=admin.headers)
    assert_problem(form, 415)


def test_the_token_endpoint_takes_a_form_not_json(http, tenant: Tenant):
    response = http.post("/auth/token", json={"username": "a@b.nl", "password": "x"})
    assert_problem(response, 415)


def test_unservable_accept_answers_406(http, admin: Actor):
    response = http.get("/departments", headers={**admin.headers, "Accept": "text/csv"})
    assert_problem(response, 406)
    ok = http.get(
        "/departments", headers={**admin.headers, "Accept": "text/html, application/json;q=0.5"}
    )
    assert ok.status_code == 200
    refused = http.get("/departments", headers={**admin.headers, "Accept": "application/json;q=0"})
    assert_problem(refused, 406)


def test_oversized_body_answers_413_and_changes_nothing(http, admin: Actor, settings):
    big = "x" * (settings.max_body_bytes + 1)
    response = http.post(
        "/departments",
        content=f'{{"name": "{big}"}}',
        headers={**admin.headers, "Content-Type": "application/json"},
    )
    assert_problem(response, 413)
    assert http.get("/departments", headers=admin.headers).json()["items"] == []


def test_streamed_oversized_body_without_length_answers_413(
    server: LiveServer, admin: Actor, settings
):
    def chunks():
        for _ in range(settings.max_body_bytes // 1024 + 2):
            yield b" " * 1024

    with httpx.Client(base_url=server.url) as client:
        response = client.post(
            "/api/v1/departments",
            content=chunks(),
            headers={**admin.headers, "Content-Type": "application/json"},
        )
    assert_problem(response, 413)


def test_date_times_are_utc_with_z(http, tenant: Tenant, admin: Actor):
    tenant.party("Jeugd")
    item = http.get("/departments", headers=admin.headers).json()["items"][0]
    for key in ("createdAt", "updatedAt"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", item[key]), item[key]


def test_identifiers_are_uuids(http, tenant: Tenant, admin: Actor):
    tenant.party("Jeugd")
    item = http.get("/departments", headers=admin.headers).json()["items"][0]
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", item["id"]
    )


def test_cors_echoes_an_allowed_origin_and_exposes_headers(http):
    allowed = http.options(
        "/departments",
        headers={"Origin": "https://intranet.voorbeeld.nl", "Access-Control-Request-Method": "GET"},
    )
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://intranet.voorbeeld.nl"
    simple = http.get("/health", headers={"Origin": "https://intranet.voorbeeld.nl"})
    exposed = {
        h.strip().lower() for h in simple.headers["Access-Control-Expose-Headers"].split(",")
    }
    assert {"api-version", "link", "etag", "location"} <= exposed
    denied = http.get("/health", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in denied.headers


def test_no_stack_trace_or_server_name_in_errors(http, admin: Actor):
    response = http.post(
        "/departments",
        content=b"{not json",
        headers={**admin.headers, "Content-Type": "application/json"},
    )
    body = assert_problem(response, 400, "body")
    assert "Traceback" not in response.text
    assert "uvicorn" not in response.text.lower()
    assert body["instance"] == "/api/v1/departments"


def test_a_party_of_another_kind_or_organisation_is_refused_as_a_reference(
    http, tenant: Tenant, admin: Actor, other_tenant: Tenant
):
    foreign = other_tenant.party("Elders")
    response = http.post(
        "/people", json={"name": "Piet", "partyId": str(foreign.id)}, headers=admin.headers
    )
    assert_problem(response, 400, "partyId")
    assert http.get("/people", headers=admin.headers).json()["items"] == []


def test_partner_parties_can_be_referred_to_by_their_party_id(http, tenant: Tenant, admin: Actor):
    partner = tenant.party("GGD", PartyKind.partner)
    response = http.post(
        "/people", json={"name": "Mirjam", "partyId": str(partner.id)}, headers=admin.headers
    )
    assert response.status_code == 201
