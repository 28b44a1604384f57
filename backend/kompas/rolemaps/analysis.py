"""The analysis of a role map: per task, what nobody owns, what is owned twice, where the ball
lies with "the other", and where the views differ from each other or from the agreement.

Pure on purpose: no database and no FastAPI. The service fetches a map's tasks, parties and
assignments in a constant number of queries and hands the rows here. The work is one pass over the
assignments to group them by task and view, then per task a few steps bounded by the number of
views on it, so the time grows linearly with the number of assignments.
docs/role-map-analysis.md gives the semantics with an example per finding kind.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final, Literal

AGREED: Final = "agreed"

Perspective = uuid.UUID | Literal["agreed"]


class Role(StrEnum):
    responsible = "responsible"
    accountable = "accountable"
    consulted = "consulted"
    informed = "informed"


class FindingKind(StrEnum):
    no_accountable = "no-accountable"
    multiple_accountable = "multiple-accountable"
    no_responsible = "no-responsible"
    ball_elsewhere = "ball-elsewhere"
    views_disagree = "views-disagree"
    deviates_from_agreement = "deviates-from-agreement"


# Findings within a task are ordered by kind in this order, then by the parties they name.
KIND_ORDER: Final = {kind: position for position, kind in enumerate(FindingKind)}


@dataclass(frozen=True)
class Assignment:
    """One row of one view: in `perspective`'s view, `party_id` has `role` for `task_id`."""

    task_id: uuid.UUID
    party_id: uuid.UUID
    role: Role
    perspective: Perspective


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    party_ids: tuple[uuid.UUID, ...]  # sorted
    # Left out of the hash (not out of equality) so that findings can live in sets.
    explanation: dict[str, str] = field(hash=False)

    @property
    def key(self) -> tuple[FindingKind, tuple[uuid.UUID, ...]]:
        """What identifies the finding within its task when two analyses are compared."""
        return self.kind, self.party_ids


@dataclass(frozen=True)
class TaskFindings:
    task_id: uuid.UUID
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class PartyLoad:
    accountable: int
    responsible: int


@dataclass(frozen=True)
class Summary:
    counts: dict[FindingKind, int]
    clarity: float
    load: dict[uuid.UUID, PartyLoad]


@dataclass(frozen=True)
class Analysis:
    tasks: tuple[TaskFindings, ...]
    summary: Summary


@dataclass(frozen=True)
class Comparison:
    resolved: tuple[tuple[uuid.UUID, Finding], ...]
    new: tuple[tuple[uuid.UUID, Finding], ...]
    unchanged: int
    clarity_before: float
    clarity_after: float


# Inside the analysis a party is a number, its position in the map's parties sorted by id, and
# a view on a task is one int: bit p says that party p is accountable, bit P + p that it is
# responsible (P parties). A view's key in its task's dict says it exists (a view with only C and
# I rows is 0). Comparing two views' A or R sets is then one operation on ints, and a task's
# views are a dict of ints, which the garbage collector does not track: with sets of UUIDs the
# collections it ran during a large analysis made the time grow faster than the rows.
_AGREED_KEY: Final = -1


class _Parties:
    """The parties of the map, numbered in the order of their ids, with their names."""

    def __init__(
        self, party_ids: Collection[uuid.UUID], party_names: Mapping[uuid.UUID, str] | None
    ) -> None:
        self.ids = tuple(sorted(set(party_ids)))
        self.number = {p: n for n, p in enumerate(self.ids)}
        names = party_names or {}
        self.names = [names.get(p) or str(p) for p in self.ids]
        self.count = len(self.ids)
        self.everyone = (1 << self.count) - 1

    def owners(self, view: int) -> int:
        """The A set of a view, as a mask."""
        return view & self.everyone

    def doers(self, view: int) -> int:
        """The R set of a view, as a mask."""
        return view >> self.count

    def ids_of(self, numbers: Iterable[int]) -> tuple[uuid.UUID, ...]:
        return tuple(self.ids[n] for n in sorted(numbers))

    def listed(self, numbers: Iterable[int]) -> tuple[str, str]:
        """ "A, B en C" and "A, B and C", alphabetically."""
        names = sorted(self.names[n] for n in numbers)
        if len(names) == 1:
            return names[0], names[0]
        head = ", ".join(names[:-1])
        return f"{head} en {names[-1]}", f"{head} and {names[-1]}"


