"""The behaviour of the compass: the purpose, ordered drivers and phases, work formats."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, select

from kompas.compass.models import Driver, Phase, Purpose, WorkFormat
from kompas.core.errors import Conflict, InvalidParam
from kompas.core.listing import ListSpec
from kompas.core.models import TenantRecord
from kompas.core.principal import Principal
from kompas.core.tenancy import apply_changes, scoped

RecordT = TypeVar("RecordT", bound=TenantRecord)

# The phases of "bewegen in samenwerken" every new organisation starts with; coordinators may
# rename, reorder or add to them.
DEFAULT_PHASES = (
    ("Verkennen", "Elkaar leren kennen: wie zijn we, wat willen we samen bereiken?"),
    (
        "Verbinden",
        "De gemeenschappelijke bedoeling en drijfveren scherp krijgen; rollen bespreken.",
    ),
    ("Samen doen", "Samen aan de toekomstagenda werken en vraagstukken onderzoeken."),
    ("Verankeren", "Wat werkt vastleggen in de dagelijkse praktijk en verder brengen."),
)

DRIVERS = ListSpec(
    name="drivers",
    id_column=Driver.id,
    sortable={"position": Driver.position, "title": Driver.title, "updatedAt": Driver.updated_at},
    default_sort="position",
    searchable=(Driver.title, Driver.description),
)
PHASES = ListSpec(
    name="phases",
    id_column=Phase.id,
    sortable={"position": Phase.position, "name": Phase.name, "updatedAt": Phase.updated_at},
    default_sort="position",
    searchable=(Phase.name, Phase.description),
)
WORK_FORMATS = ListSpec(
    name="work_formats",
    id_column=WorkFormat.id,
    sortable={"name": WorkFormat.name, "updatedAt": WorkFormat.updated_at},
    default_sort="name",
    searchable=(WorkFormat.name, WorkFormat.description),
)


def create_defaults(*, session: Session, organisation_id: uuid.UUID) -> None:
    """An empty purpose and the default phases for a new organisation."""
    session.add(Purpose(organisation_id=organisation_id))
    for position, (name, description) in enumerate(DEFAULT_PHASES, start=1):
        session.add(
            Phase(
                organisation_id=organisation_id,
                name=name,
                description=description,
                position=position,
            )
        )
    session.flush()


# --- purpose -----------------------------------------------------------------------------------


def get_purpose(*, session: Session, principal: Principal) -> Purpose:
    """The organisation's purpose; made empty on first use if the organisation has none yet."""
    purpose = session.exec(scoped(Purpose, principal)).first()
    if purpose is None:
        purpose = Purpose(organisation_id=principal.organisation_id)
        session.add(purpose)
        session.flush()
    return purpose


def replace_purpose(*, session: Session, purpose: Purpose, data: dict[str, Any]) -> Purpose:
    """Replace the purpose statement and its explanation."""
    apply_changes(purpose, data)
    session.flush()
    return purpose


# --- ordered and named records -----------------------------------------------------------------


def _next_position(
    session: Session, principal: Principal, model: type[Driver] | type[Phase]
) -> int:
    highest = session.exec(
        select(func.max(model.position)).where(model.organisation_id == principal.organisation_id)
    ).one()
    return (highest or 0) + 1


def _ensure_unique_name(
    session: Session,
    principal: Principal,
    model: type[Phase] | type[WorkFormat],
    name: str,
    exclude: uuid.UUID | None = None,
) -> None:
    statement = scoped(model, principal).where(func.lower(model.name) == name.lower())
    if exclude is not None:
        statement = statement.where(model.id != exclude)
    if session.exec(statement).first() is not None:
        raise Conflict(
            f"'{name}' already exists.",
            invalid_params=[InvalidParam(name="name", reason="Already in use.", code="duplicate")],
        )


def create(
    *, session: Session, principal: Principal, model: type[RecordT], data: dict[str, Any]
) -> RecordT:
    """Create a driver, phase or work format; an ordered one without a position goes last."""
    if model in (Phase, WorkFormat):
        _ensure_unique_name(session, principal, model, data["name"])  # type: ignore[arg-type]
    if model in (Driver, Phase) and data.get("position") is None:
        data = {**data, "position": _next_position(session, principal, model)}  # type: ignore[arg-type]
    record = model(organisation_id=principal.organisation_id, **data)
    session.add(record)
    session.flush()
    return record


def update(
    *, session: Session, principal: Principal, record: RecordT, changes: dict[str, Any]
) -> RecordT:
    """Change a driver, phase or work format."""
    if isinstance(record, Phase | WorkFormat) and "name" in changes:
        model = Phase if isinstance(record, Phase) else WorkFormat
        _ensure_unique_name(session, principal, model, changes["name"], exclude=record.id)
    apply_changes(record, changes)
    session.flush()
    return record
