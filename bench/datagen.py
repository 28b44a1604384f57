"""Benchmark data: a large municipality (or 342 organisations), in bulk through the real schema.

    .venv/bin/python bench/datagen.py --database-url URL --scale 0.01 [--national] \
        [--reset] --out manifest.json

Runs the real Alembic migrations, then writes every row in bulk (PostgreSQL: COPY; SQLite:
executemany; bench/datagen_writer.py), never one ORM object at a time, so that ×1 (about two
million rows) takes minutes, not hours. The rows are those the API would have made: every NOT
NULL column and foreign key filled, valid enum values, versions and timestamps as the services
write them, status histories that follow the allowed transitions, the ball's handoffs, the search
index (PostgreSQL's expression indexes and SQLite's FTS5 triggers fill themselves), an audit trail.

At ×1 the large organisation has 300 parties, 10,000 people, 30 role maps (the largest 2,000 tasks
× 60 parties × 60,000 assignments), 20,000 agenda items, 10,000 questions, 20,000 successes,
50,000 experiences, 2,000 meetings, 100 reflection rounds with 200,000 answers and 1,000,000 audit
events; each count is multiplied by the scale (at least 1). The largest role map keeps its shape
at ×0.1 and ×1 and shrinks with the scale below. `--national` adds 341 organisations of ×0.001 to
×0.01 of the scale beside it; one of them is the manifest's "small".

Deterministic: ids, names, texts and shapes come from seeded random generators. Times are spread
over the three years before the day of the run (so "stalled", "open" and "past" mean what they
would mean in a live installation). A benchmark tool, not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text

sys.path.insert(0, str(Path(__file__).resolve().parent))

import datagen_text as words
from datagen_writer import BulkWriter
from rolemap_analysis import synthetic_map

import kompas.models  # noqa: F401 - every table in the metadata
from kompas.compass.service import DEFAULT_PHASES
from kompas.core import dataversion
from kompas.core.db import make_engine
from kompas.core.migrate import upgrade
from kompas.reflection.service import DEFAULT_QUESTIONS, DEFAULT_STATEMENTS

SEED = 14
YEARS = 3
ORGANISATIONS_NATIONAL = 342
SMALL_FACTOR = 0.005  # the designated small organisation, relative to the scale

# What the large organisation has at ×1.
FULL: dict[str, int] = {
    "parties": 300,
    "people": 10_000,
    "needs": 1_000,
    "drivers": 12,
    "work_formats": 6,
    "role_maps": 30,
    "agenda_items": 20_000,
    "questions": 10_000,
    "successes": 20_000,
    "experiences": 50_000,
    "meetings": 2_000,
    "reflection_rounds": 100,
    "reflection_answers": 200_000,
    "audit_events": 1_000_000,
}
LARGEST_MAP = (2_000, 60, 60_000)  # tasks, parties, assignments
MIN_PARTIES = 8  # a role map view samples six parties (bench/rolemap_analysis.py)
RESPONSE_SHARE = 0.8  # of a round's invited people who answer

TENANT = ("id", "organisation_id", "created_at", "updated_at", "version")
COLUMNS: dict[str, tuple[str, ...]] = {
    "organisations": ("id", "name", "created_at"),
    # A bulk load moves each organisation's data version, as a write through Kompas would
    # (decision 0017): what a server kept before the load is then never taken for its data.
    "data_versions": ("organisation_id", "version"),
    "purposes": (*TENANT, "statement", "explanation"),
    "phases": (*TENANT, "name", "description", "position"),
    "drivers": (*TENANT, "title", "description", "position"),
    "work_formats": (*TENANT, "name", "description"),
    "parties": (
        *TENANT,
        "kind",
        "name",
        "description",
        "organisation_type",
        "website",
        "contacts",
    ),
    "people": (*TENANT, "party_id", "name", "email", "job_title", "phone"),
    "needs": (
        *TENANT,
        "party_id",
        "kind",
        "title",
        "description",
        "counterpart_party_id",
        "status",
        "visibility",
    ),
    "users": (
        *TENANT,
        "email",
        "name",
        "role",
        "party_id",
        "password_hash",
        "is_active",
        "token_generation",
    ),
    "role_maps": (*TENANT, "title", "description", "theme", "phase_id"),
    "role_map_parties": ("role_map_id", "party_id", "organisation_id"),
    "role_map_tasks": (*TENANT, "role_map_id", "title", "description", "cluster", "position"),
    "role_assignments": (
        "id",
        "organisation_id",
        "role_map_id",
        "task_id",
        "party_id",
        "role",
        "perspective",
    ),
    "agenda_items": (
        *TENANT,
        "title",
        "description",
        "horizon",
        "phase_id",
        "status",
        "status_reason",
        "lead_party_id",
        "ball_holder_id",
        "ball_moved_at",
        "target_date",
        "progress",
        "visibility",
    ),
    "questions": (
        *TENANT,
        "title",
        "rationale",
        "phase_id",
        "status",
        "status_reason",
        "findings",
        "lead_party_id",
        "ball_holder_id",
        "ball_moved_at",
        "visibility",
    ),
    "contributions": (*TENANT, "question_id", "party_id", "kind", "body", "author_name"),
    "participations": ("subject_id", "party_id", "subject_kind", "level", "organisation_id"),
    "handoffs": (
        *TENANT,
        "subject_kind",
        "subject_id",
        "from_party_id",
        "to_party_id",
        "note",
        "status",
        "reason",
        "requested_by",
        "decided_by",
        "decided_at",
    ),
    "status_changes": (
        "id",
        "organisation_id",
        "subject_kind",
        "subject_id",
        "from_status",
        "to_status",
        "reason",
        "changed_by",
        "changed_at",
    ),
    "links": ("id", "organisation_id", "source_kind", "source_id", "target_kind", "target_id"),
    "successes": (
        *TENANT,
        "title",
        "description",
        "achieved_on",
        "evidence_url",
        "evidence",
        "visibility",
    ),
    "endorsements": (
        "id",
        "organisation_id",
        "success_id",
        "party_id",
        "endorsed_by",
        "comment",
        "created_at",
    ),
    "experiences": (
        *TENANT,
        "title",
        "situation",
        "what_was_done",
        "what_was_learned",
        "tip",
        "tags",
        "phase_id",
        "author_id",
        "author_name",
        "visibility",
    ),
    "meetings": (
        *TENANT,
        "title",
        "agenda",
        "location",
        "starts_at",
        "ends_at",
        "phase_id",
        "work_format_id",
        "outcome_notes",
        "visibility",
    ),
    "reflection_rounds": (
        *TENANT,
        "title",
        "opens_on",
        "closes_on",
        "status",
        "statements",
        "questions",
        "released_at",
    ),
    "reflection_round_parties": ("round_id", "party_id"),
    "reflection_respondents": ("id", "round_id", "user_id"),
    "reflection_answers": ("id", "round_id", "party_id", "ratings", "open_answers"),
    "audit_events": (
        "id",
        "organisation_id",
        "occurred_at",
        "actor_kind",
        "actor_id",
        "actor_name",
        "action",
        "resource_type",
        "resource_id",
        "changes",
    ),
}

LOGIN_ROLES = ("admin", "coordinator", "member", "viewer", "partner")
PARTNER_TYPES = (
    "housing-corporation",
    "public-health",
    "employment-agency",
    "care-provider",
    "neighbourhood-team",
    "education",
    "other",
)
AGENDA_PATHS = {
    "idea": ("idea",),
    "planned": ("idea", "planned"),
    "in-progress": ("idea", "planned", "in-progress"),
    "done": ("idea", "planned", "in-progress", "done"),
    "dropped": ("idea", "dropped"),
}
AGENDA_WEIGHTS = {"idea": 25, "planned": 20, "in-progress": 30, "done": 20, "dropped": 5}
QUESTION_PATHS = {
    "open": ("open",),
    "investigating": ("open", "investigating"),
    "answered": ("open", "investigating", "answered"),
    "closed": ("open", "investigating", "answered", "closed"),
}
QUESTION_WEIGHTS = {"open": 30, "investigating": 35, "answered": 20, "closed": 15}
# (visibility, weight) per kind of record: successes and experiences are never private.
VISIBILITY_WORK = (("organisation", 75), ("partners", 12), ("published", 8), ("private", 5))
VISIBILITY_SHARED = (("organisation", 70), ("partners", 18), ("published", 12))
LEVELS = ("watching", "thinking-along", "taking-part")


def _new_id(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _pick(rng: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    return rng.choices([v for v, _ in weighted], weights=[w for _, w in weighted])[0]


def counts_for(scale: float) -> dict[str, int]:
    """The large organisation's counts at ``scale``: multiplied, at least 1 (parties: 8)."""
    counts = {name: max(1, round(n * scale)) for name, n in FULL.items()}
    counts["parties"] = max(MIN_PARTIES, counts["parties"])
    return counts


