"""docker/compose.yaml and docker/nginx.conf, checked without a Docker engine (none runs here).

The compose file is read with PyYAML (merge keys included, as compose reads them) and validated
against the Compose Specification's own JSON schema (`compose-spec.json`, copied from
github.com/compose-spec/compose-spec at 170098ba07d9, Apache-2.0; checked with jsonschema_rs,
which schemathesis already installs); nginx's configuration is read with crossplane, nginx's own
parser in Python, which knows every directive, its arguments and the blocks it may appear in.
What they cannot show (that the images start, that the replica streams) is left to a real
`docker compose up`; docker/README.md says how.

Each check returns the problems it finds, so the last tests can prove each check fails on a
broken copy.
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import crossplane
import jsonschema_rs
import pytest
import yaml

from kompas.core.config import Settings

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
COMPOSE = DOCKER / "compose.yaml"
NGINX = DOCKER / "nginx.conf"
SPEC = ROOT / "openapi" / "openapi.json"
COMPOSE_SCHEMA = Path(__file__).with_name("compose-spec.json")
API_BASE = "/api/v1"
API_REPLICAS = ("api-1", "api-2", "api-3")
# Environment names the Kompas image reads that are not Kompas settings.
OTHER_KOMPAS_ENV = {"FORWARDED_ALLOW_IPS"}  # uvicorn: whose X-Forwarded-* headers to trust
# Services without a health check, and why: compose waits for `migrate` to exit 0; the worker has
# no port, and compose restarts it when its process ends.
NO_HEALTHCHECK = {"migrate", "worker"}
DEPENDS_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}


def load_compose(path: Path = COMPOSE) -> dict[str, Any]:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found = compose["services"]
    assert isinstance(found, dict)
    return found


def is_kompas(service: dict[str, Any]) -> bool:
    build = service.get("build") or {}
    return isinstance(build, dict) and build.get("dockerfile") == "docker/Dockerfile"


def command_of(service: dict[str, Any]) -> list[str]:
    command = service.get("command") or []
    return command.split() if isinstance(command, str) else [str(part) for part in command]


def option(command: list[str], name: str) -> str | None:
    return command[command.index(name) + 1] if name in command else None


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # the other form compose accepts: ["NAME=value", ...]
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(name): str(value) for name, value in env.items()}


def url_host(url: str) -> str:
    # ${VAR:-default} inside the password would confuse a URL parser; the host comes after '@'.
    return urlsplit(re.sub(r"\$\{[^}]*\}", "x", url)).hostname or ""


def healthcheck_url(service: dict[str, Any]) -> str | None:
    test = (service.get("healthcheck") or {}).get("test") or []
    text = " ".join(test) if isinstance(test, list) else str(test)
    found = re.search(r"https?://[^\s'\"]+", text)
    return found.group(0) if found else None


# --- the checks ---------------------------------------------------------------------------------


def check_schema(compose: dict[str, Any]) -> list[str]:
    """The file is a Compose file: no unknown key, every value of the type compose expects."""
    import json

    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema_rs.Draft7Validator(schema)
    return [
        f"{'/'.join(map(str, error.instance_path))}: {error.message}"
        for error in validator.iter_errors(compose)
    ]


def check_images(compose: dict[str, Any]) -> list[str]:
    """Every service has an image or a build whose Dockerfile exists."""
    problems = []
    for name, service in services(compose).items():
        build = service.get("build")
        if not service.get("image") and not build:
            problems.append(f"{name}: neither image nor build")
        if isinstance(build, dict):
            context = (COMPOSE.parent / build.get("context", ".")).resolve()
            dockerfile = context / build.get("dockerfile", "Dockerfile")
            if not dockerfile.is_file():
                problems.append(f"{name}: no Dockerfile at {dockerfile}")
        image = str(service.get("image") or "")
        if image and not build and (":" not in image or image.endswith(":latest")):
            problems.append(f"{name}: image {image!r} has no pinned tag")
    return problems


def check_healthchecks(compose: dict[str, Any]) -> list[str]:
    """Every long-running service says when it is healthy; only the listed ones opt out."""
    problems = []
    for name, service in services(compose).items():
        check = service.get("healthcheck") or {}
        if check.get("disable"):
            if name not in NO_HEALTHCHECK:
                problems.append(f"{name}: health check disabled")
        elif not check.get("test"):
            problems.append(f"{name}: no health check")
    return problems


def check_depends_on(compose: dict[str, Any]) -> list[str]:
    """depends_on names real services, with a condition compose knows, and waits where it must."""
    problems = []
    all_services = services(compose)
    for name, service in all_services.items():
        depends = service.get("depends_on") or {}
        if isinstance(depends, list):
            depends = {target: {"condition": "service_started"} for target in depends}
        for target, how in depends.items():
            if target not in all_services:
                problems.append(f"{name}: depends on unknown service {target!r}")
                continue
            condition = how.get("condition", "service_started")
            if condition not in DEPENDS_CONDITIONS:
                problems.append(f"{name}: unknown condition {condition!r} on {target}")
            if condition == "service_healthy" and (
                all_services[target].get("healthcheck") or {}
            ).get("disable"):
                problems.append(f"{name}: waits for {target} to be healthy, which has no check")
            if condition == "service_completed_successfully" and all_services[target].get(
                "restart", "no"
            ) not in ("no", "on-failure"):
                problems.append(f"{name}: waits for {target} to complete, which restarts always")
    for name, service in all_services.items():
        if is_kompas(service) and name != "migrate":
            condition = (service.get("depends_on") or {}).get("migrate", {}).get("condition")
            if condition != "service_completed_successfully":
                problems.append(f"{name}: starts before the migrations have run")
    return problems


def check_kompas_environment(compose: dict[str, Any]) -> list[str]:
    """Each variable a Kompas container gets is a real setting, and points at the right service."""
    fields = set(Settings.model_fields)
    all_services = services(compose)
    problems = []
    for name, service in all_services.items():
        if not is_kompas(service):
            continue
        env = environment(service)
        for variable in env:
            if variable.startswith("KOMPAS_"):
                if variable.removeprefix("KOMPAS_").lower() not in fields:
                    problems.append(f"{name}: {variable} is not a Kompas setting")
            elif variable not in OTHER_KOMPAS_ENV:
                problems.append(f"{name}: {variable} is read by nothing in the image")
        for variable in ("KOMPAS_DATABASE_URL", "KOMPAS_DATABASE_REPLICA_URL", "KOMPAS_REDIS_URL"):
            host = url_host(env.get(variable, ""))
            if variable in env and host not in all_services:
                problems.append(f"{name}: {variable} names host {host!r}, not a service")
        if env.get("KOMPAS_ENV") != "production":
            problems.append(f"{name}: KOMPAS_ENV is not production")
    return problems


def interpolated(value: str) -> str:
    """A value as compose fills it in with none of the variables set: the default, or a stand-in
    for a required one."""

    def fill(match: re.Match[str]) -> str:
        _, operator, rest = match.groups()
        return rest if operator == ":-" else "required-" + "x" * 40

    return re.sub(r"\$\{(\w+)(:-|:\?)?([^}]*)\}", fill, value)


def check_settings_accept_the_values(compose: dict[str, Any]) -> list[str]:
    """Kompas starts with each container's environment: the settings validate every value."""
    problems = []
    for name, service in services(compose).items():
        if not is_kompas(service):
            continue
        values = {
            variable.removeprefix("KOMPAS_").lower(): interpolated(value)
            for variable, value in environment(service).items()
            if variable.startswith("KOMPAS_")
        }
        try:
            Settings(**values)
        except ValueError as error:  # pydantic's ValidationError is one
            problems.append(f"{name}: {error}")
    return problems


