"""The load harness (bench/load.py): the ceiling endpoint, wrk's Lua script and its output.

The ceiling endpoint is what every Kompas figure is divided by, so it must really go through
the API's whole stack (the same headers as any other API answer) and answer exactly the bytes
asked for — and exist only in bench mode. The wrk run is real: Debian's wrk drives the app under
uvicorn over HTTP (CI installs wrk; a missing wrk fails here, it is not skipped).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from sqlalchemy import Engine

from kompas.core.config import Environment, Settings
from kompas.main import create_app
from tests.bench.scripts import bench_script
from tests.conftest import API, LiveServer, Tenant, assert_problem

ORIGIN = "https://intranet.voorbeeld.nl"  # allowed by the suite's settings
# Headers that differ per answer by nature (size, time), not by the stack that sent them.
PER_ANSWER = {"content-length", "date", "etag", "link", "location"}


def _load() -> ModuleType:
    return bench_script("load", "bench_load")


@pytest.fixture(scope="module")
def bench_server(settings: Settings, engine: Engine) -> Iterator[LiveServer]:
    """The app in bench mode, beside the suite's own (which is not)."""
    with LiveServer(create_app(settings.model_copy(update={"bench_mode": True}), engine)) as live:
        yield live


@pytest.fixture
def bench_http(bench_server: LiveServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=bench_server.url + API, timeout=30) as client:
        yield client


@pytest.mark.parametrize("size", [2, 7, 8, 9, 1024, 65_537])
def test_the_ceiling_answers_exactly_the_bytes_asked_for_as_json(
    bench_http: httpx.Client, size: int
) -> None:
    response = bench_http.get("/bench/ceiling", params={"bytes": size})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert len(response.content) == size
    assert isinstance(response.json(), dict)


def test_the_ceiling_has_the_headers_of_any_other_api_answer(
    bench_http: httpx.Client, tenant: Tenant
) -> None:
    admin = tenant.actor()
    headers = {**admin.headers, "Origin": ORIGIN}
    real = bench_http.get("/me", headers=headers)
    ceiling = bench_http.get("/bench/ceiling", params={"bytes": len(real.content)}, headers=headers)
    assert real.status_code == ceiling.status_code == 200
    assert len(ceiling.content) == len(real.content)
    assert set(ceiling.headers) - PER_ANSWER == set(real.headers) - PER_ANSWER
    for name in ("api-version", "cache-control", "access-control-allow-origin", "vary"):
        assert ceiling.headers[name] == real.headers[name], name


def test_the_ceiling_goes_through_content_negotiation_and_refuses_bad_sizes(
    bench_http: httpx.Client,
) -> None:
    # The API's negotiation dependency applies to it as to every route: 406 for XML only.
    refused = bench_http.get("/bench/ceiling", headers={"Accept": "application/xml"})
    assert_problem(refused, 406)
    for bad in ("1", "0", "-5", "x", "10000001"):
        response = bench_http.get("/bench/ceiling", params={"bytes": bad})
        assert_problem(response, 400, "bytes")


def test_the_ceiling_is_absent_without_bench_mode_and_never_in_the_spec(
    http: httpx.Client, bench_http: httpx.Client
) -> None:
    assert_problem(http.get("/bench/ceiling", params={"bytes": 100}), 404)
    for client in (http, bench_http):
        spec = client.get("/openapi.json").json()
        assert not [path for path in spec["paths"] if "bench" in path]


def test_bench_mode_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="KOMPAS_BENCH_MODE"):
        Settings(env=Environment.production, secret_key="p" * 48, bench_mode=True)
    assert Settings(env=Environment.production, secret_key="p" * 48).bench_mode is False


# --- the harness's parts -------------------------------------------------------------------------


WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:1
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     5.00ms    1.00ms  20.00ms   90.00%
  120 requests in 1.00s, 1.00MB read
