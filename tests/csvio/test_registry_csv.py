"""CSV export and import of parties, people, needs and offers (issue 13, docs/csv.md)."""

from __future__ import annotations

from kompas.audit.models import AuditAction, AuditEvent
from kompas.core.principal import Role
from kompas.parties.models import Need, Party, PartyKind, Person
from tests.conftest import Actor, Tenant, assert_problem
from tests.csvio.conftest import count, export, imported, rows, send, without_ids

PARTY_HEADER = ["id", "kind", "name", "description", "organisationType", "website"]


def test_parties_export_as_csv_that_pythons_reader_parses(http, admin: Actor, parties):
    text = export(http, admin, "parties")
    assert text.splitlines()[0] == ",".join(PARTY_HEADER)
    assert not text.startswith("\ufeff")
    by_name = {row["name"]: row for row in rows(text)}
    assert list(by_name) == ["GGD", "Jeugd en Onderwijs", "Werk en Inkomen", "Woonstede"]
    assert by_name["Woonstede"] == {
        "id": str(parties["woon"].id),
        "kind": "partner",
        "name": "Woonstede",
        "description": "",
        "organisationType": "housing-corporation",
        "website": "https://woonstede.example",
    }
    assert by_name["Werk en Inkomen"]["organisationType"] == ""
    assert [r["name"] for r in rows(export(http, admin, "parties", kind="partner"))] == [
        "GGD",
        "Woonstede",
    ]


def test_the_registry_exported_imports_into_another_organisation_as_the_same_records(
    http, admin: Actor, parties, make_tenant
):
    werk, woon = parties["werk"], parties["woon"]
    for person in (
        {
            "name": "An de Vries",
            "email": "an@werk.example",
            "jobTitle": "Regisseur",
            "partyId": werk.id,
        },
        {"name": "Bo Smit", "phone": "+31 6 1234 5678", "partyId": woon.id},
    ):
        response = http.post(
            "/people", json={**person, "partyId": str(person["partyId"])}, headers=admin.headers
        )
        assert response.status_code == 201, response.text
    need = http.post(
        "/needs",
        json={
            "partyId": str(woon.id),
            "kind": "need",
            "title": "Signalen van huurachterstand",
            "description": 'Met "aanhalingstekens", puntkomma; en\neen tweede regel',
            "counterpartPartyId": str(werk.id),
            "visibility": "partners",
        },
        headers=admin.headers,
    )
    assert need.status_code == 201, need.text
    offer = {"partyId": str(werk.id), "kind": "offer", "title": "Schuldhulp", "status": "met"}
    assert http.post("/needs", json=offer, headers=admin.headers).status_code == 201

    other = make_tenant("Gemeente Elders")
    other_admin = other.actor(Role.admin)
    for collection in ("parties", "people", "needs"):
        text = export(http, admin, collection)
        assert imported(http, other_admin, collection, text) == len(rows(text))
        # Needs list the latest change first: the imported ones changed at one moment.
        key = str
        assert sorted(without_ids(export(http, other_admin, collection)), key=key) == sorted(
            without_ids(text), key=key
        )
    # The new records are the other organisation's own, with ids of their own.
    theirs = {r["id"] for r in rows(export(http, other_admin, "parties"))}
    assert not theirs & {str(p.id) for p in parties.values()}


def test_an_export_imported_again_adds_nothing_and_says_which_lines(
    http, admin: Actor, parties, db, tenant: Tenant
):
    text = export(http, admin, "parties")
    body = assert_problem(
        send(http, admin, "parties", text), 400, *(f"line.{n}.id" for n in range(2, 6))
    )
    assert {p["code"] for p in body["invalidParams"] if p["name"].endswith(".id")} == {"exists"}
    assert count(db, Party, tenant) == 4


