"""`GET /dashboard`: the interim results the caller may see."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from kompas.core.pagecache import kept
from kompas.core.principal import CurrentPrincipal, SettingsDep
from kompas.core.replica import ReadSessionDep
from kompas.dashboard import service
from kompas.dashboard.schemas import Dashboard

router = APIRouter()

KEPT_KEY = "dashboard_figures"


async def kept_figures(request: Request) -> service.KeptFigures:
    """This app's kept figures (one per app: a test's second app is a second process)."""
    kept: service.KeptFigures | None = getattr(request.app.state, KEPT_KEY, None)
    if kept is None:
        kept = service.KeptFigures()
        setattr(request.app.state, KEPT_KEY, kept)
    return kept


@router.get("/dashboard", tags=["dashboard"], response_model=Dashboard)
@kept
def read_dashboard(
    session: ReadSessionDep,
    principal: CurrentPrincipal,
    settings: SettingsDep,
    kept: Annotated[service.KeptFigures, Depends(kept_figures)],
) -> dict[str, Any]:
    """The interim results at a glance: agenda items per status and phase, stalled items and open
    handoffs per party, role-map clarity over time, successes per quarter, participation per
    party and level, experiences shared, commitments made and the reflection trend. Every
    signed-in caller sees the figures of what it may read: a partner only the records its party
    may see, and the commitment counts are for coordinators and admins."""
    return service.dashboard(
        session, principal, settings.stalled_after_days, settings.reflection_min_group, kept
    )
