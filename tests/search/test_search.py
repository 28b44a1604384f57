"""Search across agenda items, questions, successes and meetings, ranked, on both databases
(SQLite FTS5; PostgreSQL full-text search with KOMPAS_TEST_DATABASE_URL)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, event, text
from sqlmodel import Session, col, select

from kompas.agenda.models import AgendaItem
from kompas.core.principal import Role
from kompas.core.visibility import Visibility
from kompas.experiences.models import Experience
from kompas.joint.models import (
    Handoff,
    HandoffStatus,
    Link,
    LinkKind,
    Participation,
    SubjectKind,
)
from kompas.joint.models import Level as ParticipationLevel
from kompas.meetings.models import Meeting
from kompas.parties.models import PartyKind
from kompas.questions.models import Question
from kompas.search.service import fts5_query, snippet
from kompas.search.sources import SOURCES
from kompas.successes.models import Success
from tests.conftest import Actor, SqlCounter, Tenant, assert_problem


@pytest.fixture
def department(tenant: Tenant):
    return tenant.party("Werk en Inkomen")


def agenda_item(http, actor: Actor, lead, title: str, description: str = "", **fields):
    response = http.post(
        "/agenda-items",
        json={"title": title, "description": description, "leadPartyId": str(lead.id), **fields},
        headers=actor.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def question(tenant: Tenant, lead, title: str, rationale: str = "", **fields) -> Question:
    return tenant.add(
        Question(
            organisation_id=tenant.id,
            title=title,
            rationale=rationale,
            lead_party_id=lead.id,
            ball_holder_id=lead.id,
            **fields,
        )
    )


def success(tenant: Tenant, title: str, description: str = "", **fields) -> Success:
    return tenant.add(
        Success(
            organisation_id=tenant.id,
            title=title,
            description=description,
            achieved_on=date(2026, 6, 1),
            **fields,
        )
    )


def meeting(tenant: Tenant, title: str, agenda: str = "", **fields) -> Meeting:
    starts = datetime(2027, 3, 4, 9, 30, tzinfo=UTC)
    return tenant.add(
        Meeting(
            organisation_id=tenant.id,
            title=title,
            agenda=agenda,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            **fields,
        )
    )


def search(http, actor: Actor, q: str, **params) -> list[dict]:
    response = http.get("/search", params={"q": q, **params}, headers=actor.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["nextCursor"] is None
    return body["items"]


def found(items: list[dict]) -> list[str]:
    return [item["id"] for item in items]


# --- ranking and language ----------------------------------------------------------------------


def test_a_title_match_ranks_above_a_text_match(http, tenant: Tenant, admin: Actor, department):
    in_text = agenda_item(
        http,
        admin,
        department,
        "Overleg met de corporaties",
        "We bespreken de schuldhulpverlening aan jonge huurders.",
    )
    in_title = agenda_item(http, admin, department, "Schuldhulpverlening voor jongeren")
    asked = question(tenant, department, "Wat werkt?", "Schuldhulpverlening zonder wachtlijst")
    items = search(http, admin, "schuldhulpverlening")
    assert found(items)[0] == in_title["id"]
    assert set(found(items)) == {in_title["id"], in_text["id"], str(asked.id)}
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[1]


def test_dutch_words_are_found_in_every_kind(http, tenant: Tenant, admin: Actor, department):
    item = agenda_item(http, admin, department, "Betaalbare woningen voor jongeren")
    asked = question(tenant, department, "Hoeveel woningen staan leeg?")
    won = success(tenant, "Twintig jongeren gehuisvest", "Samen met de woningcorporatie")
    met = meeting(tenant, "Woonoverleg", "De woningen aan de Dorpsstraat", location="Stadhuis")
    agenda_item(http, admin, department, "Iets heel anders", "Over fietspaden")

    items = search(http, admin, "woningen")
    assert {(i["kind"], i["id"]) for i in items} >= {
        ("agenda-item", item["id"]),
        ("question", str(asked.id)),
        ("meeting", str(met.id)),
    }
    # Stemming on PostgreSQL ('dutch'), prefixes on SQLite: the singular finds the plural.
    assert item["id"] in found(search(http, admin, "woning"))
    assert str(won.id) in found(search(http, admin, "woningcorporatie"))
    assert str(met.id) in found(search(http, admin, "stadhuis"))  # the location is searched
    assert found(search(http, admin, "fietspaden woningen")) == []  # every word must match


def test_results_name_their_kind_url_and_a_snippet(http, tenant: Tenant, admin: Actor, department):
    long_text = "Inleiding. " * 40 + "Hier staat het woord mantelzorg in een lange tekst." * 3
    item = agenda_item(http, admin, department, "Ondersteuning", long_text)
    met = meeting(tenant, "Mantelzorg in de wijk")
    items = {i["id"]: i for i in search(http, admin, "mantelzorg")}
    hit = items[item["id"]]
    assert hit["kind"] == "agenda-item"
    assert hit["title"] == "Ondersteuning"
    assert hit["url"] == f"/api/v1/agenda-items/{item['id']}"
    assert "mantelzorg" in hit["snippet"]
    assert len(hit["snippet"]) <= 170
    assert hit["snippet"].startswith("…")
    assert http.get(hit["url"].removeprefix("/api/v1"), headers=admin.headers).status_code == 200
    assert items[str(met.id)]["url"] == f"/api/v1/meetings/{met.id}"
    assert items[str(met.id)]["snippet"] == ""


def test_kinds_and_limit_narrow_the_results(http, tenant: Tenant, admin: Actor, department):
    for i in range(4):
        agenda_item(http, admin, department, f"Buurtteam {i}")
    met = meeting(tenant, "Buurtteam overleg")
    assert found(search(http, admin, "buurtteam", kinds="meeting")) == [str(met.id)]
    assert len(search(http, admin, "buurtteam", kinds="agenda-item,question")) == 4
    assert len(search(http, admin, "buurtteam", limit=2)) == 2
    assert len(search(http, admin, "buurtteam")) == 5


# --- bad and hostile input ---------------------------------------------------------------------

HOSTILE = [
    '"',
    '""',
    '"woning',
    "*",
    "woning*",
    "*woning",
    "NEAR(",
    "NEAR(woning jongeren, 2)",
    "woning NEAR jongeren",
    "-",
    "-woning",
    "--",
    ":",
    "title:woning",
    "body:",
    "{title body}: woning",
    "^woning",
    "woning AND",
    "AND",
    "OR",
    "NOT",
    "woning OR OR jongeren",
    "(",
    ")",
    "((woning)",
    "'",
    "';",
    "'; DROP TABLE agenda_items; --",
    "%",
    "_",
    "\\",
    "&|!",
    "<->",
    "woning:*",
    "!!woning",
    "a & b | !c",
    "🙂",
    "ĳsbaan ß",
    "x" * 200,
    "de het een",  # only Dutch stop words
    "\t",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_never_fail(http, tenant: Tenant, admin: Actor, department, q):
    agenda_item(http, admin, department, "Woning voor jongeren", "Een woning, snel.")
    response = http.get("/search", params={"q": q}, headers=admin.headers)
    if q.strip():
        assert response.status_code == 200, response.text
        assert isinstance(response.json()["items"], list)
    else:
        assert_problem(response, 400, "q")


def test_syntax_in_a_query_is_read_as_words(http, tenant: Tenant, admin: Actor, department):
    item = agenda_item(http, admin, department, "Woning voor jongeren")
    for q in ("woning*", '"woning"', "(woning)", "woning:", "^woning"):
        assert found(search(http, admin, q)) == [item["id"]], q


def test_fts5_queries_are_built_from_words_only():
    assert fts5_query('a"b NEAR(c) -d:*') == '{title body} : ("a"* "b"* "NEAR"* "c"* "d"*)'
    assert fts5_query("*-:()") is None


def test_a_snippet_is_short_and_centres_on_the_word():
    assert snippet(["", "  "], "x") == ""
    assert snippet(["Kort."], "niets") == "Kort."
    text = "Begin " + "vulling " * 50 + "Coöperatie " + "staart " * 50
    excerpt = snippet([text], "cooperatie")
    assert "Coöperatie" in excerpt
    assert excerpt.startswith("…")
    assert excerpt.endswith("…")


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "woning", "kinds": "agenda-item,driver"}, "kinds"),
        ({"q": "woning", "limit": "51"}, "limit"),
        ({"q": "woning", "limit": "0"}, "limit"),
        ({"q": "woning", "cursor": "abc"}, "cursor"),
        ({"q": "woning", "sort": "title"}, "sort"),
    ],
)
def test_bad_requests_are_400_naming_the_parameter(http, admin: Actor, params, name):
    assert_problem(http.get("/search", params=params, headers=admin.headers), 400, name)


def test_search_needs_a_token(http):
    assert_problem(http.get("/search", params={"q": "woning"}), 401)


# --- who finds what ----------------------------------------------------------------------------


def test_another_organisation_finds_nothing_of_ours(
    http, tenant: Tenant, other_tenant: Tenant, admin: Actor, department
):
    agenda_item(http, admin, department, "Wijkaanpak Noord")
    question(tenant, department, "Wijkaanpak werkt?")
    success(tenant, "Wijkaanpak geslaagd", visibility=Visibility.published)
    meeting(tenant, "Wijkaanpak overleg", visibility=Visibility.published)
    theirs = other_tenant.actor(Role.admin)
    assert search(http, theirs, "wijkaanpak") == []
    assert len(search(http, admin, "wijkaanpak")) == 4


def test_a_partner_finds_only_what_it_may_see(http, tenant: Tenant, admin: Actor, department):
    partner_party = tenant.party("Woonstede", PartyKind.partner)
    partner = tenant.actor(Role.partner, party=partner_party)
    involved = agenda_item(
        http,
        admin,
        department,
        "Preventie involved",
        participants=[{"partyId": str(partner_party.id), "level": "watching"}],
    )
    agenda_item(http, admin, department, "Preventie elders", visibility=Visibility.partners)
    led = question(tenant, partner_party, "Preventie geleid")
    question(tenant, department, "Preventie intern")
    shared = success(tenant, "Preventie gedeeld", visibility=Visibility.partners)
    published = meeting(tenant, "Preventie openbaar", visibility=Visibility.published)
    linked = meeting(tenant, "Preventie gekoppeld")
    tenant.add(
        Link(
            organisation_id=tenant.id,
            source_kind=LinkKind.meeting,
            source_id=linked.id,
            target_kind=LinkKind.party,
            target_id=partner_party.id,
        )
    )
    success(tenant, "Preventie binnenskamers")
    meeting(tenant, "Preventie intern overleg")

    visible = {involved["id"], str(led.id), str(shared.id), str(published.id), str(linked.id)}
    assert set(found(search(http, partner, "preventie"))) == visible
    assert len(search(http, admin, "preventie")) == 9
    viewer = tenant.actor(Role.viewer)
    assert len(search(http, viewer, "preventie")) == 9
    # The lists agree: what search finds, the partner can open.
    for item in search(http, partner, "preventie"):
        url = item["url"].removeprefix("/api/v1")
        assert http.get(url, headers=partner.headers).status_code == 200, url


def test_a_partner_search_starts_from_its_own_records_and_finds_the_same(
    http, tenant: Tenant, admin: Actor, department, monkeypatch
):
    """Starting a partner's search from the records its party is involved in
    (``joint.partner_ids``, ``Source.parts``) is a plan, not a rule: every role finds exactly what
    the rule alone finds, in the same order with the same scores."""
    partner_party = tenant.party("Woonstede", PartyKind.partner)
    elsewhere = tenant.party("GGD", PartyKind.partner)
    partner = tenant.actor(Role.partner, party=partner_party)

    def ask(title: str, lead, ball, **fields) -> Question:
        return tenant.add(
            Question(
                organisation_id=tenant.id,
                title=title,
                rationale="Over de wijkaanpak in Noord.",
                lead_party_id=lead.id,
                ball_holder_id=ball.id,
                **fields,
            )
        )

    def hand(subject_id, kind: SubjectKind, status: HandoffStatus) -> None:
        tenant.add(
            Handoff(
                organisation_id=tenant.id,
                subject_kind=kind,
                subject_id=subject_id,
                from_party_id=department.id,
                to_party_id=partner_party.id,
                status=status,
            )
        )

    led = ask("Wijkaanpak geleid", partner_party, partner_party)
    holds = ask("Wijkaanpak bal", department, partner_party)
    takes_part = ask("Wijkaanpak deelname", department, department)
    tenant.add(
        Participation(
            organisation_id=tenant.id,
            subject_id=takes_part.id,
            subject_kind=SubjectKind.question,
            party_id=partner_party.id,
            level=ParticipationLevel.watching,
        )
    )
    handed = ask("Wijkaanpak overdracht", department, department)
    hand(handed.id, SubjectKind.question, HandoffStatus.pending)
    accepted = ask("Wijkaanpak aangenomen", department, department)
    hand(accepted.id, SubjectKind.question, HandoffStatus.accepted)
    ask("Wijkaanpak elders", elsewhere, elsewhere)
    ask("Wijkaanpak binnenskamers", department, department, visibility=Visibility.private)
    involved = agenda_item(
        http,
        admin,
        department,
        "Wijkaanpak samen",
        participants=[{"partyId": str(partner_party.id), "level": "watching"}],
    )
    item_led = agenda_item(http, admin, partner_party, "Wijkaanpak partner")
    item_handed = agenda_item(http, admin, department, "Wijkaanpak overgedragen")
    hand(uuid.UUID(item_handed["id"]), SubjectKind.agenda_item, HandoffStatus.pending)
    agenda_item(http, admin, department, "Wijkaanpak intern", "Over de wijkaanpak.")
    actors = {
        "admin": admin,
        "member": tenant.actor(Role.member, party=department),
        "viewer": tenant.actor(Role.viewer),
        "partner": partner,
    }
    narrowed = {name: search(http, actor, "wijkaanpak", limit=50) for name, actor in actors.items()}
    assert set(found(narrowed["partner"])) == {
        str(led.id),
        str(holds.id),
        str(takes_part.id),
        str(handed.id),
        involved["id"],
        item_led["id"],
        item_handed["id"],
    }
    assert len(narrowed["admin"]) == 11
    for kind, source in SOURCES.items():
        monkeypatch.setitem(SOURCES, kind, dataclasses.replace(source, parts=lambda m, p: None))
    for name, actor in actors.items():
        assert search(http, actor, "wijkaanpak", limit=50) == narrowed[name], name


def experience(tenant: Tenant, title: str, **fields) -> Experience:
    return tenant.add(
        Experience(
            organisation_id=tenant.id,
            title=title,
            situation="Over de buurtkracht in Zuid.",
            author_id=uuid.uuid4(),
            author_name="Test",
            **fields,
        )
    )


@pytest.mark.parametrize("candidates", [2, 500])
def test_a_partner_finds_what_is_shared_or_linked_as_the_rule_alone_finds_it(
    http, tenant: Tenant, admin: Actor, department, monkeypatch, candidates
):
    """A partner's successes, meetings and experiences are read in two parts, those shared with
    partners and the others linked to its party (``Source.parts``): a plan, not a rule. Every role
    finds what the rule alone finds, in the same order with the same scores, also when there are
    more matches than CANDIDATES (PostgreSQL ranks the most recent of them), and a record that is
    both shared and linked once. Two partners' searches differ by their own links only."""
    from kompas.search import service

    monkeypatch.setattr(service, "CANDIDATES", candidates)
    woonstede = tenant.party("Woonstede", PartyKind.partner)
    ggd = tenant.party("GGD", PartyKind.partner)

    def link(kind: LinkKind, record, party) -> None:
        tenant.add(
            Link(
                organisation_id=tenant.id,
                source_kind=kind,
                source_id=record.id,
                target_kind=LinkKind.party,
                target_id=party.id,
            )
        )

    seen: dict[str, set[str]] = {"woonstede": set(), "ggd": set()}
    makers = (
        (LinkKind.success, lambda title, **f: success(tenant, title, **f)),
        (LinkKind.meeting, lambda title, **f: meeting(tenant, title, **f)),
        (LinkKind.experience, lambda title, **f: experience(tenant, title, **f)),
    )
    for kind, make in makers:
        for visibility in (Visibility.partners, Visibility.published):
            shared = make(f"Buurtkracht gedeeld {visibility}", visibility=visibility)
            seen["woonstede"].add(str(shared.id))
            seen["ggd"].add(str(shared.id))
        both = make("Buurtkracht gedeeld en gekoppeld", visibility=Visibility.partners)
        link(kind, both, woonstede)
        seen["woonstede"].add(str(both.id))
        seen["ggd"].add(str(both.id))
        linked = make("Buurtkracht gekoppeld", visibility=Visibility.organisation)
        link(kind, linked, woonstede)
        seen["woonstede"].add(str(linked.id))
        theirs = make("Buurtkracht van de GGD", visibility=Visibility.organisation)
        link(kind, theirs, ggd)
        seen["ggd"].add(str(theirs.id))
        make("Buurtkracht binnenskamers", visibility=Visibility.organisation)
    private = meeting(tenant, "Buurtkracht besloten", visibility=Visibility.private)
    link(LinkKind.meeting, private, woonstede)  # linked: the rule shows it to the party
    seen["woonstede"].add(str(private.id))

    actors = {
        "admin": admin,
        "member": tenant.actor(Role.member, party=department),
        "woonstede": tenant.actor(Role.partner, party=woonstede),
        "ggd": tenant.actor(Role.partner, party=ggd),
    }
    kinds = "success,meeting,experience"
    parted = {
        name: search(http, actor, "buurtkracht", kinds=kinds, limit=50)
        for name, actor in actors.items()
    }
    if candidates == 500:
        for name in ("woonstede", "ggd"):
            assert sorted(found(parted[name])) == sorted(seen[name]), name
        assert len(parted["admin"]) == 3 * 6 + 1
    for kind, source in SOURCES.items():
        monkeypatch.setitem(SOURCES, kind, dataclasses.replace(source, parts=lambda m, p: None))
    for name, actor in actors.items():
        assert search(http, actor, "buurtkracht", kinds=kinds, limit=50) == parted[name], name


