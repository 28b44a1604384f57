"""Questions investigated together over HTTP: status steps and findings, the ball, contributions
of the parties involved, links both ways and what a partner may see and do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from kompas.questions.models import Contribution, Question
from tests.conftest import Actor, assert_problem


def create(http, actor: Actor, **fields):
    response = http.post("/questions", json=fields, headers=actor.headers)
    assert response.status_code == 201, response.text
    return response


def patch(http, actor: Actor, url: str, **fields):
    current = http.get(url, headers=actor.headers)
    return http.patch(
        url, json=fields, headers={**actor.headers, "If-Match": current.headers["ETag"]}
    )


def contribute(http, actor: Actor, question, **fields):
    return http.post(
        f"/questions/{question['id']}/contributions",
        json={"kind": "observation", "body": "Wij zien het ook", **fields},
        headers=actor.headers,
    )


def test_a_question_starts_open_with_the_lead_holding_the_ball(http, people, parties):
    response = create(
        http,
        people["werk"],
        title="Waarom vallen jongeren van 18 tussen wal en schip?",
        rationale="Zorg stopt, schulden beginnen.",
        leadPartyId=str(parties["jeugd"].id),
        participants=[{"partyId": str(parties["woon"].id), "level": "thinking-along"}],
    )
    question = response.json()
    assert response.headers["Location"].endswith(f"/questions/{question['id']}")
    assert response.headers["ETag"]
    assert question["status"] == "open"
    assert question["ballHolderId"] == str(parties["jeugd"].id)
    assert question["pendingHandoff"] is None
    assert question["stalled"] is False
    assert question["findings"] == ""
    assert question["contributionCount"] == 0
    assert question["agendaItemIds"] == question["successIds"] == question["meetingIds"] == []
    assert question["participants"] == [
        {"partyId": str(parties["woon"].id), "level": "thinking-along"}
    ]


def test_status_moves_along_the_allowed_steps_and_answered_needs_findings(http, people, parties):
    coordinator = people["coordinator"]
    question = create(
        http, coordinator, title="Wat kost een uithuiszetting?", leadPartyId=str(parties["werk"].id)
    ).json()
    url = f"/questions/{question['id']}"
    assert_problem(patch(http, coordinator, url, status="answered", findings="x"), 409, "status")
    assert patch(http, coordinator, url, status="investigating").status_code == 200
    assert_problem(patch(http, coordinator, url, status="answered"), 400, "findings")
    assert_problem(patch(http, coordinator, url, status="answered", findings="  "), 400, "findings")
    assert http.get(url, headers=coordinator.headers).json()["status"] == "investigating"
    answered = patch(
        http, coordinator, url, status="answered", findings="Ruim 20.000 euro per huishouden."
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["findings"] == "Ruim 20.000 euro per huishouden."
    # An answered question keeps its findings.
    assert_problem(patch(http, coordinator, url, findings=""), 400, "findings")
    assert patch(http, coordinator, url, status="closed").status_code == 200
    assert_problem(patch(http, coordinator, url, status="investigating"), 409, "status")
    reopened = patch(http, coordinator, url, status="open", statusReason="Nieuwe cijfers")
    assert reopened.json()["status"] == "open"
    assert patch(http, coordinator, url, status="closed").status_code == 200
    history = http.get(f"{url}/status-changes", headers=coordinator.headers).json()["items"]
    assert [(h["fromStatus"], h["toStatus"]) for h in history] == [
        (None, "open"),
        ("open", "investigating"),
        ("investigating", "answered"),
        ("answered", "closed"),
        ("closed", "open"),
        ("open", "closed"),
    ]
    assert history[4]["reason"] == "Nieuwe cijfers"
    # Back from investigating to open, and from answered to investigating.
    other = create(
        http,
        coordinator,
        title="Tweede",
        status="investigating",
        leadPartyId=str(parties["werk"].id),
    ).json()
    other_url = f"/questions/{other['id']}"
    assert patch(http, coordinator, other_url, status="open").status_code == 200
    patch(http, coordinator, other_url, status="investigating")
    patch(http, coordinator, other_url, status="answered", findings="Gevonden")
    assert patch(http, coordinator, other_url, status="investigating").status_code == 200


def test_a_partner_accepts_the_ball_of_a_question_and_may_then_change_it(http, people, parties):
    question = create(
        http,
        people["coordinator"],
        title="Signalen van huurachterstand",
        leadPartyId=str(parties["werk"].id),
    ).json()
    url = f"/questions/{question['id']}"
    woon = people["woon"]
    assert_problem(http.get(url, headers=woon.headers), 404)
    handed = http.post(
        f"{url}/handoffs",
        json={"toPartyId": str(parties["woon"].id), "note": "Jullie hebben de cijfers"},
        headers=people["werk"].headers,
    )
    assert handed.status_code == 201, handed.text
    handoff = handed.json()
    assert handoff["subjectKind"] == "question"
    # Being handed the ball, the partner sees the question, and may not change it yet.
    seen = http.get(url, headers=woon.headers).json()
    assert seen["pendingHandoff"]["toPartyId"] == str(parties["woon"].id)
    assert seen["ballHolderId"] == str(parties["werk"].id)
    assert_problem(patch(http, woon, url, rationale="Wij nemen het over"), 403)
    one = f"{url}/handoffs/{handoff['id']}"
    etag = http.get(one, headers=woon.headers).headers["ETag"]
    accepted = http.patch(
        one, json={"status": "accepted"}, headers={**woon.headers, "If-Match": etag}
    )
    assert accepted.status_code == 200, accepted.text
    read = http.get(url, headers=woon.headers).json()
    assert read["ballHolderId"] == str(parties["woon"].id)
    assert read["pendingHandoff"] is None
    assert patch(http, woon, url, status="investigating").status_code == 200
    listed = http.get(f"{url}/handoffs", headers=woon.headers).json()["items"]
    assert [h["status"] for h in listed] == ["accepted"]
    holding = http.get(
        "/questions", params={"ballHolderId": str(parties["woon"].id)}, headers=woon.headers
    ).json()["items"]
    assert [q["id"] for q in holding] == [question["id"]]


def test_involved_parties_contribute_and_others_are_refused(http, people, parties):
    coordinator = people["coordinator"]
    question = create(
        http,
        coordinator,
        title="Hoe vroeg zien we schulden?",
        leadPartyId=str(parties["werk"].id),
        participants=[{"partyId": str(parties["woon"].id), "level": "watching"}],
    ).json()
    base = f"/questions/{question['id']}/contributions"
    # A watching partner contributes, for its own party.
    by_partner = contribute(http, people["woon"], question, kind="data", body="312 huishoudens")
    assert by_partner.status_code == 201, by_partner.text
    contribution = by_partner.json()
    assert by_partner.headers["Location"].endswith(f"{base}/{contribution['id']}")
    assert contribution["partyId"] == str(parties["woon"].id)
    assert contribution["authorName"] == people["woon"].user.name
    assert contribution["kind"] == "data"
    assert contribute(http, people["werk"], question, kind="proposal").status_code == 201
    # Not for another party; not when the party is not involved; a viewer never.
    assert_problem(contribute(http, people["woon"], question, partyId=str(parties["werk"].id)), 403)
    refused = assert_problem(contribute(http, people["jeugd"], question), 403)
    assert "not involved" in refused["detail"]
    assert_problem(contribute(http, people["ggd"], question), 404)  # cannot even see it
    assert_problem(contribute(http, people["viewer"], question), 403)
    # A coordinator contributes for an involved party, and must name one.
    assert_problem(contribute(http, coordinator, question), 400, "partyId")
    assert_problem(
        contribute(http, coordinator, question, partyId=str(parties["jeugd"].id)), 400, "partyId"
    )
    assert_problem(
        contribute(http, coordinator, question, partyId="00000000-0000-4000-8000-000000000000"),
        400,
        "partyId",
    )
    for_woon = contribute(http, coordinator, question, partyId=str(parties["woon"].id))
    assert for_woon.status_code == 201
    assert_problem(contribute(http, coordinator, question, kind="gossip"), 400, "kind")
    assert_problem(contribute(http, coordinator, question, body=""), 400, "body")
    # Listed, filtered, and counted on the question.
    listed = http.get(base, headers=people["viewer"].headers).json()["items"]
    assert len(listed) == 3
    woon_only = http.get(
        base, params={"partyId": str(parties["woon"].id)}, headers=coordinator.headers
    ).json()["items"]
    assert len(woon_only) == 2
    proposals = http.get(base, params={"kind": "proposal"}, headers=coordinator.headers).json()
    assert [c["partyId"] for c in proposals["items"]] == [str(parties["werk"].id)]
    read = http.get(f"/questions/{question['id']}", headers=coordinator.headers).json()
    assert read["contributionCount"] == 3
    # The author's party, or a coordinator, changes or removes one.
    one = f"{base}/{contribution['id']}"
    assert_problem(patch(http, people["werk"], one, body="Anders"), 403)
    changed = patch(http, people["woon"], one, body="315 huishoudens")
    assert changed.status_code == 200, changed.text
    assert changed.json()["body"] == "315 huishoudens"
    assert patch(http, coordinator, one, kind="observation").json()["kind"] == "observation"
    assert_problem(http.delete(one, headers={**people["woon"].headers}), 428)
    etag = http.get(one, headers=people["woon"].headers).headers["ETag"]
    refused_delete = http.delete(one, headers={**people["werk"].headers, "If-Match": etag})
    assert_problem(refused_delete, 403)
    deleted = http.delete(one, headers={**people["woon"].headers, "If-Match": etag})
    assert deleted.status_code == 204
    assert_problem(http.get(one, headers=coordinator.headers), 404)


def test_a_party_being_handed_the_ball_may_contribute(http, people, parties):
    question = create(
        http, people["coordinator"], title="Wie belt eerst?", leadPartyId=str(parties["werk"].id)
    ).json()
    assert_problem(contribute(http, people["ggd"], question), 404)
    http.post(
        f"/questions/{question['id']}/handoffs",
        json={"toPartyId": str(parties["ggd"].id)},
        headers=people["werk"].headers,
    )
    assert contribute(http, people["ggd"], question).status_code == 201


def test_a_partner_sees_only_the_questions_its_party_is_involved_in(http, people, parties):
    coordinator = people["coordinator"]
    shared = create(
        http,
        coordinator,
        title="Samen met Woonstede",
        leadPartyId=str(parties["werk"].id),
        participants=[{"partyId": str(parties["woon"].id), "level": "taking-part"}],
    ).json()
    watched = create(
        http,
        coordinator,
        title="Woonstede kijkt mee",
        leadPartyId=str(parties["werk"].id),
        participants=[{"partyId": str(parties["woon"].id), "level": "watching"}],
    ).json()
    hidden = create(http, coordinator, title="Intern", leadPartyId=str(parties["werk"].id)).json()
    contribute(http, coordinator, hidden, partyId=str(parties["werk"].id))
    woon = people["woon"]
    seen = http.get("/questions", headers=woon.headers).json()["items"]
    assert {q["id"] for q in seen} == {shared["id"], watched["id"]}
    for path in ("", "/contributions", "/handoffs", "/status-changes"):
        assert_problem(http.get(f"/questions/{hidden['id']}{path}", headers=woon.headers), 404)
    assert (
        patch(http, woon, f"/questions/{shared['id']}", rationale="Belangrijk").status_code == 200
    )
    assert_problem(patch(http, woon, f"/questions/{watched['id']}", rationale="x"), 403)
    assert_problem(
        http.post(
            "/questions",
            json={"title": "x", "leadPartyId": str(parties["woon"].id)},
            headers=woon.headers,
        ),
        403,
    )
    assert_problem(
        http.delete(f"/questions/{shared['id']}", headers={**woon.headers, "If-Match": "*"}),
        403,
    )


def test_bad_references_and_values_are_all_named_and_nothing_is_made(http, people, parties):
    coordinator = people["coordinator"]
    response = http.post(
        "/questions",
        json={
            "title": "Fout",
            "leadPartyId": "00000000-0000-4000-8000-000000000000",
            "phaseId": "00000000-0000-4000-8000-000000000002",
            "driverIds": ["00000000-0000-4000-8000-000000000001"],
            "participants": [{"partyId": str(parties["woon"].id), "level": "watching"}] * 2,
        },
        headers=coordinator.headers,
    )
    assert_problem(response, 400, "leadPartyId", "phaseId", "driverIds.0", "participants.1.partyId")
    lead = str(parties["werk"].id)
    for body, name in (
        ({"title": "x", "leadPartyId": lead, "status": "answered"}, "status"),
        ({"title": "x", "leadPartyId": lead, "status": "closed"}, "status"),
        ({"title": "x", "leadPartyId": lead, "status": "pondering"}, "status"),
        ({"title": " ", "leadPartyId": lead}, "title"),
        ({"title": "x" * 501, "leadPartyId": lead}, "title"),
        ({"title": "x"}, "leadPartyId"),
        (
            {
                "title": "x",
                "leadPartyId": lead,
                "participants": [{"partyId": lead, "level": "cheering"}],
            },
            "participants.0.level",
        ),
        ({"title": "x", "leadPartyId": lead, "ballHolderId": "nope"}, "ballHolderId"),
    ):
        assert_problem(http.post("/questions", json=body, headers=coordinator.headers), 400, name)
    assert http.get("/questions", headers=coordinator.headers).json()["items"] == []
    question = create(http, coordinator, title="Goed", leadPartyId=lead).json()
    url = f"/questions/{question['id']}"
    assert_problem(
        patch(http, coordinator, url, ballHolderId=str(parties["woon"].id)), 400, "ballHolderId"
    )
    assert_problem(
        patch(http, coordinator, url, participants=[{"partyId": lead, "level": "x"}]),
        400,
        "participants.0.level",
    )


def test_links_go_both_ways_from_drivers_to_questions_to_agenda_items(http, people, parties, admin):
    driver = http.post("/drivers", json={"title": "Bestaanszekerheid"}, headers=admin.headers)
    assert driver.status_code == 201, driver.text
    driver_id = driver.json()["id"]
    coordinator = people["coordinator"]
    question = create(
        http,
        coordinator,
        title="Waar ontstaan schulden?",
        leadPartyId=str(parties["werk"].id),
        driverIds=[driver_id],
    ).json()
    assert question["driverIds"] == [driver_id]
    item = http.post(
        "/agenda-items",
        json={
            "title": "Vroegsignalering",
            "leadPartyId": str(parties["werk"].id),
            "questionIds": [question["id"]],
        },
        headers=coordinator.headers,
    )
    assert item.status_code == 201, item.text
    read = http.get(f"/questions/{question['id']}", headers=coordinator.headers).json()
    assert read["agendaItemIds"] == [item.json()["id"]]
    listed = http.get("/questions", headers=coordinator.headers).json()["items"]
    assert listed[0]["agendaItemIds"] == [item.json()["id"]]
    # Deleting the question removes the link, its contributions and its history.
    contribute(http, coordinator, question, partyId=str(parties["werk"].id))
    etag = http.get(f"/questions/{question['id']}", headers=coordinator.headers).headers["ETag"]
    deleted = http.delete(
        f"/questions/{question['id']}", headers={**coordinator.headers, "If-Match": etag}
    )
    assert deleted.status_code == 204
    again = http.get(f"/agenda-items/{item.json()['id']}", headers=coordinator.headers).json()
    assert again["questionIds"] == []


def test_search_filters_and_stalled_questions(http, people, parties, engine):
    coordinator = people["coordinator"]
    lead = str(parties["werk"].id)
    still = create(http, coordinator, title="Ligt stil", leadPartyId=lead).json()
    create(
        http, coordinator, title="Net gesteld", rationale="Over huurachterstand", leadPartyId=lead
    )
    answered = create(
        http, coordinator, title="Beantwoord", status="investigating", leadPartyId=lead
    ).json()
    patch(
        http,
        coordinator,
        f"/questions/{answered['id']}",
        status="answered",
        findings="Het loket werkt",
    )
    long_ago = datetime.now(UTC) - timedelta(days=60)
    with engine.begin() as connection:
        connection.execute(
            update(Question)
            .where(Question.title.in_(["Ligt stil", "Beantwoord"]))  # type: ignore[attr-defined]
            .values(updated_at=long_ago, ball_moved_at=long_ago)
        )
    stalled = http.get("/questions", params={"stalled": "true"}, headers=coordinator.headers)
    assert [q["id"] for q in stalled.json()["items"]] == [still["id"]]
    assert stalled.json()["items"][0]["stalled"] is True

    def titles(**params):
        response = http.get("/questions", params=params, headers=coordinator.headers)
        assert response.status_code == 200, response.text
        return {q["title"] for q in response.json()["items"]}

    assert titles(stalled="false") == {"Net gesteld", "Beantwoord"}
    assert titles(q="huurachterstand") == {"Net gesteld"}
    assert titles(q="loket") == {"Beantwoord"}
    assert titles(status="answered") == {"Beantwoord"}
    assert titles(leadPartyId=str(parties["jeugd"].id)) == set()
    assert_problem(
        http.get("/questions", params={"colour": "red"}, headers=coordinator.headers), 400
    )
    assert_problem(
        http.get("/questions", params={"status": "pondering"}, headers=coordinator.headers), 400
    )


def test_deleting_a_question_removes_its_contributions(http, people, parties, engine):
    coordinator = people["coordinator"]
    question = create(http, coordinator, title="Weg", leadPartyId=str(parties["werk"].id)).json()
    contribute(http, people["werk"], question)
    deleted = http.delete(
        f"/questions/{question['id']}", headers={**people["werk"].headers, "If-Match": "*"}
    )
    assert deleted.status_code == 204, deleted.text
    with engine.connect() as connection:
        left = connection.execute(select(func.count()).select_from(Contribution)).scalar_one()
    assert left == 0
