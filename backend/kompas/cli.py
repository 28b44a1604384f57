"""The `kompas` command: serve, migrate, seed-demo, create-admin, openapi, permissions."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path

from pydantic import ValidationError
from sqlmodel import Session

from kompas.core.config import Settings, get_settings
from kompas.core.db import engine_from_settings


def _settings() -> Settings:
    from kompas.core.security import configure_password_hashing

    try:
        settings = get_settings()
        configure_password_hashing(settings)
        return settings
    except ValidationError as exc:
        messages = "; ".join(str(error["msg"]) for error in exc.errors())
        sys.exit(f"kompas: configuration error: {messages}")


def cmd_migrate(_args: argparse.Namespace) -> None:
    from kompas.core.migrate import upgrade

    settings = _settings()
    upgrade(engine_from_settings(settings))
    print("kompas: database is up to date")


def cmd_seed_demo(_args: argparse.Namespace) -> None:
    from kompas.demo.seed import DEMO_LOGINS, DEMO_ORGANISATION, DEMO_PASSWORD, seed_demo

    settings = _settings()
    if settings.is_production:
        sys.exit("kompas: refusing to load demo users in production (KOMPAS_ENV=production)")
    with Session(engine_from_settings(settings)) as session:
        _, created = seed_demo(session)
        session.commit()
    state = "loaded" if created else "already present"
    print(f"kompas: demo organisation '{DEMO_ORGANISATION}' {state}")
    print(f"kompas: demo logins (password for all: {DEMO_PASSWORD}):")
    for login in DEMO_LOGINS:
        print(f"    {login.role.value:<12} {login.email}")


def cmd_create_admin(args: argparse.Namespace) -> None:
    from kompas.core.principal import Role
    from kompas.core.security import hash_password
    from kompas.organisations import service as organisation_service
    from kompas.users import service as user_service
    from kompas.users.models import User
    from kompas.users.schemas import MIN_PASSWORD_LENGTH

    settings = _settings()
    password = os.environ.get("KOMPAS_ADMIN_PASSWORD") or getpass.getpass("Password: ")
    if len(password) < MIN_PASSWORD_LENGTH:
        sys.exit(f"kompas: the password needs at least {MIN_PASSWORD_LENGTH} characters")
    email = args.email.strip().lower()
    with Session(engine_from_settings(settings)) as session:
        if user_service.get_by_email(session=session, email=email) is not None:
            sys.exit(f"kompas: a user with e-mail {email} already exists")
        organisation = organisation_service.get_by_name(session=session, name=args.organisation)
        if organisation is None:
            organisation = organisation_service.create(session=session, name=args.organisation)
            print(f"kompas: created organisation '{organisation.name}'")
        session.add(
            User(
                organisation_id=organisation.id,
                email=email,
                name=args.name or email.split("@")[0],
                role=Role.admin,
                password_hash=hash_password(password),
            )
        )
        session.commit()
    print(f"kompas: admin {email} created in '{args.organisation}'")


PERMISSIONS_START = "<!-- the output of `kompas permissions` -->\n"
PERMISSIONS_END = "<!-- end of the output of `kompas permissions` -->"


def cmd_permissions(args: argparse.Namespace) -> None:
    import kompas.main  # noqa: F401 - every domain registers its property tables
    from kompas.core.properties import markdown

    if not args.update:
        sys.stdout.write(markdown())
        return
    path = Path(args.update)
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition(PERMISSIONS_START)
    _, _, tail = rest.partition(PERMISSIONS_END)
    path.write_text(
        head + PERMISSIONS_START + markdown() + PERMISSIONS_END + tail, encoding="utf-8"
    )
    print(f"kompas: updated the property tables in {path}")


def cmd_openapi(args: argparse.Namespace) -> None:
    from kompas.main import create_api_for_spec

    document = json.dumps(create_api_for_spec().openapi(), indent=2, ensure_ascii=False) + "\n"
    if args.output == "-":
        sys.stdout.write(document)
        return
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(document)
    print(f"kompas: wrote {args.output}")


def cmd_export(args: argparse.Namespace) -> None:
    from kompas.organisations import service as organisation_service
    from kompas.transfer import service as transfer

    settings = _settings()
    engine = engine_from_settings(settings)
    with Session(engine) as session:
        organisation = organisation_service.get_by_name(session=session, name=args.organisation)
    if organisation is None:
        sys.exit(f"kompas: there is no organisation '{args.organisation}'")
    output = Path(args.output)
    partial = output.with_name(output.name + ".partial")
    with partial.open("wb") as stream:
        manifest = transfer.export_organisation(engine, organisation.id, stream)
    partial.replace(output)  # a crash midway never leaves a file that looks complete
    total = sum(kind["count"] for kind in manifest["kinds"])
    print(
        f"kompas: exported '{organisation.name}' to {output}: {total} records in "
        f"{len(manifest['kinds'])} kinds, {output.stat().st_size} bytes"
    )


def cmd_import(args: argparse.Namespace) -> None:
    from kompas.transfer import service as transfer

    settings = _settings()
    try:
        plan = transfer.import_organisation(
            engine_from_settings(settings), args.file, dry_run=args.dry_run
        )
    except transfer.ImportRefused as exc:
        sys.exit(f"kompas: import refused, nothing changed: {exc}")
    verb = "would import" if args.dry_run else "imported"
    print(
        f"kompas: {verb} '{plan.organisation_name}' ({plan.organisation_id}), format version "
        f"{plan.format_version}, exported at {plan.exported_at}:"
    )
    for entry in plan.kinds:
        print(f"    {entry.kind:<28} {entry.count:>9}")
    print(f"    {'total':<28} {plan.total:>9}")
    if args.dry_run:
        print("kompas: dry run, nothing changed")


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    if args.workers < 1:
        sys.exit("kompas: --workers needs at least 1")
    settings = _settings()
    cmd_migrate(args)
    settings.signing_key  # noqa: B018 - made once here, before several workers would race for it
    print(f"kompas: serving on http://{args.host}:{args.port} (API docs: /api/v1/docs)", flush=True)
    if settings.webhook_worker:  # KOMPAS_WEBHOOK_WORKER=false: run `kompas worker` apart
        import kompas.models  # noqa: F401 - every table
        from kompas.webhooks.worker import start_in_thread

        # In this process only: with --workers N uvicorn spawns the N API processes afresh (they
        # import the app by the factory string below and inherit no thread), and this process
        # stays as their supervisor, so one worker sends for all of them. Other machines' serve
        # processes may run theirs too: a claim is FOR UPDATE SKIP LOCKED, never sent twice.
        start_in_thread(engine_from_settings(settings), settings)
    uvicorn.run(
        "kompas.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
        server_header=False,
        log_level="info",
        # On SIGTERM, requests in flight get this long to finish; then they are cancelled and
        # the process exits, so a stop never hangs on a slow client or a kept-open connection.
        timeout_graceful_shutdown=settings.shutdown_grace_seconds,
    )


def cmd_worker(args: argparse.Namespace) -> None:
    import signal
    import threading

    import kompas.models  # noqa: F401 - every table
    from kompas.webhooks.worker import Worker

    settings = _settings()
    stop = threading.Event()
    for name in (signal.SIGTERM, signal.SIGINT):
        # finish the delivery in hand, give back the other claims, then stop
        signal.signal(name, lambda *_: stop.set())
    worker = Worker(
        engine_from_settings(settings),
        settings,
        batch_size=args.batch_size,
        lease_seconds=args.lease_seconds,
        concurrency=args.concurrency,
    )
    print("kompas: webhook worker running", flush=True)
    try:
        worker.run(stop, idle_seconds=args.idle_seconds)
    finally:
        worker.close()
    print("kompas: webhook worker stopped", flush=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kompas", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="apply migrations, then serve the API and web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="API processes (uvicorn's workers); the webhook worker runs once, in the supervisor",
    )
    serve.set_defaults(func=cmd_serve)

    worker = commands.add_parser("worker", help="send the webhook deliveries (and nothing else)")
    worker.add_argument("--batch-size", type=int, default=50)
    worker.add_argument(
        "--lease-seconds", type=float, default=None, help="how long a claim holds (default: batch)"
    )
    worker.add_argument("--idle-seconds", type=float, default=1.0, help="wait when nothing is due")
    worker.add_argument("--concurrency", type=int, default=4, help="requests in flight at once")
    worker.set_defaults(func=cmd_worker)

    commands.add_parser("migrate", help="apply the database migrations").set_defaults(
        func=cmd_migrate
    )
    commands.add_parser("seed-demo", help="load the demo organisation once").set_defaults(
        func=cmd_seed_demo
    )

    admin = commands.add_parser(
        "create-admin", help="create an admin (password from KOMPAS_ADMIN_PASSWORD or a prompt)"
    )
    admin.add_argument("--organisation", required=True)
    admin.add_argument("--email", required=True)
    admin.add_argument("--name")
    admin.set_defaults(func=cmd_create_admin)

    spec = commands.add_parser("openapi", help="write the OpenAPI document")
    spec.add_argument("--output", default="openapi/openapi.json", help="a path, or - for stdout")
    spec.set_defaults(func=cmd_openapi)
    export = commands.add_parser("export", help="write a whole organisation to a ZIP file")
    export.add_argument("--organisation", required=True, help="the organisation's name")
    export.add_argument("--output", required=True, help="the ZIP file to write")
    export.set_defaults(func=cmd_export)
    restore = commands.add_parser(
        "import", help="restore an organisation from an export into this database"
    )
    restore.add_argument("file", help="a ZIP written by `kompas export` or GET /export")
    restore.add_argument(
        "--dry-run", action="store_true", help="check the file and say what would be imported"
    )
    restore.set_defaults(func=cmd_import)
    permissions = commands.add_parser(
        "permissions", help="print who may change which property (for docs/permissions.md)"
    )
    permissions.add_argument("--update", metavar="PATH", help="rewrite the tables in this file")
    permissions.set_defaults(func=cmd_permissions)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