def test_a_search_sends_one_statement_per_kind_the_same_for_every_caller_of_a_kind(
    http, engine: Engine, tenant: Tenant
):
    """One statement per kind, whatever the words: built once per kind of caller, its values
    (the caller's ids, the words, the limits) are parameters, so two partners' searches send the
    same SQL (a partner's statements took more CPU to build than to run)."""
    partners = [
        tenant.actor(Role.partner, party=tenant.party(name, PartyKind.partner))
        for name in ("Woonstede", "GGD")
    ]
    shared = success(tenant, "Taalmaatje gedeeld", visibility=Visibility.partners)
    counter = SqlCounter()
    sent: list[list[str]] = []
    event.listen(engine, "before_cursor_execute", counter)
    try:
        for partner, q in zip(partners, ("taalmaatje", "iets heel anders"), strict=True):
            before = len(counter)
            search(http, partner, q, limit=7)
            sent.append([s for s in counter.statements[before:] if "ranked" in s or "bm25" in s])
    finally:
        event.remove(engine, "before_cursor_execute", counter)
    assert len(sent[0]) == len(SOURCES), sent[0]
    assert sent[0] == sent[1]
    assert found(search(http, partners[1], "taalmaatje")) == [str(shared.id)]


# --- the index follows the records -------------------------------------------------------------