Requests/sec:    120.00
Transfer/sec:      1.00MB
BENCH-JSON {"requests":120,"duration_s":1.001,"rps":119.88,"bytes":1048576,"p50_ms":4.800,\
"p90_ms":6.100,"p95_ms":7.000,"p99_ms":12.500,"max_ms":20.000,"mean_ms":5.000,\
"errors":{"connect":0,"read":0,"write":0,"status":3,"timeout":1},"mode":"etag",\
"statuses":{"200":117,"412":3}}
"""


def test_the_json_line_of_the_lua_script_is_read_with_its_errors() -> None:
    result = _load().parse_wrk(WRK_OUTPUT)
    assert result["requests"] == 120
    assert (result["p50_ms"], result["p95_ms"], result["p99_ms"]) == (4.8, 7.0, 12.5)
    assert result["failed"] == 4  # three non-2xx/3xx answers and a timeout
    assert result["statuses"] == {"200": 117, "412": 3}


def test_repeated_rounds_report_the_median_and_keep_every_failure() -> None:
    load = _load()
    first = load.parse_wrk(WRK_OUTPUT)
    rounds = [
        {**first, "rps": 100.0, "p99_ms": 50.0, "errors": {**first["errors"], "status": 0}},
        {**first, "rps": 300.0, "p99_ms": 10.0, "failed": 0, "statuses": {"200": 120}},
        {**first, "rps": 120.0, "p99_ms": 12.0},
    ]
    merged = load.median_of(rounds)
    assert (merged["rps"], merged["p99_ms"]) == (120.0, 12.0)  # not the noisy 50 ms round
    assert merged["requests"] == 360
    assert merged["failed"] == 8  # a failure in any round stays a failure
    assert merged["errors"]["status"] == 6
    assert merged["errors"]["timeout"] == 3
    assert merged["statuses"] == {"200": 354, "412": 6}
    assert [r["p99_ms"] for r in merged["rounds"]] == [50.0, 10.0, 12.0]
    assert load.median_of([first]) is first


def test_the_national_table_sets_the_small_organisation_beside_itself_alone() -> None:
    def row(name: str, peak: float, fixed: float) -> dict[str, Any]:
        return {"endpoint": name, "kompas": {"p99_ms": peak}, "fixed_rate": {"p99_ms": fixed}}

    alone = [row("me", 10.0, 4.0), row("agenda-items list", 40.0, 20.0)]
    beside = [row("me", 12.0, 4.2), row("agenda-items list", 44.0, 30.0), row("new", 1.0, 1.0)]
    lines = _load().national_table(beside, alone)
    assert "| me | 10.0 | 12.0 | 1.20 | 4.0 | 4.2 | 1.05 |" in lines
    assert "| agenda-items list | 40.0 | 44.0 | 1.10 | 20.0 | 30.0 | 1.50 |" in lines
    assert not any(line.startswith("| new |") for line in lines)  # nothing to compare it with


def test_output_without_the_json_line_is_an_error_not_a_zero() -> None:
    with pytest.raises(ValueError, match="BENCH-JSON"):
        _load().parse_wrk("Running 1s test @ http://127.0.0.1:1\nRequests/sec: 10\n")


def test_a_request_field_holding_a_separator_is_refused(tmp_path: Path) -> None:
    load = _load()
    bad = load.Request("GET", "/api/v1/me\x1f", {})
    with pytest.raises(ValueError, match="separator"):
        load.request_file([bad], tmp_path / "requests.txt")


def _wrk(live: LiveServer, requests: list[Any], **options: Any) -> dict[str, Any]:
    assert shutil.which("wrk"), "Debian's wrk is needed: apt-get install wrk"
    load = _load()
    return dict(load.run_wrk(live.url, requests, seconds=1, connections=2, **options))


def test_a_short_wrk_run_reads_through_the_app_and_is_parsed(
    bench_server: LiveServer, tenant: Tenant, tmp_path: Path
) -> None:
    load = _load()
    admin = tenant.actor()
    requests = [
        load.Request("GET", f"{API}/me", admin.headers),
        load.Request("GET", f"{API}/bench/ceiling?bytes=300", admin.headers),
    ]
    result = _wrk(bench_server, requests, workdir=tmp_path)
    assert result["requests"] > 0
    assert result["failed"] == 0, result["errors"]
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"] <= result["max_ms"]


def test_a_wrk_run_counts_the_answers_that_failed(bench_server: LiveServer, tmp_path: Path) -> None:
    load = _load()
    # No token: every answer is a 401, which the smoke must see as a failure.
    result = _wrk(bench_server, [load.Request("GET", f"{API}/me")], workdir=tmp_path)
    assert result["requests"] > 0
    assert result["errors"]["status"] == result["requests"]
    assert load.check(
        {
            "runs": [
                {
                    "database": "x",
                    "scale": 0.01,
                    "result": {
                        "organisations": {
                            "large": [{"endpoint": "me", "status": 401, "kompas": result}]
                        }
                    },
                }
            ]
        }
    )


def test_an_etag_run_follows_the_versions_it_writes(
    bench_server: LiveServer, tenant: Tenant, tmp_path: Path, bench_http: httpx.Client
) -> None:
    """PATCH in a loop with If-Match: each answer's ETag is sent with the next PATCH of that
    record, so none is refused as stale (412) although every PATCH makes a new version."""
    load = _load()
    coordinator = tenant.actor()
    party = tenant.party()
    items = []
    for n in range(6):
        created = bench_http.post(
            "/agenda-items",
            json={"title": f"Meting {n}", "leadPartyId": str(party.id)},
            headers=coordinator.headers,
        )
        assert created.status_code == 201, created.text
        items.append((created.json()["id"], created.headers["ETag"]))
    headers = {**coordinator.headers, "Content-Type": "application/json"}
    requests = [
        load.Request(
            "PATCH",
            f"{API}/agenda-items/{item}",
            {**headers, "If-Match": etag},
            json.dumps({"description": "Bijgewerkt {n}"}),
            key=item,
        )
        for item, etag in items
    ]
    result = _wrk(bench_server, requests, etag_mode=True, workdir=tmp_path)
    assert result["requests"] > len(items)  # every record was changed more than once
    assert result["statuses"] == {"200": result["requests"]}
    first = bench_http.get(f"/agenda-items/{items[0][0]}", headers=coordinator.headers)
    assert first.json()["description"].startswith("Bijgewerkt ")


def test_a_fixed_rate_run_stays_near_its_rate(bench_server: LiveServer, tmp_path: Path) -> None:
    load = _load()
    ceiling = [load.Request("GET", f"{API}/bench/ceiling?bytes=100")]
    result = _wrk(bench_server, ceiling, rate=20, workdir=tmp_path)
    # Paced by the script's delay(): about 20 in the second, never the hundreds a peak run makes.
    assert 0 < result["requests"] <= 40, result
    assert result["failed"] == 0
