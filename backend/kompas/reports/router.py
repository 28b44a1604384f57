"""`GET /reports/progress`: the progress report of a period, as a printable page or a PDF."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from kompas.core.db import SessionDep, today
from kompas.core.errors import refuse_unknown_query
from kompas.core.negotiation import preferred
from kompas.core.openapi import API_PREFIX
from kompas.core.principal import CurrentPrincipal, SettingsDep
from kompas.core.schemas import Day
from kompas.reports import render, service
from kompas.reports.style import STYLESHEET
from kompas.reports.texts import Language

router = APIRouter()
TAG = "reports"
HTML, PDF = "text/html", "application/pdf"
KNOWN = ("from", "to", "lang")


class ProgressReportResponse(Response):
    media_type = HTML
    media_types = (HTML, PDF)


@router.get(
    "/reports/progress",
    tags=[TAG],
    response_class=ProgressReportResponse,
    responses={
        200: {
            "description": "The report as a printable HTML page (`Accept: text/html`, the "
            "default) or as a tagged PDF (PDF/UA-1, `Accept: application/pdf`).",
            "content": {
                HTML: {"schema": {"type": "string"}},
                PDF: {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
def read_progress_report(
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    start: Annotated[
        Day | None,
        Query(
            alias="from",
            description="The first day of the period (`YYYY-MM-DD`); by default 1 January of "
            "the year of `to`.",
        ),
    ] = None,
    end: Annotated[
        Day | None,
        Query(
            alias="to",
            description="The last day of the period, included (`YYYY-MM-DD`); by default today. "
            "A period covers at most five years.",
        ),
    ] = None,
    lang: Annotated[
        Language, Query(description="The language of the report: `nl` (Dutch) or `en`.")
    ] = "nl",
) -> Response:
    """The progress report of a period: the purpose and drivers, what moved on the agenda
    (status changes, items done, handoffs accepted), the successes, the role maps' clarity from
    the first to the last snapshot, the reflection trend and the experiences shared. It holds
    only what the caller may read: a partner's report only the records its party may see."""
    refuse_unknown_query(request.query_params, KNOWN, what="the report")
    end = end or today()
    start = start or date(end.year, 1, 1)
    report = service.progress(session, principal, start, end, settings.reflection_min_group)
    media_type = preferred(request.headers.get("accept"), ProgressReportResponse.media_types)
    if media_type == PDF:
        return ProgressReportResponse(
            render.pdf(report, lang),
            media_type=PDF,
            headers={
                "Content-Disposition": "attachment; "
                f'filename="{render.filename(start, end, lang, "pdf")}"',
                "Vary": "Accept",
            },
        )
    page = render.html(report, lang, f"{API_PREFIX}{render.STYLESHEET_PATH}")
    return ProgressReportResponse(
        page, media_type=f"{HTML}; charset=utf-8", headers={"Vary": "Accept"}
    )


@router.get(render.STYLESHEET_PATH, include_in_schema=False)
def progress_report_stylesheet() -> Response:
    """The report's print stylesheet (no data: served without a token)."""
    return Response(STYLESHEET, media_type="text/css; charset=utf-8")
