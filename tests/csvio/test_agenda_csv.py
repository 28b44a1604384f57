"""CSV export and import of agenda items (issue 13, docs/csv.md)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import select

from kompas.agenda.models import AgendaItem
from kompas.compass.models import Phase
from kompas.core.principal import Role
from kompas.joint.models import StatusChange
from tests.conftest import Actor, Clock, Tenant, assert_problem
from tests.csvio.conftest import count, export, imported, rows, send, without_ids

HEADER = [
    "id",
    "title",
    "description",
    "horizon",
    "status",
    "leadParty",
    "ballHolder",
    "phase",
    "targetDate",
    "progress",
    "visibility",
]


def create(http, actor: Actor, **fields) -> dict:
    response = http.post("/agenda-items", json=fields, headers=actor.headers)
    assert response.status_code == 201, response.text
    return response.json()


def test_the_agenda_exported_imports_into_another_organisation_as_the_same_items(
    http, admin: Actor, tenant: Tenant, parties, make_tenant
):
    phase = tenant.add(Phase(organisation_id=tenant.id, name="Proeftuin", position=9))
    create(
        http,
        admin,
        title="Eén loket voor jongeren van 18",
        description='Regels;\nmet "quotes", en komma\'s',
        horizon="2027-Q2",
        status="planned",
        leadPartyId=str(parties["jeugd"].id),
        ballHolderId=str(parties["woon"].id),
        phaseId=str(phase.id),
        targetDate="2099-06-30",
        progress=40,
        visibility="published",
    )
    create(http, admin, title="Schuldhulp", leadPartyId=str(parties["werk"].id))
    text = export(http, admin, "agenda-items")
    assert text.splitlines()[0] == ",".join(HEADER)
    first = next(r for r in rows(text) if r["title"].startswith("Eén"))
    assert first | {"id": ""} == {
        "id": "",
        "title": "Eén loket voor jongeren van 18",
        "description": 'Regels;\nmet "quotes", en komma\'s',
        "horizon": "2027-Q2",
        "status": "planned",
        "leadParty": "Jeugd en Onderwijs",
        "ballHolder": "Woonstede",
        "phase": "Proeftuin",
        "targetDate": "2099-06-30",
        "progress": "40",
        "visibility": "published",
    }

    other = make_tenant("Gemeente Elders")
    other_admin = other.actor(Role.admin)
    assert imported(http, other_admin, "parties", export(http, admin, "parties")) == 4
    other.add(Phase(organisation_id=other.id, name="Proeftuin", position=9))
    assert imported(http, other_admin, "agenda-items", text) == 2
    again = export(http, other_admin, "agenda-items")
    assert sorted(map(str, without_ids(again))) == sorted(map(str, without_ids(text)))
    # Each new item has its first status in the history, as one made by the API.
    item_id = next(r["id"] for r in rows(again) if r["title"].startswith("Eén"))
    history = http.get(f"/agenda-items/{item_id}/status-changes", headers=other_admin.headers)
    assert history.status_code == 200, history.text
    assert [c["toStatus"] for c in history.json()["items"]] == ["planned"]


def test_an_import_takes_dutch_headers_and_dates_with_a_semicolon(
    http, tenant: Tenant, parties, db
):
    member = tenant.actor(Role.member, party=parties["werk"])
    text = (
        "\ufeffTitel;Trekker;Bal bij;Streefdatum;Voortgang;Zichtbaarheid\r\n"
        "Nazorg;werk en inkomen;GGD;31-12-2099;15;partners\r\n"
    )
    assert imported(http, member, "agenda-items", text.encode()) == 1
    item = rows(export(http, member, "agenda-items"))[0]
    assert (item["leadParty"], item["ballHolder"], item["targetDate"]) == (
        "Werk en Inkomen",
        "GGD",
        "2099-12-31",
    )
    assert (item["status"], item["progress"], item["visibility"]) == ("idea", "15", "partners")


def test_every_bad_agenda_line_is_reported_and_nothing_is_written(
    wall_clock: Clock, http, admin: Actor, tenant: Tenant, parties, db
):
    wall_clock.move_to(datetime.fromisoformat("2026-03-02T09:00:00+00:00"))
    text = (
        "title,leadParty,status,targetDate,progress,horizon,phase\n"
        "Goed,GGD,idea,,,,\n"
        "Onbekende trekker,Nergens,idea,,,,\n"
        "Al klaar,GGD,done,,,,\n"
        "Verleden,GGD,idea,2026-03-01,,,\n"
        "Te veel,GGD,idea,,101,,\n"
        "Geen getal,GGD,idea,,veel,,\n"
        "Rare horizon,GGD,idea,,,volgend jaar,\n"
        "Geen fase,GGD,idea,,,,Fase 9\n"
        ",GGD,idea,,,,\n"
        "Vandaag mag,GGD,idea,2026-03-02,,,\n"
    )
    body = assert_problem(
        send(http, admin, "agenda-items", text),
        400,
        "line.3.leadParty",
        "line.4.status",
        "line.5.targetDate",
        "line.6.progress",
        "line.7.progress",
        "line.8.horizon",
        "line.9.phase",
        "line.10.title",
    )
    names = {p["name"] for p in body["invalidParams"]}
    assert not {n for n in names if n.startswith(("line.2.", "line.11."))}
    assert count(db, AgendaItem, tenant) == 0
    assert count(db, StatusChange, tenant) == 0


def test_partners_export_the_items_they_take_part_in_and_import_none(
    http, admin: Actor, tenant: Tenant, parties
):
    create(http, admin, title="Met Woonstede", leadPartyId=str(parties["woon"].id))
    create(
        http,
        admin,
        title="Woonstede denkt mee",
        leadPartyId=str(parties["werk"].id),
        participants=[{"partyId": str(parties["woon"].id), "level": "thinking-along"}],
    )
    create(http, admin, title="Zonder Woonstede", leadPartyId=str(parties["ggd"].id))
    partner = tenant.actor(Role.partner, party=parties["woon"])
    titles = {r["title"] for r in rows(export(http, partner, "agenda-items"))}
    assert titles == {"Met Woonstede", "Woonstede denkt mee"}
    assert_problem(send(http, partner, "agenda-items", "title,leadParty\nX,Woonstede\n"), 403)
    viewer = tenant.actor(Role.viewer)
    assert len(rows(export(http, viewer, "agenda-items"))) == 3


def test_the_export_applies_the_lists_filters_and_an_id_already_here_is_refused(
    http, admin: Actor, tenant: Tenant, parties, other_tenant: Tenant, db
):
    create(http, admin, title="Gepland", status="planned", leadPartyId=str(parties["werk"].id))
    create(http, admin, title="Idee", leadPartyId=str(parties["werk"].id))
    planned = export(http, admin, "agenda-items", status="planned")
    assert [r["title"] for r in rows(planned)] == ["Gepland"]
    assert_problem(
        http.get("/agenda-items/csv", params={"status": "klaar"}, headers=admin.headers),
        400,
        "status",
    )
    assert_problem(
        http.get("/agenda-items/csv", params={"cursor": "abc"}, headers=admin.headers),
        400,
        "cursor",
    )
    body = assert_problem(send(http, admin, "agenda-items", planned), 400, "line.2.id")
    assert body["invalidParams"][0]["code"] == "exists"
    assert count(db, AgendaItem, tenant) == 2
    # Another organisation's export holds none of these.
    elders = other_tenant.actor(Role.admin)
    assert rows(export(http, elders, "agenda-items")) == []
    assert (
        db.exec(select(AgendaItem).where(AgendaItem.organisation_id == other_tenant.id)).all() == []
    )


def test_two_hundred_items_take_as_many_statements_as_ten(
    http, admin: Actor, parties, count_sql, db, tenant: Tenant
):
    counts = []
    for size in (10, 200):
        text = "title,leadParty,ballHolder,status\n" + "".join(
            f"Item {size}-{n},Werk en Inkomen,GGD,planned\n" for n in range(size)
        )
        counter = count_sql()
        assert imported(http, admin, "agenda-items", text) == size
        counts.append(len(counter))
    assert counts[0] == counts[1], counts
    assert count(db, StatusChange, tenant) == 210
