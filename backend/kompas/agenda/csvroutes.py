"""CSV routes of the agenda: `GET /agenda-items/csv` exports, `POST` imports (docs/csv.md).

Included first by the domain's router, so that `csv` is not read as an agenda item's id.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Response

from kompas.agenda import csvio, service
from kompas.core import csvfile
from kompas.core.csvfile import CSV_RESPONSES, CsvImportSummary, CsvResponse, attachment
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery
from kompas.core.principal import Contributor, CurrentPrincipal, SettingsDep

router = APIRouter()
TAG = "agenda-items"


@router.get("/agenda-items/csv", tags=[TAG], response_class=CsvResponse, responses=CSV_RESPONSES)
def export_agenda_items(
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    query: Annotated[ListQuery, Depends(csvfile.export_query(service.AGENDA_ITEMS))],
) -> Response:
    """The agenda as CSV, with the list's filters; parties and phase by name. A partner gets
    the items its party leads, holds or takes part in."""
    text = csvio.export(
        session=session,
        principal=principal,
        query=query,
        stalled_after_days=settings.stalled_after_days,
    )
    return attachment(text, "agenda.csv")


@router.post("/agenda-items/csv", tags=[TAG], response_model=CsvImportSummary)
def import_agenda_items(
    content: Annotated[
        bytes,
        Body(
            media_type="text/csv",
            description="UTF-8 (with or without BOM), `,` or `;` separated, a header line "
            "naming the columns in English or Dutch (docs/csv.md).",
        ),
    ],
    session: SessionDep,
    principal: Contributor,
    settings: SettingsDep,
) -> dict[str, int]:
    """Add agenda items from CSV, each checked as `POST /agenda-items` checks one: all or
    nothing, every bad line reported. At most `KOMPAS_CSV_IMPORT_MAX_ROWS` rows."""
    return csvio.import_csv(
        session=session,
        principal=principal,
        content=content,
        max_rows=settings.csv_import_max_rows,
    )
