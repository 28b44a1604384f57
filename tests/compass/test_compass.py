"""The purpose, drivers, phases and work formats."""

from __future__ import annotations

from kompas.compass.service import DEFAULT_PHASES
from kompas.core.principal import Role
from tests.conftest import Actor, Tenant, assert_problem


def test_a_new_organisation_starts_with_an_empty_purpose_and_the_default_phases(http, admin: Actor):
    purpose = http.get("/purpose", headers=admin.headers)
    assert purpose.status_code == 200
    assert purpose.json()["statement"] == ""
    phases = http.get("/phases", headers=admin.headers).json()["items"]
    assert [(p["name"], p["position"]) for p in phases] == [
        (name, position) for position, (name, _) in enumerate(DEFAULT_PHASES, start=1)
    ]


def test_purpose_is_replaced_with_if_match_and_a_stale_etag_is_refused(http, admin: Actor):
    etag = http.get("/purpose", headers=admin.headers).headers["ETag"]
    body = {"statement": "Samen voor de inwoner", "explanation": "Ons kompas."}
    assert_problem(http.put("/purpose", json=body, headers=admin.headers), 428)
    first = http.put("/purpose", json=body, headers={**admin.headers, "If-Match": etag})
    assert first.status_code == 200, first.text
    assert first.json()["statement"] == "Samen voor de inwoner"
    stale = http.put(
        "/purpose", json={"statement": "Anders"}, headers={**admin.headers, "If-Match": etag}
    )
    problem = assert_problem(stale, 412)
    assert "changed" in problem["detail"]
    assert stale.headers["ETag"] == first.headers["ETag"]
    assert (
        http.get("/purpose", headers=admin.headers).json()["statement"] == "Samen voor de inwoner"
    )


def test_only_coordinators_and_admins_change_the_purpose(http, tenant: Tenant):
    member = tenant.actor(Role.member)
    etag = http.get("/purpose", headers=member.headers).headers["ETag"]
    response = http.put(
        "/purpose", json={"statement": "x"}, headers={**member.headers, "If-Match": etag}
    )
    assert_problem(response, 403)
    coordinator = tenant.actor(Role.coordinator)
    ok = http.put(
        "/purpose", json={"statement": "x"}, headers={**coordinator.headers, "If-Match": etag}
    )
    assert ok.status_code == 200


def test_drivers_without_a_position_are_appended_in_order(http, admin: Actor):
    for title in ("De inwoner centraal", "Eerder erbij zijn", "Leren van wat werkt"):
        assert (
            http.post("/drivers", json={"title": title}, headers=admin.headers).status_code == 201
        )
    drivers = http.get("/drivers", headers=admin.headers).json()["items"]
    assert [(d["title"], d["position"]) for d in drivers] == [
        ("De inwoner centraal", 1),
        ("Eerder erbij zijn", 2),
        ("Leren van wat werkt", 3),
    ]
    last = drivers[-1]
    etag = http.get(f"/drivers/{last['id']}", headers=admin.headers).headers["ETag"]
    moved = http.patch(
        f"/drivers/{last['id']}", json={"position": 0}, headers={**admin.headers, "If-Match": etag}
    )
    assert moved.status_code == 200
    titles = [d["title"] for d in http.get("/drivers", headers=admin.headers).json()["items"]]
    assert titles[0] == "Leren van wat werkt"


def test_work_formats_have_unique_names(http, admin: Actor):
    assert (
        http.post("/work-formats", json={"name": "Partnertafel"}, headers=admin.headers).status_code
        == 201
    )
    assert_problem(
        http.post("/work-formats", json={"name": "partnertafel"}, headers=admin.headers),
        409,
        "name",
    )


def test_a_phase_can_be_renamed_and_deleted(http, admin: Actor):
    phase = http.get("/phases", headers=admin.headers).json()["items"][0]
    etag = http.get(f"/phases/{phase['id']}", headers=admin.headers).headers["ETag"]
    renamed = http.patch(
        f"/phases/{phase['id']}",
        json={"name": "Kennismaken"},
        headers={**admin.headers, "If-Match": etag},
    )
    assert renamed.json()["name"] == "Kennismaken"
    gone = http.delete(
        f"/phases/{phase['id']}", headers={**admin.headers, "If-Match": renamed.headers["ETag"]}
    )
    assert gone.status_code == 204
    assert_problem(http.get(f"/phases/{phase['id']}", headers=admin.headers), 404)


def test_another_organisations_driver_is_not_found(http, admin: Actor, other_tenant: Tenant):
    stranger = other_tenant.actor(Role.admin)
    created = http.post("/drivers", json={"title": "Geheim"}, headers=stranger.headers).json()
    assert_problem(http.get(f"/drivers/{created['id']}", headers=admin.headers), 404)
    assert_problem(
        http.delete(f"/drivers/{created['id']}", headers={**admin.headers, "If-Match": "*"}), 404
    )
    assert http.get("/drivers", headers=admin.headers).json()["items"] == []
