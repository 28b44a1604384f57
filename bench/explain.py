"""Which lists the database serves from an index: EXPLAIN of every statement of every list.

    .venv/bin/python bench/explain.py --manifest manifest.json [--markdown out.md]

Against a PostgreSQL database built by bench/datagen.py (×0.1 or ×1), calls every list endpoint
of the API in-process (Starlette's TestClient: the real app, its middleware and dependencies, no
network) as the admin of the large organisation, each with a filter and a sort, the first page
and the page after it through the cursor. SQLAlchemy's ``before_cursor_execute`` event captures
every statement a request sends with its parameters; each SELECT is then explained with
``EXPLAIN (FORMAT JSON)`` and its plan walked for sequential scans of tables over 10,000 rows
(by the planner's own row estimate) and the indexes it uses. Prints a Markdown table: endpoint,
statements per request, the plan's verdict and its top node. A benchmark tool, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, text

import kompas.models  # noqa: F401 - every table in the metadata
from kompas.core.config import Environment, Settings
from kompas.core.db import make_engine
from kompas.core.security import create_access_token
from kompas.main import create_app

BIG_TABLE = 10_000  # rows: a sequential scan of a table this large or larger is a finding
API = "/api/v1"


def endpoints(org: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    """Every list of the API with one filter and one sort (ids from the manifest)."""
    party = org["party_id"]
    role_map = org["role_map_id"]
    question = org["question_id"]
    item = org["agenda_item_id"]
    success = org["success_id"]
    # The big lists as the web app opens them first: no filter, the default sort.
    defaults: list[tuple[str, dict[str, str]]] = [
        (path, {})
        for path in (
            "/agenda-items",
            "/questions",
            "/successes",
            "/experiences",
            "/meetings",
            "/people",
            "/audit-events",
            "/handoffs",
            f"/role-maps/{role_map}/tasks",
        )
    ]
    return [
        *defaults,
        ("/agenda-items", {"status": "in-progress", "sort": "-updatedAt"}),
        ("/agenda-items", {"leadPartyId": party, "sort": "title"}),
        ("/agenda-items", {"stalled": "true", "sort": "targetDate"}),
        ("/questions", {"status": "investigating", "sort": "-updatedAt"}),
        ("/questions", {"ballHolderId": party, "sort": "title"}),
        ("/successes", {"visibility": "published", "sort": "-achievedOn"}),
        ("/successes", {"partyId": party, "sort": "title"}),
        ("/experiences", {"tag": "schulden", "sort": "-createdAt"}),
        ("/experiences", {"partyId": party, "sort": "title"}),
        ("/meetings", {"visibility": "published", "sort": "startsAt"}),
        ("/meetings", {"partyId": party, "sort": "-startsAt"}),
        ("/parties", {"kind": "partner", "sort": "name"}),
        ("/departments", {"sort": "-updatedAt"}),
        ("/partners", {"organisationType": "care-provider", "sort": "name"}),
        ("/people", {"partyId": party, "sort": "name"}),
        ("/people", {"q": "jansen", "sort": "-updatedAt"}),
        ("/needs", {"status": "open", "sort": "-updatedAt"}),
        ("/users", {"role": "member", "sort": "name"}),
        ("/drivers", {"sort": "title"}),
        ("/phases", {"sort": "name"}),
        ("/work-formats", {"sort": "-updatedAt"}),
        ("/role-maps", {"q": "a", "sort": "-updatedAt"}),
        (f"/role-maps/{role_map}/tasks", {"cluster": "Nazorg", "sort": "title"}),
        (f"/role-maps/{role_map}/assignments", {"perspective": "agreed", "sort": "perspective"}),
        (f"/role-maps/{role_map}/snapshots", {"sort": "label"}),
        ("/audit-events", {"resourceType": "agenda-items", "sort": "-occurredAt"}),
        ("/audit-events", {"action": "update", "sort": "occurredAt"}),
        ("/handoffs", {"status": "pending", "sort": "-createdAt"}),
        (f"/agenda-items/{item}/handoffs", {"status": "declined", "sort": "createdAt"}),
        (f"/agenda-items/{item}/status-changes", {"sort": "-changedAt"}),
        (f"/questions/{question}/contributions", {"kind": "proposal", "sort": "-createdAt"}),
        (f"/questions/{question}/handoffs", {"sort": "-createdAt"}),
        (f"/successes/{success}/endorsements", {"sort": "-createdAt"}),
        ("/reflection-rounds", {"status": "closed", "sort": "-closesOn"}),
        ("/commitments", {"shared": "true", "sort": "-createdAt"}),
        ("/webhook-subscriptions", {"active": "true", "sort": "-createdAt"}),
    ]


@dataclass
class Captured:
    statements: list[tuple[str, Any]] = field(default_factory=list)

    def __call__(self, conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        self.statements.append((statement, parameters))


@dataclass
class Verdict:
    seq_scans: list[str] = field(default_factory=list)  # "table (~rows)"
    indexes: list[str] = field(default_factory=list)
    top_nodes: list[str] = field(default_factory=list)
    # The page's own statement (the first with a LIMIT): its plan in short, and the rows the
    # planner expects to sort to find one page (0: an index gives the order, as keyset wants).
    list_plan: str = ""
    sorted_rows: str = "–"
    # Where the page's range condition (a comparison, as the cursor adds) is applied: "index"
    # when an Index Cond compares, else "filter" (every row before the cursor is read again).
    bound: str = "filter"


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _chain(plan: dict[str, Any], depth: int = 5) -> str:
    """The first nodes of a plan, outermost first: `Limit ← Sort ← Index Scan (ix_…)`."""
    parts = []
    for node in list(_nodes(plan))[:depth]:
        name = node["Node Type"]
        detail = node.get("Index Name") or node.get("Relation Name")
        parts.append(f"{name} ({detail})" if detail else name)
    return " ← ".join(parts)


def explain(engine: Engine, statements: list[tuple[str, Any]], sizes: dict[str, int]) -> Verdict:
    """EXPLAIN each SELECT; collect sequential scans of big tables, indexes and top nodes."""
    verdict = Verdict()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        for statement, parameters in statements:
            if not statement.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
            row = cursor.fetchone()
            assert row is not None  # EXPLAIN always answers one row
            plan = row[0][0]["Plan"]
            verdict.top_nodes.append(plan["Node Type"])
            if not verdict.list_plan and plan["Node Type"] == "Limit":
                verdict.list_plan = _chain(plan)
                conditions = [n.get("Index Cond") or "" for n in _nodes(plan)]
                if any(op in c for c in conditions for op in (" < ", " > ", " <= ", " >= ")):
                    verdict.bound = "index"
                kinds = {n["Node Type"]: n for n in _nodes(plan)}
                if "Sort" in kinds:
                    verdict.sorted_rows = f"{int(kinds['Sort']['Plan Rows']):,}"
                elif "Incremental Sort" in kinds:
                    # Sorts only the rows that tie on the index's order (the id tie-breaker).
                    verdict.sorted_rows = "incremental"
            for node in _nodes(plan):
                relation = node.get("Relation Name")
                if node["Node Type"] == "Seq Scan" and sizes.get(relation or "", 0) >= BIG_TABLE:
                    verdict.seq_scans.append(f"{relation} (~{sizes[relation or '']:,})")
                if "Index Name" in node:
                    verdict.indexes.append(node["Index Name"])
        raw.rollback()
    finally:
        raw.close()
    return verdict


def table_sizes(engine: Engine) -> dict[str, int]:
    """The planner's row estimates of every table (fresh after datagen's VACUUM ANALYZE)."""
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT c.relname, c.reltuples::bigint FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r'"
            )
        ).all()
    return {name: int(count) for name, count in rows}


def run(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per list: the path, its query, statements per request and the plans' verdict."""
    engine = make_engine(manifest["database_url"])
    if engine.dialect.name != "postgresql":
        raise SystemExit("bench/explain.py needs the PostgreSQL database of a datagen run")
    org = manifest["organisations"]["large"]
    settings = Settings(
        env=Environment.test,
        secret_key="explain-" + "k" * 56,
        rate_limit_per_minute=0,
        rate_limit_per_address_per_minute=0,
    )
    app = create_app(settings, engine)
    token, _ = create_access_token(
        settings,
        user_id=uuid.UUID(org["users"]["admin"]),
        organisation_id=uuid.UUID(org["organisation_id"]),
    )
    headers = {"Authorization": f"Bearer {token}"}
    sizes = table_sizes(engine)
    results = []
    with TestClient(app, base_url="http://bench") as client:
        for path, params in endpoints(org):
            pages = []
            query: dict[str, str] = dict(params)
            for page in ("first", "next"):
                captured = Captured()
                event.listen(engine, "before_cursor_execute", captured)
                try:
                    response = client.get(API + path, params=query, headers=headers)
                finally:
                    event.remove(engine, "before_cursor_execute", captured)
                body = response.json() if response.status_code == 200 else {}
                pages.append(
                    {
                        "page": page,
                        "status": response.status_code,
                        "items": len(body.get("items", [])),
                        "statements": len(captured.statements),
                        "verdict": explain(engine, captured.statements, sizes),
                    }
                )
                cursor = body.get("nextCursor")
                if not cursor:
                    break
                query = {**params, "cursor": cursor}
            results.append({"path": path, "params": params, "pages": pages})
    engine.dispose()
    return results


