"""Webhook tests: the app with 127.0.0.1 allowed as a webhook host, a real receiver on a local
port that records what arrives and answers as a test scripts it, and the worker driven by hand."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from kompas.core.config import Settings
from kompas.main import create_app
from kompas.webhooks.worker import Worker
from tests.conftest import API, Actor, LiveServer


@pytest.fixture(scope="session")
def webhook_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"webhook_allowed_hosts": ["127.0.0.1"]})


@pytest.fixture(scope="session")
def webhook_server(webhook_settings: Settings, engine: Engine) -> Iterator[LiveServer]:
    with LiveServer(create_app(webhook_settings, engine)) as live:
        yield live


@pytest.fixture
def http(webhook_server: LiveServer) -> Iterator[httpx.Client]:
    """The API of the app that allows 127.0.0.1 as a webhook host."""
    with httpx.Client(base_url=webhook_server.url + API, timeout=30) as client:
        yield client


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Answer:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b"ok"
    delay: float = 0.0


class Receiver:
    """An HTTP server on 127.0.0.1 that records every request; ``script`` answers in order
    (then ``default``)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.script: list[Answer] = []
        self.default = Answer()
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver.lock:
                    answer = receiver.script.pop(0) if receiver.script else receiver.default
                if answer.delay:
                    time.sleep(answer.delay)  # a slow receiver, not a wait in a test
                with receiver.lock:
                    receiver.received.append(
                        Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("content-length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def events(self) -> list[dict[str, Any]]:
        with self.lock:
            return [r.json() for r in self.received]

    def wait_for(self, count: int, seconds: float = 30) -> list[Received]:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        raise AssertionError(f"{len(self.received)} of {count} requests arrived")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiving = Receiver()
    receiving.thread.start()
    yield receiving
    receiving.server.shutdown()
    receiving.server.server_close()


@pytest.fixture
def worker(engine: Engine, webhook_settings: Settings) -> Iterator[Worker]:
    running = Worker(engine, webhook_settings, batch_size=50, timeout=2.0)
    yield running
    running.close()


@pytest.fixture
def subscribe(http: httpx.Client) -> Callable[..., dict[str, Any]]:
    def make(actor: Actor, url: str, *event_types: str, **fields: Any) -> dict[str, Any]:
        response = http.post(
            "/webhook-subscriptions",
            json={"url": url, "eventTypes": list(event_types), **fields},
            headers=actor.headers,
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    return make
