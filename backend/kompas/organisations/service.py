"""Creating an organisation (a municipality) with what every organisation starts with."""

from __future__ import annotations

from sqlmodel import Session, select

from kompas.compass import service as compass_service
from kompas.organisations.models import Organisation


def get_by_name(*, session: Session, name: str) -> Organisation | None:
    """The organisation with this name, if there is one."""
    return session.exec(select(Organisation).where(Organisation.name == name)).first()


def create(*, session: Session, name: str) -> Organisation:
    """A new organisation with an empty purpose and the default phases."""
    organisation = Organisation(name=name)
    session.add(organisation)
    session.flush()
    compass_service.create_defaults(session=session, organisation_id=organisation.id)
    return organisation
