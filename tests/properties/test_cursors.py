"""Cursors under attack, and paging with filters and search over random data.

tests/api/test_paging.py walks every collection with random sorts and page sizes, pages random
agenda items in the documented order, and refuses a table of hand-made bad cursors. This module
adds what Hypothesis can find beyond a table (docs/decisions/0008-signed-cursors-and-null-order.md):

- any text sent as a cursor, and any change to a cursor the server issued, answers 400 naming
  `cursor` — never a 500, never a page;
- a cursor signed with the server's own key (as if the key had leaked, or a bug signed
  something odd) but holding any values at all, of every collection and sort order, answers a
  page or 400 naming `cursor`, never a 500: the values are checked before they reach SQL;
- walking random agenda items with a random filter and search text, sort and page size yields
  exactly the matching records, each once, in the documented order.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import string
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from enum import Enum
from functools import cmp_to_key
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session, col, delete

from kompas.agenda.models import AgendaItem, AgendaStatus
from kompas.core.config import Settings
from kompas.core.listing import ListSpec
from kompas.parties.models import Party
from tests.api.test_collections import walk
from tests.conftest import Actor, Tenant, assert_problem

BUDGET = settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Each walk is a few requests per page: fewer examples keep it near ten seconds on PostgreSQL.
WALK_BUDGET = settings(BUDGET, max_examples=50)
BASE64URL = string.ascii_letters + string.digits + "-_"


def assert_invalid_cursor(response: httpx.Response) -> None:
    problem = assert_problem(response, 400, "cursor")
    codes = [p["code"] for p in problem["invalidParams"] if p["name"] == "cursor"]
    assert codes in (["invalid-cursor"], ["control-character"], ["string_too_long"]), problem


# --- the collections and how they sign ---------------------------------------------------------


def list_specs() -> dict[str, ListSpec]:
    """Every collection's ListSpec, by name, from the modules of the running app."""
    found: dict[str, ListSpec] = {}
    for name, module in list(sys.modules.items()):
        if name.startswith("kompas.") and module is not None:
            for value in vars(module).values():
                if isinstance(value, ListSpec):
                    found[value.name] = value
    return found


def sort_keys(operation: dict[str, Any]) -> set[str] | None:
    """The sort keys an operation of the spec accepts, or None for one without `sort`."""
    sort = next((p for p in operation.get("parameters", []) if p["name"] == "sort"), None)
    if sort is None:
        return None
    keys = re.search(r"\((?:\?:)?([A-Za-z]+(?:\|[A-Za-z]+)*)\)", sort["schema"]["pattern"])
    assert keys, sort
    return set(keys.group(1).split("|"))


def plain_value(column: Any) -> Any:
    """A value of the column's type, as a cursor carries it."""
    python_type = column.type.python_type
    if isinstance(python_type, type) and issubclass(python_type, Enum):
        return next(iter(python_type)).value
    return {
        bool: False,
        int: 0,
        datetime: "2026-01-01T09:00:00+00:00",
        date: "2026-01-01",
        uuid.UUID: str(uuid.UUID(int=1)),
    }.get(python_type, "a")


@pytest.fixture
def collections(http: httpx.Client, admin: Actor, settings: Settings) -> list[tuple[str, ListSpec]]:
    """(path, spec) of every top-level collection an admin can list: the paths from the
    published spec, each matched to its ListSpec by its sort keys (and, where several share
    them, by the one whose cursor the path accepts)."""
    spec = http.get("/openapi.json").json()
    specs = list_specs()
    found = []
    for path, item in spec["paths"].items():
        keys = sort_keys(item.get("get", {}))
        if keys is None or "{" in path or http.get(path, headers=admin.headers).status_code != 200:
            continue
        candidates = [s for s in specs.values() if set(s.sortable) == keys]
        for candidate in candidates:
            order = [candidate.sortable[candidate.default_sort.lstrip("-").split(",")[0]]]
            columns = (
                [*order, candidate.id_column] if order[0] is not candidate.id_column else order
            )
            probe = sign(
                settings,
                candidate.name,
                candidate.default_sort.split(",")[0],
                json.dumps([plain_value(c) for c in columns]).encode(),
            )
            params = {"sort": candidate.default_sort.split(",")[0], "cursor": probe}
            if http.get(path, params=params, headers=admin.headers).status_code == 200:
                found.append((path, candidate))
                break
    assert len(found) >= 10, found
    return found


