"""Keyset paging, the same for every collection: walking the pages with any `limit` yields every
record exactly once, in the order of one unpaged request, with nulls in one fixed place on both
databases (after every value: last ascending, first descending); and a cursor is accepted only as
the server issued it (docs/decisions/0008-signed-cursors-and-null-order.md).

The collections and their sort keys are read from the spec, so a new collection is covered as
soon as it is published.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import math
import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import cmp_to_key
from itertools import pairwise
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.types import Boolean, Enum
from sqlmodel import Session, col, delete

from kompas.agenda.models import AgendaItem, AgendaStatus
from kompas.core.db import metadata
from kompas.parties.models import Party
from tests.api.conftest import fill, operations
from tests.api.test_collections import walk
from tests.conftest import TEST_SECRET, Actor, Tenant, assert_problem

WHOLE = 200  # the largest page: one request that sees a whole (seeded) collection


# --- the collections, from the spec ------------------------------------------------------------


def collections(spec: dict[str, Any]) -> list[tuple[str, list[str], str]]:
    """(path, sort keys, sort pattern) of every list operation of the spec."""
    found = []
    for path, _, operation in operations(spec, "get"):
        sort = next((p for p in operation.get("parameters", []) if p["name"] == "sort"), None)
        if sort is None:
            continue
        pattern = sort["schema"]["pattern"]
        # The first group of bare alternatives is the list of keys.
        keys = re.search(r"\((?:\?:)?([A-Za-z]+(?:\|[A-Za-z]+)*)\)", pattern)
        assert keys, pattern
        found.append((path, keys.group(1).split("|"), pattern))
    assert len(found) >= 20, "the spec lost its collections"
    return found


@pytest.fixture
def listed(spec: dict[str, Any]) -> list[tuple[str, list[str], str]]:
    return collections(spec)


def snake(key: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", key).lower()


def assert_pages_match_one_request(
    http: httpx.Client, path: str, headers: dict[str, str], sort: str, limit: int
) -> list[dict[str, Any]]:
    """Walking ``path`` ``limit`` at a time yields exactly what one request of it does."""
    whole = http.get(path, params={"sort": sort, "limit": WHOLE}, headers=headers)
    assert whole.status_code == 200, (path, sort, whole.text)
    assert whole.json()["nextCursor"] is None, f"{path} holds more than {WHOLE} records"
    expected = whole.json()["items"]
    items, pages = walk(http, path, headers, sort=sort, limit=limit)
    assert [i["id"] for i in items] == [i["id"] for i in expected], (path, sort, limit)
    assert pages == max(1, math.ceil(len(expected) / limit)), (path, sort, limit)
    return expected


def assert_fixed_order(
    items: list[dict[str, Any]], key: str, descending: bool, *, only_key: bool = True
) -> None:
    """By the (first) sort key, nulls after every value: last ascending, first descending; when
    it is the only key, ties in id order."""
    if not items or key not in items[0]:
        return  # a key the records do not show as such
    nulls = [item[key] is None for item in items]
    assert nulls == sorted(nulls, reverse=descending), (key, descending, nulls)
    if not only_key:
        return
    for before, after in pairwise(items):
        if before[key] == after[key]:
            assert uuid.UUID(before["id"]) < uuid.UUID(after["id"]), (key, before, after)


# --- every collection, on a seeded organisation with ties and nulls ---------------------------


def some_value(column: Any, n: int) -> Any:
    """The ``n``-th value of a type: for a nullable column that may hold only nulls so far."""
    python_type = column.type.python_type
    if python_type is datetime:
        return datetime(2099, 1, 1, tzinfo=UTC) + timedelta(hours=n)
    if python_type is date:
        return date(2099, 1, 1) + timedelta(days=n)
    if python_type is int:
        return n
    return f"{n:04}"


@pytest.fixture
def seeded(populated: dict[str, str], listed: list[Any], engine: Engine) -> dict[str, str]:
    """`populated`, then ties and nulls in every sortable column: of every three rows (by id) of a
    table with such a column, the other two share a value (not for enums and booleans, where few
    values tie anyway) and where the column may be null, the first is null."""
    names = {snake(key) for _, keys, _ in listed for key in keys}
    nullable_sorted = set()
    for table in metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        # A Core UPDATE would also set `updated_at` by its `onupdate`: keep it as it is.
        untouched = {c.name: c for c in table.c if c.onupdate is not None}
        for name in sorted(names & set(table.c.keys())):
            column = table.c[name]
            if column.foreign_keys:
                continue
            with engine.connect() as connection:
                ids = list(connection.execute(select(table.c.id).order_by(table.c.id)).scalars())
            ties = not isinstance(column.type, Enum | Boolean)
            for first in range(0, len(ids), 3):
                group = ids[first : first + 3]
                changes: list[tuple[Any, Any]] = []
                if column.nullable:
                    nullable_sorted.add((table.name, name))
                    changes.append((group[0], None))
                    if ties:  # values in the reverse of the ids' order
                        changes += [(row_id, some_value(column, -first)) for row_id in group[1:]]
                elif ties and len(group) == 3:
                    source = select(column).where(table.c.id == group[1]).scalar_subquery()
                    changes.append((group[2], source))
                for row_id, value in changes:
                    try:
                        with engine.begin() as connection:
                            connection.execute(
                                table.update()
                                .where(table.c.id == row_id)
                                .values({**untouched, name: value})
                            )
                    except IntegrityError:
                        pass  # a unique column: no ties there
    # The columns the issue names, and any nullable sortable column since, hold nulls now.
    assert {("agenda_items", "target_date"), ("handoffs", "decided_at")} <= nullable_sorted
    return populated


def test_every_sort_key_of_every_collection_pages_like_one_request(
    http, listed, seeded, admin: Actor
):
    for path, keys, _ in listed:
        url = fill(path, seeded)
        for key in keys:
            for descending in (False, True):
                sort = f"-{key}" if descending else key
                items = assert_pages_match_one_request(http, url, admin.headers, sort, limit=2)
                assert len(items) >= 2, (path, "too few records to page")
                assert_fixed_order(items, key, descending)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_sort_and_page_size_walks_every_record_once_in_order(
    http, listed, seeded, admin: Actor, data
):
    path, keys, _ = data.draw(st.sampled_from(listed), label="collection")
    count = data.draw(st.integers(min_value=1, max_value=min(3, len(keys))), label="keys")
    chosen = data.draw(st.permutations(keys), label="order")[:count]
    sort = ",".join(f"-{key}" if data.draw(st.booleans()) else key for key in chosen)
    limit = data.draw(st.integers(min_value=1, max_value=8), label="limit")
    items = assert_pages_match_one_request(http, fill(path, seeded), admin.headers, sort, limit)
    assert_fixed_order(items, chosen[0], sort.startswith("-"), only_key=len(chosen) == 1)


# --- agenda items: Hypothesis makes the data -------------------------------------------------

MOMENTS = [datetime(2026, 1, 1, 9, tzinfo=UTC) + timedelta(hours=i) for i in range(3)]
# What each sort key of agenda items compares, in Python: the same order on both databases
# (single capitals and these status values sort alike under every collation).
AGENDA_KEYS: dict[str, Callable[[dict[str, Any]], Any]] = {
    "title": lambda r: r["title"],
    "targetDate": lambda r: r["target_date"],
    "progress": lambda r: r["progress"],
    "status": lambda r: r["status"].value,
    "createdAt": lambda r: r["created_at"],
    "updatedAt": lambda r: r["updated_at"],
}
agenda_records = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.uuids(version=4),
            "title": st.sampled_from("ABC"),
            "target_date": st.none() | st.sampled_from([date(2026, 3, 1), date(2026, 6, 30)]),
            "progress": st.sampled_from([0, 50, 100]),
            "status": st.sampled_from(list(AgendaStatus)),
            "created_at": st.sampled_from(MOMENTS),
            "updated_at": st.sampled_from(MOMENTS),
        }
    ),
    max_size=12,
    unique_by=lambda r: r["id"],
)


def expected_order(records: list[dict[str, Any]], sort: list[tuple[str, bool]]) -> list[str]:
    """The documented order: each key with null after every value, reversed when descending;
    then the id."""

    def compare(a: dict[str, Any], b: dict[str, Any]) -> int:
        for key, descending in sort:
            x, y = AGENDA_KEYS[key](a), AGENDA_KEYS[key](b)
            if x == y:
                continue
            after = x is None or (y is not None and x > y)
            return (-1 if after else 1) if descending else (1 if after else -1)
        return -1 if a["id"] < b["id"] else 1

    return [str(r["id"]) for r in sorted(records, key=cmp_to_key(compare))]


@pytest.fixture
def lead(tenant: Tenant) -> Party:
    return tenant.party("Werk")


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(records=agenda_records, data=st.data())
def test_agenda_items_page_in_the_documented_order_whatever_the_data(
    http, listed, engine, tenant: Tenant, lead: Party, admin: Actor, records, data
):
    published = next(keys for path, keys, _ in listed if path == "/agenda-items")
    assert set(AGENDA_KEYS) == set(published), "a new sort key: say what it compares"
    with Session(engine) as session:
        session.exec(delete(AgendaItem).where(col(AgendaItem.organisation_id) == tenant.id))
        session.add_all(
            AgendaItem(
                organisation_id=tenant.id, lead_party_id=lead.id, ball_holder_id=lead.id, **r
            )
            for r in records
        )
        session.commit()
    count = data.draw(st.integers(min_value=1, max_value=3), label="keys")
    chosen = data.draw(st.permutations(list(AGENDA_KEYS)), label="order")[:count]
    sort = [(key, data.draw(st.booleans())) for key in chosen]
    sort_text = ",".join(f"-{key}" if descending else key for key, descending in sort)
    limit = data.draw(st.integers(min_value=1, max_value=5), label="limit")
    items = assert_pages_match_one_request(http, "/agenda-items", admin.headers, sort_text, limit)
    assert [i["id"] for i in items] == expected_order(records, sort), sort_text


def test_items_without_a_target_date_come_last_ascending_and_first_descending(
    http, tenant: Tenant, admin: Actor
):
    lead = tenant.party("Werk")
    for i, target in enumerate([None, "2099-05-01", None, "2099-03-01", "2099-05-01", None]):
        created = http.post(
            "/agenda-items",
            json={"title": f"Punt {i}", "leadPartyId": str(lead.id), "targetDate": target},
            headers=admin.headers,
        )
        assert created.status_code == 201, created.text
    ascending, _ = walk(http, "/agenda-items", admin.headers, sort="targetDate", limit=2)
    assert [i["targetDate"] for i in ascending] == [
        "2099-03-01",
        "2099-05-01",
        "2099-05-01",
        None,
        None,
        None,
    ]
    descending, _ = walk(http, "/agenda-items", admin.headers, sort="-targetDate", limit=2)
    assert [i["targetDate"] for i in descending] == [
        None,
        None,
        None,
        "2099-05-01",
        "2099-05-01",
        "2099-03-01",
    ]


def test_a_cursor_after_the_longest_title_is_accepted(http, tenant: Tenant, admin: Actor):
    """A cursor carries the last record's sort values; the longest must fit the cursor's limit."""
    lead = tenant.party("Werk")
    for mark in ("\U0001f600", "\U0001f601", '"'):  # the longest in UTF-8, and escaped
        created = http.post(
            "/questions",
            json={"title": mark * 500, "leadPartyId": str(lead.id)},
            headers=admin.headers,
        )
        assert created.status_code == 201, created.text
    items, pages = walk(http, "/questions", admin.headers, sort="title,-createdAt", limit=1)
    assert pages == 3
    assert len({i["id"] for i in items}) == 3


# --- the sort pattern says what the API accepts ----------------------------------------------


def test_the_sort_pattern_refuses_a_repeated_key_as_the_api_does(http, listed, admin: Actor):
    for path, keys, pattern in listed:
        accepts = re.compile(pattern)
        assert accepts.fullmatch(",".join(keys)), path
        assert accepts.fullmatch(",".join(f"-{key}" for key in reversed(keys))), path
        for key in keys:
            for repeated in (f"{key},{key}", f"{key},-{key}", f"-{key},{','.join(keys)}"):
                assert not accepts.fullmatch(repeated), (path, repeated)
    assert_problem(
        http.get("/agenda-items", params={"sort": "title,-title"}, headers=admin.headers),
        400,
        "sort",
    )


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_every_sort_the_spec_allows_is_accepted(http, listed, admin: Actor, data):
    path, _, pattern = data.draw(st.sampled_from(listed), label="collection")
    sort = data.draw(st.from_regex(pattern, fullmatch=True), label="sort")
    unknown_parents: defaultdict[str, str] = defaultdict(lambda: str(uuid.uuid4()))
    response = http.get(fill(path, unknown_parents), params={"sort": sort}, headers=admin.headers)
    assert response.status_code in (200, 404), (path, sort, response.text)


# --- cursors only the server could have made -------------------------------------------------

CURSOR_CONTEXT = b"kompas/listing/cursor"
A_MOMENT = "2026-01-01T09:00:00+00:00"
AN_ID = "2d1a8a56-8c1b-4d43-9a77-d7a1b8d0f0e1"


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def signed(collection: str, sort: str, values: Any, secret: str = TEST_SECRET) -> str:
    """A cursor as the server signs it (the decision record describes the format)."""
    key = hmac.new(secret.encode(), CURSOR_CONTEXT, hashlib.sha256).digest()
    payload = json.dumps(values, separators=(",", ":")).encode()
    message = b"\0".join([collection.encode(), sort.encode(), payload])
    return f"{b64(payload)}.{b64(hmac.new(key, message, hashlib.sha256).digest())}"


def unsigned(payload: Any) -> str:
    """A cursor of the old, unsigned format."""
    return b64(json.dumps(payload).encode())


def issued(http: httpx.Client, admin: Actor, path: str, **params: Any) -> str:
    cursor = http.get(path, params={"limit": 1, **params}, headers=admin.headers).json()[
        "nextCursor"
    ]
    assert cursor
    return cursor


def flip(text: str, index: int) -> str:
    return text[:index] + ("A" if text[index] != "A" else "B") + text[index + 1 :]


def nudge_last(text: str) -> str:
    """The last character with its lowest bit flipped: for a 32-byte signature, a padding bit
    that a lenient base64 decoder ignores."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return text[:-1] + alphabet[alphabet.index(text[-1]) ^ 1]