def test_a_dutch_spreadsheet_file_with_bom_semicolons_and_dutch_headers_imports(
    http, admin: Actor, parties, db, tenant: Tenant
):
    text = (
        "\ufeffSoort;Naam;Omschrijving;Organisatietype;Website\r\n"
        "afdeling;Zorg en Welzijn;Wmo;; \r\n"
        'Partner;Buurtteam Noord;"Een; twee";neighbourhood-team;https://buurtteam.example\r\n'
        ";;;;\r\n"
    )
    assert imported(http, admin, "parties", text.encode("utf-8")) == 2
    by_name = {r["name"]: r for r in rows(export(http, admin, "parties"))}
    assert by_name["Zorg en Welzijn"]["kind"] == "department"
    assert by_name["Zorg en Welzijn"]["description"] == "Wmo"
    assert by_name["Buurtteam Noord"]["description"] == "Een; twee"
    assert by_name["Buurtteam Noord"]["organisationType"] == "neighbourhood-team"
    people = (
        "naam;e-mail;functie;telefoon;partij\nCas;cas@zorg.example;Consulent;;zorg en welzijn\n"
    )
    assert imported(http, admin, "people", people) == 1
    assert rows(export(http, admin, "people"))[0]["party"] == "Zorg en Welzijn"
    assert count(db, Party, tenant) == 6


def test_every_bad_line_is_reported_by_line_and_column_and_nothing_is_written(
    http, admin: Actor, parties, db, tenant: Tenant
):
    text = (
        "kind,name,description,organisationType,website\n"
        "department,Nieuwe afdeling,,,\n"  # good, yet not written
        "team,Iets,,,\n"
        "department,werk en inkomen,,,\n"
        "partner,Nieuwe partner,,school,\n"
        "department,Met website,,,https://x.example\n"
        "department,Nieuwe afdeling,,,\n"
        "department,te weinig\n"
        "partner,   ,,,\n"
        '"partner","Twee\nregels",,,notaurl\n'
        "partner,Daarna,,other,\n"
    )
    body = assert_problem(
        send(http, admin, "parties", text),
        400,
        "line.3.kind",
        "line.4.name",
        "line.5.organisationType",
        "line.6.website",
        "line.7.name",
        "line.8.row",
        "line.9.name",
        "line.10.website",
    )
    assert "line.2.name" not in {p["name"] for p in body["invalidParams"]}
    assert "line.12.name" not in {p["name"] for p in body["invalidParams"]}
    assert "nothing was imported" in body["detail"]
    assert count(db, Party, tenant) == 4


def test_people_name_their_party_and_an_unknown_or_ambiguous_name_is_refused(
    http, admin: Actor, tenant: Tenant, parties, db
):
    tenant.party("Team Noord")
    tenant.party("TEAM NOORD")  # the database allows it; a name in another case is ambiguous
    text = (
        "name,party\n"
        "Ada,Team Noord\n"  # the exact name wins
        "Bea,team noord\n"
        "Cor,Nergens\n"
        "Dirk,\n"
        "Eva,woonstede\n"
    )
    body = assert_problem(
        send(http, admin, "people", text), 400, "line.3.party", "line.4.party", "line.5.party"
    )
    reasons = {p["name"]: p["reason"] for p in body["invalidParams"]}
    assert "differing only in case" in reasons["line.3.party"]
    assert "no 'Nergens'" in reasons["line.4.party"]
    assert {"line.2.party", "line.6.party"}.isdisjoint(reasons)
    assert count(db, Person, tenant) == 0


def test_the_import_reads_only_utf8_text_with_the_formats_header(http, admin: Actor, parties):
    assert_problem(
        send(http, admin, "people", "naam,partij\n\xe9,GGD\n".encode("latin-1")), 400, "body"
    )
    assert_problem(send(http, admin, "people", b"name,party\n\x00,GGD\n"), 400, "body")
    assert_problem(send(http, admin, "people", ""), 400, "body")
    assert_problem(send(http, admin, "people", " \r\nAn,GGD\r\n"), 400, "line.1.header")
    body = assert_problem(
        send(http, admin, "people", "name,name,shoeSize\nA,B,C\n"),
        400,
        "line.1.name",
        "line.1.shoeSize",
        "line.1.party",
    )
    assert {p["code"] for p in body["invalidParams"]} == {
        "duplicate-column",
        "unknown-column",
        "missing-column",
    }
    json_body = http.post("/people/csv", json={"name": "x"}, headers=admin.headers)
    assert_problem(json_body, 415)


