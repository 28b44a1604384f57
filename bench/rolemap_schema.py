"""Benchmark of the role-map analysis and matrix through the real schema, app and HTTP.

Run it from the repository root:

    .venv/bin/python bench/rolemap_schema.py                      # SQLite in a temporary dir
    .venv/bin/python bench/rolemap_schema.py --postgres postgresql://postgres@127.0.0.1:5432/kompas_bench

The database is built by the real migrations (on PostgreSQL everything in the schema `public` of
the given database is dropped first: give it a database of its own). In it: one organisation,
60 parties, one role map with them and 2,000 tasks. For each size the map's assignments are
replaced by the rows of `rolemap_analysis.synthetic_map` (the agreed view plus the parties' own
views, filling up as the size grows) and the app, served by uvicorn in a thread as the test suite
serves it, is asked over HTTP, with an admin's token, in turns:

- GET /api/v1/role-maps/{id}/analysis
- GET /api/v1/role-maps/{id}/matrix?perspective=agreed
- GET /api/v1/role-maps/{id}/tasks?limit=200 (the baseline: listing the same map's tasks)

Then, in turns again, a change and the reads right after it:

- PUT /api/v1/role-maps/{id}/perspectives/agreed with 2,000 rows (one accountable per task,
  with If-Match), twice: 20 rows changed (the usual resubmission), then every row changed
  (alternating between two divisions); each raises the map's content version
- the analysis and the matrix right after it ("after a change": nothing kept, built from the
  rows; the first series above is what a map that is read more often than it changes costs)

It prints, per size, the median and p95 of each, the ratios analysis/listing and matrix/listing,
µs per assignment of the analysis (wall clock, and the CPU time of this process, which holds the
server and, on SQLite, the database: less disturbed by other work on the machine), the in-process
`analyse` alone on the same rows, and the number of SQL statements each request sends (which must
not grow with the map).
A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, delete, event, insert, text
from sqlmodel import Session, col

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.conftest: the suite's own live server

from rolemap_analysis import PARTIES, TASKS, synthetic_map  # noqa: E402
from tests.conftest import LiveServer, reset_database  # noqa: E402

import kompas.models  # noqa: E402, F401 - all tables known to the metadata
from kompas.core.config import Environment, Settings  # noqa: E402
from kompas.core.db import make_engine  # noqa: E402
from kompas.core.migrate import upgrade  # noqa: E402
from kompas.core.principal import Principal, PrincipalKind, Role  # noqa: E402
from kompas.core.security import create_access_token  # noqa: E402
from kompas.main import create_app  # noqa: E402
from kompas.organisations import service as organisation_service  # noqa: E402
from kompas.parties.models import Party, PartyKind  # noqa: E402
from kompas.rolemaps import analysis  # noqa: E402
from kompas.rolemaps import service as rolemap_service  # noqa: E402
from kompas.rolemaps.models import RaciRole, RoleAssignment, RoleMapTask  # noqa: E402
from kompas.users.models import User  # noqa: E402

SIZES = (7_500, 15_000, 30_000, 60_000, 120_000)  # as bench/rolemap_analysis.py
RUNS = 10
WARMUP = 2
SECRET = "bench-secret-" + "k" * 40


def settings(web_dir: Path) -> Settings:
    """The suite's settings: the cheapest argon2 cost and every rate limit off."""
    return Settings(
        env=Environment.test,
        secret_key=SECRET,
        web_dir=web_dir,
        password_hash_time_cost=1,
        password_hash_memory_kib=8_192,
        rate_limit_per_minute=0,
        rate_limit_per_address_per_minute=0,
        login_failures_per_account=0,
        login_failures_per_address=0,
    )


# --- the map -----------------------------------------------------------------------------------


