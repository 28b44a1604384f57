"""Graceful shutdown: SIGTERM to a real `kompas serve` while a request is being handled; the
request completes (and is stored), new connections are refused, and the process ends cleanly."""

from __future__ import annotations

import json
import signal
import socket
from pathlib import Path

import httpx
from sqlmodel import Session, select

from kompas.core.db import make_engine
from kompas.core.migrate import upgrade
from kompas.parties.models import Party
from tests.faults.conftest import KompasProcess, make_admin


def read_until(connection: socket.socket, marker: bytes) -> bytes:
    received = b""
    while marker not in received:
        chunk = connection.recv(65536)
        if not chunk:
            break
        received += chunk
    return received


def test_a_request_in_flight_when_kompas_is_told_to_stop_still_completes(tmp_path: Path, settings):
    url = f"sqlite:///{tmp_path / 'kompas.db'}"
    engine = make_engine(url)
    upgrade(engine)
    admin = make_admin(engine, settings)
    server = KompasProcess(url, tmp_path / "serve.log")
    try:
        server.wait_until_live()
        body = json.dumps({"name": "Afdeling tijdens het stoppen"}).encode()
        head = (
            "POST /api/v1/departments HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{server.port}\r\n"
            f"Authorization: {admin.headers['Authorization']}\r\n"
            "Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n"
            "Expect: 100-continue\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
            connection.sendall(head)
            # "100 Continue" comes when the app asks for the body: the request is being handled.
            assert read_until(connection, b"\r\n\r\n").startswith(b"HTTP/1.1 100")
            server.terminate()
            # Told to stop, the server takes no new connections (polled, with a deadline).
            refused = False
            for _ in range(200):
                try:
                    httpx.get(f"{server.url}/api/v1/health/live", timeout=0.5)
                except httpx.TransportError:
                    refused = True
                    break
            assert refused, "the stopping server still accepted new connections"
            assert server.process.poll() is None, "it must wait for the request in flight"
            connection.sendall(body)
            answer = read_until(connection, b"}")
        status_line = answer.split(b"\r\n", 1)[0]
        assert status_line == b"HTTP/1.1 201 Created", answer
        # uvicorn ends by raising the signal again once it shut down (exit code -SIGTERM).
        assert server.process.wait(timeout=30) in (0, -signal.SIGTERM)
        assert "Finished server process" in server.log.read_text()
    finally:
        server.close()
    with Session(engine) as session:
        assert session.exec(
            select(Party.name).where(Party.name == "Afdeling tijdens het stoppen")
        ).all() == ["Afdeling tijdens het stoppen"]
    engine.dispose()
