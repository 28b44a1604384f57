"""Routes for a person's own data: downloading it (art. 15), and an admin erasing a person
(art. 17)."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from kompas.core.db import SessionDep
from kompas.core.principal import Admin, CurrentPrincipal
from kompas.core.routing import READ_ONE, id_param, respond_one
from kompas.personaldata import service
from kompas.personaldata.schemas import PersonalData
from kompas.users import service as user_service
from kompas.users.schemas import UserRead

router = APIRouter()
UserId = Annotated[uuid.UUID, id_param("userId", "user")]

DOWNLOAD: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Your data, as a JSON file to save.",
        "headers": {
            "Content-Disposition": {
                "description": "`attachment`, with a file name.",
                "schema": {"type": "string"},
            }
        },
    }
}


@router.get("/me/data", tags=["me"], response_model=PersonalData, responses=DOWNLOAD)
def read_my_data(session: SessionDep, principal: CurrentPrincipal) -> JSONResponse:
    """Everything Kompas holds about you (AVG/GDPR art. 15), to download: your profile, what
    you wrote, your commitment and your events in the audit trail. People only, not API tokens."""
    data = service.export(session=session, principal=principal)
    day = data["generatedAt"][:10].replace("-", "")
    return JSONResponse(
        PersonalData.model_validate(data).model_dump(by_alias=True, mode="json"),
        headers={"Content-Disposition": f'attachment; filename="kompas-personal-data-{day}.json"'},
    )


@router.post("/users/{userId}/erase", tags=["users"], response_model=UserRead, responses=READ_ONE)
def create_user_erasure(
    user_id: UserId, response: Response, session: SessionDep, principal: Admin
) -> object:
    """Erase a person (AVG/GDPR art. 17; admins only): the account and their private data go,
    what they wrote for the organisation stays as a former member's ("Voormalig lid"), and the
    audit trail keeps its events without their name. 409 for the last admin or one already
    erased."""
    user = user_service.get(session=session, principal=principal, user_id=user_id)
    return respond_one(response, service.erase(session=session, principal=principal, user=user))
