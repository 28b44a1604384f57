"""The dashboard's figures kept per process by data version, visibility class and stalled cutoff
(docs/decisions/0017-dashboard-figures-kept-per-data-version.md): kept figures are served only
while nothing they count has changed, in whichever process the change was made, and only to
callers who may see all of them."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import Session

from kompas.agenda.models import AgendaStatus
from kompas.core import dataversion
from kompas.core.config import Settings
from kompas.core.principal import Role
from kompas.joint.models import Level
from kompas.main import create_app
from kompas.parties.models import Party, PartyKind
from tests.conftest import Clock, Tenant
from tests.dashboard.builders import World

API = "/api/v1"


def counted(figures) -> tuple[int, list[tuple[str, int, int]]]:
    return figures["agenda"]["total"], [
        (b["partyName"], b["stalledAgendaItems"], b["pendingHandoffs"]) for b in figures["ball"]
    ]


def test_kept_figures_are_served_until_a_write_in_another_process_moves_the_data_version(
    wall_clock: Clock, http, settings: Settings, engine: Engine, tenant: Tenant, parties, count_sql
):
    coordinator = tenant.actor(Role.coordinator)
    world = World(tenant)
    world.agenda_item("Schuldhulp", parties["werk"])
    world.save()

    def read(client, prefix: str = "") -> tuple[dict, list[str]]:
        counter = count_sql()
        response = client.get(prefix + "/dashboard", headers=coordinator.headers)
        assert response.status_code == 200, response.text
        return response.json(), counter.statements

    # A second API process on the same database: an app of its own, with its own kept figures.
    with TestClient(create_app(settings, engine), base_url="http://other") as other:
        first, statements = read(http)
        assert first["agenda"]["total"] == 1
        assert any("agenda_items" in s for s in statements)
        again, statements = read(http)
        assert again["agenda"] == first["agenda"]
        # Kept: the caller, the data version and the reflection trend; no figure is counted.
        assert not any("agenda_items" in s or "participations" in s for s in statements)
        assert read(other, API)[0]["agenda"]["total"] == 1

        # A write through the other process: this one sees it on its next request.
        created = other.post(
            API + "/agenda-items",
            json={"title": "Jongeren 18+", "leadPartyId": str(parties["jeugd"].id)},
            headers=coordinator.headers,
        )
        assert created.status_code == 201, created.text
        after, statements = read(http)
        assert after["agenda"]["total"] == 2
        assert any("agenda_items" in s for s in statements)

        # A change written by any session of Kompas moves it too, and a deletion through the API.
        world.agenda_item("Huisvesting", parties["woon"], AgendaStatus.done)
        world.save()
        assert read(other, API)[0]["agenda"]["total"] == 3
        gone = other.get(API + f"/agenda-items/{created.json()['id']}", headers=coordinator.headers)
        deleted = other.delete(
            API + f"/agenda-items/{created.json()['id']}",
            headers={**coordinator.headers, "If-Match": gone.headers["ETag"]},
        )
        assert deleted.status_code == 204, deleted.text
        assert read(http)[0]["agenda"]["total"] == 2


def test_each_visibility_class_gets_its_own_figures(
    wall_clock: Clock, http, tenant: Tenant, parties, people
):
    """Kept figures of one caller are served to another only where both see exactly the same:
    admins and coordinators together, the people of one party together."""
    world = World(tenant)
    werk, woon, ggd = parties["werk"], parties["woon"], parties["ggd"]
    item = world.agenda_item("Samen met Woonstede", werk)
    world.participation(item, woon, Level.taking_part)
    world.agenda_item("Intern", werk)
    world.agenda_item("Van GGD", ggd)
    world.save()

    def total(actor) -> int:
        response = http.get("/dashboard", headers=actor.headers)
        assert response.status_code == 200, response.text
        return int(response.json()["agenda"]["total"])

    # Partners first, so that what a partner is kept is there when the others ask.
    assert total(people["woon"]) == 1
    assert total(tenant.actor(Role.partner, party=woon)) == 1  # a colleague at Woonstede
    assert total(people["ggd"]) == 1
    assert total(tenant.actor(Role.admin)) == 3
    assert total(people["coordinator"]) == 3
    assert total(people["werk"]) == 3
    assert total(people["woon"]) == 1
    with Session(tenant.engine) as session:
        other = session.get_one(Party, ggd.id)
    assert total(tenant.actor(Role.partner, party=other)) == 1


def test_the_stalled_cutoff_is_in_the_key(wall_clock: Clock, http, tenant: Tenant, parties):
    """Figures are kept per minute of the stalled cutoff: an item that comes to lie still is
    counted from the next minute on, though nothing was written."""
    coordinator = tenant.actor(Role.coordinator)
    world = World(tenant)
    now = wall_clock.now()
    world.agenda_item(
        "Ligt bijna stil", parties["werk"], moved=now - timedelta(days=21, minutes=-1)
    )
    world.save()

    def stalled() -> list[tuple[str, int, int]]:
        response = http.get("/dashboard", headers=coordinator.headers)
        assert response.status_code == 200, response.text
        return counted(response.json())[1]

    assert stalled() == []
    assert stalled() == []
    wall_clock.advance(minutes=2)
    assert stalled() == [("Werk en Inkomen", 1, 0)]


def test_the_data_version_moves_with_each_commit_that_changed_a_record(
    engine: Engine, tenant: Tenant
):
    def version() -> int:
        with Session(engine) as session:
            return dataversion.read(session, tenant.id)

    start = version()
    with Session(engine) as session:
        session.add(Party(organisation_id=tenant.id, name="Nieuw", kind=PartyKind.department))
        session.commit()
    assert version() == start + 1
    with Session(engine) as session:
        session.add(
            Party(organisation_id=tenant.id, name="Teruggedraaid", kind=PartyKind.department)
        )
        session.flush()
        session.rollback()
    assert version() == start + 1
    with Session(engine) as session:  # a read moves nothing
        dataversion.read(session, tenant.id)
        session.commit()
    assert version() == start + 1


def test_postgresql_counts_a_partners_experiences_from_the_index(
    tenant: Tenant, parties, engine: Engine
):
    """A partner's experience figure tests each experience's id against those naming its party:
    with the id in ix_experiences_dashboard (migration b2c3d4e5f6a7) it reads the index alone
    instead of 50,000 rows of the table at the size of a large municipality."""
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only: the plan is PostgreSQL's")
    from sqlalchemy import event, text

    from kompas.core.principal import Principal, PrincipalKind
    from kompas.dashboard import service

    partner = Principal(
        kind=PrincipalKind.user,
        id=uuid.uuid4(),
        organisation_id=tenant.id,
        role=Role.partner,
        party_id=parties["woon"].id,
        name="Sanne",
    )
    statements: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, *_args) -> None:
        statements.append((statement, parameters))

    # The planner prices an index-only scan by the pages known to be all-visible: a vacuumed
    # table, as a large one is in use.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE experiences"))
    with Session(engine) as session:
        # A handful of rows: left alone the planner may read the table, or another index and the
        # table (it chose ix_experiences_visibility in one CI run: with so few rows every plan
        # costs the same). What is asked is that this index alone can serve the figure: the
        # table's scans are priced out and its other indexes dropped for this transaction only
        # (rolled back below).
        session.execute(text("SET enable_seqscan = off"))
        session.execute(text("SET enable_bitmapscan = off"))
        others = session.execute(
            text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'experiences' "
                "AND indexname NOT IN ('ix_experiences_dashboard', 'pk_experiences')"
            )
        ).scalars()
        for index in list(others):
            session.execute(text(f'DROP INDEX "{index}"'))
        event.listen(engine, "before_cursor_execute", capture)
        try:
            service.experience_figures(session, partner)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        statement, parameters = statements[-1]
        cursor = session.connection().connection.cursor()
        cursor.execute("EXPLAIN " + statement, parameters)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        session.rollback()
    assert "Index Only Scan using ix_experiences_dashboard on experiences" in plan, plan


def test_only_the_newest_figures_of_a_caller_class_are_kept():
    """Figures of an older data version or minute are never served again: keeping them would
    hold one copy per write and per minute (at x1 some 266 KB as JSON each) until 64 pile up."""
    from kompas.dashboard.service import KeptFigures

    kept = KeptFigures(size=4)
    organisation, other = uuid.uuid4(), uuid.uuid4()
    for minute in range(10):
        kept.keep((organisation, 7, ("all",), minute), {"minute": minute})
    kept.keep((organisation, 7, ("partner", "p"), 9), {"class": "partner"})
    kept.keep((other, 1, ("all",), 9), {"organisation": "other"})
    assert len(kept) == 3  # one per organisation and caller class
    assert kept.get((organisation, 7, ("all",), 9)) == {"minute": 9}
    assert kept.get((organisation, 7, ("all",), 8)) is None
    assert kept.get((organisation, 6, ("all",), 9)) is None
    assert kept.get((organisation, 7, ("partner", "p"), 9)) == {"class": "partner"}
    for n in range(5):  # the least recently used go when more classes than the size ask
        kept.keep((uuid.uuid4(), 1, ("all",), 9), {"n": n})
    assert len(kept) == 4
    assert kept.get((other, 1, ("all",), 9)) is None
