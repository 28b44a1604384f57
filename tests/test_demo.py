"""The demo organisation: believable, and showing every capability it is meant to show."""

from __future__ import annotations

from sqlmodel import Session, select

from kompas.demo.seed import DEMO_LOGINS, seed_demo
from kompas.rolemaps import service as rolemap_service
from kompas.rolemaps.analysis import FindingKind
from kompas.rolemaps.models import RoleMap, RoleMapSnapshot
from tests.conftest import assert_problem


def test_the_demo_loads_once_and_its_logins_work(engine, http):
    with Session(engine) as session:
        _, created = seed_demo(session)
        session.commit()
        _, again = seed_demo(session)
    assert created
    assert not again
    for login in DEMO_LOGINS:
        response = http.post(
            "/auth/token", data={"username": login.email, "password": "demo-kompas-2026"}
        )
        assert response.status_code == 200, (login.email, response.text)
    assert_problem(
        http.post("/auth/token", data={"username": DEMO_LOGINS[0].email, "password": "fout"}), 400
    )


def test_the_demo_role_maps_show_every_finding_kind_and_progress(engine):
    with Session(engine) as session:
        seed_demo(session)
        session.commit()
        kinds: set[str] = set()
        for role_map in session.exec(select(RoleMap)).all():
            result = rolemap_service.analyse_state(
                rolemap_service._state(rolemap_service._fetch(session, role_map))
            )
            kinds |= {f.kind for t in result.tasks for f in t.findings}
        snapshots = session.exec(select(RoleMapSnapshot).order_by(RoleMapSnapshot.created_at)).all()
        # The current state of the first map has fewer findings than before its partner table.
        before = next(s for s in snapshots if s.label == "Voor de partnertafel")
    assert kinds == {str(kind) for kind in FindingKind}
    assert len(snapshots) == 2
    assert before.clarity < snapshots[-1].clarity
