"""Health: for load balancers and monitoring, without authentication."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from kompas.core.errors import problem_response

router = APIRouter()


class Health(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]


@router.get("/health", tags=["health"], response_model=Health)
def read_health(request: Request) -> object:
    """Whether the API and its database answer."""
    try:
        with request.app.state.session_factory() as session:
            session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        response: JSONResponse = problem_response(
            request, 503, "The database does not answer.", headers={"Retry-After": "10"}
        )
        return response
    return Health(status="ok", database="ok")
