"""Settings from the environment (prefix ``KOMPAS_``), validated once at start-up."""

from __future__ import annotations

import secrets
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Values that must never sign a production token: the empty string and anything a person might
# copy from documentation.
_KNOWN_WEAK_SECRETS = {"", "changeme", "change-me", "secret", "kompas", "development"}
MIN_SECRET_LENGTH = 32


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KOMPAS_", extra="ignore")

    env: Environment = Environment.development
    database_url: str = "sqlite:///var/kompas.db"
    secret_key: str = ""
    # Where a development secret is kept between restarts when KOMPAS_SECRET_KEY is not set.
    secret_key_file: Path = Path("var/secret_key")
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    jwt_issuer: str = "kompas"
    jwt_audience: str = "kompas-api"
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # argon2id cost (RFC 9106's second recommended option by default): ~0.5 s on a 2-core VM.
    password_hash_time_cost: int = Field(default=3, ge=1, le=20)
    password_hash_memory_kib: int = Field(default=65_536, ge=8_192, le=4_194_304)
    web_dir: Path = Path("frontend/dist")
    # The municipality's identity provider (OIDC); off while oidc_issuer is empty.
    oidc_issuer: str = ""
    public_url: str = "http://127.0.0.1:8000"

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @model_validator(mode="after")
    def _refuse_weak_secret_in_production(self) -> Settings:
        if self.env is Environment.production and (
            self.secret_key.lower() in _KNOWN_WEAK_SECRETS
            or len(self.secret_key) < MIN_SECRET_LENGTH
        ):
            raise ValueError(
                "KOMPAS_SECRET_KEY must be set to a random value of at least "
                f"{MIN_SECRET_LENGTH} characters in production"
            )
        return self

    @property
    def is_production(self) -> bool:
        return self.env is Environment.production

    @cached_property
    def signing_key(self) -> str:
        """The key that signs access tokens; in development one is made once and kept in var/."""
        if self.secret_key:
            return self.secret_key
        path = self.secret_key_file
        if path.exists():
            return path.read_text().strip()
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key


@lru_cache
def get_settings() -> Settings:
    return Settings()