def sign(settings: Settings, spec_name: str, sort: str, payload: bytes) -> str:
    """A cursor signed as the server signs one (the decision record describes the format)."""

    def b64(raw: bytes) -> str:
        import base64

        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    key = hmac.new(settings.signing_key.encode(), b"kompas/listing/cursor", hashlib.sha256).digest()
    message = b"\0".join([spec_name.encode(), sort.encode(), payload])
    return f"{b64(payload)}.{b64(hmac.new(key, message, hashlib.sha256).digest())}"


# --- values a cursor might carry ---------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
moments = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30), timezones=st.timezones()
).map(lambda m: m.isoformat())


def typed_values(column: Any) -> st.SearchStrategy[Any]:
    """Values of the column's own type, at its edges: what gets past the type checks to SQL."""
    python_type = column.type.python_type
    if python_type is object:
        python_type = str
    if isinstance(python_type, type) and issubclass(python_type, Enum):
        return st.sampled_from([member.value for member in python_type]) | st.text(max_size=12)
    if python_type is bool:
        return st.booleans()
    if python_type is int:
        return st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.sampled_from(
            [0, -1, 2**31 - 1, 2**31, -(2**31) - 1, 2**63 - 1, -(2**63)]
        )
    if python_type is datetime:
        return moments | st.sampled_from(["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59Z"])
    if python_type is date:
        return st.dates().map(date.isoformat)
    if python_type is uuid.UUID:
        return st.uuids().map(str)
    return st.text(max_size=40) | st.text(alphabet=st.characters(codec="utf-8"), max_size=600)


# --- any text, any change ----------------------------------------------------------------------


@BUDGET
@given(data=st.data())
def test_any_text_as_a_cursor_is_400_naming_the_cursor(http, collections, admin: Actor, data):
    path, _ = data.draw(st.sampled_from(collections), label="collection")
    cursor = data.draw(
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=300)
        | st.text(alphabet=BASE64URL + ".", min_size=1, max_size=120),
        label="cursor",
    )
    response = http.get(path, params={"cursor": cursor}, headers=admin.headers)
    assert_invalid_cursor(response)


@pytest.fixture
def issued(http, tenant: Tenant, admin: Actor) -> dict[str, str]:
    """A second-page cursor of agenda items for each of a few sort orders."""
    lead = tenant.party("Werk")
    for i in range(3):
        created = http.post(
            "/agenda-items",
            json={"title": f"Punt {i}", "leadPartyId": str(lead.id)},
            headers=admin.headers,
        )
        assert created.status_code == 201, created.text
    cursors = {}
    for sort in ("-updatedAt", "title", "-targetDate,progress", "status,-createdAt"):
        page = http.get(
            "/agenda-items", params={"sort": sort, "limit": 1}, headers=admin.headers
        ).json()
        cursors[sort] = page["nextCursor"]
    return cursors


@st.composite
def changed(draw: st.DrawFn, cursor: str) -> str:
    """The cursor with one random change: a character replaced, inserted or removed, a slice
    cut off, or its two halves swapped."""
    how = draw(st.sampled_from(["replace", "insert", "remove", "cut", "swap", "case"]))
    at = draw(st.integers(min_value=0, max_value=len(cursor) - 1))
    char = draw(st.sampled_from(BASE64URL + ".=+/ %"))
    if how == "replace":
        return cursor[:at] + char + cursor[at + 1 :]
    if how == "insert":
        return cursor[:at] + char + cursor[at:]
    if how == "remove":
        return cursor[:at] + cursor[at + 1 :]
    if how == "cut":
        return cursor[:at] if at else cursor[1:]
    if how == "swap":
        payload, _, signature = cursor.partition(".")
        return f"{signature}.{payload}"
    return cursor[:at] + cursor[at].swapcase() + cursor[at + 1 :]


