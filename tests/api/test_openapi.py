"""The committed spec is the one the app serves, and it passes the NL API Design Rules linter.

The linter itself (Spectral with Logius' ruleset, openapi/nlgov-adr.spectral.yaml) runs in
`make lint-api`; what it checks of our own generation is pinned here too, so a later field cannot
regress it without a failing test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

COMMITTED = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"
DATE_FORMATS = {"date", "date-time"}
COMBINATORS = ("anyOf", "oneOf", "allOf")


def test_committed_openapi_matches_the_app(http):
    served = http.get("/openapi.json").json()
    committed = json.loads(COMMITTED.read_text())
    assert served == committed, "openapi/openapi.json is stale: run `make openapi` and commit it"


def _value_schemas(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema that describes one value: a property, a parameter, a header, array items and
    map values, anywhere in the document (inside combinator branches too)."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _value_schemas(item, f"{where}/{index}")
        return
    if not isinstance(node, dict):
        return
    if isinstance(node.get("properties"), dict):
        for name, prop in node["properties"].items():
            if isinstance(prop, dict):
                yield f"{where}/properties/{name}", prop
    for index, parameter in enumerate(node.get("parameters") or []):
        if isinstance(parameter, dict) and isinstance(parameter.get("schema"), dict):
            yield f"{where}/parameters/{index}/schema", parameter["schema"]
    if isinstance(node.get("headers"), dict):
        for name, header in node["headers"].items():
            if isinstance(header, dict) and isinstance(header.get("schema"), dict):
                yield f"{where}/headers/{name}/schema", header["schema"]
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield f"{where}/{key}", node[key]
    for key, value in node.items():
        yield from _value_schemas(value, f"{where}/{key}")


def _formats(schema: dict[str, Any]) -> set[str]:
    """The formats a schema and its combinator branches name (not array items or properties)."""
    found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
    for key in COMBINATORS:
        for branch in schema.get(key, []):
            if isinstance(branch, dict):
                found |= _formats(branch)
    return found


def test_every_date_and_date_time_carries_its_format_on_the_property_itself(spec):
    # NL API Design Rules, /core/date-time: the linter's nlgov:specify-format-for-date-and-time
    # looks for `format` on the property, not in an anyOf branch. A nullable one is
    # `type: [string, "null"]` with the format beside it (OpenAPI 3.1).
    dated = {
        where: schema
        for where, schema in _value_schemas(spec, "#")
        if _formats(schema) & DATE_FORMATS
    }
    # The walk reaches bodies, responses and query parameters, nullable ones among them.
    assert "#/components/schemas/AgendaItemCreate/properties/targetDate" in dated
    assert "#/components/schemas/MeetingRead/properties/startsAt" in dated
    assert any(where.startswith("#/paths/") for where in dated)
    assert len(dated) > 20

    misplaced = [
        where for where, schema in dated.items() if schema.get("format") not in DATE_FORMATS
    ]
    assert misplaced == [], "a date or date-time without `format` on the property itself"
    in_branches = [
        where for where, schema in dated.items() if any(schema.get(key) for key in COMBINATORS)
    ]
    assert in_branches == [], "a date or date-time in anyOf/oneOf/allOf: one type list instead"
    wrong_type = [
        where
        for where, schema in dated.items()
        if schema.get("type") not in ("string", ["string", "null"])
    ]
    assert wrong_type == []


def test_no_nullable_date_is_an_any_of_of_a_formatted_string_and_null(spec):
    def any_ofs(node: Any, where: str) -> Iterator[tuple[str, list[Any]]]:
        if isinstance(node, dict):
            if isinstance(node.get("anyOf"), list):
                yield where, node["anyOf"]
            for key, value in node.items():
                yield from any_ofs(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, item in enumerate(node):
                yield from any_ofs(item, f"{where}/{index}")

    left = [
        where
        for where, branches in any_ofs(spec, "#")
        if {"type": "null"} in branches
        and any(
            isinstance(branch, dict) and branch.get("format") in DATE_FORMATS for branch in branches
        )
    ]
    assert left == []
