"""Every list request issues the same number of SQL statements whatever its page size: no N+1."""

from __future__ import annotations

from tests.api.conftest import PER_COLLECTION, fill, operations
from tests.conftest import Actor

# Records that embed their relations load each kind once per page: participants, the links both
# ways, the open handoffs (and for questions, their contribution counts; for successes, their
# endorsements).
EMBEDDED = {
    "/agenda-items": 3,
    "/questions": 4,
    "/successes": 2,
    "/meetings": 1,
    "/experiences": 1,
    # parties, invited and answered counts, the rounds the caller answered
    "/reflection-rounds": 4,
    # the attempts of the deliveries on the page
    "/webhook-subscriptions/{webhookSubscriptionId}/deliveries": 1,
}


def test_list_requests_do_not_issue_more_queries_for_bigger_pages(
    http, spec, populated, admin: Actor, count_sql
):
    lists = [
        path
        for path, _, operation in operations(spec, "get")
        if operation["responses"]["200"]["content"]
        .get("application/json", {})
        .get("schema", {})
        .get("$ref", "")
        .endswith("Page")
    ]
    assert len(lists) >= 9
    for path in lists:
        counts = {}
        total = len(
            http.get(fill(path, populated), params={"limit": 200}, headers=admin.headers).json()[
                "items"
            ]
        )
        assert total >= PER_COLLECTION, path  # else a growing count could not show
        for limit in (1, PER_COLLECTION):
            counter = count_sql()
            response = http.get(
                fill(path, populated), params={"limit": limit}, headers=admin.headers
            )
            assert response.status_code == 200, (path, response.text)
            assert "items" in response.json(), (path, response.text)
            assert len(response.json()["items"]) == min(limit, total), path
            counts[limit] = len(counter)
        assert counts[1] == counts[PER_COLLECTION], (path, counts)
        # The caller (its user and its session in one statement), a parent record if any, the
        # page: no more, but for the relations a record embeds.
        assert counts[1] <= 3 + EMBEDDED.get(path, 0), (path, counts)
