"""Login through the municipality's own identity provider (OpenID Connect).

Placeholder until the OIDC verifier lands: with no issuer configured nothing reaches here.
"""

from __future__ import annotations

from sqlmodel import Session

from kompas.core.config import Settings
from kompas.core.errors import Unauthorized
from kompas.users.models import User


def authenticate(*, session: Session, settings: Settings, token: str) -> User | None:
    """The user behind an ID/access token of the configured identity provider."""
    raise Unauthorized("Login through the identity provider is not available yet.")
