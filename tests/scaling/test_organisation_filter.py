"""Every statement on an organisation's table names the organisation: what Citus needs.

Distributed by organisation on Citus (docs/scaling.md), a statement goes to one node only when
it says which organisation it is about: ``organisation_id = <value>`` on each distributed table it
reads or changes, or an equality on ``organisation_id`` with a table that has one. Any other goes
to every node, and a join between distributed tables not on that column is refused.

This test walks the API as an admin, a partner user and a partner's API token — the writes of
``populate`` (every resource created through the API), then every read of the spec, a PATCH of
every record and its DELETE, a login, refresh and logout, and one claim of the webhook worker —
captures each SQL statement the app sends (``before_cursor_execute``), parses it with sqlglot and
checks every scope (each SELECT, UPDATE, DELETE and INSERT, and each of its subqueries,
correlated ones included) that touches such a table.

What does not name the organisation is either allowed (``ALLOWED`` and ``ALLOWED_STEPS``: a
lookup by something unique across organisations, the worker that serves them all; each with the
reason) or a known gap (``BY_PRIMARY_KEY`` and ``KNOWN_GAPS``: to be fixed in the domain code;
docs/scaling.md counts them by cause). A new one fails the test, and so does a listed one that
is no longer sent, so that the list only shrinks.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import httpx
import pytest
import sqlglot
from sqlalchemy import Engine, event
from sqlglot import exp
from sqlmodel import Session

from kompas.core.db import metadata
from kompas.core.principal import Role
from kompas.parties.models import Party
from kompas.webhooks.worker import Worker
from tests.api.conftest import (
    fill,
    operations,
    populate,
    required_query,
    valid_body,
)
from tests.conftest import Actor, Tenant

# The column each table would be distributed by: organisation_id, wherever a table has it. The
# organisations table itself would be a reference table (a copy on every node), so any
# statement may read it (docs/scaling.md).
DISTRIBUTION_COLUMN = {
    table.name: "organisation_id"
    for table in metadata.tables.values()
    if "organisation_id" in table.c
}

# Statements that legitimately do not name the organisation. Keyed by the operation, the table
# and the columns the statement compares to a value ("whole": none); each with why.
ALLOWED: dict[str, str] = {
    # Login: the e-mail address is unique across all organisations and is all the caller gives;
    # on Citus a small reference table of e-mail -> organisation would route it (docs/scaling.md).
    "select users by email": "login by e-mail, unique across organisations",
    # A refresh token and a partner API token are found by the hash of the secret the caller
    # presents, unique across organisations; the token row then names the organisation.
    "select refresh_tokens by token_hash": "refresh by token hash, unique across organisations",
    "select api_tokens by token_hash": "API token by its hash, unique across organisations",
}
# Steps of the walk that work across organisations by design.
ALLOWED_STEPS: dict[str, str] = {
    # The webhook worker claims the due deliveries of every organisation at once (SKIP LOCKED,
    # a lease). On Citus it would claim per organisation, as FOR UPDATE needs a single shard
    # (docs/scaling.md).
    "webhook worker: claim and release": "delivers for every organisation",
}

# Statements that do not name the organisation today, although the caller's organisation is
# known; to be fixed in the domain code (docs/scaling.md, "What it asks of the queries").
#
# 1. A record read, updated or deleted by its primary key alone: the service found it with the
#    organisation and the ORM's unit of work then writes `WHERE id = ? AND version = ?`, or
#    `session.get` or a query by ids from the request body loads it by id. A primary key of
#    (organisation_id, id) puts the organisation into the ORM's own statements by itself; the
#    queries by a list of ids need the filter added.
BY_PRIMARY_KEY = re.compile(r"^(select|update|delete) \w+ by id(,version)?$")
# 2. The rest, by cause.
KNOWN_GAPS: dict[str, str] = {
    # Children read or replaced by their parent's id (the parent was checked; add
    # `child.organisation_id == principal.organisation_id`, or join on both columns).
    "select role_assignments by role_map_id": "child by parent id",
    "select role_assignments by perspective,role_map_id": "child by parent id",
    "delete role_assignments by role_map_id": "child by parent id",
    "delete role_assignments by task_id": "child by parent id",
    "select role_map_tasks by role_map_id": "child by parent id",
    "select role_map_parties by role_map_id": "child by parent id",
    "delete role_map_parties by role_map_id": "child by parent id",
    "select role_map_snapshots by role_map_id": "child by parent id",
    "select participations by subject_id": "child by parent id",
    "delete participations by subject_id": "child by parent id",
    "select handoffs by subject_id": "child by parent id",
    "select handoffs by status,subject_id": "child by parent id",
    "delete handoffs by subject_id": "child by parent id",
    "select status_changes by subject_id": "child by parent id",
    "delete status_changes by subject_id": "child by parent id",
    "select contributions by question_id": "child by parent id",
    "select endorsements by success_id": "child by parent id",
    "select endorsements by id,success_id": "child by parent id",
    "select endorsements by party_id,success_id": "child by parent id",
    "select webhook_attempts by delivery_id": "child by parent id",
    "select links whole": "links of records by id, either way (an OR)",
    "delete links whole": "links of records by id, either way (an OR)",
    "delete links by source_id,target_kind": "links of a record by its id",
    "delete links by target_id": "links of a record by its id",
    # What refers to a party, counted before the party is deleted.
    "select people by party_id": "references to a party",
    "select users by party_id": "references to a party",
    "select contributions by party_id": "references to a party",
    "select endorsements by party_id": "references to a party",
    "select needs whole": "references to a party (party_id OR counterpart)",
    "select handoffs whole": "references to a party (from OR to)",
    "select links by source_kind,target_id": "references to a party",
    # Visibility for a partner: EXISTS subqueries on the partner's party only.
    "select participations by party_id": "partner visibility subquery",
    "select handoffs by status,to_party_id": "partner visibility subquery",
    "select role_map_parties by party_id": "partner visibility subquery",
    "select links by target_id,target_kind": "partner visibility subquery",
    # Joins on an id alone: add `AND b.organisation_id = a.organisation_id`.
    "select agenda_items whole": "join on id (reports/progress)",
    "select questions whole": "join on id (reports/progress)",
    "select parties whole": "join on id (reflection round parties, reports)",
    "select phases whole": "join on id (dashboard)",
    "select users whole": "join on id (commitments summary)",
    "select api_tokens whole": "join on id (webhook subscriptions)",
    # Authentication, after the token has named the organisation.
    "select revoked_access_tokens by jti": "every request: is the access token revoked",
    "select refresh_tokens by family_id": "refresh: the token's family",
    "select refresh_tokens whole": "refresh: a newer token of the family (EXISTS on family)",
}


@dataclass
class Finding:
    """A scope of a statement that touches a distributed table without naming the organisation."""

    key: str
    table: str
    statement: str
    step: str


@dataclass
class Capture:
    """Every statement the app sends, with the step of the walk that sent it."""

    step: str = "start"
    statements: list[tuple[str, str]] = field(default_factory=list)
    # (step, status) of every response in the walk, to show it reached the records
    answers: list[tuple[str, int]] = field(default_factory=list)

    def __call__(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.statements.append((self.step, statement))

    def send(self, http: httpx.Client, method: str, url: str, **kwargs: Any) -> None:
        """One request of the walk; its answer is kept (a dropped connection as 599), so that a
        failing request is reported with its step rather than ending the walk."""
        try:
            status = http.request(method, url, **kwargs).status_code
        except httpx.TransportError:
            status = 599
        self.answers.append((self.step, status))

    @contextmanager
    def during(self, step: str) -> Iterator[None]:
        previous, self.step = self.step, step
        try:
            yield
        finally:
            self.step = previous


# --- the analysis -------------------------------------------------------------------------------

SCOPES = (exp.Select, exp.Update, exp.Delete, exp.Insert)


def parse(statement: str, dialect: str) -> exp.Expression | None:
    """The statement as sqlglot reads it; placeholders become ``:name`` in both dialects."""
    if dialect == "postgresql":
        statement = re.sub(r"%\((\w+)\)s", r":\1", statement).replace("%%", "%")
        dialect = "postgres"
    try:
        return sqlglot.parse_one(statement, read=dialect)
    except sqlglot.errors.ParseError:
        return None


def conjuncts(condition: exp.Expression | None) -> list[exp.Expression]:
    """The parts of an AND chain (an OR is one part: it constrains nothing for sure)."""
    if condition is None:
        return []
    if isinstance(condition, exp.Paren):
        return conjuncts(condition.this)
    if isinstance(condition, exp.And):
        return conjuncts(condition.left) + conjuncts(condition.right)
    return [condition]


def unwrap(node: exp.Expression) -> exp.Expression:
    while isinstance(node, exp.Cast | exp.Paren):
        node = node.this
    return node


def child_scopes(node: exp.Expression) -> list[exp.Expression]:
    """The SELECT/UPDATE/DELETE/INSERT nodes nested in ``node`` with no other scope between."""
    found: list[exp.Expression] = []
    stack = list(node.iter_expressions())
    while stack:
        child = stack.pop()
        if isinstance(child, SCOPES):
            found.append(child)
        else:
            stack.extend(child.iter_expressions())
    return found


@dataclass
class Scope:
    node: exp.Expression
    # alias -> table name, for the base tables this scope reads or changes
    sources: dict[str, str]
    conditions: list[exp.Expression]


def scope_of(node: exp.Expression, cte_names: set[str]) -> Scope:
    tables: list[exp.Expression] = []
    conditions: list[exp.Expression] = conjuncts(
        node.args["where"].this if node.args.get("where") else None
    )
    if isinstance(node, exp.Update | exp.Delete):
        tables.append(node.this)
    from_ = node.args.get("from_") or node.args.get("from")
    if from_ is not None:
        tables.append(from_.this)
    for using in node.args.get("using") or []:
        tables.append(using)
    for join in node.args.get("joins") or []:
        tables.append(join.this)
        conditions += conjuncts(join.args.get("on"))
    sources = {
        table.alias_or_name: table.name
        for table in tables
        if isinstance(table, exp.Table) and table.name not in cte_names
    }
    return Scope(node=node, sources=sources, conditions=conditions)


def column_source(column: exp.Column, sources: dict[str, str]) -> list[str]:
    """The aliases a column may belong to: its qualifier, or every source with such a column."""
    if column.table:
        return [column.table] if column.table in sources else []
    return [
        alias
        for alias, table in sources.items()
        if table in metadata.tables and column.name in metadata.tables[table].c
    ]


def is_distribution_column(column: exp.Column, alias: str, sources: dict[str, str]) -> bool:
    return DISTRIBUTION_COLUMN.get(sources[alias]) == column.name


def check_scope(
    node: exp.Expression, outer: dict[str, str], outer_named: set[str], cte_names: set[str]
) -> list[tuple[str, str]]:
    """(table, key) for each distributed table in this scope (and the nested ones) that is not
    constrained to one organisation; ``outer_named`` are the enclosing scopes' aliases that are."""
    if isinstance(node, exp.Insert):
        findings = []
        target = node.this.this if isinstance(node.this, exp.Schema) else node.this
        columns = (
            [c.name for c in node.this.expressions] if isinstance(node.this, exp.Schema) else []
        )
        column = DISTRIBUTION_COLUMN.get(target.name)
        if column and column not in columns:
            findings.append((target.name, f"insert {target.name} without {column}"))
        for child in child_scopes(node):
            findings += check_scope(child, outer, outer_named, cte_names)
        return findings

    scope = scope_of(node, cte_names)
    sources = {**outer, **scope.sources}
    named = {a for a in outer_named if a not in scope.sources}
    links: list[tuple[str, str]] = []
    compared: dict[str, set[str]] = {alias: set() for alias in scope.sources}
    for condition in scope.conditions:
        if not isinstance(condition, exp.EQ | exp.In):
            continue
        left = unwrap(condition.this)
        rights = (
            [unwrap(condition.expression)]
            if isinstance(condition, exp.EQ)
            else [unwrap(e) for e in condition.expressions] or [condition.args.get("query")]
        )
        sides = [(left, rights)]
        if isinstance(condition, exp.EQ):
            sides.append((rights[0], [left]))
        for column, values in sides:
            if not isinstance(column, exp.Column):
                continue
            for alias in column_source(column, sources):
                other_columns = [v for v in values if isinstance(v, exp.Column)]
                if alias in compared and not other_columns:
                    compared[alias].add(column.name)
                if not is_distribution_column(column, alias, sources):
                    continue
                if not other_columns:
                    named.add(alias)  # = a value, IN (values) or IN (a subquery)
                for other in other_columns:
                    for other_alias in column_source(other, sources):
                        if is_distribution_column(other, other_alias, sources):
                            links.append((alias, other_alias))
    changed = True
    while changed:  # an equality on the distribution column carries the organisation over
        changed = False
        for a, b in links:
            for x, y in ((a, b), (b, a)):
                if y in named and x not in named:
                    named.add(x)
                    changed = True
    findings = []
    for alias, table in scope.sources.items():
        if table in DISTRIBUTION_COLUMN and alias not in named:
            kind = node.key  # select, update, delete
            by = ",".join(sorted(compared[alias]))
            findings.append((table, f"{kind} {table} by {by}" if by else f"{kind} {table} whole"))
    for child in child_scopes(node):
        findings += check_scope(child, sources, named, cte_names)
    return findings


