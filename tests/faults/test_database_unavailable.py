"""PostgreSQL stops under load and comes back: every answer is a success or a clean 503 with
Retry-After, none hangs, no write is half-done, and the service recovers by itself."""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

import httpx
import pytest
from sqlmodel import Session, col, select

from kompas.core.db import make_engine
from kompas.core.migrate import upgrade
from kompas.main import create_app
from kompas.parties.models import Party
from tests.conftest import API, LiveServer
from tests.faults.conftest import PostgresCluster, make_admin

THREADS = 4
# Longer than any answer may take: a request still waiting this long counts as a hang.
CLIENT_TIMEOUT_SECONDS = 8.0


@dataclass
class Outcome:
    kind: str  # read or write
    status: int
    seconds: float
    name: str | None = None
    problem: dict[str, object] | None = None
    retry_after: str | None = None
    started: float = 0.0  # time.monotonic() when the request was sent


@dataclass
class Load:
    """Threads sending reads and writes until told to stop."""

    url: str
    headers: dict[str, str]
    keyed: bool
    outcomes: list[Outcome] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self, number: int) -> None:
        with httpx.Client(base_url=self.url + API, timeout=CLIENT_TIMEOUT_SECONDS) as client:
            step = 0
            while not self.stop.is_set():
                step += 1
                if step % 2:
                    self._send(client, "read", None)
                else:
                    self._send(client, "write", f"Afdeling {number}-{step}-{uuid.uuid4().hex[:6]}")

    def _send(self, client: httpx.Client, kind: str, name: str | None) -> None:
        started = time.monotonic()
        try:
            if name is None:
                response = client.get("/departments", headers=self.headers)
            else:
                # With an Idempotency-Key the request is remembered in the database too.
                keyed = {"Idempotency-Key": name.replace(" ", "-")} if self.keyed else {}
                response = client.post(
                    "/departments", json={"name": name}, headers={**self.headers, **keyed}
                )
        except httpx.TimeoutException:
            self.hangs.append(f"{kind} {name}")
            return
        except httpx.TransportError:  # the server dropped the connection: status 0, no answer
            self.outcomes.append(
                Outcome(kind, 0, time.monotonic() - started, name, None, None, started)
            )
            return
        problem = (
            response.json()
            if response.headers.get("content-type", "").startswith("application/problem+json")
            else None
        )
        self.outcomes.append(
            Outcome(
                kind,
                response.status_code,
                time.monotonic() - started,
                name,
                problem,
                response.headers.get("Retry-After"),
                started,
            )
        )


def wait_for(condition, timeout: float, what: str) -> float:
    """Polls ``condition`` until it holds; the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{what}: not within {timeout} s")
        time.sleep(0.02)  # polling the condition, with a deadline
    return time.monotonic() - started


@pytest.mark.parametrize(
    "keyed",
    [
        pytest.param(False, id="plain-writes"),
        # The outcome of a keyed write is stored after the route answered; when the database
        # went away in between, the answer still stands (not a 500) and the key is freed later.
        pytest.param(True, id="writes-with-idempotency-key"),
    ],
)
def test_the_service_answers_503_while_postgresql_is_down_and_recovers_by_itself(
    postgres_cluster: PostgresCluster, settings, keyed: bool
):
    engine = make_engine(postgres_cluster.url)
    upgrade(engine)
    admin = make_admin(engine, settings)
    app = create_app(settings, engine)
    with LiveServer(app) as server:
        load = Load(server.url, admin.headers, keyed)
        threads = [threading.Thread(target=load.run, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        try:
            wait_for(lambda: sum(o.status == 201 for o in load.outcomes) >= 10, 30, "writes")
            postgres_cluster.stop("immediate")
            stopped_at = len(load.outcomes)
            wait_for(
                lambda: sum(o.status == 503 for o in load.outcomes[stopped_at:]) >= 20,
                30,
                "503 answers while the database is away",
            )
            restart_began = time.monotonic()
            postgres_cluster.start()
            postgres_back = time.monotonic() - restart_began
            back_at = len(load.outcomes)
            recovery = wait_for(
                lambda: any(o.status in (200, 201) for o in load.outcomes[back_at:]),
                30,
                "recovery after PostgreSQL returned",
            )
            recovered_at = len(load.outcomes)
            wait_for(lambda: len(load.outcomes) >= recovered_at + 20, 30, "load after recovery")
        finally:
            load.stop.set()
            for thread in threads:
                thread.join(timeout=30)
        with httpx.Client(base_url=server.url + API, timeout=5) as client:
            assert client.get("/health/ready").status_code == 200
    # The figures for the resolve note (shown with -s).
    print(
        f"\nPostgreSQL restart took {postgres_back:.2f} s; the first success came "
        f"{recovery:.2f} s after it accepted connections; {len(load.outcomes)} answers, "
        f"{sum(o.status == 503 for o in load.outcomes)} of them 503, slowest "
        f"{max(o.seconds for o in load.outcomes):.2f} s"
    )

    outcomes = load.outcomes
    assert load.hangs == [], "requests hung beyond the client's timeout"
    assert {o.status for o in outcomes} <= {200, 201, 503}, sorted({o.status for o in outcomes})
    unavailable = [o for o in outcomes if o.status == 503]
    assert unavailable, "the database's absence must show"
    for outcome in unavailable:
        assert outcome.retry_after is not None
        assert outcome.retry_after.isdigit()
        assert outcome.problem is not None
        assert outcome.problem["status"] == 503
    assert max(o.seconds for o in outcomes) < CLIENT_TIMEOUT_SECONDS
    # Every request sent after the first success answered succeeded. (A request sent while
    # PostgreSQL was still starting may answer 503 a moment after another one succeeded.)
    first_success = min(o.started + o.seconds for o in outcomes[back_at:] if o.status in (200, 201))
    after = [o for o in outcomes if o.started > first_success]
    assert len(after) >= 10, "too few requests after recovery to tell"
    assert {o.status for o in after} <= {200, 201}, sorted({o.status for o in after})
    # No half-done write: a 201 is stored, a 503 left nothing.
    written = {o.name for o in outcomes if o.kind == "write" and o.status == 201}
    refused = {o.name for o in outcomes if o.kind == "write" and o.status == 503}
    with Session(engine) as session:
        stored = set(
            session.exec(
                select(Party.name).where(
                    col(Party.name).in_(written | refused),
                    Party.organisation_id == admin.organisation_id,
                )
            ).all()
        )
    assert written <= stored
    assert not refused & stored, f"written although answered 503: {refused & stored}"
    engine.dispose()
