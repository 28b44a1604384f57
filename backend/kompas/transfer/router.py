"""`GET /export`: the whole organisation as one ZIP, for its admins (docs/export.md)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from typing import IO

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse
from sqlalchemy import Engine

from kompas.core.db import SessionDep, today
from kompas.core.errors import refuse_unknown_query
from kompas.core.principal import Admin
from kompas.organisations.models import Organisation
from kompas.transfer import service

router = APIRouter()
TAG = "export"
ZIP = "application/zip"
# The ZIP is built in memory up to this size, then on disk; it is sent in chunks of READ bytes.
SPOOL_BYTES = 8 * 1024 * 1024
READ = 256 * 1024


class ZipResponse(StreamingResponse):
    media_type = ZIP


def _chunks(spool: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := spool.read(READ):
            yield chunk
    finally:
        spool.close()


def filename(name: str) -> str:
    """``kompas-export-gemeente-voorbeeld-2026-03-02.zip``: ASCII only, safe in a header."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "organisation"
    return f"kompas-export-{slug}-{today().isoformat()}.zip"


@router.get(
    "/export",
    tags=[TAG],
    response_class=ZipResponse,
    responses={
        200: {
            "description": "The organisation as a ZIP: `manifest.json` and one NDJSON file per "
            "kind (the format: docs/export.md). Secrets and password hashes are never in it.",
            "content": {ZIP: {"schema": {"type": "string", "format": "binary"}}},
            "headers": {
                "Content-Disposition": {
                    "description": "`attachment`, with a file name: a browser saves it.",
                    "schema": {"type": "string"},
                }
            },
        }
    },
)
def export_organisation(request: Request, session: SessionDep, principal: Admin) -> ZipResponse:
    """The whole organisation as one versioned ZIP, to keep or to restore with `kompas import`
    (admins only)."""
    refuse_unknown_query(request.query_params, (), what="the export")
    organisation = session.get(Organisation, principal.organisation_id)
    assert organisation is not None  # the caller's own organisation
    engine = session.get_bind()
    assert isinstance(engine, Engine)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed by _chunks
    try:
        service.export_organisation(engine, principal.organisation_id, spool)
        size = spool.tell()
        spool.seek(0)
    except BaseException:
        spool.close()
        raise
    return ZipResponse(
        _chunks(spool),
        media_type=ZIP,
        headers={
            "Content-Disposition": f'attachment; filename="{filename(organisation.name)}"',
            "Content-Length": str(size),
        },
    )
