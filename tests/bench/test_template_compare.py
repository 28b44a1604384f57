"""bench/template_compare.py: its table and the template's settings (the run itself needs the
template's checkout, which is not part of Kompas; bench/README.md)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from tests.bench.scripts import bench_script


def _compare() -> ModuleType:
    return bench_script("template_compare", "bench_template_compare")


def _round(rps: float, p99: float, failed: int = 0) -> dict[str, float | int]:
    return {"requests": int(rps * 5), "rps": rps, "p50_ms": p99 / 4, "p99_ms": p99,
            "cpu_ms": 1000 / rps, "failed": failed, "bytes": 0}  # fmt: skip


def test_the_table_gives_the_median_of_the_rounds_each_round_and_the_ratio() -> None:
    compare = _compare()
    template = compare.Target("me", "template", compare.Request("GET", "/api/v1/users/me"))
    kompas = compare.Target("me", "Kompas", compare.Request("GET", "/api/v1/me"))
    template.rounds = [_round(100, 50), _round(300, 10), _round(200, 30)]
    kompas.rounds = [_round(90, 40), _round(150, 20, failed=2), _round(500, 90)]
    template.body_bytes, kompas.body_bytes = 170, 1226
    rows = compare.table([[template, kompas]])[2:]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    assert cells[0][1] == "template"
    assert cells[0][3:7] == ["200", "100 / 300 / 200", "7.5", "30.0"]
    assert cells[0][8] == "5.00"  # the median CPU time: 1000 / 200 ms
    assert cells[0][11] == ""  # no ratio to itself
    assert cells[1][1] == "Kompas"
    assert cells[1][3] == "150"
    assert cells[1][7] == "40.0 / 20.0 / 90.0"
    assert cells[1][9] == "1,226"
    # 150 / 200 req/s, CPU 6.67 / 5.00 ms a request, and no failure hidden
    assert cells[1][11] == "0.75× (CPU/request 1.33×) (2 failed)"


def test_the_template_gets_its_database_in_both_settings_styles_and_no_kompas_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("KOMPAS_DATABASE_URL", "sqlite:///kompas.db")
    compare = _compare()
    url = "postgresql://postgres@127.0.0.1:5433/template_db"
    env = compare.template_env(tmp_path, url)
    assert env["DATABASE_URL"] == url  # newer versions
    assert (env["POSTGRES_SERVER"], env["POSTGRES_PORT"], env["POSTGRES_DB"]) == (
        "127.0.0.1",
        "5433",
        "template_db",
    )  # older versions
    assert env["POSTGRES_PASSWORD"]  # some versions refuse an empty one
    assert env["PYTHONPATH"] == str(tmp_path)
    assert not [name for name in env if name.startswith("KOMPAS_")]
