"""The role-map analysis against a slow, obviously correct reading of docs/role-map-analysis.md,
on random maps stored in the database: random tasks, parties, agreed views and party views,
with gaps (tasks nobody spoke about, views without an owner) and conflicts (several owners,
parties pointing at each other), and rows left behind by parties that have since left the map.

tests/rolemaps/test_analysis.py already holds a literal reading of the finding kinds for the
pure function on a fixed map of three parties and two tasks. This one goes through the service
(`current_analysis`: the rows as the database hands them over, perspectives as text, tasks in
the order of their position) on maps of any shape, and checks all of the answer: the tasks and
their order, each finding's kind, parties and place, the counts, the clarity and the load.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine
from sqlmodel import Session

from kompas.core.principal import Principal, PrincipalKind, Role
from kompas.parties.models import Party
from kompas.rolemaps import service
from kompas.rolemaps.models import RoleMap, RoleMapTask
from tests.conftest import Actor, Tenant

AGREED = "agreed"
ROLES = ("accountable", "responsible", "consulted", "informed")
# The kinds in the order the documentation lists them: the order of findings within a task.
KINDS = (
    "no-accountable",
    "multiple-accountable",
    "no-responsible",
    "ball-elsewhere",
    "views-disagree",
    "deviates-from-agreement",
)
POOL = 5  # parties in the organisation; a map takes part of them


# --- the reference: docs/role-map-analysis.md, read literally ----------------------------------

Row = tuple[uuid.UUID, uuid.UUID, str, str]  # task, party, role, perspective (as stored)


def reference(task_ids: list[uuid.UUID], party_ids: list[uuid.UUID], rows: list[Row]) -> Any:
    """The analysis as the documentation defines it, with sets and loops and nothing clever."""
    in_map = set(party_ids)
    tasks_out = []
    counts = dict.fromkeys(KINDS, 0)
    load = {p: {"accountable": 0, "responsible": 0} for p in party_ids}
    for task in task_ids:
        # "An assignment counts only when its task is one of task_ids, its party is one of
        # party_ids, and its perspective is `agreed` or one of party_ids."
        views: dict[str | uuid.UUID, set[tuple[uuid.UUID, str]]] = {}
        for row_task, party, role, perspective in rows:
            if row_task != task or party not in in_map:
                continue
            if perspective == AGREED:
                holder: str | uuid.UUID = AGREED
            elif perspective in {str(p) for p in party_ids}:
                holder = uuid.UUID(perspective)
            else:
                continue
            views.setdefault(holder, set()).add((party, role))

        def owners(view: set[tuple[uuid.UUID, str]]) -> set[uuid.UUID]:
            return {party for party, role in view if role == "accountable"}

        def doers(view: set[tuple[uuid.UUID, str]]) -> set[uuid.UUID]:
            return {party for party, role in view if role == "responsible"}

        agreed = views.get(AGREED)  # present only when not empty
        holders = sorted(h for h in views if isinstance(h, uuid.UUID))
        found: list[tuple[str, tuple[uuid.UUID, ...]]] = []

        # no-accountable
        if agreed is not None and not owners(agreed):
            found.append(("no-accountable", ()))
        if agreed is None and not any(owners(views[p]) for p in holders):
            found.append(("no-accountable", ()))
        # multiple-accountable
        if agreed is not None and len(owners(agreed)) >= 2:
            found.append(("multiple-accountable", tuple(sorted(owners(agreed)))))
        if agreed is None:
            self_owners = [p for p in holders if p in owners(views[p])]
            if len(self_owners) >= 2:
                found.append(("multiple-accountable", tuple(sorted(self_owners))))
        # no-responsible
        if agreed is not None and not doers(agreed):
            found.append(("no-responsible", ()))
        # ball-elsewhere
        if len(holders) >= 2 and all(
            owners(views[p]) and p not in owners(views[p]) for p in holders
        ):
            found.append(("ball-elsewhere", tuple(holders)))
        # views-disagree
        if len(holders) >= 2:
            distinct = {(frozenset(owners(views[p])), frozenset(doers(views[p]))) for p in holders}
            if len(distinct) > 1:
                found.append(("views-disagree", tuple(holders)))
        # deviates-from-agreement
        if agreed is not None:
            for p in holders:
                if owners(views[p]) != owners(agreed) or doers(views[p]) != doers(agreed):
                    found.append(("deviates-from-agreement", (p,)))

        found.sort(key=lambda f: (KINDS.index(f[0]), f[1]))
        for kind, _ in found:
            counts[kind] += 1
        if agreed is not None:
            for p in owners(agreed):
                load[p]["accountable"] += 1
            for p in doers(agreed):
                load[p]["responsible"] += 1
        tasks_out.append((task, found))
    clear = sum(1 for _, found in tasks_out if not found)
    clarity = clear / len(task_ids) if task_ids else 1.0
    return tasks_out, counts, clarity, load


def as_reference(result: dict[str, Any]) -> Any:
    """The service's answer in the reference's shape (explanations apart)."""
    tasks = [
        (t["task_id"], [(f["kind"], tuple(f["party_ids"])) for f in t["findings"]])
        for t in result["tasks"]
    ]
    summary = result["summary"]
    load = {
        row["party_id"]: {"accountable": row["accountable"], "responsible": row["responsible"]}
        for row in summary["load"]
    }
    return tasks, {str(k): v for k, v in summary["counts"].items()}, summary["clarity"], load


# --- random maps -------------------------------------------------------------------------------


@st.composite
def role_maps(draw: st.DrawFn) -> dict[str, Any]:
    """A map: which of the pool's parties take part (and which took part and left), its tasks'
    positions, and every view's rows as (task, party, role) indexes."""
    members = draw(st.sets(st.integers(0, POOL - 1), min_size=1, max_size=POOL))
    former = draw(st.sets(st.integers(0, POOL - 1).filter(lambda i: i not in members)))
    speakers = sorted(members | former)
    positions = draw(st.lists(st.integers(0, 3), max_size=6))  # ties: ordered by id then
    views: dict[str, set[tuple[int, int, str]]] = {}
    if positions:
        cell = st.tuples(
            st.integers(0, len(positions) - 1), st.sampled_from(speakers), st.sampled_from(ROLES)
        )
        for perspective in [AGREED, *speakers]:
            if draw(st.booleans()):  # a gap: this view was never given
                views[str(perspective)] = draw(st.sets(cell, max_size=8))
    return {"members": members, "former": former, "positions": positions, "views": views}


