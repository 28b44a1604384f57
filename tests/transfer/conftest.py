"""A second, empty database to restore into, and helpers to read and change an export."""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, make_url, select
from sqlmodel import Session

from kompas.core.db import make_engine, metadata
from kompas.core.migrate import upgrade
from kompas.demo.seed import seed_demo
from kompas.organisations.models import Organisation
from kompas.transfer import service
from tests.conftest import beside, reset_database


def target_url(tmp_dir: Path) -> str:
    """A temporary SQLite file, or ``<database>_target`` beside KOMPAS_TEST_DATABASE_URL."""
    configured = os.environ.get("KOMPAS_TEST_DATABASE_URL")
    if not configured:
        return f"sqlite:///{tmp_dir / 'kompas-target.db'}"
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    database = make_url(configured).database
    return beside(configured, f"{database}_{worker}_target" if worker else f"{database}_target")


@pytest.fixture(scope="session")
def target_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A database built by the migrations, as a new installation has it."""
    engine = make_engine(target_url(tmp_path_factory.mktemp("target")))
    reset_database(engine)
    upgrade(engine)
    yield engine
    engine.dispose()


def empty(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def target(target_engine: Engine) -> Iterator[Engine]:
    """The empty target database; emptied again after the test."""
    empty(target_engine)
    yield target_engine
    empty(target_engine)


def counts(engine: Engine) -> dict[str, int]:
    """The number of rows of every table."""
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in metadata.sorted_tables
        }


@pytest.fixture
def demo(engine: Engine, app: Any) -> Organisation:
    """The demo organisation "Gemeente Voorbeeld" (``app``: password hashing configured)."""
    with Session(engine, expire_on_commit=False) as session:
        organisation, _ = seed_demo(session)
        session.commit()
    return organisation


def export_bytes(engine: Engine, organisation: Organisation) -> bytes:
    stream = io.BytesIO()
    service.export_organisation(engine, organisation.id, stream)
    return stream.getvalue()


def entries(archive: bytes) -> dict[str, bytes]:
    """Every file of a ZIP, decompressed."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def rebuild(
    files: dict[str, bytes], change: Callable[[dict[str, Any], dict[str, bytes]], None]
) -> bytes:
    """A ZIP of ``files`` after ``change(manifest, files)``, with the manifest's checksums and
    counts made to agree again (a tampered file that is not damaged)."""
    files = dict(files)
    manifest = json.loads(files.pop("manifest.json"))
    change(manifest, files)
    for kind in manifest.get("kinds", []):
        if kind.get("file") in files:
            data = files[kind["file"]]
            kind["sha256"] = hashlib.sha256(data).hexdigest()
            kind["count"] = data.count(b"\n")
    return pack(files, manifest)


def pack(files: dict[str, bytes], manifest: Any) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            if name != "manifest.json":
                archive.writestr(name, data)
        archive.writestr("manifest.json", json.dumps(manifest))
    return stream.getvalue()


def lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.splitlines()]