def _members(mask: int) -> list[int]:
    """The numbers of the parties in a mask, ascending."""
    members = []
    while mask:
        lowest = mask & -mask
        members.append(lowest.bit_length() - 1)
        mask ^= lowest
    return members


def analyse(
    task_ids: Sequence[uuid.UUID],
    party_ids: Collection[uuid.UUID],
    assignments: Iterable[Assignment],
    party_names: Mapping[uuid.UUID, str] | None = None,
) -> Analysis:
    """The findings per task of a map (in the order of `task_ids`) and their summary."""
    views_by_task: dict[uuid.UUID, dict[int, int]] = {}
    for task_id in task_ids:
        if task_id in views_by_task:
            raise ValueError(f"task {task_id} is given twice")
        views_by_task[task_id] = {}
    parties = _Parties(party_ids, party_names)
    party_number = parties.number
    # The column holds a party's perspective as text: accept that form too, rather than
    # silently dropping every party's view when a caller forgets to turn it into a UUID.
    holder_number: dict[uuid.UUID | str, int] = {AGREED: _AGREED_KEY}
    for party_id, number in party_number.items():
        holder_number[party_id] = holder_number[str(party_id)] = number
    shift_of_role = {Role.accountable: 0, Role.responsible: parties.count}

    # The one pass: each row goes into its task's agreed view or the view of its holder.
    for assignment in assignments:
        views = views_by_task.get(assignment.task_id)
        party = party_number.get(assignment.party_id)
        holder = holder_number.get(assignment.perspective)
        if views is None or party is None or holder is None:
            continue
        shift = shift_of_role.get(assignment.role)
        views[holder] = views.get(holder, 0) | (0 if shift is None else 1 << (shift + party))

    return _analysed(views_by_task, parties)


# A view as the database can hand it over already grouped: its task, whose view it is, and the
# numbers (positions in the parties sorted by id) of its accountable and responsible parties as
# bit masks. A view with only C and I rows of the map's parties has both masks 0.
ViewMasks = tuple[uuid.UUID, str, int, int]


def analyse_views(
    task_ids: Sequence[uuid.UUID],
    party_ids: Collection[uuid.UUID],
    views: Iterable[ViewMasks],
    party_names: Mapping[uuid.UUID, str] | None = None,
) -> Analysis:
    """The same as `analyse`, from views already grouped (by SQL): one item per view instead of
    one per row, so a large map need not cross the driver row by row.

    Each view must hold at least one row of a party of the map; rows of other parties must be
    left out of it, and views of tasks outside `task_ids` or of holders outside the map are
    ignored, as `analyse` ignores such rows.
    """
    views_by_task: dict[uuid.UUID, dict[int, int]] = {}
    for task_id in task_ids:
        if task_id in views_by_task:
            raise ValueError(f"task {task_id} is given twice")
        views_by_task[task_id] = {}
    parties = _Parties(party_ids, party_names)
    holder_number: dict[str, int] = {AGREED: _AGREED_KEY}
    for party_id, number in parties.number.items():
        holder_number[str(party_id)] = number
    shift = parties.count
    for task_id, perspective, owners, doers in views:
        task_views = views_by_task.get(task_id)
        holder = holder_number.get(perspective)
        if task_views is None or holder is None:
            continue
        task_views[holder] = owners | doers << shift
    return _analysed(views_by_task, parties)


def _analysed(views_by_task: dict[uuid.UUID, dict[int, int]], parties: _Parties) -> Analysis:
    tasks = tuple(
        TaskFindings(task_id, _findings(views, parties)) for task_id, views in views_by_task.items()
    )
    return Analysis(tasks, _summary(tasks, views_by_task.values(), parties))


