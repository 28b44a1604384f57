"""Benchmark of the role-map CSV import: new tasks per request, before and after a change.

Run it from the repository root:

    .venv/bin/python bench/csv_import.py                          # this checkout, SQLite
    git worktree add --detach /tmp/csv-before <commit>            # the code to compare with
    .venv/bin/python bench/csv_import.py --before /tmp/csv-before # both, in turns, one run

Each measurement is a fresh process running one source tree (`--tree`, default this checkout):
it builds a SQLite database with that tree's migrations in a temporary directory, an
organisation, an admin and two parties, serves that tree's app under uvicorn in a thread (the
test suite's `LiveServer`), makes a role map over HTTP and times one
`POST /api/v1/role-maps/{id}/csv` of N new tasks, each with one row in the agreed view (so N rows,
as the issue's file of 18,160 new tasks), counting the SQL statements the app sent. With
`--before` the two trees take turns for every size and run, so the load of the moment falls on
both alike. Settings allow the largest size (row limit and body limit raised) so that both trees
import the same file. A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
SIZES = (1_000, 5_000)
RUNS = 3
SECRET = "bench-secret-" + "k" * 40


def csv_of(tasks: int) -> bytes:
    header = "taskId,task,cluster,party,role,perspective\n"
    rows = (f",Taak {n:05},Cluster {n % 40},Werk en Inkomen,A,agreed\n" for n in range(tasks))
    return (header + "".join(rows)).encode()


def measure(tree: Path, tasks: int) -> dict[str, Any]:
    """One import of `tasks` new tasks with the code of `tree` (run in a process of its own)."""
    sys.path[:0] = [str(tree / "backend"), str(tree)]
    import httpx
    from sqlalchemy import event
    from sqlmodel import Session
    from tests.conftest import LiveServer

    import kompas

    try:  # every table known to the metadata
        import kompas.models
    except ModuleNotFoundError:  # a tree from before docs/decisions/0011-import-ladder.md
        import kompas.core.registry
    from kompas.core.config import Environment, Settings
    from kompas.core.db import make_engine
    from kompas.core.migrate import upgrade
    from kompas.core.principal import Role
    from kompas.core.security import create_access_token
    from kompas.main import create_app
    from kompas.organisations import service as organisation_service
    from kompas.parties.models import Party, PartyKind
    from kompas.users.models import User

    assert Path(kompas.__file__).resolve().is_relative_to(tree.resolve()), kompas.__file__
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{tmp}/bench.db")
        upgrade(engine)
        settings = Settings(
            env=Environment.test,
            secret_key=SECRET,
            web_dir=Path(tmp),
            max_body_bytes=8 * 1024 * 1024,
            # Ignored by a tree without these settings.
            csv_import_max_rows=1_000_000,
            role_map_max_tasks=1_000_000,
            rate_limit_per_minute=0,
            rate_limit_per_address_per_minute=0,
        )
        with Session(engine, expire_on_commit=False) as session:
            organisation = organisation_service.create(session=session, name="Gemeente Bench")
            session.flush()
            admin = User(
                organisation_id=organisation.id,
                email="admin@bench.example",
                name="Bench",
                role=Role.admin,
            )
            werk = Party(
                organisation_id=organisation.id, name="Werk en Inkomen", kind=PartyKind.department
            )
            woon = Party(organisation_id=organisation.id, name="Woonstede", kind=PartyKind.partner)
            session.add_all([admin, werk, woon])
            session.commit()
        token, _ = create_access_token(settings, user_id=admin.id, organisation_id=organisation.id)
        headers = {"Authorization": f"Bearer {token}"}
        body = csv_of(tasks)
        statements = 0

        def count(*_: object) -> None:
            nonlocal statements
            statements += 1

        with (
            LiveServer(create_app(settings, engine)) as server,
            httpx.Client(base_url=server.url + "/api/v1", timeout=3600) as http,
        ):
            made = http.post(
                "/role-maps",
                json={"title": "Bench", "partyIds": [str(werk.id), str(woon.id)]},
                headers=headers,
            )
            made.raise_for_status()
            event.listen(engine, "before_cursor_execute", count)
            cpu, start = time.process_time(), time.perf_counter()
            response = http.post(
                f"/role-maps/{made.json()['id']}/csv",
                content=body,
                headers={**headers, "Content-Type": "text/csv"},
            )
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            event.remove(engine, "before_cursor_execute", count)
            response.raise_for_status()
        engine.dispose()
    return {
        "tasks": tasks,
        "bytes": len(body),
        "seconds": seconds,
        "cpu": cpu,
        "statements": statements,
        "result": response.json(),
    }


def run(tree: Path, tasks: int) -> dict[str, Any]:
    """`measure` in a fresh interpreter, so the two trees' modules never meet."""
    out = subprocess.run(  # noqa: S603 - our own script, arguments we built
        [sys.executable, __file__, "--measure", str(tree), "--tasks", str(tasks)],
        check=True,
        capture_output=True,
        text=True,
        cwd=tree,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tree", type=Path, default=HERE, help="the code to measure")
    parser.add_argument("--before", type=Path, help="another tree to measure in turns")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--tasks", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.tasks)))
        return

    trees = {"after": args.tree}
    if args.before:
        trees = {"before": args.before, **trees}
    labels = {
        name: subprocess.run(  # noqa: S603
            ["git", "-C", str(tree), "log", "-1", "--format=%h"],  # noqa: S607 - git from PATH
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        for name, tree in trees.items()
    }
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
        f"SQLite, Python {platform.python_version()}; "
        + ", ".join(f"{name} = {labels[name]}" for name in trees),
        flush=True,
    )
    figures: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for tasks in (int(s) for s in args.sizes.split(",")):
        for _ in range(args.runs):
            for name, tree in trees.items():
                figures.setdefault((name, tasks), []).append(run(tree, tasks))
    print()
    print(
        "| code | new tasks (rows) | KB | median s | min s | CPU s | ms per task | SQL statements |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for (name, tasks), runs in figures.items():
        median = statistics.median(r["seconds"] for r in runs)
        print(
            f"| {name} ({labels[name]}) | {tasks:,} | {runs[0]['bytes'] // 1024} "
            f"| {median:.2f} | {min(r['seconds'] for r in runs):.2f} "
            f"| {statistics.median(r['cpu'] for r in runs):.2f} | {1000 * median / tasks:.2f} "
            f"| {runs[0]['statements']} |"
        )
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