def _query_text(params: dict[str, str]) -> str:
    return "&".join(
        f"{key}={value[:8] + '…' if len(value) == 36 else value}" for key, value in params.items()
    )


def markdown(results: list[dict[str, Any]]) -> str:
    lines = [
        "| endpoint | query | page | status | items | statements | the page's plan "
        "| rows sorted (estimate) | range by | seq scan of a table ≥ 10k rows | indexes used |",
        "|---|---|---|--:|--:|--:|---|--:|---|---|---|",
    ]
    for result in results:
        for page in result["pages"]:
            verdict: Verdict = page["verdict"]
            seq = ", ".join(dict.fromkeys(verdict.seq_scans)) or "none"
            lines.append(
                f"| `{_short(result['path'])}` | `{_query_text(result['params'])}` "
                f"| {page['page']} "
                f"| {page['status']} | {page['items']} | {page['statements']} "
                f"| {verdict.list_plan} | {verdict.sorted_rows} "
                f"| {verdict.bound if page['page'] == 'next' else '–'} "
                f"| {'**' + seq + '**' if verdict.seq_scans else seq} "
                f"| {', '.join(dict.fromkeys(verdict.indexes)) or '–'} |"
            )
    return "\n".join(lines)


def _short(path: str) -> str:
    parts = [p if len(p) != 36 else "{id}" for p in path.split("/")]
    return "/".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, required=True, help="bench/datagen.py's manifest")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    table = markdown(run(json.loads(args.manifest.read_text())))
    print(table)
    if args.markdown:
        args.markdown.write_text(table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