def build_map(engine: Engine) -> tuple[uuid.UUID, User, list[uuid.UUID], list[uuid.UUID]]:
    """An organisation, an admin, 60 parties and one map with them and 2,000 tasks.

    Parties and tasks get the ids `synthetic_map` draws (the same for every size), so its rows
    go into the tables as they are.
    """
    task_ids, party_ids, _ = synthetic_map(TASKS, tasks=TASKS, parties=PARTIES)
    with Session(engine, expire_on_commit=False) as session:
        organisation = organisation_service.create(session=session, name="Gemeente Bench")
        session.flush()
        org_id = organisation.id
        admin = User(
            organisation_id=org_id, email="admin@bench.example", name="Bench", role=Role.admin
        )
        session.add(admin)
        for n, party_id in enumerate(party_ids):
            kind = PartyKind.department if n % 2 == 0 else PartyKind.partner
            session.add(Party(id=party_id, organisation_id=org_id, kind=kind, name=f"Partij {n}"))
        session.flush()
        principal = Principal(
            kind=PrincipalKind.user,
            id=admin.id,
            organisation_id=org_id,
            role=Role.admin,
            party_id=None,
            name=admin.name,
        )
        role_map, _ = rolemap_service.create(
            session=session,
            principal=principal,
            data={"title": "Schulden en armoede", "party_ids": list(party_ids)},
        )
        map_id = role_map.id
        session.add_all(
            RoleMapTask(
                id=task_id,
                organisation_id=org_id,
                role_map_id=map_id,
                title=f"Taak {n}",
                cluster=f"Cluster {n // 100}",
                position=n + 1,
            )
            for n, task_id in enumerate(task_ids)
        )
        session.commit()
    return map_id, admin, task_ids, party_ids


def load_assignments(
    engine: Engine, map_id: uuid.UUID, organisation_id: uuid.UUID, size: int
) -> list[analysis.Assignment]:
    """Replace the map's assignments by `size` synthetic rows (the same bulk insert the view
    replacement uses), then let the database refresh its statistics."""
    _, _, rows = synthetic_map(size, tasks=TASKS, parties=PARTIES)
    with Session(engine) as session:
        session.execute(delete(RoleAssignment).where(col(RoleAssignment.role_map_id) == map_id))
        session.execute(
            insert(RoleAssignment),
            [
                {
                    "id": uuid.uuid4(),
                    "organisation_id": organisation_id,
                    "role_map_id": map_id,
                    "task_id": a.task_id,
                    "party_id": a.party_id,
                    "role": RaciRole(str(a.role)),
                    "perspective": str(a.perspective),
                }
                for a in rows
            ],
        )
        # Written beside the service: raise the content version as every write of it does, so
        # the app keeps no analysis or matrix of the previous size.
        rolemap_service.content_changed(session, map_id)
        session.commit()
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
    return rows


# --- measuring ---------------------------------------------------------------------------------


class StatementCounter:
    """Counts the SQL statements sent on the engine (requests run one at a time)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, *_: Any) -> None:
        self.count += 1


@contextmanager
def counting(engine: Engine) -> Iterator[StatementCounter]:
    counter = StatementCounter()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest rank: with 10 runs the p95 is the slowest run."""
    return sorted_values[math.ceil(share * len(sorted_values)) - 1]


