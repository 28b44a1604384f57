"""Settings from the environment (prefix ``KOMPAS_``), validated once at start-up."""

from __future__ import annotations

import re
import secrets
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Values that must never sign a production token: the empty string and anything a person might
# copy from documentation.
_KNOWN_WEAK_SECRETS = {"", "changeme", "change-me", "secret", "kompas", "development"}
MIN_SECRET_LENGTH = 32
# An origin as a browser writes it: http(s), a host name, IPv4 or [IPv6] address, an optional port.
_ORIGIN = re.compile(
    r"https?://([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])"
    r"(:(?P<port>[0-9]{1,5}))?/?",
    re.IGNORECASE,
)


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
    refresh_token_hours: int = Field(default=12, ge=1, le=24 * 90)
    jwt_issuer: str = "kompas"
    jwt_audience: str = "kompas-api"
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Rows (records after the header) one role-map CSV import may hold; more answers 400.
    csv_import_max_rows: int = Field(default=5_000, ge=1, le=1_000_000)
    # Tasks one role map may hold: bounds every read of a whole map (matrix, analysis, CSV).
    role_map_max_tasks: int = Field(default=10_000, ge=1, le=1_000_000)
    # argon2id cost (RFC 9106's second recommended option by default): ~0.5 s on a 2-core VM.
    password_hash_time_cost: int = Field(default=3, ge=1, le=20)
    password_hash_memory_kib: int = Field(default=65_536, ge=8_192, le=4_194_304)
    web_dir: Path = Path("frontend/dist")
    # An open agenda item or question whose ball has not moved and that has not changed for this
    # many days is "stalled".
    stalled_after_days: int = Field(default=21, ge=1, le=365)
    # The interactive API docs at /api/v1/docs; the spec itself stays public regardless.
    api_docs: bool = True
    # The municipality's identity provider (OIDC); off while oidc_issuer is empty.
    oidc_issuer: str = ""
    oidc_audience: str = ""
    # Where the provider's signing keys (a JWKS) are read from: one of a URL or a file.
    oidc_jwks_url: str = ""
    oidc_jwks_file: Path | None = None
    oidc_jwks_cache_seconds: int = Field(default=3600, ge=60, le=7 * 24 * 3600)
    oidc_email_claim: str = Field(default="email", min_length=1)
    oidc_name_claim: str = Field(default="name", min_length=1)
    # The organisation (by name) that every user of the provider belongs to.
    oidc_organisation: str = ""
    oidc_create_users: bool = False
    # Partners need a party and admins are made by an admin, so neither is given on first login.
    oidc_default_role: Literal["coordinator", "member", "viewer"] = "viewer"
    # Login in the web app (authorization code flow with PKCE): the client id registered for
    # Kompas at the provider (oidc_audience when empty) and the scopes the web app asks for.
    oidc_client_id: str = ""
    oidc_scopes: str = Field(default="openid email profile", pattern=r"(^|\s)openid(\s|$)")
    # The address people and feed readers reach Kompas by (scheme, host, optional port and path):
    # the feeds' links to themselves and to the web app's pages start with it.
    public_url: str = Field(
        default="http://127.0.0.1:8000", pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$"
    )
    # The intranet origins (scheme://host[:port], comma-separated) whose pages may embed the
    # widget of published experiences and successes in an iframe; empty: no page may frame it.
    widget_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # Abuse limits (docs/rate-limits.md); 0 turns a limit off. Requests per minute:
    rate_limit_per_minute: int = Field(default=600, ge=0)
    # Counts every request from one client address, so set it above what the users behind one
    # proxy or NAT address send together.
    rate_limit_per_address_per_minute: int = Field(default=2400, ge=0)
    # Failed logins per e-mail address and per client address within the window.
    login_failures_per_account: int = Field(default=5, ge=0)
    login_failures_per_address: int = Field(default=20, ge=0)
    login_failure_window_minutes: int = Field(default=15, ge=1, le=24 * 60)
    # Where the counters live: Redis when set (redis://host:6379/0), otherwise the database.
    redis_url: str = ""
    redis_key_prefix: str = "kompas:"
    # Beyond one machine (docs/operations.md): "transaction" when KOMPAS_DATABASE_URL points at a
    # pooler in transaction mode (PgBouncer), which cannot keep server-side prepared statements.
    database_pooler: Literal["none", "transaction"] = "none"
    # A streaming replica (PostgreSQL) for heavy reads; a caller's own recent writes are still
    # read from the primary until the replica has replayed them. Empty: everything on the primary.
    database_replica_url: str = ""
    # How long a caller's last write position is remembered, and how long a replica that failed
    # to answer is left alone before it is tried again.
    database_replica_read_your_writes_seconds: int = Field(default=60, ge=1, le=3600)
    database_replica_retry_seconds: int = Field(default=5, ge=1, le=600)
    # Kept pages (decision 0021): megabytes of answers each API process keeps per caller and data
    # version, to answer the same read again without its statements; 0 keeps none. Off while a
    # read replica is set.
    kept_pages_mb: int = Field(default=64, ge=0, le=4096)
    # Reflection rounds: the fewest answers a group (all, or one party) needs before its figures
    # are shown; open answers need twice as many. Below 3 a result could point at a person, so
    # start-up refuses it (docs/reflection-anonymity.md).
    reflection_min_group: int = Field(default=5, ge=3, le=1000)
    # Webhooks (docs/webhooks.md): `kompas serve` runs the delivery worker in a thread unless off;
    # seconds to wait after each failed attempt (comma-separated), then the delivery has failed.
    webhook_worker: bool = True
    webhook_retry_schedule: Annotated[list[int], NoDecode] = Field(
        default_factory=lambda: [5, 300, 1800, 7200, 18000, 36000, 36000]
    )
    # Hosts (names or IP addresses, comma-separated) a webhook may reach although they are or
    # resolve to loopback, private, link-local or reserved addresses; empty in production.
    webhook_allowed_hosts: Annotated[list[str], NoDecode] = Field(default_factory=list)
    # A subscription whose deliveries keep failing this many days is disabled.
    webhook_disable_after_days: int = Field(default=5, ge=1, le=90)
    # Outbox events whose deliveries are all delivered or failed are deleted this many days after
    # they occurred, with their deliveries and attempts, by the worker; 0 keeps them forever.
    webhook_retention_days: int = Field(default=30, ge=0, le=3650)
    # `kompas serve` on SIGTERM: seconds to wait for open connections and requests in flight
    # before closing them (uvicorn's timeout_graceful_shutdown); then it exits regardless.
    shutdown_grace_seconds: int = Field(default=10, ge=1, le=3600)
    # The load harness's ceiling endpoint (bench/load.py, core/benchmode.py); never in production.
    bench_mode: bool = False

    @field_validator("cors_origins", "widget_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("webhook_retry_schedule", "webhook_allowed_hosts", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("webhook_retry_schedule")
    @classmethod
    def _positive_delays(cls, delays: list[int]) -> list[int]:
        if any(delay < 1 or delay > 7 * 24 * 3600 for delay in delays):
            raise ValueError("each webhook retry delay is between 1 second and 7 days")
        return delays

    @field_validator("widget_origins")
    @classmethod
    def _only_origins(cls, origins: list[str]) -> list[str]:
        # Each one goes into a Content-Security-Policy header and a postMessage target: an origin
        # and nothing else (no path, no wildcard, no `;` that would start another directive).
        normalised = []
        for origin in origins:
            found = _ORIGIN.fullmatch(origin)
            if not found or int(found.group("port") or 0) > 65535:
                raise ValueError(
                    f"{origin!r} is not an origin: write scheme://host or scheme://host:port "
                    "(http or https), without a path"
                )
            normalised.append(origin.rstrip("/").lower())
        return list(dict.fromkeys(normalised))

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

    @model_validator(mode="after")
    def _refuse_bench_mode_in_production(self) -> Settings:
        # A measuring instrument: an unauthenticated endpoint that spends memory on request.
        if self.env is Environment.production and self.bench_mode:
            raise ValueError("KOMPAS_BENCH_MODE must not be set in production")
        return self

    @model_validator(mode="after")
    def _require_complete_oidc(self) -> Settings:
        if not self.oidc_issuer:
            return self
        missing = [
            f"KOMPAS_{name.upper()}"
            for name in ("oidc_audience", "oidc_organisation")
            if not getattr(self, name)
        ]
        if missing:
            raise ValueError(f"KOMPAS_OIDC_ISSUER is set, so {' and '.join(missing)} must be too")
        if bool(self.oidc_jwks_url) == (self.oidc_jwks_file is not None):
            raise ValueError(
                "KOMPAS_OIDC_ISSUER is set, so exactly one of KOMPAS_OIDC_JWKS_URL and "
                "KOMPAS_OIDC_JWKS_FILE must be"
            )
        # Keys fetched over plain HTTP could be swapped on the way, and with them every login.
        if (
            self.is_production
            and self.oidc_jwks_url
            and not self.oidc_jwks_url.startswith("https://")
        ):
            raise ValueError("KOMPAS_OIDC_JWKS_URL must be an https:// URL in production")
        return self

    @model_validator(mode="after")
    def _replica_needs_postgresql(self) -> Settings:
        # Routing by WAL position (pg_last_wal_replay_lsn) is PostgreSQL's; SQLite has no replica.
        if self.database_replica_url and not all(
            url.startswith("postgresql") for url in (self.database_url, self.database_replica_url)
        ):
            raise ValueError(
                "KOMPAS_DATABASE_REPLICA_URL needs PostgreSQL: it and KOMPAS_DATABASE_URL must "
                "both be postgresql:// URLs"
            )
        return self

    @property
    def oidc_web_client_id(self) -> str:
        """The client id the web app logs in with: the ID tokens it gets carry it as `aud`."""
        return self.oidc_client_id or self.oidc_audience

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
