"""The experience backpack over HTTP: sharing, reading and changing lessons learned, links both
ways, filters and search, what a partner may see and do, who may change which property, tenant
isolation, bad input, the audit trail and the queries a list costs."""

from __future__ import annotations

from typing import Any

from kompas.core.principal import Role
from tests.conftest import Actor, Tenant, assert_problem

UNKNOWN = "00000000-0000-4000-8000-000000000000"


def create(http, actor: Actor, **fields: Any) -> dict[str, Any]:
    fields.setdefault("title", "Eén loket voor schulden")
    response = http.post("/experiences", json=fields, headers=actor.headers)
    assert response.status_code == 201, response.text
    return response.json()


def patch(http, actor: Actor, experience: dict[str, Any], **fields: Any):
    url = f"/experiences/{experience['id']}"
    current = http.get(url, headers=actor.headers)
    assert current.status_code == 200, current.text
    return http.patch(
        url, json=fields, headers={**actor.headers, "If-Match": current.headers["ETag"]}
    )


def delete(http, actor: Actor, experience: dict[str, Any]):
    url = f"/experiences/{experience['id']}"
    etag = http.get(url, headers=actor.headers).headers["ETag"]
    return http.delete(url, headers={**actor.headers, "If-Match": etag})


def titles(http, actor: Actor, **params: Any) -> list[str]:
    response = http.get("/experiences", params=params, headers=actor.headers)
    assert response.status_code == 200, response.text
    return [e["title"] for e in response.json()["items"]]