@BUDGET
@given(data=st.data())
def test_any_change_to_an_issued_cursor_is_400_naming_the_cursor(
    http, issued: dict[str, str], admin: Actor, data
):
    sort = data.draw(st.sampled_from(sorted(issued)), label="sort")
    cursor = data.draw(changed(issued[sort]), label="changed cursor")
    assume(cursor != issued[sort] and cursor)
    response = http.get(
        "/agenda-items", params={"sort": sort, "cursor": cursor}, headers=admin.headers
    )
    assert_invalid_cursor(response)


def test_the_issued_cursors_themselves_are_accepted(http, issued: dict[str, str], admin: Actor):
    """The control for the test above: unchanged, every cursor opens its next page."""
    for sort, cursor in issued.items():
        response = http.get(
            "/agenda-items", params={"sort": sort, "cursor": cursor}, headers=admin.headers
        )
        assert response.status_code == 200, (sort, response.text)
        assert len(response.json()["items"]) == 2  # the three items after the first page's one


# --- signed, yet holding anything ----------------------------------------------------------------


@BUDGET
@given(data=st.data())
def test_a_signed_cursor_holding_any_values_answers_a_page_or_400_never_500(
    http, collections, settings: Settings, admin: Actor, data
):
    path, spec = data.draw(st.sampled_from(collections), label="collection")
    keys = data.draw(
        st.lists(st.sampled_from(list(spec.sortable)), min_size=1, max_size=3, unique=True),
        label="keys",
    )
    sort = ",".join(
        f"-{k}" if data.draw(st.booleans(), label=f"{k} descending") else k for k in keys
    )
    columns = [spec.sortable[k] for k in keys]
    if not any(c is spec.id_column for c in columns):
        columns.append(spec.id_column)
    if data.draw(st.booleans(), label="values of the right types"):
        values: Any = [data.draw(typed_values(c) | st.none(), label=c.key) for c in columns]
    else:
        values = data.draw(json_values, label="values")
    payload = json.dumps(values, separators=(",", ":")).encode()
    cursor = sign(settings, spec.name, sort, payload)
    response = http.get(path, params={"sort": sort, "cursor": cursor}, headers=admin.headers)
    if response.status_code == 200:
        assert isinstance(response.json()["items"], list)
    else:
        assert_invalid_cursor(response)


@pytest.mark.parametrize(
    ("path", "collection", "sort", "value"),
    [
        ("/agenda-items", "agenda_items", "progress", 2**31),
        ("/phases", "phases", "-position", 2**63 - 1),
        ("/phases", "phases", "position", -(2**31) - 1),
    ],
    ids=["2**31-progress", "int64-max-position", "below-int32-position"],
)
def test_a_signed_cursor_with_an_integer_beyond_its_columns_range_is_400(
    http,
    settings: Settings,
    admin: Actor,
    path: str,
    collection: str,
    sort: str,
    value: int,
):
    """Found by the property above on PostgreSQL: the cursor's check allowed any 64-bit integer
    for a 32-bit column; PostgreSQL compares with a cast to the column's type and fails with
    "integer out of range", a 500 (SQLite, whose integers are 64-bit, answers a page). The fix
    bounds the value by the column's own type in core/listing.py `_decode`."""
    columns = [value, str(uuid.UUID(int=1))]
    if sort.lstrip("-") == "position":  # phases also sort by name and update time after it
        sort = f"{sort},name,updatedAt"
        columns = [value, "a", "2026-01-01T09:00:00+00:00", str(uuid.UUID(int=1))]
    cursor = sign(settings, collection, sort, json.dumps(columns).encode())
    response = http.get(path, params={"sort": sort, "cursor": cursor}, headers=admin.headers)
    assert response.status_code != 500, response.text
    assert_invalid_cursor(response)


