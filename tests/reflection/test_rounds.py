"""Running a round over HTTP: drafts, opening, closing, who may do what, and answering once."""

from __future__ import annotations

from kompas.core.principal import Role
from kompas.parties.models import PartyKind
from kompas.tokens.models import ApiToken  # noqa: F401 - the token model exists
from tests.conftest import Clock, Tenant, assert_problem
from tests.reflection.conftest import TODAY, K, World

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def test_a_draft_gets_the_default_statements_and_questions(world: World):
    round_ = world.create("werk", "woon")
    assert round_["status"] == "draft"
    assert [s["key"] for s in round_["statements"]] == [
        "trust",
        "role-clarity",
        "shared-purpose",
        "information-sharing",
        "partner-involvement",
        "progress",
    ]
    assert all(s["textNl"] and s["textEn"] for s in round_["statements"])
    assert [q["key"] for q in round_["questions"]] == ["going-well", "could-be-better"]
    assert sorted(round_["partyIds"]) == sorted(str(world.parties[p].id) for p in ("werk", "woon"))
    assert round_["responseRate"] == {
        "invited": 0,
        "answered": 0,
        "parties": round_["responseRate"]["parties"],
    }
    assert not round_["mayAnswer"]
    assert not round_["resultsReleased"]
    # The page tells people how large a group must be before its figures are shown.
    assert round_["minGroup"] == K


def test_statements_and_questions_are_editable_only_in_draft(world: World):
    round_ = world.create("werk", questions=[])
    assert round_["questions"] == []
    edited = world.patch(
        round_,
        statements=[{"key": "trust", "textNl": "Vertrouwen"}, {"key": "pace", "textNl": "Tempo"}],
        questions=[{"key": "tip", "textNl": "Tip?", "textEn": "Tip?"}],
    )
    assert edited.status_code == 200, edited.text
    assert edited.json()["statements"][1] == {"key": "pace", "textNl": "Tempo", "textEn": "Tempo"}
    opened = world.patch(round_, status="open")
    assert opened.status_code == 200, opened.text
    for change in (
        {"statements": [{"key": "other", "textNl": "Anders"}]},
        {"questions": []},
        {"partyIds": [str(world.parties["jeugd"].id)]},
        {"opensOn": "2026-03-03"},
    ):
        before = world.read(round_).json()
        assert_problem(world.patch(round_, **change), 409)
        assert world.read(round_).json() == before
    # The title may change, and the last day move, while it is open.
    assert world.patch(round_, title="Reflectie maart", closesOn="2026-04-15").status_code == 200


def test_bad_rounds_are_400_naming_each_field(world: World):
    response = world.http.post(
        "/reflection-rounds",
        json={
            "title": "x",
            "opensOn": TODAY,
            "closesOn": "2026-03-01",
            "partyIds": [UNKNOWN],
            "statements": [{"key": "a", "textNl": "A"}, {"key": "a", "textNl": "B"}],
            "questions": [{"key": "Bad Key", "textNl": "?"}],
        },
        headers=world.coordinator.headers,
    )
    assert_problem(response, 400, "questions.0.key")
    response = world.http.post(
        "/reflection-rounds",
        json={
            "title": "x",
            "opensOn": TODAY,
            "closesOn": "2026-03-01",
            "partyIds": [UNKNOWN],
            "statements": [{"key": "a", "textNl": "A"}, {"key": "a", "textNl": "B"}],
        },
        headers=world.coordinator.headers,
    )
    assert_problem(response, 400, "partyIds.0", "statements.1.key", "closesOn")
    empty = world.http.post(
        "/reflection-rounds",
        json={"title": "x", "opensOn": TODAY, "closesOn": TODAY, "partyIds": []},
        headers=world.coordinator.headers,
    )
    assert_problem(empty, 400, "partyIds")
    assert (
        world.http.get("/reflection-rounds", headers=world.coordinator.headers).json()["items"]
        == []
    )


def test_status_moves_draft_open_closed_and_never_back(world: World):
    round_ = world.create("werk")
    assert_problem(world.patch(round_, status="closed"), 409)
    world.patch(round_, status="open")
    closed = world.close(round_)
    assert closed["status"] == "closed"
    assert closed["resultsReleased"]
    assert_problem(world.patch(round_, status="open"), 409)
    assert_problem(world.patch(round_, closesOn="2026-05-01"), 409)
    stale = world.http.patch(
        f"/reflection-rounds/{round_['id']}",
        json={"title": "x"},
        headers={**world.coordinator.headers, "If-Match": '"1"'},
    )
    assert_problem(stale, 412)


def test_only_a_draft_can_be_deleted(world: World):
    draft, opened = world.create("werk"), world.open("werk")
    for round_, status in ((opened, 409), (draft, 204)):
        etag = world.read(round_).headers["ETag"]
        response = world.http.delete(
            f"/reflection-rounds/{round_['id']}",
            headers={**world.coordinator.headers, "If-Match": etag},
        )
        assert response.status_code == status, response.text
    assert world.read(draft).status_code == 404