@cache  # the walk sends each statement many times; parsing is the slow part
def check_statement(statement: str, dialect: str) -> tuple[tuple[str, str], ...]:
    tree = parse(statement, dialect)
    if tree is None:
        return (("?", f"unparsed: {statement[:60]}"),)
    cte_names = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
    roots = [tree] if isinstance(tree, SCOPES) else child_scopes(tree)
    findings = []
    for root in roots:
        findings += check_scope(root, {}, set(), cte_names)
    for cte in tree.find_all(exp.CTE):
        findings += check_scope(cte.this, {}, set(), cte_names)
    return tuple(findings)


def findings_of(capture: Capture, dialect: str) -> list[Finding]:
    found = []
    for step, statement in capture.statements:
        if not any(table in statement for table in DISTRIBUTION_COLUMN):
            continue  # BEGIN, SAVEPOINT, SELECT 1, pragmas: no table of an organisation
        for table, key in check_statement(statement, dialect):
            found.append(Finding(key=key, table=table, statement=statement, step=step))
    return found


# --- the walk -----------------------------------------------------------------------------------


def walk(
    http: httpx.Client, spec: dict[str, Any], tenant: Tenant, admin: Actor, capture: Capture
) -> None:
    """The API's main reads and writes, as each kind of caller, with capture's steps named."""
    with capture.during("populate (POST/PUT/PATCH as admin)"):
        ids = populate(http, tenant, admin)
    with Session(tenant.engine) as session:
        partner_party = session.get(Party, uuid.UUID(ids["partnerId"]))
    partner = tenant.actor(Role.partner, party=partner_party)
    made = http.post(
        f"/partners/{ids['partnerId']}/api-tokens",
        json={"name": "Koppeling", "scopes": ["needs:read", "agenda-items:read"]},
        headers=admin.headers,
    )
    assert made.status_code == 201, made.text
    api_token = {"Authorization": f"Bearer {made.json()['token']}"}
    public = {"organisation": str(tenant.id)}
    for path, _, _ in operations(spec, "get"):
        query = {
            **required_query("get", path, ids),
            **({"q": "Agendapunt"} if path == "/search" else {}),
            **(public if path.startswith(("/feeds/", "/widget")) else {}),
        }
        for who, headers in (("admin", admin.headers), ("partner", partner.headers)):
            with capture.during(f"GET {path} as {who}"):
                capture.send(http, "GET", fill(path, ids), params=query, headers=headers)
    for path in ("/needs", f"/needs/{ids['needId']}", "/agenda-items"):
        with capture.during(f"GET {path} with a partner API token"):
            capture.send(http, "GET", path, headers=api_token)
    with capture.during("login, refresh, logout"):
        login = http.post(
            "/auth/token",
            data={
                "grant_type": "password",
                "username": "gebruiker0@test.example",
                "password": "een lang wachtwoord",
            },
        )
        assert login.status_code == 200, login.text
        refreshed = http.post(
            "/auth/token",
            data={"grant_type": "refresh_token", "refresh_token": login.json()["refresh_token"]},
        )
        assert refreshed.status_code == 200, refreshed.text
        token = {"Authorization": f"Bearer {refreshed.json()['access_token']}"}
        assert http.get("/me", headers=token).status_code == 200
        http.post("/auth/logout", headers=token)
    with capture.during("webhook worker: claim and release"):
        worker = Worker(tenant.engine, tenant.settings)
        try:
            claimed = worker.claim()
            assert claimed, "populate's test events are due"
            worker.release([delivery for delivery, _, _ in claimed])
        finally:
            worker.close()
    write = {**admin.headers, "If-Match": "*"}
    for path, _, _ in operations(spec, "patch"):
        with capture.during(f"PATCH {path} as admin"):
            capture.send(
                http, "PATCH", fill(path, ids), json=valid_body("patch", path), headers=write
            )
    # The most nested first, so that each record is still there when its own DELETE comes.
    for path, _, _ in sorted(operations(spec, "delete"), key=lambda op: -op[0].count("/")):
        with capture.during(f"DELETE {path} as admin"):
            capture.send(http, "DELETE", fill(path, ids), headers=write)


