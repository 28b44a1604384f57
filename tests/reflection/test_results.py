"""Results and trends: figures only for groups of at least k, and no combination of what Kompas
shows that gives a suppressed group away — each differencing attack of
docs/reflection-anonymity.md tried here."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlmodel import Session

from kompas.core.config import Settings
from kompas.core.principal import Principal, PrincipalKind, Role
from kompas.reflection import service
from tests.conftest import Tenant, assert_problem
from tests.reflection.conftest import K, World


def answer_all(world: World, round_: dict[str, Any], party: str, ratings: list[int], **extra):
    for n, rating in enumerate(ratings):
        person = world.people(party, 1)[0]
        texts = {key: f"{value} {party} {n}" for key, value in extra.items()}
        world.answered(round_, person, rating=rating, **texts)


def groups(results: dict[str, Any], world: World) -> dict[str, dict[str, Any]]:
    by_id = {str(party.id): name for name, party in world.parties.items()}
    return {by_id[g["partyId"]]: g for g in results["parties"]}


def hidden_sum_is_safe(results: dict[str, Any]) -> bool:
    """What the total minus the shown parties reveals: the hidden parties together, which must
    hold no answers or at least k."""
    overall = results["overall"]
    if overall["suppressed"]:
        return all(g["suppressed"] for g in results["parties"])
    shown = sum(g["answered"] for g in results["parties"] if not g["suppressed"])
    hidden = overall["answered"] - shown
    return hidden == 0 or hidden >= K


def test_results_wait_for_the_close_or_an_early_release(world: World):
    round_ = world.open("werk")
    answer_all(world, round_, "werk", [4, 4, 4, 4])
    body = assert_problem(world.results(round_), 409)
    assert "closed" in body["detail"]
    release = f"/reflection-rounds/{round_['id']}/release"
    early = world.http.post(release, headers=world.coordinator.headers)
    assert f"at least {K}" in assert_problem(early, 409)["detail"]
    answer_all(world, round_, "werk", [2])
    member = world.members["werk"][0]
    assert_problem(world.http.post(release, headers=member.headers), 403)
    released = world.http.post(release, headers=world.coordinator.headers)
    assert released.status_code == 200, released.text
    assert released.json()["resultsReleased"] is True
    assert released.json()["releasedAt"].endswith("Z")
    assert_problem(world.http.post(release, headers=world.coordinator.headers), 409)
    results = world.results(round_, member).json()
    trust = results["overall"]["statements"][0]
    assert trust["distribution"] == [0, 1, 0, 4, 0]
    assert trust["mean"] == 3.6


def test_a_party_below_k_shows_too_few_answers_and_no_figures(world: World):
    round_ = world.open("werk", "jeugd", "woon")
    answer_all(world, round_, "werk", [5, 4, 4, 3, 2, 1])
    answer_all(world, round_, "jeugd", [3, 3, 3, 3, 3, 3, 2])
    answer_all(world, round_, "woon", [1, 1, 1])
    world.close(round_)
    results = world.results(round_).json()
    by = groups(results, world)
    assert by["woon"] == {
        "partyId": str(world.parties["woon"].id),
        "answered": None,
        "suppressed": True,
        "reason": "too-few-answers",
        "statements": [],
    }
    # The total minus werk and jeugd would be woon's three answers: werk (the smallest shown
    # group) is suppressed beside it.
    assert by["werk"]["suppressed"]
    assert by["werk"]["reason"] == "protects-another-group"
    assert not by["jeugd"]["suppressed"]
    assert by["jeugd"]["statements"][0]["distribution"] == [0, 1, 6, 0, 0]
    assert results["overall"]["answered"] == 16
    assert hidden_sum_is_safe(results)


def test_two_small_parties_together_below_k_are_protected_too(world: World):
    round_ = world.open("werk", "woon", "ggd")
    answer_all(world, round_, "werk", [4] * 6)
    answer_all(world, round_, "woon", [1, 1])
    answer_all(world, round_, "ggd", [2])
    world.close(round_)
    results = world.results(round_).json()
    by = groups(results, world)
    assert by["woon"]["reason"] == by["ggd"]["reason"] == "too-few-answers"
    assert by["werk"]["reason"] == "protects-another-group"
    assert results["overall"]["answered"] == 9  # everyone together is a group of 9
    assert hidden_sum_is_safe(results)


def test_below_k_overall_nothing_is_shown(world: World):
    round_ = world.open("werk")
    answer_all(world, round_, "werk", [5, 5, 5, 5], going_well="Top")
    world.close(round_)
    results = world.results(round_).json()
    assert results["overall"]["suppressed"]
    assert results["overall"]["statements"] == []
    assert results["overall"]["answered"] is None
    assert results["openAnswers"] == {
        "suppressed": True,
        "reason": "too-few-answers",
        "questions": [],
    }


def test_open_answers_only_from_2k_overall_shuffled_and_without_names(world: World):
    round_ = world.open("werk", "woon")
    answer_all(world, round_, "werk", [3] * (2 * K - 1), going_well="Goed")
    answer_all(world, round_, "woon", [3], going_well="Goed")
    world.close(round_)
    results = world.results(round_).json()
    questions = results["openAnswers"]["questions"]
    assert not results["openAnswers"]["suppressed"]
    assert [q["key"] for q in questions] == ["going-well", "could-be-better"]
    written = sorted([f"Goed werk {n}" for n in range(2 * K - 1)] + ["Goed woon 0"])
    assert sorted(questions[0]["answers"]) == written
    assert questions[1]["answers"] == []
    # Never per party: a party's open answers minus nothing would be theirs alone.
    assert "openAnswers" not in str(results["parties"])
    orders = {tuple(world.results(round_).json()["openAnswers"]["questions"][0]["answers"])}
    orders |= {tuple(world.results(round_).json()["openAnswers"]["questions"][0]["answers"])}
    assert len(orders) > 1 or next(iter(orders)) != tuple(written)
    names = [actor.user.name for actors in world.members.values() for actor in actors]
    assert not any(name in str(results) for name in names)
    one_short = world.open("werk")
    answer_all(world, one_short, "werk", [3] * (2 * K - 1), going_well="Goed")
    world.close(one_short)
    assert world.results(one_short).json()["openAnswers"]["suppressed"]


def test_a_released_round_never_moves_again(world: World):
    """The re-read after one more answer: answers end with the release, so two reads of the
    results can never be subtracted."""
    round_ = world.open("werk")
    answer_all(world, round_, "werk", [2, 3, 4, 5, 1])
    world.http.post(f"/reflection-rounds/{round_['id']}/release", headers=world.coordinator.headers)
    before = world.results(round_).json()
    late = world.people("werk", 1)[0]
    assert_problem(world.answer(round_, late), 409)
    assert world.results(round_).json() == before


def test_the_mean_is_the_distributions_own(world: World):
    """Mean and distribution come from the same group, so together they tell nothing more."""
    round_ = world.open("werk")
    answer_all(world, round_, "werk", [1, 2, 2, 5, 5, 4])
    world.close(round_)
    for statement in world.results(round_).json()["overall"]["statements"]:
        counts = statement["distribution"]
        assert statement["mean"] == round(
            sum(v * c for v, c in zip(range(1, 6), counts, strict=True)) / sum(counts), 2
        )


def test_the_response_rate_never_shows_that_a_few_did_or_did_not_answer(world: World):
    werk = world.people("werk", 6)
    jeugd = world.people("jeugd", 5)
    woon = world.people("woon", 5)
    round_ = world.open("werk", "jeugd", "woon")
    for person in werk[:5] + jeugd + woon[:2]:
        world.answered(round_, person)
    rate = world.read(round_).json()["responseRate"]
    assert (rate["invited"], rate["answered"]) == (16, 12)
    by = {p["partyId"]: p for p in rate["parties"]}
    werk_rate = by[str(world.parties["werk"].id)]
    jeugd_rate = by[str(world.parties["jeugd"].id)]
    woon_rate = by[str(world.parties["woon"].id)]
    # werk: one of six did not answer — that would point at a person.
    assert (werk_rate["suppressed"], werk_rate["answered"]) == (True, None)
    assert woon_rate["reason"] == "too-few-answers"  # two answered
    # jeugd (all five answered) alone shown would give werk + woon together: 7 answered and
    # 4 not, fewer than k not answering: jeugd is hidden too.
    assert jeugd_rate["suppressed"]
    assert all(p["invited"] for p in rate["parties"])


def test_the_response_rate_per_party_shows_where_it_is_safe(world: World):
    werk = world.people("werk", 5)
    jeugd = world.people("jeugd", 10)
    round_ = world.open("werk", "jeugd")
    for person in werk + jeugd[:5]:
        world.answered(round_, person)
    by = {p["partyId"]: p for p in world.read(round_).json()["responseRate"]["parties"]}
    assert by[str(world.parties["werk"].id)]["answered"] == 5
    assert by[str(world.parties["jeugd"].id)]["answered"] == 5


def test_who_reads_results(world: World, tenant: Tenant):
    round_ = world.open("werk", "woon")
    answer_all(world, round_, "werk", [3] * 5)
    world.close(round_)
    viewer = tenant.actor(Role.viewer)
    invited_partner = world.people("woon", 1, Role.partner)[0]
    other_partner = tenant.actor(Role.partner, party=world.parties["ggd"])
    assert world.results(round_, viewer).status_code == 200
    assert world.results(round_, invited_partner).status_code == 200
    assert world.results(round_, other_partner).status_code == 404


def three_rounds(world: World) -> list[dict[str, Any]]:
    """Three closed rounds: werk 5, 6 and 5 answers; woon 6, then 2 (below k), then 5."""
    made = []
    plan = (
        ("Q1", "2026-03-05", [2] * 5, [3] * 6),
        ("Q2", "2026-03-10", [3] * 6, [1, 1]),
        ("Q3", "2026-03-20", [4] * 5, [5] * 5),
    )
    for title, closes_on, werk, woon in plan:
        round_ = world.open("werk", "woon", title=title, closesOn=closes_on)
        answer_all(world, round_, "werk", werk)
        answer_all(world, round_, "woon", woon)
        world.close(round_)
        made.append(round_)
    return made


def test_trends_follow_each_statement_across_closed_rounds(world: World):
    rounds = three_rounds(world)
    world.open("werk", title="Nog open")  # not in any trend until it closes
    trends = world.http.get("/reflection-rounds/trends", headers=world.coordinator.headers).json()
    assert trends["minGroup"] == K
    overall, *parties = trends["groups"]
    assert overall["partyId"] is None
    trust = overall["statements"][0]
    assert trust["key"] == "trust"
    assert [p["roundId"] for p in trust["points"]] == [r["id"] for r in rounds]
    assert [p["mean"] for p in trust["points"]] == [2.55, 2.5, 4.5]
    assert [p["change"] for p in trust["points"]] == [None, -0.05, 2.0]
    by = {g["partyId"]: g["statements"][0]["points"] for g in parties}
    woon = by[str(world.parties["woon"].id)]
    werk = by[str(world.parties["werk"].id)]
    # Q2: woon below k, and werk hidden beside it (the total would give woon away): neither
    # has a figure or a change in Q2 nor a change in Q3.
    assert [p["suppressed"] for p in woon] == [False, True, False]
    assert [p["mean"] for p in woon] == [3.0, None, 5.0]
    assert [p["change"] for p in woon] == [None, None, None]
    assert [p["reason"] for p in werk] == [None, "protects-another-group", None]
    assert [p["change"] for p in werk] == [None, None, None]


def test_trends_for_one_party_and_for_a_partner(world: World, tenant: Tenant):
    three_rounds(world)
    only = world.open("werk", title="Alleen werk", closesOn="2026-03-25")
    answer_all(world, only, "werk", [5] * 5)
    world.close(only)
    woon_id = str(world.parties["woon"].id)
    response = world.http.get(
        "/reflection-rounds/trends", params={"partyId": woon_id}, headers=world.coordinator.headers
    ).json()
    assert [g["partyId"] for g in response["groups"]] == [None, woon_id]
    assert len(response["groups"][1]["statements"][0]["points"]) == 3
    partner = world.people("woon", 1, Role.partner)[0]
    seen = world.http.get("/reflection-rounds/trends", headers=partner.headers).json()
    assert len(seen["groups"][0]["statements"][0]["points"]) == 3  # not the round without woon
    assert_problem(
        world.http.get(
            "/reflection-rounds/trends", params={"partyId": "x"}, headers=partner.headers
        ),
        400,
        "partyId",
    )


def test_the_dashboard_summary_takes_the_same_few_queries_for_any_number_of_rounds(
    world: World, engine, count_sql
):
    principal = Principal(
        kind=PrincipalKind.user,
        id=world.coordinator.id,
        organisation_id=world.tenant.id,
        role=Role.coordinator,
        party_id=None,
        name="Fatima",
    )

    def queries() -> tuple[int, list[dict[str, Any]]]:
        with Session(engine) as session:
            counter = count_sql()
            summary = service.trend_summary(session, principal, min_group=K)
            return len(counter), summary

    one = world.open("werk", closesOn="2026-03-04")
    answer_all(world, one, "werk", [3] * 5)
    world.close(one)
    few, summary = queries()
    three_rounds(world)
    many, summary = queries()
    assert few == many <= 3
    assert [s["key"] for s in summary][:2] == ["trust", "role-clarity"]
    assert len(summary[0]["points"]) == 4


def test_k_below_three_is_refused_at_start_up():
    with pytest.raises(ValidationError, match="reflection_min_group"):
        Settings(reflection_min_group=2)
    assert Settings(reflection_min_group=3).reflection_min_group == 3
    assert Settings().reflection_min_group == K


@given(
    counts=st.lists(st.integers(min_value=0, max_value=12), min_size=1, max_size=6),
    min_group=st.integers(min_value=3, max_value=7),
)
def test_no_total_minus_the_shown_groups_is_a_small_group(counts: list[int], min_group: int):
    """Whatever the group sizes: the hidden groups together hold no answers or at least k, or
    nothing is shown beside them (then the total is everyone, shown only from k)."""
    reasons = service.suppress(
        {n: (count,) for n, count in enumerate(counts)},
        min_group,
        lambda values: values[0] < min_group,
    )
    hidden = sum(count for n, count in enumerate(counts) if reasons[n])
    shown = [n for n in reasons if reasons[n] is None]
    assert all(counts[n] >= min_group for n in shown)
    assert hidden == 0 or hidden >= min_group or not shown
    # Only as much is hidden as needed: at most one group beyond the ones below k per round of
    # protection, never a group when nothing small needs it.
    if all(count >= min_group for count in counts):
        assert not any(reasons.values())