def test_an_open_round_closes_by_itself_after_its_last_day(
    world: World, wall_clock: Clock, tenant: Tenant
):
    round_ = world.open("werk", closesOn="2026-03-03")
    wall_clock.advance(days=2)
    person = world.people("werk", 1)[0]  # tokens made after the clock moved
    world.coordinator = tenant.actor(Role.coordinator)
    read = world.read(round_, person).json()
    assert read["status"] == "closed"
    assert read["resultsReleased"]
    assert not read["mayAnswer"]
    assert_problem(world.answer(round_, person), 409)
    listed = world.http.get(
        "/reflection-rounds", params={"status": "closed"}, headers=world.coordinator.headers
    ).json()["items"]
    assert [r["id"] for r in listed] == [round_["id"]]
    still_open = world.http.get(
        "/reflection-rounds", params={"status": "open"}, headers=world.coordinator.headers
    ).json()["items"]
    assert still_open == []


def test_roles_create_and_see_what_they_may(world: World, tenant: Tenant):
    draft = world.create("werk")
    invited = world.open("woon")
    other = world.open("werk")
    member = world.people("werk", 1)[0]
    viewer = tenant.actor(Role.viewer)
    partner = world.people("woon", 1, Role.partner)[0]
    outsider = tenant.actor(Role.partner, party=world.parties["ggd"])
    body = {
        "title": "x",
        "opensOn": TODAY,
        "closesOn": TODAY,
        "partyIds": [str(draft["partyIds"][0])],
    }
    for actor in (member, viewer, partner):
        assert_problem(world.http.post("/reflection-rounds", json=body, headers=actor.headers), 403)
        assert_problem(
            world.http.patch(
                f"/reflection-rounds/{invited['id']}",
                json={"status": "closed"},
                headers={**actor.headers, "If-Match": "*"},
            ),
            403,
        )

    def seen(actor):
        items = world.http.get("/reflection-rounds", headers=actor.headers).json()["items"]
        return {item["id"] for item in items}

    assert seen(world.coordinator) == {draft["id"], invited["id"], other["id"]}
    assert seen(member) == seen(viewer) == {invited["id"], other["id"]}
    assert seen(partner) == {invited["id"]}
    assert seen(outsider) == set()
    assert world.read(draft, member).status_code == 404
    assert world.read(other, partner).status_code == 404
    assert world.read(invited, partner).json()["mayAnswer"] is True
    assert world.read(invited, member).json()["mayAnswer"] is False


def test_another_organisation_sees_nothing(world: World, make_tenant):
    round_ = world.open("werk")
    elsewhere = make_tenant("Gemeente Elders")
    admin = elsewhere.actor(Role.admin)
    other_party = elsewhere.party("Werk elders")
    stranger = elsewhere.actor(Role.member, party=other_party)
    for actor in (admin, stranger):
        assert world.read(round_, actor).status_code == 404
        assert world.results(round_, actor).status_code == 404
        assert world.answer(round_, actor).status_code == 404
        assert world.http.get("/reflection-rounds", headers=actor.headers).json()["items"] == []
    # Nor can a round of theirs invite our party.
    response = world.http.post(
        "/reflection-rounds",
        json={
            "title": "x",
            "opensOn": TODAY,
            "closesOn": TODAY,
            "partyIds": [str(world.parties["werk"].id)],
        },
        headers=admin.headers,
    )
    assert_problem(response, 400, "partyIds.0")


def test_everyone_invited_answers_once(world: World):
    werk = world.people("werk", 2)
    round_ = world.open("werk")
    world.answered(round_, werk[0], rating=4, going_well="Korte lijnen")
    again = world.answer(round_, werk[0], rating=2)
    assert_problem(again, 409)
    read = world.read(round_, werk[0]).json()
    assert read["answered"] is True
    assert read["mayAnswer"] is False
    other = world.read(round_, werk[1]).json()
    assert other["answered"] is False
    assert other["mayAnswer"] is True
    assert read["responseRate"]["invited"] == 2
    assert read["responseRate"]["answered"] == 1


def test_only_people_of_an_invited_party_answer(world: World, tenant: Tenant):
    round_ = world.open("werk")
    jeugd = world.people("jeugd", 1)[0]
    no_party = tenant.actor(Role.member)
    for actor in (jeugd, no_party, world.coordinator):
        assert_problem(world.answer(round_, actor), 403)
    draft = world.create("werk")
    werk = world.people("werk", 1)[0]
    # A draft is not theirs to see at all.
    assert world.answer({**draft, "statements": round_["statements"]}, werk).status_code == 404