@pytest.fixture
def spec(http: httpx.Client) -> dict[str, Any]:
    document: dict[str, Any] = http.get("/openapi.json").json()
    return document


@pytest.fixture
def captured(
    http: httpx.Client, spec: dict[str, Any], tenant: Tenant, admin: Actor, engine: Engine
) -> Capture:
    capture = Capture()
    event.listen(engine, "before_cursor_execute", capture)
    try:
        walk(http, spec, tenant, admin, capture)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return capture


def describe(findings: list[Finding]) -> str:
    by_key: dict[str, Finding] = {}
    for finding in findings:
        by_key.setdefault(finding.key, finding)
    return "\n".join(
        f"- {key}\n    first in: {f.step}\n    {' '.join(f.statement.split())[:300]}"
        for key, f in sorted(by_key.items())
    )


def test_every_statement_on_an_organisations_table_names_the_organisation(
    captured: Capture, engine: Engine
) -> None:
    # The walk reached the records (a 404 or 400 would show only the first lookup's SQL).
    assert [answer for answer in captured.answers if answer[1] >= 500] == []
    admin_reads = [status for step, status in captured.answers if step.endswith(" as admin")]
    assert sum(status < 300 for status in admin_reads) >= 0.95 * len(admin_reads)
    findings = [
        f for f in findings_of(captured, engine.dialect.name) if f.step not in ALLOWED_STEPS
    ]
    new = [
        f
        for f in findings
        if f.key not in ALLOWED and f.key not in KNOWN_GAPS and not BY_PRIMARY_KEY.match(f.key)
    ]
    assert not new, "statements that do not name the organisation:\n" + describe(new)
    keys = {f.key for f in findings}
    gone = (set(KNOWN_GAPS) | set(ALLOWED)) - keys
    assert not gone, f"no longer sent: remove {sorted(gone)}"
    assert any(BY_PRIMARY_KEY.match(key) for key in keys), "by primary key fixed: remove it"
    steps = {step for step, _ in captured.statements}
    assert set(ALLOWED_STEPS) <= steps


