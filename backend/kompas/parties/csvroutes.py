"""CSV routes of the registry: `GET …/csv` exports a list, `POST …/csv` imports (docs/csv.md).

Included first by the domain's router, so that `/parties/csv` is not read as `/parties/{partyId}`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Depends, Response

from kompas.core import csvfile
from kompas.core.csvfile import CSV_RESPONSES, CsvImportSummary, CsvResponse, attachment
from kompas.core.db import SessionDep
from kompas.core.listing import ListQuery
from kompas.core.principal import CurrentPrincipal, Editor, SettingsDep
from kompas.parties import csvio, service
from kompas.parties.auth import NeedWriter

router = APIRouter()
CsvBody = Annotated[
    bytes,
    Body(
        media_type="text/csv",
        description="UTF-8 (with or without BOM), `,` or `;` separated, a header line naming "
        "the columns in English or Dutch (docs/csv.md).",
    ),
]


@router.get("/parties/csv", tags=["parties"], response_class=CsvResponse, responses=CSV_RESPONSES)
def export_parties(
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(csvfile.export_query(service.PARTIES))],
) -> Response:
    """Departments and partners as CSV, with the list's filters: to check or fill in a
    spreadsheet. Contacts are not in it."""
    text = csvio.export_parties(session=session, principal=principal, query=query)
    return attachment(text, "partijen.csv")


@router.post("/parties/csv", tags=["parties"], response_model=CsvImportSummary)
def import_parties(
    content: CsvBody, session: SessionDep, principal: Editor, settings: SettingsDep
) -> dict[str, int]:
    """Add departments and partners from CSV: all or nothing, every bad line reported.

    Columns `kind`, `name`, `description`, `organisationType`, `website` (or in Dutch `soort`,
    `naam`, `omschrijving`, `organisatietype`, `website`); `id` only as exported. At most
    `KOMPAS_CSV_IMPORT_MAX_ROWS` rows."""
    return csvio.import_parties(
        session=session,
        principal=principal,
        content=content,
        max_rows=settings.csv_import_max_rows,
    )


@router.get("/people/csv", tags=["people"], response_class=CsvResponse, responses=CSV_RESPONSES)
def export_people(
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(csvfile.export_query(service.PEOPLE))],
) -> Response:
    """People as CSV, each with the name of their party; a partner gets its own party's."""
    text = csvio.export_people(session=session, principal=principal, query=query)
    return attachment(text, "mensen.csv")


@router.post("/people/csv", tags=["people"], response_model=CsvImportSummary)
def import_people(
    content: CsvBody, session: SessionDep, principal: Editor, settings: SettingsDep
) -> dict[str, int]:
    """Add people from CSV, each to the party named in `party` (`partij`): all or nothing,
    every bad line reported. At most `KOMPAS_CSV_IMPORT_MAX_ROWS` rows."""
    return csvio.import_people(
        session=session,
        principal=principal,
        content=content,
        max_rows=settings.csv_import_max_rows,
    )


@router.get("/needs/csv", tags=["needs"], response_class=CsvResponse, responses=CSV_RESPONSES)
def export_needs(
    session: SessionDep,
    principal: CurrentPrincipal,
    query: Annotated[ListQuery, Depends(csvfile.export_query(service.NEEDS))],
) -> Response:
    """Needs and offers as CSV, parties by name; a partner gets what its list shows."""
    text = csvio.export_needs(session=session, principal=principal, query=query)
    return attachment(text, "behoeften.csv")


@router.post("/needs/csv", tags=["needs"], response_model=CsvImportSummary)
def import_needs(
    content: CsvBody, session: SessionDep, principal: NeedWriter, settings: SettingsDep
) -> dict[str, int]:
    """Add needs and offers from CSV, as the API checks each one (members and partners for
    their own party): all or nothing, every bad line reported. At most
    `KOMPAS_CSV_IMPORT_MAX_ROWS` rows."""
    return csvio.import_needs(
        session=session,
        principal=principal,
        content=content,
        max_rows=settings.csv_import_max_rows,
    )
