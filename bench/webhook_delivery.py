"""How many events per second the webhook worker delivers to a receiver on this machine.

    .venv/bin/python bench/webhook_delivery.py                          # SQLite, temporary
    .venv/bin/python bench/webhook_delivery.py --postgres postgresql://postgres@127.0.0.1:5432/x
    .venv/bin/python bench/webhook_delivery.py --events 1000 --workers 2 --concurrency 1

Builds a database with the real migrations (dropping what is in it: use a database of its own),
an organisation with one subscription to a local receiver (an HTTP/1.1 server on 127.0.0.1 that
answers 204 at once), and writes ``--events`` agenda items through the service layer, in one
transaction each as the API would: the outbox event and its delivery are written with them. Then
``--workers`` workers (threads, each its own claims) send until nothing is due; the time from the
first claim to the last recorded attempt gives events per second: signing, one HTTP request and
one transaction recording the attempt per event. Asserts nothing; read the figures.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from sqlmodel import Session, func, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.conftest: the suite's own reset

from tests.conftest import reset_database  # noqa: E402

import kompas.main  # noqa: E402, F401 - every feature registers its kinds of events
from kompas.agenda.models import AgendaItem  # noqa: E402
from kompas.core.config import Environment, Settings  # noqa: E402
from kompas.core.db import make_engine  # noqa: E402
from kompas.core.migrate import upgrade  # noqa: E402
from kompas.organisations import service as organisation_service  # noqa: E402
from kompas.parties.models import Party, PartyKind  # noqa: E402
from kompas.webhooks import signing  # noqa: E402
from kompas.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookSubscription  # noqa: E402
from kompas.webhooks.worker import Worker  # noqa: E402


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver behind a proxy would
    count = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        Receiver.count += 1
        self.send_response(204)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


def run(url: str, events: int, batch_size: int, workers: int, concurrency: int) -> dict[str, Any]:
    engine = make_engine(url)
    reset_database(engine)
    upgrade(engine)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings = Settings(
        env=Environment.test,
        secret_key="bench-" + "k" * 40,
        webhook_allowed_hosts=["127.0.0.1"],
    )
    with Session(engine, expire_on_commit=False) as session:
        organisation = organisation_service.create(session=session, name="Gemeente Bench")
        lead = Party(organisation_id=organisation.id, kind=PartyKind.department, name="Werk")
        session.add(lead)
        session.add(
            WebhookSubscription(
                organisation_id=organisation.id,
                url=f"http://127.0.0.1:{server.server_address[1]}/hooks",
                event_types=["nl.kompas.agenda-item.created.v1"],
                secret=signing.new_secret(),
            )
        )
        session.commit()
    started = time.perf_counter()
    for n in range(events):
        with Session(engine) as session:
            session.add(
                AgendaItem(
                    organisation_id=organisation.id,
                    title=f"Punt {n}",
                    lead_party_id=lead.id,
                    ball_holder_id=lead.id,
                )
            )
            session.commit()
    written = time.perf_counter() - started

    def send(worker: Worker) -> None:
        while worker.run_once():
            pass

    running = [
        Worker(engine, settings, batch_size=batch_size, concurrency=concurrency)
        for _ in range(workers)
    ]
    threads = [threading.Thread(target=send, args=(worker,)) for worker in running]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent = time.perf_counter() - started
    with Session(engine) as session:
        delivered = session.exec(
            select(func.count()).where(WebhookDelivery.status == DeliveryStatus.delivered)
        ).one()
    for worker in running:
        worker.close()
    server.shutdown()
    engine.dispose()
    return {
        "database": engine.dialect.name,
        "events": events,
        "delivered": delivered,
        "received": Receiver.count,
        "workers": workers,
        "batch size": batch_size,
        "concurrency": concurrency,
        "write (changes with outbox) per s": round(events / written),
        "delivered per s": round(delivered / sent),
        "seconds sending": round(sent, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL (its tables are dropped!)")
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=4, help="requests in flight per worker")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kompas-bench-") as tmp:
        url = args.postgres or f"sqlite:///{Path(tmp) / 'kompas-bench.db'}"
        figures = run(url, args.events, args.batch_size, args.workers, args.concurrency)
    for name, value in figures.items():
        print(f"{name:>36}: {value}")


if __name__ == "__main__":
    main()