# --- walking with a filter and a search --------------------------------------------------------

MOMENTS = [datetime(2026, 1, 1, 9, tzinfo=UTC) + timedelta(hours=i) for i in range(3)]
KEYS = {
    "title": lambda r: r["title"],
    "targetDate": lambda r: r["target_date"],
    "progress": lambda r: r["progress"],
    "status": lambda r: r["status"].value,
    "createdAt": lambda r: r["created_at"],
    "updatedAt": lambda r: r["updated_at"],
}
records = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.uuids(version=4),
            "title": st.sampled_from(["Schuld A", "Schuld B", "Wonen A", "Wonen B"]),
            "target_date": st.none() | st.sampled_from([date(2026, 3, 1), date(2026, 6, 30)]),
            "progress": st.sampled_from([0, 50, 100]),
            "status": st.sampled_from(list(AgendaStatus)),
            "created_at": st.sampled_from(MOMENTS),
            "updated_at": st.sampled_from(MOMENTS),
        }
    ),
    max_size=14,
    unique_by=lambda r: r["id"],
)


def documented_order(rows: list[dict[str, Any]], sort: list[tuple[str, bool]]) -> list[str]:
    """Each key with null after every value, reversed when descending; then the id."""

    def compare(a: dict[str, Any], b: dict[str, Any]) -> int:
        for key, descending in sort:
            x, y = KEYS[key](a), KEYS[key](b)
            if x == y:
                continue
            after = x is None or (y is not None and x > y)
            return (-1 if after else 1) if descending else (1 if after else -1)
        return -1 if a["id"] < b["id"] else 1

    return [str(r["id"]) for r in sorted(rows, key=cmp_to_key(compare))]


@pytest.fixture
def lead(tenant: Tenant) -> Party:
    return tenant.party("Werk")


@WALK_BUDGET
@given(rows=records, data=st.data())
def test_walking_with_a_filter_and_a_search_yields_exactly_the_matches_once_in_order(
    http, engine: Engine, tenant: Tenant, lead: Party, admin: Actor, rows, data
):
    with Session(engine) as session:
        session.exec(delete(AgendaItem).where(col(AgendaItem.organisation_id) == tenant.id))
        session.add_all(
            AgendaItem(
                organisation_id=tenant.id, lead_party_id=lead.id, ball_holder_id=lead.id, **r
            )
            for r in rows
        )
        session.commit()
    status = data.draw(st.none() | st.sampled_from(list(AgendaStatus)), label="status")
    q = data.draw(st.none() | st.sampled_from(["schuld", "WONEN", " A", "b"]), label="q")
    keys = data.draw(st.permutations(list(KEYS)), label="order")[
        : data.draw(st.integers(1, 3), label="keys")
    ]
    sort = [(key, data.draw(st.booleans(), label=f"{key} descending")) for key in keys]
    limit = data.draw(st.integers(min_value=1, max_value=5), label="limit")
    params: dict[str, Any] = {
        "sort": ",".join(f"-{k}" if d else k for k, d in sort),
        "limit": limit,
    }
    if status is not None:
        params["status"] = status.value
    if q is not None:
        params["q"] = q
    items, pages = walk(http, "/agenda-items", admin.headers, **params)
    matching = [
        r
        for r in rows
        if (status is None or r["status"] == status)
        and (q is None or q.lower() in r["title"].lower())
    ]
    ids = [i["id"] for i in items]
    assert len(ids) == len(set(ids)), "a record came twice"
    assert ids == documented_order(matching, sort), params
    assert pages == max(1, -(-len(matching) // limit))
