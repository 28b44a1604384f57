"""A table of bad input sent to every write operation of the spec: each gets a problem+json
4xx naming what is wrong, and the database stays exactly as it was."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import fill, operations, snapshot, valid_body
from tests.conftest import Actor, assert_problem


def resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in schema:
        return spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def first_type(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an anyOf, resolved."""
    for option in schema.get("anyOf", [schema]):
        option = resolve(spec, option)
        if option.get("type") != "null":
            return option
    return schema


def bad_values(spec: dict[str, Any], schema: dict[str, Any]) -> list[tuple[str, Any]]:
    """Values a property of ``schema`` must refuse, each with a label."""
    schema = first_type(spec, schema)
    kind = schema.get("type")
    values: list[tuple[str, Any]] = [("wrong type: object", {"nested": True})]
    if "enum" in schema:
        values.append(("not in the enum", "bogus-value"))
    if kind == "string":
        values.append(("wrong type: number", 12345))
        if "maxLength" in schema:
            values.append(("over-long", "x" * (schema["maxLength"] + 1)))
        if schema.get("format") == "uuid":
            values.append(("not a uuid", "not-a-uuid"))
        elif "enum" not in schema and schema.get("format") != "email":
            values.append(("NUL byte", "a\x00b"))
    if kind == "integer":
        values += [("out of range", 10**30), ("wrong type: string", "veel"), ("fraction", 1.5)]
    if kind == "boolean":
        values.append(("wrong type: string", "misschien"))
    if kind == "array":
        values.append(("wrong type: string", "geen lijst"))
    return values


WHOLE_BODIES = [
    ("not JSON", b"{not json"),
    ("a JSON array", b"[]"),
    ("a JSON string", b'"tekst"'),
    ("null", b"null"),
    ("unknown field", b'{"unknownField": 1}'),
    ("deeply nested", b"[" * 5000 + b"]" * 5000),
]


def write_operations(spec):
    return [
        (path, method, op)
        for path, method, op in operations(spec, "post", "put", "patch")
        if "application/json" in op.get("requestBody", {}).get("content", {})
    ]


def test_every_write_operation_refuses_every_bad_input_and_changes_nothing(
    http, spec, populated, admin: Actor, engine
):
    checked = 0
    for path, method, operation in write_operations(spec):
        url = fill(path, populated)
        body_schema = resolve(
            spec, operation["requestBody"]["content"]["application/json"]["schema"]
        )
        cases: list[tuple[str, bytes | dict[str, Any], str | None]] = [
            (label, raw, None) for label, raw in WHOLE_BODIES
        ]
        for name, prop in body_schema.get("properties", {}).items():
            for label, value in bad_values(spec, prop):
                cases.append((f"{name}: {label}", {name: value}, name))
        for label, body, field in cases:
            headers = dict(admin.headers)
            if method in ("put", "patch"):
                headers["If-Match"] = http.get(url, headers=admin.headers).headers["ETag"]
            before = snapshot(engine)
            if isinstance(body, bytes):
                response = http.request(
                    method.upper(),
                    url,
                    content=body,
                    headers={**headers, "Content-Type": "application/json"},
                )
            else:
                response = http.request(method.upper(), url, json=body, headers=headers)
            context = f"{method.upper()} {path} with {label}"
            assert response.status_code == 400, (context, response.status_code, response.text)
            assert_problem(response, 400, *([field] if field else []))
            assert snapshot(engine) == before, f"{context} changed the database"
            checked += 1
    assert checked > 300  # the table really ran over all operations


@pytest.mark.parametrize(
    "header", ["application/json; charset=latin-1", "application/merge-patch+json"]
)
def test_json_media_type_variants_are_accepted(http, populated, admin: Actor, header):
    url = f"/departments/{populated['departmentId']}"
    etag = http.get(url, headers=admin.headers).headers["ETag"]
    response = http.patch(
        url,
        content=b'{"description": "x"}',
        headers={**admin.headers, "If-Match": etag, "Content-Type": header},
    )
    assert response.status_code == 200, response.text


def test_every_change_without_if_match_is_428_and_with_a_stale_one_412(
    http, spec, populated, admin: Actor, engine
):
    for path, method, _ in operations(spec, "put", "patch", "delete"):
        url = fill(path, populated)
        body = valid_body(method, path)
        before = snapshot(engine)
        missing = http.request(method.upper(), url, json=body, headers=admin.headers)
        assert_problem(missing, 428)
        stale = http.request(
            method.upper(),
            url,
            json=body,
            headers={**admin.headers, "If-Match": '"999"'},
        )
        assert_problem(stale, 412)
        weak = http.request(
            method.upper(),
            url,
            json=body,
            headers={
                **admin.headers,
                "If-Match": "W/" + http.get(url, headers=admin.headers).headers["ETag"],
            },
        )
        assert_problem(weak, 412)
        assert snapshot(engine) == before, f"{method} {path}"
