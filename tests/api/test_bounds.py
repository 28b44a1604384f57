"""No request makes the server do work without a bound (issue 10.7), read from the spec.

Every list a request body may hold declares `maxItems` and every text `maxLength`, so the work
one request can ask for is bounded by its schema, not only by the body size. The few exceptions
are bounded otherwise, and listed here with where that bound is tested.
"""

from __future__ import annotations

from typing import Any

# Bounded elsewhere: an e-mail address by its validator (at most 254 characters, RFC 5321), the
# CSV imports by KOMPAS_MAX_BODY_BYTES and KOMPAS_CSV_IMPORT_MAX_ROWS (tests/rolemaps/test_csv.py).
BOUNDED_OTHERWISE = {
    "email",
    "POST /role-maps/{roleMapId}/csv text/csv",
    # The registry's and the agenda's CSV imports: the same two bounds (tests/csvio/).
    *(f"POST /{c}/csv text/csv" for c in ("parties", "people", "needs", "agenda-items")),
}


def _unbounded(spec: dict[str, Any], schema: dict[str, Any], where: str, seen: frozenset[str]):
    schemas = spec["components"]["schemas"]
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return
        seen, schema = seen | {name}, schemas[name]
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            yield from _unbounded(spec, part, where, seen)
    kind = schema.get("type")
    if kind == "array":
        if "maxItems" not in schema:
            yield f"{where} (maxItems)"
        yield from _unbounded(spec, schema.get("items", {}), where + "[]", seen)
    elif kind == "string" and "maxLength" not in schema and "enum" not in schema:
        if schema.get("format") == "email":
            yield "email"
        elif schema.get("format") not in {"uuid", "date", "date-time"}:
            yield where
    for name, part in schema.get("properties", {}).items():
        yield from _unbounded(spec, part, f"{where}.{name}", seen)
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _unbounded(spec, schema["additionalProperties"], where + ".*", seen)


def test_every_list_and_text_of_every_request_body_has_a_bound(spec):
    found = set()
    bodies = 0
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for media_type, content in operation.get("requestBody", {}).get("content", {}).items():
                bodies += 1
                where = f"{method.upper()} {path} {media_type}"
                found |= set(_unbounded(spec, content.get("schema", {}), where, frozenset()))
    assert bodies > 40  # the walk did reach the bodies
    assert found == BOUNDED_OTHERWISE