def test_changes_and_deletions_are_found_at_once(
    http, tenant: Tenant, admin: Actor, department, db
):
    item = agenda_item(http, admin, department, "Fietsparkeren bij het station")
    assert found(search(http, admin, "fietsparkeren")) == [item["id"]]

    current = http.get(f"/agenda-items/{item['id']}", headers=admin.headers)
    changed = http.patch(
        f"/agenda-items/{item['id']}",
        json={"title": "Autoparkeren bij het station", "description": "Ooit fietsenstalling"},
        headers={**admin.headers, "If-Match": current.headers["ETag"]},
    )
    assert changed.status_code == 200, changed.text
    assert search(http, admin, "fietsparkeren") == []
    assert found(search(http, admin, "autoparkeren")) == [item["id"]]
    assert found(search(http, admin, "fietsenstalling")) == [item["id"]]

    # A change of something else (the status) leaves it findable.
    current = http.get(f"/agenda-items/{item['id']}", headers=admin.headers)
    moved = http.patch(
        f"/agenda-items/{item['id']}",
        json={"status": "planned"},
        headers={**admin.headers, "If-Match": current.headers["ETag"]},
    )
    assert moved.status_code == 200, moved.text
    assert found(search(http, admin, "autoparkeren")) == [item["id"]]

    current = http.get(f"/agenda-items/{item['id']}", headers=admin.headers)
    deleted = http.delete(
        f"/agenda-items/{item['id']}",
        headers={**admin.headers, "If-Match": current.headers["ETag"]},
    )
    assert deleted.status_code == 204, deleted.text
    assert search(http, admin, "autoparkeren") == []

    won = success(tenant, "Taalcafé geopend")
    assert found(search(http, admin, "taalcafé")) == [str(won.id)]
    stored = db.get(Success, won.id)
    stored.title = "Leesclub geopend"
    db.commit()
    assert search(http, admin, "taalcafé") == []
    assert found(search(http, admin, "leesclub")) == [str(won.id)]
    db.delete(stored)
    db.commit()
    assert search(http, admin, "leesclub") == []