# The analysis itself, on statements written by hand.


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("SELECT * FROM agenda_items WHERE organisation_id = :o AND id = :i", []),
        ("SELECT * FROM agenda_items WHERE id = :i", ["select agenda_items by id"]),
        (
            "SELECT * FROM agenda_items WHERE id = :i OR organisation_id = :o",
            ["select agenda_items whole"],
        ),
        (
            "SELECT * FROM agenda_items AS a JOIN parties AS p ON p.id = a.lead_party_id "
            "WHERE a.organisation_id = :o",
            ["select parties whole"],
        ),
        (
            "SELECT * FROM agenda_items AS a JOIN parties AS p ON p.id = a.lead_party_id "
            "AND p.organisation_id = a.organisation_id WHERE a.organisation_id = CAST(:o AS UUID)",
            [],
        ),
        (
            "SELECT * FROM successes AS s WHERE s.organisation_id IN (:a) AND EXISTS "
            "(SELECT 1 FROM endorsements AS e WHERE e.success_id = s.id)",
            ["select endorsements whole"],
        ),
        (
            "SELECT * FROM successes AS s WHERE s.organisation_id = :o AND EXISTS (SELECT 1 "
            "FROM endorsements AS e WHERE e.success_id = s.id "
            "AND e.organisation_id = s.organisation_id)",
            [],
        ),
        ("UPDATE needs SET version = :v WHERE needs.id = :i", ["update needs by id"]),
        ("DELETE FROM links WHERE organisation_id = :o AND source_id = :s", []),
        (
            "INSERT INTO links (id, source_id) VALUES (:i, :s)",
            ["insert links without organisation_id"],
        ),
        ("INSERT INTO links (id, organisation_id) VALUES (:i, :o)", []),
        ("SELECT * FROM organisations WHERE name = :n", []),
        ("SELECT count(*) FROM reflection_answers WHERE round_id = :r", []),
    ],
)
def test_the_analysis(statement: str, expected: list[str]) -> None:
    assert [key for _, key in check_statement(statement, "sqlite")] == expected