def test_only_admins_and_coordinators_import_parties_and_people_and_viewers_no_csv_at_all(
    http, tenant: Tenant, parties, db
):
    member = tenant.actor(Role.member, party=parties["werk"])
    viewer = tenant.actor(Role.viewer)
    partner = tenant.actor(Role.partner, party=parties["woon"])
    coordinator = tenant.actor(Role.coordinator)
    for actor in (member, viewer, partner):
        assert_problem(send(http, actor, "parties", "kind,name\ndepartment,X\n"), 403)
        assert_problem(send(http, actor, "people", "name,party\nX,GGD\n"), 403)
    assert_problem(send(http, viewer, "needs", "kind,title,party\nneed,X,GGD\n"), 403)
    assert_problem(send(http, viewer, "agenda-items", "title,leadParty\nX,GGD\n"), 403)
    assert count(db, Party, tenant) == 4
    assert imported(http, coordinator, "parties", "kind,name\ndepartment,X\n") == 1
    assert len(rows(export(http, viewer, "parties"))) == 5  # reading is everyone's


def test_an_export_shows_only_the_callers_organisation_and_an_import_names_only_its_parties(
    http, admin: Actor, parties, other_tenant: Tenant, db
):
    elders = other_tenant.party("Elders Wonen", PartyKind.partner)
    other_tenant.add(Person(organisation_id=other_tenant.id, party_id=elders.id, name="Zoë"))
    assert "Elders" not in export(http, admin, "parties")
    assert "Zoë" not in export(http, admin, "people")
    body = assert_problem(send(http, admin, "people", "name,party\nIemand,Elders Wonen\n"), 400)
    assert body["invalidParams"][0]["name"] == "line.2.party"
    assert count(db, Person, other_tenant) == 1


def test_a_partner_exports_the_people_and_needs_its_lists_show(
    http, tenant: Tenant, admin: Actor, parties
):
    werk, woon, ggd = parties["werk"], parties["woon"], parties["ggd"]
    for name, party in (("An", werk), ("Bo", woon), ("Cas", ggd)):
        tenant.add(Person(organisation_id=tenant.id, party_id=party.id, name=name))
    for title, party, counterpart, visibility in (
        ("Intern", werk, None, "organisation"),
        ("Voor partners", werk, None, "partners"),
        ("Gevraagd aan Woonstede", ggd, woon, "organisation"),
        ("Van de GGD", ggd, None, "organisation"),
    ):
        tenant.add(
            Need(
                organisation_id=tenant.id,
                party_id=party.id,
                counterpart_party_id=counterpart.id if counterpart else None,
                kind="need",
                title=title,
                visibility=visibility,
            )
        )
    partner = tenant.actor(Role.partner, party=woon)
    assert [r["name"] for r in rows(export(http, partner, "people"))] == ["Bo"]
    assert {r["title"] for r in rows(export(http, partner, "needs"))} == {
        "Voor partners",
        "Gevraagd aan Woonstede",
    }
    assert len(rows(export(http, admin, "needs"))) == 4
    # The list's own filters apply; paging does not exist here and is refused as unknown.
    assert [r["title"] for r in rows(export(http, admin, "needs", q="partners"))] == [
        "Voor partners"
    ]
    assert_problem(http.get("/needs/csv", params={"limit": 5}, headers=admin.headers), 400, "limit")
    assert_problem(
        http.get("/needs/csv", params={"colour": "red"}, headers=admin.headers), 400, "colour"
    )


