"""The demo's experience backpack: twenty lessons, some published, some shared with partners,
linked to the demo's agenda items, questions and successes, as a partner user sees them."""

from __future__ import annotations

from collections import Counter

from sqlmodel import Session

from kompas.demo.seed import DEMO_PASSWORD, seed_demo


def _login(http, email: str) -> dict[str, str]:
    response = http.post("/auth/token", data={"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_the_demo_backpack_has_twenty_experiences_linked_both_ways(engine, http):
    with Session(engine) as session:
        seed_demo(session)
        session.commit()
    fatima = _login(http, "fatima@voorbeeld.nl")
    items = http.get("/experiences", params={"limit": 200}, headers=fatima).json()["items"]
    assert len(items) == 20
    visibility = Counter(e["visibility"] for e in items)
    assert visibility["published"] >= 5
    assert visibility["partners"] >= 3
    assert visibility["organisation"] >= 3
    assert all(e["tags"] and e["phaseId"] and e["partyIds"] for e in items)
    assert sum(bool(e["agendaItemIds"]) for e in items) >= 10
    assert sum(bool(e["successIds"]) for e in items) >= 5
    linked = next(e for e in items if e["successIds"])
    success = http.get(f"/successes/{linked['successIds'][0]}", headers=fatima).json()
    assert linked["id"] in success["experienceIds"]
    assert len({e["authorId"] for e in items}) >= 3
    # Newest first, and the partner user sees less.
    assert [e["createdAt"] for e in items] == sorted((e["createdAt"] for e in items), reverse=True)
    sanne = _login(http, "sanne@woonstede.nl")
    seen = http.get("/experiences", params={"limit": 200}, headers=sanne).json()["items"]
    assert 0 < len(seen) < 20
    # No demo experience kept within the organisation involves Woonstede.
    assert {e["visibility"] for e in seen} == {"partners", "published"}