# --- the database objects ----------------------------------------------------------------------


def test_the_search_objects_exist_at_head(engine: Engine):
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            triggers = set(
                connection.execute(
                    text("SELECT name FROM sqlite_master WHERE type = 'trigger'")
                ).scalars()
            )
            expected = {
                f"{source.model.__tablename__}_search_{event}"
                for source in SOURCES.values()
                for event in ("insert", "update", "delete")
            }
            assert expected <= triggers
        else:
            indexes = set(connection.execute(text("SELECT indexname FROM pg_indexes")).scalars())
            assert {f"ix_{s.model.__tablename__}_search" for s in SOURCES.values()} <= indexes


def test_postgresql_uses_the_gin_index_of_each_table(engine: Engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")
    from kompas.search.service import pg_document

    with engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))
        for source in SOURCES.values():
            table = source.model.__tablename__
            document = str(pg_document(source))
            plan = "\n".join(
                connection.execute(
                    text(
                        f"EXPLAIN SELECT id FROM {table} WHERE {document} @@ "  # noqa: S608
                        "websearch_to_tsquery('dutch'::regconfig, 'woning')"
                    )
                ).scalars()
            )
            assert f"ix_{table}_search" in plan, plan


def test_sqlite_folds_diacritics(http, engine: Engine, admin: Actor, department):
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only: PostgreSQL's 'dutch' configuration keeps diacritics")
    item = agenda_item(http, admin, department, "Coöperatie voor zorg", "Een café")
    assert found(search(http, admin, "cooperatie")) == [item["id"]]
    assert found(search(http, admin, "CAFE")) == [item["id"]]


