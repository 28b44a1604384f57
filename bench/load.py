"""Load from a separate process: Kompas under `wrk`, beside its own ceiling and the bare framework.

One run, per database (SQLite and/or PostgreSQL) and per scale:

1. data: ``bench/datagen.py`` builds (or ``--reuse`` keeps) a generated organisation at the
   scale; ``--demo`` uses the demo organisation instead (``kompas seed-demo``);
2. ``kompas serve`` starts as a process of its own in bench mode (rate limits off, the webhook
   worker off unless ``--webhook-worker``), and ``bench/bare_app.py`` beside it;
3. access tokens are minted for the manifest's users (``create_access_token``), every endpoint
   is asked once (its status and body size), then driven by Debian's ``wrk`` with
   ``bench/lua/requests.lua`` (tokens, rotating paths, POST bodies, PATCH following ETags, a
   role-map view PUT) — and, in the same run, the ceiling endpoint with the same body size and
   the bare app with the same bytes, so each figure is a ratio to what the app's own request
   path and the framework can do on this machine at that moment;
4. ``--soak SECONDS`` keeps a mix of reads going and samples the server's RSS.

Prints a Markdown table and writes it, with a JSON file of every figure, to ``var/bench/``.
Figures are noisy on a shared machine: compare ratios measured in one run, not absolute rates
from different runs. See bench/README.md.

    .venv/bin/python bench/load.py --databases sqlite --scales 0.01 --duration 5
    .venv/bin/python bench/load.py --smoke          # what `make bench-smoke` runs
"""

# The harness starts processes by design (wrk, kompas serve, git, tar) with arguments it builds.
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "lua" / "requests.lua"
API = "/api/v1"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
SECRET = "bench-secret-" + "b" * 40
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/kompas_bench"
US, RS = "\x1f", "\x1e"
JSON_MARK = "BENCH-JSON "
ROLES = ("admin", "coordinator", "member", "viewer", "partner")


# --- wrk -----------------------------------------------------------------------------------------


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    key: str = ""


def request_file(requests: list[Request], path: Path, *, etag_mode: bool = False) -> Path:
    """Write the requests in the line format bench/lua/requests.lua reads."""
    lines = ["#mode etag"] if etag_mode else []
    for r in requests:
        for part in (r.method, r.path, r.body, r.key, *r.headers, *r.headers.values()):
            if any(c in part for c in (US, RS, "\n", "\r")):
                raise ValueError(f"a separator or line break in a request field: {part[:40]!r}")
        headers = RS.join(f"{name}: {value}" for name, value in r.headers.items())
        lines.append(US.join((r.method, r.path, headers, r.body, r.key)))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def parse_wrk(output: str) -> dict[str, Any]:
    """The JSON line requests.lua's done() prints, with wrk's own non-2xx/3xx count kept."""
    for line in output.splitlines():
        if line.startswith(JSON_MARK):
            result: dict[str, Any] = json.loads(line[len(JSON_MARK) :])
            errors = result["errors"]
            result["failed"] = sum(errors.values())
            return result
    raise ValueError(f"no {JSON_MARK.strip()} line in wrk's output:\n{output[-2000:]}")


def run_wrk(
    base_url: str,
    requests: list[Request],
    *,
    seconds: float,
    connections: int,
    threads: int = 1,
    rate: float | None = None,
    etag_mode: bool = False,
    workdir: Path,
) -> dict[str, Any]:
    """One wrk run over ``requests`` in turn; ``rate`` (req/s in all) makes it a fixed-rate run."""
    if not Path(WRK).exists():
        raise SystemExit("bench: wrk is missing: apt-get install wrk (Debian's package)")
    file = request_file(
        requests, workdir / f"requests-{uuid.uuid4().hex[:8]}.txt", etag_mode=etag_mode
    )
    command = [
        WRK,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(LUA),
        base_url,
        "--",
        str(file),
    ]
    if rate:
        command.append(f"{rate / threads:.3f}")
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr or done.stdout}")
    result = parse_wrk(done.stdout)
    result["command"] = " ".join(command).replace(str(file), "FILE")
    file.unlink(missing_ok=True)
    return result


