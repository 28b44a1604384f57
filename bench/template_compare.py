"""Kompas beside the FastAPI author's full-stack-fastapi-template, measured in one run.

Issue 14 asks that Kompas's list and ``me`` beat the template's items list and ``users/me``
measured in the same run. This script serves both, each as one uvicorn process on PostgreSQL,
and drives them in turns with Debian's ``wrk -t1 -c8``:

- the template's ``GET /api/v1/users/me`` beside Kompas's ``GET /api/v1/me``;
- the template's ``GET /api/v1/items/?limit=50`` (its superuser's 50 items) beside Kompas's
  ``GET /api/v1/agenda-items?limit=50`` and, a lighter list, ``GET /api/v1/people?limit=50``.

Each request runs once for a second to warm up (not counted), then ``--rounds`` rounds of
``--duration`` seconds in which the two sides take turns (template, Kompas; the next round
Kompas first), each run after the server has finished the last one's leftovers. The table gives
the median of the rounds' rates and percentiles and each round's rate and p99.

The template is not part of Kompas: bring its ``backend`` folder and a virtualenv with its
declared dependencies (bench/README.md says how) and name it with ``--template-dir``. Its
database (``--template-database-url``) and Kompas's (``--postgres-url``) have their schema
``public`` dropped and rebuilt: give each a database of its own.

    .venv/bin/python bench/template_compare.py --template-dir /tmp/template/backend \\
        --postgres-url postgresql://postgres@127.0.0.1:5432/kompas_compare \\
        --template-database-url postgresql://postgres@127.0.0.1:5432/template_compare

The server, tokens, wrk runs and Kompas's data come from bench/load.py.
"""

# The harness starts processes by design (the template's python, uvicorn) with arguments it builds.
# ruff: noqa: S603

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/ holds scripts, not a package
import load
from load import API, Request

TEMPLATE_USER = "admin@example.com"
TEMPLATE_PASSWORD = "template-bench-" + "p" * 16  # a local, throwaway database
TEMPLATE_SECRET = "template-bench-secret-" + "t" * 32
ITEMS = 50


@dataclass
class Target:
    """One request on one side, and the wrk rounds measured for it."""

    comparison: str
    side: str  # "template" | "Kompas"
    request: Request
    base: str = ""
    pid: int = 0
    status: int = 0
    body_bytes: int = 0
    items: int | None = None
    rounds: list[dict[str, Any]] = field(default_factory=list)


# --- the template --------------------------------------------------------------------------------


def template_env(template_dir: Path, database_url: str) -> dict[str, str]:
    """Its settings from the environment: DATABASE_URL (newer versions) and POSTGRES_* (older)."""
    from sqlalchemy import make_url

    url = make_url(database_url)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOMPAS_", "VIRTUAL_ENV"))}
    env.update(
        PYTHONPATH=str(template_dir),
        PROJECT_NAME="template-bench",
        DATABASE_URL=database_url,
        POSTGRES_SERVER=url.host or "127.0.0.1",
        POSTGRES_PORT=str(url.port or 5432),
        POSTGRES_USER=url.username or "postgres",
        # Required non-empty by some versions; PostgreSQL's trust authentication ignores it.
        POSTGRES_PASSWORD=url.password or "bench",
        POSTGRES_DB=url.database or "",
        SECRET_KEY=TEMPLATE_SECRET,
        FIRST_SUPERUSER=TEMPLATE_USER,
        FIRST_SUPERUSER_PASSWORD=TEMPLATE_PASSWORD,
        ENVIRONMENT="local",
    )
    return env


def template_python(args: argparse.Namespace) -> str:
    if args.template_python:
        return str(args.template_python)
    for candidate in (".venv/bin/python", "venv/bin/python"):
        path = Path(args.template_dir) / candidate
        if path.exists():
            return str(path)
    raise SystemExit(f"bench: no virtualenv in {args.template_dir} (.venv); give --template-python")


