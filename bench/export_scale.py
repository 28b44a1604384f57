"""Benchmark of the whole-organisation export: size, time and peak memory as the organisation grows.

Run it from the repository root:

    .venv/bin/python bench/export_scale.py                      # SQLite, the demo ×1, ×10, ×100
    .venv/bin/python bench/export_scale.py --postgres postgresql://postgres@127.0.0.1:5432/kompas_bench
    .venv/bin/python bench/export_scale.py --copies 1,100

It loads the demo organisation ("Gemeente Voorbeeld") into a database built by the migrations and
exports it. For each factor N it writes a scaled export by hand: every record of the demo N times
(copy k's ids are uuid5 of k and the original id, so every reference stays inside its copy; the
organisation and its one purpose once; e-mail addresses and names that must be unique get a
``cN.`` prefix), imports it with ``kompas.transfer.service.import_organisation`` into an empty
database, and then exports that organisation in a fresh process of its own, which reports:

- the export's size and wall time;
- the process's resident memory just before the export (Python, SQLAlchemy and Kompas imported,
  the engine made) and its peak during the export (on Linux the peak is reset first through
  ``/proc/self/clear_refs`` and read as ``VmHWM``; elsewhere ``ru_maxrss``, the peak since the
  start): the difference is what the export itself needed;
- in a second fresh process, tracemalloc's peak of Python allocations during the export (slower:
  every allocation is traced).

``--postgres`` drops the schema ``public`` of the database you give it: give it one of its own.
A benchmark, not a test: it asserts nothing. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent.parent
COPIES = (1, 10, 100)
UNIQUE_TEXT = {"users": "email", "parties": "name", "phases": "name", "work_formats": "name"}
ONCE = {"organisations", "purposes"}


def _engine(url: str) -> Any:
    from kompas.core.db import make_engine

    return make_engine(url)


def _fresh(url: str) -> Any:
    """An empty database built by the migrations."""
    from sqlalchemy import text

    from kompas.core.migrate import upgrade

    engine = _engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def demo_export(url: str) -> bytes:
    from sqlmodel import Session

    from kompas.core.config import Settings
    from kompas.core.security import configure_password_hashing
    from kompas.demo.seed import seed_demo
    from kompas.transfer import service

    configure_password_hashing(
        Settings(secret_key="b" * 40, password_hash_time_cost=1, password_hash_memory_kib=8192)
    )
    engine = _fresh(url)
    with Session(engine) as session:
        organisation, _ = seed_demo(session)
        session.commit()
        organisation_id = organisation.id
    stream = io.BytesIO()
    service.export_organisation(engine, organisation_id, stream)
    engine.dispose()
    return stream.getvalue()


def scaled(demo: bytes, copies: int, path: Path) -> int:
    """Writes the demo export ``copies`` times over to ``path``; returns the number of records."""
    from kompas.core.db import metadata
    from kompas.transfer.kinds import exported_columns

    source = zipfile.ZipFile(io.BytesIO(demo))
    manifest = json.loads(source.read("manifest.json"))
    organisation_id = manifest["organisation"]["id"]
    total = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for kind in manifest["kinds"]:
            table = metadata.tables[kind["kind"]]
            uuids = {
                c.name
                for c in exported_columns(table)
                if type(c.type).__name__ == "Uuid" and c.name != "organisation_id"
            }
            rows = [json.loads(line) for line in source.read(kind["file"]).splitlines()]
            digest, count = hashlib.sha256(), 0
            with archive.open(kind["file"], "w", force_zip64=True) as entry:
                for k in range(1 if table.name in ONCE else copies):
                    for row in rows:
                        copy = dict(row)
                        if k:
                            for name in uuids:
                                if copy[name] and copy[name] != organisation_id:
                                    copy[name] = str(
                                        uuid.uuid5(uuid.NAMESPACE_OID, f"{k}:{copy[name]}")
                                    )
                            if name := UNIQUE_TEXT.get(table.name):
                                copy[name] = f"c{k}.{copy[name]}"
                        line = (
                            json.dumps(copy, ensure_ascii=False, separators=(",", ":")) + "\n"
                        ).encode()
                        digest.update(line)
                        entry.write(line)
                        count += 1
            kind["count"], kind["sha256"] = count, digest.hexdigest()
            total += count
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
    return total


def measure(url: str, organisation_id: str, output: str, traced: bool) -> dict[str, Any]:
    """Runs in a fresh process: one export, with its time and memory."""
    import resource
    import tracemalloc

    from kompas.transfer import service

    engine = _engine(url)
    with engine.connect():
        pass  # the pool's first connection, before the baseline
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux: "5" resets the peak (VmHWM) to the present size, so the peak is the export's alone.
    reset = Path("/proc/self/clear_refs")
    if reset.exists():
        reset.write_text("5")
        before = _status_kib("VmRSS")
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    with open(output, "wb") as stream:
        service.export_organisation(engine, uuid.UUID(organisation_id), stream)
    seconds = time.perf_counter() - started
    figures: dict[str, Any] = {"seconds": seconds, "bytes": os.path.getsize(output)}
    if traced:
        figures["traced_peak_kib"] = tracemalloc.get_traced_memory()[1] / 1024
    else:
        figures["rss_before_kib"] = before
        figures["rss_peak_kib"] = (
            _status_kib("VmHWM")
            if reset.exists()
            else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        )
    return figures


def _status_kib(field: str) -> int:
    """A figure of /proc/self/status in KiB (VmRSS: resident now; VmHWM: its peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def _in_process(url: str, organisation_id: str, output: str, traced: bool) -> dict[str, Any]:
    command = [sys.executable, __file__, "--measure", url, organisation_id, output]
    if traced:
        command.append("--traced")
    done = subprocess.run(  # noqa: S603 - this very script, with our own arguments
        command, capture_output=True, text=True, check=True, cwd=HERE
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL (its schema public is dropped)")
    parser.add_argument("--copies", default=",".join(map(str, COPIES)))
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure, traced=args.traced)))
        return

    workdir = Path(tempfile.mkdtemp(prefix="kompas-export-bench-"))
    url = args.postgres or f"sqlite:///{workdir / 'bench.db'}"
    demo = demo_export(url)
    organisation_id = json.loads(zipfile.ZipFile(io.BytesIO(demo)).read("manifest.json"))[
        "organisation"
    ]["id"]
    print(
        f"{platform.node()}: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
        f"{'PostgreSQL' if args.postgres else 'SQLite'}"
    )
    print()
    print(
        "| demo × | records | import s | export s | ZIP MB | RSS before MB | RSS peak MB "
        "| export's own MB | traced peak MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    from kompas.transfer import service

    for copies in (int(n) for n in args.copies.split(",")):
        source = workdir / f"scaled-{copies}.zip"
        records = scaled(demo, copies, source)
        url = args.postgres or f"sqlite:///{workdir / f'scaled-{copies}.db'}"
        engine = _fresh(url)
        started = time.perf_counter()
        service.import_organisation(engine, str(source))
        imported = time.perf_counter() - started
        engine.dispose()
        output = str(workdir / f"export-{copies}.zip")
        plain = _in_process(url, organisation_id, output, traced=False)
        traced = _in_process(url, organisation_id, output, traced=True)
        mib = 1024.0
        print(
            f"| {copies} | {records} | {imported:.1f} | {plain['seconds']:.1f} "
            f"| {plain['bytes'] / mib / mib:.1f} | {plain['rss_before_kib'] / mib:.0f} "
            f"| {plain['rss_peak_kib'] / mib:.0f} "
            f"| {(plain['rss_peak_kib'] - plain['rss_before_kib']) / mib:.0f} "
            f"| {traced['traced_peak_kib'] / mib:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
