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


def _login(http, email: str) -> dict[str, str]:
    token = http.post("/auth/token", data={"username": email, "password": "demo-kompas-2026"})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def test_the_demo_agenda_has_phases_handoffs_and_a_stalled_item(engine, http):
    with Session(engine) as session:
        seed_demo(session)
        session.commit()
    headers = _login(http, "fatima@voorbeeld.nl")
    items = http.get("/agenda-items", params={"limit": 200}, headers=headers).json()["items"]
    assert len(items) >= 15
    assert len({item["phaseId"] for item in items}) == 3
    assert {item["status"] for item in items} == {
        "idea",
        "planned",
        "in-progress",
        "done",
        "dropped",
    }
    stalled = http.get("/agenda-items", params={"stalled": "true"}, headers=headers).json()
    assert len(stalled["items"]) == 1
    handoffs = http.get("/handoffs", params={"limit": 200}, headers=headers).json()["items"]
    assert {h["status"] for h in handoffs} == {"accepted", "declined", "pending"}
    assert all(h["reason"] for h in handoffs if h["status"] == "declined")
    # The partner's home page has a ball waiting for it, and sees only its own items.
    partner = _login(http, "sanne@woonstede.nl")
    seen = http.get("/agenda-items", params={"limit": 200}, headers=partner).json()["items"]
    assert 0 < len(seen) < len(items)
    woonstede = next(
        i["leadPartyId"] for i in items if i["title"] == "Gezamenlijk huisbezoek bij schulden"
    )
    waiting = http.get(
        "/handoffs", params={"status": "pending", "toPartyId": woonstede}, headers=partner
    ).json()["items"]
    assert len(waiting) == 1


def test_the_demo_has_questions_successes_and_meetings_of_partners(engine):
    from kompas.meetings.models import Meeting
    from kompas.parties.models import Party, PartyKind
    from kompas.questions.models import Contribution, Question
    from kompas.successes.models import Endorsement, Success

    with Session(engine) as session:
        seed_demo(session)
        session.commit()
        partners = set(session.exec(select(Party.id).where(Party.kind == PartyKind.partner)))
        contributions = session.exec(select(Contribution)).all()
        assert len(session.exec(select(Question)).all()) == 5
        assert any(c.party_id in partners for c in contributions)
        assert len(session.exec(select(Success)).all()) == 8
        assert len(session.exec(select(Endorsement)).all()) >= 8
        assert len(session.exec(select(Meeting)).all()) == 4
