"""Cursor pagination, sorting, filtering and search, the same for every collection."""

from __future__ import annotations

import base64
import json

from tests.conftest import Actor, Tenant, assert_problem


def walk(http, path, headers, **params):
    """Every page of a collection, following the Link header; returns items and page count."""
    items, pages = [], 0
    url = path
    while url:
        response = http.get(url, params=params if url == path else None, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        items += body["items"]
        pages += 1
        link = response.headers.get("Link")
        assert (link is None) == (body["nextCursor"] is None)
        url = link[1 : link.index(">")].split("/api/v1", 1)[1] if link else None
    return items, pages


def test_pages_follow_each_other_without_gaps_or_repeats(http, tenant: Tenant, admin: Actor):
    for i in range(7):
        tenant.party(f"Afdeling {i}")
    items, pages = walk(http, "/departments", admin.headers, limit=3)
    assert pages == 3
    assert [i["name"] for i in items] == [f"Afdeling {i}" for i in range(7)]


def test_equal_sort_values_are_ordered_by_id_and_paginate_stably(
    http, tenant: Tenant, admin: Actor
):
    werk = tenant.party("Werk")
    for _ in range(5):
        http.post(
            "/needs",
            json={"partyId": str(werk.id), "kind": "need", "title": "Zelfde"},
            headers=admin.headers,
        )
    items, _ = walk(http, "/needs", admin.headers, limit=2, sort="title")
    ids = [i["id"] for i in items]
    assert len(ids) == 5
    assert ids == sorted(ids, key=lambda value: value.replace("-", ""))


def test_descending_sort_on_two_keys(http, tenant: Tenant, admin: Actor):
    for name in ("B", "A", "C"):
        tenant.party(name)
    items, _ = walk(http, "/departments", admin.headers, limit=1, sort="-name")
    assert [i["name"] for i in items] == ["C", "B", "A"]


def test_search_matches_name_and_description_case_insensitively_and_literally(
    http, tenant: Tenant, admin: Actor
):
    tenant.party("Werk en Inkomen", description="Bijstand")
    tenant.party("Zorg", description="Wmo 100% dekkend")
    tenant.party("Jeugd")

    def names(q: str) -> list[str]:
        items = http.get("/departments", params={"q": q}, headers=admin.headers).json()["items"]
        return [i["name"] for i in items]

    assert names("BIJSTAND") == ["Werk en Inkomen"]
    assert names("inkomen") == ["Werk en Inkomen"]
    assert names("100%") == ["Zorg"]
    assert names("%") == ["Zorg"]
    assert names("_") == []


def test_unknown_filter_unknown_sort_key_and_bad_limit_are_400(http, admin: Actor):
    assert_problem(
        http.get("/departments", params={"colour": "red"}, headers=admin.headers), 400, "colour"
    )
    assert_problem(
        http.get("/departments", params={"sort": "-colour"}, headers=admin.headers), 400, "sort"
    )
    assert_problem(
        http.get("/departments", params={"limit": 0}, headers=admin.headers), 400, "limit"
    )
    assert_problem(
        http.get("/departments", params={"limit": 201}, headers=admin.headers), 400, "limit"
    )
    assert_problem(
        http.get("/needs", params={"status": "klaar"}, headers=admin.headers), 400, "status"
    )


def test_invalid_and_foreign_cursors_are_400(http, tenant: Tenant, admin: Actor):
    for i in range(3):
        tenant.party(f"Afdeling {i}")
    cursor = http.get("/departments", params={"limit": 1}, headers=admin.headers).json()[
        "nextCursor"
    ]
    assert cursor
    other_sort = http.get(
        "/departments",
        params={"limit": 1, "cursor": cursor, "sort": "-name"},
        headers=admin.headers,
    )
    assert_problem(other_sort, 400, "cursor")
    forged = base64.urlsafe_b64encode(json.dumps({"s": "name", "v": [1, 2]}).encode()).decode()
    for bad in ("garbage", "!!!", forged, "e30", base64.urlsafe_b64encode(b"\xff\xfe").decode()):
        assert_problem(
            http.get("/departments", params={"cursor": bad}, headers=admin.headers), 400, "cursor"
        )


def test_naive_datetime_in_a_forged_cursor_is_400_not_500(http, admin: Actor):
    forged = base64.urlsafe_b64encode(
        json.dumps(
            {"s": "createdAt", "v": ["2026-01-01T00:00:00", "00000000-0000-0000-0000-000000000000"]}
        ).encode()
    ).decode()
    response = http.get(
        "/departments", params={"cursor": forged, "sort": "createdAt"}, headers=admin.headers
    )
    assert_problem(response, 400, "cursor")
