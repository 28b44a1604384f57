"""The dashboard over HTTP: its figures, what a partner sees of them, and a fixed number of
queries whatever the amount of data."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import update

from kompas.agenda.models import AgendaStatus
from kompas.core.dataversion import DataVersion
from kompas.core.principal import Role
from kompas.core.visibility import Visibility
from kompas.joint.models import HandoffStatus, Level
from kompas.questions.models import QuestionStatus
from kompas.reflection import service as reflection_service
from kompas.reflection.models import ReflectionRound
from tests.conftest import Clock, Tenant, assert_problem
from tests.dashboard.builders import World


def fill(world: World, parties, clock: Clock) -> dict[str, object]:
    """Four agenda items, a question, handoffs, two role maps with snapshots, three successes."""
    now = clock.now()
    long_ago = now - timedelta(days=30)
    verkennen, doen = world.phase("Fase Een", 0), world.phase("Fase Twee", 1)
    werk, jeugd, woon, ggd = (parties[k] for k in ("werk", "jeugd", "woon", "ggd"))
    a1 = world.agenda_item("Schuldhulp", werk, AgendaStatus.planned, verkennen, moved=long_ago)
    a2 = world.agenda_item("Jongeren 18+", jeugd, AgendaStatus.in_progress, doen)
    world.agenda_item("Huisvesting", woon, AgendaStatus.done, doen, moved=long_ago)
    a4 = world.agenda_item("Intern", werk, AgendaStatus.idea)
    world.participation(a2, woon, Level.taking_part)
    q1 = world.question("Waarom haken jongeren af?", werk, QuestionStatus.open, moved=long_ago)
    world.participation(q1, ggd, Level.watching)
    world.handoff(a2, werk)
    world.handoff(a4, jeugd)
    world.handoff(a1, jeugd, HandoffStatus.accepted, decided_at=now - timedelta(days=40))
    rm1 = world.role_map("Schulden en armoede", werk, woon)
    world.snapshot(rm1, "Start", 0.35, {"nobody": 3, "several": 2}, now - timedelta(days=60))
    world.snapshot(rm1, "Tafel 2", 0.8, {"several": 1}, now - timedelta(days=5))
    rm2 = world.role_map("Intern", werk)
    world.snapshot(rm2, "Eerste", 0.5, {"nobody": 1}, now - timedelta(days=3))
    world.success("Naam woon", date(2025, 11, 10), parties=(woon,))
    world.success("Gepubliceerd", date(2026, 1, 15), Visibility.published)
    world.success("Intern succes", date(2026, 2, 1))
    world.reflection_round("Ronde 1", date(2026, 1, 31), [(werk, [4] * 5), (woon, [2] * 5)])
    world.save()
    return {"phases": (verkennen, doen), "maps": (rm1, rm2)}


def statuses(figures) -> dict[str, int]:
    return {s["status"]: s["count"] for s in figures["agenda"]["byStatus"]}


def test_the_dashboard_counts_what_a_coordinator_may_see(
    wall_clock: Clock, http, tenant: Tenant, make_tenant, parties, people, world
):
    made = fill(world, parties, wall_clock)
    # Another organisation's records count nowhere.
    other = make_tenant("Elders")
    fill(World(other), {k: other.party(k) for k in parties}, wall_clock)

    response = http.get("/dashboard", headers=people["coordinator"].headers)
    assert response.status_code == 200, response.text
    assert response.headers["Cache-Control"] == "no-store"
    figures = response.json()
    agenda = figures["agenda"]
    assert agenda["total"] == 4
    assert statuses(figures) == {
        "idea": 1,
        "planned": 1,
        "in-progress": 1,
        "done": 1,
        "dropped": 0,
    }
    verkennen, _doen = made["phases"]
    assert [(p["phaseName"], p["count"]) for p in agenda["byPhase"]] == [
        ("Fase Een", 1),
        ("Fase Twee", 2),
        (None, 1),
    ]
    assert agenda["byPhase"][0]["phaseId"] == str(verkennen.id)
    ball = {b["partyName"]: b for b in figures["ball"]}
    assert set(ball) == {"Werk en Inkomen", "Jeugd"}
    assert ball["Werk en Inkomen"]["stalledAgendaItems"] == 1
    assert ball["Werk en Inkomen"]["stalledQuestions"] == 1
    assert ball["Werk en Inkomen"]["pendingHandoffs"] == 1
    assert ball["Jeugd"] == {
        "partyId": str(parties["jeugd"].id),
        "partyName": "Jeugd",
        "stalledAgendaItems": 0,
        "stalledQuestions": 0,
        "pendingHandoffs": 1,
    }
    maps = {m["title"]: m for m in figures["roleMaps"]}
    assert [
        (s["label"], s["clarity"], s["findings"]) for s in maps["Schulden en armoede"]["snapshots"]
    ] == [
        ("Start", 0.35, 5),
        ("Tafel 2", 0.8, 1),
    ]
    assert [s["label"] for s in maps["Intern"]["snapshots"]] == ["Eerste"]
    assert figures["successesPerQuarter"] == [
        {"quarter": "2025-Q4", "count": 1},
        {"quarter": "2026-Q1", "count": 2},
    ]
    # Everyone together (10 answers): the mean of the one statement.
    assert [
        (r["key"], [(p["title"], p["mean"]) for p in r["points"]]) for r in figures["reflection"]
    ] == [("trust", [("Ronde 1", 3.0)])]
    assert {(p["partyName"], p["level"], p["count"]) for p in figures["participation"]} == {
        ("Woonstede", "taking-part", 1),
        ("GGD", "watching", 1),
    }


def test_a_partner_sees_the_figures_of_what_its_party_may_read(
    wall_clock: Clock, http, parties, people, world
):
    fill(world, parties, wall_clock)
    figures = http.get("/dashboard", headers=people["woon"].headers).json()
    # It leads "Huisvesting" and takes part in "Jongeren 18+"; the other two are not its.
    assert figures["agenda"]["total"] == 2
    assert statuses(figures) == {
        "idea": 0,
        "planned": 0,
        "in-progress": 1,
        "done": 1,
        "dropped": 0,
    }
    assert [(p["phaseName"], p["count"]) for p in figures["agenda"]["byPhase"]] == [
        ("Fase Twee", 2)
    ]
    # Only the handoff on an item it may see; nothing stalled that it may see.
    assert [
        (b["partyName"], b["stalledAgendaItems"], b["stalledQuestions"], b["pendingHandoffs"])
        for b in figures["ball"]
    ] == [("Werk en Inkomen", 0, 0, 1)]
    assert [m["title"] for m in figures["roleMaps"]] == ["Schulden en armoede"]
    # The success naming its party and the published one; not the internal one.
    assert figures["successesPerQuarter"] == [
        {"quarter": "2025-Q4", "count": 1},
        {"quarter": "2026-Q1", "count": 1},
    ]
    assert [(p["partyName"], p["level"]) for p in figures["participation"]] == [
        ("Woonstede", "taking-part")
    ]
    assert figures["commitments"] is None

    # GGD watches the question only: it sees the question's figures and none of the agenda.
    ggd = http.get("/dashboard", headers=people["ggd"].headers).json()
    assert ggd["agenda"]["total"] == 0
    assert ggd["roleMaps"] == []
    assert ggd["reflection"] == []  # not invited to the round
    assert [(b["partyName"], b["stalledQuestions"]) for b in ggd["ball"]] == [
        ("Werk en Inkomen", 1)
    ]
    assert [(p["partyName"], p["level"]) for p in ggd["participation"]] == [("GGD", "watching")]


def test_every_signed_in_role_reads_the_dashboard_and_no_one_else(
    wall_clock: Clock, http, tenant: Tenant, people
):
    for role in Role:
        actor = people.get(role.value) or tenant.actor(role)
        assert http.get("/dashboard", headers=actor.headers).status_code == 200, role
    assert_problem(http.get("/dashboard"), 401)
    assert_problem(http.get("/dashboard", headers={"Authorization": "Bearer nonsense"}), 401)


def test_the_dashboard_issues_the_same_queries_for_ten_times_the_data(
    wall_clock: Clock, http, tenant: Tenant, parties, people, world, count_sql
):
    def queries(actor) -> int:
        reflection_service.forget_final_totals()  # as the first request of a process
        counter = count_sql()
        response = http.get("/dashboard", headers=actor.headers)
        assert response.status_code == 200, response.text
        return len(counter)

    fill(world, parties, wall_clock)
    small = {who: queries(people[who]) for who in ("coordinator", "werk", "woon")}
    # Ten times the records of every kind, new parties, phases and maps included.
    for n in range(9):
        world.phase(f"Fase {n}", n + 2)
        extra = {k: tenant.party(f"{p.name} {n}", p.kind) for k, p in parties.items()}
        fill_more(world, extra, parties, wall_clock)
    world.save()
    large = {who: queries(people[who]) for who in ("coordinator", "werk", "woon")}
    assert small == large
    # The caller, then one query per figure: agenda, stalled items (2), handoffs, role maps,
    # successes, participation, experiences, commitments (coordinators only); the reflection
    # trend takes two (rounds, then their answers counted and summed by the database).
    assert large["coordinator"] == large["woon"] + 1, large
    assert large["coordinator"] <= 1 + 9 + 2, large


def fill_records(world: World, parties, clock: Clock, start: int, stop: int) -> None:
    """Records ``start`` to ``stop`` of every kind the dashboard counts, on new parties; each
    reflection round has its own statement keys besides `trust`, and eleven answers."""
    now = clock.now()
    woon = parties["woon"]
    for n in range(start, stop):
        party = world.tenant.party(f"Partij {n}")
        item = world.agenda_item(f"Punt {n}", party, moved=now - timedelta(days=30))
        world.participation(item, woon, Level.thinking_along)
        world.handoff(item, parties["werk"])
        question = world.question(f"Vraag {n}", party, moved=now - timedelta(days=30))
        world.participation(question, party, Level.watching)
        role_map = world.role_map(f"Kaart {n}", party, woon)
        world.snapshot(role_map, "Start", 0.4, {"nobody": n % 3}, now - timedelta(days=9))
        world.success(f"Succes {n}", date(2025, 1 + n % 12, 1), parties=(woon, party))
        world.experience(f"Ervaring {n}", Visibility.partners)
        world.reflection_round(
            f"Ronde {n}",
            date(2025, 1 + n % 12, 28),
            [(party, [3, 4, 5, 2, 4]), (woon, [5] * 6)],
            keys=("trust", f"eigen-{n}"),
        )
    world.save()


def test_the_dashboard_takes_as_many_queries_for_200_records_of_each_kind_as_for_10(
    wall_clock: Clock, http, parties, people, world, count_sql
):
    def queries() -> dict[str, int]:
        counts = {}
        for who in ("coordinator", "werk", "woon"):
            reflection_service.forget_final_totals()  # as the first request of a process
            counter = count_sql()
            response = http.get("/dashboard", headers=people[who].headers)
            assert response.status_code == 200, response.text
            counts[who] = len(counter)
        return counts

    fill_records(world, parties, wall_clock, 0, 10)
    ten = queries()
    fill_records(world, parties, wall_clock, 10, 200)
    two_hundred = queries()
    assert ten == two_hundred, (ten, two_hundred)
    # The records are there: every round's trend point, all 200 role maps.
    figures = http.get("/dashboard", headers=people["coordinator"].headers).json()
    assert len(figures["reflection"][0]["points"]) == 200
    assert len(figures["roleMaps"]) == 200
    assert figures["experiences"]["total"] == 200


def test_the_reflection_trend_is_everyone_together_of_the_rounds_own_trends(
    http, parties, people, world
):
    werk, woon = parties["werk"], parties["woon"]
    keys = ("trust", "role-clarity", "progress")
    world.reflection_round(
        "Zomer", date(2025, 6, 30), [(werk, [4, 4, 5, 3, 4]), (woon, [2] * 5)], keys
    )
    world.reflection_round("Herfst", date(2025, 9, 30), [(werk, [1, 2])], keys)  # below k
    world.reflection_round(
        "Winter", date(2025, 12, 31), [(werk, [5, 5, 4, 4, 3, 3]), (woon, [1])], keys
    )
    world.save()
    headers = people["coordinator"].headers
    trend = http.get("/dashboard", headers=headers).json()["reflection"]
    own = http.get("/reflection-rounds/trends", headers=headers).json()["groups"]
    assert own[0]["partyId"] is None
    assert trend == own[0]["statements"]
    points = {
        r["key"]: [(p["title"], p["answered"], p["mean"], p["change"]) for p in r["points"]]
        for r in trend
    }
    assert points["trust"] == [
        ("Zomer", 10, 3.0, None),
        ("Herfst", None, None, None),
        ("Winter", 7, 3.57, None),  # 25 / 7; no change beside a hidden point
    ]
    # The n-th statement's ratings are each person's minus n, at least 1.
    assert points["progress"][0] == ("Zomer", 10, 1.5, None)  # (2+2+3+1+2 + 5*1) / 10
    assert [p["reason"] for p in trend[0]["points"]] == [None, "too-few-answers", None]


def test_a_released_rounds_answers_are_summed_once_until_the_round_changes(
    http, parties, people, world, engine, count_sql
):
    """Released rounds take no more answers, so their totals are kept per process; a change to
    the round (its version) has them summed again."""
    world.reflection_round(
        "Zomer", date(2025, 6, 30), [(parties["werk"], [4, 4, 5, 3, 4]), (parties["woon"], [2] * 5)]
    )
    world.save()
    reflection_service.forget_final_totals()

    def trend() -> tuple[object, int]:
        counter = count_sql()
        response = http.get("/dashboard", headers=people["coordinator"].headers)
        assert response.status_code == 200, response.text
        summed = sum("reflection_answers" in statement for statement in counter.statements)
        return response.json()["reflection"], summed

    first, summed = trend()
    assert summed == 1
    assert first[0]["points"][0]["mean"] == 3.0
    again, summed = trend()
    assert (again, summed) == (first, 0)
    with engine.begin() as connection:
        connection.execute(update(ReflectionRound).values(version=ReflectionRound.version + 1))
        # As a change through Kompas would: its organisation's data version moves with it.
        connection.execute(update(DataVersion).values(version=DataVersion.version + 1))
    changed, summed = trend()
    assert (changed, summed) == (first, 1)


def fill_more(world: World, extra, parties, clock: Clock) -> None:
    """More records of every kind, some of them visible to the partner Woonstede."""
    now = clock.now()
    woon = parties["woon"]
    for k, party in extra.items():
        item = world.agenda_item(f"Punt {k}", party, moved=now - timedelta(days=30))
        world.participation(item, woon, Level.thinking_along)
        world.participation(item, party, Level.taking_part)
        world.handoff(item, parties["werk"])
        question = world.question(f"Vraag {k}", party, moved=now - timedelta(days=30))
        world.participation(question, woon, Level.watching)
        role_map = world.role_map(f"Kaart {k} {party.name}", party, woon)
        world.snapshot(role_map, "Start", 0.4, {"nobody": 2}, now - timedelta(days=9))
        world.success(f"Succes {k}", date(2025, 5, 1), parties=(woon, party))
        world.reflection_round(
            f"Ronde {k} {party.name}", date(2025, 6, 30), [(party, [3] * 5), (woon, [5] * 6)]
        )


def test_a_partners_api_token_reads_neither_dashboard_nor_report(http, people, parties):
    # Summaries for people: a partner's systems read the records themselves, with their scopes.
    every_read = ["agenda-items:read", "questions:read", "successes:read"]
    response = http.post(
        f"/partners/{parties['woon'].id}/api-tokens",
        json={"name": "Planning-koppeling", "scopes": every_read},
        headers=people["coordinator"].headers,
    )
    assert response.status_code == 201, response.text
    token = {"Authorization": f"Bearer {response.json()['token']}"}
    assert http.get("/agenda-items", headers=token).status_code == 200
    assert_problem(http.get("/dashboard", headers=token), 403)
    assert_problem(http.get("/reports/progress", headers=token), 403)
