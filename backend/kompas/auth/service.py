"""Logging in with a password."""

from __future__ import annotations

from sqlmodel import Session

from kompas.core.security import hash_password, password_needs_rehash, verify_password
from kompas.users import service as user_service
from kompas.users.models import User


def authenticate(*, session: Session, email: str, password: str) -> User | None:
    """The active user with this e-mail and password; the same work is done when there is none."""
    user = user_service.get_by_email(session=session, email=email)
    if not verify_password(password, user.password_hash if user else None):
        return None
    assert user is not None
    if not user.is_active:
        return None
    if user.password_hash and password_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        session.flush()
    return user