# --- processes -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited ({process.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code < 500:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def process(
    command: list[str], env: dict[str, str], ready_url: str, log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """A server process in its own process group, ended (with its workers) on leaving."""
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_until_up(ready_url, proc, log, timeout=120)
            yield proc
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def server_env(database_url: str, tree: Path, *, webhook_worker: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KOMPAS_")}
    # Kept pages (decision 0021) stay as the harness was started: KOMPAS_KEPT_PAGES_MB=0 measures
    # every read through its route, as the first request after a write is answered.
    if "KOMPAS_KEPT_PAGES_MB" in os.environ:
        env["KOMPAS_KEPT_PAGES_MB"] = os.environ["KOMPAS_KEPT_PAGES_MB"]
    env.update(
        KOMPAS_DATABASE_URL=database_url,
        KOMPAS_SECRET_KEY=SECRET,
        KOMPAS_BENCH_MODE="true",
        KOMPAS_ENV="development",
        # core/ratelimit.py: 0 turns a limit off. The harness measures the request path, not
        # the abuse limits (which would answer 429 after 600 requests a minute).
        KOMPAS_RATE_LIMIT_PER_MINUTE="0",
        KOMPAS_RATE_LIMIT_PER_ADDRESS_PER_MINUTE="0",
        KOMPAS_ACCESS_TOKEN_MINUTES=str(24 * 60),  # a full run takes longer than 15 minutes
        KOMPAS_WEBHOOK_WORKER="true" if webhook_worker else "false",
        KOMPAS_WEB_DIR=str(tree / "frontend" / "dist"),
    )
    if tree != ROOT:  # another commit's code, installed into this venv's interpreter
        env["PYTHONPATH"] = str(tree / "backend")
    return env


def serve_help(python: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [python, "-m", "kompas.cli", "serve", "--help"], env=env, capture_output=True, text=True
    )
    return done.stdout


@contextlib.contextmanager
def kompas_server(
    database_url: str,
    *,
    workers: int,
    webhook_worker: bool,
    tree: Path,
    logdir: Path,
) -> Iterator[tuple[str, int]]:
    python = sys.executable
    env = server_env(database_url, tree, webhook_worker=webhook_worker)
    port = free_port()
    command = [python, "-m", "kompas.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers > 1:
        if "--workers" not in serve_help(python, env):
            raise SystemExit("bench: this kompas serve has no --workers")
        command += ["--workers", str(workers)]
    url = f"http://127.0.0.1:{port}"
    with process(command, env, f"{url}{API}/health/live", logdir / f"serve-{port}.log") as proc:
        yield url, proc.pid


@contextlib.contextmanager
def bare_server(*, workers: int, logdir: Path) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, str(ROOT / "bench" / "bare_app.py"), "--port", str(port)]
    command += ["--workers", str(workers)]
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ)
    with process(command, env, f"{url}/bytes?n=2", logdir / f"bare-{port}.log"):
        yield url


def process_tree(pid: int) -> list[int]:
    """A process and its children (uvicorn's workers)."""
    pids = [pid]
    with contextlib.suppress(OSError):
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(child) for child in children]
    return pids


def rss_kib(pid: int) -> int:
    """Resident memory of a process and its children, in KiB."""
    total = 0
    for one in process_tree(pid):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def cpu_ticks(pid: int) -> int:
    """CPU time (user and system, in clock ticks) of a process and its children so far."""
    total = 0
    for one in process_tree(pid):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{one}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def wait_idle(pid: int, timeout: float = 60) -> None:
    """Wait until the server has finished the requests wrk left in flight when it stopped.

    wrk stops counting at the end of its run, but the server goes on answering what was sent;
    a slow endpoint's leftovers would otherwise eat the CPU of the next measurement (its
    ceiling run). Idle: under 10 % of a core over a quarter of a second.
    """
    hertz = os.sysconf("SC_CLK_TCK")
    deadline = time.monotonic() + timeout
    before = cpu_ticks(pid)
    while time.monotonic() < deadline:
        time.sleep(0.25)
        now = cpu_ticks(pid)
        if (now - before) / hertz < 0.025:
            return
        before = now


class RssSampler:
    def __init__(self, pid: int, every: float) -> None:
        self.pid, self.every = pid, every
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        start = time.monotonic()
        while not self._stop.is_set():
            self.samples.append((round(time.monotonic() - start, 1), rss_kib(self.pid)))
            self._stop.wait(self.every)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append((self.samples[-1][0] if self.samples else 0, rss_kib(self.pid)))


