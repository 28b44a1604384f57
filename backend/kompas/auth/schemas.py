"""API models of login. Field names follow OAuth 2.0 (RFC 6749), not camelCase."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from kompas.core.schemas import ApiModel, InputModel

REFRESH_TOKEN_PATTERN = r"^kompas_rt_[A-Za-z0-9_-]{1,100}$"  # noqa: S105 - a name, not a secret


class TokenResponse(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 - the OAuth 2.0 token type
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str = Field(
        description="Exchange it at this endpoint (grant_type=refresh_token) for new tokens. "
        "Each can be used once; using one twice ends the whole session."
    )
    refresh_expires_in: int = Field(description="Seconds until the refresh token expires.")


class TokenRequest(BaseModel):
    """The OAuth 2.0 password or refresh-token grant, as ``application/x-www-form-urlencoded``."""

    model_config = ConfigDict(extra="forbid")

    grant_type: Literal["password", "refresh_token"] = "password"
    # Required for the password grant: an empty one answers 400 (the form reads it as missing).
    username: str | None = Field(
        default=None, min_length=1, max_length=254, description="Your e-mail address."
    )
    password: str | None = Field(default=None, min_length=1, max_length=256)
    refresh_token: str | None = Field(default=None, max_length=200, pattern=REFRESH_TOKEN_PATTERN)
    scope: str = Field(default="", max_length=1000, description="Not used; accepted for OAuth 2.0.")


class LogoutRequest(InputModel):
    refresh_token: str | None = Field(
        default=None,
        max_length=200,
        pattern=REFRESH_TOKEN_PATTERN,
        description="The refresh token of this session (or of another of yours, which then "
        "ends too); without it, every session of yours ends.",
    )


class OidcLoginConfig(ApiModel):
    issuer: str = Field(
        description="The provider's issuer; its discovery document is at "
        "`{issuer}/.well-known/openid-configuration`."
    )
    client_id: str = Field(description="The public client the web app logs in as (PKCE, S256).")
    scopes: str = Field(description="The scopes to ask for, separated by spaces.")


class AuthConfig(ApiModel):
    """How people can log in: always with a password, and through the provider when configured."""

    password: Literal[True] = Field(
        default=True, description="Login with e-mail and password at `/auth/token`."
    )
    oidc: OidcLoginConfig | None = Field(
        description="Login through the municipality's identity provider (OpenID Connect "
        "authorization code flow with PKCE); null when it is not configured."
    )