def check_topology(compose: dict[str, Any]) -> list[str]:
    """Three single-process API replicas behind PgBouncer, one worker, the replica, Redis."""
    all_services = services(compose)
    problems = []
    serving = sorted(
        name for name, s in all_services.items() if command_of(s)[:2] == ["kompas", "serve"]
    )
    if serving != sorted(API_REPLICAS):
        problems.append(f"API replicas are {serving}, not {list(API_REPLICAS)}")
    for name in serving:
        service = all_services[name]
        command = command_of(service)
        env = environment(service)
        if option(command, "--workers") != "1":
            problems.append(f"{name}: not one process (--workers {option(command, '--workers')})")
        if env.get("KOMPAS_WEBHOOK_WORKER", "").lower() != "false":
            problems.append(f"{name}: also sends webhooks; the worker service does that")
        if url_host(env.get("KOMPAS_DATABASE_URL", "")) != "pgbouncer":
            problems.append(f"{name}: does not reach the database through PgBouncer")
        if env.get("KOMPAS_DATABASE_POOLER") != "transaction":
            problems.append(f"{name}: KOMPAS_DATABASE_POOLER is not transaction")
        if url_host(env.get("KOMPAS_DATABASE_REPLICA_URL", "")) != "db-replica":
            problems.append(f"{name}: reads nothing from the replica")
        if url_host(env.get("KOMPAS_REDIS_URL", "")) != "redis":
            problems.append(f"{name}: rate limits are not shared through Redis")
        health = healthcheck_url(service) or ""
        if not health.endswith(f"{API_BASE}/health/ready"):
            problems.append(f"{name}: health check {health!r} is not /health/ready")
        if service.get("ports"):
            problems.append(f"{name}: published; only web is")
    workers = [n for n, s in all_services.items() if command_of(s)[:2] == ["kompas", "worker"]]
    if len(workers) != 1:
        problems.append(f"webhook workers: {workers}, expected one service")
    pgbouncer = environment(all_services.get("pgbouncer", {}))
    if pgbouncer.get("POOL_MODE") != "transaction":
        problems.append("pgbouncer: POOL_MODE is not transaction")
    primary = " ".join(command_of(all_services.get("db", {})))
    if "wal_level=replica" not in primary:
        problems.append("db: wal_level=replica is not set")
    replica = all_services.get("db-replica", {})
    entrypoint = replica.get("entrypoint") or []
    script = next((p for p in (replica.get("volumes") or []) if "replica-entrypoint" in p), "")
    if not entrypoint or not script:
        problems.append("db-replica: no entrypoint that copies the primary")
    for name, service in all_services.items():
        for volume in service.get("volumes") or []:
            source = str(volume).split(":", 1)[0]
            if source.startswith("."):
                path = (COMPOSE.parent / source).resolve()
                if not path.is_file():
                    problems.append(f"{name}: mounts {source}, which does not exist")
                elif path.suffix == ".sh" and not path.stat().st_mode & 0o111:
                    problems.append(f"{name}: {source} is not executable")
    published = [n for n, s in all_services.items() if s.get("ports")]
    if published != ["web"]:
        problems.append(f"published services: {published}, expected only web")
    web_health = healthcheck_url(all_services.get("web", {})) or ""
    if not web_health.endswith(f"{API_BASE}/health/live"):
        problems.append(f"web: health check {web_health!r} is not /health/live through nginx")
    return problems


