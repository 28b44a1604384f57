"""The demo people's commitments: some shared, some private, and private stays private."""

from __future__ import annotations

from sqlmodel import Session

from kompas.demo.seed import seed_demo


def _login(http, email: str) -> dict[str, str]:
    token = http.post("/auth/token", data={"username": email, "password": "demo-kompas-2026"})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def test_the_demo_has_shared_and_private_commitments(engine, http):
    with Session(engine) as session:
        seed_demo(session)
        session.commit()
    member = _login(http, "jeroen@voorbeeld.nl")
    listed = http.get("/commitments", headers=member).json()["items"]
    assert {item["authorName"] for item in listed} == {"Fatima El Amrani", "Sanne Bakker"}
    assert all(item["shared"] and item["meaning"] for item in listed)
    assert http.get("/commitments/mine", headers=member).status_code == 404  # his to make
    coordinator = _login(http, "fatima@voorbeeld.nl")
    summary = http.get("/commitments/summary", headers=coordinator).json()
    assert summary["people"] == 4
    assert summary["shared"] == 2
    # The viewer's private one: its author reads it, the admin does not.
    viewer = _login(http, "kijker@voorbeeld.nl")
    own = http.get("/commitments/mine", headers=viewer).json()
    assert own["shared"] is False
    admin = _login(http, "beheer@voorbeeld.nl")
    assert http.get(f"/commitments/{own['id']}", headers=admin).status_code == 404
