"""Whole-organisation export and import: a round trip restores everything, a bad file nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlmodel import Session

from kompas.commitments.models import Commitment
from kompas.core.db import metadata
from kompas.core.principal import Role
from kompas.demo.seed import DEMO_PASSWORD
from kompas.organisations.models import Organisation
from kompas.parties.models import PartyKind
from kompas.transfer import service
from kompas.transfer.kinds import KINDS, exported_tables, undecided_tables
from kompas.users.models import User
from tests.conftest import Tenant, assert_problem
from tests.transfer.conftest import (
    counts,
    entries,
    export_bytes,
    lines,
    pack,
    rebuild,
)


def write(tmp_path: Path, data: bytes, name: str = "export.zip") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def refused(target: Engine, path: str, *words: str) -> str:
    """The import of ``path`` is refused naming ``words``, and the target did not change."""
    before = counts(target)
    with pytest.raises(service.ImportRefused) as caught:
        service.import_organisation(target, path)
    assert counts(target) == before
    message = str(caught.value)
    for word in words:
        assert word in message, message
    return message


# --- the round trip ----------------------------------------------------------------------------


def test_every_table_is_decided_and_every_exported_one_can_be_restored():
    assert undecided_tables() == [], "decide these tables in kompas/transfer/kinds.py"
    for table in exported_tables():
        reachable = "organisation_id" in table.c or table.name == "organisations"
        assert reachable or KINDS[table.name].via, table.name


def test_export_then_import_into_a_new_database_then_export_gives_the_same_content(
    engine, target, demo, tmp_path
):
    first = entries(export_bytes(engine, demo))
    manifest = json.loads(first["manifest.json"])
    assert manifest["format"] == "kompas-export"
    assert manifest["formatVersion"] == 1
    assert manifest["organisation"] == {"id": str(demo.id), "name": "Gemeente Voorbeeld"}
    assert [k["kind"] for k in manifest["kinds"]] == [t.name for t in exported_tables()]
    assert {k["kind"] for k in manifest["kinds"] if k["count"]} >= {
        "parties",
        "users",
        "agenda_items",
        "links",
        "role_assignments",
        "audit_events",
        "reflection_round_parties",
    }

    plan = service.import_organisation(target, write(tmp_path, pack(first, manifest)))
    assert plan.total == sum(k["count"] for k in manifest["kinds"])
    with Session(target) as session:
        restored = session.get(Organisation, demo.id)
    assert restored is not None
    second = entries(export_bytes(target, restored))

    assert second.keys() == first.keys()
    for name in first:
        if name not in ("manifest.json", "audit_events.ndjson"):
            assert second[name] == first[name], name
    # The trail comes back whole, plus the one event of the import itself.
    before, after = (
        first["audit_events.ndjson"].splitlines(),
        second["audit_events.ndjson"].splitlines(),
    )
    added = [line for line in after if line not in before]
    assert len(after) == len(before) + 1
    assert [json.loads(line)["actor_name"] for line in added] == ["Kompas (import)"]


def test_restored_users_come_back_without_a_password_hash(engine, target, demo, tmp_path):
    service.import_organisation(target, write(tmp_path, export_bytes(engine, demo)))
    with Session(target) as session:
        users = session.scalars(select(User).where(User.organisation_id == demo.id)).all()
    assert users
    assert all(user.password_hash is None for user in users)


def test_the_commands_export_check_and_import_an_organisation(engine, target, demo, tmp_path):
    output = tmp_path / "voorbeeld.zip"
    exported = kompas(engine, "export", "--organisation", "Gemeente Voorbeeld", "--output", output)
    assert exported.returncode == 0, exported.stderr
    assert output.is_file()
    assert not (tmp_path / "voorbeeld.zip.partial").exists()
    assert "exported 'Gemeente Voorbeeld'" in exported.stdout

    before = counts(target)
    dry = kompas(target, "import", output, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert counts(target) == before
    manifest = json.loads(zipfile.ZipFile(output).read("manifest.json"))
    for kind in manifest["kinds"]:
        assert f"{kind['kind']} " in dry.stdout
    users = next(k["count"] for k in manifest["kinds"] if k["kind"] == "users")
    assert any(line.split() == ["users", str(users)] for line in dry.stdout.splitlines())
    assert "would import" in dry.stdout
    assert "nothing changed" in dry.stdout

    done = kompas(target, "import", output)
    assert done.returncode == 0, done.stderr
    assert counts(target)["users"] == users

    again = kompas(target, "import", output)
    assert again.returncode != 0
    assert "already exists" in again.stderr

    missing = kompas(engine, "export", "--organisation", "Gemeente Nergens", "--output", output)
    assert missing.returncode != 0
    assert "no organisation 'Gemeente Nergens'" in missing.stderr


def kompas(database: Engine, *args: object) -> subprocess.CompletedProcess[str]:
    """The `kompas` command as an operator runs it, against ``database``."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KOMPAS_")}
    environment["KOMPAS_DATABASE_URL"] = database.url.render_as_string(hide_password=False)
    environment["KOMPAS_SECRET_KEY"] = "test-secret-" + "k" * 40
    return subprocess.run(
        [sys.executable, "-m", "kompas.cli", *map(str, args)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
        check=False,
    )


# --- the API ------------------------------------------------------------------------------------


def test_only_admins_export_through_the_api(http, tenant: Tenant):
    partner = tenant.party("Woonstede", PartyKind.partner)
    for role in (Role.coordinator, Role.member, Role.viewer, Role.partner):
        actor = tenant.actor(role, party=partner if role is Role.partner else None)
        assert_problem(http.get("/export", headers=actor.headers), 403)
    assert_problem(http.get("/export"), 401)

    admin = tenant.actor(Role.admin)
    response = http.get("/export", headers=admin.headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=")
    assert "gemeente-test" in disposition
    assert int(response.headers["content-length"]) == len(response.content)
    manifest = json.loads(entries(response.content)["manifest.json"])
    assert manifest["organisation"]["id"] == str(tenant.id)
    assert_problem(http.get("/export?organisation=x", headers=admin.headers), 400, "organisation")
    assert_problem(http.get("/export", headers={**admin.headers, "Accept": "text/csv"}), 406)


def test_an_export_holds_nothing_of_another_organisation(http, engine, demo, make_tenant):
    other = make_tenant("Gemeente Elders")
    other_party = other.party("Afdeling Elders")
    other.actor(Role.member, party=other_party, email="iemand@elders.nl")
    with Session(engine, expire_on_commit=False) as session:
        admin = session.scalars(
            select(User).where(User.organisation_id == demo.id, User.role == Role.admin)
        ).first()
    assert admin is not None
    token = http.post(
        "/auth/token", data={"username": admin.email, "password": DEMO_PASSWORD}
    ).json()["access_token"]
    response = http.get("/export", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text

    files = entries(response.content)
    every_line = b"".join(data for name, data in files.items() if name != "manifest.json")
    for name, data in files.items():
        if name == "manifest.json":
            continue
        for row in lines(data):
            if "organisation_id" in row:
                assert row["organisation_id"] == str(demo.id), (name, row)
    for foreign in (other.id, other_party.id, "iemand@elders.nl", "Gemeente Elders"):
        assert str(foreign).encode() not in every_line
    # The invited parties of a round have no organisation_id: each is one of the demo's rounds.
    rounds = {row["id"] for row in lines(files["reflection_rounds.ndjson"])}
    assert rounds
    assert {row["round_id"] for row in lines(files["reflection_round_parties.ndjson"])} <= rounds


def test_no_password_hash_token_hash_secret_or_private_commitment_is_exported(
    http, engine, tenant: Tenant, db
):
    admin = tenant.actor(Role.admin)
    partner = tenant.party("Woonstede", PartyKind.partner)
    made = http.post(
        f"/partners/{partner.id}/api-tokens",
        json={"name": "Koppeling", "scopes": ["needs:read"]},
        headers=admin.headers,
    )
    assert made.status_code == 201, made.text
    secret = made.json()["token"]
    person = tenant.actor(Role.member, party=tenant.party("Werk"), email="p@test.example")
    with Session(engine) as session:
        user = session.get(User, person.id)
        assert user is not None
        user.password_hash = "$argon2id$v=19$m=8192,t=1,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo"
        session.add(user)
        session.commit()
    login = http.post("/auth/token", data={"username": "p@test.example", "password": "x"})
    assert login.status_code in (400, 401)  # a failed login leaves its counters, not exported
    private = http.put(
        "/commitments/mine",
        json={"meaning": "Mijn eigen woorden", "contribution": "", "needs": "", "step": ""},
        headers=person.headers,
    )
    assert private.status_code in (200, 201), private.text

    exported = http.get("/export", headers=admin.headers).content
    data = b"".join(entries(exported).values())
    hashes = [
        row[0]
        for table, column in (
            ("users", "password_hash"),
            ("api_tokens", "token_hash"),
            ("refresh_tokens", "token_hash"),
        )
        for row in db.execute(select(metadata.tables[table].c[column])).all()
        if row[0]
    ]
    assert hashes
    for needle in [*hashes, secret, "$argon2", "Mijn eigen woorden"]:
        assert needle.encode() not in data, needle
    names = set(entries(exported))
    for kind in ("api_tokens", "refresh_tokens", "idempotency_keys", "reflection_answers"):
        assert f"{kind}.ndjson" not in names
    commitments = lines(entries(exported)["commitments.ndjson"])
    assert db.scalars(select(Commitment)).all()
    assert commitments == []
    for row in lines(entries(exported)["users.ndjson"]):
        assert "password_hash" not in row


# --- refusals -----------------------------------------------------------------------------------


@pytest.fixture
def exported(engine, demo) -> dict[str, bytes]:
    return entries(export_bytes(engine, demo))


def test_a_newer_format_version_is_refused_naming_it(exported, target, tmp_path):
    def newer(manifest, files):
        manifest["formatVersion"] = 2

    message = refused(target, write(tmp_path, rebuild(exported, newer)), "format version 2")
    assert "reads format version 1" in message


def test_a_damaged_file_is_refused_by_its_checksum_and_changes_nothing(exported, target, tmp_path):
    files = dict(exported)
    manifest = json.loads(files["manifest.json"])
    files["parties.ndjson"] = files["parties.ndjson"].replace(b"Woonstede", b"Woonsteda", 1)
    refused(target, write(tmp_path, pack(files, manifest)), "checksum", "parties.ndjson")


def test_a_missing_file_is_refused(exported, target, tmp_path):
    files = dict(exported)
    manifest = json.loads(files["manifest.json"])
    del files["people.ndjson"]
    refused(target, write(tmp_path, pack(files, manifest)), "people.ndjson", "missing")


def test_malformed_json_is_refused_naming_the_file_and_line(exported, target, tmp_path):
    def break_line(manifest, files):
        rows = files["needs.ndjson"].splitlines(keepends=True)
        rows[2] = b'{"id": "not closed\n'
        files["needs.ndjson"] = b"".join(rows)

    refused(target, write(tmp_path, rebuild(exported, break_line)), "needs.ndjson, line 3", "JSON")


def test_a_value_an_export_would_not_write_is_refused_naming_the_column(exported, target, tmp_path):
    def wrong(manifest, files):
        rows = lines(files["agenda_items.ndjson"])
        rows[0]["progress"] = "half"
        files["agenda_items.ndjson"] = b"".join(json.dumps(row).encode() + b"\n" for row in rows)

    refused(
        target,
        write(tmp_path, rebuild(exported, wrong)),
        "agenda_items.ndjson, line 1",
        "progress",
    )


def test_an_organisation_that_exists_is_refused(engine, exported, target, tmp_path):
    path = write(tmp_path, pack(exported, json.loads(exported["manifest.json"])))
    service.import_organisation(target, path)
    refused(target, path, "already exists")


def test_a_conflict_late_in_the_import_rolls_back_everything_before_it(exported, target, tmp_path):
    # A user of another organisation in the target holds an e-mail address of the export: the
    # users come after parties, agenda and more, so all of those were written when it fails.
    email = lines(exported["users.ndjson"])[0]["email"]
    with Session(target) as session:
        organisation = Organisation(name="Gemeente Bezet")
        session.add(organisation)
        session.flush()
        session.add(User(organisation_id=organisation.id, email=email, name="X", role=Role.admin))
        session.commit()
    refused(
        target, write(tmp_path, pack(exported, json.loads(exported["manifest.json"]))), "unique"
    )


def test_a_reference_to_a_record_of_another_organisation_is_refused(exported, target, tmp_path):
    with Session(target, expire_on_commit=False) as session:
        organisation = Organisation(name="Gemeente Ander")
        session.add(organisation)
        session.flush()
        from kompas.parties.models import Party

        theirs = Party(organisation_id=organisation.id, kind=PartyKind.department, name="Hun")
        session.add(theirs)
        session.commit()

    def point_away(manifest, files):
        rows = lines(files["needs.ndjson"])
        rows[0]["counterpart_party_id"] = str(theirs.id)
        files["needs.ndjson"] = b"".join(
            json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
            for row in rows
        )

    refused(
        target,
        write(tmp_path, rebuild(exported, point_away)),
        "needs",
        "another organisation",
    )


def test_rows_of_another_organisation_inside_the_file_are_refused(exported, target, tmp_path):
    def move(manifest, files):
        rows = lines(files["drivers.ndjson"])
        rows[0]["organisation_id"] = str(uuid.uuid4())
        files["drivers.ndjson"] = b"".join(
            json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
            for row in rows
        )

    refused(target, write(tmp_path, rebuild(exported, move)), "drivers.ndjson, line 1", "another")


def test_a_file_that_is_not_a_zip_is_refused(target, tmp_path):
    refused(target, write(tmp_path, b"PK\x03\x04 not really"), "not a readable ZIP")


def test_the_dry_run_checks_the_file_and_writes_nothing(exported, target, tmp_path):
    path = write(tmp_path, pack(exported, json.loads(exported["manifest.json"])))
    before = counts(target)
    plan = service.import_organisation(target, path, dry_run=True)
    assert counts(target) == before
    manifest = json.loads(exported["manifest.json"])
    assert {e.kind: e.count for e in plan.kinds} == {
        k["kind"]: k["count"] for k in manifest["kinds"]
    }