@pytest.fixture
def lists(http, tenant: Tenant, admin: Actor) -> None:
    """Three agenda items, questions, departments and partners: enough for a second page."""
    lead = tenant.party("Werk")
    for i in range(3):
        for path in ("/agenda-items", "/questions"):
            created = http.post(
                path,
                json={"title": f"Punt {i}", "leadPartyId": str(lead.id)},
                headers=admin.headers,
            )
            assert created.status_code == 201, created.text
        tenant.party(f"Afdeling {i}")
        partner = http.post(
            "/partners",
            json={"name": f"Partner {i}", "contacts": [{"name": "Contact"}]},
            headers=admin.headers,
        )
        assert partner.status_code == 201, partner.text


Cursor = Callable[[httpx.Client, Actor], str]
BAD_CURSORS: dict[str, tuple[str, dict[str, str], Cursor]] = {
    # What the attack sent: hand-made, unsigned, a null where no null can be.
    "hand-made nulls": (
        "/agenda-items",
        {},
        lambda http, admin: unsigned({"s": "-updatedAt", "v": [None, None]}),
    ),
    "old unsigned format": (
        "/agenda-items",
        {},
        lambda http, admin: unsigned({"s": "-updatedAt", "v": [A_MOMENT, AN_ID]}),
    ),
    "garbage base64": ("/agenda-items", {}, lambda http, admin: "!!!not*base64~~"),
    "empty json object": ("/agenda-items", {}, lambda http, admin: "e30"),
    "not utf-8": ("/agenda-items", {}, lambda http, admin: b64(b"\xff\xfe") + "." + b64(b"x")),
    "flipped signature byte": (
        "/agenda-items",
        {},
        lambda http, admin: flip(issued(http, admin, "/agenda-items"), -5),
    ),
    "flipped payload byte": (
        "/agenda-items",
        {},
        lambda http, admin: flip(issued(http, admin, "/agenda-items"), 3),
    ),
    "signature in another spelling": (
        "/agenda-items",
        {},
        lambda http, admin: nudge_last(issued(http, admin, "/agenda-items")),
    ),
    "truncated": (
        "/agenda-items",
        {},
        lambda http, admin: issued(http, admin, "/agenda-items")[:-1],
    ),
    "cursor of another sort": (
        "/agenda-items",
        {"sort": "-title"},
        lambda http, admin: issued(http, admin, "/agenda-items", sort="title"),
    ),
    "another collection's cursor, same sort": (
        "/agenda-items",
        {},
        lambda http, admin: issued(http, admin, "/questions", sort="-updatedAt"),
    ),
    "departments' cursor on partners": (
        "/partners",
        {},
        lambda http, admin: issued(http, admin, "/departments"),
    ),
    "signed with another server's key": (
        "/agenda-items",
        {},
        lambda http, admin: signed("agenda_items", "-updatedAt", [A_MOMENT, AN_ID], "x" * 52),
    ),
    # Signed with the server's key, yet not what the server would issue.
    "null where no null can be": (
        "/agenda-items",
        {},
        lambda http, admin: signed("agenda_items", "-updatedAt", [None, None]),
    ),
    "a number for a moment": (
        "/agenda-items",
        {},
        lambda http, admin: signed("agenda_items", "-updatedAt", [12, AN_ID]),
    ),
    "a moment without offset": (
        "/agenda-items",
        {},
        lambda http, admin: signed("agenda_items", "-updatedAt", ["2026-01-01T09:00:00", AN_ID]),
    ),
    "a moment out of range in UTC": (
        "/agenda-items",
        {},
        lambda http, admin: signed(
            "agenda_items", "-updatedAt", ["0001-01-01T00:00:00+01:00", AN_ID]
        ),
    ),
    "1e30 for an integer": (
        "/agenda-items",
        {"sort": "progress"},
        lambda http, admin: signed("agenda_items", "progress", [1e30, AN_ID]),
    ),
    "2**70 for an integer": (
        "/agenda-items",
        {"sort": "progress"},
        lambda http, admin: signed("agenda_items", "progress", [2**70, AN_ID]),
    ),
    "a boolean for an integer": (
        "/agenda-items",
        {"sort": "progress"},
        lambda http, admin: signed("agenda_items", "progress", [True, AN_ID]),
    ),
    "an unknown status": (
        "/agenda-items",
        {"sort": "status"},
        lambda http, admin: signed("agenda_items", "status", ["someday", AN_ID]),
    ),
    "an impossible date": (
        "/agenda-items",
        {"sort": "targetDate"},
        lambda http, admin: signed("agenda_items", "targetDate", ["2026-02-30", AN_ID]),
    ),
    "a number for a date": (
        "/agenda-items",
        {"sort": "targetDate"},
        lambda http, admin: signed("agenda_items", "targetDate", [20260101, AN_ID]),
    ),
    "a number for an id": (
        "/agenda-items",
        {},
        lambda http, admin: signed("agenda_items", "-updatedAt", [A_MOMENT, 5]),
    ),
    "an id in another spelling": (
        "/agenda-items",
        {},
        lambda http, admin: signed("agenda_items", "-updatedAt", [A_MOMENT, "{" + AN_ID + "}"]),
    ),
    "a NUL in a title": (
        "/agenda-items",
        {"sort": "title"},
        lambda http, admin: signed("agenda_items", "title", ["a\x00b", AN_ID]),
    ),
    "a lone surrogate in a title": (
        "/agenda-items",
        {"sort": "title"},
        lambda http, admin: signed("agenda_items", "title", ["\ud800", AN_ID]),
    ),
    "too few values": (
        "/agenda-items",
        {},
        lambda http, admin: signed("agenda_items", "-updatedAt", [A_MOMENT]),
    ),
    "not a list": (
        "/agenda-items",
        {},
        lambda http, admin: signed("agenda_items", "-updatedAt", {"v": [A_MOMENT, AN_ID]}),
    ),
}


@pytest.mark.parametrize("case", list(BAD_CURSORS))
def test_a_cursor_the_server_did_not_issue_for_this_request_is_400(
    http, lists, admin: Actor, case: str
):
    path, params, make = BAD_CURSORS[case]
    response = http.get(path, params={**params, "cursor": make(http, admin)}, headers=admin.headers)
    body = assert_problem(response, 400, "cursor")
    assert [p["code"] for p in body["invalidParams"] if p["name"] == "cursor"] == ["invalid-cursor"]


def test_a_cursor_signed_with_the_servers_key_is_accepted(http, lists, admin: Actor):
    """The control for the table above: its signed cursors fail for their values alone."""
    everything = http.get("/agenda-items", params={"sort": "targetDate"}, headers=admin.headers)
    first = everything.json()["items"][0]
    cursor = signed("agenda_items", "targetDate", [first["targetDate"], first["id"]])
    rest = http.get(
        "/agenda-items", params={"sort": "targetDate", "cursor": cursor}, headers=admin.headers
    )
    assert rest.status_code == 200, rest.text
    assert [i["id"] for i in rest.json()["items"]] == [
        i["id"] for i in everything.json()["items"][1:]
    ]
