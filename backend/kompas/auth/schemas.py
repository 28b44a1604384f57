"""API models of login. Field names follow OAuth 2.0 (RFC 6749), not camelCase."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth 2.0 token type
    expires_in: int = Field(description="Seconds until the access token expires.")