def largest_map_shape(scale: float, parties: int) -> tuple[int, int, int]:
    """Tasks, parties and assignments of the largest map: the issue's at ×0.1 and above."""
    tasks, map_parties, assignments = LARGEST_MAP
    factor = min(1.0, scale * 10)
    tasks = max(1, round(tasks * factor))
    return tasks, min(map_parties, parties), tasks * (assignments // LARGEST_MAP[0])


@dataclass
class Record:
    """What the audit trail and the manifest need of a generated tenant record."""

    resource_type: str
    id: uuid.UUID
    created_at: datetime
    updated_at: datetime
    version: int
    label: str


@dataclass
class Org:
    """One organisation being generated, and what the manifest says of it."""

    name: str
    scale: float
    rng: random.Random
    now: datetime
    id: uuid.UUID = field(init=False)
    counts: dict[str, int] = field(init=False)
    slug: str = ""
    records: list[Record] = field(default_factory=list)
    manifest: dict[str, Any] = field(default_factory=dict)
    phases: list[uuid.UUID] = field(default_factory=list)
    drivers: list[uuid.UUID] = field(default_factory=list)
    work_formats: list[uuid.UUID] = field(default_factory=list)
    parties: list[uuid.UUID] = field(default_factory=list)
    departments: list[uuid.UUID] = field(default_factory=list)
    partners: list[uuid.UUID] = field(default_factory=list)
    logins: dict[str, uuid.UUID] = field(default_factory=dict)
    round_parties: list[uuid.UUID] = field(default_factory=list)
    respondents: list[tuple[uuid.UUID, uuid.UUID]] = field(default_factory=list)
    authors: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    agenda_items: list[uuid.UUID] = field(default_factory=list)
    questions: list[uuid.UUID] = field(default_factory=list)
    successes: list[uuid.UUID] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.id = _new_id(self.rng)
        self.counts = counts_for(self.scale)

    def moment(self, after: datetime | None = None) -> datetime:
        """A moment in the last three years (after ``after`` if given), to the microsecond."""
        start = after or self.now - timedelta(days=365 * YEARS)
        span = max(1.0, (self.now - start).total_seconds() - 60)
        return start + timedelta(seconds=self.rng.random() * span)

    def stamps(self) -> tuple[datetime, datetime, int]:
        """created_at, updated_at and version as the services leave them: 60% edited later."""
        created = self.moment()
        if self.rng.random() < 0.6:
            return created, self.moment(created), self.rng.randint(2, 6)
        return created, created, 1


class Generator:
    """Writes organisations through a BulkWriter; ``run`` returns the manifest's pieces."""

    def __init__(self, writer: BulkWriter, now: datetime) -> None:
        self.writer = writer
        self.now = now

    def tenant(
        self, org: Org, table: str, values: tuple[Any, ...], label: str = "", *, audit: bool = True
    ) -> uuid.UUID:
        """A TenantRecord row: id, organisation, created/updated and version, then ``values``."""
        record_id = _new_id(org.rng)
        created, updated, version = org.stamps()
        self.writer.add(table, (record_id, org.id, created, updated, version, *values))
        if audit:
            org.records.append(
                Record(table.replace("_", "-"), record_id, created, updated, version, label)
            )
        return record_id

    # --- the organisation and its registry ---------------------------------------------------

    def organisation(self, org: Org) -> None:
        rng = org.rng
        c = org.counts
        self.writer.add("organisations", (org.id, org.name, org.now - timedelta(days=365 * YEARS)))
        self.writer.add("data_versions", (org.id, dataversion.first_version()))
        self.tenant(org, "purposes", (words.sentence(rng), words.text(rng)), audit=False)
        org.phases = [
            self.tenant(org, "phases", (name, description, position), name)
            for position, (name, description) in enumerate(DEFAULT_PHASES, start=1)
        ]
        org.drivers = [
            self.tenant(org, "drivers", (words.title(rng), words.text(rng), n), "driver")
            for n in range(1, c["drivers"] + 1)
        ]
        org.work_formats = [
            self.tenant(
                org, "work_formats", (f"Werkvorm {n}: {words.phrase(rng)}", words.text(rng))
            )
            for n in range(1, c["work_formats"] + 1)
        ]
        departments = max(2, c["parties"] * 2 // 5)
        for n in range(c["parties"]):
            is_department = n < departments
            name = (
                f"Afdeling {rng.choice(words.NOUNS).capitalize()} {n + 1}"
                if is_department
                else f"{rng.choice(words.PARTNER_KINDS)} {rng.choice(words.PLACES)} {n + 1}"
            )
            contacts = (
                []
                if is_department
                else [
                    {
                        "name": words.person_name(rng),
                        "role": rng.choice(words.JOB_TITLES),
                        "email": f"contact{n}@partner{n}.example",
                        "phone": None,
                    }
                ]
            )
            party_id = self.tenant(
                org,
                "parties",
                (
                    "department" if is_department else "partner",
                    name[:200],
                    words.sentence(rng)[:2000],
                    None if is_department else rng.choice(PARTNER_TYPES),
                    None if is_department else f"https://www.partner{n}.example",
                    contacts,
                ),
                name,
            )
            org.parties.append(party_id)
            (org.departments if is_department else org.partners).append(party_id)
        for n in range(c["people"]):
            name = words.person_name(rng)
            self.tenant(
                org,
                "people",
                (
                    rng.choice(org.parties),
                    name,
                    f"persoon{n}@{org.slug}.example" if rng.random() < 0.8 else None,
                    rng.choice(words.JOB_TITLES),
                    f"06-{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.4 else None,
                ),
                name,
            )
        for _ in range(c["needs"]):
            party = rng.choice(org.parties)
            counterpart = rng.choice(org.parties) if rng.random() < 0.7 else None
            self.tenant(
                org,
                "needs",
                (
                    party,
                    rng.choice(("need", "offer")),
                    words.title(rng),
                    words.text(rng),
                    counterpart if counterpart != party else None,
                    _pick(rng, (("open", 60), ("being-met", 25), ("met", 15))),
                    _pick(rng, VISIBILITY_SHARED),
                ),
                "need",
            )

    def users(self, org: Org) -> None:
        """The five logins the load harness uses, and the people who answer reflection rounds."""
        rng = org.rng
        parties = {
            "admin": None,
            "coordinator": org.departments[0],
            "member": org.departments[1 % len(org.departments)],
            "viewer": org.departments[-1],
            "partner": org.partners[0],
        }
        for role in LOGIN_ROLES:
            user_id = self._user(
                org, f"{role}@{org.slug}.example", f"Bench {role}", role, parties[role]
            )
            org.logins[role] = user_id
        org.manifest["users"] = {role: str(user_id) for role, user_id in org.logins.items()}
        org.manifest["party_id"] = str(parties["partner"])
        # Respondents: enough people in the invited parties for a round's share of answers.
        per_round = math.ceil(org.counts["reflection_answers"] / org.counts["reflection_rounds"])
        # Up to 50 parties, and those of the logins, so that each of them sees the rounds.
        logins = [party for party in parties.values() if party is not None]
        org.round_parties = list(dict.fromkeys([*org.parties[:50], *logins]))
        for n in range(math.ceil(per_round / RESPONSE_SHARE)):
            party = org.round_parties[n % len(org.round_parties)]
            role = "member" if party in org.departments else "partner"
            user_id = self._user(
                org, f"deelnemer{n}@{org.slug}.example", words.person_name(rng), role, party
            )
            org.respondents.append((user_id, party))
        org.authors = [(org.logins[r], f"Bench {r}") for r in ("admin", "coordinator", "member")]

    def _user(
        self, org: Org, email: str, name: str, role: str, party: uuid.UUID | None
    ) -> uuid.UUID:
        # No password: the harness mints access tokens (kompas.core.security.create_access_token).
        return self.tenant(org, "users", (email, name, role, party, None, True, 0), name)

    # --- role maps ----------------------------------------------------------------------------

    def role_maps(self, org: Org) -> None:
        rng = org.rng
        c = org.counts
        largest = largest_map_shape(org.scale, len(org.parties))
        for n in range(c["role_maps"]):
            if n == 0:
                tasks, map_parties, assignments = largest
            else:
                tasks = rng.randint(10, 300)
                map_parties = min(len(org.parties), rng.randint(MIN_PARTIES, 25))
                assignments = tasks * rng.randint(8, 20)
            theme = rng.choice(words.THEMES)
            map_id = self.tenant(
                org,
                "role_maps",
                (words.title(rng), words.text(rng), theme, rng.choice([None, *org.phases])),
                "role map",
            )
            if n == 0:
                org.manifest["role_map_id"] = str(map_id)
            parties = rng.sample(org.parties, k=map_parties)
            for party in parties:
                self.writer.add("role_map_parties", (map_id, party, org.id))
            task_ids, synthetic_parties, rows = synthetic_map(
                assignments, tasks=tasks, parties=map_parties, seed=rng.getrandbits(32)
            )
            real = dict(zip(synthetic_parties, parties, strict=True))
            for position, task_id in enumerate(task_ids, start=1):
                created, updated, version = org.stamps()
                self.writer.add(
                    "role_map_tasks",
                    (
                        task_id,
                        org.id,
                        created,
                        updated,
                        version,
                        map_id,
                        words.title(rng),
                        words.text(rng) if rng.random() < 0.3 else "",
                        rng.choice(words.CLUSTERS),
                        position,
                    ),
                )
            for a in rows:
                perspective = a.perspective
                self.writer.add(
                    "role_assignments",
                    (
                        _new_id(rng),
                        org.id,
                        map_id,
                        a.task_id,
                        real[a.party_id],
                        a.role.value,
                        "agreed" if isinstance(perspective, str) else str(real[perspective]),
                    ),
                )

    # --- joint work ---------------------------------------------------------------------------

    def _work_relations(
        self,
        org: Org,
        kind: str,
        subject_id: uuid.UUID,
        ball: tuple[uuid.UUID, uuid.UUID, datetime],
        history: tuple[Sequence[str], datetime, datetime, str],
        moving: bool,
    ) -> list[uuid.UUID]:
        """An agenda item's or question's participants (the ball holder among them), status
        history and handoffs; returns the participating parties."""
        lead, holder, moved = ball
        parties = self._participants(org, kind, subject_id, lead)
        if holder not in parties:
            self.writer.add("participations", (subject_id, holder, kind, "taking-part", org.id))
            parties.append(holder)
        self._history(org, kind, subject_id, *history)
        self._handoffs(org, kind, subject_id, lead, holder, moved, moving)
        return parties

    def _participants(
        self, org: Org, subject_kind: str, subject_id: uuid.UUID, lead: uuid.UUID
    ) -> list[uuid.UUID]:
        rng = org.rng
        others = rng.sample(org.parties, k=min(len(org.parties), rng.randint(0, 5)))
        parties = list(dict.fromkeys([lead, *others]))
        for party in parties:
            level = "taking-part" if party == lead else rng.choice(LEVELS)
            self.writer.add("participations", (subject_id, party, subject_kind, level, org.id))
        return parties

    def _history(
        self,
        org: Org,
        subject_kind: str,
        subject_id: uuid.UUID,
        path: Sequence[str],
        created: datetime,
        updated: datetime,
        reason: str,
    ) -> None:
        """The status history: the first status at creation, each later step up to ``updated``."""
        moments = sorted(org.moment(created) for _ in path[1:])
        moments = [created, *[min(m, updated) for m in moments]]
        previous: str | None = None
        for step, (status, at) in enumerate(zip(path, moments, strict=True)):
            last = step == len(path) - 1
            self.writer.add(
                "status_changes",
                (
                    _new_id(org.rng),
                    org.id,
                    subject_kind,
                    subject_id,
                    previous,
                    status,
                    reason if last else "",
                    org.rng.choice(org.authors)[1],
                    at,
                ),
            )
            previous = status

    def _handoffs(
        self,
        org: Org,
        subject_kind: str,
        subject_id: uuid.UUID,
        lead: uuid.UUID,
        holder: uuid.UUID,
        moved: datetime,
        is_open: bool,
    ) -> None:
        """The ball's trail: declined offers, the accepted one that gave ``holder`` the ball, and
        sometimes a pending offer (at most one per subject)."""
        rng = org.rng
        by = rng.choice(org.authors)[1]
        for _ in range(rng.choices((0, 1, 2), weights=(6, 3, 1))[0]):
            at = org.moment(moved)
            to = rng.choice(org.parties)
            if to == lead:
                continue
            self._handoff(org, subject_kind, subject_id, lead, to, at, "declined", by, at)
        if holder != lead:
            self._handoff(org, subject_kind, subject_id, lead, holder, moved, "accepted", by, moved)
        if is_open and rng.random() < 0.12:
            to = rng.choice(org.parties)
            if to != holder:
                at = org.moment(moved)
                self._handoff(org, subject_kind, subject_id, holder, to, at, "pending", by, None)

    def _handoff(
        self,
        org: Org,
        subject_kind: str,
        subject_id: uuid.UUID,
        from_party: uuid.UUID,
        to_party: uuid.UUID,
        at: datetime,
        status: str,
        by: str,
        decided_at: datetime | None,
    ) -> None:
        rng = org.rng
        created = min(at, self.now)
        updated = decided_at or created
        self.writer.add(
            "handoffs",
            (
                _new_id(rng),
                org.id,
                created,
                updated,
                1 if status == "pending" else 2,
                subject_kind,
                subject_id,
                from_party,
                to_party,
                words.sentence(rng) if rng.random() < 0.7 else "",
                status,
                words.sentence(rng) if status == "declined" else "",
                by,
                "" if status == "pending" else by,
                decided_at,
            ),
        )

    def _links(
        self,
        org: Org,
        source_kind: str,
        source_id: uuid.UUID,
        target_kind: str,
        targets: Sequence[uuid.UUID],
    ) -> None:
        for target in dict.fromkeys(targets):
            self.writer.add(
                "links", (_new_id(org.rng), org.id, source_kind, source_id, target_kind, target)
            )

    def agenda_items(self, org: Org) -> None:
        rng = org.rng
        for n in range(org.counts["agenda_items"]):
            status = rng.choices(list(AGENDA_WEIGHTS), weights=list(AGENDA_WEIGHTS.values()))[0]
            lead = org.partners[0] if n == 0 else rng.choice(org.parties)
            visibility = "organisation" if n == 0 else _pick(rng, VISIBILITY_WORK)
            # The manifest's records name the search term, so that even the smallest
            # organisation finds something.
            title = words.title(rng, with_term=n == 0)
            created, updated, version = org.stamps()
            item_id = _new_id(rng)
            holder = lead
            moved = created
            if rng.random() < 0.35:
                holder = rng.choice(org.parties)
                moved = org.moment(created) if updated > created else created
                moved = min(moved, updated)
            progress = {"idea": 0, "planned": 0, "done": 100}.get(status, rng.randint(5, 95))
            if status == "dropped":
                progress = rng.randint(0, 60)
            target = None
            if rng.random() < 0.6:
                target = (created + timedelta(days=rng.randint(30, 720))).date()
            year = created.year + rng.randint(0, 2)
            horizon = rng.choice(("", str(year), f"{year}-Q{rng.randint(1, 4)}"))
            reason = words.sentence(rng) if status == "dropped" else ""
            self.writer.add(
                "agenda_items",
                (
                    item_id,
                    org.id,
                    created,
                    updated,
                    version,
                    title,
                    words.text(rng),
                    horizon,
                    rng.choice([None, *org.phases]),
                    status,
                    reason,
                    lead,
                    holder,
                    moved,
                    target,
                    progress,
                    visibility,
                ),
            )
            org.records.append(Record("agenda-items", item_id, created, updated, version, title))
            org.agenda_items.append(item_id)
            if n == 0:
                org.manifest["agenda_item_id"] = str(item_id)
            self._work_relations(
                org,
                "agenda-item",
                item_id,
                (lead, holder, moved),
                (AGENDA_PATHS[status], created, updated, reason),
                status in AGENDA_PATHS["in-progress"],
            )
            if org.drivers and rng.random() < 0.5:
                self._links(
                    org,
                    "agenda-item",
                    item_id,
                    "driver",
                    rng.sample(org.drivers, k=min(2, len(org.drivers))),
                )

    def questions(self, org: Org) -> None:
        rng = org.rng
        for n in range(org.counts["questions"]):
            status = rng.choices(list(QUESTION_WEIGHTS), weights=list(QUESTION_WEIGHTS.values()))[0]
            lead = org.partners[0] if n == 0 else rng.choice(org.parties)
            visibility = "organisation" if n == 0 else _pick(rng, VISIBILITY_WORK)
            title = words.title(rng, 499, with_term=n == 0) + "?"
            created, updated, version = org.stamps()
            question_id = _new_id(rng)
            holder = lead if rng.random() < 0.7 else rng.choice(org.parties)
            moved = min(org.moment(created), updated) if holder != lead else created
            findings = (
                words.text(rng) or words.sentence(rng) if status in ("answered", "closed") else ""
            )
            self.writer.add(
                "questions",
                (
                    question_id,
                    org.id,
                    created,
                    updated,
                    version,
                    title,
                    words.text(rng),
                    rng.choice([None, *org.phases]),
                    status,
                    "",
                    findings,
                    lead,
                    holder,
                    moved,
                    visibility,
                ),
            )
            org.records.append(Record("questions", question_id, created, updated, version, title))
            org.questions.append(question_id)
            if n == 0:
                org.manifest["question_id"] = str(question_id)
            parties = self._work_relations(
                org,
                "question",
                question_id,
                (lead, holder, moved),
                (QUESTION_PATHS[status], created, updated, ""),
                status in ("open", "investigating"),
            )
            for _ in range(rng.choices((0, 1, 2, 3, 5, 8), weights=(2, 3, 3, 2, 1, 1))[0]):
                self.tenant(
                    org,
                    "contributions",
                    (
                        question_id,
                        rng.choice(parties),
                        rng.choice(("observation", "data", "proposal")),
                        words.text(rng) or words.sentence(rng),
                        words.person_name(rng),
                    ),
                    "contribution",
                )
            if org.agenda_items and rng.random() < 0.3:
                # An agenda item that takes this question up (agenda item → question).
                self._links(
                    org, "agenda-item", rng.choice(org.agenda_items), "question", [question_id]
                )

    def successes(self, org: Org) -> None:
        rng = org.rng
        for n in range(org.counts["successes"]):
            title = words.title(rng, with_term=n == 0)
            created, updated, version = org.stamps()
            success_id = _new_id(rng)
            self.writer.add(
                "successes",
                (
                    success_id,
                    org.id,
                    created,
                    updated,
                    version,
                    title,
                    words.text(rng),
                    created.date() - timedelta(days=rng.randint(0, 60)),
                    f"https://www.voorbeeld.example/resultaat/{n}" if rng.random() < 0.2 else None,
                    words.sentence(rng)[:500] if rng.random() < 0.5 else "",
                    "published" if n == 0 else _pick(rng, VISIBILITY_SHARED),
                ),
            )
            org.records.append(Record("successes", success_id, created, updated, version, title))
            org.successes.append(success_id)
            if n == 0:
                org.manifest["success_id"] = str(success_id)
            parties = rng.sample(org.parties, k=min(len(org.parties), rng.randint(1, 3)))
            self._links(org, "success", success_id, "party", parties)
            if org.agenda_items and rng.random() < 0.4:
                self._links(
                    org, "success", success_id, "agenda-item", [rng.choice(org.agenda_items)]
                )
            if org.questions and rng.random() < 0.2:
                self._links(org, "success", success_id, "question", [rng.choice(org.questions)])
            for party in rng.sample(parties, k=rng.randint(0, len(parties))):
                self.writer.add(
                    "endorsements",
                    (
                        _new_id(rng),
                        org.id,
                        success_id,
                        party,
                        words.person_name(rng),
                        words.sentence(rng) if rng.random() < 0.4 else "",
                        org.moment(created),
                    ),
                )

    def experiences(self, org: Org) -> None:
        rng = org.rng
        for n in range(org.counts["experiences"]):
            author_id, author_name = rng.choice(org.authors)
            tags = sorted(set(rng.sample(words.TAGS, k=rng.randint(0, 4))))
            experience_id = self.tenant(
                org,
                "experiences",
                (
                    words.title(rng, with_term=n == 0),
                    words.text(rng),
                    words.text(rng),
                    words.text(rng),
                    words.sentence(rng)[:2000] if rng.random() < 0.6 else "",
                    tags,
                    rng.choice([None, *org.phases]),
                    author_id,
                    author_name,
                    "partners" if n == 0 else _pick(rng, VISIBILITY_SHARED),
                ),
                "experience",
            )
            if n == 0:
                org.manifest["experience_id"] = str(experience_id)
            if rng.random() < 0.7:
                self._links(
                    org,
                    "experience",
                    experience_id,
                    "party",
                    rng.sample(org.parties, k=min(2, len(org.parties))),
                )
            if org.agenda_items and rng.random() < 0.3:
                self._links(
                    org, "experience", experience_id, "agenda-item", [rng.choice(org.agenda_items)]
                )
            if org.successes and rng.random() < 0.2:
                self._links(
                    org, "experience", experience_id, "success", [rng.choice(org.successes)]
                )

    def meetings(self, org: Org) -> None:
        rng = org.rng
        for n in range(org.counts["meetings"]):
            # Most in the past, some ahead: a calendar and a feed have both.
            starts = (
                org.moment()
                if rng.random() < 0.85
                else self.now + timedelta(days=rng.randint(1, 120))
            )
            starts = starts.replace(minute=rng.choice((0, 30)), second=0, microsecond=0)
            meeting_id = self.tenant(
                org,
                "meetings",
                (
                    words.title(rng, with_term=n == 0),
                    words.text(rng),
                    f"Stadhuis, zaal {rng.randint(1, 12)}" if rng.random() < 0.7 else "",
                    starts,
                    starts + timedelta(minutes=rng.choice((60, 90, 120, 180))),
                    rng.choice([None, *org.phases]),
                    rng.choice([None, *org.work_formats]),
                    words.text(rng) if starts < self.now else "",
                    "published" if n == 0 else _pick(rng, VISIBILITY_WORK),
                ),
                "meeting",
            )
            if n == 0:
                org.manifest["meeting_id"] = str(meeting_id)
            parties = rng.sample(org.parties, k=min(len(org.parties), rng.randint(1, 6)))
            self._links(org, "meeting", meeting_id, "party", parties)
            if org.agenda_items and rng.random() < 0.3:
                self._links(
                    org, "meeting", meeting_id, "agenda-item", [rng.choice(org.agenda_items)]
                )

    # --- reflection ---------------------------------------------------------------------------

    def reflection(self, org: Org) -> None:
        """Closed rounds a quarter-ish apart, one open, one draft (when there are three or more);
        the answers spread over the rounds that took them, each from a distinct respondent."""
        rng = org.rng
        rounds = org.counts["reflection_rounds"]
        total = org.counts["reflection_answers"]
        today = self.now.date()
        kinds = ["closed"] * rounds
        if rounds >= 3:
            kinds[-1], kinds[-2] = "draft", "open"
        answering = [k for k in kinds if k != "draft"]
        per_round = [
            total // len(answering) + (1 if i < total % len(answering) else 0)
            for i in range(len(answering))
        ]
        manifest_round: uuid.UUID | None = None
        for index, kind in enumerate(kinds):
            if kind == "closed":
                closes = today - timedelta(days=7 + (len(kinds) - index) * 10)
                opens = closes - timedelta(days=21)
            else:
                opens = today - timedelta(days=3) if kind == "open" else today + timedelta(days=7)
                closes = opens + timedelta(days=21)
            round_id = self.tenant(
                org,
                "reflection_rounds",
                (
                    f"Reflectie {opens.year} ronde {index + 1}",
                    opens,
                    closes,
                    kind,
                    list(DEFAULT_STATEMENTS),
                    list(DEFAULT_QUESTIONS),
                    None,
                ),
                "reflection round",
            )
            if kind == "closed" and manifest_round is None:
                manifest_round = round_id
            for party in org.round_parties:
                self.writer.add("reflection_round_parties", (round_id, party))
            if kind == "draft":
                continue
            answers = per_round.pop(0)
            level = rng.uniform(2.4, 4.0)
            for user_id, party in rng.sample(org.respondents, k=answers):
                self.writer.add("reflection_respondents", (_new_id(rng), round_id, user_id))
                ratings = {
                    s["key"]: max(1, min(5, round(rng.gauss(level, 0.9))))
                    for s in DEFAULT_STATEMENTS
                }
                open_answers = {
                    q["key"]: words.sentence(rng) for q in DEFAULT_QUESTIONS if rng.random() < 0.4
                }
                self.writer.add(
                    "reflection_answers", (_new_id(rng), round_id, party, ratings, open_answers)
                )
        org.manifest["reflection_round_id"] = str(manifest_round)

    # --- the audit trail ----------------------------------------------------------------------

    def audit(self, org: Org) -> None:
        """A create event per record, an update per later version, then more updates spread
        over the records until the organisation's count is reached (never fewer than needed)."""
        rng = org.rng
        actors = [(kind_id, name) for kind_id, name in org.authors]
        # Edited texts from a pool: a million fresh sentences would cost more than the COPY.
        pool = [words.sentence(rng) for _ in range(500)]
        target = org.counts["audit_events"]
        written = 0

        def event(record: Record, action: str, at: datetime, changes: dict[str, Any]) -> None:
            nonlocal written
            actor_id, actor_name = rng.choice(actors)
            self.writer.add(
                "audit_events",
                (
                    _new_id(rng),
                    org.id,
                    at,
                    "user",
                    actor_id,
                    actor_name,
                    action,
                    record.resource_type,
                    record.id,
                    changes,
                ),
            )
            written += 1

        for record in org.records:
            if written >= target:
                return
            event(
                record,
                "create",
                record.created_at,
                {"title": {"from": None, "to": record.label[:80]}},
            )
        edits = [r for r in org.records if r.version > 1] or org.records
        while written < target:
            record = rng.choice(edits)
            at = (
                org.moment(record.created_at) if record.created_at < self.now else record.created_at
            )
            event(
                record,
                "update",
                min(at, record.updated_at) if record.version > 1 else at,
                {"description": {"from": rng.choice(pool), "to": rng.choice(pool)}},
            )


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:40]


def _organisations(scale: float, national: bool) -> Iterator[tuple[str, str | None, float]]:
    """(name, manifest key, scale) of each organisation to generate."""
    yield "Gemeente Groot", "large", scale
    if not national:
        return
    rng = random.Random(SEED + 1)  # noqa: S311 - benchmark data, nothing secret
    small_at = ORGANISATIONS_NATIONAL // 2
    for n in range(1, ORGANISATIONS_NATIONAL):
        if n == small_at:
            yield f"Gemeente Klein {n}", "small", scale * SMALL_FACTOR
        else:
            yield f"Gemeente {n:03d}", None, scale * rng.uniform(0.001, 0.01)


def _is_empty(engine: Engine) -> bool:
    tables = inspect(engine).get_table_names()
    if "organisations" not in tables:
        return not tables or set(tables) <= {"alembic_version"}
    with engine.connect() as connection:
        return connection.execute(text("SELECT 1 FROM organisations LIMIT 1")).first() is None


def reset(engine: Engine) -> None:
    """Drop everything, so that the migrations build the schema from nothing."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        return
    with engine.begin() as connection:
        connection.execute(text("PRAGMA foreign_keys=OFF"))
        for kind in ("trigger", "table"):
            names = connection.execute(
                text(
                    "SELECT name FROM sqlite_master WHERE type = :kind AND name NOT LIKE 'sqlite_%'"
                ),
                {"kind": kind},
            ).scalars()
            for name in list(names):
                # The FTS5 table drops its shadow tables with it.
                if (
                    kind == "table"
                    and not connection.execute(
                        text("SELECT 1 FROM sqlite_master WHERE name = :name"), {"name": name}
                    ).first()
                ):
                    continue
                connection.execute(text(f'DROP {kind.upper()} IF EXISTS "{name}"'))
        connection.execute(text("PRAGMA foreign_keys=ON"))


def generate(
    database_url: str, scale: float, national: bool = False, *, reset_database: bool = False
) -> dict[str, Any]:
    """Build the data in ``database_url`` and return the manifest (see the module docstring).

    Refuses a database that already holds an organisation unless ``reset_database``."""
    return build(database_url, scale, national, reset_database=reset_database)[0]


def build(
    database_url: str,
    scale: float,
    national: bool = False,
    *,
    reset_database: bool = False,
    echo: bool = False,
    defer_indexes: bool = True,
) -> tuple[dict[str, Any], dict[str, float]]:
    """``generate``, and the seconds it took to load and to analyse."""
    if not scale > 0:
        raise ValueError("scale must be above 0")
    engine = make_engine(database_url)
    try:
        if reset_database:
            reset(engine)
        elif not _is_empty(engine):
            raise RuntimeError(
                "The database already holds data; use --reset to drop and rebuild its schema."
            )
        started = time.perf_counter()
        upgrade(engine)
        now = datetime.now(UTC).replace(microsecond=0)
        writer = BulkWriter(engine, COLUMNS)
        if defer_indexes:
            writer.defer_indexes()
        generator = Generator(writer, now)
        organisations: dict[str, Any] = {}
        try:
            for index, (name, key, org_scale) in enumerate(_organisations(scale, national)):
                rng = random.Random(SEED * 1_000 + index)  # noqa: S311 - benchmark data
                org = Org(name=name, scale=org_scale, rng=rng, now=now, slug=_slug(name))
                for step in (
                    generator.organisation,
                    generator.users,
                    generator.role_maps,
                    generator.agenda_items,
                    generator.questions,
                    generator.successes,
                    generator.experiences,
                    generator.meetings,
                    generator.reflection,
                    generator.audit,
                ):
                    step(org)
                if key is not None:
                    organisations[key] = {
                        "organisation_id": str(org.id),
                        **org.manifest,
                        "search_term": words.SEARCH_TERM,
                    }
                org.records.clear()
                if echo and national and index % 50 == 0:
                    print(f"  organisation {index + 1}/{ORGANISATIONS_NATIONAL}", flush=True)
            writer.flush()
            indexed = time.perf_counter()
            writer.commit()
            if echo:
                slowest = sorted(writer.seconds.items(), key=lambda kv: -kv[1])[:6]
                print("  writing (s): " + ", ".join(f"{t} {s:.1f}" for t, s in slowest))
                if defer_indexes:
                    print(f"  indexes built after the load: {time.perf_counter() - indexed:.1f} s")
        except BaseException:
            writer.rollback()
            raise
        loaded = time.perf_counter()
        _analyse(engine)
        finished = time.perf_counter()
        manifest = {
            "scale": scale,
            "national": national,
            "database_url": database_url,
            "counts": {name: writer.counts[name] for name in writer.order},
            "organisations": organisations,
        }
        seconds = {
            "load": round(loaded - started, 1),
            "analyse": round(finished - loaded, 1),
            "total": round(finished - started, 1),
        }
        return manifest, seconds
    finally:
        engine.dispose()


def _analyse(engine: Engine) -> None:
    """Fresh statistics (and on PostgreSQL the visibility map), as after autovacuum."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--scale", type=float, default=0.01)
    parser.add_argument("--national", action="store_true", help="342 organisations of mixed size")
    parser.add_argument("--reset", action="store_true", help="drop and rebuild the schema first")
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="PostgreSQL: keep every index during the load (slower; to compare)",
    )
    parser.add_argument("--out", type=Path, help="where to write the JSON manifest")
    args = parser.parse_args(argv)
    try:
        manifest, seconds = build(
            args.database_url,
            args.scale,
            args.national,
            reset_database=args.reset,
            echo=True,
            defer_indexes=not args.keep_indexes,
        )
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 2
    for table, count in manifest["counts"].items():
        print(f"{table:28} {count:>10,}")
    print(f"{'total rows':28} {sum(manifest['counts'].values()):>10,}")
    print(
        f"scale {args.scale}{' national' if args.national else ''}: "
        f"{seconds['load']} s to load, {seconds['analyse']} s to analyse, "
        f"{seconds['total']} s in all"
    )
    if args.out:
        args.out.write_text(json.dumps(manifest, indent=2) + "\n")
        print(f"manifest: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
