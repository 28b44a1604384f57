"""A reservation whose request can no longer finish (its process died, or the database went away
before the outcome was stored) does not hold its key for 24 hours: after ABANDONED_AFTER a retry
with the same key and body runs as the first request; before that it is still 409."""

from __future__ import annotations

from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from kompas.core.idempotency import ABANDONED_AFTER, IdempotencyRecord
from kompas.parties.models import Party
from tests.conftest import Actor, Clock, Tenant, assert_problem


def departments(db: Session, name: str) -> int:
    return db.exec(select(func.count()).select_from(Party).where(Party.name == name)).one()


def reserve_without_outcome(http, admin: Actor, db: Session, name: str, key: str) -> None:
    """A first request whose outcome was never stored: its reservation is left as it was."""
    first = http.post(
        "/departments", json={"name": name}, headers={**admin.headers, "Idempotency-Key": key}
    )
    assert first.status_code == 201, first.text
    db.execute(update(IdempotencyRecord).values(status=None, headers=None, body=None))
    db.commit()


def test_a_fresh_reservation_without_an_outcome_answers_409(
    http, tenant: Tenant, admin: Actor, db, wall_clock: Clock
):
    reserve_without_outcome(http, admin, db, "Werk", "sleutel-1")
    wall_clock.advance(seconds=ABANDONED_AFTER.total_seconds() - 30)
    again = http.post(
        "/departments",
        json={"name": "Werk"},
        headers={**admin.headers, "Idempotency-Key": "sleutel-1"},
    )
    assert_problem(again, 409)
    assert departments(db, "Werk") == 1


def test_an_abandoned_reservation_is_taken_over_by_a_retry_and_remembered_again(
    http, tenant: Tenant, admin: Actor, db, wall_clock: Clock
):
    reserve_without_outcome(http, admin, db, "Jeugd", "sleutel-2")
    # As when the database went away: the first request's write did not last.
    db.execute(delete(Party).where(col(Party.name) == "Jeugd"))
    db.commit()
    wall_clock.advance(seconds=ABANDONED_AFTER.total_seconds() + 30)
    headers = {**admin.headers, "Idempotency-Key": "sleutel-2"}
    retried = http.post("/departments", json={"name": "Jeugd"}, headers=headers)
    assert retried.status_code == 201, retried.text
    assert "Idempotent-Replayed" not in retried.headers
    replay = http.post("/departments", json={"name": "Jeugd"}, headers=headers)
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == retried.json()
    assert departments(db, "Jeugd") == 1
    db.expire_all()
    (record,) = db.exec(select(IdempotencyRecord)).all()
    assert record.status == 201
