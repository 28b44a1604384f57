"""API models of login. Field names follow OAuth 2.0 (RFC 6749), not camelCase."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth 2.0 token type
    expires_in: int = Field(description="Seconds until the access token expires.")


class TokenRequest(BaseModel):
    """The OAuth 2.0 password grant, sent as ``application/x-www-form-urlencoded``."""

    model_config = ConfigDict(extra="forbid")

    grant_type: Literal["password"] = "password"
    username: str = Field(max_length=254, description="Your e-mail address.")
    password: str = Field(max_length=256)
    scope: str = Field(default="", max_length=1000, description="Not used; accepted for OAuth 2.0.")