def test_the_migration_indexes_the_records_that_exist(
    http, engine: Engine, admin: Actor, department
):
    from kompas.core.migrate import downgrade, upgrade

    item = agenda_item(http, admin, department, "Armoedepact", "Met de voedselbank")
    downgrade(engine, "408ea77bf461-1")  # just before the search index
    upgrade(engine)
    assert found(search(http, admin, "voedselbank")) == [item["id"]]


# --- at scale (PostgreSQL) ---------------------------------------------------------------------


def test_postgresql_stores_each_document_in_a_generated_column(engine: Engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite searches its FTS5 table")
    with engine.connect() as connection:
        for source in SOURCES.values():
            table = source.model.__tablename__
            generated = connection.execute(
                text(
                    "SELECT attgenerated FROM pg_attribute "
                    "WHERE attrelid = CAST(:table AS regclass) AND attname = 'search_document'"
                ),
                {"table": table},
            ).scalar_one()
            assert generated == "s", table
            definition = connection.execute(
                text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
                {"name": f"ix_{table}_search"},
            ).scalar_one()
            assert "gin (search_document)" in definition, definition


def test_a_common_word_ranks_a_bounded_set_within_what_the_caller_may_see(
    http, engine: Engine, tenant: Tenant, admin: Actor, department, monkeypatch
):
    """With more matches than CANDIDATES, PostgreSQL ranks only CANDIDATES of them: chosen among
    what the caller may see (a partner's own record is found among many it may not see)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: SQLite ranks every match of its FTS5 table")
    from kompas.search import service

    monkeypatch.setattr(service, "CANDIDATES", 2)
    partner_party = tenant.party("Woonstede", PartyKind.partner)
    partner = tenant.actor(Role.partner, party=partner_party)
    for n in range(4):
        agenda_item(http, admin, department, f"Wijkaanpak intern {n}")
    involved = agenda_item(
        http,
        admin,
        department,
        "Wijkaanpak samen",
        participants=[{"partyId": str(partner_party.id), "level": "watching"}],
    )
    # The candidates are the most recently changed matches, then by id: the same ones whatever
    # plan PostgreSQL picks (a LIMIT alone took whichever rows a scan met first).
    with Session(engine) as session:
        newest = session.exec(
            select(AgendaItem.id)
            .where(AgendaItem.organisation_id == tenant.id)
            .order_by(col(AgendaItem.updated_at).desc(), col(AgendaItem.id).desc())
            .limit(2)
        ).all()
    answers = [found(search(http, admin, "wijkaanpak", kinds="agenda-item")) for _ in range(3)]
    assert sorted(answers[0]) == sorted(str(i) for i in newest)
    assert answers[1] == answers[2] == answers[0]
    assert found(search(http, partner, "wijkaanpak", kinds="agenda-item")) == [involved["id"]]
    monkeypatch.setattr(service, "CANDIDATES", 500)
    assert len(search(http, admin, "wijkaanpak", kinds="agenda-item")) == 5


def test_postgresql_reads_a_partners_shared_experiences_newest_first_from_their_index(
    engine: Engine, tenant: Tenant
):
    """A partner's experiences are read in two parts; the shared ones through the partial index
    ix_experiences_shared (migration c3d4e5f6a7b8), newest first, so that part stops after
    CANDIDATES matches instead of testing the rule on every match of the organisation (at x1,
    2,300 to 6,000 experiences read for 500 candidates)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: the plan is PostgreSQL's")
    from kompas.core.principal import Principal, PrincipalKind
    from kompas.search import service

    party = tenant.party("Woonstede", PartyKind.partner)
    partner = Principal(
        kind=PrincipalKind.user,
        id=uuid.uuid4(),
        organisation_id=tenant.id,
        role=Role.partner,
        party_id=party.id,
        name="Sanne",
    )
    for n in range(3):
        experience(tenant, f"Buurtkracht {n}", visibility=Visibility.partners)
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, *_args) -> None:
        statements.append((statement, parameters))

    with Session(engine) as session:
        # A handful of rows: left alone the planner reads the table, whatever the indexes. What
        # is asked is that the shared part can be read from this index in its order: the table's
        # scans are priced out and the table's other indexes dropped for this transaction only
        # (rolled back below).
        session.execute(text("SET LOCAL enable_seqscan = off"))
        session.execute(text("SET LOCAL enable_bitmapscan = off"))
        others = session.execute(
            text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'experiences' "
                "AND indexname NOT IN ('ix_experiences_shared', 'pk_experiences')"
            )
        ).scalars()
        for index in list(others):
            session.execute(text(f'DROP INDEX "{index}"'))
        event.listen(engine, "before_cursor_execute", capture)
        try:
            hits = service.search(
                session=session, principal=partner, q="buurtkracht", kinds=["experience"], limit=5
            )
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        statement, parameters = statements[-1]
        cursor = session.connection().connection.cursor()
        cursor.execute("EXPLAIN " + statement, parameters)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        session.rollback()
    assert len(hits) == 3
    assert "Index Scan Backward using ix_experiences_shared on experiences" in plan, plan