# --- data ----------------------------------------------------------------------------------------


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def reset_database(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    from sqlalchemy import create_engine, make_url, text

    url = make_url(database_url)
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": url.database}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    server.dispose()
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def demo_manifest(database_url: str, tree: Path) -> dict[str, Any]:
    """The stand-in for a generated database: the demo organisation, its users by role."""
    env = server_env(database_url, tree, webhook_worker=False)
    for command in ("migrate", "seed-demo"):
        subprocess.run(
            [sys.executable, "-m", "kompas.cli", command], env=env, check=True, capture_output=True
        )
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as connection:
        organisation = connection.execute(
            text("SELECT id FROM organisations WHERE name = 'Gemeente Voorbeeld'")
        ).scalar_one()
        users = {
            role: str(user)
            for role, user in connection.execute(
                text("SELECT role, id FROM users WHERE organisation_id = :o"), {"o": organisation}
            )
        }
    engine.dispose()
    return {
        "scale": 0,
        "national": False,
        "database_url": database_url,
        "counts": {},
        "organisations": {"large": {"organisation_id": str(organisation), "users": users}},
    }


def generated_manifest(
    database_url: str, scale: float, *, national: bool, reuse: bool, cache: Path, tree: Path
) -> dict[str, Any]:
    """Data from bench/datagen.py (of ``tree``), or a manifest kept from an earlier run."""
    if reuse and cache.exists():
        kept: dict[str, Any] = json.loads(cache.read_text())
        if kept.get("database_url") == database_url and kept.get("scale") == scale:
            return kept
    datagen = tree / "bench" / "datagen.py"
    if not datagen.exists():
        raise SystemExit(f"bench: {datagen} is missing; use --demo for the demo organisation")
    env = dict(os.environ)
    if tree != ROOT:
        env["PYTHONPATH"] = str(tree / "backend")
    command = [sys.executable, str(datagen), "--database-url", database_url]
    command += ["--scale", str(scale), "--out", str(cache), "--reset"]
    if national:
        command.append("--national")
    started = time.monotonic()
    subprocess.run(command, env=env, check=True)
    print(f"bench: data at x{scale} in {time.monotonic() - started:.0f} s", flush=True)
    manifest: dict[str, Any] = json.loads(cache.read_text())
    return manifest


def mint_tokens(organisation: dict[str, Any]) -> dict[str, str]:
    from kompas.core.config import Settings
    from kompas.core.security import create_access_token

    settings = Settings(secret_key=SECRET, access_token_minutes=24 * 60, bench_mode=True)
    tokens = {}
    for role, user in organisation["users"].items():
        token, _ = create_access_token(
            settings,
            user_id=uuid.UUID(user),
            organisation_id=uuid.UUID(organisation["organisation_id"]),
        )
        tokens[role] = token
    return tokens


# --- endpoints -----------------------------------------------------------------------------------


@dataclass
class Endpoint:
    name: str
    kind: str  # read | write
    requests: list[Request]
    etag_mode: bool = False
    max_connections: int | None = None
    # The first request's answer: status and body size (the ceiling's and bare app's size).
    status: int = 0
    body_bytes: int = 0


def _first_id(client: httpx.Client, path: str) -> str | None:
    response = client.get(path, params={"limit": 1})
    if response.status_code != 200 or not response.json().get("items"):
        return None
    return str(response.json()["items"][0]["id"])


def _ids(client: httpx.Client, path: str, limit: int) -> list[str]:
    response = client.get(path, params={"limit": limit})
    response.raise_for_status()
    return [str(item["id"]) for item in response.json()["items"]]


def discover(base_url: str, organisation: dict[str, Any], tokens: dict[str, str]) -> dict[str, Any]:
    """The ids the endpoints need: from the manifest where it names them, else the first found."""
    found = dict(organisation)
    admin = {"Authorization": f"Bearer {tokens['admin']}"}
    with httpx.Client(base_url=base_url + API, headers=admin, timeout=120) as client:
        for key, path in (
            ("agenda_item_id", "/agenda-items"),
            ("question_id", "/questions"),
            ("success_id", "/successes"),
            ("experience_id", "/experiences"),
            ("meeting_id", "/meetings"),
            ("role_map_id", "/role-maps"),
            ("reflection_round_id", "/reflection-rounds"),
        ):
            if not found.get(key):
                found[key] = _first_id(client, path)
        if not found.get("party_id"):
            found["party_id"] = _first_id(client, "/parties")
        if not found.get("phase_id"):
            found["phase_id"] = _first_id(client, "/phases")
        found.setdefault("search_term", "werk")
        # Enough items that one is never PATCHed again while its last PATCH is in flight.
        found["patch_pool"] = _ids(client, "/agenda-items?sort=-updatedAt", 200)
        found["parties"] = _ids(client, "/parties?sort=name", 200)
    return found


def endpoints(ids: dict[str, Any], tokens: dict[str, str]) -> list[Endpoint]:
    """Every read path the issue names (a list with a filter and a sort each) and the writes."""

    def auth(role: str = "admin") -> dict[str, str]:
        return {"Authorization": f"Bearer {tokens[role]}"}

    def get(path: str, params: dict[str, Any] | None = None, role: str = "admin") -> Request:
        query = f"?{urlencode(params)}" if params else ""
        return Request("GET", f"{API}{path}{query}", auth(role))

    party, phase = ids.get("party_id"), ids.get("phase_id")
    role_map = ids.get("role_map_id")
    reads: list[tuple[str, list[Request]]] = [
        ("me", [get("/me")]),
        (
            "agenda-items list",
            [
                get("/agenda-items", {"status": status, "sort": "-updatedAt", "limit": 50})
                for status in ("idea", "planned", "in-progress")
            ],
        ),
        ("agenda-items list (member)", [get("/agenda-items", {"limit": 50}, role="member")]),
        (
            "questions list",
            [get("/questions", {"status": "open", "sort": "-updatedAt", "limit": 50})],
        ),
        ("successes list", [get("/successes", {"visibility": "organisation", "sort": "title"})]),
        ("experiences list", [get("/experiences", {"sort": "-createdAt", "limit": 50})]),
        ("parties list", [get("/parties", {"kind": "partner", "sort": "name", "limit": 50})]),
        ("people list", [get("/people", {"sort": "name", "limit": 50, "q": "a"})]),
        ("meetings list", [get("/meetings", {"visibility": "organisation", "sort": "startsAt"})]),
        ("role-maps list", [get("/role-maps", {"sort": "title", "limit": 50})]),
        ("audit-events list", [get("/audit-events", {"action": "create", "sort": "-occurredAt"})]),
        ("reflection-rounds list", [get("/reflection-rounds", {"sort": "-opensOn"})]),
        ("handoffs list", [get("/handoffs", {"status": "pending", "sort": "createdAt"})]),
        ("agenda-item detail", [get(f"/agenda-items/{ids['agenda_item_id']}")]),
        ("dashboard", [get("/dashboard")]),
        ("search", [get("/search", {"q": ids["search_term"], "limit": 20})]),
        ("feed (Atom)", [get("/feeds/published/atom", {"organisation": ids["organisation_id"]})]),
    ]
    if "partner" in tokens:  # what a partner may see is narrowed record by record
        reads += [
            ("dashboard (partner)", [get("/dashboard", role="partner")]),
            ("search (partner)", [get("/search", {"q": ids["search_term"]}, role="partner")]),
        ]
    if party:
        reads.append(("people of a party", [get("/people", {"partyId": party, "sort": "name"})]))
    if phase:
        reads.append(
            ("agenda-items by phase", [get("/agenda-items", {"phaseId": phase, "sort": "title"})])
        )
    if role_map:
        reads += [
            ("role-map matrix", [get(f"/role-maps/{role_map}/matrix", {"perspective": "agreed"})]),
            ("role-map analysis", [get(f"/role-maps/{role_map}/analysis")]),
            ("role-map tasks list", [get(f"/role-maps/{role_map}/tasks", {"sort": "position"})]),
        ]
    result = [Endpoint(name, "read", requests) for name, requests in reads]

    json_headers = {**auth("coordinator"), "Content-Type": "application/json"}
    lead = party or ""
    if lead:
        body = {"title": "Benchmark {n}", "leadPartyId": lead, "description": "Meting."}
        result.append(
            Endpoint(
                "create agenda item",
                "write",
                [Request("POST", f"{API}/agenda-items", json_headers, json.dumps(body))],
            )
        )
    success = {"title": "Benchmark {n}", "achievedOn": "2026-01-05", "description": "Meting."}
    result.append(
        Endpoint(
            "create success",
            "write",
            [Request("POST", f"{API}/successes", json_headers, json.dumps(success))],
        )
    )
    pool = ids.get("patch_pool") or []
    if pool:
        patch = [
            Request(
                "PATCH",
                f"{API}/agenda-items/{item}",
                {**auth("admin"), "Content-Type": "application/json", "If-Match": "*"},
                json.dumps({"description": "Bijgewerkt {n}"}),
                key=item,
            )
            for item in pool
        ]
        result.append(Endpoint("PATCH agenda item (If-Match)", "write", patch, etag_mode=True))
    return result


def prepare(client: httpx.Client, endpoint: Endpoint, ids: dict[str, Any]) -> None:
    """Ask once: status and body size; PATCH and PUT learn their current ETags here."""
    if endpoint.etag_mode and any(r.headers.get("If-Match") == "*" for r in endpoint.requests):
        for r in endpoint.requests:
            response = client.get(r.path, headers=r.headers)
            if response.status_code == 200:
                r.headers["If-Match"] = response.headers["ETag"]
        endpoint.requests = [r for r in endpoint.requests if r.headers["If-Match"] != "*"]
    first = endpoint.requests[0]
    if first.method == "GET":
        response = client.request(first.method, first.path, headers=first.headers)
        endpoint.status, endpoint.body_bytes = response.status_code, len(response.content)
    else:
        endpoint.status, endpoint.body_bytes = 200, 0  # learnt from the run's errors instead


def view_put(client: httpx.Client, ids: dict[str, Any], tokens: dict[str, str]) -> Endpoint | None:
    """PUT the views of the largest map back as they are, in turn: the agreed one and each
    party's. One view at a time would race with itself (8 connections replacing the same rows
    answer 409); a view PUT back unchanged keeps its ETag, so every PUT is a real replace that
    passes If-Match."""
    role_map = ids.get("role_map_id")
    if not role_map:
        return None
    headers = {"Authorization": f"Bearer {tokens['admin']}"}
    found = client.get(f"{API}/role-maps/{role_map}", headers=headers)
    if found.status_code != 200:
        return None
    requests, sizes = [], []
    for perspective in ["agreed", *found.json().get("partyIds", [])]:
        path = f"{API}/role-maps/{role_map}/perspectives/{perspective}"
        response = client.get(path, headers=headers)
        if response.status_code != 200:
            continue
        rows = [
            {"taskId": a["taskId"], "partyId": a["partyId"], "role": a["role"]}
            for a in response.json()["assignments"]
        ]
        put_headers = {
            **headers,
            "Content-Type": "application/json",
            "If-Match": response.headers["ETag"],
        }
        body = json.dumps({"assignments": rows}, separators=(",", ":"))
        requests.append(Request("PUT", path, put_headers, body, key=perspective))
        sizes.append(len(rows))
    if not requests:
        return None
    name = f"role-map view PUT ({len(requests)} views, agreed {sizes[0]} rows)"
    endpoint = Endpoint(name, "write", requests, etag_mode=True)
    # Two views per connection at least, or a view would be replaced twice at once (409).
    endpoint.max_connections = max(1, len(requests) // 2)
    endpoint.status = 200
    return endpoint


# --- one run -------------------------------------------------------------------------------------


@dataclass
class Options:
    seconds: float
    connections: int
    threads: int
    workers: int
    rate: float | None
    soak: float
    webhook_worker: bool
    only: str | None
    writes: bool
    baselines: bool
    baseline_only: str | None = None
    repeat: int = 1


def measure(
    database_url: str,
    manifest: dict[str, Any],
    options: Options,
    *,
    tree: Path,
    workdir: Path,
    organisations: tuple[str, ...] = ("large",),
) -> dict[str, Any]:
    """Serve the database and drive every endpoint; returns rows per organisation."""
    out: dict[str, Any] = {"organisations": {}}
    with contextlib.ExitStack() as stack:
        base, pid = stack.enter_context(
            kompas_server(
                database_url,
                workers=options.workers,
                webhook_worker=options.webhook_worker,
                tree=tree,
                logdir=workdir,
            )
        )
        bare = stack.enter_context(bare_server(workers=options.workers, logdir=workdir))
        out["rss_start_kib"] = rss_kib(pid)
        client = stack.enter_context(httpx.Client(base_url=base, timeout=300))
        for label in organisations:
            organisation = manifest["organisations"][label]
            tokens = mint_tokens(organisation)
            ids = discover(base, organisation, tokens)
            chosen = endpoints(ids, tokens)
            if options.writes:
                put = view_put(client, ids, tokens)
                if put:
                    chosen.append(put)
            else:
                chosen = [e for e in chosen if e.kind == "read"]
            if options.only:
                chosen = [e for e in chosen if re.search(options.only, e.name)]
            rows = []
            for endpoint in chosen:
                prepare(client, endpoint, ids)
                if not endpoint.requests:
                    continue
                wait_idle(pid)  # the discovery and prepare() requests, or the last run
                row = run_endpoint(base, bare, endpoint, options, workdir, pid)
                print(format_row(row), flush=True)
                rows.append(row)
            out["organisations"][label] = rows
            out.setdefault("tokens", tokens)
            out.setdefault("ids", ids)
        if options.soak > 0:
            out["soak"] = soak(base, pid, out, options, workdir)
        out["rss_end_kib"] = rss_kib(pid)
    out.pop("tokens", None)
    return out


def median_of(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Several wrk runs of the same requests as one: the median of each rate and percentile,
    the sum of the counts, and each round's rate and p99 (to see the spread)."""
    if len(rounds) == 1:
        return rounds[0]
    merged = dict(rounds[0])
    for key, value in rounds[0].items():
        if key in ("requests", "failed", "bytes"):
            merged[key] = sum(r[key] for r in rounds)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            merged[key] = statistics.median(r[key] for r in rounds)
        elif isinstance(value, dict):  # errors and statuses: counts per kind
            kinds = {kind for r in rounds for kind in r.get(key, {})}
            merged[key] = {kind: sum(r.get(key, {}).get(kind, 0) for r in rounds) for kind in kinds}
    merged["rounds"] = [{"rps": r["rps"], "p99_ms": r["p99_ms"]} for r in rounds]
    return merged


def run_endpoint(
    base: str, bare: str, endpoint: Endpoint, options: Options, workdir: Path, pid: int
) -> dict[str, Any]:
    """The endpoint under peak load (and at a fixed rate), with its ceiling and the bare
    framework serving the same bytes; with ``options.repeat`` rounds the three take turns
    (Kompas, ceiling, bare, Kompas, …) so that a moment of noise hits all of them."""
    connections = min(options.connections, endpoint.max_connections or options.connections)
    common = {
        "seconds": options.seconds,
        "connections": connections,
        "threads": options.threads,
        "workdir": workdir,
    }
    baseline = options.baselines and (
        not options.baseline_only or re.search(options.baseline_only, endpoint.name)
    )
    baseline = baseline and endpoint.kind == "read" and endpoint.body_bytes >= 2
    size = endpoint.body_bytes
    headers = endpoint.requests[0].headers  # the same token: the rate limiter reads it
    kompas: list[dict[str, Any]] = []
    ceilings: list[dict[str, Any]] = []
    bares: list[dict[str, Any]] = []
    for _ in range(max(1, options.repeat)):
        kompas.append(run_wrk(base, endpoint.requests, etag_mode=endpoint.etag_mode, **common))
        wait_idle(pid)
        if baseline:
            ceiling = [Request("GET", f"{API}/bench/ceiling?bytes={size}", headers)]
            ceilings.append(run_wrk(base, ceiling, **common))
            bares.append(run_wrk(bare, [Request("GET", f"/bytes?n={size}")], **common))
    result = median_of(kompas)
    row: dict[str, Any] = {
        "endpoint": endpoint.name
        + (f" [-c{connections}]" if connections != options.connections else ""),
        "kind": endpoint.kind,
        "path": endpoint.requests[0].path.split("?")[0],
        "method": endpoint.requests[0].method,
        "status": endpoint.status,
        "body_bytes": endpoint.body_bytes,
        "kompas": result,
    }
    if options.rate:
        row["fixed_rate"] = run_wrk(
            base, endpoint.requests, etag_mode=endpoint.etag_mode, rate=options.rate, **common
        )
        wait_idle(pid)
    if baseline:
        row["ceiling"] = median_of(ceilings)
        row["bare"] = median_of(bares)
        row["ratio_ceiling"] = _ratio(result["rps"], row["ceiling"]["rps"])
        row["ratio_bare"] = _ratio(result["rps"], row["bare"]["rps"])
    return row


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 3) if b else None


def soak(
    base: str, pid: int, out: dict[str, Any], options: Options, workdir: Path
) -> dict[str, Any]:
    """A sustained mix of the reads, the server's RSS sampled every few seconds."""
    rows = out["organisations"].get("large") or next(iter(out["organisations"].values()))
    tokens = out["tokens"]
    mix = [
        e
        for e in endpoints(out["ids"], tokens)
        if e.kind == "read" and "analysis" not in e.name and "matrix" not in e.name
    ]
    del rows
    requests = [r for e in mix for r in e.requests]
    every = max(1.0, min(5.0, options.soak / 60))
    with RssSampler(pid, every) as sampler:
        result = run_wrk(
            base,
            requests,
            seconds=options.soak,
            connections=options.connections,
            threads=options.threads,
            workdir=workdir,
        )
    values = [kib for _, kib in sampler.samples]
    return {
        "seconds": options.soak,
        "result": result,
        "rss_start_kib": values[0],
        "rss_max_kib": max(values),
        "rss_end_kib": values[-1],
        "samples": sampler.samples,
    }


# --- report --------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def revision(tree: Path = ROOT) -> str:
    done = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=tree, capture_output=True, text=True, check=False
    )
    return done.stdout.strip() or "unknown"


def dirty(tree: Path = ROOT) -> bool:
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=tree,
        capture_output=True,
        text=True,
        check=False,
    )
    return bool(done.stdout.strip())