def compare(before: Analysis, after: Analysis) -> Comparison:
    """Which findings were resolved and which are new, matched by task, kind and parties."""
    before_keys = {(t.task_id, f.key) for t in before.tasks for f in t.findings}
    after_keys = {(t.task_id, f.key) for t in after.tasks for f in t.findings}
    return Comparison(
        resolved=tuple(
            (t.task_id, f)
            for t in before.tasks
            for f in t.findings
            if (t.task_id, f.key) not in after_keys
        ),
        new=tuple(
            (t.task_id, f)
            for t in after.tasks
            for f in t.findings
            if (t.task_id, f.key) not in before_keys
        ),
        unchanged=len(before_keys & after_keys),
        clarity_before=before.summary.clarity,
        clarity_after=after.summary.clarity,
    )


def _findings(views: dict[int, int], parties: _Parties) -> tuple[Finding, ...]:
    """The findings on one task, built in the order of FindingKind and, within a kind, of the
    parties' ids."""
    owners, doers = parties.owners, parties.doers
    agreed = views.get(_AGREED_KEY)
    holders = sorted(h for h in views if h != _AGREED_KEY)
    findings: list[Finding] = []

    if agreed is not None:
        agreed_owners = owners(agreed)
        if not agreed_owners:
            findings.append(_no_accountable_agreed())
        elif agreed_owners.bit_count() >= 2:
            findings.append(_multiple_accountable_agreed(_members(agreed_owners), parties))
        if not doers(agreed):
            findings.append(_no_responsible())
    else:
        if not holders:
            findings.append(_no_accountable_unspoken())
        elif not any(owners(views[h]) for h in holders):
            findings.append(_no_accountable_views())
        self_owners = [h for h in holders if views[h] >> h & 1]
        if len(self_owners) >= 2:
            findings.append(_multiple_accountable_claimed(self_owners, parties))

    if len(holders) >= 2:
        if all(owners(views[h]) and not views[h] >> h & 1 for h in holders):
            findings.append(_ball_elsewhere(holders, views, parties))
        first = views[holders[0]]
        owners_differ = any(owners(views[h] ^ first) for h in holders)
        doers_differ = any(doers(views[h] ^ first) for h in holders)
        if owners_differ or doers_differ:
            # When not all views are equal, every holder's view differs from some other's:
            # the finding names every party holding a view.
            findings.append(_views_disagree(holders, owners_differ, doers_differ, parties))

    if agreed is not None:
        for h in holders:
            difference = views[h] ^ agreed
            if difference:
                owner_differs, doer_differs = bool(owners(difference)), bool(doers(difference))
                findings.append(_deviates(h, owner_differs, doer_differs, parties))

    return tuple(findings)


def _summary(
    tasks: tuple[TaskFindings, ...], views_by_task: Iterable[dict[int, int]], parties: _Parties
) -> Summary:
    counts = dict.fromkeys(FindingKind, 0)
    for task in tasks:
        for finding in task.findings:
            counts[finding.kind] += 1
    clear = sum(1 for task in tasks if not task.findings)
    accountable_for = [0] * parties.count
    responsible_for = [0] * parties.count
    for views in views_by_task:
        agreed = views.get(_AGREED_KEY)
        if agreed is not None:
            for p in _members(parties.owners(agreed)):
                accountable_for[p] += 1
            for p in _members(parties.doers(agreed)):
                responsible_for[p] += 1
    return Summary(
        counts=counts,
        clarity=clear / len(tasks) if tasks else 1.0,
        load={
            party_id: PartyLoad(accountable=accountable_for[p], responsible=responsible_for[p])
            for p, party_id in enumerate(parties.ids)
        },
    )


# The explanations: one line in Dutch and one in English, naming parties by name.