def test_a_partner_imports_needs_of_its_own_party_only_and_never_publishes(
    http, tenant: Tenant, parties, db
):
    partner = tenant.actor(Role.partner, party=parties["woon"])
    text = (
        "soort,titel,partij,tegenpartij,zichtbaarheid\n"
        "behoefte,Hulp bij signalen,Woonstede,Werk en Inkomen,partners\n"
        "aanbod,Woningen,Woonstede,,published\n"
        "need,Namens een ander,GGD,,\n"
        "need,Zichzelf,Woonstede,Woonstede,\n"
        "wens,Onbekende soort,Woonstede,,\n"
    )
    body = assert_problem(
        send(http, partner, "needs", text),
        400,
        "line.3.visibility",
        "line.4.party",
        "line.5.counterpart",
        "line.6.kind",
    )
    codes = {p["name"]: p["code"] for p in body["invalidParams"]}
    assert codes["line.3.visibility"] == codes["line.4.party"] == "not-permitted"
    assert count(db, Need, tenant) == 0
    good = "soort,titel,partij,tegenpartij\nbehoefte,Hulp bij signalen,Woonstede,Werk en Inkomen\n"
    assert imported(http, partner, "needs", good) == 1
    need = rows(export(http, partner, "needs"))[0]
    assert (need["kind"], need["party"], need["counterpart"]) == (
        "need",
        "Woonstede",
        "Werk en Inkomen",
    )


def test_a_cell_a_spreadsheet_would_run_is_exported_with_an_apostrophe_and_imported_without(
    http, admin: Actor, tenant: Tenant, make_tenant
):
    formula = '=HYPERLINK("http://example.org/","klik")'
    tenant.party("@Thuis", PartyKind.partner, description=formula)
    tenant.party("Min", description="- een lijst")
    tenant.party("Plus", description="+31 20 123 4567")
    text = export(http, admin, "parties")
    by_name = {r["name"]: r for r in rows(text)}
    assert by_name["'@Thuis"]["description"] == "'" + formula
    assert by_name["Min"]["description"] == "'- een lijst"
    assert by_name["Plus"]["description"] == "'+31 20 123 4567"
    for row in rows(text):
        for cell in row.values():
            assert not cell or cell[0] not in "=+-@\t\r", cell
    other = make_tenant(None).actor(Role.admin)
    assert imported(http, other, "parties", text) == 3
    assert export(http, other, "parties").split("\r\n", 1)[1].count("'") == text.split("\r\n", 1)[
        1
    ].count("'")
    back = {r["name"]: r for r in rows(export(http, other, "parties"))}
    assert back["'@Thuis"]["description"] == "'" + formula


def test_two_hundred_people_take_as_many_statements_as_ten_each_in_the_audit_trail(
    http, admin: Actor, parties, count_sql, db, tenant: Tenant
):
    counts = []
    for size in (10, 200):
        text = "name,jobTitle,party\n" + "".join(
            f"Persoon {size}-{n},Consulent,Werk en Inkomen\n" for n in range(size)
        )
        counter = count_sql()
        assert imported(http, admin, "people", text) == size
        counts.append(len(counter))
    assert counts[0] == counts[1], counts
    assert counts[1] < 30, counts
    db.expire_all()
    events = db.exec(
        AuditEvent.__table__.select().where(  # type: ignore[attr-defined]
            AuditEvent.resource_type == "people", AuditEvent.action == AuditAction.create
        )
    ).all()
    assert len(events) == 210
    assert count(db, Person, tenant) == 210


def test_an_import_holds_at_most_the_configured_rows_and_more_changes_nothing(
    serve, admin: Actor, parties, db, tenant: Tenant
):
    client = serve(csv_import_max_rows=3)
    three = "name,party\nA,GGD\n\nB,GGD\nC,GGD\n"  # an empty line does not count
    assert imported(client, admin, "people", three) == 3
    body = assert_problem(send(client, admin, "people", three + "D,GGD\n"), 400, "line.6.row")
    assert "at most 3 rows" in body["detail"]
    assert count(db, Person, tenant) == 3