def _ms(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _rps(run: dict[str, Any] | None) -> str:
    return "" if not run else f"{run['rps']:.0f}"


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def format_row(row: dict[str, Any]) -> str:
    k = row["kompas"]
    if not k["requests"]:
        # Every request took longer than the run: no figure, and no ratio, is better than 0.
        seconds = k["duration_s"]
        return f"| {row['endpoint']} | none completed in {seconds:.0f} s | | | | | | | | | |"
    cells = [
        row["endpoint"],
        f"{k['rps']:.0f}",
        _ms(k["p50_ms"]),
        _ms(k["p95_ms"]),
        _ms(k["p99_ms"]),
        f"{row['body_bytes']:,}" if row["kind"] == "read" else "",
        _rps(row.get("ceiling")),
        _rps(row.get("bare")),
        _pct(row.get("ratio_ceiling")),
        _pct(row.get("ratio_bare")),
        str(k["failed"]) if k["failed"] else "0",
    ]
    if "fixed_rate" in row:
        f = row["fixed_rate"]
        cells.append(f"{f['rps']:.0f} req/s: p99 {_ms(f['p99_ms'])}")
    return "| " + " | ".join(cells) + " |"


HEADER = (
    "| endpoint | req/s | p50 ms | p95 ms | p99 ms | body bytes | ceiling req/s | bare req/s "
    "| /ceiling | /bare | failed |"
)


def table(rows: list[dict[str, Any]], *, fixed_rate: float | None) -> list[str]:
    header = HEADER + (f" fixed {fixed_rate:.0f} req/s |" if fixed_rate else "")
    lines = [header, "|" + "---|" + "--:|" * (header.count("|") - 2)]
    lines += [format_row(row) for row in rows]
    return lines


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    lines = [
        f"# Kompas load run {report['date']}",
        "",
        f"- machine: {m['nproc']} cores, {m['cpu']}, Python {m['python']}, "
        f"load average at start {m['load_average']}",
        f"- commit: `{report['revision']}`"
        + (" (with uncommitted changes)" if report["dirty"] else ""),
        f"- command: `{report['command']}`",
        f"- wrk: -t{report['options']['threads']} -c{report['options']['connections']} "
        f"{report['options']['seconds']:.0f} s per endpoint; server workers: "
        f"{report['options']['workers']}",
        "- noisy: other processes share these cores; compare ratios from one run.",
        "",
    ]
    for run in report["runs"]:
        lines.append(
            f"## {run['database']}, scale x{run['scale']}"
            + (f", tree {run['tree']}" if run.get("tree") else "")
        )
        lines.append("")
        for label, rows in run["result"]["organisations"].items():
            if len(run["result"]["organisations"]) > 1:
                lines += [f"### organisation: {label}", ""]
            lines += table(rows, fixed_rate=report["options"]["rate"])
            lines.append("")
        s = run["result"].get("soak")
        if s:
            lines.append(
                f"Soak {s['seconds']:.0f} s at {s['result']['rps']:.0f} req/s (p99 "
                f"{s['result']['p99_ms']:.1f} ms, failed {s['result']['failed']}): RSS start "
                f"{s['rss_start_kib'] / 1024:.1f} MiB, max {s['rss_max_kib'] / 1024:.1f} MiB, "
                f"end {s['rss_end_kib'] / 1024:.1f} MiB."
            )
            lines.append("")
    for title, block in (
        ("p99 growth", report.get("growth")),
        ("national", report.get("national")),
        ("compare", report.get("compare")),
    ):
        if block:
            lines += [f"## {title}", "", *block, ""]
    return "\n".join(lines)


def growth(runs: list[dict[str, Any]]) -> list[str]:
    """Each endpoint's p99 at the largest scale over its p99 at the smallest, per database."""
    lines: list[str] = []
    for database in dict.fromkeys(run["database"] for run in runs):
        mine = sorted((r for r in runs if r["database"] == database), key=lambda r: r["scale"])
        if len(mine) < 2:
            continue
        low, high = mine[0], mine[-1]
        lines += [
            f"{database}: p99 x{low['scale']} → x{high['scale']}",
            "",
            "| endpoint | p99 ms low | p99 ms high | factor |",
            "|---|--:|--:|--:|",
        ]
        low_rows = {r["endpoint"]: r for r in low["result"]["organisations"]["large"]}
        for row in high["result"]["organisations"]["large"]:
            before = low_rows.get(row["endpoint"])
            if not before:
                continue
            if not before["kompas"]["requests"] or not row["kompas"]["requests"]:
                lines.append(f"| {row['endpoint']} | | | none completed at one scale |")
                continue
            a, b = before["kompas"]["p99_ms"], row["kompas"]["p99_ms"]
            factor = f"{b / a:.2f}" if a else ""
            lines.append(f"| {row['endpoint']} | {a:.1f} | {b:.1f} | {factor} |")
        lines.append("")
    return lines


def side_by_side(ours: dict[str, Any], theirs: dict[str, Any], rev: str) -> list[str]:
    lines = [
        f"| endpoint | req/s here | req/s {rev} | p99 ms here | p99 ms {rev} | here/{rev} |",
        "|---|--:|--:|--:|--:|--:|",
    ]
    theirs_rows = {r["endpoint"]: r for r in theirs["organisations"]["large"]}
    for row in ours["organisations"]["large"]:
        other = theirs_rows.get(row["endpoint"])
        if not other:
            continue
        a, b = row["kompas"], other["kompas"]
        lines.append(
            f"| {row['endpoint']} | {a['rps']:.0f} | {b['rps']:.0f} | {a['p99_ms']:.1f} | "
            f"{b['p99_ms']:.1f} | {_ratio(a['rps'], b['rps'])} |"
        )
    return lines


def national_table(with_large: list[dict[str, Any]], alone: list[dict[str, Any]]) -> list[str]:
    """The small organisation's p99 per endpoint, alone in a database and beside the large one
    (and at the fixed rate too, when the run had one: latency without queueing)."""
    fixed = any("fixed_rate" in row for row in with_large)
    head = "| endpoint | p99 ms alone | p99 ms with the large one | factor |"
    rule = "|---|--:|--:|--:|"
    if fixed:
        head += " fixed-rate p99 ms alone | with the large one | factor |"
        rule += "--:|--:|--:|"
    lines = [
        "The small organisation's p99, alone in a database and beside the large one:",
        "",
        head,
        rule,
    ]
    alone_rows = {r["endpoint"]: r for r in alone}
    for row in with_large:
        before = alone_rows.get(row["endpoint"])
        if not before:
            continue
        cells = [row["endpoint"]]
        parts = ("kompas", "fixed_rate") if fixed else ("kompas",)
        for part in parts:
            a = before.get(part, {}).get("p99_ms")
            b = row.get(part, {}).get("p99_ms")
            cells += [_ms(a), _ms(b), f"{b / a:.2f}" if a and b else ""]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


# --- main ----------------------------------------------------------------------------------------


def checkout(rev: str, into: Path) -> Path:
    """Another commit's tree, read with `git archive` (no worktree: nothing in .git changes)."""
    into.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "archive", "--format=tar", rev], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def database_for(name: str, args: argparse.Namespace, scale: float, suffix: str = "") -> str:
    if name == "sqlite":
        directory = Path(args.out_dir)
        directory.mkdir(parents=True, exist_ok=True)
        return sqlite_url(directory.resolve() / f"bench-{scale}{suffix}.db")
    url: str = args.postgres_url
    return url + suffix.replace("-", "_") if suffix else url