def _explained(kind: FindingKind, party_ids: tuple[uuid.UUID, ...], nl: str, en: str) -> Finding:
    return Finding(kind, party_ids, {"nl": nl, "en": en})


def _no_accountable_agreed() -> Finding:
    return _explained(
        FindingKind.no_accountable,
        (),
        "Volgens de afspraak is niemand eigenaar (A) van deze taak.",
        "The agreement names no owner (accountable) for this task.",
    )


def _no_accountable_views() -> Finding:
    return _explained(
        FindingKind.no_accountable,
        (),
        "Er is geen afspraak en geen enkele partij noemt een eigenaar (A) van deze taak.",
        "There is no agreement and no party names an owner (accountable) for this task.",
    )


def _no_accountable_unspoken() -> Finding:
    return _explained(
        FindingKind.no_accountable,
        (),
        "Er is geen afspraak en nog geen enkele partij heeft iets over deze taak gezegd.",
        "There is no agreement and no party has said anything about this task yet.",
    )


def _multiple_accountable_agreed(owners: Collection[int], parties: _Parties) -> Finding:
    nl, en = parties.listed(owners)
    return _explained(
        FindingKind.multiple_accountable,
        parties.ids_of(owners),
        f"Volgens de afspraak is meer dan één partij eigenaar (A): {nl}.",
        f"The agreement names more than one owner (accountable): {en}.",
    )


def _multiple_accountable_claimed(owners: Collection[int], parties: _Parties) -> Finding:
    nl, en = parties.listed(owners)
    return _explained(
        FindingKind.multiple_accountable,
        parties.ids_of(owners),
        f"Er is geen afspraak en {nl} noemen zich elk eigenaar (A).",
        f"There is no agreement and {en} each name themselves owner (accountable).",
    )


def _no_responsible() -> Finding:
    return _explained(
        FindingKind.no_responsible,
        (),
        "Volgens de afspraak voert niemand deze taak uit (geen R).",
        "The agreement names nobody to carry out this task (no responsible).",
    )


def _ball_elsewhere(holders: list[int], views: dict[int, int], parties: _Parties) -> Finding:
    nl, en = parties.listed(holders)
    if len(holders) == 2:
        first, second = holders
        mutual = parties.owners(views[first]) == 1 << second and (
            parties.owners(views[second]) == 1 << first
        )
        if mutual:
            return _explained(
                FindingKind.ball_elsewhere,
                parties.ids_of(holders),
                f"{nl} zien allebei de ander als eigenaar.",
                f"{en} each see the other as the owner.",
            )
    return _explained(
        FindingKind.ball_elsewhere,
        parties.ids_of(holders),
        f"{nl} wijzen elk een ander als eigenaar aan, geen van hen zichzelf.",
        f"{en} each name another party as the owner, none of them itself.",
    )


def _what_differs(owner_differs: bool, doer_differs: bool) -> tuple[str, str]:
    if owner_differs and doer_differs:
        return "wie eigenaar is en wie de taak uitvoert", "who owns and who carries out this task"
    if owner_differs:
        return "wie eigenaar is", "who owns this task"
    return "wie de taak uitvoert", "who carries out this task"


def _views_disagree(
    holders: list[int], owners_differ: bool, doers_differ: bool, parties: _Parties
) -> Finding:
    nl, en = parties.listed(holders)
    what_nl, what_en = _what_differs(owners_differ, doers_differ)
    return _explained(
        FindingKind.views_disagree,
        parties.ids_of(holders),
        f"{nl} zijn het oneens over {what_nl}.",
        f"{en} disagree on {what_en}.",
    )


def _deviates(party: int, owner_differs: bool, doer_differs: bool, parties: _Parties) -> Finding:
    name = parties.names[party]
    what_nl, what_en = _what_differs(owner_differs, doer_differs)
    return _explained(
        FindingKind.deviates_from_agreement,
        (parties.ids[party],),
        f"{name} wijkt af van de afspraak over {what_nl}.",
        f"{name}'s view of {what_en} differs from the agreement.",
    )
