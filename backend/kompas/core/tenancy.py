"""Tenant scoping: every read and write goes through the caller's organisation."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from sqlmodel import Session, select
from sqlmodel.sql.expression import SelectOfScalar

from kompas.core.errors import NotFound
from kompas.core.models import TenantRecord
from kompas.core.principal import Principal

RecordT = TypeVar("RecordT", bound=TenantRecord)


def scoped(model: type[RecordT], principal: Principal) -> SelectOfScalar[RecordT]:
    """SELECT of ``model`` limited to the caller's organisation."""
    return select(model).where(model.organisation_id == principal.organisation_id)


def get_owned(
    session: Session, model: type[RecordT], record_id: uuid.UUID, principal: Principal, label: str
) -> RecordT:
    """The record with this id in the caller's organisation; 404 otherwise, whoever owns it."""
    record = session.exec(scoped(model, principal).where(model.id == record_id)).first()
    if record is None:
        raise NotFound(f"There is no {label} with id {record_id}.")
    return record


def apply_changes(record: TenantRecord, changes: dict[str, Any]) -> None:
    """Set the given attributes; the version column and updated_at move on flush."""
    for name, value in changes.items():
        setattr(record, name, value)