@pytest.fixture
def pool(tenant: Tenant) -> list[Party]:
    return [tenant.party(f"Partij {i}") for i in range(POOL)]


@pytest.fixture
def principal(admin: Actor) -> Principal:
    return Principal(
        kind=PrincipalKind.user,
        id=admin.user.id,
        organisation_id=admin.user.organisation_id,
        role=Role.admin,
        party_id=None,
        name=admin.user.name,
    )


def store(
    session: Session, principal: Principal, pool: list[Party], drawn: dict[str, Any]
) -> tuple[RoleMap, list[uuid.UUID], list[Row]]:
    """The drawn map through the service: every speaker takes part while the views are written,
    then the former ones leave (their rows stay, as they do in Kompas)."""
    speakers = sorted(drawn["members"] | drawn["former"])
    role_map, _ = service.create(
        session=session,
        principal=principal,
        data={"title": "Schulden", "party_ids": [pool[i].id for i in speakers]},
    )
    tasks = []
    for n, position in enumerate(drawn["positions"]):
        task = RoleMapTask(
            organisation_id=principal.organisation_id,
            role_map_id=role_map.id,
            title=f"Taak {n}",
            position=position,
        )
        session.add(task)
        tasks.append(task)
    session.flush()
    views = {
        (perspective if perspective == AGREED else str(pool[int(perspective)].id)): [
            {"task_id": tasks[t].id, "party_id": pool[p].id, "role": role}
            for t, p, role in sorted(cells)
        ]
        for perspective, cells in drawn["views"].items()
    }
    service.write_views(session=session, principal=principal, role_map=role_map, views=views)
    if drawn["former"]:
        service.update(
            session=session,
            principal=principal,
            role_map=role_map,
            changes={"party_ids": [pool[i].id for i in sorted(drawn["members"])]},
        )
    session.commit()
    ordered = sorted(tasks, key=lambda t: (t.position, t.id))
    rows = [
        (row["task_id"], row["party_id"], row["role"], perspective)
        for perspective, assignments in views.items()
        for row in assignments
    ]
    return role_map, [t.id for t in ordered], rows