def prepare_template(python: str, template_dir: Path, env: dict[str, str], reuse: bool) -> None:
    """Its migrations and its initial data (the superuser), as its prestart script does."""
    check = subprocess.run(
        [python, "-c", "import app.main"], cwd=template_dir, env=env, capture_output=True, text=True
    )
    if check.returncode != 0:
        raise SystemExit(
            "bench: the template's app does not import with "
            f"{python} (see bench/README.md for a template that requires a newer Python):\n"
            + check.stderr[-2000:]
        )
    if not reuse:
        load.reset_database(env["DATABASE_URL"])
    for command in (["-m", "alembic", "upgrade", "head"], ["app/initial_data.py"]):
        subprocess.run(
            [python, *command], cwd=template_dir, env=env, check=True, capture_output=True
        )


@contextlib.contextmanager
def template_server(
    python: str, template_dir: Path, env: dict[str, str], logdir: Path
) -> Iterator[tuple[str, int]]:
    """The template under one uvicorn process, with the same server options as `kompas serve`."""
    port = load.free_port()
    command = [python, "-m", "uvicorn", "app.main:app", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--app-dir", str(template_dir)]
    command += ["--log-level", "info", "--no-server-header"]
    url = f"http://127.0.0.1:{port}"
    ready = f"{url}{API}/utils/health-check/"
    with load.process(command, env, ready, logdir / f"template-{port}.log") as proc:
        yield url, proc.pid


def template_token(base: str) -> str:
    """Log in as the superuser, and make sure it owns exactly the 50 items the list shows."""
    with httpx.Client(base_url=base + API, timeout=60) as client:
        response = client.post(
            "/login/access-token",
            data={"username": TEMPLATE_USER, "password": TEMPLATE_PASSWORD},
        )
        response.raise_for_status()
        token = str(response.json()["access_token"])
        client.headers["Authorization"] = f"Bearer {token}"
        count = int(client.get("/items/", params={"limit": 1}).json()["count"])
        for n in range(count + 1, ITEMS + 1):
            created = client.post(
                "/items/",
                json={
                    "title": f"Werkafspraak {n} met de partners",
                    "description": "Wie pakt de bal op: afspraken over de overdracht tussen "
                    "Werk en Inkomen en de woningcorporatie.",
                },
            )
            created.raise_for_status()
    return token


def versions(python: str, env: dict[str, str] | None = None) -> str:
    """The server stack's versions under a python: the figures depend on them."""
    script = (
        "import importlib.metadata as m, platform\n"
        "names = ('fastapi', 'starlette', 'pydantic', 'sqlalchemy', 'sqlmodel', 'uvicorn',"
        " 'psycopg')\n"
        "print(', '.join(['Python ' + platform.python_version()]"
        " + [f'{n} {m.version(n)}' for n in names]))\n"
    )
    done = subprocess.run([python, "-c", script], env=env, capture_output=True, text=True)
    return done.stdout.strip() or done.stderr.strip()[-200:]


# --- the run -------------------------------------------------------------------------------------


def ask_once(client: httpx.Client, target: Target) -> None:
    """Status, body size and the number of items in the page."""
    r = target.request
    response = client.get(target.base + r.path, headers=r.headers)
    target.status, target.body_bytes = response.status_code, len(response.content)
    if response.status_code != 200:
        raise SystemExit(f"bench: {target.side} {r.path} answered {response.status_code}")
    body = response.json()
    page = body.get("data", body.get("items")) if isinstance(body, dict) else None
    target.items = len(page) if isinstance(page, list) else None


def drive(target: Target, seconds: float, connections: int, workdir: Path) -> dict[str, Any]:
    """One wrk run, with the server process's CPU time per request: unlike the rates, that
    figure hardly moves when other processes share the cores (PostgreSQL's time is not in it;
    the few requests left in flight at the end are, so it errs a little high)."""
    before = load.cpu_ticks(target.pid)
    result = load.run_wrk(
        target.base, [target.request], seconds=seconds, connections=connections, workdir=workdir
    )
    load.wait_idle(target.pid)  # its leftovers must not eat the next run's CPU
    ticks = load.cpu_ticks(target.pid) - before
    result["cpu_ms"] = ticks / os.sysconf("SC_CLK_TCK") * 1000 / max(1, result["requests"])
    return result


def run_rounds(groups: list[list[Target]], args: argparse.Namespace, workdir: Path) -> None:
    for group in groups:  # warm-up: connections, caches, the first JIT-less paths
        for target in group:
            drive(target, 1, args.connections, workdir)
    for round_ in range(args.rounds):
        for group in groups:
            for target in group if round_ % 2 == 0 else reversed(group):
                result = drive(target, args.duration, args.connections, workdir)
                target.rounds.append(result)
                print(
                    f"round {round_ + 1}: {target.side:8} {target.request.path:40} "
                    f"{result['rps']:7.0f} req/s  p99 {result['p99_ms']:6.1f} ms"
                    + (f"  FAILED {result['failed']}" if result["failed"] else ""),
                    flush=True,
                )


def table(groups: list[list[Target]]) -> list[str]:
    lines = [
        "| comparison | side | request | req/s | req/s per round | p50 ms | p99 ms "
        "| p99 ms per round | server CPU ms/request | body bytes | items | Kompas/template |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for group in groups:
        template = next(t for t in group if t.side == "template")
        for target in group:
            m = load.median_of(target.rounds)
            rounds = target.rounds
            ratio = ""
            if target.side == "Kompas":
                theirs = load.median_of(template.rounds)
                ratio = f"{m['rps'] / theirs['rps']:.2f}×" if theirs["rps"] else ""
                if m.get("cpu_ms") and theirs.get("cpu_ms"):
                    ratio += f" (CPU/request {m['cpu_ms'] / theirs['cpu_ms']:.2f}×)"
            failed = sum(r["failed"] for r in rounds)
            rates = " / ".join(f"{r['rps']:.0f}" for r in rounds)
            p99s = " / ".join(f"{r['p99_ms']:.1f}" for r in rounds)
            items = "" if target.items is None else str(target.items)
            lines.append(
                f"| {target.comparison} | {target.side} | `GET {target.request.path}` "
                f"| {m['rps']:.0f} | {rates} | {m['p50_ms']:.1f} | {m['p99_ms']:.1f} | {p99s} "
                f"| {m['cpu_ms']:.2f} | {target.body_bytes:,} | {items} "
                f"| {ratio}{f' ({failed} failed)' if failed else ''} |"
            )
    return lines


def markdown(report: dict[str, Any], groups: list[list[Target]]) -> str:
    m = report["machine"]
    return "\n".join(
        [
            f"# Kompas beside the full-stack-fastapi-template, {report['date']}",
            "",
            f"- machine: {m['nproc']} cores, {m['cpu']}; load average at start "
            f"{m['load_average']}, at the end {report['load_average_end']}",
            f"- Kompas: commit `{report['revision']}`"
            + (" (with uncommitted changes)" if report["dirty"] else "")
            + f", {report['kompas_data']}; {report['kompas_versions']}",
            f"- template: {report['template']}; {report['template_versions']}",
            f"- command: `{report['command']}`",
            f"- wrk -t1 -c{report['connections']}, {report['rounds']} rounds of "
            f"{report['duration']:.0f} s each, the sides in turns; one uvicorn process each, "
            "PostgreSQL; req/s, p50, p99 and CPU are the medians of the rounds; CPU: the server "
            "process's user and system time per request (PostgreSQL's not included)",
            "- noisy: other processes share these cores; compare the ratios of one run.",
            "",
            *table(groups),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--template-dir", type=Path, required=True, help="its backend folder")
    parser.add_argument("--template-python", help="default: <template-dir>/.venv/bin/python")
    parser.add_argument("--template-label", default="", help="e.g. its commit, for the report")
    parser.add_argument(
        "--template-database-url",
        default="postgresql://postgres@127.0.0.1:5432/template_compare",
        help="its schema public is dropped",
    )
    parser.add_argument(
        "--postgres-url",
        default="postgresql://postgres@127.0.0.1:5432/kompas_compare",
        help="Kompas's database; its schema public is dropped",
    )
    parser.add_argument("--scale", type=float, default=0.01, help="Kompas's data (datagen)")
    parser.add_argument("--demo", action="store_true", help="the demo organisation instead")
    parser.add_argument("--reuse", action="store_true", help="keep both databases' data")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5, help="seconds per run")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--out-dir", default=str(load.ROOT / "var" / "bench"))
    args = parser.parse_args(argv)

    template_dir = args.template_dir.resolve()
    python = template_python(args)
    env = template_env(template_dir, args.template_database_url)
    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    label = f"template-compare-{'demo' if args.demo else args.scale}"
    args.national = False
    manifest = load.data(
        args, args.postgres_url, args.scale, national=False, tree=load.ROOT, label=label
    )
    organisation = manifest["organisations"]["large"]
    prepare_template(python, template_dir, env, args.reuse)

    started = load.machine()
    work = Path(tempfile.mkdtemp(prefix="kompas-template-"))
    try:
        with contextlib.ExitStack() as stack:
            kompas, kompas_pid = stack.enter_context(
                load.kompas_server(
                    args.postgres_url, workers=1, webhook_worker=False, tree=load.ROOT, logdir=work
                )
            )
            template, template_pid = stack.enter_context(
                template_server(python, template_dir, env, work)
            )
            theirs = {"Authorization": f"Bearer {template_token(template)}"}
            ours = {"Authorization": f"Bearer {load.mint_tokens(organisation)['admin']}"}

            def t(comparison: str, path: str) -> Target:
                return Target(comparison, "template", Request("GET", API + path, theirs))

            def k(comparison: str, path: str) -> Target:
                return Target(comparison, "Kompas", Request("GET", API + path, ours))

            groups = [
                [t("me", "/users/me"), k("me", "/me")],
                [
                    t("list of 50", "/items/?limit=50"),
                    k("list of 50", "/agenda-items?limit=50"),
                    k("list of 50", "/people?limit=50"),
                ],
            ]
            with httpx.Client(timeout=60) as client:
                for target in (x for group in groups for x in group):
                    target.base, target.pid = (
                        (template, template_pid)
                        if target.side == "template"
                        else (kompas, kompas_pid)
                    )
                    ask_once(client, target)
            print(
                f"bench: load average {started['load_average']}; "
                f"{args.rounds} rounds of {args.duration:.0f} s",
                flush=True,
            )
            run_rounds(groups, args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": started,
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        "revision": load.revision(),
        "dirty": load.dirty(),
        "command": " ".join(
            ["bench/template_compare.py", *(argv if argv is not None else sys.argv[1:])]
        ),
        "kompas_data": "the demo organisation" if args.demo else f"datagen x{args.scale}",
        "kompas_versions": versions(sys.executable),
        "template": args.template_label or str(template_dir),
        "template_versions": versions(python, env),
        "connections": args.connections,
        "rounds": args.rounds,
        "duration": args.duration,
        "targets": [
            {
                "comparison": t.comparison,
                "side": t.side,
                "path": t.request.path,
                "body_bytes": t.body_bytes,
                "items": t.items,
                "rounds": t.rounds,
            }
            for group in groups
            for t in group
        ],
    }
    text = markdown(report, groups)
    stem = f"{time.strftime('%Y-%m-%d-%H%M', time.gmtime())}-template-compare"
    (out_dir / f"{stem}.json").write_text(json.dumps(report, indent=2))
    (out_dir / f"{stem}.md").write_text(text)
    print(text)
    print(f"bench: written {out_dir / stem}.md and .json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
