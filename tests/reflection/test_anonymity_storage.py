"""Anonymity as a property of what is stored: after people answer, nothing in the database — no
column, no timestamp, no physical order, no PostgreSQL xmin, no audit event, no idempotency
record, no log line — links an answer to the person who gave it (docs/reflection-anonymity.md).

Every test here reads the stored rows directly, on SQLite and on PostgreSQL."""

# ruff: noqa: S608 - table names are this module's constants, values are bound
from __future__ import annotations

import json
import logging
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, select, text

from kompas.core.db import metadata
from tests.reflection.conftest import World

ANSWERS = "reflection_answers"
RESPONDENTS = "reflection_respondents"


def dump(engine: Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as stored."""
    with engine.connect() as connection:
        return {
            table.name: [dict(row._mapping) for row in connection.execute(select(table))]
            for table in metadata.sorted_tables
        }


def texts(value: Any) -> str:
    """Everything a row holds, as one string to search."""
    return json.dumps(value, default=str)


def answer_in_order(world: World, people: int = 6, tag: str = "") -> tuple[dict, list]:
    """A round that ``people`` members answer one after another, each with an open answer that
    says who and when (``antwoord-<n>``) and a rating pattern of their own."""
    actors = world.people("werk", people)
    round_ = world.open("werk")
    for n, actor in enumerate(actors):
        world.answered(round_, actor, rating=1 + n % 5, going_well=f"antwoord-{tag}{n}")
    return round_, actors


def order_of(rows: list[Any]) -> list[int]:
    """The answering positions of stored answers, in the order the database returned them."""
    return [int(row["going-well"].rsplit("-", 1)[1][-1]) for row in rows]


def test_who_answered_and_what_was_answered_share_no_key_and_no_time(world: World, engine):
    _, actors = answer_in_order(world)
    stored = dump(engine)
    answers, respondents = stored[ANSWERS], stored[RESPONDENTS]
    assert len(answers) == len(respondents) == len(actors)
    # Exactly these columns: no user, no timestamp, nothing sequential.
    assert set(answers[0]) == {"id", "round_id", "party_id", "ratings", "open_answers"}
    assert set(respondents[0]) == {"id", "round_id", "user_id"}
    for table in (ANSWERS, RESPONDENTS):
        columns = metadata.tables[table].columns
        assert not [c.name for c in columns if c.type.python_type in (datetime, date)], table
        assert not [c.name for c in columns if c.type.python_type is int], table
        assert all(
            isinstance(row["id"], uuid.UUID) and row["id"].version == 4 for row in stored[table]
        )
    # The one key they share is the round; no answer holds any trace of a person.
    assert {a["round_id"] for a in answers} == {r["round_id"] for r in respondents}
    user_ids = {str(actor.id) for actor in actors} | {actor.id.hex for actor in actors}
    for answer in answers:
        assert not any(user_id in texts(answer) for user_id in user_ids)
        assert not any(actor.user.name in texts(answer) for actor in actors)
    # Nor does any other table hold an answer's content.
    for table, rows in stored.items():
        if table == ANSWERS:
            continue
        for n in range(len(actors)):
            assert f"antwoord-{n}" not in texts(rows), table
    # The round itself was not touched by answering: no version, no updated_at to line up.
    rounds = stored["reflection_rounds"]
    assert [r["version"] for r in rounds] == [2]  # created, then opened


def test_the_stored_order_does_not_follow_the_order_of_answering(world: World, engine):
    """Each answer rewrites its round's rows in a random order: over several rounds the stored
    order is a permutation of the answering order that is not the answering order every time
    (all three the identity by chance: 1 in 720³)."""
    dialect = engine.dialect.name
    orders: list[list[int]] = []
    for attempt in range(3):
        round_, actors = answer_in_order(world, tag=str(attempt))
        with engine.connect() as connection:
            plain = connection.execute(
                text(f"SELECT open_answers FROM {ANSWERS} WHERE round_id = :r"),
                {"r": _key(engine, round_["id"])},
            ).scalars()
            plain_order = order_of([_json(value) for value in plain])
            orders.append(plain_order)
            if dialect == "postgresql":
                by_ctid = connection.execute(
                    text(f"SELECT open_answers FROM {ANSWERS} WHERE round_id = :r ORDER BY ctid"),
                    {"r": _key(engine, round_["id"])},
                ).scalars()
                orders.append(order_of([_json(value) for value in by_ctid]))
        assert sorted(plain_order) == list(range(len(actors)))
    identity = list(range(6))
    assert any(order != identity for order in orders), orders


def test_sqlite_keeps_no_rowid_and_postgres_one_xmin_for_the_whole_round(world: World, engine):
    round_, _ = answer_in_order(world)
    key = _key(engine, round_["id"])
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            for table in (ANSWERS, RESPONDENTS):
                with pytest.raises(Exception, match="rowid"):
                    connection.execute(text(f"SELECT rowid FROM {table}")).all()
                ddl = connection.execute(
                    text("SELECT sql FROM sqlite_master WHERE name = :t"), {"t": table}
                ).scalar_one()
                assert "WITHOUT ROWID" in ddl.upper()
        else:
            xmins = {
                row[0]
                for table in (ANSWERS, RESPONDENTS)
                for row in connection.execute(
                    text(f"SELECT xmin::text FROM {table} WHERE round_id = :r"), {"r": key}
                )
            }
            # Every row of both tables was written by the last answer's transaction.
            assert len(xmins) == 1, xmins


def test_the_audit_trail_records_nothing_of_an_answer(world: World, engine):
    round_, actors = answer_in_order(world)
    with engine.connect() as connection:
        events = [
            dict(row._mapping) for row in connection.execute(text("SELECT * FROM audit_events"))
        ]
    assert events  # the round's own creation and opening are there
    for event in events:
        assert "reflection-answers" not in texts(event["resource_type"])
        assert "reflection-respondents" not in texts(event["resource_type"])
        assert "antwoord-" not in texts(event)
        assert (
            str(event["resource_id"]) != round_["id"] or event["actor_id"] == world.coordinator.id
        )
    assert not {str(event["actor_id"]) for event in events} & {str(actor.id) for actor in actors}


def test_no_idempotency_record_is_kept_of_an_answer(world: World, engine):
    actors = world.people("werk", 2)
    round_ = world.open("werk")
    body = {
        "ratings": [{"statementKey": s["key"], "rating": 4} for s in round_["statements"]],
        "openAnswers": [{"questionKey": "going-well", "text": "geheim"}],
    }
    url = f"/reflection-rounds/{round_['id']}/answers"
    headers = {**actors[0].headers, "Idempotency-Key": "antwoord-1"}
    first = world.http.post(url, json=body, headers=headers)
    assert first.status_code == 204, first.text
    # Not replayed: the key is ignored, and the second answer is refused as a second answer.
    again = world.http.post(url, json=body, headers=headers)
    assert again.status_code == 409
    assert "idempotent-replayed" not in again.headers
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM idempotency_keys")).scalar_one() == 0
    # Elsewhere keys are remembered as before.
    created = world.http.post(
        "/drivers",
        json={"title": "x"},
        headers={**world.coordinator.headers, "Idempotency-Key": "k"},
    )
    assert created.status_code == 201
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM idempotency_keys")).scalar_one() == 1


def test_no_log_line_holds_an_answer(world: World, caplog):
    caplog.set_level(logging.DEBUG)
    actors = world.people("werk", 2)
    round_ = world.open("werk")
    world.answered(round_, actors[0], going_well="zeer-geheim-antwoord")
    bad = world.answer(round_, actors[1], rating=9, going_well="ander-geheim")  # refused
    assert bad.status_code == 400
    assert "zeer-geheim-antwoord" not in caplog.text
    assert "ander-geheim" not in caplog.text
    assert "ander-geheim" not in bad.text  # the problem names the field, not what was sent


def _key(engine: Engine, round_id: str) -> Any:
    """The round id as the database stores it (SQLite: 32 hex digits)."""
    return uuid.UUID(round_id).hex if engine.dialect.name == "sqlite" else round_id


def _json(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value)


def test_answers_at_the_same_moment_are_all_kept_once(world: World, engine, server):
    """The rewrite reads and replaces every row of the round: answers racing each other are
    written one at a time (the round's row lock), none lost, none doubled, never a 500."""
    actors = world.people("werk", 8)
    round_ = world.open("werk")
    body = {"ratings": [{"statementKey": s["key"], "rating": 2} for s in round_["statements"]]}
    url = f"{server.url}/api/v1/reflection-rounds/{round_['id']}/answers"

    def send(actor) -> int:
        with httpx.Client(timeout=60) as client:
            return client.post(url, json=body, headers=actor.headers).status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(send, actors + actors[:2]))
    assert sorted(statuses) == [204] * 8 + [409] * 2, statuses
    stored = dump(engine)
    assert len(stored[ANSWERS]) == len(stored[RESPONDENTS]) == 8
    assert {r["user_id"] for r in stored[RESPONDENTS]} == {a.id for a in actors}