def made(http, actor: Actor, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = http.post(path, json=body, headers=actor.headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_an_experience_is_shared_read_changed_with_if_match_and_deleted(http, people, parties):
    werk, coordinator = people["werk"], people["coordinator"]
    phase = made(http, coordinator, "/phases", {"name": "Proeffase A"})
    response = http.post(
        "/experiences",
        json={
            "title": "  Eén regisseur per gezin  ",
            "situation": "Een gezin met schulden had drie loketten.",
            "whatWasDone": "We wezen één regisseur aan.",
            "whatWasLearned": "Eén gezicht geeft rust.",
            "tip": "Spreek af wie de regie heeft.",
            "tags": [" Schulden ", "schulden", "REGIE", "wijk  team"],
            "phaseId": phase["id"],
            "partyIds": [str(parties["werk"].id), str(parties["woon"].id)],
        },
        headers=werk.headers,
    )
    assert response.status_code == 201, response.text
    experience = response.json()
    url = f"/experiences/{experience['id']}"
    assert response.headers["Location"].endswith(url)
    assert response.headers["ETag"] == '"1"'
    assert experience["title"] == "Eén regisseur per gezin"
    assert experience["tags"] == ["schulden", "regie", "wijk team"]
    assert experience["authorId"] == str(werk.id)
    assert experience["authorName"] == "Sanne Werk"
    assert experience["visibility"] == "organisation"
    assert experience["phaseId"] == phase["id"]
    assert sorted(experience["partyIds"]) == sorted(
        [str(parties["werk"].id), str(parties["woon"].id)]
    )
    assert experience["createdAt"].endswith("Z")

    read = http.get(url, headers=people["viewer"].headers)
    assert read.status_code == 200
    assert read.json() == experience
    etag = read.headers["ETag"]
    assert_problem(http.patch(url, json={"tip": "x"}, headers=werk.headers), 428)
    changed = http.patch(
        url, json={"tip": "Begin klein.", "tags": []}, headers={**werk.headers, "If-Match": etag}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["tip"] == "Begin klein."
    assert changed.json()["tags"] == []
    assert changed.headers["ETag"] == '"2"'
    stale = http.patch(url, json={"title": "Oud"}, headers={**werk.headers, "If-Match": etag})
    assert_problem(stale, 412)
    cleared = patch(http, werk, experience, phaseId=None)
    assert cleared.status_code == 200
    assert cleared.json()["phaseId"] is None
    # The author is the server's to set.
    assert_problem(patch(http, werk, experience, authorId=str(people["jeugd"].id)), 400, "authorId")
    assert_problem(http.delete(url, headers=werk.headers), 428)
    assert delete(http, werk, experience).status_code == 204
    assert_problem(http.get(url, headers=werk.headers), 404)


def test_links_show_both_ways_and_go_with_the_experience(http, people, parties):
    coordinator = people["coordinator"]
    item = made(
        http,
        coordinator,
        "/agenda-items",
        {"title": "Punt", "leadPartyId": str(parties["werk"].id)},
    )
    question = made(
        http,
        coordinator,
        "/questions",
        {"title": "Waarom haken jongeren af?", "leadPartyId": str(parties["jeugd"].id)},
    )
    success = made(
        http, coordinator, "/successes", {"title": "Samen gelukt", "achievedOn": "2026-01-15"}
    )
    experience = create(
        http,
        people["werk"],
        agendaItemIds=[item["id"]],
        questionIds=[question["id"]],
        successIds=[success["id"]],
    )
    assert experience["agendaItemIds"] == [item["id"]]
    assert experience["questionIds"] == [question["id"]]
    assert experience["successIds"] == [success["id"]]
    for path in (
        f"/agenda-items/{item['id']}",
        f"/questions/{question['id']}",
        f"/successes/{success['id']}",
    ):
        assert http.get(path, headers=coordinator.headers).json()["experienceIds"] == [
            experience["id"]
        ]
    # Unlinking one record moves the experience on and leaves the others.
    unlinked = patch(http, people["werk"], experience, questionIds=[])
    assert unlinked.status_code == 200
    assert unlinked.headers["ETag"] == '"2"'
    question_read = http.get(f"/questions/{question['id']}", headers=coordinator.headers).json()
    assert question_read["experienceIds"] == []
    # Deleting the experience removes its links; deleting a linked record removes it from the
    # experience.
    assert delete(http, people["werk"], experience).status_code == 204
    assert (
        http.get(f"/agenda-items/{item['id']}", headers=coordinator.headers).json()["experienceIds"]
        == []
    )
    other = create(http, people["werk"], successIds=[success["id"]])
    etag = http.get(f"/successes/{success['id']}", headers=coordinator.headers).headers["ETag"]
    gone = http.delete(
        f"/successes/{success['id']}", headers={**coordinator.headers, "If-Match": etag}
    )
    assert gone.status_code == 204
    assert (
        http.get(f"/experiences/{other['id']}", headers=coordinator.headers).json()["successIds"]
        == []
    )


def test_filters_q_sorting_and_paging(http, people, parties, tenant: Tenant):
    coordinator, werk, jeugd = people["coordinator"], people["werk"], people["jeugd"]
    phase = made(http, coordinator, "/phases", {"name": "Proeffase B"})
    create(
        http,
        werk,
        title="Bravo",
        tags=["Schulden"],
        partyIds=[str(parties["werk"].id)],
        situation="Lange wachtlijst",
    )
    create(http, jeugd, title="Alfa", tags=["jeugd", "schulden"], phaseId=phase["id"])
    create(
        http,
        coordinator,
        title="Charlie",
        visibility="published",
        tip="Bel eerst, mail daarna",
        partyIds=[str(parties["jeugd"].id)],
    )
    assert titles(http, coordinator) == ["Charlie", "Alfa", "Bravo"]  # latest first
    assert titles(http, coordinator, sort="title") == ["Alfa", "Bravo", "Charlie"]
    assert titles(http, coordinator, sort="-title") == ["Charlie", "Bravo", "Alfa"]
    assert titles(http, coordinator, tag="schulden", sort="title") == ["Alfa", "Bravo"]
    assert titles(http, coordinator, tag=" SCHULDEN ", sort="title") == ["Alfa", "Bravo"]
    assert titles(http, coordinator, tag="jeugd") == ["Alfa"]
    assert titles(http, coordinator, tag="jeu") == []
    assert titles(http, coordinator, tag="%") == []
    assert titles(http, coordinator, phaseId=phase["id"]) == ["Alfa"]
    assert titles(http, coordinator, partyId=str(parties["jeugd"].id)) == ["Charlie"]
    assert titles(http, coordinator, visibility="published") == ["Charlie"]
    assert titles(http, coordinator, authorId=str(werk.id)) == ["Bravo"]
    assert titles(http, coordinator, q="WACHTLIJST") == ["Bravo"]
    assert titles(http, coordinator, q="bel eerst") == ["Charlie"]
    assert titles(http, coordinator, q="schulden") == []  # tags are filtered, not searched
    seen, cursor = [], None
    while True:
        params = {"sort": "title", "limit": 1, **({"cursor": cursor} if cursor else {})}
        page = http.get("/experiences", params=params, headers=coordinator.headers)
        assert page.status_code == 200
        seen += [e["title"] for e in page.json()["items"]]
        cursor = page.json()["nextCursor"]
        if not cursor:
            break
        assert 'rel="next"' in page.headers["Link"]
    assert seen == ["Alfa", "Bravo", "Charlie"]
    for bad in (
        {"sort": "tip"},
        {"colour": "red"},
        {"visibility": "secret"},
        {"phaseId": "nope"},
        {"authorId": "nope"},
        {"limit": 0},
    ):
        assert_problem(http.get("/experiences", params=bad, headers=coordinator.headers), 400, *bad)


def test_search_finds_experiences_the_caller_may_see(http, people, parties):
    coordinator, woon = people["coordinator"], people["woon"]
    shared = create(
        http,
        coordinator,
        title="Huisbezoek met de corporatie",
        whatWasLearned="Samen op huisbezoek werkt",
        visibility="partners",
    )
    create(http, coordinator, title="Intern huisbezoek evalueren", situation="Alleen intern")
    found = http.get(
        "/search", params={"q": "huisbezoek", "kinds": "experience"}, headers=coordinator.headers
    )
    assert found.status_code == 200, found.text
    assert len(found.json()["items"]) == 2
    assert {hit["kind"] for hit in found.json()["items"]} == {"experience"}
    partner_hits = http.get("/search", params={"q": "huisbezoek"}, headers=woon.headers).json()[
        "items"
    ]
    assert [hit["id"] for hit in partner_hits] == [shared["id"]]
    assert partner_hits[0]["url"].endswith(f"/experiences/{shared['id']}")
    # A change of the text is found; a deleted one is not.
    assert patch(http, coordinator, shared, tip="Neem koffie mee").status_code == 200
    coffee = http.get("/search", params={"q": "koffie"}, headers=coordinator.headers).json()
    assert [hit["id"] for hit in coffee["items"]] == [shared["id"]]
    assert delete(http, coordinator, shared).status_code == 204
    assert (
        http.get("/search", params={"q": "koffie"}, headers=coordinator.headers).json()["items"]
        == []
    )


def test_a_partner_sees_what_is_shared_or_involves_it_and_shares_only_its_own(
    http, people, parties
):
    coordinator, woon = people["coordinator"], people["woon"]
    involved = create(http, coordinator, title="Met Woonstede", partyIds=[str(parties["woon"].id)])
    shared = create(http, coordinator, title="Gedeeld", visibility="partners")
    published = create(http, coordinator, title="Gepubliceerd", visibility="published")
    assert http.get(f"/experiences/{published['id']}", headers=woon.headers).status_code == 200
    hidden = create(http, coordinator, title="Intern", partyIds=[str(parties["ggd"].id)])
    assert set(titles(http, woon)) == {"Met Woonstede", "Gedeeld", "Gepubliceerd"}
    assert_problem(http.get(f"/experiences/{hidden['id']}", headers=woon.headers), 404)
    assert http.get(f"/experiences/{shared['id']}", headers=woon.headers).status_code == 200
    # A partner filtering by another party sees no more.
    assert titles(http, woon, partyId=str(parties["ggd"].id)) == []
    assert titles(http, people["ggd"], partyId=str(parties["ggd"].id)) == ["Intern"]

    # Sharing: with its own party among the parties, `partners` at most.
    refused = assert_problem(
        http.post("/experiences", json={"title": "x"}, headers=woon.headers), 403, "partyIds"
    )
    assert "own party" in refused["detail"]
    own_party = [str(parties["woon"].id)]
    assert_problem(
        http.post(
            "/experiences",
            json={"title": "x", "partyIds": own_party, "visibility": "published"},
            headers=woon.headers,
        ),
        403,
        "visibility",
    )
    own = create(http, woon, title="Van ons", partyIds=own_party, visibility="partners")
    assert own["authorId"] == str(woon.id)
    assert own["visibility"] == "partners"
    # Changing: only its own, never publishing it, never dropping a party.
    assert_problem(patch(http, woon, involved, tip="x"), 403)
    assert_problem(patch(http, woon, shared, tip="x"), 403)
    assert patch(http, woon, own, tip="Vraag de huurder zelf").status_code == 200
    assert patch(http, woon, own, visibility="organisation").status_code == 200
    assert_problem(patch(http, woon, own, visibility="published"), 403, "visibility")
    added = patch(http, woon, own, partyIds=[*own_party, str(parties["werk"].id)])
    assert added.status_code == 200, added.text
    assert_problem(patch(http, woon, own, partyIds=[str(parties["werk"].id)]), 403, "partyIds")
    # A coordinator publishes it; the partner cannot take it back.
    assert patch(http, coordinator, own, visibility="published").status_code == 200
    assert_problem(patch(http, woon, own, visibility="partners"), 403, "visibility")
    assert delete(http, woon, own).status_code == 204


def test_a_partner_sees_links_only_to_what_it_may_read(http, people, parties):
    coordinator, woon = people["coordinator"], people["woon"]
    item = made(
        http,
        coordinator,
        "/agenda-items",
        {
            "title": "Samen",
            "leadPartyId": str(parties["werk"].id),
            "participants": [{"partyId": str(parties["woon"].id), "level": "taking-part"}],
        },
    )
    hidden_question = made(
        http,
        coordinator,
        "/questions",
        {"title": "Alleen intern?", "leadPartyId": str(parties["jeugd"].id)},
    )
    visible = create(
        http,
        coordinator,
        title="Zichtbaar",
        visibility="partners",
        agendaItemIds=[item["id"]],
        questionIds=[hidden_question["id"]],
    )
    internal = create(http, coordinator, title="Intern", agendaItemIds=[item["id"]])
    read = http.get(f"/experiences/{visible['id']}", headers=woon.headers).json()
    assert read["agendaItemIds"] == [item["id"]]
    assert read["questionIds"] == []
    item_read = http.get(f"/agenda-items/{item['id']}", headers=woon.headers).json()
    assert item_read["experienceIds"] == [visible["id"]]
    staff_read = http.get(f"/agenda-items/{item['id']}", headers=coordinator.headers).json()
    assert sorted(staff_read["experienceIds"]) == sorted([visible["id"], internal["id"]])


def test_who_may_change_what(http, people, parties):
    werk, jeugd, coordinator, admin = (
        people["werk"],
        people["jeugd"],
        people["coordinator"],
        people["admin"],
    )
    assert_problem(
        http.post("/experiences", json={"title": "x"}, headers=people["viewer"].headers), 403
    )
    experience = create(http, werk, title="Van Sanne")
    # Another member reads it but does not change or delete it.
    refused = assert_problem(patch(http, jeugd, experience, title="Van Jeroen"), 403)
    assert "author" in refused["detail"]
    assert_problem(delete(http, jeugd, experience), 403)
    assert_problem(patch(http, people["viewer"], experience, title="x"), 403)
    # The author, coordinators and admins change it; a member publishes and takes back.
    assert patch(http, werk, experience, visibility="published").status_code == 200
    assert patch(http, werk, experience, visibility="partners").status_code == 200
    assert patch(http, coordinator, experience, visibility="published").status_code == 200
    assert patch(http, admin, experience, title="Van Sanne, aangevuld").status_code == 200
    after = http.get(f"/experiences/{experience['id']}", headers=werk.headers).json()
    assert after["title"] == "Van Sanne, aangevuld"
    assert after["visibility"] == "published"
    assert after["authorId"] == str(werk.id)  # the author stays the author
    # A refusal changes nothing.
    own = create(http, people["woon"], partyIds=[str(parties["woon"].id)])
    before = http.get(f"/experiences/{own['id']}", headers=coordinator.headers)
    body = assert_problem(
        patch(http, people["woon"], own, title="Nieuw", visibility="published"), 403, "visibility"
    )
    assert [p["name"] for p in body["invalidParams"]] == ["visibility"]
    again = http.get(f"/experiences/{own['id']}", headers=coordinator.headers)
    assert again.json() == before.json()
    assert again.headers["ETag"] == before.headers["ETag"]


def test_a_partner_token_reads_and_shares_within_its_scopes(http, people, parties):
    coordinator = people["coordinator"]
    create(http, coordinator, title="Gedeeld", visibility="partners")
    create(http, coordinator, title="Intern")

    def token(*scopes: str) -> Actor:
        response = http.post(
            f"/partners/{parties['ggd'].id}/api-tokens",
            json={"name": "Koppeling", "scopes": list(scopes)},
            headers=coordinator.headers,
        )
        assert response.status_code == 201, response.text
        return Actor(user=people["ggd"].user, token=response.json()["token"])

    reader = token("experiences:read")
    assert titles(http, reader) == ["Gedeeld"]
    assert_problem(
        http.post(
            "/experiences",
            json={"title": "x", "partyIds": [str(parties["ggd"].id)]},
            headers=reader.headers,
        ),
        403,
    )
    writer = token("experiences:read", "experiences:write")
    own = create(http, writer, title="Uit ons systeem", partyIds=[str(parties["ggd"].id)])
    assert own["authorName"]
    assert patch(http, writer, own, tip="Automatisch").status_code == 200
    # The partner's user is not the token: it is another author.
    assert_problem(patch(http, people["ggd"], own, tip="Handmatig"), 403)
    assert_problem(http.get("/experiences", headers=token("successes:read").headers), 403)


def test_every_bad_reference_and_value_is_named_and_nothing_is_made(
    http, people, parties, other_tenant: Tenant
):
    coordinator = people["coordinator"]
    foreign = other_tenant.party("Ander")
    foreign_phase = other_tenant.actor(Role.admin)
    phase = http.post("/phases", json={"name": "Proeffase C"}, headers=foreign_phase.headers).json()
    response = http.post(
        "/experiences",
        json={
            "title": "Fout",
            "phaseId": phase["id"],
            "partyIds": [str(parties["werk"].id), UNKNOWN, str(parties["werk"].id)],
            "agendaItemIds": [UNKNOWN],
            "questionIds": [UNKNOWN],
            "successIds": [str(foreign.id)],
        },
        headers=coordinator.headers,
    )
    body = assert_problem(
        response,
        400,
        "phaseId",
        "partyIds.1",
        "partyIds.2",
        "agendaItemIds.0",
        "questionIds.0",
        "successIds.0",
    )
    codes = {p["name"]: p["code"] for p in body["invalidParams"]}
    assert codes["partyIds.2"] == "duplicate"
    assert codes["phaseId"] == "unknown-phase"
    for bad, field in (
        ({}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "x", "visibility": "private"}, "visibility"),
        ({"title": "x", "tip": "x" * 2001}, "tip"),
        ({"title": "x", "situation": "a\x00b"}, "situation"),
        ({"title": "x", "tags": ["x" * 41]}, "tags.0"),
        ({"title": "x", "tags": ["  "]}, "tags.0"),
        ({"title": "x", "tags": ["a\tb"]}, "tags.0"),
        ({"title": "x", "tags": [f"t{i}" for i in range(21)]}, "tags"),
        ({"title": "x", "tags": "schulden"}, "tags"),
        ({"title": "x", "authorName": "Iemand anders"}, "authorName"),
        ({"title": "x", "partyIds": ["nope"]}, "partyIds.0"),
    ):
        assert_problem(http.post("/experiences", json=bad, headers=coordinator.headers), 400, field)
    assert http.get("/experiences", headers=coordinator.headers).json()["items"] == []
    # A bad change changes nothing either.
    experience = create(http, coordinator)
    for bad, field in (
        ({"title": None}, "title"),
        ({"tags": None}, "tags"),
        ({"partyIds": [UNKNOWN]}, "partyIds.0"),
        ({"visibility": "secret"}, "visibility"),
    ):
        assert_problem(patch(http, coordinator, experience, **bad), 400, field)
    again = http.get(f"/experiences/{experience['id']}", headers=coordinator.headers)
    assert again.headers["ETag"] == '"1"'


def test_another_organisation_s_experience_is_unknown(http, people, other_tenant: Tenant):
    stranger = other_tenant.actor(Role.admin)
    elsewhere = create(http, stranger, title="Elders geleerd", visibility="published")
    coordinator = people["coordinator"]
    url = f"/experiences/{elsewhere['id']}"
    assert_problem(http.get(url, headers=coordinator.headers), 404)
    assert_problem(
        http.patch(url, json={"tip": "x"}, headers={**coordinator.headers, "If-Match": "*"}), 404
    )
    assert_problem(http.delete(url, headers={**coordinator.headers, "If-Match": "*"}), 404)
    assert titles(http, coordinator) == []
    assert titles(http, coordinator, authorId=str(stranger.id)) == []
    assert (
        http.get("/search", params={"q": "elders"}, headers=coordinator.headers).json()["items"]
        == []
    )


def test_a_party_an_experience_involves_cannot_be_deleted(http, tenant: Tenant, people):
    admin = people["admin"]
    spare = tenant.party("Reserve")
    experience = create(http, admin, partyIds=[str(spare.id)])
    url = f"/departments/{spare.id}"

    def delete_party():
        etag = http.get(url, headers=admin.headers).headers["ETag"]
        return http.delete(url, headers={**admin.headers, "If-Match": etag})

    assert "1 experiences" in assert_problem(delete_party(), 409)["detail"]
    assert patch(http, admin, experience, partyIds=[]).status_code == 200
    assert delete_party().status_code == 204


def test_sharing_changing_and_deleting_are_in_the_audit_trail(http, people, parties):
    werk, coordinator = people["werk"], people["coordinator"]
    experience = create(
        http, werk, title="Geleerd", tags=["regie"], partyIds=[str(parties["werk"].id)]
    )
    assert (
        patch(http, werk, experience, tags=["regie", "wijk"], visibility="published").status_code
        == 200
    )
    assert patch(http, werk, experience, partyIds=[str(parties["jeugd"].id)]).status_code == 200
    assert delete(http, coordinator, experience).status_code == 204
    events = http.get(
        "/audit-events",
        params={"resourceId": experience["id"], "limit": 200},
        headers=coordinator.headers,
    ).json()["items"]
    actions = sorted(e["action"] for e in events)
    assert actions.count("create") == 1
    assert actions.count("delete") == 1
    created = next(e for e in events if e["action"] == "create")
    assert created["resourceType"] == "experiences"
    assert created["changes"]["title"] == {"from": None, "to": "Geleerd"}
    assert created["actorName"] == "Sanne Werk"
    updates = [e["changes"] for e in events if e["action"] == "update"]
    assert {"from": ["regie"], "to": ["regie", "wijk"]} in [u.get("tags") for u in updates]
    assert {"from": "organisation", "to": "published"} in [u.get("visibility") for u in updates]
    assert {"from": [str(parties["werk"].id)], "to": [str(parties["jeugd"].id)]} in [
        u.get("partyIds") for u in updates
    ]
    deleted = next(e for e in events if e["action"] == "delete")
    assert deleted["actorName"] == "Fatima Coördinator"


def test_a_list_costs_the_same_queries_for_any_page_size(http, people, parties, count_sql):
    coordinator = people["coordinator"]
    item = made(
        http,
        coordinator,
        "/agenda-items",
        {
            "title": "Punt",
            "leadPartyId": str(parties["werk"].id),
            "participants": [{"partyId": str(parties["woon"].id), "level": "watching"}],
        },
    )
    for i in range(6):
        create(
            http,
            coordinator,
            title=f"Ervaring {i}",
            tags=["a", f"t{i}"],
            visibility="partners",
            partyIds=[str(parties["werk"].id), str(parties["woon"].id)],
            agendaItemIds=[item["id"]],
        )
    for actor in (coordinator, people["woon"]):
        counts = {}
        for limit in (1, 6):
            counter = count_sql()
            response = http.get("/experiences", params={"limit": limit}, headers=actor.headers)
            assert len(response.json()["items"]) == limit
            counts[limit] = len(counter)
        assert counts[1] == counts[6], counts
        # the caller, the page, the links; for a partner one more per kind of linked record
        assert counts[1] <= (3 if actor is coordinator else 4), counts