def test_a_partner_token_is_no_person_and_does_not_answer(world: World):
    partner = world.people("woon", 1, Role.partner)[0]
    round_ = world.open("woon")
    token = world.http.post(
        f"/partners/{world.parties['woon'].id}/api-tokens",
        json={"name": "Koppeling", "scopes": ["needs:read"]},
        headers=world.coordinator.headers,
    )
    assert token.status_code == 201, token.text
    headers = {"Authorization": f"Bearer {token.json()['token']}"}
    body = {"ratings": [{"statementKey": s["key"], "rating": 3} for s in round_["statements"]]}
    response = world.http.post(
        f"/reflection-rounds/{round_['id']}/answers", json=body, headers=headers
    )
    assert response.status_code in (403, 404), response.text
    world.answered(round_, partner)


def test_an_incomplete_or_invalid_answer_is_400_and_stores_nothing(world: World):
    person = world.people("werk", 1)[0]
    round_ = world.open("werk")
    keys = [s["key"] for s in round_["statements"]]
    missing = world.answer(round_, person, rating=dict.fromkeys(keys[:-1], 3))
    body = assert_problem(missing, 400, "ratings")
    assert keys[-1] in str(body["invalidParams"])
    for rating, name in (
        (0, "ratings.0.rating"),
        (6, "ratings.0.rating"),
        (2.5, "ratings.0.rating"),
    ):
        assert_problem(world.answer(round_, person, rating=rating), 400, name)
    unknown = world.answer(round_, person, rating={**dict.fromkeys(keys, 3), "nope": 3})
    assert_problem(unknown, 400, f"ratings.{len(keys)}.statementKey")
    wrong_question = world.answer(round_, person, not_asked="x")
    assert_problem(wrong_question, 400, "openAnswers.0.questionKey")
    too_long = world.answer(round_, person, going_well="x" * 2001)
    assert_problem(too_long, 400, "openAnswers.0.text")
    control = world.answer(round_, person, going_well="a\x00b")
    assert_problem(control, 400, "openAnswers.0.text")
    assert world.read(round_, person).json()["answered"] is False
    world.answered(round_, person, going_well="   ")  # an empty open answer is a skipped one


def test_answers_are_refused_before_opening_after_closing_and_after_release(world: World):
    people = world.people("werk", 6)
    later = world.create("werk", opensOn="2026-03-10")
    world.patch(later, status="open")
    assert "2026-03-10" in assert_problem(world.answer(later, people[0]), 409)["detail"]
    closed = world.open("werk")
    world.close(closed)
    assert "closed" in assert_problem(world.answer(closed, people[0]), 409)["detail"]
    released = world.open("werk")
    for person in people[:5]:
        world.answered(released, person)
    response = world.http.post(
        f"/reflection-rounds/{released['id']}/release", headers=world.coordinator.headers
    )
    assert response.status_code == 200, response.text
    assert "released" in assert_problem(world.answer(released, people[5]), 409)["detail"]


def test_party_kinds_are_all_invitable(world: World, tenant: Tenant):
    extra = tenant.party("Buurtteam", PartyKind.partner)
    round_ = world.create("werk")
    assert world.patch(round_, partyIds=[str(extra.id)]).json()["partyIds"] == [str(extra.id)]


def test_the_list_carries_a_summary_and_the_round_the_rest(world: World):
    """A list item is what the list shows: the period, the status, the caller's part, the
    response rate as two totals and the parties, statements and questions as counts; the per
    party figures (suppressed where small), the parties and the texts are the round's own."""
    round_ = world.open("werk", "woon")
    werk, woon = world.people("werk", K + 1), world.people("woon", 2)
    for person in [*werk, woon[0]]:
        world.answered(round_, person)
    detail = world.read(round_, woon[1]).json()
    listed = world.http.get("/reflection-rounds", headers=woon[1].headers).json()["items"]
    assert len(listed) == 1
    summary = listed[0]
    assert set(summary) == {
        "id",
        "createdAt",
        "updatedAt",
        "title",
        "opensOn",
        "closesOn",
        "status",
        "releasedAt",
        "resultsReleased",
        "invited",
        "answered",
        "mayAnswer",
        "partyCount",
        "statementCount",
        "questionCount",
        "responseRate",
    }
    assert summary["responseRate"] == {
        "invited": detail["responseRate"]["invited"],
        "answered": detail["responseRate"]["answered"],
    }
    assert summary["responseRate"] == {"invited": K + 3, "answered": K + 2}
    assert (
        (summary["partyCount"], summary["statementCount"], summary["questionCount"])
        == (
            len(detail["partyIds"]),
            len(detail["statements"]),
            len(detail["questions"]),
        )
        == (2, 6, 2)
    )
    assert summary["invited"]
    assert summary["mayAnswer"]
    assert not summary["answered"]
    # The round itself is the summary and more: the same values for every field of the list.
    assert {key: detail[key] for key in summary if key != "responseRate"} == {
        key: value for key, value in summary.items() if key != "responseRate"
    }
    woon_rate = next(p for p in detail["responseRate"]["parties"] if p["answered"] is None)
    assert woon_rate["suppressed"]