def data(
    args: argparse.Namespace,
    database_url: str,
    scale: float,
    *,
    national: bool,
    tree: Path,
    label: str,
) -> dict[str, Any]:
    cache = Path(args.out_dir) / f"manifest-{label}.json"
    if args.demo:
        if not (args.reuse and cache.exists()):
            reset_database(database_url)
            cache.write_text(json.dumps(demo_manifest(database_url, tree)))
        manifest: dict[str, Any] = json.loads(cache.read_text())
        return manifest
    if not (args.reuse and cache.exists()):
        reset_database(database_url)
    return generated_manifest(
        database_url, scale, national=national, reuse=args.reuse, cache=cache, tree=tree
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    parser.add_argument("--scales", default="0.01", help="comma-separated, e.g. 0.01,0.1,1")
    parser.add_argument("--duration", type=float, default=10, help="seconds per endpoint")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1, help="kompas serve --workers")
    parser.add_argument("--rate", type=float, help="also a fixed-rate run at this many req/s")
    parser.add_argument("--soak", type=float, default=0, help="seconds of sustained reads (RSS)")
    parser.add_argument("--webhook-worker", action="store_true")
    parser.add_argument("--only", help="a regular expression: the endpoints to run")
    parser.add_argument("--no-writes", action="store_true")
    parser.add_argument("--no-baselines", action="store_true", help="skip ceiling and bare")
    parser.add_argument(
        "--baseline-only", help="a regular expression: the endpoints measured beside the baselines"
    )
    parser.add_argument("--demo", action="store_true", help="the demo organisation, no datagen")
    parser.add_argument("--reuse", action="store_true", help="keep data from an earlier run")
    parser.add_argument("--national", action="store_true")
    parser.add_argument("--compare", metavar="REV", help="the same run on another commit")
    parser.add_argument("--smoke", action="store_true", help="fail on any error or non-2xx")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds per endpoint, taking turns with the baselines; the median is reported",
    )
    parser.add_argument("--out-dir", default=str(ROOT / "var" / "bench"))
    args = parser.parse_args(argv)

    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    options = Options(
        seconds=args.duration,
        connections=args.connections,
        threads=args.threads,
        workers=args.workers,
        rate=args.rate,
        soak=args.soak,
        webhook_worker=args.webhook_worker,
        only=args.only,
        writes=not args.no_writes,
        baselines=not args.no_baselines,
        baseline_only=args.baseline_only,
        repeat=args.repeat,
    )
    scales = [float(s) for s in args.scales.split(",") if s]
    databases = [d.strip() for d in args.databases.split(",") if d.strip()]
    report: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "revision": revision(),
        "dirty": dirty(),
        "command": " ".join(["bench/load.py", *(argv if argv is not None else sys.argv[1:])]),
        "machine": machine(),
        "options": asdict(options),
        "runs": [],
    }
    work = Path(tempfile.mkdtemp(prefix="kompas-load-"))
    try:
        for database in databases:
            for scale in scales:
                url = database_for(database, args, scale)
                label = f"{database}-{scale}" + ("-national" if args.national else "")
                manifest = data(args, url, scale, national=args.national, tree=ROOT, label=label)
                print(f"== {database} x{scale}: {url.split('@')[-1]}", flush=True)
                print(HEADER, flush=True)
                orgs = ("large", "small") if args.national else ("large",)
                # The soak (minutes) once per database, at the largest scale.
                soaking = replace(options, soak=options.soak if scale == max(scales) else 0)
                result = measure(
                    url, manifest, soaking, tree=ROOT, workdir=work, organisations=orgs
                )
                run = {"database": database, "scale": scale, "result": result}
                report["runs"].append(run)
                if args.national:
                    alone_url = database_for(database, args, scale, "-alone")
                    from datagen import SMALL_FACTOR  # the small one's size beside the large

                    alone = data(
                        args,
                        alone_url,
                        scale * SMALL_FACTOR,
                        national=False,
                        tree=ROOT,
                        label=f"{label}-alone",
                    )
                    alone_result = measure(alone_url, alone, options, tree=ROOT, workdir=work)
                    report["national"] = national_table(
                        result["organisations"]["small"], alone_result["organisations"]["large"]
                    )
                if args.compare:
                    tree = checkout(args.compare, work / "compare")
                    other_url = database_for(database, args, scale, "-compare")
                    other_manifest = data(
                        args, other_url, scale, national=False, tree=tree, label=f"{label}-cmp"
                    )
                    # Without baselines: an older commit may have no ceiling endpoint, and the
                    # two trees are compared with each other directly.
                    plain = replace(options, baselines=False, soak=0)
                    other = measure(other_url, other_manifest, plain, tree=tree, workdir=work)
                    report["runs"].append(
                        {
                            "database": database,
                            "scale": scale,
                            "result": other,
                            "tree": args.compare,
                        }
                    )
                    report["compare"] = side_by_side(result, other, args.compare)
        report["growth"] = growth([r for r in report["runs"] if not r.get("tree")])
    finally:
        shutil.rmtree(work, ignore_errors=True)

    stem = f"{dt.datetime.now(dt.UTC):%Y-%m-%d-%H%M}-{report['revision'][:10]}"
    (out_dir / f"{stem}.json").write_text(json.dumps(report, indent=2))
    text = markdown(report)
    (out_dir / f"{stem}.md").write_text(text)
    print(text)
    print(f"bench: written {out_dir / stem}.md and .json")
    return check(report) if args.smoke else 0


def check(report: dict[str, Any]) -> int:
    """The smoke's verdict: every endpoint answered 2xx, and no request failed."""
    problems = []
    for run in report["runs"]:
        for label, rows in run["result"]["organisations"].items():
            for row in rows:
                where = f"{run['database']} x{run['scale']} {label} {row['endpoint']}"
                if not 200 <= row["status"] < 300:
                    problems.append(f"{where}: answered {row['status']}")
                for part in ("kompas", "ceiling", "bare", "fixed_rate"):
                    if part in row and row[part]["failed"]:
                        problems.append(f"{where}: {part}: {row[part]['errors']}")
                    if part in row and row[part]["requests"] == 0:
                        # Slow, not wrong (its first answer was 2xx): a busy machine can make
                        # an endpoint miss a 2-second window.
                        print(f"WARNING: {where}: {part}: no request completed", file=sys.stderr)
    for problem in problems:
        print(f"FAILED: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