def time_size(
    client: httpx.Client,
    engine: Engine,
    paths: dict[str, str],
    rows: list[analysis.Assignment],
    task_ids: list[uuid.UUID],
    party_ids: list[uuid.UUID],
    runs: int,
) -> dict[str, Any]:
    """Median and p95 of each request, in turns, plus statements and response sizes."""
    statements: dict[str, int] = {}
    size_kb: dict[str, float] = {}
    for name, path in paths.items():
        for _ in range(WARMUP):
            client.get(path).raise_for_status()
        with counting(engine) as counter:
            response = client.get(path)
        response.raise_for_status()
        statements[name] = counter.count
        size_kb[name] = len(response.content) / 1024
    seconds: dict[str, list[float]] = {name: [] for name in paths}
    cpu: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(runs):
        for name, path in paths.items():
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            seconds[name].append(time.perf_counter() - start)
            cpu[name].append(time.process_time() - start_cpu)
            response.raise_for_status()
    # The analysis alone, in this process, on the same rows as the driver would hand them over.
    names = {p: f"Partij {n}" for n, p in enumerate(party_ids)}
    pure: list[float] = []
    for _ in range(max(3, runs // 2)):
        gc.collect()
        start = time.perf_counter()
        result = analysis.analyse(task_ids, party_ids, rows, names)
        pure.append(time.perf_counter() - start)
    figures: dict[str, Any] = {
        "assignments": len(rows),
        "findings": sum(result.summary.counts.values()),
        "clarity": result.summary.clarity,
        "pure_ms": statistics.median(pure) * 1000,
        "statements": statements,
        "kb": size_kb,
    }
    seconds.update(time_changes(client, engine, paths, task_ids, party_ids, runs, statements))
    for name, times in seconds.items():
        times.sort()
        figures[name] = {
            "median_ms": statistics.median(times) * 1000,
            "p95_ms": percentile(times, 0.95) * 1000,
            "cpu_ms": statistics.median(cpu.get(name, times)) * 1000,
        }
    return figures


def time_changes(
    client: httpx.Client,
    engine: Engine,
    paths: dict[str, str],
    task_ids: list[uuid.UUID],
    party_ids: list[uuid.UUID],
    runs: int,
    statements: dict[str, int],
) -> dict[str, list[float]]:
    """A view PUT of 2,000 rows, then the analysis and the matrix right after it, in turns."""
    view = paths["analysis"].removesuffix("/analysis") + "/perspectives/agreed"
    bodies = [
        {
            "assignments": [
                {
                    "taskId": str(t),
                    "partyId": str(party_ids[(n + shift) % len(party_ids)]),
                    "role": "accountable",
                }
                for n, t in enumerate(task_ids)
            ]
        }
        for shift in (0, 1)
    ]
    # The usual change: the same 2,000 rows with 20 of them pointing elsewhere.
    few = {"assignments": bodies[0]["assignments"][20:] + bodies[1]["assignments"][:20]}
    etag = client.get(view).headers["ETag"]
    seconds: dict[str, list[float]] = {
        "put": [],
        "put_few": [],
        "analysis_changed": [],
        "matrix_changed": [],
    }
    for run in range(WARMUP + runs):
        timed = run >= WARMUP
        for name, body in (("put_few", few), ("put", bodies[run % 2])):
            gc.collect()
            with counting(engine) as counter:
                start = time.perf_counter()
                response = client.put(view, json=body, headers={"If-Match": etag})
                elapsed = time.perf_counter() - start
            response.raise_for_status()
            etag = response.headers["ETag"]
            statements[name] = counter.count
            if timed:
                seconds[name].append(elapsed)
        for name in ("analysis", "matrix"):
            gc.collect()
            with counting(engine) as counter:
                start = time.perf_counter()
                response = client.get(paths[name])
                elapsed = time.perf_counter() - start
            response.raise_for_status()
            statements[f"{name}_changed"] = counter.count
            if timed:
                seconds[f"{name}_changed"].append(elapsed)
    return seconds


def run(database_url: str | None, sizes: tuple[int, ...], runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="kompas-bench-") as tmp:
        url = database_url or f"sqlite:///{Path(tmp) / 'kompas-bench.db'}"
        engine = make_engine(url)
        reset_database(engine)
        upgrade(engine)
        web_dir = Path(tmp) / "web"
        web_dir.mkdir()
        config = settings(web_dir)
        map_id, admin, task_ids, party_ids = build_map(engine)
        token, _ = create_access_token(
            config, user_id=admin.id, organisation_id=admin.organisation_id
        )
        base = f"/api/v1/role-maps/{map_id}"
        paths = {
            "analysis": f"{base}/analysis",
            "matrix": f"{base}/matrix?perspective=agreed",
            "listing": f"{base}/tasks?limit=200",
        }
        load_before = os.getloadavg()
        results = []
        with (
            LiveServer(create_app(config, engine)) as server,
            httpx.Client(
                base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=120
            ) as client,
        ):
            for size in sizes:
                rows = load_assignments(engine, map_id, admin.organisation_id, size)
                results.append(time_size(client, engine, paths, rows, task_ids, party_ids, runs))
                print(f"  … {size:,} assignments measured", file=sys.stderr, flush=True)
        load_after = os.getloadavg()
        engine.dispose()
    print_report(engine.dialect.name, results, runs, load_before, load_after)


def print_report(
    dialect: str,
    results: list[dict[str, Any]],
    runs: int,
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
) -> None:
    print(
        f"\n{dialect}: {TASKS:,} tasks, {PARTIES} parties, {runs} runs per request "
        f"(after {WARMUP} warm-up); Python {platform.python_version()}, {os.cpu_count()} cores, "
        f"load average {load_before[0]:.2f} before and {load_after[0]:.2f} after\n"
    )
    print(
        "| assignments | analysis median ms | analysis p95 ms | matrix median ms | matrix p95 ms "
        "| listing median ms | listing p95 ms | analysis / listing | matrix / listing "
        "| analysis µs/assignment | × smallest | analysis CPU ms | CPU µs/assignment "
        "| analyse() alone ms | findings |"
    )
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    base = None
    for f in results:
        a, m, listing = f["analysis"], f["matrix"], f["listing"]
        per_row = a["median_ms"] * 1000 / f["assignments"]
        base = base or per_row
        print(
            f"| {f['assignments']:,} | {a['median_ms']:.1f} | {a['p95_ms']:.1f} "
            f"| {m['median_ms']:.1f} | {m['p95_ms']:.1f} "
            f"| {listing['median_ms']:.1f} | {listing['p95_ms']:.1f} "
            f"| {a['median_ms'] / listing['median_ms']:.1f} "
            f"| {m['median_ms'] / listing['median_ms']:.1f} "
            f"| {per_row:.2f} | {per_row / base:.2f} | {a['cpu_ms']:.0f} "
            f"| {a['cpu_ms'] * 1000 / f['assignments']:.2f} "
            f"| {f['pure_ms']:.1f} | {f['findings']:,} |"
        )
    print(
        "\n| assignments | view PUT 2,000 rows, 20 changed, median ms | p95 ms "
        "| view PUT 2,000 rows, all changed, median ms | p95 ms | analysis after a change "
        "median ms | p95 ms | matrix after a change median ms | p95 ms |"
    )
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for f in results:
        few, put, a, m = f["put_few"], f["put"], f["analysis_changed"], f["matrix_changed"]
        print(
            f"| {f['assignments']:,} | {few['median_ms']:.1f} | {few['p95_ms']:.1f} "
            f"| {put['median_ms']:.1f} | {put['p95_ms']:.1f} "
            f"| {a['median_ms']:.1f} | {a['p95_ms']:.1f} | {m['median_ms']:.1f} "
            f"| {m['p95_ms']:.1f} |"
        )
    print(
        "\n| assignments | SQL statements: analysis | matrix | listing | view PUT "
        "| analysis after a change | matrix after a change | response KB: analysis | matrix "
        "| listing |"
    )
    print("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for f in results:
        s, kb = f["statements"], f["kb"]
        print(
            f"| {f['assignments']:,} | {s['analysis']} | {s['matrix']} | {s['listing']} "
            f"| {s['put']} | {s['analysis_changed']} | {s['matrix_changed']} "
            f"| {kb['analysis']:,.0f} | {kb['matrix']:,.0f} | {kb['listing']:,.0f} |"
        )
    if len(results) >= 2:
        first, last = results[0], results[-1]
        slope = (last["analysis"]["median_ms"] - first["analysis"]["median_ms"]) / (
            last["assignments"] - first["assignments"]
        )
        print(
            f"\nAnalysis, marginal cost between the smallest and the largest map: "
            f"{slope * 1000:.2f} µs per added assignment."
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="a PostgreSQL database of the benchmark's own (its schema `public` is dropped)",
    )
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per request (default {RUNS})")
    parser.add_argument(
        "--sizes",
        type=lambda text: tuple(int(s) for s in text.split(",")),
        default=SIZES,
        help="assignments per map, comma-separated (default 7500,15000,30000,60000,120000)",
    )
    args = parser.parse_args()
    run(args.postgres, args.sizes, args.runs)


if __name__ == "__main__":
    main()
