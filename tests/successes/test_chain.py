"""The traceable chain: a driver shows the questions, agenda items and successes that serve it,
directly and through one another, each once, as far as the caller may see."""

from __future__ import annotations

import uuid

from kompas.joint.models import Link, LinkKind
from kompas.questions.models import Question
from tests.conftest import Actor, Tenant, assert_problem


def post(http, actor: Actor, path: str, **body):
    response = http.post(path, json=body, headers=actor.headers)
    assert response.status_code == 201, response.text
    return response.json()


def question(tenant: Tenant, lead, title: str, driver_id: str | None = None) -> Question:
    record = tenant.add(
        Question(
            organisation_id=tenant.id, title=title, lead_party_id=lead.id, ball_holder_id=lead.id
        )
    )
    if driver_id:
        tenant.add(
            Link(
                organisation_id=tenant.id,
                source_kind=LinkKind.question,
                source_id=record.id,
                target_kind=LinkKind.driver,
                target_id=uuid.UUID(driver_id),
            )
        )
    return record


def build_chain(http, tenant: Tenant, actor: Actor, parties, n: int = 1) -> dict:
    """A driver with ``n`` of each link in the chain, and one of each that serves another one."""
    driver = post(http, actor, "/drivers", title="Bestaanszekerheid")["id"]
    other = post(http, actor, "/drivers", title="Gezondheid")["id"]
    werk = str(parties["werk"].id)
    made: dict[str, list[str]] = {"questions": [], "items": [], "successes": []}
    for i in range(n):
        q = question(tenant, parties["werk"], f"Vraag {i}", driver)
        made["questions"].append(str(q.id))
        direct = post(
            http, actor, "/agenda-items", title=f"Direct {i}", leadPartyId=werk, driverIds=[driver]
        )
        via_q = post(
            http,
            actor,
            "/agenda-items",
            title=f"Via vraag {i}",
            leadPartyId=werk,
            questionIds=[str(q.id)],
            participants=[{"partyId": str(parties["woon"].id), "level": "watching"}],
        )
        made["items"] += [direct["id"], via_q["id"]]
        for title, links in (
            (f"Via punt {i}", {"agendaItemIds": [via_q["id"]]}),
            (f"Via vraag {i}", {"questionIds": [str(q.id)]}),
            # Linked three ways, listed once.
            (
                f"Overal {i}",
                {
                    "driverIds": [driver],
                    "agendaItemIds": [direct["id"]],
                    "questionIds": [str(q.id)],
                },
            ),
        ):
            made["successes"].append(
                post(http, actor, "/successes", title=title, achievedOn="2026-01-01", **links)["id"]
            )
    # What serves another driver stays out.
    unrelated = post(
        http, actor, "/agenda-items", title="Ander", leadPartyId=werk, driverIds=[other]
    )
    post(
        http,
        actor,
        "/successes",
        title="Ander",
        achievedOn="2026-01-01",
        agendaItemIds=[unrelated["id"]],
    )
    question(tenant, parties["werk"], "Andere vraag", other)
    return {"driver": driver, **made}


def test_a_driver_shows_everything_that_serves_it_each_once(http, tenant, people, parties):
    chain = build_chain(http, tenant, people["coordinator"], parties)
    response = http.get(f"/drivers/{chain['driver']}/chain", headers=people["viewer"].headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["driverId"] == chain["driver"]
    assert [q["id"] for q in body["questions"]] == chain["questions"]
    assert body["questions"][0]["status"] == "open"
    assert sorted(i["id"] for i in body["agendaItems"]) == sorted(chain["items"])
    assert {i["ballHolderId"] for i in body["agendaItems"]} == {str(parties["werk"].id)}
    assert sorted(s["id"] for s in body["successes"]) == sorted(chain["successes"])
    assert set(body["successes"][0]) == {"id", "title", "achievedOn"}


def test_the_chain_reads_back_the_other_way(http, tenant, people, parties):
    """From the end of the chain to its start: each link is seen from both records."""
    chain = build_chain(http, tenant, people["coordinator"], parties)
    coordinator = people["coordinator"]
    success = http.get(f"/successes/{chain['successes'][2]}", headers=coordinator.headers).json()
    assert success["driverIds"] == [chain["driver"]]
    item = http.get(f"/agenda-items/{success['agendaItemIds'][0]}", headers=coordinator.headers)
    assert item.json()["successIds"] == [success["id"]]
    assert item.json()["driverIds"] == [chain["driver"]]


def test_a_partner_sees_only_its_part_of_the_chain(http, tenant, people, parties):
    chain = build_chain(http, tenant, people["coordinator"], parties)
    shared = post(
        http,
        people["coordinator"],
        "/successes",
        title="Gepubliceerd",
        achievedOn="2026-01-01",
        visibility="published",
        driverIds=[chain["driver"]],
    )
    body = http.get(f"/drivers/{chain['driver']}/chain", headers=people["woon"].headers).json()
    assert body["questions"] == []
    assert [i["title"] for i in body["agendaItems"]] == ["Via vraag 0"]  # it watches that one
    assert [s["id"] for s in body["successes"]] == [shared["id"]]


def test_a_driver_of_another_organisation_has_no_chain(http, people, other_tenant: Tenant):
    foreign = post(http, other_tenant.actor(), "/drivers", title="Elders")
    assert_problem(
        http.get(f"/drivers/{foreign['id']}/chain", headers=people["coordinator"].headers), 404
    )


def test_the_chain_takes_the_same_number_of_queries_however_long(
    http, tenant, people, parties, count_sql
):
    small = build_chain(http, tenant, people["coordinator"], parties, n=1)
    big = build_chain(http, tenant, people["coordinator"], parties, n=4)
    counts = []
    for chain in (small, big):
        counter = count_sql()
        response = http.get(f"/drivers/{chain['driver']}/chain", headers=people["woon"].headers)
        assert response.status_code == 200
        counts.append(len(counter))
    assert counts[0] == counts[1], counts
