"""Benchmark of the role-map analysis: how its time grows with the number of assignments.

Run it from the repository root:

    .venv/bin/python bench/rolemap_analysis.py

`run_pure()` times `kompas.rolemaps.analysis.analyse` on synthetic rows in memory (no database),
7,500 up to 120,000 assignments over 60 parties, and returns the figures, so that a later
benchmark through the real schema (SQLite and PostgreSQL) can print them beside its own. Time per
assignment that stays flat as the rows grow is what shows the analysis is linear.
A benchmark, not a test: it asserts nothing.
"""

from __future__ import annotations

import gc
import math
import random
import statistics
import time
import uuid
from typing import Any

from kompas.rolemaps.analysis import AGREED, Assignment, Perspective, Role, analyse

TASKS = 2_000
PARTIES = 60
SIZES = (7_500, 15_000, 30_000, 60_000, 120_000)
ROWS_PER_TASK = 30  # as in the map: 60,000 assignments over 2,000 tasks
RUNS = 15
ROWS_PER_VIEW = 5  # a view names about five parties for a task: an A, an R and a few C and I


def synthetic_map(
    assignments: int, *, tasks: int = TASKS, parties: int = PARTIES, seed: int = 5
) -> tuple[list[uuid.UUID], list[uuid.UUID], list[Assignment]]:
    """A map of `tasks` × `parties` with exactly `assignments` rows, shuffled.

    Per task the agreed view comes first, then the views of randomly chosen parties, about
    ROWS_PER_VIEW rows each, until the task's share of rows is spent: more rows means more views
    per task, as when more parties fill in theirs. Most views follow the agreement; some point the
    owner or the doer elsewhere or claim the task, so that every kind of finding occurs.
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic data, nothing secret
    task_ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(tasks)]
    party_ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(parties)]
    rows: list[Assignment] = []
    for index, task_id in enumerate(task_ids):
        budget = assignments // tasks + (1 if index < assignments % tasks else 0)
        owner, doer, *others = rng.sample(party_ids, k=6)
        agreed_owners = rng.choices([[], [owner], [owner, others[0]]], weights=[1, 18, 1])[0]
        agreed_doers = rng.choices([[], [doer]], weights=[1, 19])[0]
        # The agreed owner usually gives its view first; then parties chosen at random.
        holders = [owner] if rng.random() < 0.8 else []
        holders += rng.sample(
            [p for p in party_ids if p != owner], k=min(parties - 1, budget // ROWS_PER_VIEW)
        )
        views: list[tuple[Perspective, list[uuid.UUID], list[uuid.UUID]]] = [
            (AGREED, agreed_owners, agreed_doers)
        ]
        for holder in holders:
            owners, doers = rng.choices(
                [
                    (agreed_owners, agreed_doers),
                    ([rng.choice(party_ids)], agreed_doers),
                    (agreed_owners, [rng.choice(party_ids)]),
                    ([holder], [holder]),
                ],
                weights=[6, 2, 1, 1],
            )[0]
            views.append((holder, owners, doers))
        for perspective, owners, doers in views:
            view = dict.fromkeys(owners, Role.accountable)
            view.update({p: Role.responsible for p in doers if p not in view})
            for p in rng.sample(party_ids, k=ROWS_PER_VIEW):
                if len(view) >= ROWS_PER_VIEW:
                    break
                view.setdefault(p, rng.choice([Role.consulted, Role.informed]))
            for party_id, role in list(view.items())[:budget]:
                rows.append(Assignment(task_id, party_id, role, perspective))
            budget -= min(budget, len(view))
            if budget == 0:
                break
    rng.shuffle(rows)  # the database promises no order either
    return task_ids, party_ids, [_as_fetched(a) for a in rows]


def _as_fetched(a: Assignment) -> Assignment:
    """A copy with its own UUID objects, made in the order of the rows, as a driver makes them
    (sharing one object per id would flatter the analysis's use of the memory caches)."""
    perspective = a.perspective
    return Assignment(
        uuid.UUID(int=a.task_id.int),
        uuid.UUID(int=a.party_id.int),
        a.role,
        uuid.UUID(int=perspective.int) if isinstance(perspective, uuid.UUID) else perspective,
    )


def run_pure(runs: int = RUNS) -> list[dict[str, Any]]:
    """Time the pure analysis per size: median and p95 in ms, and µs per assignment.

    Two series: the issue's map of 2,000 tasks filling up with views (so the work per task grows
    too), and maps of one shape, ROWS_PER_TASK rows per task, with more tasks. The runs of all
    sizes take turns, so that a busy machine slows them alike.
    """
    cases = [("more views per task", size, TASKS) for size in SIZES] + [
        ("more tasks", size, size // ROWS_PER_TASK) for size in SIZES
    ]
    maps = [synthetic_map(size, tasks=tasks) for _, size, tasks in cases]
    seconds: list[list[float]] = [[] for _ in cases]
    for _ in range(runs):
        for (task_ids, party_ids, rows), times in zip(maps, seconds, strict=True):
            names = {p: f"Partij {n}" for n, p in enumerate(party_ids)}
            gc.collect()
            start = time.perf_counter()
            analyse(task_ids, party_ids, rows, names)
            times.append(time.perf_counter() - start)
    figures = []
    for (series, _, _), (task_ids, party_ids, rows), times in zip(
        cases, maps, seconds, strict=True
    ):
        times.sort()
        median = statistics.median(times)
        analysis = analyse(task_ids, party_ids, rows)
        figures.append(
            {
                "series": series,
                "assignments": len(rows),
                "tasks": len(task_ids),
                "parties": len(party_ids),
                "runs": runs,
                "min_ms": times[0] * 1000,
                "median_ms": median * 1000,
                "p95_ms": times[math.ceil(0.95 * len(times)) - 1] * 1000,
                "us_per_assignment": median * 1_000_000 / len(rows),
                "findings": sum(analysis.summary.counts.values()),
                "clarity": analysis.summary.clarity,
            }
        )
    return figures


def print_table(figures: list[dict[str, Any]]) -> None:
    """A Markdown table; "× smallest" is µs per assignment (median) over the series' first."""
    print(
        "| series | assignments | tasks | parties | min ms | median ms | p95 ms "
        "| µs/assignment | × smallest | findings | clarity |"
    )
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    base: dict[str, float] = {}
    for f in figures:
        base.setdefault(f["series"], f["us_per_assignment"])
        print(
            f"| {f['series']} | {f['assignments']:,} | {f['tasks']:,} | {f['parties']} "
            f"| {f['min_ms']:.1f} | {f['median_ms']:.1f} | {f['p95_ms']:.1f} "
            f"| {f['us_per_assignment']:.2f} | {f['us_per_assignment'] / base[f['series']]:.2f} "
            f"| {f['findings']:,} | {f['clarity']:.2f} |"
        )


if __name__ == "__main__":
    print_table(run_pure())
