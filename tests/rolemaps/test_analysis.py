"""The role-map analysis on its own: no database, no HTTP, only rows in and findings out.

The parties are Werk en Inkomen, Woonstede and Zorg; `row(party, role, perspective)` is one
assignment on the task under test, in the agreed view unless a perspective is given.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompas.rolemaps.analysis import (
    AGREED,
    KIND_ORDER,
    Analysis,
    Assignment,
    Finding,
    FindingKind,
    PartyLoad,
    Perspective,
    Role,
    analyse,
    compare,
)

WERK = uuid.UUID(int=1)
WOON = uuid.UUID(int=2)
ZORG = uuid.UUID(int=3)
OUTSIDER = uuid.UUID(int=99)
PARTIES = (WERK, WOON, ZORG)
NAMES = {WERK: "Werk en Inkomen", WOON: "Woonstede", ZORG: "Zorg", OUTSIDER: "Buiten"}

TASK = uuid.UUID(int=1000)
OTHER_TASK = uuid.UUID(int=1001)
UNKNOWN_TASK = uuid.UUID(int=1999)

A, R, C = Role.accountable, Role.responsible, Role.consulted
K = FindingKind


def row(
    party: uuid.UUID, role: Role, perspective: Perspective = AGREED, task: uuid.UUID = TASK
) -> Assignment:
    return Assignment(task_id=task, party_id=party, role=role, perspective=perspective)


def findings(*rows: Assignment) -> tuple[Finding, ...]:
    """The findings on TASK in a map of the three parties."""
    return analyse([TASK], PARTIES, rows, NAMES).tasks[0].findings


def found(*rows: Assignment) -> list[tuple[FindingKind, tuple[uuid.UUID, ...]]]:
    return [(f.kind, f.party_ids) for f in findings(*rows)]


# Every kind alone, in a minimal example.


def test_agreed_view_without_accountable_is_no_accountable():
    assert found(row(WERK, R)) == [(K.no_accountable, ())]


def test_without_agreement_no_view_naming_an_accountable_is_no_accountable():
    assert found(row(WERK, R, WERK), row(WERK, R, WOON)) == [(K.no_accountable, ())]


def test_a_task_nobody_has_spoken_about_is_no_accountable():
    assert found() == [(K.no_accountable, ())]


def test_two_accountable_in_the_agreed_view_is_multiple_accountable_naming_them():
    assert found(row(WERK, A), row(WOON, A), row(ZORG, R)) == [
        (K.multiple_accountable, (WERK, WOON))
    ]


def test_without_agreement_two_parties_each_naming_themselves_is_multiple_accountable():
    both_claim = [row(WERK, A, p) for p in (WERK, WOON)] + [row(WOON, A, p) for p in (WERK, WOON)]
    assert found(*both_claim) == [(K.multiple_accountable, (WERK, WOON))]


def test_agreed_view_without_responsible_is_no_responsible():
    assert found(row(WERK, A), row(WOON, C)) == [(K.no_responsible, ())]


def test_two_views_pointing_at_a_third_party_is_ball_elsewhere_naming_the_view_holders():
    assert found(row(ZORG, A, WERK), row(ZORG, A, WOON)) == [(K.ball_elsewhere, (WERK, WOON))]


def test_views_with_different_responsible_sets_disagree_naming_every_view_holder():
    rows = [row(WERK, A, WERK), row(WERK, R, WERK), row(WERK, A, WOON), row(WOON, R, WOON)]
    assert found(*rows) == [(K.views_disagree, (WERK, WOON))]


def test_views_with_different_accountable_sets_disagree():
    rows = [row(WERK, A, WERK), row(ZORG, A, WERK), row(ZORG, A, WOON)]
    assert found(*rows) == [(K.views_disagree, (WERK, WOON))]


def test_a_view_differing_from_the_agreement_deviates_naming_that_party():
    rows = [row(WERK, A), row(WERK, R), row(WERK, A, WOON), row(WOON, R, WOON)]
    assert found(*rows) == [(K.deviates_from_agreement, (WOON,))]


# Near misses: the same shapes one step short of a finding.


def test_an_agreed_view_with_one_accountable_and_a_responsible_is_clear():
    assert found(row(WERK, A), row(WOON, R), row(ZORG, Role.informed)) == []


def test_without_agreement_a_view_naming_an_accountable_is_not_no_accountable():
    assert found(row(WOON, A, WERK)) == []


def test_one_party_naming_itself_without_agreement_is_not_multiple_accountable():
    assert found(row(WERK, A, WERK), row(WERK, A, WOON)) == []


def test_self_claims_are_not_multiple_accountable_when_there_is_an_agreement():
    rows = [row(ZORG, A), row(ZORG, R), row(WERK, A, WERK), row(WOON, A, WOON)]
    assert K.multiple_accountable not in {kind for kind, _ in found(*rows)}


def test_views_without_responsible_are_not_no_responsible_without_agreement():
    assert found(row(WERK, A, WERK)) == []


def test_ball_elsewhere_not_when_one_party_names_itself():
    assert found(row(WOON, A, WERK), row(WOON, A, WOON)) == []


def test_ball_elsewhere_not_when_only_one_party_has_a_view():
    assert found(row(WOON, A, WERK), row(ZORG, R, WERK)) == []


def test_ball_elsewhere_not_when_a_view_names_no_accountable():
    assert K.ball_elsewhere not in {
        kind for kind, _ in found(row(ZORG, A, WERK), row(ZORG, R, WOON))
    }


def test_views_differing_only_in_consulted_and_informed_do_not_disagree():
    rows = [
        row(WERK, A, WERK),
        row(ZORG, C, WERK),
        row(WERK, A, WOON),
        row(ZORG, Role.informed, WOON),
    ]
    assert found(*rows) == []


def test_a_single_view_cannot_disagree():
    assert found(row(WOON, A, WERK), row(WERK, R, WERK)) == []


def test_a_view_matching_the_agreement_on_accountable_and_responsible_does_not_deviate():
    rows = [row(WERK, A), row(WOON, R), row(ZORG, C), row(WERK, A, ZORG), row(WOON, R, ZORG)]
    assert found(*rows) == []


def test_parties_without_a_view_do_not_deviate():
    assert found(row(WERK, A), row(WERK, R)) == []


def test_no_deviation_without_an_agreed_view():
    assert K.deviates_from_agreement not in {kind for kind, _ in found(row(WERK, A, WOON))}


# Several kinds on one task.


def test_two_parties_pointing_at_each_other_is_ball_elsewhere_and_views_disagree():
    assert found(row(WOON, A, WERK), row(WERK, A, WOON)) == [
        (K.ball_elsewhere, (WERK, WOON)),
        (K.views_disagree, (WERK, WOON)),
    ]


def test_an_empty_agreement_and_mutual_pointing_give_every_fitting_kind_in_order():
    rows = [row(ZORG, C), row(WOON, A, WERK), row(WERK, A, WOON)]
    assert found(*rows) == [
        (K.no_accountable, ()),
        (K.no_responsible, ()),
        (K.ball_elsewhere, (WERK, WOON)),
        (K.views_disagree, (WERK, WOON)),
        (K.deviates_from_agreement, (WERK,)),
        (K.deviates_from_agreement, (WOON,)),
    ]


def test_two_self_claims_without_agreement_are_multiple_accountable_and_views_disagree():
    assert found(row(WERK, A, WERK), row(WOON, A, WOON)) == [
        (K.multiple_accountable, (WERK, WOON)),
        (K.views_disagree, (WERK, WOON)),
    ]


def test_an_agreed_view_without_accountable_is_no_accountable_even_when_views_name_one():
    assert found(row(WERK, R), row(WERK, A, WERK)) == [
        (K.no_accountable, ()),
        (K.deviates_from_agreement, (WERK,)),
    ]


def test_a_doubly_owned_agreement_and_a_view_claiming_it_alone():
    rows = [row(WERK, A), row(WOON, A), row(WERK, R), row(WOON, A, WOON), row(WERK, R, WOON)]
    assert found(*rows) == [
        (K.multiple_accountable, (WERK, WOON)),
        (K.deviates_from_agreement, (WOON,)),
    ]


# Tasks and parties outside the map.


def test_assignments_on_tasks_outside_the_map_are_ignored():
    analysis = analyse([TASK], PARTIES, [row(WERK, A), row(WERK, R), row(WERK, A, task=OTHER_TASK)])
    assert [t.task_id for t in analysis.tasks] == [TASK]
    assert analysis.summary.load[WERK] == PartyLoad(accountable=1, responsible=1)


def test_parties_outside_the_map_are_ignored_as_assignees():
    analysis = analyse([TASK], PARTIES, [row(WERK, A), row(OUTSIDER, A), row(WERK, R)])
    assert analysis.tasks[0].findings == ()
    assert OUTSIDER not in analysis.summary.load


def test_views_of_parties_outside_the_map_are_ignored():
    rows = [row(WERK, A), row(WERK, R), row(WOON, A, OUTSIDER), row(ZORG, A, OUTSIDER)]
    assert found(*rows) == []


def test_a_view_naming_only_parties_outside_the_map_counts_as_no_view():
    assert found(row(OUTSIDER, A, WERK), row(WOON, A, WOON)) == []


# The summary.


def test_the_summary_counts_findings_of_every_kind_including_zero():
    tasks = [TASK, OTHER_TASK]
    rows = [
        row(ZORG, C),
        row(WOON, A, WERK),
        row(WERK, A, WOON),
        row(WERK, A, task=OTHER_TASK),
        row(WERK, R, task=OTHER_TASK),
    ]
    counts = analyse(tasks, PARTIES, rows).summary.counts
    assert counts == {
        K.no_accountable: 1,
        K.multiple_accountable: 0,
        K.no_responsible: 1,
        K.ball_elsewhere: 1,
        K.views_disagree: 1,
        K.deviates_from_agreement: 2,
    }


def test_clarity_is_the_share_of_tasks_without_findings():
    clear_tasks = [uuid.UUID(int=2000 + n) for n in range(3)]
    rows = [row(WERK, role, task=t) for t in clear_tasks for role in (A, R)]
    analysis = analyse([TASK, *clear_tasks], PARTIES, rows)
    assert analysis.summary.clarity == 0.75


def test_a_map_without_tasks_is_fully_clear_with_zero_counts_and_load():
    summary = analyse([], PARTIES, [row(WERK, A)]).summary
    assert summary.clarity == 1.0
    assert set(summary.counts.values()) == {0}
    assert summary.load == dict.fromkeys(PARTIES, PartyLoad(accountable=0, responsible=0))


def test_load_counts_accountable_and_responsible_per_party_in_the_agreed_view_only():
    rows = [
        row(WERK, A),
        row(WERK, R),
        row(WOON, R),
        row(WERK, A, task=OTHER_TASK),
        row(ZORG, C, task=OTHER_TASK),
        row(ZORG, A, ZORG),
        row(ZORG, R, ZORG, task=OTHER_TASK),
    ]
    load = analyse([TASK, OTHER_TASK], PARTIES, rows).summary.load
    assert load == {
        WERK: PartyLoad(accountable=2, responsible=1),
        WOON: PartyLoad(accountable=0, responsible=1),
        ZORG: PartyLoad(accountable=0, responsible=0),
    }


def test_there_is_one_entry_per_task_in_the_order_given():
    tasks = [uuid.UUID(int=3000 - n) for n in range(5)]
    assert [t.task_id for t in analyse(tasks, PARTIES, []).tasks] == tasks


def test_a_task_given_twice_is_refused():
    with pytest.raises(ValueError, match="given twice"):
        analyse([TASK, TASK], PARTIES, [])


# Explanations.


def test_every_finding_explains_itself_in_one_dutch_and_one_english_line():
    rows = [row(ZORG, C), row(WOON, A, WERK), row(WERK, A, WOON)]
    kinds_seen = set()
    for case in (rows, [row(WERK, A), row(WOON, A)], [row(WERK, A, WERK), row(WOON, A, WOON)]):
        for finding in findings(*case):
            kinds_seen.add(finding.kind)
            assert set(finding.explanation) == {"nl", "en"}
            assert all(text and "\n" not in text for text in finding.explanation.values())
            assert finding.explanation["nl"] != finding.explanation["en"]
    assert kinds_seen == set(FindingKind)


def test_explanations_name_the_parties_by_name():
    ball, disagree = findings(row(WOON, A, WERK), row(WERK, A, WOON))
    assert ball.explanation == {
        "nl": "Werk en Inkomen en Woonstede zien allebei de ander als eigenaar.",
        "en": "Werk en Inkomen and Woonstede each see the other as the owner.",
    }
    assert disagree.explanation == {
        "nl": "Werk en Inkomen en Woonstede zijn het oneens over wie eigenaar is.",
        "en": "Werk en Inkomen and Woonstede disagree on who owns this task.",
    }
    (double,) = findings(row(WERK, A), row(WOON, A), row(ZORG, A), row(ZORG, R))
    assert double.explanation["nl"].endswith("Werk en Inkomen, Woonstede en Zorg.")
    assert double.explanation["en"].endswith("Werk en Inkomen, Woonstede and Zorg.")


def test_ball_elsewhere_towards_a_third_party_is_explained_as_naming_another():
    (ball,) = findings(row(ZORG, A, WERK), row(ZORG, A, WOON))
    assert ball.explanation["en"] == (
        "Werk en Inkomen and Woonstede each name another party as the owner, none of them itself."
    )


def test_a_deviation_says_whether_owner_doer_or_both_differ():
    def deviation(*view: Assignment) -> str:
        (finding,) = findings(row(WERK, A), row(WERK, R), *view)
        return finding.explanation["nl"]

    assert deviation(row(WOON, A, WOON), row(WERK, R, WOON)) == (
        "Woonstede wijkt af van de afspraak over wie eigenaar is."
    )
    assert deviation(row(WERK, A, WOON), row(WOON, R, WOON)) == (
        "Woonstede wijkt af van de afspraak over wie de taak uitvoert."
    )
    assert deviation(row(WOON, A, WOON)) == (
        "Woonstede wijkt af van de afspraak over wie eigenaar is en wie de taak uitvoert."
    )


def test_explanations_fall_back_to_party_ids_without_names():
    (finding,) = (
        analyse([TASK], PARTIES, [row(WERK, A), row(WOON, A), row(WERK, R)]).tasks[0].findings
    )
    assert str(WERK) in finding.explanation["nl"]
    assert str(WOON) in finding.explanation["en"]


# What callers may hand in.


def test_a_perspective_given_as_the_party_ids_text_is_that_partys_view():
    text_view = Assignment(TASK, WOON, A, str(WOON))  # type: ignore[arg-type]
    assert found(row(WERK, A), row(WERK, R), text_view) == [(K.deviates_from_agreement, (WOON,))]


def test_roles_of_another_enum_or_plain_text_with_the_raci_values_count():
    class RaciRole(StrEnum):
        ACCOUNTABLE = "accountable"
        RESPONSIBLE = "responsible"

    rows = [
        Assignment(TASK, WERK, RaciRole.ACCOUNTABLE, AGREED),  # type: ignore[arg-type]
        Assignment(TASK, WOON, "responsible", AGREED),  # type: ignore[arg-type]
    ]
    assert found(*rows) == []


# Comparing two analyses (snapshots).


def test_compare_lists_resolved_and_new_findings_and_counts_the_unchanged():
    before = analyse([TASK, OTHER_TASK], PARTIES, [row(WERK, A), row(WOON, A)])
    after = analyse(
        [TASK, OTHER_TASK],
        PARTIES,
        [row(WERK, A), row(WOON, A), row(WERK, R), row(WERK, A, task=OTHER_TASK)],
    )
    comparison = compare(before, after)
    assert [(t, f.kind) for t, f in comparison.resolved] == [
        (TASK, K.no_responsible),
        (OTHER_TASK, K.no_accountable),
    ]
    assert [(t, f.kind) for t, f in comparison.new] == [(OTHER_TASK, K.no_responsible)]
    assert comparison.unchanged == 1  # TASK is still owned twice


def test_compare_matches_findings_by_task_kind_and_parties():
    before = analyse([TASK], PARTIES, [row(WERK, A), row(WOON, A), row(WERK, R)])
    after = analyse([TASK], PARTIES, [row(WERK, A), row(ZORG, A), row(WERK, R)])
    comparison = compare(before, after)
    assert [f.party_ids for _, f in comparison.resolved] == [(WERK, WOON)]
    assert [f.party_ids for _, f in comparison.new] == [(WERK, ZORG)]
    assert comparison.unchanged == 0


def test_compare_reports_clarity_before_and_after():
    tasks = [TASK, OTHER_TASK]
    before = analyse(tasks, PARTIES, [])
    after = analyse(tasks, PARTIES, [row(WERK, A), row(WERK, R)])
    comparison = compare(before, after)
    assert (comparison.clarity_before, comparison.clarity_after) == (0.0, 0.5)


# Determinism and properties over any input.


def test_findings_within_a_task_are_ordered_by_kind_then_party_ids():
    rows = [row(ZORG, C), row(WOON, A, WERK), row(WERK, A, WOON), row(WOON, A, ZORG)]
    result = findings(*rows)
    assert list(result) == sorted(result, key=lambda f: (KIND_ORDER[f.kind], f.party_ids))


POOL_TASKS = [TASK, OTHER_TASK, UNKNOWN_TASK]
POOL_PARTIES = [WERK, WOON, ZORG, OUTSIDER]
assignments = st.lists(
    st.builds(
        Assignment,
        task_id=st.sampled_from(POOL_TASKS),
        party_id=st.sampled_from(POOL_PARTIES),
        role=st.sampled_from(Role),
        perspective=st.sampled_from([AGREED, *POOL_PARTIES]),
    ),
    max_size=20,
)
MAP_TASKS = [TASK, OTHER_TASK]


@given(rows=assignments, data=st.data())
def test_the_analysis_does_not_depend_on_the_order_of_assignments(rows, data):
    shuffled = data.draw(st.permutations(rows))
    assert analyse(MAP_TASKS, PARTIES, shuffled, NAMES) == analyse(MAP_TASKS, PARTIES, rows, NAMES)


@given(rows=assignments)
def test_repeated_rows_change_nothing(rows):
    assert analyse(MAP_TASKS, PARTIES, rows + rows) == analyse(MAP_TASKS, PARTIES, rows)


@given(rows=assignments)
def test_clarity_is_the_share_of_tasks_with_no_findings_and_counts_add_up(rows):
    analysis = analyse(MAP_TASKS, PARTIES, rows)
    clear = [t for t in analysis.tasks if not t.findings]
    assert analysis.summary.clarity == len(clear) / len(MAP_TASKS)
    everything = [f for t in analysis.tasks for f in t.findings]
    assert sum(analysis.summary.counts.values()) == len(everything)


@given(rows=assignments)
def test_findings_name_sorted_parties_of_the_map_in_a_fixed_order(rows):
    for task in analyse(MAP_TASKS, PARTIES, rows).tasks:
        order = [(KIND_ORDER[f.kind], f.party_ids) for f in task.findings]
        assert order == sorted(order)
        assert len(order) == len(set(order))
        for finding in task.findings:
            assert list(finding.party_ids) == sorted(finding.party_ids)
            assert set(finding.party_ids) <= set(PARTIES)


@given(rows=assignments)
def test_comparing_an_analysis_with_itself_resolves_nothing(rows):
    analysis = analyse(MAP_TASKS, PARTIES, rows)
    comparison = compare(analysis, analysis)
    assert comparison.resolved == comparison.new == ()
    assert comparison.unchanged == sum(analysis.summary.counts.values())


def spec_reading(rows: list[Assignment]) -> dict[uuid.UUID, set[tuple[FindingKind, tuple]]]:
    """The semantics of the issue read literally, with sets and no cleverness, as an oracle."""
    result = {}
    for task in MAP_TASKS:
        views: dict[Perspective, list[Assignment]] = {}
        for r in rows:
            if r.task_id == task and r.party_id in PARTIES and r.perspective in (AGREED, *PARTIES):
                views.setdefault(r.perspective, []).append(r)

        def a(v: list[Assignment]) -> frozenset[uuid.UUID]:
            return frozenset(r.party_id for r in v if r.role == A)

        def rr(v: list[Assignment]) -> frozenset[uuid.UUID]:
            return frozenset(r.party_id for r in v if r.role == R)

        agreed = views.get(AGREED)
        holders = sorted(p for p in views if p != AGREED)
        found_: set[tuple[FindingKind, tuple]] = set()
        if agreed and not a(agreed):
            found_.add((K.no_accountable, ()))
        if not agreed and not any(a(views[p]) for p in holders):
            found_.add((K.no_accountable, ()))
        if agreed and len(a(agreed)) >= 2:
            found_.add((K.multiple_accountable, tuple(sorted(a(agreed)))))
        claimants = tuple(p for p in holders if p in a(views[p]))
        if not agreed and len(claimants) >= 2:
            found_.add((K.multiple_accountable, claimants))
        if agreed and not rr(agreed):
            found_.add((K.no_responsible, ()))
        if len(holders) >= 2 and all(a(views[p]) and p not in a(views[p]) for p in holders):
            found_.add((K.ball_elsewhere, tuple(holders)))
        if len(holders) >= 2 and len({(a(views[p]), rr(views[p])) for p in holders}) > 1:
            found_.add((K.views_disagree, tuple(holders)))
        for p in holders if agreed else []:
            if (a(views[p]), rr(views[p])) != (a(agreed), rr(agreed)):
                found_.add((K.deviates_from_agreement, (p,)))
        result[task] = found_
    return result


@given(rows=assignments)
def test_the_analysis_agrees_with_a_literal_reading_of_the_semantics(rows):
    analysis = analyse(MAP_TASKS, PARTIES, rows)
    assert {t.task_id: {f.key for f in t.findings} for t in analysis.tasks} == spec_reading(rows)


def test_analysis_results_are_plain_values_that_compare_equal():
    rows = [row(ZORG, C), row(WOON, A, WERK), row(WERK, A, WOON)]
    first, second = analyse([TASK], PARTIES, rows, NAMES), analyse([TASK], PARTIES, rows, NAMES)
    assert isinstance(first, Analysis)
    assert first == second
    assert len(set(first.tasks[0].findings)) == len(first.tasks[0].findings)  # hashable