@settings(
    max_examples=80,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(drawn=role_maps())
def test_the_analysis_of_any_stored_map_is_what_the_documentation_says(
    engine: Engine, pool: list[Party], principal: Principal, drawn: dict[str, Any]
):
    with Session(engine, expire_on_commit=False) as session:
        role_map, task_ids, rows = store(session, principal, pool, drawn)
        members = sorted(pool[i].id for i in drawn["members"])
        result = service.current_analysis(session=session, role_map=role_map)
    assert as_reference(result) == reference(task_ids, members, rows)
    for task in result["tasks"]:
        for finding in task["findings"]:
            assert finding["explanation"]["nl"], finding
            assert finding["explanation"]["en"], finding


def test_the_reference_reads_the_documented_example_of_several_findings_at_once():
    """The control: the documentation's own example of several findings, through the reference."""
    task = uuid.UUID(int=1000)
    werk, woon, zorg = (uuid.UUID(int=i) for i in (1, 2, 3))
    rows = [
        (task, zorg, "consulted", AGREED),
        (task, woon, "accountable", str(werk)),
        (task, werk, "accountable", str(woon)),
    ]
    tasks, counts, clarity, _ = reference([task], [werk, woon, zorg], rows)
    assert tasks == [
        (
            task,
            [
                ("no-accountable", ()),
                ("no-responsible", ()),
                ("ball-elsewhere", (werk, woon)),
                ("views-disagree", (werk, woon)),
                ("deviates-from-agreement", (werk,)),
                ("deviates-from-agreement", (woon,)),
            ],
        )
    ]
    assert counts["deviates-from-agreement"] == 2
    assert clarity == 0.0


def test_an_example_through_the_api_matches_the_reference(
    http, tenant: Tenant, admin: Actor, pool: list[Party]
):
    werk, woon, zorg = pool[:3]
    created = http.post(
        "/role-maps",
        json={"title": "Jeugd", "partyIds": [str(p.id) for p in (werk, woon, zorg)]},
        headers=admin.headers,
    )
    assert created.status_code == 201, created.text
    map_id = created.json()["id"]
    task_ids = []
    for position, title in enumerate(["Signaleren", "Plan maken", "Nazorg"]):
        task = http.post(
            f"/role-maps/{map_id}/tasks",
            json={"title": title, "position": position},
            headers=admin.headers,
        )
        assert task.status_code == 201, task.text
        task_ids.append(uuid.UUID(task.json()["id"]))
    signal, plan, _aftercare = task_ids  # aftercare: nobody says anything (a gap)
    views: dict[str, list[tuple[uuid.UUID, Party, str]]] = {
        AGREED: [
            (signal, werk, "accountable"),
            (signal, woon, "accountable"),
            (plan, zorg, "consulted"),
        ],
        str(werk.id): [
            (signal, werk, "accountable"),
            (signal, werk, "responsible"),
            (plan, woon, "accountable"),
        ],
        str(woon.id): [
            (signal, woon, "accountable"),
            (plan, werk, "accountable"),
            (plan, woon, "informed"),
        ],
    }
    for perspective, cells in views.items():
        path = f"/role-maps/{map_id}/perspectives/{perspective}"
        etag = http.get(path, headers=admin.headers).headers["ETag"]
        body = {
            "assignments": [
                {"taskId": str(t), "partyId": str(p.id), "role": role} for t, p, role in cells
            ]
        }
        put = http.put(path, json=body, headers={**admin.headers, "If-Match": etag})
        assert put.status_code == 200, put.text
    answer = http.get(f"/role-maps/{map_id}/analysis", headers=admin.headers)
    assert answer.status_code == 200, answer.text
    got = answer.json()
    rows = [
        (t, p.id, role, perspective) for perspective, cells in views.items() for t, p, role in cells
    ]
    expected_tasks, counts, clarity, load = reference(
        task_ids, sorted(p.id for p in (werk, woon, zorg)), rows
    )
    assert [
        (
            uuid.UUID(t["taskId"]),
            [(f["kind"], tuple(uuid.UUID(p) for p in f["partyIds"])) for f in t["findings"]],
        )
        for t in got["tasks"]
    ] == expected_tasks
    assert got["summary"]["counts"] == counts
    assert got["summary"]["clarity"] == clarity
    assert {
        uuid.UUID(row["partyId"]): {
            "accountable": row["accountable"],
            "responsible": row["responsible"],
        }
        for row in got["summary"]["load"]
    } == load
    # The map has every gap and conflict the example was made for.
    kinds = {f["kind"] for t in got["tasks"] for f in t["findings"]}
    assert {"multiple-accountable", "no-accountable", "ball-elsewhere", "views-disagree"} <= kinds
