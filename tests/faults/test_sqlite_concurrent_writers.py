"""SQLite under concurrent writers: threads and two `kompas serve` processes on one database
file. No "database is locked" reaches a user: every answer is a success or a clean 409/412."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from pathlib import Path

import httpx
from sqlmodel import Session, col, select

from kompas.core.db import make_engine
from kompas.core.migrate import upgrade
from kompas.parties.models import Party
from tests.conftest import API
from tests.faults.conftest import KompasProcess, make_admin

THREADS = 6
ROUNDS = 15


def test_two_processes_and_many_threads_write_one_sqlite_file_without_a_lock_error(
    tmp_path: Path, settings
):
    url = f"sqlite:///{tmp_path / 'kompas.db'}"
    engine = make_engine(url)
    upgrade(engine)
    admin = make_admin(engine, settings)
    servers = [KompasProcess(url, tmp_path / f"serve-{n}.log") for n in range(2)]
    answers: list[tuple[str, int, str]] = []
    created: list[str] = []
    lock = threading.Lock()
    try:
        for server in servers:
            server.wait_until_live()
        clients = [
            httpx.Client(base_url=server.url + API, headers=admin.headers, timeout=60)
            for server in servers
        ]
        shared = clients[0].post("/departments", json={"name": "Gedeeld"})
        assert shared.status_code == 201, shared.text
        shared_url = f"/departments/{shared.json()['id']}"

        def work(number: int) -> None:
            for step in range(ROUNDS):
                client = clients[(number + step) % 2]
                name = f"Afdeling {number}-{step}-{uuid.uuid4().hex[:6]}"
                made = client.post("/departments", json={"name": name})
                current = client.get(shared_url)
                changed = client.patch(
                    shared_url,
                    json={"name": f"Gedeeld {number}-{step}"},
                    headers={"If-Match": current.headers.get("ETag", '"0"')},
                )
                listed = client.get("/departments", params={"limit": 5})
                with lock:
                    if made.status_code == 201:
                        created.append(name)
                    for kind, response in (
                        ("create", made),
                        ("read", current),
                        ("update", changed),
                        ("list", listed),
                    ):
                        answers.append((kind, response.status_code, response.text))

        threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        for client in clients:
            client.close()
    finally:
        for server in servers:
            server.close()

    statuses = Counter((kind, status) for kind, status, _ in answers)
    print(f"\n{dict(statuses)}")
    assert len(answers) == THREADS * ROUNDS * 4
    assert all(status in (200, 201, 409, 412) for _, status, _ in answers), statuses
    assert not [text for _, _, text in answers if "locked" in text.lower()]
    assert statuses[("create", 201)] == THREADS * ROUNDS
    with Session(engine) as session:
        stored = session.exec(select(Party.name).where(col(Party.name).in_(created))).all()
    assert sorted(stored) == sorted(created)
    engine.dispose()
