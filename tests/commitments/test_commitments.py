"""Personal commitments over HTTP: one per person, private until shared, and private means
private — checked against what the database stores (audit trail, search index), not only
against what the API answers."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, text
from sqlmodel import Session, select

from kompas.audit.models import AuditEvent
from kompas.commitments.models import Commitment
from kompas.core.principal import Role
from kompas.parties.models import PartyKind
from tests.api.conftest import snapshot
from tests.conftest import Actor, Tenant, assert_problem

# Words nobody else may ever read: each must be findable by nothing but its author.
MEANING = "Samenwerken betekent voor mij zwaluwstaart-vertrouwen"
CONTRIBUTION = "Ik breng mijn netwerk in de wijk kraanvogelpad"
NEEDS = "Ik heb eerlijke feedback nodig over ijsvogelbrug"
STEP = "Ik bel de GGD over de reigerstraat"
WORDS = (MEANING, CONTRIBUTION, NEEDS, STEP)
BODY = {
    "meaning": MEANING,
    "contribution": CONTRIBUTION,
    "needs": NEEDS,
    "step": STEP,
    "stepDate": "2026-04-01",
}


@pytest.fixture
def parties(tenant: Tenant):
    return {
        "werk": tenant.party("Werk en Inkomen"),
        "jeugd": tenant.party("Jeugd"),
        "woon": tenant.party("Woonstede", PartyKind.partner),
    }


@pytest.fixture
def people(tenant: Tenant, parties) -> dict[str, Actor]:
    return {
        "author": tenant.actor(Role.member, party=parties["werk"], name="Anna Auteur"),
        "admin": tenant.actor(Role.admin),
        "coordinator": tenant.actor(Role.coordinator),
        "colleague": tenant.actor(Role.member, party=parties["werk"]),
        "other": tenant.actor(Role.member, party=parties["jeugd"]),
        "viewer": tenant.actor(Role.viewer),
        "partner": tenant.actor(Role.partner, party=parties["woon"]),
    }


def put_mine(http, actor: Actor, body: dict[str, Any], etag: str | None = None):
    headers = {**actor.headers, **({"If-Match": etag} if etag else {})}
    return http.put("/commitments/mine", json=body, headers=headers)


def make(http, actor: Actor, **fields: Any) -> dict[str, Any]:
    response = put_mine(http, actor, {**BODY, **fields})
    assert response.status_code == 201, response.text
    return {**response.json(), "etag": response.headers["ETag"]}


def ids_listed(http, actor: Actor, **params: Any) -> set[str]:
    response = http.get("/commitments", params={"limit": 200, **params}, headers=actor.headers)
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


def rows_of(engine: Engine, table: str) -> list[str]:
    """Every row of a table as text, every column included."""
    with engine.connect() as connection:
        rows = connection.execute(text(f'SELECT * FROM "{table}"'))  # noqa: S608 - our names
        return [repr(tuple(row)) for row in rows]


def assert_no_words(texts: list[str] | str, words=WORDS) -> None:
    joined = texts if isinstance(texts, str) else "\n".join(texts)
    for word in words:
        assert word not in joined
        # and no fragment of it either (a search index holds words, not sentences)
        assert word.split()[-1] not in joined


# --- making, reading, replacing ----------------------------------------------------------------


def test_a_person_makes_reads_and_replaces_their_own_commitment(http, people):
    author = people["author"]
    assert_problem(http.get("/commitments/mine", headers=author.headers), 404)
    created = put_mine(http, author, BODY)
    assert created.status_code == 201, created.text
    body = created.json()
    assert created.headers["Location"].endswith(f"/api/v1/commitments/{body['id']}")
    assert created.headers["ETag"] == '"1"'
    assert body["shared"] is False  # private unless said otherwise
    assert body["mine"] is True
    assert body["authorName"] == "Anna Auteur"
    assert body["stepDate"] == "2026-04-01"
    assert body["meaning"] == MEANING

    mine = http.get("/commitments/mine", headers=author.headers)
    assert mine.status_code == 200
    assert mine.json()["id"] == body["id"]
    assert mine.headers["ETag"] == '"1"'
    by_id = http.get(f"/commitments/{body['id']}", headers=author.headers)
    assert by_id.status_code == 200
    assert by_id.json()["meaning"] == MEANING

    # Replacing needs the version: 428 without, 412 stale, and nothing changes either way.
    changed = {**BODY, "needs": "Tijd"}
    assert_problem(put_mine(http, author, changed), 428)
    assert_problem(put_mine(http, author, changed, '"7"'), 412)
    assert http.get("/commitments/mine", headers=author.headers).json()["needs"] == NEEDS
    replaced = put_mine(http, author, {"meaning": "Anders"}, '"1"')
    assert replaced.status_code == 200, replaced.text
    assert replaced.headers["ETag"] == '"2"'
    # PUT replaces the whole: what is left out goes back to its default.
    assert replaced.json() | {"meaning": "Anders"} == replaced.json()
    assert replaced.json()["needs"] == ""
    assert replaced.json()["stepDate"] is None
    assert replaced.json()["id"] == body["id"]  # still the one commitment


def test_one_commitment_per_person_and_a_deleted_one_is_not_recreated_by_a_stale_edit(
    http, people, db
):
    author = people["author"]
    first = make(http, author)
    assert_problem(put_mine(http, author, BODY), 428)  # a second PUT without If-Match
    assert len(db.exec(select(Commitment)).all()) == 1
    deleted = http.delete(
        "/commitments/mine", headers={**author.headers, "If-Match": first["etag"]}
    )
    assert deleted.status_code == 204
    # Another tab still holds the old version: its save must not bring the commitment back.
    assert_problem(put_mine(http, author, BODY, first["etag"]), 412)
    assert db.exec(select(Commitment)).all() == []


# --- privacy: nobody but the author reads a private one ----------------------------------------


def test_a_private_commitment_is_read_by_its_author_alone(http, people, engine):
    mine = make(http, people["author"])
    for role in ("admin", "coordinator", "colleague", "other", "viewer", "partner"):
        reader = people[role]
        assert_problem(http.get(f"/commitments/{mine['id']}", headers=reader.headers), 404)
        assert mine["id"] not in ids_listed(http, reader), role
        assert mine["id"] not in ids_listed(http, reader, shared="false"), role
        lists = http.get("/commitments", params={"limit": 200}, headers=reader.headers).text
        assert_no_words(lists)
    # What the others' own pages show of it: nothing.
    coordinator = people["coordinator"]
    assert_problem(http.get("/commitments/mine", headers=coordinator.headers), 404)
    export = http.get("/commitments/mine/export", headers=coordinator.headers)
    assert export.status_code == 200
    assert export.json()["commitment"] is None
    assert_no_words(export.text)


def test_the_audit_trail_records_that_it_changed_never_what_it_says(http, people, engine):
    author = people["author"]
    mine = make(http, author)
    shared = put_mine(http, author, {**BODY, "shared": True, "step": "Nog een stap"}, '"1"')
    assert shared.status_code == 200
    deleted = http.delete("/commitments/mine", headers={**author.headers, "If-Match": '"2"'})
    assert deleted.status_code == 204

    # The whole table, every column: not a word of it, nor of the step that replaced one.
    rows = rows_of(engine, "audit_events")
    assert_no_words(rows, (*WORDS, "Nog een stap"))
    with Session(engine) as session:
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.resource_id == uuid.UUID(mine["id"]))
            .order_by(AuditEvent.occurred_at)
        ).all()
    assert [event.action for event in events] == ["create", "update", "delete"]
    assert {event.resource_type for event in events} == {"commitments"}
    created = events[0].changes
    assert created["meaning"] == {"changed": True}
    assert created["stepDate"] == {"changed": True}
    assert created["shared"] == {"from": None, "to": False}  # who may read it is no secret
    assert set(events[1].changes) == {"shared", "step"}
    assert events[1].changes["step"] == {"changed": True}
    # And an admin reading the trail through the API finds no word of it either.
    admin = people["admin"]
    trail = http.get("/audit-events", params={"limit": 200}, headers=admin.headers)
    assert trail.status_code == 200
    assert mine["id"] in trail.text
    assert_no_words(trail.text, (*WORDS, "Nog een stap"))


def test_commitments_are_not_in_search(http, people, engine):
    author = people["author"]
    make(http, author, shared=True)
    for who in ("author", "admin", "coordinator"):
        for word in ("zwaluwstaart", "kraanvogelpad", "ijsvogelbrug", "reigerstraat"):
            found = http.get("/search", params={"q": word}, headers=people[who].headers)
            assert found.status_code == 200, found.text
            assert found.json()["items"] == [], (who, word)
    if "search_index" in inspect(engine).get_table_names():  # SQLite's FTS5 table
        assert_no_words(rows_of(engine, "search_index"))


def test_a_shared_commitment_is_read_by_staff_but_never_by_partners(http, people):
    author = people["author"]
    mine = make(http, author)
    shared = put_mine(http, author, {**BODY, "shared": True}, mine["etag"])
    assert shared.status_code == 200, shared.text
    for role in ("admin", "coordinator", "colleague", "other", "viewer"):
        reader = people[role]
        read = http.get(f"/commitments/{mine['id']}", headers=reader.headers)
        assert read.status_code == 200, role
        assert read.json()["meaning"] == MEANING
        assert read.json()["mine"] is False
        assert mine["id"] in ids_listed(http, reader), role
        assert mine["id"] in ids_listed(http, reader, shared="true"), role
    partner = people["partner"]
    assert_problem(http.get(f"/commitments/{mine['id']}", headers=partner.headers), 404)
    assert mine["id"] not in ids_listed(http, partner)
    # Taking it back makes it private again at once.
    private = put_mine(http, author, {**BODY, "shared": False}, '"2"')
    assert private.status_code == 200
    assert_problem(http.get(f"/commitments/{mine['id']}", headers=people["admin"].headers), 404)
    assert mine["id"] not in ids_listed(http, people["coordinator"])


def test_a_partner_writes_and_reads_its_own_commitment_and_a_token_has_none(http, people, parties):
    partner = people["partner"]
    theirs = make(http, partner, shared=True)
    assert ids_listed(http, partner) == {theirs["id"]}
    # Shared with the staff of the organisation: the coordinator reads it.
    coordinator = people["coordinator"]
    assert http.get(f"/commitments/{theirs['id']}", headers=coordinator.headers).status_code == 200
    admin = people["admin"]
    token = http.post(
        f"/partners/{parties['woon'].id}/api-tokens",
        json={"name": "Koppeling", "scopes": ["needs:read", "people:read"]},
        headers=admin.headers,
    ).json()["token"]
    bearer = {"Authorization": f"Bearer {token}"}
    for path in ("/commitments", "/commitments/mine", f"/commitments/{theirs['id']}"):
        assert_problem(http.get(path, headers=bearer), 403)
    assert_problem(http.put("/commitments/mine", json=BODY, headers=bearer), 403)


def test_the_list_filters_and_pages(http, tenant: Tenant, parties, people):
    authors = [tenant.actor(Role.member, party=parties["jeugd"]) for _ in range(3)]
    made = [make(http, actor, shared=True) for actor in authors]
    own = make(http, people["author"])  # private, but the author's own: listed to them
    reader = people["author"]
    assert ids_listed(http, reader) == {m["id"] for m in made} | {own["id"]}
    assert ids_listed(http, reader, shared="false") == {own["id"]}
    assert ids_listed(http, reader, partyId=str(parties["jeugd"].id)) == {m["id"] for m in made}
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 1, "sort": "createdAt"}
    while True:
        page = http.get("/commitments", params=params, headers=reader.headers).json()
        seen += [item["id"] for item in page["items"]]
        if not page["nextCursor"]:
            break
        params["cursor"] = page["nextCursor"]
    assert seen == [m["id"] for m in made] + [own["id"]]
    assert_problem(
        http.get("/commitments", params={"sort": "meaning"}, headers=reader.headers), 400, "sort"
    )
    assert_problem(
        http.get("/commitments", params={"authorId": "x"}, headers=reader.headers), 400, "authorId"
    )


# --- export and delete -------------------------------------------------------------------------


def test_the_export_holds_the_authors_own_data_only(http, tenant: Tenant, parties, people):
    colleague = people["colleague"]
    make(http, colleague, meaning="Collega-woorden spreeuwenhof", shared=True)
    author = people["author"]
    mine = make(http, author)
    export = http.get("/commitments/mine/export", headers=author.headers)
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("application/json")
    disposition = export.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert ".json" in disposition
    data = json.loads(export.content)
    assert data["authorId"] == str(author.id)
    assert data["authorName"] == "Anna Auteur"
    assert data["commitment"]["id"] == mine["id"]
    assert data["commitment"]["meaning"] == MEANING
    assert "spreeuwenhof" not in export.text  # a colleague's shared words are not the author's


def test_delete_removes_it_and_its_trail_keeps_no_words(http, people, engine, db):
    author = people["author"]
    mine = make(http, author, shared=True)
    assert_problem(http.delete("/commitments/mine", headers=author.headers), 428)
    assert_problem(
        http.delete("/commitments/mine", headers={**author.headers, "If-Match": '"9"'}), 412
    )
    # Nobody deletes someone else's: "mine" is always the caller's own.
    admin = people["admin"]
    assert_problem(
        http.delete("/commitments/mine", headers={**admin.headers, "If-Match": "*"}), 404
    )
    deleted = http.delete("/commitments/mine", headers={**author.headers, "If-Match": mine["etag"]})
    assert deleted.status_code == 204
    assert db.exec(select(Commitment)).all() == []
    assert_no_words(rows_of(engine, "commitments"))
    assert_no_words(rows_of(engine, "audit_events"))
    assert_problem(http.get("/commitments/mine", headers=author.headers), 404)
    assert_problem(http.get(f"/commitments/{mine['id']}", headers=admin.headers), 404)
    assert_problem(
        http.delete("/commitments/mine", headers={**author.headers, "If-Match": "*"}), 404
    )
    # And a new one may be made afterwards.
    assert put_mine(http, author, BODY).status_code == 201


# --- tenants, bad input, summary ---------------------------------------------------------------


def test_another_organisation_never_sees_it(http, people, other_tenant: Tenant):
    mine = make(http, people["author"], shared=True)
    for role in Role:
        stranger = other_tenant.actor(role)
        assert_problem(http.get(f"/commitments/{mine['id']}", headers=stranger.headers), 404)
        assert mine["id"] not in ids_listed(http, stranger)
    stranger = other_tenant.actor(Role.admin)
    summary = http.get("/commitments/summary", headers=stranger.headers).json()
    assert summary == {"people": 0, "shared": 0, "parties": []}


@pytest.mark.parametrize(
    ("body", "names"),
    [
        ({"meaning": "x" * 2001}, {"meaning"}),
        ({"step": "x" * 501, "needs": 5}, {"step", "needs"}),
        ({"stepDate": "morgen"}, {"stepDate"}),
        ({"stepDate": 0}, {"stepDate"}),
        ({"shared": "misschien"}, {"shared"}),
        ({"contribution": "a\x00b"}, {"contribution"}),
        ({"authorId": str(uuid.uuid4())}, {"authorId"}),
        ({"id": str(uuid.uuid4())}, {"id"}),
    ],
)
def test_bad_input_is_refused_naming_every_field_and_changes_nothing(
    http, people, engine, body, names
):
    author = people["author"]
    mine = make(http, author)
    before = snapshot(engine)
    for etag in (None, mine["etag"]):
        refused = put_mine(http, author, {**BODY, **body}, etag)
        assert_problem(refused, 400, *names)
    assert snapshot(engine) == before
    assert http.get("/commitments/mine", headers=author.headers).json()["meaning"] == MEANING


def test_the_summary_counts_per_party_for_coordinators_only(
    http, tenant: Tenant, parties, people, count_sql
):
    werk, jeugd = parties["werk"], parties["jeugd"]
    make(http, people["author"], shared=True)  # werk
    make(http, people["colleague"])  # werk, private
    make(http, people["other"])  # jeugd
    make(http, people["coordinator"], shared=True)  # no party
    make(http, people["partner"])  # woonstede
    for role in ("colleague", "viewer", "partner"):
        assert_problem(http.get("/commitments/summary", headers=people[role].headers), 403)
    counter = count_sql()
    summary = http.get("/commitments/summary", headers=people["admin"].headers)
    assert summary.status_code == 200, summary.text
    queries = len(counter)
    assert summary.json() == {
        "people": 5,
        "shared": 2,
        "parties": [
            {"partyId": str(jeugd.id), "partyName": "Jeugd", "people": 1, "shared": 0},
            {"partyId": str(werk.id), "partyName": "Werk en Inkomen", "people": 2, "shared": 1},
            {
                "partyId": str(parties["woon"].id),
                "partyName": "Woonstede",
                "people": 1,
                "shared": 0,
            },
            {"partyId": None, "partyName": None, "people": 1, "shared": 1},
        ],
    }
    assert_no_words(summary.text)
    # Counts in a constant number of queries, however many people.
    for _ in range(4):
        make(http, tenant.actor(Role.member, party=jeugd))
    counter = count_sql()
    again = http.get("/commitments/summary", headers=people["coordinator"].headers)
    assert again.json()["people"] == 9
    assert len(counter) == queries


def test_an_empty_if_match_counts_as_none(http, people):
    # The web app sends `If-Match: ""` while it has no version yet.
    author = people["author"]
    empty = {**author.headers, "If-Match": ""}
    assert http.put("/commitments/mine", json=BODY, headers=empty).status_code == 201
    assert_problem(http.put("/commitments/mine", json=BODY, headers=empty), 428)


def test_two_first_saves_at_once_make_one_commitment_and_no_500(http, people, db):
    from concurrent.futures import ThreadPoolExecutor

    author = people["author"]
    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(lambda _: put_mine(http, author, BODY).status_code, range(4)))
    assert statuses.count(201) == 1, statuses
    # The others lost the race: a uniqueness conflict, or the one made meanwhile needs If-Match.
    assert set(statuses) <= {201, 409, 428}, statuses
    assert len(db.exec(select(Commitment)).all()) == 1
