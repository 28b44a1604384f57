"""The `kompas` command, run as a new process the way an operator runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kompas.demo.seed import DEMO_LOGINS, DEMO_PASSWORD


def kompas(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KOMPAS_") or k == "KOMPAS_TEST_DATABASE_URL"
    }
    environment.pop("KOMPAS_TEST_DATABASE_URL", None)
    environment.update(
        {
            "KOMPAS_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
            "KOMPAS_SECRET_KEY_FILE": str(tmp_path / "secret_key"),
            "KOMPAS_PASSWORD_HASH_TIME_COST": "1",
            "KOMPAS_PASSWORD_HASH_MEMORY_KIB": "8192",
        }
    )
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "kompas.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_migrate_then_seed_demo_loads_once_and_prints_the_logins(tmp_path):
    assert kompas("migrate", tmp_path=tmp_path).returncode == 0
    first = kompas("seed-demo", tmp_path=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "loaded" in first.stdout
    assert DEMO_PASSWORD in first.stdout
    for login in DEMO_LOGINS:
        assert login.email in first.stdout
    second = kompas("seed-demo", tmp_path=tmp_path)
    assert "already present" in second.stdout


@pytest.mark.parametrize("secret", ["", "changeme", "too-short-but-not-empty"])
def test_production_refuses_to_start_without_a_real_secret(tmp_path, secret):
    result = kompas("migrate", tmp_path=tmp_path, KOMPAS_ENV="production", KOMPAS_SECRET_KEY=secret)
    assert result.returncode != 0
    assert "KOMPAS_SECRET_KEY" in result.stderr + result.stdout


def test_production_never_seeds_demo_users(tmp_path):
    env = {"KOMPAS_ENV": "production", "KOMPAS_SECRET_KEY": "s" * 48}
    assert kompas("migrate", tmp_path=tmp_path, **env).returncode == 0
    result = kompas("seed-demo", tmp_path=tmp_path, **env)
    assert result.returncode != 0
    assert "production" in result.stderr


def test_create_admin_takes_the_password_from_the_environment_and_can_log_in(tmp_path):
    kompas("migrate", tmp_path=tmp_path)
    created = kompas(
        "create-admin",
        "--organisation",
        "Gemeente Elders",
        "--email",
        "Beheer@Elders.nl",
        tmp_path=tmp_path,
        KOMPAS_ADMIN_PASSWORD="een lang wachtwoord",
    )
    assert created.returncode == 0, created.stderr
    assert "created organisation 'Gemeente Elders'" in created.stdout
    again = kompas(
        "create-admin",
        "--organisation",
        "Gemeente Elders",
        "--email",
        "beheer@elders.nl",
        tmp_path=tmp_path,
        KOMPAS_ADMIN_PASSWORD="een lang wachtwoord",
    )
    assert again.returncode != 0
    assert "already exists" in again.stderr

    from sqlmodel import Session, select

    from kompas.core.db import make_engine
    from kompas.core.security import verify_password
    from kompas.users.models import User

    with Session(make_engine(f"sqlite:///{tmp_path / 'cli.db'}")) as session:
        user = session.exec(select(User).where(User.email == "beheer@elders.nl")).one()
    assert user.role == "admin"
    assert verify_password("een lang wachtwoord", user.password_hash)


def test_create_admin_refuses_a_short_password(tmp_path):
    kompas("migrate", tmp_path=tmp_path)
    result = kompas(
        "create-admin",
        "--organisation",
        "X",
        "--email",
        "a@x.nl",
        tmp_path=tmp_path,
        KOMPAS_ADMIN_PASSWORD="kort",
    )
    assert result.returncode != 0


def test_openapi_writes_the_committed_document(tmp_path):
    result = kompas("openapi", "--output", str(tmp_path / "spec.json"), tmp_path=tmp_path)
    assert result.returncode == 0
    committed = Path(__file__).resolve().parents[1] / "openapi" / "openapi.json"
    assert (tmp_path / "spec.json").read_text() == committed.read_text()


def test_serve_gives_uvicorn_the_shutdown_grace_from_the_environment(tmp_path, monkeypatch):
    """In-process, with uvicorn's server replaced: what `kompas serve` configures, not a stop."""
    import uvicorn

    from kompas import cli
    from kompas.core import migrate
    from kompas.core.config import get_settings

    for name in [k for k in os.environ if k.startswith("KOMPAS_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("KOMPAS_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("KOMPAS_SECRET_KEY", "s" * 48)
    monkeypatch.setenv("KOMPAS_WEBHOOK_WORKER", "false")
    # the suite's argon2id cost: the command sets it for the whole process
    monkeypatch.setenv("KOMPAS_PASSWORD_HASH_TIME_COST", "1")
    monkeypatch.setenv("KOMPAS_PASSWORD_HASH_MEMORY_KIB", "8192")
    monkeypatch.setattr(migrate, "upgrade", lambda _engine: None)
    configs: list[uvicorn.Config] = []

    def run(server: uvicorn.Server, **_: object) -> None:
        configs.append(server.config)
        server.started = True  # as if it had served, and stopped

    monkeypatch.setattr(uvicorn.Server, "run", run)
    try:
        for grace in ("3", None):  # set, then the default
            if grace:
                monkeypatch.setenv("KOMPAS_SHUTDOWN_GRACE_SECONDS", grace)
            else:
                monkeypatch.delenv("KOMPAS_SHUTDOWN_GRACE_SECONDS")
            get_settings.cache_clear()
            cli.main(["serve", "--port", "0"])
    finally:
        get_settings.cache_clear()  # no other test reads these settings
    assert [config.timeout_graceful_shutdown for config in configs] == [3, 10]
    assert configs[0].server_header is False
