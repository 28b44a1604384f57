"""The committed spec is the one the app serves."""

from __future__ import annotations

import json
from pathlib import Path

COMMITTED = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"


def test_committed_openapi_matches_the_app(http):
    served = http.get("/openapi.json").json()
    committed = json.loads(COMMITTED.read_text())
    assert served == committed, "openapi/openapi.json is stale: run `make openapi` and commit it"