def check_health_paths_exist(compose: dict[str, Any]) -> list[str]:
    """The paths the health checks ask for are operations of the published spec."""
    import json

    paths = set(json.loads(SPEC.read_text(encoding="utf-8"))["paths"])
    problems = []
    for name, service in services(compose).items():
        url = healthcheck_url(service)
        if url:
            path = urlsplit(url).path.removeprefix(API_BASE)
            if path not in paths:
                problems.append(f"{name}: health check asks for {path}, not in the spec")
    return problems


def parse_nginx(path: Path, tmp_path: Path) -> dict[str, Any]:
    """nginx.conf as the image installs it: a server block inside the main file's http block."""
    main = tmp_path / "nginx-main.conf"
    main.write_text(f"events {{}}\nhttp {{\n    include {path};\n}}\n", encoding="utf-8")
    parsed: dict[str, Any] = crossplane.parse(str(main), check_ctx=True, check_args=True)
    return parsed


def directives(block: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    """Every directive called ``name`` at any depth."""
    found = []
    for directive in block:
        if directive["directive"] == name:
            found.append(directive)
        found.extend(directives(directive.get("block") or [], name))
    return found


def all_directives(block: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        d for directive in block for d in [directive, *all_directives(directive.get("block") or [])]
    ]


def check_nginx(compose: dict[str, Any], path: Path, tmp_path: Path) -> list[str]:
    """nginx parses; its upstream is exactly the API replicas, on the port they listen on."""
    parsed = parse_nginx(path, tmp_path)
    problems = [f"nginx: {error['error']}" for error in parsed["errors"]]
    if parsed["status"] != "ok":
        return problems or ["nginx: does not parse"]
    ours = next(c["parsed"] for c in parsed["config"] if Path(c["file"]) == path)
    # crossplane passes over names it does not know (they may be a third-party module's); the
    # image has no such module, so an unknown name is a typo nginx would refuse to start on.
    problems += [
        f"nginx: unknown directive {d['directive']!r} on line {d['line']}"
        for d in all_directives(ours)
        if d["directive"] not in crossplane.analyzer.DIRECTIVES
    ]
    all_services = services(compose)
    upstreams = {u["args"][0]: u for u in directives(ours, "upstream")}
    targets = {d["args"][0] for d in directives(ours, "proxy_pass")}
    for target in targets:
        name = urlsplit(target).hostname or ""
        if name not in upstreams:
            problems.append(f"nginx: proxy_pass to {target}, not to an upstream")
    for name, upstream in upstreams.items():
        servers = [d["args"][0] for d in upstream["block"] if d["directive"] == "server"]
        hosts = sorted(server.split(":")[0] for server in servers)
        if hosts != sorted(API_REPLICAS):
            problems.append(f"nginx: upstream {name} has {hosts}, not the API replicas")
        for server in servers:
            host, _, port = server.partition(":")
            service = all_services.get(host)
            if service is None:
                problems.append(f"nginx: upstream server {host} is not a compose service")
            elif option(command_of(service), "--port") != (port or "80"):
                problems.append(f"nginx: {server}, but {host} listens on another port")
    listens = {d["args"][0] for d in directives(ours, "listen")}
    published = {str(p).rsplit(":", 1)[-1] for p in all_services["web"].get("ports") or []}
    if published != listens:
        problems.append(f"nginx listens on {listens}, web publishes {published}")
    return problems


# --- the tests ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return load_compose()


@pytest.mark.parametrize(
    "check",
    [
        check_schema,
        check_images,
        check_healthchecks,
        check_depends_on,
        check_kompas_environment,
        check_settings_accept_the_values,
        check_topology,
        check_health_paths_exist,
    ],
)
def test_compose_file(compose: dict[str, Any], check: Any) -> None:
    assert check(compose) == []


def test_nginx_config_parses_and_sends_the_api_to_the_replicas(
    compose: dict[str, Any], tmp_path: Path
) -> None:
    assert check_nginx(compose, NGINX, tmp_path) == []


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx (Debian's package) is not installed")
def test_nginx_itself_accepts_the_config(tmp_path: Path) -> None:
    """`nginx -t` on the config as the image runs it: the template filled in as its entrypoint
    does (no OIDC origin), inside a main file of our own. The replicas' names resolve only inside
    compose's network, so they become 127.0.0.1 here; the test above checks the names."""
    server = re.sub(r"api-[123]:8000", "127.0.0.1:8000", NGINX.read_text(encoding="utf-8"))
    (tmp_path / "default.conf").write_text(
        server.replace("${KOMPAS_OIDC_ORIGIN}", ""), encoding="utf-8"
    )
    temp = "\n".join(
        f"    {kind}_temp_path {tmp_path / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path / 'nginx.pid'};\nerror_log {tmp_path / 'error.log'};\nevents {{}}\n"
        f"http {{\n    access_log off;\n{temp}\n    include {tmp_path / 'default.conf'};\n}}\n",
        encoding="utf-8",
    )
    checked = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def test_every_variable_the_compose_file_reads_is_documented(compose: dict[str, Any]) -> None:
    readme = (DOCKER / "README.md").read_text(encoding="utf-8")
    variables = set(re.findall(r"\$\{(\w+)", COMPOSE.read_text(encoding="utf-8")))
    assert variables, "the compose file reads no variable"
    assert {v for v in variables if f"`{v}`" not in readme} == set()


# The checks themselves: each finds what it is there to find.


def test_the_checks_find_a_broken_compose_file(compose: dict[str, Any]) -> None:
    broken = copy.deepcopy(compose)
    api = broken["services"]["api-2"]
    api["environment"]["KOMPAS_DATABASE_POOL_MODE"] = "transaction"  # not a setting
    api["environment"]["KOMPAS_DATABASE_URL"] = "postgresql://kompas:x@db:5432/kompas"
    api["command"] = ["kompas", "serve", "--port", "8000", "--workers", "4"]
    api["depends_on"]["cache"] = {"condition": "service_healthy"}
    broken["services"]["worker"]["environment"]["KOMPAS_DATABASE_POOLER"] = "session"
    del api["depends_on"]["migrate"]
    broken["services"]["worker"]["healthcheck"] = {}
    broken["services"]["redis"]["healtcheck"] = {"test": ["CMD", "redis-cli", "ping"]}
    broken["services"]["web"]["healthcheck"]["test"][-1] = "http://127.0.0.1:8080/api/v1/healthz"
    assert any("KOMPAS_DATABASE_POOL_MODE" in p for p in check_kompas_environment(broken))
    assert any("depends on unknown service 'cache'" in p for p in check_depends_on(broken))
    assert any("api-2: starts before the migrations" in p for p in check_depends_on(broken))
    assert any("worker: no health check" in p for p in check_healthchecks(broken))
    assert any("services/redis" in p and "healtcheck" in p for p in check_schema(broken))
    assert any("worker:" in p for p in check_settings_accept_the_values(broken))
    topology = check_topology(broken)
    assert any("api-2: not one process" in p for p in topology)
    assert any("api-2: does not reach the database through PgBouncer" in p for p in topology)
    assert any("/healthz, not in the spec" in p for p in check_health_paths_exist(broken))


def test_the_nginx_check_finds_a_broken_config(compose: dict[str, Any], tmp_path: Path) -> None:
    text = NGINX.read_text(encoding="utf-8")
    typo = tmp_path / "typo.conf"
    typo.write_text(text.replace("proxy_read_timeout", "proxy_read_timout"), encoding="utf-8")
    assert any("unknown directive" in p for p in check_nginx(compose, typo, tmp_path))
    renamed = tmp_path / "renamed.conf"
    renamed.write_text(text.replace("api-3:8000", "api3:8000"), encoding="utf-8")
    assert any(
        "api3 is not a compose service" in p for p in check_nginx(compose, renamed, tmp_path)
    )
    direct = tmp_path / "direct.conf"
    direct.write_text(text.replace("http://kompas_api", "http://api-1:8000"), encoding="utf-8")
    assert any("not to an upstream" in p for p in check_nginx(compose, direct, tmp_path))
